"""Planning and running a batch: the output folder, the manifest and its journal, resuming."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from groupproj._version import __version__
from groupproj.batch.plan import PlannedEntry, plan_entries
from groupproj.batch.pool import run_dask, run_pool
from groupproj.batch.progress import Progress
from groupproj.batch.spec import SpecEntry, load_spec
from groupproj.cache import Cache
from groupproj.equivariant.files import load
from groupproj.errors import (
    GroupprojError,
    InvalidValueError,
    OutputNotWritableError,
    UnknownNameError,
)
from groupproj.io import atomic_write
from groupproj.limits import format_bytes, parse_bytes, size_limit
from groupproj.limits import max_bytes as limit_in_force

__all__ = ["JOURNAL", "MANIFEST", "SCHEDULERS", "plan_batch", "run_batch"]

SCHEDULERS = ("processes", "dask")
MANIFEST = "manifest.json"
MANIFEST_VERSION = 2
"""Version of the manifest's layout; a run resumes only from a manifest of this version."""
JOURNAL = ".manifest.journal"
"""One JSON line per entry finished, appended at once; merged into the manifest and removed
when the run ends, read back by the next run if this one was killed."""
MANIFEST_SECONDS = 1.0
"""The manifest is rewritten as entries finish, at most this often (the journal has the rest)."""
MIN_FREE_BYTES = 2**20
"""An output folder on a file system with less free space is reported full."""


def _jobs(jobs: Any) -> int:
    if jobs is None:
        if hasattr(os, "sched_getaffinity"):
            return max(1, len(os.sched_getaffinity(0)))
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidValueError(
            f"jobs is the number of worker processes, at least 1; got {jobs!r}"
        )
    return jobs


