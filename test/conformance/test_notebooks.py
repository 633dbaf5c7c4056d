"""Notebooks run headless with nbclient on the emr-livy kernel, as CI and scheduled jobs run them.

Each notebook must run top to bottom without an error output; the checks then read what the
cells printed, so a notebook that "runs" but computes nothing is caught too.
"""

from __future__ import annotations

import os
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The first cell starts a Livy session: minutes on a two-core machine.
CELL_TIMEOUT = 600


def run_notebook(path: pathlib.Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="emr-livy", timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(ROOT)}}).execute()
    return notebook


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        else:
            parts.append(str(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


@pytest.mark.livy
def test_demo_notebook_runs_headless() -> None:
    notebook = run_notebook(ROOT / "examples" / "demo.ipynb")
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code_cells for output in cell.outputs if output.get("output_type") == "error"]
    assert errors == []
    scala, sql, pyspark, info = code_cells
    assert "10000" in output_text(scala)
    # Seven weekdays, each a row of the aligned text table under its header.
    sql_rows = [line for line in output_text(sql).splitlines() if line.strip()[:1].isdigit()]
    assert len(sql_rows) == 7
    assert any("application/vnd.jupyterlab-emr.table.v1+json" in output.get("data", {}) for output in sql.outputs)
    assert "slow requests:" in output_text(pyspark)
    # The Livy the kernel found in its environment (.stack/env.sh), whatever its port.
    livy_url = os.environ.get("LIVY_URL")
    assert livy_url, "LIVY_URL is not set: source .stack/env.sh before running this suite"
    assert livy_url in output_text(info)
