"""The price of ``method="auto"``: building with auto against naming the back-end it picks.

Run from the repository root: ``PYTHONPATH=. python benchmarks/bench_auto.py``. For each
workload, fresh representations are built in every repetition (so no decomposition or orbit
table cached on them is reused), and the time of ``gp.projector(V, W)`` is set against
``gp.projector(V, W, method=<the back-end auto picks>)`` in the same run, interleaved.
The ratio auto / named is the cost of choosing; the target is at most 1.2. Results go to
``benchmarks/results/auto.json``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded timings, set before numpy loads

import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import groupproj as gp  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "auto.json"


def workloads():
    """(name, a function returning fresh (V, W), repetitions)."""

    def symmetric(n, k, l):
        def make():
            N = gp.symmetric(n).natural()
            return N**k, N**l

        return make

    def so3(a, b):
        def make():
            G = gp.SO3()
            return G.natural() ** a, G.natural() ** b

        return make

    def ico():
        I = gp.icosahedral()
        return I.natural() * I.natural(), I.natural()

    def d64():
        D = gp.dihedral(64)
        return D.regular() * D.regular(), D.regular()

    return [
        ("S60 natural^2 -> natural", symmetric(60, 2, 1), 5),
        ("S100 natural^2 -> natural", symmetric(100, 2, 1), 3),
        ("S20 natural^2 -> natural^2", symmetric(20, 2, 2), 3),
        ("SO(3) natural -> natural (9-dim maps)", so3(1, 1), 50),
        ("SO(3) natural^2 -> natural^2", so3(2, 2), 20),
        ("SO(3) natural^4 -> natural^2", so3(4, 2), 5),
        ("I natural^2 -> natural", ico, 10),
        ("D64 regular^2 -> regular", d64, 3),
    ]


def timed(make, method: str) -> float:
    """Seconds to build the projector for fresh representations from ``make``."""
    V, W = make()
    start = time.perf_counter()
    gp.projector(V, W, method=method)
    return time.perf_counter() - start


def main() -> None:
    rows = []
    for name, make, repeat in workloads():
        V, W = make()
        method = gp.projector(V, W).method
        times = {"auto": [], method: []}
        for i in range(2 * repeat):  # interleaved, alternating which goes first
            for m in ("auto", method) if i % 2 else (method, "auto"):
                times[m].append(timed(make, m))
        auto, named = float(np.median(times["auto"])), float(np.median(times[method]))
        rows.append(
            {
                "workload": name,
                "method": method,
                "auto_s": auto,
                "named_s": named,
                "ratio_auto_over_named": auto / named,
            }  # fmt: skip
        )
        print(f"{name:40s} {method:9s} auto {auto:9.4f} s  named {named:9.4f} s  "
              f"ratio {auto / named:5.2f}")  # fmt: skip
    meta = {"python": platform.python_version(), "numpy": np.__version__,
            "machine": platform.machine(), "threads": 1}  # fmt: skip
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"meta": meta, "cases": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
