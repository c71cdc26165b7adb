"""Converters from projectors to numpy, scipy, torch and JAX.

torch and jax are imported only inside the converters that need them; a
missing extra raises :class:`OptionalDependencyError` naming the install.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from groupproj.equivariant.projector import Projector
from groupproj.errors import OptionalDependencyError, UnknownNameError


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise OptionalDependencyError(
            f"this needs {module}, which is not installed; pip install 'groupproj[{extra}]'"
        ) from None


def to_numpy(P: Projector) -> np.ndarray:
    """The dense (mn)×(mn) operator in the row-major vec convention."""
    return P.matrix("dense")


def to_scipy(P: Projector, format: str = "csr") -> Any:
    """The operator as a scipy sparse matrix (``"csr"`` or ``"coo"``)."""
    return P.matrix(format)


def to_torch(P: Projector, layout: str = "dense", dtype: Any = None, device: Any = None) -> Any:
    """The operator as a torch tensor.

    Parameters
    ----------
    layout : {"dense", "sparse_csr", "sparse_coo"}
    dtype, device :
        Passed to torch; the default dtype is float64.
    """
    torch = _require("torch", "torch")
    dtype = dtype or torch.float64
    if layout == "dense":
        return torch.as_tensor(P.matrix("dense"), dtype=dtype, device=device)
    if layout == "sparse_coo":
        M = P.matrix("coo")
        idx = torch.as_tensor(np.vstack([M.row, M.col]), dtype=torch.int64)
        return torch.sparse_coo_tensor(
            idx,
            torch.as_tensor(M.data, dtype=dtype),
            M.shape,
            device=device,
            check_invariants=True,
        ).coalesce()
    if layout == "sparse_csr":
        M = P.matrix("csr")
        return torch.sparse_csr_tensor(
            torch.as_tensor(M.indptr, dtype=torch.int64),
            torch.as_tensor(M.indices, dtype=torch.int64),
            torch.as_tensor(M.data, dtype=dtype),
            M.shape,
            device=device,
            check_invariants=True,
        )
    raise UnknownNameError(f"unknown layout {layout!r}; choose dense, sparse_csr or sparse_coo")


def to_jax(P: Projector, layout: str = "dense") -> Any:
    """The operator as a JAX array (``"dense"``) or ``jax.experimental.sparse.BCOO``."""
    jnp = _require("jax.numpy", "jax")
    if layout == "dense":
        return jnp.asarray(P.matrix("dense"))
    if layout == "bcoo":
        sparse = _require("jax.experimental.sparse", "jax")
        M = P.matrix("coo")
        return sparse.BCOO(
            (jnp.asarray(M.data), jnp.asarray(np.vstack([M.row, M.col]).T)), shape=M.shape
        )
    raise UnknownNameError(f"unknown layout {layout!r}; choose dense or bcoo")
