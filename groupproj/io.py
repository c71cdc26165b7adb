"""The file format: named arrays and a metadata record, sealed by a digest.

A groupproj ``.npz`` file is a zip of ``.npy`` arrays (no pickled objects, ever) with one
extra array ``metadata``, a 0-d unicode string holding a JSON object. Its ``sha256`` field
is the digest of everything else (:func:`digest`): the metadata without that field, then each
array's name, dtype, shape and bytes. A ``.mtx`` file holds a sparse operator in
MatrixMarket coordinate form with the metadata as a JSON comment line; a ``.safetensors``
file holds the same arrays as the ``.npz`` (numbers only) with the metadata in its header.
The layouts of the projector formats are published in ``docs/file-format.md``.

Reading (:func:`read_npz`, :func:`read_mtx`) never unpickles, checks the uncompressed size
against the size limit before decompressing anything, and refuses a file whose digest does
not match (unless ``verify=False``); every problem is a
:class:`~groupproj.errors.FileFormatError` naming the path and what is wrong.

Writing is atomic: the file is written beside its final name under a hidden temporary name
(``.<name>.<pid>.<random>.tmp``) and renamed into place, with the permissions the umask
gives a new file. Temporaries left by killed writers (whose process is gone) are swept by
the next write into the same folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from groupproj.errors import ChecksumError, FileFormatError
from groupproj.limits import check_bytes

__all__ = [
    "FORMAT_VERSION",
    "atomic_write",
    "digest",
    "read_mtx",
    "read_npz",
    "read_npz_header",
    "read_safetensors",
    "stale_temporaries",
    "sweep_temporaries",
    "write_mtx",
    "write_npz",
    "write_safetensors",
]

FORMAT_VERSION = 2
"""Version of the file layout, recorded as ``format_version`` in every file's metadata."""
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def digest(arrays: dict[str, np.ndarray], meta: dict) -> str:
    """sha256 of a file's content: the metadata (without ``sha256``), then each array.

    The metadata enters as canonical JSON (sorted keys, no spaces); each array, by name, as
    its name, dtype, shape and C-order bytes. Independent of how the container was written
    (zip timestamps, compression). One pass over the data.

    Examples
    --------
    >>> a = {"x": np.arange(3.0)}
    >>> digest(a, {"k": 1}) == digest({"x": np.array([0.0, 1.0, 2.0])}, {"k": 1})
    True
    >>> digest(a, {"k": 1}) == digest(a, {"k": 2})
    False
    """
    h = hashlib.sha256()
    record = {k: v for k, v in meta.items() if k != "sha256"}
    h.update(json.dumps(record, sort_keys=True, separators=(",", ":")).encode())
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(json.dumps([name, a.dtype.str, list(a.shape)]).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def stale_temporaries(folder: Any) -> list[Path]:
    """The temporaries in ``folder`` left by writers that were killed (their process is gone)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = _TEMPORARY.match(entry.name)
            if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
                found.append(Path(entry.path))
    return found


def sweep_temporaries(folder: Any) -> int:
    """Remove the temporaries of killed writers from ``folder``; returns the bytes freed."""
    freed = 0
    for path in stale_temporaries(folder):
        with contextlib.suppress(OSError):
            size = path.stat().st_size
            path.unlink()
            freed += size
    return freed


def atomic_write(path: Any, write: Callable[[IO[bytes]], None]) -> None:
    """Write ``path`` through ``write(file)`` so that no reader ever sees a partial file.

    The temporary file gets mode ``0o666 & ~umask``, as a file created by ``open`` would.
    """
    path = Path(path)
    sweep_temporaries(path.parent)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "xb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _seal(arrays: dict[str, np.ndarray], meta: dict) -> dict:
    record = {**meta, "format_version": FORMAT_VERSION}
    record.pop("sha256", None)
    return {**record, "sha256": digest(arrays, record)}


def write_npz(path: Any, arrays: dict[str, np.ndarray], meta: dict, compress: bool = True) -> dict:
    """Write ``arrays`` and ``meta`` (plus ``format_version`` and ``sha256``) to ``path``.

    Compressed (zip deflate) unless ``compress=False``; either way the arrays reload bit for
    bit. Returns the metadata as written.
    """
    if "metadata" in arrays:
        raise FileFormatError(f"{path}: 'metadata' is reserved for the metadata record")
    record = _seal(arrays, meta)
    text = np.array(json.dumps(record, sort_keys=True))
    save = np.savez_compressed if compress else np.savez
    atomic_write(path, lambda f: save(f, metadata=text, **arrays))
    return record


def _npy_header(stream: IO[bytes], path: Any, name: str) -> tuple[tuple, np.dtype, bool]:
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
    except (ValueError, OSError, EOFError) as exc:
        raise FileFormatError(f"{path}: array {name!r} has no valid .npy header ({exc})") from None
    if dtype.hasobject:
        raise FileFormatError(
            f"{path}: array {name!r} holds Python objects; groupproj files hold numbers and "
            "strings only and are never unpickled"
        )
    return shape, dtype, fortran


def _open_npz(path: Any) -> tuple[zipfile.ZipFile, dict[str, tuple[tuple, np.dtype, bool]]]:
    """The open archive and the ``.npy`` header of each member, read without decompressing
    the data; refuses object arrays and archives over the size limit."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileFormatError(f"{path}: not a groupproj .npz file (not a zip: {exc})") from None
    try:
        members = archive.infolist()
        names = [m.filename for m in members]
        if len(set(names)) != len(names) or not all(n.endswith(".npy") for n in names):
            raise FileFormatError(f"{path}: expected distinct .npy members, found {names}")
        headers, total = {}, 0
        for member in members:
            name = member.filename[:-4]
            try:
                with archive.open(member) as stream:
                    headers[name] = _npy_header(stream, path, name)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                raise FileFormatError(f"{path}: array {name!r} is unreadable ({exc})") from None
            shape, dtype, _ = headers[name]
            total += math.prod(shape) * dtype.itemsize
        check_bytes(total, f"reading {path}", "pass a file within the limit")
    except BaseException:
        archive.close()
        raise
    return archive, headers


def _read_member(archive: zipfile.ZipFile, path: Any, name: str) -> np.ndarray:
    try:
        with archive.open(f"{name}.npy") as stream:
            return np.lib.format.read_array(stream, allow_pickle=False)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise FileFormatError(f"{path}: array {name!r} is truncated or damaged ({exc})") from None


def read_npz(path: Any, verify: bool = True) -> tuple[dict, dict[str, np.ndarray]]:
    """Read a file written by :func:`write_npz`: ``(metadata, arrays)``.

    Checks, before decompressing anything, that no array holds Python objects and that the
    arrays fit the size limit (:mod:`groupproj.limits`); then, with ``verify``, that the
    digest matches. Costs one pass over the data.

    Raises
    ------
    FileFormatError
        If the file is missing, not a zip of ``.npy`` arrays, truncated, holds objects,
        lacks the metadata record, or is larger than the size limit.
    ChecksumError
        If ``verify`` and the arrays or the metadata do not match the recorded digest.
    """
    archive, headers = _open_npz(path)
    with archive:
        arrays = {name: _read_member(archive, path, name) for name in headers}
    if "metadata" not in arrays:
        raise FileFormatError(f"{path}: no metadata record; not a groupproj file")
    meta = _parse_metadata(arrays.pop("metadata"), path)
    if verify:
        _verify(arrays, meta, path)
    return meta, arrays


def read_npz_header(path: Any) -> tuple[dict, dict[str, tuple[tuple[int, ...], np.dtype]]]:
    """The metadata record and each array's ``(shape, dtype)``, without reading the arrays.

    Decompresses the metadata record only; nothing is verified (the digest needs the
    arrays: :func:`read_npz`). Raises :class:`FileFormatError` as :func:`read_npz` does.
    """
    archive, headers = _open_npz(path)
    with archive:
        if "metadata" not in headers:
            raise FileFormatError(f"{path}: no metadata record; not a groupproj file")
        meta = _parse_metadata(_read_member(archive, path, "metadata"), path)
    shapes = {k: (tuple(shape), dtype) for k, (shape, dtype, _) in headers.items()}
    shapes.pop("metadata")
    return meta, shapes


def _parse_metadata(raw: Any, path: Any) -> dict:
    try:
        meta = json.loads(str(np.asarray(raw)[()]))
    except (ValueError, TypeError) as exc:
        raise FileFormatError(f"{path}: the metadata record is not JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise FileFormatError(f"{path}: the metadata record is not a JSON object")
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise FileFormatError(
            f"{path}: format version {version!r}, this groupproj reads version "
            f"{FORMAT_VERSION}; write the file again with this version"
        )
    return meta


def _verify(arrays: dict[str, np.ndarray], meta: dict, path: Any) -> None:
    recorded = meta.get("sha256")
    actual = digest(arrays, meta)
    if recorded != actual:
        raise ChecksumError(
            f"{path}: the content does not match its recorded sha256 ({str(recorded)[:12]}…, "
            f"computed {actual[:12]}…): the arrays or the metadata were changed after writing; "
            "write the file again (or load with verify=False to inspect it)"
        )


def write_mtx(path: Any, M: Any, meta: dict) -> dict:
    """Write the sparse matrix ``M`` (coordinate form) with ``meta`` as a JSON comment line.

    float32 values are written with 9 significant digits and float64 with 17, so they read
    back bit for bit in their recorded ``dtype``. Returns the metadata as written.
    """
    import scipy.io
    import scipy.sparse

    coo = scipy.sparse.coo_matrix(M)
    arrays = {"row": coo.row.astype(np.int64), "col": coo.col.astype(np.int64), "data": coo.data}
    record = _seal(arrays, {**meta, "dtype": str(coo.dtype)})
    digits = 9 if coo.dtype in (np.float32, np.complex64) else 17
    comment = json.dumps(record, sort_keys=True)
    atomic_write(
        path,
        lambda f: scipy.io.mmwrite(f, coo, comment=comment, precision=digits, symmetry="general"),
    )
    return record


def read_mtx(path: Any, verify: bool = True) -> tuple[dict, Any]:
    """Read a file written by :func:`write_mtx`: ``(metadata, coo_matrix)`` in its dtype.

    Raises
    ------
    FileFormatError
        If the file is missing, has no MatrixMarket coordinate header or metadata comment,
        is damaged, or is larger than the size limit (from its header's counts).
    ChecksumError
        If ``verify`` and the entries or the metadata do not match the recorded digest.
    """
    import scipy.io
    import scipy.sparse

    try:
        with open(path, encoding="utf-8") as f:
            header = f.readline()
            comment = f.readline()
            while comment.startswith("%") and not comment.lstrip("%").strip().startswith("{"):
                comment = f.readline()
            size_line = comment
            while size_line.startswith("%"):
                size_line = f.readline()
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"{path}: not a MatrixMarket text file ({exc})") from None
    if not re.match(r"%%MatrixMarket\s+matrix\s+coordinate\s+(real|complex)\s", header + " "):
        raise FileFormatError(
            f"{path}: expected a '%%MatrixMarket matrix coordinate real|complex' header, "
            f"found {header.strip()[:60]!r}"
        )
    if not comment.startswith("%"):
        raise FileFormatError(f"{path}: no groupproj metadata comment line")
    meta = _parse_metadata(comment.lstrip("%").strip(), path)
    sizes = size_line.split()
    if len(sizes) != 3 or not all(s.isdigit() for s in sizes):
        raise FileFormatError(f"{path}: expected 'rows cols entries', found {size_line[:60]!r}")
    check_bytes(24.0 * int(sizes[2]), f"reading {path}", "pass a file within the limit")
    try:
        coo = scipy.sparse.coo_matrix(scipy.io.mmread(path))
    except (ValueError, OSError, IndexError, TypeError) as exc:
        raise FileFormatError(f"{path}: damaged MatrixMarket data ({exc})") from None
    try:
        dtype = np.dtype(meta.get("dtype", "float64"))
    except TypeError:
        raise FileFormatError(f"{path}: unknown dtype {meta.get('dtype')!r}") from None
    data = coo.data.astype(dtype)
    arrays = {"row": coo.row.astype(np.int64), "col": coo.col.astype(np.int64), "data": data}
    if verify:
        _verify(arrays, meta, path)
    return meta, scipy.sparse.coo_matrix((data, (coo.row, coo.col)), shape=coo.shape)


# --- safetensors -------------------------------------------------------------------------------

_SAFETENSORS = {
    "float64": "F64",
    "float32": "F32",
    "int64": "I64",
    "int32": "I32",
    "uint8": "U8",
}
"""The numpy types a groupproj ``.safetensors`` file holds, by their safetensors codes."""
_MAX_HEADER = 100 * 2**20
"""The largest safetensors header read (the format's own reader refuses more)."""


def write_safetensors(path: Any, arrays: dict[str, np.ndarray], meta: dict) -> dict:
    """Write ``arrays`` and ``meta`` (plus ``format_version`` and ``sha256``) as safetensors.

    The layout of the safetensors format (8-byte little-endian header length, a JSON header
    naming each tensor's dtype, shape and byte range, then the raw little-endian bytes): read
    with ``safetensors.numpy.load_file`` or ``safetensors.torch.load_file``, never unpickled.
    The metadata record is the header's ``__metadata__["groupproj"]`` (a JSON string).
    Returns the metadata as written.

    Raises
    ------
    UnknownNameError
        If an array is not float64, float32, int64, int32 or uint8 (complex projectors are
        written to ``.npz``).
    """
    from groupproj.errors import UnknownNameError

    arrays = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    for name, a in arrays.items():
        if a.dtype.name not in _SAFETENSORS:
            raise UnknownNameError(
                f"{path}: a safetensors file holds {sorted(_SAFETENSORS)} arrays, and {name!r} "
                f"is {a.dtype.name}; save a complex projector to a .npz file"
            )
    record = _seal(arrays, meta)
    header: dict[str, Any] = {"__metadata__": {"groupproj": json.dumps(record, sort_keys=True)}}
    offset = 0
    for name in sorted(arrays):
        a = arrays[name]
        code = _SAFETENSORS[a.dtype.name]
        header[name] = {
            "dtype": code,
            "shape": list(a.shape),
            "data_offsets": [offset, offset + a.nbytes],
        }
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)

    def write(f: IO[bytes]) -> None:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for name in sorted(arrays):
            f.write(
                arrays[name].astype(arrays[name].dtype.newbyteorder("<"), copy=False).tobytes()
            )

    atomic_write(path, write)
    return record


