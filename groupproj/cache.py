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

Looking after it
----------------
:meth:`Cache.info` counts the entries, their bytes per group and the temporaries left by
killed writers; :meth:`Cache.verify` re-reads every entry with its digest;
:meth:`Cache.clear` removes the entries and those temporaries, never any other file. On the
command line: ``groupproj cache info | verify | clear [--cache DIR]``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
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
from groupproj.io import read_npz_header, stale_temporaries, sweep_temporaries

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
_ENTRY = re.compile(r"[0-9a-f]{64}\.npz")
_SHARD = re.compile(r"[0-9a-f]{2}")
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

    def get(self, V: Representation, W: Representation, method: str) -> Projector | None:
        """The cached projector onto Hom_G(V, W) built by back-end ``method``, or ``None``.

        A hit costs one file read with its digest check and returns P with the caller's V
        and W. A corrupt entry is reported with a :class:`CacheWarning` and is a miss; an
        unreadable cache is reported once and is a miss.
        """
        if self.directory is None:
            return None
        path = self.path(self.key(projector_description(V, W, method)))
        try:
            if not path.is_file():
                return None
            stored = load(path, rebuild=False)
            if stored.shape == (W.dim, V.dim):
                return Projector(stored.structure, V, W, method)
            raise FileFormatError(f"{path}: the entry holds maps of shape {stored.shape}")
        except FileFormatError as exc:
            warnings.warn(
                f"groupproj cache entry {path} is unusable ({exc}); rebuilding it",
                CacheWarning,
                stacklevel=2,
            )
        except OSError as exc:
            _warn_once(
                self.directory,
                f"groupproj cache {self.directory} cannot be read ({exc}); bypassing it",
            )
        return None

    def put(self, P: Projector) -> None:
        """Store P (built in memory, with V and W) under its description; never raises for
        an unusable cache, which is reported once with a :class:`CacheWarning`."""
        if self.directory is None or P.V is None or P.W is None:
            return
        path = self.path(self.key(projector_description(P.V, P.W, P.method)))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save(P, path)
        except OSError as exc:
            problem = (
                f"groupproj cache {self.directory} cannot be written ({exc}); working without it"
            )
            _warn_once(self.directory, problem)

    def projector(self, V: Representation, W: Representation, method: str = "auto") -> Projector:
        """The projector onto Hom_G(V, W): read from its entry (:meth:`get`), or built and
        stored (:meth:`put`).

        See the module docstring for what happens to corrupt entries and unusable caches.
        """
        backend = choose_backend(V, W, method)
        P = self.get(V, W, backend.name)
        if P is None:
            P = projector(V, W, backend.name)
            self.put(P)
        return P

    def entries(self) -> list[Path]:
        """The entry files ``<directory>/<xx>/<key>.npz``, sorted; none for an off or missing
        cache. Other files in the directory are never counted, verified or removed."""
        if self.directory is None:
            return []
        found = []
        with contextlib.suppress(OSError):
            for shard in sorted(os.scandir(self.directory), key=lambda e: e.name):
                if _SHARD.fullmatch(shard.name) and shard.is_dir(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        found += sorted(
                            Path(e.path)
                            for e in os.scandir(shard.path)
                            if _ENTRY.fullmatch(e.name) and e.name.startswith(shard.name)
                        )
        return found

    def _shard_dirs(self) -> list[Path]:
        if self.directory is None:
            return []
        with contextlib.suppress(OSError):
            return [
                Path(e.path)
                for e in os.scandir(self.directory)
                if _SHARD.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
            ]
        return []

    def info(self) -> dict[str, Any]:
        """What the cache holds: ``directory``, ``entries``, ``bytes``, ``temporaries`` (left
        by killed writers) with their ``temporary_bytes``, and ``groups``: entries and bytes
        per group name (read from each entry's metadata record alone).

        Examples
        --------
        >>> import tempfile, groupproj as gp
        >>> c = Cache(tempfile.mkdtemp())
        >>> _ = c.projector(gp.cyclic(3).regular(), gp.cyclic(3).regular())
        >>> i = c.info()
        >>> i["entries"], i["groups"]["C3"]["entries"]
        (1, 1)
        """
        entries = self.entries()
        groups: dict[str, dict[str, int]] = {}
        total = 0
        for path in entries:
            try:
                size = path.stat().st_size
                name = str(read_npz_header(path)[0].get("group", {}).get("name", "?"))
            except (OSError, FileFormatError, AttributeError):
                size, name = 0, "unreadable"
            total += size
            g = groups.setdefault(name, {"entries": 0, "bytes": 0})
            g["entries"] += 1
            g["bytes"] += size
        stale = [t for shard in self._shard_dirs() for t in stale_temporaries(shard)]
        temporary_bytes = 0
        for t in stale:
            with contextlib.suppress(OSError):
                temporary_bytes += t.stat().st_size
        return {
            "directory": None if self.directory is None else str(self.directory),
            "entries": len(entries),
            "bytes": total,
            "temporaries": len(stale),
            "temporary_bytes": temporary_bytes,
            "groups": groups,
        }

    def clear(self) -> tuple[int, int]:
        """Remove every entry, the temporaries of killed writers and the emptied shard
        folders; returns (files removed, bytes freed). Files the cache did not write stay."""
        removed = freed = 0
        for path in self.entries():
            with contextlib.suppress(OSError):
                size = path.stat().st_size
                path.unlink()
                removed, freed = removed + 1, freed + size
        for shard in self._shard_dirs():
            before = len(stale_temporaries(shard))
            freed += sweep_temporaries(shard)
            removed += before - len(stale_temporaries(shard))
            with contextlib.suppress(OSError):
                shard.rmdir()  # only if empty
        return removed, freed

    def verify(self) -> list[tuple[Path, str | None]]:
        """Each entry with ``None`` if it reads back with its digest, else what is wrong."""
        out = []
        for path in self.entries():
            try:
                load(path, verify=True, rebuild=False)
                out.append((path, None))
            except (FileFormatError, OSError) as exc:
                out.append((path, str(exc)))
        return out


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
