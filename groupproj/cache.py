"""A content-addressed on-disk cache of projector structures.

What is cached
--------------
An entry is a projector file (:func:`groupproj.save`, ``format="auto"``: the structure as
the back-end built it, orbit ids or spectral factors or a basis, in float64), found by a
key: the sha256 of a canonical, versioned JSON *description* of what it holds, never of
pickled objects. The description (:func:`projector_description`) names the group (name,
order, generators), each representation by its dimension and the fingerprint of its
generator images, the vec convention, the back-end, the groupproj version and
:data:`SCHEMA`. Neither the file format nor the dtype of an export is part of the key, so
exporting one structure in several formats builds it once. A new groupproj version starts
afresh; old entries are never found again.

Where
-----
``$GROUPPROJ_CACHE`` if set (``off`` turns the cache off), else the user cache directory:
``$XDG_CACHE_HOME/groupproj`` or ``~/.cache/groupproj`` (``~/Library/Caches/groupproj`` on
macOS, ``%LOCALAPPDATA%\\groupproj\\Cache`` on Windows). Never the install directory.

Safety
------
Entries are written atomically (:func:`groupproj.io.atomic_write`), so concurrent writers of
one key each leave a complete file and the last rename wins. Every entry is verified when
read (its digest); a corrupt or partial entry is reported with a :class:`CacheWarning`,
rebuilt and replaced. A cache that cannot be used (the path is a file, a device, read-only,
or an entry became a directory) is reported once with a :class:`CacheWarning` and bypassed:
the projector is built as if the cache were off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from groupproj._frozen import Frozen
from groupproj._version import __version__
from groupproj.equivariant.factory import choose_backend, projector
from groupproj.equivariant.files import group_record, load, rep_fingerprint, save
from groupproj.equivariant.projector import VEC_CONVENTION, Projector
from groupproj.errors import FileFormatError, UnknownNameError

if TYPE_CHECKING:
    from groupproj.reps.base import Representation

__all__ = [
    "CACHE_ENV",
    "SCHEMA",
    "Cache",
    "CacheWarning",
    "cached_projector",
    "default_cache_dir",
    "projector_description",
]

CACHE_ENV = "GROUPPROJ_CACHE"
"""Environment variable naming the cache directory, or ``off``."""
SCHEMA = 2
"""Version of the description layout; part of every key."""
_WARNED: set[str] = set()
"""Cache directories already reported unusable in this process (each is reported once)."""


class CacheWarning(UserWarning):
    """A cache entry was unreadable and is being rebuilt, or the cache cannot be used."""


def _warn_once(directory: Path, problem: str) -> None:
    if str(directory) not in _WARNED:
        _WARNED.add(str(directory))
        warnings.warn(problem, CacheWarning, stacklevel=3)


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
    """A directory of projector files keyed by the sha256 of their description.

    Parameters
    ----------
    directory : path, bool or None
        Where entries live. ``None`` or ``True``: :func:`default_cache_dir`; ``False``: the
        cache is off (:attr:`directory` is ``None``).

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

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` lives: ``<directory>/<key[:2]>/<key>.npz``."""
        if self.directory is None:
            raise UnknownNameError("the cache is off; it has no paths")
        return self.directory / key[:2] / f"{key}.npz"

    def projector(self, V: Representation, W: Representation, method: str = "auto") -> Projector:
        """The projector onto Hom_G(V, W): read from its entry, or built and stored.

        A hit costs one file read with its digest check and returns P with the caller's V
        and W; a miss builds P and writes it. See the module docstring for what happens
        to corrupt entries and unusable caches.
        """
        backend = choose_backend(V, W, method)
        if self.directory is None:
            return projector(V, W, backend.name)
        path = self.path(self.key(projector_description(V, W, backend.name)))
        if path.is_file():
            try:
                stored = load(path, rebuild=False)
                if stored.shape == (W.dim, V.dim):
                    return Projector(stored.structure, V, W, backend.name)
                raise FileFormatError(f"{path}: the entry holds maps of shape {stored.shape}")
            except FileFormatError as exc:
                warnings.warn(
                    f"groupproj cache entry {path} is unusable ({exc}); rebuilding it",
                    CacheWarning,
                    stacklevel=2,
                )
            except OSError as exc:
                _warn_once(
                    f"groupproj cache {self.directory} cannot be read ({exc}); bypassing it"
                )
                return projector(V, W, backend.name)
        P = projector(V, W, backend.name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save(P, path)
        except OSError as exc:
            problem = (
                f"groupproj cache {self.directory} cannot be written ({exc}); working without it"
            )
            _warn_once(self.directory, problem)
        return P


def projector_description(V: Representation, W: Representation, method: str) -> dict:
    """The canonical, versioned description of the projector onto Hom_G(V, W) by ``method``.

    Costs one pass over the generators of the group and of V and W.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.symmetric(3)
    >>> d = projector_description(G.natural(), G.trivial(), "orbit")
    >>> d["group"]["name"], d["V"]["dim"], d["method"]
    ('S3', 3, 'orbit')
    """
    return {
        "schema": SCHEMA,
        "groupproj_version": __version__,
        "kind": "projector",
        "group": group_record(V.group),
        "V": {"dim": int(V.dim), "fingerprint": rep_fingerprint(V) or V.name},
        "W": {"dim": int(W.dim), "fingerprint": rep_fingerprint(W) or W.name},
        "convention": VEC_CONVENTION,
        "method": method,
    }


def cached_projector(
    V: Representation,
    W: Representation,
    method: str = "auto",
    cache: str | os.PathLike | bool | None = None,
) -> Projector:
    """The projector onto Hom_G(V, W), from the cache or built and cached.

    Parameters
    ----------
    V, W, method
        As for :func:`groupproj.projector`.
    cache : path, bool or None
        The cache directory; ``None`` for :func:`default_cache_dir`, ``False`` to bypass it.

    Returns
    -------
    Projector
        The same type, methods and values as ``gp.projector(V, W, method)``.

    Examples
    --------
    >>> import tempfile, groupproj as gp
    >>> D4 = gp.dihedral(4)
    >>> P = cached_projector(D4.regular(), D4.regular(), cache=tempfile.mkdtemp())
    >>> P.dim, P.method
    (8, 'orbit')
    """
    return Cache(cache).projector(V, W, method)
