"""Zeppelin notes imported with emr-zeppelin-import, then run headless with papermill.

The form fields of a note become the notebook's parameters: its SQL cells read them with their
Zeppelin defaults, and ``papermill -p`` changes them. The notes are written for these tests
(test/fixtures/zeppelin/).
"""

from __future__ import annotations

import pathlib
import subprocess

import pytest

from test_templates import ROOT, cell_running, code_cells, rows_by_name, run, stack_env, tables_of, text_of

NOTES = ROOT / "test" / "fixtures" / "zeppelin"
IMPORTER = ROOT / "kernel" / "lib" / "cli" / "zeppelin-import.js"


def imported(note: str, tmp_path: pathlib.Path) -> pathlib.Path:
    """The note converted by the command line, as a user would run it."""
    if not IMPORTER.exists():
        pytest.fail(f"{IMPORTER} is missing: run npm run build first")
    output = tmp_path / f"{pathlib.Path(note).stem}.ipynb"
    done = subprocess.run(["node", str(IMPORTER), str(NOTES / note), "-o", str(output)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return output


@pytest.mark.parametrize(("parameters", "answer", "label"), [({}, 3, "two"), ({"base": 41, "label": "one"}, 42, "one")])
def test_hive_note_runs_on_hiveserver2_with_its_form_defaults_or_papermill_values(tmp_path, monkeypatch, parameters, answer, label) -> None:
    monkeypatch.setenv("EMR_HIVESERVER2_URL", stack_env("HIVESERVER2_JDBC_URL"))
    notebook = imported("hive-forms.zpln", tmp_path)
    result = run(notebook, tmp_path / "out.ipynb", **parameters)
    hive = cell_running(result, "%%hive")
    assert "HiveServer2" in text_of(hive)
    assert rows_by_name(tables_of(hive)[0]) == [{"answer": answer, "label": label}]


def errors_by_path(result) -> dict:
    [cell] = [cell for cell in code_cells(result) if "COUNT(*) AS errors" in cell.source]
    return {row["path"]: row["errors"] for row in rows_by_name(tables_of(cell)[0])}


@pytest.mark.livy
def test_livy_note_runs_scala_sql_and_pyspark_with_its_forms(tmp_path) -> None:
    notebook = imported("access-logs.zpln", tmp_path)
    result = run(notebook, tmp_path / "out.ipynb")
    assert "5 hits" in text_of(code_cells(result)[1])
    assert errors_by_path(result) == {"/a": 1, "/b": 2, "/c": 1}
    # The select and checkbox forms' defaults: path /a, statuses 404,500.
    picked = [cell for cell in code_cells(result) if "IN (${statuses})" in cell.source]
    assert rows_by_name(tables_of(picked[0])[0]) == [{"path": "/a", "status": 404}]
    assert "5" in text_of([cell for cell in code_cells(result) if cell.source.startswith("%%pyspark")][0])

    rerun = run(notebook, tmp_path / "rerun.ipynb", min_status=500)
    assert errors_by_path(rerun) == {"/b": 2}
