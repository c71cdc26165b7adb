"""Generate a library of projectors from a spec file, in parallel, with a manifest.

Spec file
---------
A TOML file with an optional ``[defaults]`` table (``method``, ``format``,
``dtype``) and one ``[[projector]]`` table per projector::

    [defaults]
    format = "csr"

    [[projector]]
    name = "d4-regular"          # optional; names the output file <name>.npz
    group = "D4"                 # a group name, as groupproj.parse reads it
    in = "regular"               # V, a representation expression
    out = "regular"              # W
    method = "auto"              # auto, orbit, spectral, spatial
    format = "csr"               # auto, csr, coo, dense, basis, orbit, factored
    dtype = "float64"            # float64, float32

An optional ``grid = k`` makes the entry a convolution kernel: the projector
onto maps from V ⊗ (the k × … × k grid) to W, as
:func:`groupproj.kernel_projector` builds it (weights of shape
(W.dim, V.dim, k, …, k)). Entries run in worker
processes (or on Dask workers, which need groupproj installed); results are
written atomically, so an interrupt never leaves half a file.

Manifest
--------
``manifest.json`` in the output folder lists every entry in spec order with its
status (``ok`` or ``error``), the resolved spec, and for the ones built: the
file, ``sha256`` (the digest of its arrays, :func:`groupproj.io.arrays_digest`),
dim Hom_G(V, W), the back-end, the operator's non-zeros and the seconds taken.
Everything but the seconds depends on the spec alone, so runs on any scheduler
give the same manifest up to times. A re-run keeps the record of every entry
whose spec is unchanged and whose file is present with the recorded digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from groupproj._frozen import Frozen
from groupproj._version import __version__
from groupproj.cache import Cache
from groupproj.equivariant.factory import BACKENDS
from groupproj.equivariant.files import SAVE_DTYPES, SAVE_FORMATS, load, save
from groupproj.equivariant.structure import Orbits
from groupproj.errors import GroupprojError, OptionalDependencyError, ParseError, UnknownNameError
from groupproj.io import atomic_write
from groupproj.parse import parse_group, parse_rep
from groupproj.reps.grid import grid_rep

__all__ = ["SCHEDULERS", "SpecEntry", "load_spec", "run_batch"]

SCHEDULERS = ("processes", "dask")
MANIFEST = "manifest.json"
_DEFAULTS = {"method": "auto", "format": "csr", "dtype": "float64"}
_KEYS = ("name", "group", "in", "out", "grid", *_DEFAULTS)
_SYMBOLS = {"^": "pow", "+": "plus", "*": "x"}


class SpecEntry(Frozen):
    """One ``[[projector]]`` of a spec file: its position, name, resolved spec and problem.

    ``spec`` holds the keys as written with the defaults filled in; ``problem``
    says why the entry cannot be built as written (``None`` if it can be tried).
    """

    _fields = ("index", "name", "problem")
    index: int
    name: str
    spec: dict[str, Any]
    problem: str | None

    def __init__(self, index: int, name: str, spec: dict[str, Any], problem: str | None):
        self._set(index=index, name=name, spec=dict(spec), problem=problem)

    def __repr__(self) -> str:
        return f"<SpecEntry {self.index} {self.name!r}>"


def _default_name(spec: dict[str, Any]) -> str:
    text = "-".join(str(spec.get(k, "")) for k in ("group", "in", "out", "format", "dtype"))
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    return re.sub(r"[^A-Za-z0-9._-]+", "", text)


def _problem(spec: dict[str, Any]) -> str | None:
    unknown = sorted(set(spec) - set(_KEYS))
    if unknown:
        return f"unknown key(s) {unknown}; an entry takes {list(_KEYS)}"
    if "grid" in spec and (
        not isinstance(spec["grid"], int) or isinstance(spec["grid"], bool) or spec["grid"] < 1
    ):
        return f"'grid' is the kernel side k, a positive integer; got {spec['grid']!r}"
    for key in ("group", "in", "out", "name", *_DEFAULTS):
        if key in spec and not isinstance(spec[key], str):
            return f"{key!r} must be a string, got {spec[key]!r}"
    missing = [k for k in ("group", "in", "out") if k not in spec]
    if missing:
        return f"missing key(s) {missing}"
    choices = {
        "method": ("auto", *BACKENDS),
        "format": SAVE_FORMATS,
        "dtype": SAVE_DTYPES,
    }
    for key, allowed in choices.items():
        if spec[key] not in allowed:
            return f"unknown {key} {spec[key]!r}; choose one of {list(allowed)}"
    if not re.fullmatch(r"[A-Za-z0-9._-]+", spec["name"]) or spec["name"].startswith("."):
        return f"name {spec['name']!r} must be a file name of letters, digits, '.', '_', '-'"
    return None


def load_spec(path: str | os.PathLike) -> list[SpecEntry]:
    """Read a spec file; each entry carries its resolved spec and any problem with it.

    Raises
    ------
    ParseError
        If the file is not valid TOML or has no ``[[projector]]`` list.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "spec.toml"
    >>> _ = p.write_text('[[projector]]\\ngroup = "D4"\\nin = "regular"\\nout = "trivial"\\n')
    >>> [(e.name, e.spec["format"], e.problem) for e in load_spec(p)]
    [('D4-regular-trivial-csr-float64', 'csr', None)]
    """
    try:
        data = tomllib.loads(Path(path).read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{path}: not valid TOML: {exc}") from None
    defaults = data.get("defaults", {})
    extra = sorted(set(data) - {"defaults", "projector"})
    bad_defaults = sorted(set(defaults) - set(_DEFAULTS)) if isinstance(defaults, dict) else None
    if extra or bad_defaults is None or bad_defaults:
        raise ParseError(
            f"{path}: expected only a [defaults] table with {list(_DEFAULTS)} and "
            f"[[projector]] entries; found {extra or bad_defaults or defaults!r}"
        )
    tables = data.get("projector")
    if not isinstance(tables, list) or not tables:
        raise ParseError(f"{path}: no [[projector]] entries")
    entries, seen = [], set()
    for index, table in enumerate(tables):
        spec = {**_DEFAULTS, **defaults, **table}
        spec.setdefault("name", _default_name(spec))
        problem = _problem(spec)
        name = str(spec["name"])
        if problem is None and name in seen:
            problem = f"name {name!r} is used by an earlier entry; give this one a 'name'"
        seen.add(name)
        entries.append(SpecEntry(index, name, spec, problem))
    return entries


def _nnz(P, format: str) -> int | None:
    """Non-zeros of the operator on vec(A), where the structure or the format tells them."""
    if isinstance(P.structure, Orbits) or format in ("csr", "coo", "dense"):
        return P.nnz()
    return None


def build_entry(task: dict[str, Any]) -> dict[str, Any]:
    """Build one entry's file and return its manifest record (never raises for bad input).

    ``task`` holds ``index``, ``name``, ``spec``, ``outdir`` and ``cache`` (a
    :class:`~groupproj.cache.Cache`). Runs in a worker process or thread.
    """
    spec, start = task["spec"], time.perf_counter()
    record: dict[str, Any] = {"index": task["index"], "name": task["name"], "status": "ok"}
    try:
        G = parse_group(spec["group"])
        V, W = parse_rep(spec["in"], G), parse_rep(spec["out"], G)
        expression_in = spec["in"]
        if "grid" in spec:  # a convolution kernel: maps from V ⊗ grid to W
            V = V * grid_rep(G, spec["grid"])
            expression_in = f"({expression_in})*grid{spec['grid']}"
        method, format, dtype = spec["method"], spec["format"], spec["dtype"]
        out = Path(task["outdir"]) / f"{task['name']}.npz"
        P = task["cache"].projector(V, W, method)
        written = save(
            P, out, format=format, dtype=dtype, expressions=(expression_in, spec["out"])
        )
        record.update(
            file=out.name,
            sha256=written["sha256"],
            dim=P.dim,
            method=P.method,
            nnz=_nnz(P, written["format"]),
            shape=list(P.shape),
        )
    except GroupprojError as exc:  # bad input, reported per entry; the batch goes on
        record.update(status="error", message=str(exc))
    except Exception as exc:  # anything else is reported the same way, with its type
        record.update(status="error", message=f"{type(exc).__name__}: {exc}")
    record["seconds"] = round(time.perf_counter() - start, 6)
    record["spec"] = spec
    return record


def _map_size(spec: dict[str, Any]) -> int:
    """dim V · dim W, the entries of a map; the pool starts the largest entries first."""
    try:
        G = parse_group(spec["group"])
        return parse_rep(spec["in"], G).dim * parse_rep(spec["out"], G).dim
    except GroupprojError:  # reported when the entry is built
        return 0


def _jobs(jobs: int | None) -> int:
    if jobs is not None:
        return max(1, int(jobs))
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


_ONE_BLAS_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
}
"""Environment of worker processes: one BLAS thread each, as Dask's worker processes have.