def _prepare(outdir: Path) -> None:
    """Create the output folder and check, before any work, that files can be written there."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritableError(
            f"cannot create the output folder {outdir}: {exc.strerror or exc}"
        ) from None
    probe = outdir / f".probe.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        with open(probe, "xb") as f:
            f.write(b"\0" * 4096)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else exc.strerror
        raise OutputNotWritableError(
            f"cannot write to the output folder {outdir}: {reason}"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    free = shutil.disk_usage(outdir).free
    if free < MIN_FREE_BYTES:
        raise OutputNotWritableError(
            f"the output folder {outdir} is on a full disk ({format_bytes(free)} free)"
        )


def _previous(outdir: Path) -> dict[str, dict]:
    """Records of an earlier run of this version, by name: the manifest, then its journal."""
    records: dict[str, dict] = {}
    try:
        manifest = json.loads((outdir / MANIFEST).read_text())
    except (OSError, ValueError):
        manifest = {}
    if (
        isinstance(manifest, dict)
        and manifest.get("groupproj_version") == __version__
        and manifest.get("manifest_version") == MANIFEST_VERSION
    ):
        for r in manifest.get("entries", []):
            if isinstance(r, dict) and isinstance(r.get("name"), str):
                records[r["name"]] = r
    with contextlib.suppress(OSError):
        for line in (outdir / JOURNAL).read_text().splitlines():
            try:
                r = json.loads(line)
            except ValueError:  # a line cut short by a kill
                continue
            if (
                isinstance(r, dict)
                and r.get("groupproj_version") == __version__
                and r.get("manifest_version") == MANIFEST_VERSION
                and isinstance(r.get("record"), dict)
            ):
                records[str(r.get("name"))] = r["record"]
    return records


_RECORD_KEYS = ("file", "format", "sha256", "dim", "method", "shape", "seconds")
"""What a record of a built entry holds (and a record to resume from must)."""


def _up_to_date(record: dict | None, entry: SpecEntry, outdir: Path) -> bool:
    if not isinstance(record, dict) or record.get("status") != "ok":
        return False
    if record.get("spec") != entry.spec or not all(k in record for k in _RECORD_KEYS):
        return False
    if record["file"] != f"{entry.name}.npz":
        return False
    try:
        stored = load(outdir / record["file"], rebuild=False)
    except (GroupprojError, OSError):  # missing or damaged output: rebuild it
        return False
    return stored.metadata["sha256"] == record.get("sha256")


def plan_batch(
    spec_path: str | os.PathLike,
    outdir: str | os.PathLike | None = None,
    max_bytes: int | str | None = None,
) -> list[PlannedEntry]:
    """The plan of a batch (:mod:`groupproj.batch.plan`): every entry with its estimate.

    With ``outdir``, entries whose files are up to date there are marked so. Nothing is
    built or written.

    Raises
    ------
    ParseError
        If the spec cannot be read (problems with single entries are on their plan).
    """
    entries = load_spec(spec_path)
    known = {}
    if outdir is not None and Path(outdir).is_dir():
        previous = _previous(Path(outdir))
        known = {
            e.name: previous[e.name]
            for e in entries
            if e.problem is None and _up_to_date(previous.get(e.name), e, Path(outdir))
        }
    limit = parse_bytes(max_bytes) if max_bytes is not None else limit_in_force()
    return plan_entries(entries, known, limit)


class _Manifest:
    """The manifest of a run, rewritten as entries finish, and its append-only journal."""

    def __init__(self, spec_path: Path, outdir: Path, total: int, limit: int):
        self.path, self.journal = outdir / MANIFEST, outdir / JOURNAL
        self.head = {
            "groupproj_version": __version__,
            "manifest_version": MANIFEST_VERSION,
            "spec": spec_path.name,
            "spec_sha256": hashlib.sha256(spec_path.read_bytes()).hexdigest(),
            "max_bytes": limit,
            "total": total,
        }
        self.records: dict[int, dict] = {}
        self.written = 0.0

    def add(self, record: dict) -> None:
        self.records[record["number"]] = record
        line = json.dumps(
            {
                "groupproj_version": __version__,
                "manifest_version": MANIFEST_VERSION,
                "name": record["name"],
                "record": record,
            }
        )
        with open(self.journal, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        if time.monotonic() - self.written >= MANIFEST_SECONDS:
            self.write(complete=False)

    def manifest(self, complete: bool) -> dict[str, Any]:
        entries = [self.records[n] for n in sorted(self.records)]
        ok = sum(r["status"] == "ok" for r in entries)
        return {
            **self.head,
            "complete": complete,
            "entries": entries,
            "summary": {"ok": ok, "error": len(entries) - ok},
        }

    def write(self, complete: bool) -> dict[str, Any]:
        manifest = self.manifest(complete)
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        atomic_write(self.path, lambda f: f.write(text.encode()))
        self.written = time.monotonic()
        if complete:
            with contextlib.suppress(OSError):
                self.journal.unlink()
        return manifest


def _error(entry: SpecEntry, message: str, error: str) -> dict:
    return {
        "number": entry.number,
        "name": entry.name,
        "status": "error",
        "error": error,
        "message": message,
        "seconds": 0.0,
        "spec": entry.spec,
    }


def run_batch(
    spec_path: str | os.PathLike,
    outdir: str | os.PathLike,
    jobs: int | None = None,
    scheduler: str = "processes",
    address: str | None = None,
    cache: str | os.PathLike | bool | None = None,
    max_bytes: int | str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> dict[str, Any]:
    """Plan every entry of a spec file, build those that fit into ``outdir``, keep a manifest.

    Parameters
    ----------
    spec_path : path
        The TOML spec (see :mod:`groupproj.batch`).
    outdir : path
        Output folder, created if missing; one ``<name>.npz`` per entry and
        ``manifest.json``. It is checked to be writable before any work starts.
    jobs : int, optional
        Worker processes, at least 1; default: the CPUs available. Workers are fresh
        interpreters with one BLAS thread each (so a script calling this needs the
        ``if __name__ == "__main__":`` guard of :mod:`multiprocessing`).
    scheduler : {"processes", "dask"}
        The batch's own process pool (memory-bounded, see :mod:`groupproj.batch.pool`), or
        Dask: the cluster at ``address`` or, without one, a local cluster of ``jobs`` worker
        processes on the loopback interface (needs ``dask[distributed]``).
    cache : path, bool or None
        As for :class:`groupproj.cache.Cache`; ``False`` turns it off. The cache holds
        structures, not files, so a re-run that changes only formats or dtypes builds
        nothing.
    max_bytes : int or str, optional
        The size limit of each entry (and of the entries running at once); default the limit
        in force (:func:`groupproj.limits.max_bytes`). Entries estimated above it are
        refused before anything is built.
    stdout, stderr : text streams
        Progress (see :mod:`groupproj.batch.progress`); default ``sys.stdout``/``sys.stderr``.

    Returns
    -------
    dict
        The manifest written (see :mod:`groupproj.batch`). Entries that fail are recorded
        with ``status = "error"``, the error's class and its message; the others are built
        regardless. The manifest is rewritten as entries finish; an interrupt (Ctrl-C)
        writes the entries finished so far and re-raises, and a re-run resumes.

    Raises
    ------
    ParseError
        If the spec cannot be read at all.
    OutputNotWritableError
        If ``outdir`` cannot be created or written, or its disk is full.
    InvalidValueError, UnknownNameError
        For ``jobs`` below 1, or an unknown scheduler.

    Examples
    --------
    >>> import io, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> spec = '[[projector]]\\ngroup = "S3"\\nin = "natural"\\nout = "natural"\\n'
    >>> _ = (d / "s.toml").write_text(spec)
    >>> m = run_batch(d / "s.toml", d / "out", jobs=1, cache=False, stdout=io.StringIO())
    >>> [(r["name"], r["status"], r["dim"], r["format"]) for r in m["entries"]]
    [('S3-natural-natural', 'ok', 2, 'csr')]
    """
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    jobs = _jobs(jobs)
    if scheduler not in SCHEDULERS:
        raise UnknownNameError(f"unknown scheduler {scheduler!r}; choose one of {SCHEDULERS}")
    if address is not None and scheduler != "dask":
        raise UnknownNameError("an address names a dask cluster; use it with scheduler='dask'")
    limit = parse_bytes(max_bytes) if max_bytes is not None else limit_in_force()
    spec_path, outdir = Path(spec_path), Path(outdir)
    entries = load_spec(spec_path)
    _prepare(outdir)
    previous = _previous(outdir)
    known = {
        e.name: previous[e.name]
        for e in entries
        if e.problem is None and _up_to_date(previous.get(e.name), e, outdir)
    }
    with size_limit(limit):
        plan = plan_entries(entries, known, limit)
    manifest = _Manifest(spec_path, outdir, len(entries), limit)
    todo = [p for p in plan if p.status == "build"]
    progress = Progress(
        len(entries),
        {p.number: p.estimate.seconds for p in todo},
        {p.number: p.name for p in plan},
        stdout,
        stderr,
        jobs,
    )

    def finish(record: dict, note: str = "") -> None:
        manifest.add(record)
        progress.finish(record, note)

    store = Cache(cache)
    tasks = [
        {
            "number": p.number,
            "name": p.name,
            "spec": p.entry.spec,
            "format": p.estimate.format,
            "outdir": str(outdir),
            "cache": store,
            "max_bytes": limit,
            "memory": p.estimate.memory,
        }
        for p in sorted(todo, key=lambda p: -p.estimate.seconds)
    ]
    complete = False
    try:
        for p in plan:
            if p.status == "up to date":
                finish({**known[p.name], "number": p.number}, "up to date, skipped")
            elif p.status != "build":
                finish(_error(p.entry, p.problem or "", p.error))
        if tasks and scheduler == "dask":
            results = run_dask(tasks, jobs, address)
        else:
            results = run_pool(tasks, min(jobs, len(tasks)), limit, progress.stage, progress.tick)
        for record in results:
            finish(record)
        complete = True
    finally:
        progress.close()
        written = manifest.write(complete)
    return written