def read_safetensors(path: Any, verify: bool = True) -> tuple[dict, dict[str, np.ndarray]]:
    """Read a file written by :func:`write_safetensors`: ``(metadata, arrays)``.

    Checks the header (types, shapes, byte ranges that tile the data exactly) and the size
    limit before reading any data; then, with ``verify``, the digest.

    Raises
    ------
    FileFormatError
        If the file is missing, truncated, not safetensors, lacks the groupproj metadata or
        exceeds the size limit.
    ChecksumError
        If ``verify`` and the arrays or the metadata do not match the recorded digest.
    """
    codes = {code: np.dtype(name).newbyteorder("<") for name, code in _SAFETENSORS.items()}
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            n = int.from_bytes(f.read(8), "little")
            if size < 8 or n > min(_MAX_HEADER, size - 8):
                raise FileFormatError(f"{path}: not a safetensors file (header length {n})")
            header = json.loads(f.read(n))
            if not isinstance(header, dict):
                raise FileFormatError(f"{path}: the safetensors header is not a JSON object")
            extra = header.pop("__metadata__", None)
            tensors, offset = [], 0
            for name, info in header.items():
                dtype = codes.get(info.get("dtype")) if isinstance(info, dict) else None
                shape = info.get("shape") if dtype else None
                span = info.get("data_offsets") if dtype else None
                if (
                    dtype is None
                    or not isinstance(shape, list)
                    or not all(isinstance(k, int) and k >= 0 for k in shape)
                    or not isinstance(span, list)
                    or len(span) != 2
                ):
                    raise FileFormatError(f"{path}: tensor {name!r} has no valid dtype/shape")
                tensors.append((span[0], span[1], name, dtype, tuple(shape)))
            for begin, end, name, dtype, shape in sorted(tensors):
                if begin != offset or end - begin != math.prod(shape) * dtype.itemsize:
                    raise FileFormatError(f"{path}: tensor {name!r} has a wrong byte range")
                offset = end
            if 8 + n + offset != size:
                raise FileFormatError(f"{path}: the data is {size - 8 - n} bytes, not {offset}")
            check_bytes(offset, f"reading {path}", "pass a file within the limit")
            data = f.read(offset)
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except (OSError, ValueError, UnicodeDecodeError, AttributeError, TypeError) as exc:
        raise FileFormatError(f"{path}: not a groupproj safetensors file ({exc})") from None
    if not isinstance(extra, dict) or not isinstance(extra.get("groupproj"), str):
        raise FileFormatError(f"{path}: no groupproj metadata record; not a groupproj file")
    meta = _parse_metadata(extra["groupproj"], path)
    arrays = {
        name: np.frombuffer(data, dtype, math.prod(shape), begin)
        .reshape(shape)
        .astype(dtype.newbyteorder("="))
        for begin, _, name, dtype, shape in tensors
    }
    if verify:
        _verify(arrays, meta, path)
    return meta, arrays
