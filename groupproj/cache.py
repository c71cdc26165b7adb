"""A content-addressed on-disk cache for projectors and other expensive derived data.

What is cached
--------------
A cache entry is a file, found by a key: the sha256 of a canonical, versioned
JSON *description* of what the file holds, never of pickled objects. For a
projector the entry is the ``.npz`` file :func:`groupproj.io.save` writes (the
stored form, read back as :class:`~groupproj.io.StoredProjector`), and the
description (:func:`projector_description`) names the group (name, order and
generators), each representation (expression or name, dimension and a digest
of its generator matrices), the vec convention, the requested method, the file
format and dtype, the groupproj version and :data:`SCHEMA`. A new groupproj
version thus starts afresh; old entries are simply never found again.

Where
-----
``$GROUPPROJ_CACHE`` if set (``off`` turns the cache off), else the user cache
directory: ``$XDG_CACHE_HOME/groupproj`` or ``~/.cache/groupproj``
(``~/Library/Caches/groupproj`` on macOS, ``%LOCALAPPDATA%\\groupproj\\Cache``
on Windows). Never the install directory.

Safety
------
Entries are written to a temporary file beside their final name and renamed
into place, so concurrent writers of one key each leave a complete file and the
last rename wins. Every entry is checked when read (for projectors: the file
loads and its arrays match the ``sha256`` recorded in it); a corrupt or partial
entry is reported with a :class:`CacheWarning`, rebuilt and replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from groupproj._frozen import Frozen
from groupproj._version import __version__
from groupproj.equivariant.base import VEC_CONVENTION
from groupproj.io import StoredProjector, _atomic_write, arrays_digest, load, save

if TYPE_CHECKING:
    from groupproj.reps.base import Representation

__all__ = [
    "CACHE_ENV",
    "SCHEMA",
    "Cache",
    "CacheWarning",
    "cached_projector",
    "check_stored",
    "default_cache_dir",
    "projector_description",
]

CACHE_ENV = "GROUPPROJ_CACHE"
"""Environment variable naming the cache directory, or ``off``."""
SCHEMA = 1
"""Version of the description layout; part of every key."""
T = TypeVar("T")
_DIGITS = 12
"""Decimals kept of floating generator data in descriptions, so rounding noise keeps one key."""


class CacheWarning(UserWarning):
    """A cache entry was unreadable or did not match its checksum and is being rebuilt."""


def default_cache_dir() -> Path | None:
    """The cache directory in force: ``$GROUPPROJ_CACHE``, else the user cache directory.

    Returns ``None`` when ``GROUPPROJ_CACHE=off``.

    Examples
    --------
    >>> d = default_cache_dir()
    >>> d is None or isinstance(d, Path)
    True
    """
    setting = os.environ.get(CACHE_ENV, "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting).expanduser()
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "groupproj" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "groupproj"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "groupproj"


class Cache(Frozen):
    """A directory of files keyed by the sha256 of their canonical description.

    Parameters
    ----------
    directory : path, bool or None
        Where entries live. ``None`` or ``True``: :func:`default_cache_dir`;
        ``False``: the cache is off (:attr:`directory` is ``None``).

    Examples
    --------
    >>> import tempfile
    >>> c = Cache(tempfile.mkdtemp())
    >>> key = c.key({"what": "example"})
    >>> len(key), c.enabled
    (64, True)
    >>> Cache(False).enabled
    False
    """

    _fields = ("directory",)
    directory: Path | None

    def __init__(self, directory: str | os.PathLike | bool | None = None):
        if directory is None or directory is True:
            self._set(directory=default_cache_dir())
        elif directory is False:
            self._set(directory=None)
        else:
            self._set(directory=Path(directory))

    def __repr__(self) -> str:
        return f"<Cache {self.directory if self.enabled else 'off'}>"

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    @staticmethod
    def key(description: Mapping[str, Any]) -> str:
        """sha256 (hex) of the description as canonical JSON (sorted keys, no spaces)."""
        text = json.dumps(description, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, key: str, suffix: str) -> Path:
        """Where the entry for ``key`` lives: ``<directory>/<key[:2]>/<key><suffix>``."""
        if self.directory is None:
            raise ValueError("the cache is off; it has no paths")
        return self.directory / key[:2] / f"{key}{suffix}"

    def entry(
        self,
        description: Mapping[str, Any],
        write: Callable[[str], None],
        check: Callable[[Path], T],
        suffix: str = ".npz",
    ) -> tuple[Path, T]:
        """The path of a checked entry for ``description`` and what ``check`` read from it.

        ``write(tmp)`` creates the file at the temporary path ``tmp`` when the
        entry is missing; ``check(path)`` reads the file back and raises if it
        is unusable. An entry that fails
        the check is reported with a :class:`CacheWarning` and rewritten. Costs
        one check on a hit, one ``write`` and one check on a miss.
        """
        path = self.path(self.key(description), suffix)
        if path.exists():
            try:
                return path, check(path)
            except Exception as exc:  # any failure to read back means a bad entry
                warnings.warn(
                    f"groupproj cache entry {path} is corrupt ({type(exc).__name__}: {exc}); "
                    "rebuilding it",
                    CacheWarning,
                    stacklevel=2,
                )
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, write)
        return path, check(path)


def _canonical(x: Any) -> Any:
    """JSON-ready canonical form of group-element data: lists of ints or rounded floats."""
    if isinstance(x, np.ndarray):
        if x.dtype.kind in "iub":
            return x.tolist()
        if x.dtype.kind == "c":
            return [_canonical(x.real), _canonical(x.imag)]
        return (np.round(x.astype(np.float64), _DIGITS) + 0.0).tolist()
    if isinstance(x, tuple | list):
        return [_canonical(v) for v in x]
    if isinstance(x, np.generic):
        return _canonical(np.asarray(x))
    if isinstance(x, int | float | str):
        return x
    return _canonical(np.asarray(x, dtype=np.complex128 if np.iscomplexobj(x) else np.float64))


def _rep_description(rep: Representation, expression: str | None) -> dict:
    h = hashlib.sha256()
    for m in rep.generator_matrices():
        m = np.asarray(m)
        parts = (m.real, m.imag) if np.iscomplexobj(m) else (m,)
        for part in parts:
            rounded = np.round(np.asarray(part, dtype=np.float64), _DIGITS) + 0.0
            h.update(np.ascontiguousarray(rounded).tobytes())
    return {
        "expression": expression if expression is not None else rep.name,
        "dim": int(rep.dim),
        "generator_images_sha256": h.hexdigest(),
    }


def projector_description(
    V: Representation,
    W: Representation,
    method: str = "auto",
    format: str = "csr",
    dtype: str = "float64",
    expressions: tuple[str, str] | None = None,
) -> dict:
    """The canonical, versioned description of a stored projector onto Hom_G(V, W).

    ``expressions`` gives the representation expressions (as written in a spec
    file) to record instead of the representations' names. Costs one pass over
    the generators of the group and of V and W.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.symmetric(3)
    >>> d = projector_description(G.natural(), G.trivial())
    >>> d["group"]["name"], d["V"]["dim"], d["format"]
    ('S3', 3, 'csr')
    """
    G = V.group
    return {
        "schema": SCHEMA,
        "groupproj_version": __version__,
        "kind": "projector",
        "group": {
            "name": G.name,
            "order": str(G.order),
            "generators": [_canonical(g.data) for g in G.generators],
        },
        "V": _rep_description(V, expressions[0] if expressions else None),
        "W": _rep_description(W, expressions[1] if expressions else None),
        "convention": VEC_CONVENTION,
        "method": method,
        "format": format,
        "dtype": dtype,
    }


def check_stored(path: Path) -> StoredProjector:
    """Load a projector file and confirm its arrays match the ``sha256`` recorded in it."""
    stored = load(path)
    recorded = stored.metadata.get("sha256")
    actual = arrays_digest(stored.arrays)
    if recorded != actual:
        raise ValueError(f"stored arrays have sha256 {actual[:12]}…, the file records {recorded}")
    return stored


def cached_projector(
    V: Representation,
    W: Representation,
    method: str = "auto",
    format: str = "csr",
    dtype: str = "float64",
    cache: str | os.PathLike | bool | None = None,
) -> StoredProjector:
    """The stored projector onto Hom_G(V, W), from the cache or built and cached.

    Parameters
    ----------
    V, W, method
        As for :func:`groupproj.projector`.
    format, dtype
        As for :func:`groupproj.io.save`; part of the key.
    cache : path, bool or None
        The cache directory; ``None`` for :func:`default_cache_dir`, ``False``
        to bypass the cache (the projector is built and read back from a
        temporary file).

    Returns
    -------
    StoredProjector
        What the ``.npz`` file holds. A hit costs one file read and checksum;
        a miss adds building P and writing it.

    Examples
    --------
    >>> import tempfile, groupproj as gp
    >>> D4 = gp.dihedral(4)
    >>> P = cached_projector(D4.regular(), D4.regular(), cache=tempfile.mkdtemp())
    >>> P.dim, P.method
    (8, 'orbit')
    """
    from groupproj.equivariant.factory import projector

    def write(tmp: str) -> None:
        save(projector(V, W, method=method), tmp, format=format, dtype=dtype)

    store = Cache(cache)
    if not store.enabled:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "projector.npz"
            write(str(path))
            return check_stored(path)
    description = projector_description(V, W, method, format, dtype)
    return store.entry(description, write, check_stored)[1]
