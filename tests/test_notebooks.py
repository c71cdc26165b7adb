"""Every notebook under notebooks/ runs top to bottom without a cell error."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# optional packages a notebook needs beyond the ones above
EXTRAS = {
    "05_approximate_equivariance.ipynb": ("torch",),
    "07_steerable_kernels.ipynb": ("torch",),
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path):
    for module in EXTRAS.get(path.name, ()):
        pytest.importorskip(module)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},  # the kernel imports this groupproj
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
