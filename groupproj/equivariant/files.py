"""Projectors in files: :func:`save` and :func:`load`, with a metadata record that rebuilds V, W.

Formats (``save(..., format=...)``; layouts in ``docs/file-format.md``):

==========  ==================================================  ==========================
format      arrays                                              from
==========  ==================================================  ==========================
``orbit``   ``orbit_ids`` (m, n) int                            orbit structures
``factored``  ``QW``, ``QV`` (or CSC parts), ``blocks``,          spectral structures
            ``endomorphisms``
``basis``   ``basis`` (dim, m, n)                               any projector
``dense``   ``matrix`` (mn, mn)                                 any projector
``csr``     ``data``, ``indices``, ``indptr``, ``format``,      any (``scipy.sparse.load_npz``
            ``shape``                                           reads it)
``coo``     ``data``, ``row``, ``col``, ``format``, ``shape``   any (likewise)
==========  ==================================================  ==========================

``format="auto"`` stores the structure as it is (``P.structure.format``). A ``.mtx`` file
holds the sparse operator (``csr``/``coo``/``auto``) in MatrixMarket form. A
``.safetensors`` file holds the same arrays as the ``.npz`` (all but the sparse formats'
``format`` string), readable with the ``safetensors`` package by torch and JAX users with
no groupproj and no pickle; complex projectors go to ``.npz``.

The metadata record holds the format and its version, the dtype, shape, dim and back-end,
the vec convention, the groupproj version, the group (name, order, generators), each
representation (its expression, dimension, a fingerprint of its generator images, and the
images themselves where small, as exact floats) and, where a regular representation
appears, the order of the group elements that numbers its basis. :func:`load` rebuilds V
and W from these: by name and expression if they parse and match the fingerprint, else from
the stored images; where neither works, ``P.V``/``P.W`` are ``None`` and P still applies.
A steerable kernel projector also records its grid and rings (``P.grid``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse

from groupproj._version import __version__
from groupproj.equivariant.projector import VEC_CONVENTION, Projector
from groupproj.equivariant.structure import Basis, Factors, Operator, Orbits, Structure
from groupproj.errors import FileFormatError, GroupprojError, UnknownNameError
from groupproj.groups.base import FiniteGroup, Group
from groupproj.groups.compact import CompactGroup
from groupproj.groups.matrix import MatrixGroup
from groupproj.groups.permutation import PermutationGroup
from groupproj.groups.product import DirectProduct
from groupproj.io import (
    read_mtx,
    read_npz,
    read_safetensors,
    write_mtx,
    write_npz,
    write_safetensors,
)
from groupproj.reps.algebra import ChangeOfBasis, DirectSum, Dual, TensorProduct
from groupproj.reps.base import Representation
from groupproj.reps.basic import RegularRep

__all__ = ["SAVE_DTYPES", "SAVE_FORMATS", "load", "metadata", "rep_fingerprint", "save"]

SAVE_FORMATS = ("auto", "orbit", "factored", "basis", "dense", "csr", "coo")
SAVE_DTYPES = ("float64", "float32")
"""Floating precisions a file can store; complex projectors keep the matching complex type."""
_MAX_IMAGE_ENTRIES = 1_000_000
"""Generator images are stored in the metadata up to this many numbers per representation."""
_DIGITS = 12
"""Decimals kept of floating generator data in fingerprints and records."""


# --- metadata ------------------------------------------------------------------------------


def _matrix_data(m: Any) -> list:
    a = np.asarray(m, dtype=float)
    return (np.round(a, _DIGITS) + 0.0).tolist()


def group_record(G: Group) -> dict:
    """The group as the metadata records it: name, order, kind and generators."""
    record: dict[str, Any] = {"name": G.name, "order": str(G.order) if G.is_finite else "inf"}
    if isinstance(G, PermutationGroup):
        record.update(kind="permutation", generators=[list(s.data) for s in G.generators])
    elif isinstance(G, MatrixGroup):
        record.update(kind="matrix", generators=[_matrix_data(s.data) for s in G.generators])
    elif isinstance(G, DirectProduct):
        record.update(kind="product", factors=[group_record(f) for f in G.factors])
    elif isinstance(G, CompactGroup):
        record.update(kind="compact")
    else:
        record.update(kind=type(G).__name__)
    return record


def rep_fingerprint(rep: Representation) -> str | None:
    """sha256 of the generator images: permutations, or matrices rounded to 12 decimals.

    ``None`` where the matrices would exceed a million numbers. O(|S|·d²) (O(|S|·d) for a
    permutation representation).
    """
    h = hashlib.sha256()
    if rep.is_permutation:
        for p in rep.generator_permutations():
            h.update(np.asarray(p, dtype=np.int64).tobytes())
        return h.hexdigest()
    if rep.dim**2 * len(rep.group.generators) > _MAX_IMAGE_ENTRIES:
        return None
    for m in rep.generator_matrices():
        m = np.asarray(m)
        for part in (m.real, m.imag) if np.iscomplexobj(m) else (m,):
            h.update(np.ascontiguousarray(np.round(part, _DIGITS) + 0.0).tobytes())
    return h.hexdigest()


def rep_record(rep: Representation, expression: str | None = None) -> dict:
    """The representation as the metadata records it (see the module docstring)."""
    record: dict[str, Any] = {
        "expression": expression if expression is not None else rep.name,
        "dim": int(rep.dim),
        "fingerprint": rep_fingerprint(rep),
    }
    count = rep.dim * len(rep.group.generators)
    if rep.is_permutation and count <= _MAX_IMAGE_ENTRIES:
        record["permutation_images"] = [
            np.asarray(p).tolist() for p in rep.generator_permutations()
        ]
    elif rep.dim * count <= _MAX_IMAGE_ENTRIES:
        mats = [np.asarray(m) for m in rep.generator_matrices()]
        record["matrix_images"] = [(m.real + 0.0).tolist() for m in mats]
        if not rep.is_real:
            record["matrix_images_imag"] = [(m.imag + 0.0).tolist() for m in mats]
    return record


def _has_regular(rep: Representation) -> bool:
    """Whether the regular representation (whose basis is the element order) is part of rep."""
    if isinstance(rep, RegularRep):
        return True
    if isinstance(rep, DirectSum | TensorProduct):
        return any(_has_regular(p) for p in rep.parts)
    if isinstance(rep, ChangeOfBasis | Dual):
        return _has_regular(rep.rep)
    return False


def metadata(P: Projector, format: str, expressions: tuple[str, str] | None = None) -> dict:
    """The metadata record of a projector file (without ``format_version`` and ``sha256``)."""
    record: dict[str, Any] = {
        "groupproj_version": __version__,
        "format": format,
        "shape": list(P.shape),
        "dim": int(P.dim),
        "method": P.method,
        "vec_convention": VEC_CONVENTION,
    }
    if P.grid is not None:
        g = P.grid
        record["grid"] = {
            "size": g.size,
            "ndim": g.ndim,
            "radii": list(g.radii),
            "widths": list(g.widths),
            "band_limits": list(g.band_limits),
        }
    if P.V is None or P.W is None:  # a loaded projector keeps what its file recorded
        known = P._metadata or {}
        keys = ("group", "V", "W", "element_order")
        record.update({k: known[k] for k in keys if k in known})
        return record
    G = P.V.group
    record["group"] = group_record(G)
    record["V"] = rep_record(P.V, expressions[0] if expressions else None)
    record["W"] = rep_record(P.W, expressions[1] if expressions else None)
    if isinstance(G, FiniteGroup) and (_has_regular(P.V) or _has_regular(P.W)):
        record["element_order"] = [_element_data(g.data) for g in G.elements()]
    return record


def _element_data(x: Any) -> Any:
    if isinstance(x, tuple) and x and hasattr(x[0], "data"):  # a direct product's pair
        return [_element_data(part.data) for part in x]
    if isinstance(x, np.ndarray):
        return _matrix_data(x)
    return list(x)


# --- saving --------------------------------------------------------------------------------


def _cast(a: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if a.dtype.kind == "f":
        return a.astype(dtype, copy=False)
    if a.dtype.kind == "c":
        return a.astype(np.result_type(dtype, np.complex64), copy=False)
    return a


def _arrays(P: Projector, format: str) -> dict[str, np.ndarray]:
    s = P.structure
    if format in ("orbit", "factored"):
        if s.format != format:
            need = "an orbit structure (permutation representations, method='orbit')"
            if format == "factored":
                need = "spectral factors (method='spectral')"
            raise UnknownNameError(
                f"format {format!r} needs {need}; this projector holds a {type(s).__name__} "
                f"structure (method {P.method!r}); choose 'auto', 'basis', 'dense', 'csr' or "
                "'coo'"
            )
        return s.arrays()
    if format == "basis":
        return {"basis": P.basis()}
    if format == "dense":
        return {"matrix": P.matrix("dense")}
    M = P.matrix(format)
    mn = P.shape[0] * P.shape[1]
    out = {"data": M.data, "format": np.array(format.encode()), "shape": np.array([mn, mn])}
    if format == "csr":
        out.update(indices=M.indices, indptr=M.indptr)
    else:
        out.update(row=M.row, col=M.col)
    return out


def save(
    P: Projector,
    path: Any,
    format: str = "auto",
    dtype: Any = None,
    compress: bool = True,
    expressions: tuple[str, str] | None = None,
) -> dict:
    """Write a projector to ``path`` (``.npz`` or ``.mtx``) and return its metadata record.

    Parameters
    ----------
    P : Projector
    path : path
        ``.npz`` for every format, ``.mtx`` for the sparse operator (MatrixMarket),
        ``.safetensors`` for every format of a real projector.
    format : str
        One of :data:`SAVE_FORMATS` (see the module docstring); ``"auto"`` stores the
        structure as it is.
    dtype : {"float64", "float32"}, optional
        Precision of the stored numbers (complex data keeps the matching complex type);
        default P's own.
    compress : bool
        Deflate the ``.npz`` (the default); arrays reload bit for bit either way.
    expressions : (str, str), optional
        The expressions of V and W to record (as a spec file writes them) instead of names.

    Raises
    ------
    UnknownNameError
        If the suffix, format or dtype is unknown, or the format does not fit P.
    """
    path = Path(path)
    if format not in SAVE_FORMATS:
        raise UnknownNameError(f"unknown format {format!r}; choose one of {SAVE_FORMATS}")
    try:
        target = np.dtype(dtype) if dtype is not None else np.finfo(P.dtype).dtype
    except TypeError:
        raise UnknownNameError(f"unknown dtype {dtype!r}; choose one of {SAVE_DTYPES}") from None
    if target.name not in SAVE_DTYPES:
        raise UnknownNameError(f"unknown dtype {dtype!r}; choose one of {SAVE_DTYPES}")
    if path.suffix == ".mtx":
        if format not in ("auto", "csr", "coo"):
            raise UnknownNameError(
                f"a .mtx file holds the sparse operator (format 'csr', 'coo' or 'auto'), not "
                f"{format!r}; save format={format!r} to a .npz file"
            )
        M = P.matrix("coo")
        M = scipy.sparse.coo_matrix((_cast(M.data, target), (M.row, M.col)), shape=M.shape)
        return write_mtx(path, M, metadata(P, "coo", expressions))
    if path.suffix not in (".npz", ".safetensors"):
        raise UnknownNameError(
            f"cannot save to {path.name!r}: use a .npz, .mtx or .safetensors file name"
        )
    format = P.structure.format if format == "auto" else format
    arrays = {k: _cast(np.asarray(a), target) for k, a in _arrays(P, format).items()}
    stored = np.result_type(target, np.complex64) if P.is_complex else target
    record = {**metadata(P, format, expressions), "dtype": stored.name}
    if path.suffix == ".safetensors":
        arrays.pop("format", None)  # a byte string; the metadata's format says the same
        return write_safetensors(path, arrays, record)
    return write_npz(path, arrays, record, compress=compress)


# --- loading -------------------------------------------------------------------------------


def _need(arrays: dict, names: tuple[str, ...], path: Any, format: str) -> None:
    missing = [n for n in names if n not in arrays]
    if missing:
        raise FileFormatError(f"{path}: a {format!r} file needs the arrays {missing}")


def _structure(meta: dict, arrays: dict, path: Any) -> Structure:
    format = meta.get("format")
    try:
        m, n = (int(x) for x in meta["shape"])
    except (KeyError, TypeError, ValueError):
        raise FileFormatError(f"{path}: the metadata has no valid 'shape' [m, n]") from None
    mn = m * n
    try:
        if format == "orbit":
            _need(arrays, ("orbit_ids",), path, format)
            ids = arrays["orbit_ids"]
            if ids.dtype.kind not in "iu" or ids.shape != (m, n):
                raise FileFormatError(f"{path}: orbit_ids must be {m}×{n} integers")
            sizes = np.bincount(ids.ravel()) if ids.size and ids.min() >= 0 else None
            if sizes is None or (sizes == 0).any():
                raise FileFormatError(f"{path}: orbit_ids must number the orbits 0, 1, …, k−1")
            return Orbits(ids, meta.get("dtype", "float64"))
        if format == "factored":
            _need(arrays, ("blocks", "endomorphisms"), path, format)
            s = Factors.from_arrays(arrays)
            if s.shape != (m, n):
                raise FileFormatError(f"{path}: the factors are {s.shape}, metadata {(m, n)}")
            return s
        if format == "basis":
            _need(arrays, ("basis",), path, format)
            if arrays["basis"].ndim != 3 or arrays["basis"].shape[1:] != (m, n):
                raise FileFormatError(f"{path}: basis must have shape (dim, {m}, {n})")
            return Basis(arrays["basis"])
        if format == "dense":
            _need(arrays, ("matrix",), path, format)
            if arrays["matrix"].shape != (mn, mn):
                raise FileFormatError(f"{path}: matrix must be {mn}×{mn}")
            return Operator(arrays["matrix"], (m, n))
        if format in ("csr", "coo"):
            _need(arrays, ("format", "shape"), path, format)
            if str(np.asarray(arrays["format"])[()], "ascii") != format:
                raise FileFormatError(f"{path}: the sparse 'format' array is not {format!r}")
            if np.asarray(arrays["shape"]).tolist() != [mn, mn]:
                raise FileFormatError(f"{path}: the sparse 'shape' array is not [{mn}, {mn}]")
        if format == "csr":
            _need(arrays, ("data", "indices", "indptr"), path, format)
            M = scipy.sparse.csr_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=(mn, mn)
            )
            M.check_format(full_check=True)
            return Operator(M, (m, n))
        if format == "coo":
            _need(arrays, ("data", "row", "col"), path, format)
            M = scipy.sparse.coo_matrix(
                (arrays["data"], (arrays["row"], arrays["col"])), shape=(mn, mn)
            )
            return Operator(M.tocsr(), (m, n))
    except FileFormatError:
        raise
    except (ValueError, TypeError, IndexError, KeyError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"{path}: the {format!r} arrays are inconsistent ({exc})") from None
    raise FileFormatError(f"{path}: unknown format {format!r} in the metadata")


def _rebuild_group(record: Any) -> Group | None:
    from groupproj.groups.matrix import matrix_group
    from groupproj.groups.permutation import permutation_group
    from groupproj.parse import parse_group

    if not isinstance(record, dict):
        return None
    names = [str(record.get("name", ""))]
    if record.get("kind") == "matrix":  # a point group whose name a family also uses (C3)
        names.append("point:" + names[0])
    for text in names:
        try:
            G = parse_group(text)
            if group_record(G) == record:
                return G
        except GroupprojError:  # not a name the parser reads: rebuild from the generators
            pass
    kind, name = record.get("kind"), record.get("name")
    try:
        if kind == "permutation":
            G = permutation_group(record["generators"], name=name)
        elif kind == "matrix":
            G = matrix_group(record["generators"], name=name)
        elif kind == "product":
            factors = [_rebuild_group(f) for f in record["factors"]]
            if None in factors:
                return None
            G = DirectProduct(*factors)
        else:
            return None
        return G if group_record(G) == record else None
    except (GroupprojError, KeyError, TypeError, ValueError):
        return None


def _rebuild_rep(record: Any, G: Group) -> Representation | None:
    from groupproj.parse import parse_rep
    from groupproj.reps.basic import rep_from_generators

    if not isinstance(record, dict):
        return None
    fingerprint = record.get("fingerprint")
    try:
        rep = parse_rep(str(record.get("expression")), G)
        if rep.dim == record.get("dim") and rep_fingerprint(rep) == fingerprint:
            return rep
    except GroupprojError:  # an expression the parser does not read: use the images
        pass
    images = record.get("matrix_images")
    if images is not None and "matrix_images_imag" in record:
        images = [
            np.add(re, np.multiply(1j, im)) for re, im in zip(images, record["matrix_images_imag"])
        ]
    if "permutation_images" in record:
        eye = np.eye(int(record["dim"]))
        images = [eye[:, np.asarray(p)] for p in record["permutation_images"]]
    if images is None or not isinstance(G, FiniteGroup):
        return None
    try:
        rep = rep_from_generators(G, images, name=str(record.get("expression")))
    except (GroupprojError, ValueError, TypeError):
        return None
    return rep if rep_fingerprint(rep) == fingerprint else None


def _rebuild(meta: dict) -> tuple[Representation | None, Representation | None]:
    G = _rebuild_group(meta.get("group"))
    if G is None:
        return None, None
    order = meta.get("element_order")
    if order is not None and isinstance(G, FiniteGroup):
        try:
            if [_element_data(g.data) for g in G.elements()] != order:
                return None, None
        except GroupprojError:  # too large to enumerate: the order cannot be confirmed
            return None, None
    V, W = _rebuild_rep(meta.get("V"), G), _rebuild_rep(meta.get("W"), G)
    if V is None or W is None:
        return None, None
    return V, W


def load(path: Any, verify: bool = True, rebuild: bool = True) -> Projector:
    """Read a projector written by :func:`save` (``.npz``, ``.mtx``, ``.safetensors``).

    The result has the same methods as a projector built in memory, with the stored
    structure (orbit ids, factors, a basis or the operator) in the stored dtype.

    Parameters
    ----------
    path : path
    verify : bool
        Check the digest over the arrays and the metadata (one pass over the data); a
        mismatch raises :class:`~groupproj.errors.ChecksumError`.
    rebuild : bool
        Rebuild V and W from the metadata (see the module docstring); ``False`` leaves
        them ``None``, for speed.

    Raises
    ------
    FileFormatError
        If the file is missing, malformed, tampered with (:class:`ChecksumError`),
        inconsistent with its metadata, or larger than the size limit.
    """
    path = Path(path)
    if path.suffix == ".mtx":
        meta, coo = read_mtx(path, verify=verify)
        arrays = {"data": coo.data, "row": coo.row, "col": coo.col}
        arrays.update(format=np.array(b"coo"), shape=np.array(coo.shape))
        meta = {**meta, "format": "coo"}
    elif path.suffix == ".safetensors":
        meta, arrays = read_safetensors(path, verify=verify)
        if meta.get("format") in ("csr", "coo"):
            arrays["format"] = np.array(str(meta["format"]).encode())
    else:
        meta, arrays = read_npz(path, verify=verify)
    structure = _structure(meta, arrays, path)
    if meta.get("dim") != structure.dim:
        raise FileFormatError(
            f"{path}: the metadata says dim {meta.get('dim')!r}, the stored projector has rank "
            f"{structure.dim}"
        )
    grid = _grid(meta.get("grid"), path)
    V, W = _rebuild(meta) if rebuild else (None, None)
    points = 1 if grid is None else grid.npoints
    if V is not None and (W.dim, V.dim * points) != structure.shape:
        V = W = None
    return Projector(structure, V, W, str(meta.get("method", "")), metadata=meta, grid=grid)


def _grid(record: Any, path: Any) -> Any:
    """The steerable kernel grid a file records, or ``None``."""
    if record is None:
        return None
    from groupproj.equivariant.steerable_basis import steerable_grid

    try:
        return steerable_grid(
            record["size"],
            record["ndim"],
            record["radii"],
            record["widths"],
            record["band_limits"],
        )
    except (GroupprojError, KeyError, TypeError) as exc:
        raise FileFormatError(f"{path}: the metadata's kernel grid is not valid ({exc})") from None
