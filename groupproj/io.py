"""Writing projectors to files and reading them back.

``.npz`` files hold the operator in the chosen format (``dense``, ``csr``,
``coo``, ``basis`` for the orthonormal basis, ``orbit`` for orbit ids,
``factored`` for the spectral back-end's Q_W, blocks and Q_V) and a
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

SAVE_FORMATS = ("dense", "csr", "coo", "basis", "orbit", "factored")
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
    if format == "factored":
        return _factored_arrays(P)
    if not hasattr(P, "orbit_ids"):
        raise UnknownNameError(f"format 'orbit' needs the orbit back-end; this one is {P.method}")
    return {"orbit_ids": np.asarray(P.orbit_ids)}


def _factored_arrays(P: Projector) -> dict[str, np.ndarray]:
    """Q_W, Q_V (dense, or CSC parts when sparse), block layout and endomorphism bases.

    ``blocks[k] = (w_start, m_W, v_start, m_V, d, e)``; ``endomorphisms`` concatenates the
    (e, d, d) bases, flattened. m² + n² + Σ e·d² numbers (or the non-zeros of sparse Q)
    against (mn)² for the dense operator.
    """
    if not hasattr(P, "factors"):
        raise UnknownNameError(
            f"format 'factored' needs the spectral back-end; this one is {P.method}"
        )
    QW, blocks, QV = P.factors()
    out: dict[str, np.ndarray] = {}
    for name, Q in (("QW", QW), ("QV", QV)):
        if scipy.sparse.issparse(Q):
            Q = scipy.sparse.csc_matrix(Q)
            out.update({f"{name}_data": Q.data, f"{name}_indices": Q.indices})
            out.update({f"{name}_indptr": Q.indptr, f"{name}_shape": np.array(Q.shape)})
        else:
            out[name] = np.asarray(Q)
    layout = [
        (b.w_start, b.m_W, b.v_start, b.m_V, b.endomorphisms.shape[-1], len(b.endomorphisms))
        for b in blocks
    ]
    out["blocks"] = np.array(layout, dtype=np.int64).reshape(len(layout), 6)
    out["endomorphisms"] = np.concatenate(
        [b.endomorphisms.ravel() for b in blocks] + [np.zeros(0)]
    )
    return out


def _factors_from(arrays: dict[str, np.ndarray]) -> tuple:
    from groupproj.equivariant.spectral import Block

    def q(name: str):
        if name in arrays:
            return arrays[name]
        parts = (arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"])
        return scipy.sparse.csc_matrix(parts, shape=tuple(arrays[f"{name}_shape"]))

    blocks, start = [], 0
    for w_start, m_W, v_start, m_V, d, e in arrays["blocks"].tolist():
        E = arrays["endomorphisms"][start : start + e * d * d].reshape(e, d, d)
        start += e * d * d
        blocks.append(Block(None, w_start, m_W, v_start, m_V, E))
    return q("QW"), tuple(blocks), q("QV")


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

    def factors(self) -> tuple:
        """(Q_W, blocks, Q_V) of a file saved with ``format="factored"``."""
        if "blocks" not in self.arrays:
            raise UnknownNameError("this file was not saved with format='factored'")
        return _factors_from(self.arrays)

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
        raise UnknownNameError("this file stores orbit ids or factors only; apply it with P(A)")

    def __call__(self, A: Any) -> np.ndarray:
        """P(A) for a map or batch of shape (..., m, n), from the stored data."""
        from groupproj.equivariant.orbit import orbit_means

        A = np.asarray(A, dtype=np.result_type(np.asarray(A).dtype, np.float64))
        if A.shape[-2:] != self.shape:
            raise DimensionMismatchError(f"expected shape (..., {self.shape}), got {A.shape}")
        flat = A.reshape(-1, self.shape[0] * self.shape[1])
        if "blocks" in self.arrays:
            from groupproj.equivariant.spectral import apply_factored

            out = apply_factored(flat.reshape(-1, *self.shape), *self.factors())
        elif self.orbit_ids is not None:
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
