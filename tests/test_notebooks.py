"""Every notebook under notebooks/ runs top to bottom without a cell error.

Each runs with its working directory set to notebooks/, as Jupyter and
``jupyter nbconvert --execute`` run it, and imports this checkout's groupproj. A notebook
that imports an optional dependency of groupproj that is not installed is skipped.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
OPTIONAL = ("torch", "jax", "dask", "e3nn")
"""groupproj's optional dependencies (setup.cfg extras): a notebook may need them."""
IMPORT = re.compile(r"^\s*(?:import|from)\s+(\w+)", re.MULTILINE)


def _imports(nb) -> set[str]:
    return {m for c in nb.cells if c.cell_type == "code" for m in IMPORT.findall(c.source)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    missing = sorted(m for m in _imports(nb) & set(OPTIONAL) if not importlib.util.find_spec(m))
    if missing:
        pytest.skip(f"{path.name} needs {missing}")
    # the kernel inherits the environment: put this checkout first on its path
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    client = nbclient.NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},  # the working directory
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error


def test_notebooks_are_numbered():
    names = [p.name for p in NOTEBOOKS]
    assert names and all(re.match(r"\d\d_\w+\.ipynb$", n) for n in names), names
    assert len({n[:2] for n in names}) == len(names)  # one notebook per number
