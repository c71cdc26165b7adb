"""Hostile files for ``gp.load``: each malformed file is refused with a FileFormatError.

Every case writes one damaged or forged file; ``gp.load`` must raise the groupproj error
named in the table (never BadZipFile, EOFError, KeyError, a JSON error or numpy's pickle
refusal), and the message must name the file. A Hypothesis fuzz target then mutates the
bytes of valid files at random.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import groupproj as gp
from groupproj.io import read_npz
from hostile.harness import Case, refuse


def _valid(tmp: Path, format: str = "csr", suffix: str = ".npz") -> Path:
    D4 = gp.dihedral(4)
    method = "spectral" if format == "factored" else "auto"
    P = gp.projector(D4.natural(), D4.natural() + D4.trivial(), method=method)
    path = tmp / f"valid-{format}{suffix}"
    P.save(path, format="auto" if suffix == ".mtx" else format, compress=False)
    return path


def _forge(tmp: Path, meta: dict | None, arrays: dict, name: str = "forged.npz") -> Path:
    """A file with these arrays and metadata (re-sealed, so only the content is wrong)."""
    from groupproj.io import digest

    path = tmp / name
    if meta is not None:
        meta = {**meta, "sha256": digest(arrays, meta)}
        arrays = {**arrays, "metadata": np.array(json.dumps(meta))}
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return path


def _edit(tmp: Path, format: str, change) -> Path:
    meta, arrays = read_npz(_valid(tmp, format))
    change(meta, arrays)
    return _forge(tmp, meta, arrays)


def _bytes(tmp: Path, data: bytes, suffix: str = ".npz") -> Path:
    path = tmp / f"raw{suffix}"
    path.write_bytes(data)
    return path


def _zip(tmp: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return _bytes(tmp, buffer.getvalue())


def _npy(a) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(a), allow_pickle=True)
    return buffer.getvalue()


def _set(key, value):
    def change(meta, arrays):
        meta[key] = value

    return change


def _put(key, value):
    def change(meta, arrays):
        arrays[key] = value

    return change


def _drop(key):
    def change(meta, arrays):
        arrays.pop(key, None)
        meta.pop(key, None)

    return change


def _mtx(tmp: Path, text: str) -> Path:
    return _bytes(tmp, text.encode(), ".mtx")


FFE, CSE = gp.FileFormatError, gp.ChecksumError
BUILDERS = {
    "missing-file": (lambda t: t / "nowhere.npz", FFE),
    "a-directory": (lambda t: t, FFE),
    "empty-file": (lambda t: _bytes(t, b""), FFE),
    "not-a-zip": (lambda t: _bytes(t, b"PK\x03\x04 not really"), FFE),
    "truncated-half": (lambda t: _bytes(t, _valid(t).read_bytes()[:300]), FFE),
    "truncated-end": (lambda t: _bytes(t, _valid(t).read_bytes()[:-30]), FFE),
    "non-npy-member": (lambda t: _zip(t, {"notes.txt": b"hello"}), FFE),
    "bad-npy-header": (lambda t: _zip(t, {"metadata.npy": b"\x93NUMPY junk"}), FFE),
    "pickled-object": (lambda t: _zip(t, {"metadata.npy": _npy(np.array([{}], object))}), FFE),
    "no-metadata": (lambda t: _zip(t, {"data.npy": _npy(np.zeros(3))}), FFE),
    "metadata-not-json": (lambda t: _zip(t, {"metadata.npy": _npy(np.array("{oops"))}), FFE),
    "metadata-a-list": (lambda t: _zip(t, {"metadata.npy": _npy(np.array("[1, 2]"))}), FFE),
    "metadata-numbers": (lambda t: _zip(t, {"metadata.npy": _npy(np.arange(3))}), FFE),
    "old-format-version": (lambda t: _edit(t, "csr", _set("format_version", 1)), FFE),
    "unknown-format": (lambda t: _edit(t, "csr", _set("format", "zip")), FFE),
    "no-shape": (lambda t: _edit(t, "orbit", _drop("shape")), FFE),
    "csr-no-sparse-shape": (lambda t: _edit(t, "csr", _drop("shape")), FFE),
    "csr-sparse-shape-wrong": (lambda t: _edit(t, "csr", _put("shape", np.array([3, 3]))), FFE),
    "csr-sparse-format-wrong": (lambda t: _edit(t, "csr", _put("format", np.array(b"bsr"))), FFE),
    "csr-sparse-format-binary": (
        lambda t: _edit(t, "csr", _put("format", np.array(b"\xff\xfe"))),
        FFE,
    ),
    "shape-words": (lambda t: _edit(t, "csr", _set("shape", ["a", "b"])), FFE),
    "csr-no-indices": (lambda t: _edit(t, "csr", _drop("indices")), FFE),
    "csr-index-out-of-range": (
        lambda t: _edit(t, "csr", _put("indices", np.full(16, 999, np.int32))),
        FFE,
    ),
    "csr-reversed-indptr": (
        lambda t: _edit(t, "csr", lambda m, a: a.update(indptr=a["indptr"][::-1].copy())),
        FFE,
    ),
    "coo-row-out-of-range": (
        lambda t: _edit(t, "coo", lambda m, a: a.update(row=a["row"] + 10**6)),
        FFE,
    ),
    "dense-wrong-shape": (lambda t: _edit(t, "dense", _put("matrix", np.eye(3))), FFE),
    "basis-wrong-ndim": (lambda t: _edit(t, "basis", _put("basis", np.eye(4))), FFE),
    "orbit-float-ids": (lambda t: _edit(t, "orbit", _put("orbit_ids", np.zeros((5, 4)))), FFE),
    "orbit-negative-ids": (
        lambda t: _edit(t, "orbit", _put("orbit_ids", -np.ones((5, 4), np.int32))),
        FFE,
    ),
    "orbit-gap-in-ids": (
        lambda t: _edit(t, "orbit", _put("orbit_ids", np.full((5, 4), 3, np.int32))),
        FFE,
    ),
    "factored-no-blocks": (lambda t: _edit(t, "factored", _drop("blocks")), FFE),
    "factored-bad-block-table": (
        lambda t: _edit(t, "factored", _put("blocks", np.full((2, 7), 99, np.int64))),
        FFE,
    ),
    "dim-disagrees": (lambda t: _edit(t, "csr", _set("dim", 999)), FFE),
    "digest-mismatch": (
        lambda t: _forge(
            t,
            None,
            {
                **read_npz(_valid(t))[1],
                "metadata": np.array(json.dumps({**read_npz(_valid(t))[0], "method": "other"})),
            },
        ),
        CSE,
    ),
    "mtx-bad-header": (lambda t: _mtx(t, "%%MatrixMarket matrix array real general\n"), FFE),
    "mtx-no-metadata": (
        lambda t: _mtx(t, "%%MatrixMarket matrix coordinate real general\n2 2 0\n"),
        FFE,
    ),
    "mtx-metadata-not-json": (
        lambda t: _mtx(t, "%%MatrixMarket matrix coordinate real general\n%{no\n2 2 0\n"),
        FFE,
    ),
    "mtx-truncated": (lambda t: _mtx(t, _valid(t, suffix=".mtx").read_text()[:-40]), FFE),
    "mtx-not-text": (lambda t: _bytes(t, b"\xff\xfe\x00garbage", ".mtx"), FFE),
    "mtx-bad-counts": (
        lambda t: _mtx(t, "%%MatrixMarket matrix coordinate real general\n%{}\nx y z\n"),
        FFE,
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_malformed_file_is_refused(name, tmp_path):
    build, error = BUILDERS[name]
    path = build(tmp_path)
    exc = refuse(Case(name, lambda: gp.load(path), error))
    assert str(path) in str(exc) or name == "a-directory"


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    format=st.sampled_from(["csr", "orbit", "factored", "basis"]),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4),
    cut=st.none() | st.integers(0, 10**6),
)
def test_fuzzed_files_are_refused_or_read(tmp_path, format, edits, cut):
    data = bytearray(_valid(tmp_path, format).read_bytes())
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    path = _bytes(tmp_path, bytes(data))
    try:
        P = gp.load(path)
    except gp.GroupprojError as exc:
        assert isinstance(exc, gp.FileFormatError | gp.SizeLimitError), type(exc)
    else:  # the mutation missed everything the digest covers (a zip timestamp, say)
        assert isinstance(P, gp.Projector) and P.dim == 4