Floating-point results of BLAS calls can change in the last bits with the number of
threads; fixing it at one makes every scheduler write the same arrays (and saves
the workers from competing for cores)."""


@contextlib.contextmanager
def _worker_environment() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in _ONE_BLAS_THREAD}
    os.environ.update(_ONE_BLAS_THREAD)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _process_pool(tasks: list[dict], jobs: int) -> Iterator[dict]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fresh interpreters, so that they start with the environment above
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    try:
        with _worker_environment():  # workers start as tasks are submitted
            futures = [pool.submit(build_entry, t) for t in tasks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(tasks: list[dict], jobs: int, address: str | None) -> Iterator[dict]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise OptionalDependencyError(
            "--scheduler dask needs dask.distributed: pip install 'dask[distributed]'"
        ) from None
    cluster = None
    if address is None:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        )
    client = Client(address if address is not None else cluster)
    try:
        futures = [client.submit(build_entry, t, pure=False) for t in tasks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _execute(tasks: list[dict], jobs: int, scheduler: str, address: str | None) -> Iterable[dict]:
    if scheduler == "dask":
        return _dask(tasks, jobs, address)
    if scheduler != "processes":
        raise UnknownNameError(f"unknown scheduler {scheduler!r}; choose one of {SCHEDULERS}")
    if address is not None:
        raise UnknownNameError("an address names a dask cluster; use it with scheduler='dask'")
    return _process_pool(tasks, max(1, min(jobs, len(tasks))))


class _Progress:
    """A bar on a terminal, otherwise one line per finished entry."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty()

    def __call__(self, record: dict, note: str = "") -> None:
        self.done += 1
        if record["status"] == "ok":
            took = note or f"{record['seconds']:.3f} s"
            what = f"ok: dim {record['dim']}, {record['method']}, {took}"
        else:
            what = "error"
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r[{bar}] {self.done}/{self.total} {record['name']}: {what}"
            end = "\n" if self.done == self.total else ""
            self.stream.write(f"{line[:119]:<120}{end}")
        else:
            self.stream.write(f"[{self.done}/{self.total}] {record['name']}: {what}\n")
        self.stream.flush()


