"""Building one entry, in a worker process (or a Dask worker): the structure, then the file.

:func:`build_entry` never raises for a bad entry: every failure becomes its manifest record's
``message``. :func:`serve` is the loop of a worker process of the batch's pool; it exits when
the parent's end of its pipe closes or the parent process is gone, so that a batch killed
with ``kill -9`` leaves no workers behind for more than :data:`WATCH_SECONDS`.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from groupproj.batch.plan import resolve
from groupproj.equivariant.factory import choose_backend, projector
from groupproj.equivariant.files import save
from groupproj.equivariant.structure import Operator, Orbits
from groupproj.errors import GroupprojError
from groupproj.io import read_npz_header
from groupproj.limits import size_limit

__all__ = ["WATCH_SECONDS", "build_entry", "known_nnz", "serve"]

WATCH_SECONDS = 0.5
"""How often a worker process checks that the batch that started it still runs."""


def known_nnz(P: Any, path: Path | None, format: str) -> int | None:
    """Non-zeros of the operator on vec(A), where the structure (orbit ids, an explicit
    operator) or the ``csr``/``coo`` file at ``path`` tells them without building it."""
    if isinstance(P.structure, Orbits | Operator):
        return P.nnz()
    if path is not None and format in ("csr", "coo") and path.suffix == ".npz":
        return int(read_npz_header(path)[1]["data"][0][0])
    return None


def build_entry(task: dict[str, Any], report: Callable[[str], None] | None = None) -> dict:
    """Build one entry's file and return its manifest record (never raises for bad input).

    ``task`` holds ``number``, ``name``, ``spec``, ``format`` (resolved by the plan),
    ``outdir``, ``cache`` (a :class:`~groupproj.cache.Cache`) and ``max_bytes`` (the size
    limit the build and the export run under). ``report(stage)`` is called as each stage
    starts: reading the representations, building the structure, writing the file.
    """
    report = report or (lambda stage: None)
    spec, start = task["spec"], time.perf_counter()
    record: dict[str, Any] = {"number": task["number"], "name": task["name"], "status": "ok"}
    out = Path(task["outdir"]) / f"{task['name']}.npz"
    try:
        with size_limit(task["max_bytes"]):
            report("reading the representations")
            _, V, W, expression_in = resolve(spec)
            method = choose_backend(V, W, spec["method"]).name
            P = task["cache"].get(V, W, method)
            source = "cache"
            if P is None:
                report(f"building the {method} structure")
                P = projector(V, W, method)
                task["cache"].put(P)
                source = "built"
            report(f"writing {task['format']}")
            written = save(
                P,
                out,
                format=task["format"],
                dtype=spec["dtype"],
                expressions=(expression_in, spec["out"]),
            )
            record.update(
                file=out.name,
                format=written["format"],
                sha256=written["sha256"],
                dim=P.dim,
                method=P.method,
                nnz=known_nnz(P, out, written["format"]),
                shape=list(P.shape),
                source=source,
            )
    except GroupprojError as exc:  # bad input or a size limit: reported per entry
        record.update(status="error", error=type(exc).__name__, message=str(exc))
    except MemoryError:
        record.update(
            status="error",
            error="MemoryError",
            message="ran out of memory; lower --max-bytes so that the plan refuses such "
            "entries, or free memory",
        )
    except OSError as exc:
        record.update(
            status="error",
            error="OSError",
            message=f"cannot write {out}: {exc.strerror or exc}",
        )
    except Exception as exc:  # a defect: reported with its type, the batch goes on
        record.update(
            status="error", error=type(exc).__name__, message=f"{type(exc).__name__}: {exc}"
        )
    record["seconds"] = round(time.perf_counter() - start, 6)
    record["spec"] = spec
    return record


def _watch(parent: int) -> None:
    """Exit this process as soon as its parent is gone (re-parented to another process)."""
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(3)


def serve(conn: Any, parent: int) -> None:
    """The loop of a pool worker: receive tasks, report stages, send back records.

    Messages to the parent are ``("stage", number, text)`` and ``("done", number, record)``.
    Ctrl-C is left to the parent, which stops the workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent closed its end, or is gone
            return
        if task is None:
            return
        number = task["number"]

        def report(stage: str, number: int = number) -> None:
            conn.send(("stage", number, stage))

        try:
            conn.send(("done", number, build_entry(task, report)))
        except (BrokenPipeError, OSError):
            return
