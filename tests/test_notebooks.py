"""Every notebook under notebooks/ runs top to bottom without a cell error.

Each runs as Jupyter runs it, in the notebooks/ directory, with this checkout first on the
kernel's import path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# optional packages a notebook needs beyond the ones above
EXTRAS = {"05_approximate_equivariance.ipynb": ("torch",)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path):
    for module in EXTRAS.get(path.name, ()):
        pytest.importorskip(module)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},  # the directory Jupyter uses
    )
    env = dict(os.environ)  # the kernel imports this checkout's groupproj
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    client.execute(env=env)  # raises CellExecutionError, naming the cell, on any error
