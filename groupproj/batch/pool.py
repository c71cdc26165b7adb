"""Running tasks: a pool of worker processes within a memory budget, or Dask.

The pool (:func:`run_pool`) starts up to ``jobs`` fresh interpreters (``spawn``), each with one
BLAS thread, and hands each task to an idle worker only while the estimated memory of the
running tasks stays within the budget (one task always runs, however large; the plan has
refused any above the size limit). A worker that ran a task estimated above
:data:`RECYCLE_BYTES` is replaced by a fresh one, so that the memory it held goes back to
the system. A worker that dies (killed, out of memory) fails only its own task. Workers exit
by themselves when the batch is gone (:func:`groupproj.batch.worker.serve`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import wait
from typing import Any

from groupproj.batch.worker import build_entry, serve
from groupproj.errors import OptionalDependencyError

__all__ = ["RECYCLE_BYTES", "run_dask", "run_pool"]

RECYCLE_BYTES = 256 * 2**20
"""A worker that ran a task estimated above this many bytes is replaced by a fresh one."""
TICK_SECONDS = 0.25
"""How often the pool wakes to redraw progress while tasks run."""

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


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=serve, args=(child, os.getpid()), daemon=True)
        with _worker_environment():
            self.process.start()
        child.close()
        self.task: dict | None = None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.conn.close()

    def kill(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)


def _died(task: dict, process: Any) -> dict:
    code = process.exitcode
    how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited ({code})"
    hint = " (out of memory?)" if code in (-9, 137) else ""
    return {
        "number": task["number"],
        "name": task["name"],
        "status": "error",
        "error": "WorkerDied",
        "message": f"the worker process {how}{hint} while building this entry",
        "seconds": 0.0,
        "spec": task["spec"],
    }


def run_pool(
    tasks: list[dict],
    jobs: int,
    budget: float,
    on_stage: Callable[[int, str], None],
    on_tick: Callable[[], None],
) -> Iterator[dict]:
    """Yield each task's record as it finishes (see the module docstring).

    ``task["memory"]`` is its estimated peak; ``on_stage(number, text)`` is called when a
    worker reports a stage and ``on_tick()`` every :data:`TICK_SECONDS` while tasks run.
    Stops every worker on the way out, including on Ctrl-C.
    """
    context = multiprocessing.get_context("spawn")
    pending = deque(tasks)
    workers: list[_Worker] = []
    try:
        while pending or any(w.task for w in workers):
            running = [w for w in workers if w.task]
            used = sum(w.task["memory"] for w in running)
            while pending and len(running) < jobs:
                task = next((t for t in pending if used + t["memory"] <= budget), None)
                if task is None and running:
                    break
                task = task or pending[0]
                pending.remove(task)
                idle = next((w for w in workers if not w.task), None)
                if idle is None:
                    idle = _Worker(context)
                    workers.append(idle)
                idle.task = task
                idle.conn.send(task)
                running.append(idle)
                used += task["memory"]
            ready = wait(
                [w.conn for w in running] + [w.process.sentinel for w in running], TICK_SECONDS
            )
            for w in running:
                record = None
                if w.conn in ready:
                    try:
                        kind, number, payload = w.conn.recv()
                    except (EOFError, OSError):
                        w.process.join(timeout=5)
                        record = _died(w.task, w.process)
                    else:
                        if kind == "stage":
                            on_stage(number, payload)
                            continue
                        record = payload
                elif w.process.sentinel in ready:
                    w.process.join(timeout=5)
                    record = _died(w.task, w.process)
                if record is None:
                    continue
                big = w.task["memory"] > RECYCLE_BYTES
                w.task = None
                if record.get("error") == "WorkerDied" or big:
                    (w.kill if record.get("error") == "WorkerDied" else w.stop)()
                    workers.remove(w)
                yield record
            on_tick()
    finally:
        for w in workers:
            if w.task:
                w.kill()
            else:
                w.stop()
        for w in workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()


def run_dask(tasks: list[dict], jobs: int, address: str | None) -> Iterator[dict]:
    """Yield each task's record as it finishes on Dask: the cluster at ``address`` or a
    local cluster of ``jobs`` worker processes (needs ``dask[distributed]``)."""
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