def _previous(outdir: Path) -> dict[int, dict]:
    try:
        manifest = json.loads((outdir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    if manifest.get("groupproj_version") != __version__:
        return {}
    return {r["index"]: r for r in manifest.get("entries", []) if isinstance(r, dict)}


def _up_to_date(record: dict | None, entry: SpecEntry, outdir: Path) -> bool:
    if not record or record.get("status") != "ok" or record.get("spec") != entry.spec:
        return False
    try:
        stored = load(outdir / record["file"], rebuild=False)
    except (GroupprojError, OSError):  # missing or damaged output: rebuild it
        return False
    return stored.metadata["sha256"] == record.get("sha256")


def run_batch(
    spec_path: str | os.PathLike,
    outdir: str | os.PathLike,
    jobs: int | None = None,
    scheduler: str = "processes",
    address: str | None = None,
    cache: str | os.PathLike | bool | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> dict[str, Any]:
    """Build every entry of a spec file into ``outdir`` and write ``outdir/manifest.json``.

    Parameters
    ----------
    spec_path : path
        The TOML spec (see the module docstring).
    outdir : path
        Output folder, created if missing; one ``<name>.npz`` per entry.
    jobs : int, optional
        Worker processes; default: the CPUs available. Workers are fresh
        interpreters with one BLAS thread each (so a script calling this needs
        the ``if __name__ == "__main__":`` guard of :mod:`multiprocessing`).
    scheduler : {"processes", "dask"}
        A local process pool, or Dask: the cluster at ``address`` or, without
        one, a local cluster of ``jobs`` worker processes on the loopback
        interface (needs ``dask[distributed]``).
    cache : path, bool or None
        As for :class:`groupproj.cache.Cache`; ``False`` turns it off.
    stdout, stderr : text streams
        Progress lines, and one line per failing entry; default ``sys.stdout``/``sys.stderr``.

    Returns
    -------
    dict
        The manifest written. Entries that fail are recorded with
        ``status = "error"`` and a message; the others are built regardless.
        An interrupt (Ctrl-C) writes the manifest of the entries finished so
        far and re-raises; no output file is ever half written.

    Examples
    --------
    >>> import io, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> spec = '[[projector]]\\ngroup = "S3"\\nin = "natural"\\nout = "natural"\\n'
    >>> _ = (d / "s.toml").write_text(spec)
    >>> m = run_batch(d / "s.toml", d / "out", jobs=1, cache=False, stdout=io.StringIO())
    >>> [(r["name"], r["status"], r["dim"]) for r in m["entries"]]
    [('S3-natural-natural-csr-float64', 'ok', 2)]
    """
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    spec_path, outdir = Path(spec_path), Path(outdir)
    entries = load_spec(spec_path)
    outdir.mkdir(parents=True, exist_ok=True)
    store = Cache(cache)
    previous = _previous(outdir)
    progress = _Progress(len(entries), stdout)
    records: dict[int, dict] = {}

    def finish(record: dict, note: str = "") -> None:
        records[record["index"]] = record
        if record["status"] == "error":
            label = f"entry {record['index']} {record['name']!r}"
            stderr.write(f"groupproj: error: {label}: {record['message']}\n")
            stderr.flush()
        progress(record, note)

    tasks = []
    for e in entries:
        if e.problem is not None:
            error = {"index": e.index, "name": e.name, "status": "error", "message": e.problem}
            finish({**error, "seconds": 0.0, "spec": e.spec})
        elif _up_to_date(previous.get(e.index), e, outdir):
            finish(previous[e.index], "up to date, skipped")
        else:
            task = {"index": e.index, "name": e.name, "spec": e.spec, "outdir": str(outdir)}
            tasks.append({**task, "cache": store})
    tasks.sort(key=lambda t: -_map_size(t["spec"]))  # stable: spec order among equals
    try:
        for record in _execute(tasks, _jobs(jobs), scheduler, address):
            finish(record)
    finally:
        manifest = _manifest(spec_path, records)
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        atomic_write(outdir / MANIFEST, lambda f: f.write(text.encode()))
    return manifest


def _manifest(spec_path: Path, records: dict[int, dict]) -> dict[str, Any]:
    entries = [records[i] for i in sorted(records)]
    return {
        "groupproj_version": __version__,
        "spec_sha256": hashlib.sha256(spec_path.read_bytes()).hexdigest(),
        "entries": entries,
        "summary": {
            "ok": sum(r["status"] == "ok" for r in entries),
            "error": sum(r["status"] == "error" for r in entries),
        },
    }
