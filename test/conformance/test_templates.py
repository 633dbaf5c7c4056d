"""The shipped templates and a notebook imported from Zeppelin, run headless with papermill.

papermill finds the emr-livy kernel's language (scala) in the notebook, injects the parameters
given here as Scala ``val`` lines after the ``parameters`` cell, and the kernel keeps them itself,
so a notebook of ``%emr`` or HiveServer2 cells needs no Spark session. Each run must finish
without an error output, and the checks then compare what the cells showed with what the local
stack holds (the seed, the access log), so a notebook that "runs" but shows nothing fails too.

The stack's addresses come from ``.stack/env.sh`` (``scripts/test`` sources it).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
from collections import Counter

import boto3
import nbformat
import papermill
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
TABLE_MIME = "application/vnd.jupyterlab-emr.table.v1+json"
VEGA_LITE_MIME = "application/vnd.vegalite.v5+json"
# The first Scala cell starts a Livy session: minutes on a two-core machine.
CELL_TIMEOUT = 600
# Templates with a test here; a new template without one fails test_every_template_is_tested.
TESTED = {"cluster-health", "hive-log-analysis", "bronze-to-silver"}


def stack_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: start the stack (stack/run up) and source .stack/env.sh before running this suite")
    return value


def run(notebook: pathlib.Path, output: pathlib.Path, **parameters: object) -> nbformat.NotebookNode:
    """Runs a notebook with papermill on the installed emr-livy kernel and returns the result."""
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name="emr-livy",
        cwd=str(ROOT),
        progress_bar=False,
        request_save_on_cell_execute=False,
        execution_timeout=CELL_TIMEOUT,
    )
    result = nbformat.read(output, as_version=4)
    errors = [out for cell in result.cells if cell.cell_type == "code" for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    return result


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def cell_running(notebook: nbformat.NotebookNode, first_line: str) -> nbformat.NotebookNode:
    matches = [cell for cell in code_cells(notebook) if cell.source.splitlines()[0].strip() == first_line]
    assert len(matches) == 1, f"one cell starting {first_line!r}"
    return matches[0]


def text_of(cell: nbformat.NotebookNode) -> str:
    parts = [out.get("text", "") if out.output_type == "stream" else str(out.get("data", {}).get("text/plain", "")) for out in cell.outputs]
    return "\n".join(parts)


def tables_of(cell: nbformat.NotebookNode) -> list[dict]:
    return [out["data"][TABLE_MIME] for out in cell.outputs if TABLE_MIME in out.get("data", {})]


def rows_by_name(table: dict) -> list[dict]:
    names = [field["name"] for field in table["schema"]["fields"]]
    return [dict(zip(names, row)) for row in table["rows"]]


def test_every_template_is_tested() -> None:
    assert {path.stem for path in TEMPLATES.glob("*.ipynb")} == TESTED


@pytest.mark.parametrize("name", sorted(TESTED))
def test_template_has_a_parameters_cell_first_and_the_emr_livy_kernel(name: str) -> None:
    notebook = nbformat.read(TEMPLATES / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "emr-livy"
    assert notebook.metadata.kernelspec.language == "scala"
    assert "parameters" in code_cells(notebook)[0].metadata.get("tags", [])
    template = notebook.metadata.jupyterlab_emr.template
    assert template.title and template.description


def test_cluster_health_shows_the_seeded_cluster(tmp_path: pathlib.Path) -> None:
    seed = json.loads(pathlib.Path(stack_env("STACK_SEED_FILE")).read_text())
    cluster = seed["emr"]
    result = run(TEMPLATES / "cluster-health.ipynb", tmp_path / "out.ipynb", cluster_id=cluster["clusterId"])

    clusters = rows_by_name(tables_of(cell_running(result, "%emr clusters"))[0])
    assert {row["id"]: row["name"] for row in clusters}[cluster["clusterId"]] == cluster["clusterName"]
    describe = cell_running(result, "%emr describe ${cluster_id}")
    fields, groups, steps = (rows_by_name(table) for table in tables_of(describe))
    assert {row["field"]: row["value"] for row in fields}["release"] == cluster["releaseLabel"]
    assert sorted(row["role"] for row in groups) == ["CORE", "MASTER", "TASK"]
    # Other suites add steps to the shared emulator, so the truth is what it lists now: the newest ten.
    listed = boto3.client("emr", endpoint_url=stack_env("AWS_ENDPOINT_URL")).list_steps(ClusterId=cluster["clusterId"])["Steps"][:10]
    assert [(row["id"], row["state"]) for row in steps] == [(step["Id"], step["Status"]["State"]) for step in listed]
    virtual = rows_by_name(tables_of(cell_running(result, "%emr virtual-clusters"))[0])
    assert [row["name"] for row in virtual] == [seed["emrContainers"]["virtualClusterName"]]
    assert stack_env("LIVY_URL") in text_of(cell_running(result, "%%info"))


def test_cluster_health_runs_with_nbclient_and_its_own_parameters_cell() -> None:
    """What a scheduler built on nbclient does: no papermill, the parameters cell edited in place."""
    seed = json.loads(pathlib.Path(stack_env("STACK_SEED_FILE")).read_text())["emr"]
    notebook = nbformat.read(TEMPLATES / "cluster-health.ipynb", as_version=4)
    parameters = code_cells(notebook)[0]
    parameters.source = parameters.source.replace('val cluster_id = ""', f'val cluster_id = "{seed["clusterId"]}"')
    NotebookClient(notebook, kernel_name="emr-livy", timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [out for cell in code_cells(notebook) for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert f"EMR cluster {seed['clusterId']}" in text_of(cell_running(notebook, "%emr describe ${cluster_id}"))


ACCESS_LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "\S+ \S+ \S+" (\d{3}) ')


@pytest.fixture(scope="module")
def access_log_statuses() -> Counter:
    """The status counts of the seeded access log, read from the emulator."""
    seed = json.loads(pathlib.Path(stack_env("STACK_SEED_FILE")).read_text())["s3"]
    s3 = boto3.client("s3", endpoint_url=stack_env("AWS_ENDPOINT_URL"))
    body = s3.get_object(Bucket=seed["bucket"], Key=seed["key"])["Body"].read()
    statuses = Counter(int(match.group(1)) for line in body.decode().splitlines() if (match := ACCESS_LINE.match(line)))
    assert sum(statuses.values()) == seed["lines"]
    return statuses


def test_hive_log_analysis_counts_every_seeded_line_once_at_its_default_location(tmp_path: pathlib.Path, access_log_statuses, monkeypatch) -> None:
    """The template as shipped (its default logs_location and day) on HiveServer2.

    A second copy of the log under the day folder (the seed once put its gzip copy there) doubles
    every count. The table is dropped first: CREATE ... IF NOT EXISTS would keep an older location.
    """
    database = "conformance_template_defaults"
    monkeypatch.setenv("EMR_HIVESERVER2_URL", stack_env("HIVESERVER2_JDBC_URL"))
    drop = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "emr-livy", "display_name": "EMR (Livy)", "language": "scala"}})
    drop.cells.append(nbformat.v4.new_code_cell(f"%%hive --engine hiveserver2\nCREATE DATABASE IF NOT EXISTS {database};\nDROP TABLE IF EXISTS {database}.access_log"))
    nbformat.write(drop, tmp_path / "drop.ipynb")
    run(tmp_path / "drop.ipynb", tmp_path / "drop-out.ipynb")
    result = run(TEMPLATES / "hive-log-analysis.ipynb", tmp_path / "out.ipynb", database=database)

    by_status = cell_running(result, "%%hive --engine hiveserver2 --chart bar --x status --y requests")
    assert {row["status"]: row["requests"] for row in rows_by_name(tables_of(by_status)[0])} == dict(access_log_statuses)
    # The chart is an output of its own after the table: Vega-Lite and an SVG image for static viewers.
    assert any(VEGA_LITE_MIME in out.get("data", {}) and "image/svg+xml" in out.get("data", {}) for out in by_status.outputs)
    per_hour = rows_by_name(tables_of(cell_running(result, "%%hive --engine hiveserver2 --chart line --x hour --y requests"))[0])
    seeded_lines = json.loads(pathlib.Path(stack_env("STACK_SEED_FILE")).read_text())["s3"]["lines"]
    assert sum(row["requests"] for row in per_hour) == seeded_lines


@pytest.mark.livy
def test_bronze_to_silver_writes_every_parsed_line_to_aurora(tmp_path: pathlib.Path, access_log_statuses) -> None:
    statuses = access_log_statuses
    # --mode overwrite in the template replaces the rows of an earlier run.
    table = "public.access_log_silver_conformance"
    result = run(TEMPLATES / "bronze-to-silver.ipynb", tmp_path / "out.ipynb", silver_path=str(tmp_path / "silver"), silver_table=table)

    lines = sum(statuses.values())
    [parse] = [cell for cell in code_cells(result) if 'println(s"parsed' in cell.source]
    assert f"parsed {lines} of {lines} lines" in text_of(parse)
    by_class = Counter()
    for status, count in statuses.items():
        by_class[f"{status // 100}xx"] += count
    inspect = rows_by_name(tables_of(cell_running(result, "%%sql --chart bar --x status_class --y requests"))[0])
    assert {row["status_class"]: row["requests"] for row in inspect} == dict(by_class)
    checked = rows_by_name(tables_of(cell_running(result, "%%aurora --target ${aurora_target}"))[0])
    assert {int(row["status"]): int(row["requests"]) for row in checked} == dict(statuses)
    # The full load, then the upsert (issue 23): the day's rows again change nothing, merged on the key the full load made.
    daily = "%%silver --table ${paths_table} --mode {mode} --key day,path --target ${aurora_target}"
    [full] = rows_by_name(tables_of(cell_running(result, daily.replace("{mode}", "overwrite")))[0])
    [upsert] = rows_by_name(tables_of(cell_running(result, daily.replace("{mode}", "upsert")))[0])
    assert upsert["upsert_by"] == "merge" and upsert["rows_in_target"] == full["rows_in_target"] == upsert["rows_written"]
    plan = {row["plan"]: row["value"] for row in rows_by_name(tables_of(cell_running(result, daily.replace("{mode}", "upsert") + " --dry-run"))[0])}
    assert plan["key"] == "unique index on (day, path)" and plan["written"] == "nothing (--dry-run)"
