"""Writing projectors to files and reading them back.

``.npz`` files hold the operator in the chosen format (``dense``, ``csr``,
``coo``, ``basis`` for the orthonormal basis, ``orbit`` for orbit ids) and a
JSON metadata record: group, representations, vec convention, method,
dimensions, the groupproj version, the floating dtype and ``sha256``, the
digest of the stored arrays (:func:`arrays_digest`), by which a copy is checked.
``.mtx`` files hold the sparse operator in MatrixMarket form, with the
metadata in a comment line. Writes go to a temporary file in the target folder
and are then renamed, so an interrupted write never leaves a partial file.
Arrays reload bit for bit.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import scipy.io
import scipy.sparse

from groupproj._version import __version__
from groupproj.equivariant.base import VEC_CONVENTION, Projector
from groupproj.errors import DimensionMismatchError, UnknownNameError

SAVE_FORMATS = ("dense", "csr", "coo", "basis", "orbit")
SAVE_DTYPES = ("float64", "float32")
"""Floating precisions a file can store; complex operators keep the matching complex type."""


def metadata(P: Projector, format: str) -> dict:
    """The metadata record stored with a projector."""
    return {
        "groupproj_version": __version__,
        "group": P.V.group.name,
        "group_order": str(P.V.group.order),
        "V": P.V.name,
        "W": P.W.name,
        "shape": list(P.shape),
        "dim": int(P.dim),
        "method": P.method,
        "format": format,
        "convention": VEC_CONVENTION,
    }


def _arrays(P: Projector, format: str) -> dict[str, np.ndarray]:
    if format == "dense":
        return {"matrix": P.matrix("dense")}
    if format == "csr":
        M = P.matrix("csr")
        return {"data": M.data, "indices": M.indices, "indptr": M.indptr}
    if format == "coo":
        M = P.matrix("coo")
        return {"data": M.data, "row": M.row, "col": M.col}
    if format == "basis":
        return {"basis": P.basis()}
    if not hasattr(P, "orbit_ids"):
        raise UnknownNameError(f"format 'orbit' needs the orbit back-end; this one is {P.method}")
    return {"orbit_ids": np.asarray(P.orbit_ids)}


def arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    """sha256 over the arrays of a file: each name, dtype, shape and C-order bytes, by name.

    It identifies what a file stores independently of how the ``.npz`` container
    was written (zip timestamps differ between writes of the same data). Costs one
    pass over the data.

    Examples
    --------
    >>> a = {"x": np.arange(3.0)}
    >>> arrays_digest(a) == arrays_digest({"x": np.array([0.0, 1.0, 2.0])})
    True
    """
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(json.dumps([name, a.dtype.str, list(a.shape)]).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _cast(a: np.ndarray, dtype: str) -> np.ndarray:
    if a.dtype.kind == "f":
        return a.astype(dtype, copy=False)
    if a.dtype.kind == "c":
        return a.astype(np.result_type(dtype, np.complex64), copy=False)
    return a


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(P: Projector, path: Any, format: str = "csr", dtype: str = "float64") -> None:
    """Write a projector to ``path`` (``.npz`` or ``.mtx``), its floating arrays as ``dtype``."""
    path = Path(path)
    if format not in SAVE_FORMATS:
        raise UnknownNameError(f"unknown format {format!r}; choose one of {SAVE_FORMATS}")
    if dtype not in SAVE_DTYPES:
        raise UnknownNameError(f"unknown dtype {dtype!r}; choose one of {SAVE_DTYPES}")
    if path.suffix == ".mtx":
        meta = json.dumps({**metadata(P, "coo"), "dtype": dtype})
        M = P.matrix("coo")
        M = scipy.sparse.coo_matrix((_cast(M.data, dtype), (M.row, M.col)), shape=M.shape)
        _atomic_write(path, lambda f: scipy.io.mmwrite(f, M, comment=meta))
        return
    if path.suffix != ".npz":
        raise UnknownNameError(f"cannot save to {path.name!r}: use a .npz or .mtx file name")
    arrays = _arrays(P, format)
    if format != "orbit" and hasattr(P, "orbit_ids"):
        arrays["orbit_ids"] = np.asarray(P.orbit_ids)
    arrays = {k: _cast(a, dtype) for k, a in arrays.items()}
    record = {**metadata(P, format), "dtype": dtype, "sha256": arrays_digest(arrays)}
    meta = np.array(json.dumps(record))
    _atomic_write(path, lambda f: np.savez(f, metadata=meta, **arrays))


class StoredProjector:
    """A projector read back from a file: its metadata and its stored arrays.

    Applies P from what was stored (orbit ids if present, else the operator or
    the basis), so it needs neither the group nor the representations.
    """

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]):
        self.metadata = meta
        self.arrays = arrays

    def __repr__(self) -> str:
        m = self.metadata
        hom = f"Hom_{m['group']}({m['V']} -> {m['W']})"
        return f"<StoredProjector {m['method']}: {hom}, dim {m['dim']}>"

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.metadata["shape"])  # type: ignore[return-value]

    @property
    def dim(self) -> int:
        return int(self.metadata["dim"])

    @property
    def method(self) -> str:
        return self.metadata["method"]

    @property
    def orbit_ids(self) -> np.ndarray | None:
        return self.arrays.get("orbit_ids")

    def matrix(self) -> Any:
        """The stored operator: a dense array or a scipy sparse matrix, as it was saved."""
        a, mn = self.arrays, self.shape[0] * self.shape[1]
        if "matrix" in a:
            return a["matrix"]
        if "indptr" in a:
            return scipy.sparse.csr_matrix((a["data"], a["indices"], a["indptr"]), shape=(mn, mn))
        if "row" in a:
            return scipy.sparse.coo_matrix((a["data"], (a["row"], a["col"])), shape=(mn, mn))
        if "basis" in a:
            B = a["basis"].reshape(len(a["basis"]), mn)
            return B.T @ B.conj()
        raise UnknownNameError("this file stores orbit ids only; apply it with P(A)")

    def __call__(self, A: Any) -> np.ndarray:
        """P(A) for a map or batch of shape (..., m, n), from the stored data."""
        from groupproj.equivariant.orbit import orbit_means

        A = np.asarray(A, dtype=np.result_type(np.asarray(A).dtype, np.float64))
        if A.shape[-2:] != self.shape:
            raise DimensionMismatchError(f"expected shape (..., {self.shape}), got {A.shape}")
        flat = A.reshape(-1, self.shape[0] * self.shape[1])
        if self.orbit_ids is not None:
            ids = self.orbit_ids.ravel()
            sizes = np.bincount(ids)
            out = np.stack([orbit_means(row, ids, sizes)[ids] for row in flat])
        else:
            out = (self.matrix() @ flat.T).T
        return np.asarray(out).reshape(A.shape)


def load(path: Any) -> StoredProjector:
    """Read a projector written by :meth:`Projector.save` (``.npz`` or ``.mtx``)."""
    path = Path(path)
    if path.suffix == ".mtx":
        M = scipy.io.mmread(path)
        with open(path) as f:
            f.readline()
            comment = f.readline().lstrip("%").strip()
        return StoredProjector(json.loads(comment), {"data": M.data, "row": M.row, "col": M.col})
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if k != "metadata"}
        meta = json.loads(str(z["metadata"]))
    return StoredProjector(meta, arrays)
