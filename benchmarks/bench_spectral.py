"""Build time, apply time and peak memory of the spectral back-end on finite groups.

Each (case, back-end) runs in a fresh interpreter: build ``P = gp.projector(V, W, method)``
and apply it to one map (the build: for the spectral back-end the isotypic decompositions
of V and W, for the orbit back-end the orbit ids, for the spatial back-end the stacked
transversal matrices), then apply P to a batch of random maps (the apply time per map). Peak
memory is the peak of traced allocations (``tracemalloc``, which numpy reports to) and the
largest resident set of the child. Ratios are against the spectral run of the same case.
A back-end whose estimated cost (``Projector.cost``) or operator memory is out of reach is
reported as skipped, with the estimate.

The factored export of the spectral projector stores Q_W, Q_V (their non-zeros when sparse)
and the endomorphism bases; its size is compared with the dense (mn)² operator.

Results go to ``benchmarks/results/spectral.json``.

    PYTHONPATH=. python benchmarks/bench_spectral.py [--repeat 1] [--batch 2]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "D64 regular*regular -> regular": ("D64", "regular^2", "regular"),
    "S8 natural^4 -> trivial": ("S8", "natural^4", "trivial"),
    "A5 regular*natural -> regular*natural": ("A5", "regular*natural", "regular*natural"),
    "I regular*natural -> regular*natural": ("I", "regular*natural", "regular*natural"),
}
METHODS = ("spectral", "orbit", "spatial")
MAX_COST = 5e11
"""Back-ends estimated above this many multiply-adds per map are skipped."""
MAX_SPATIAL_BYTES = 2**31
"""The spatial back-end stacks Σ|U_i| matrices of V and of W; larger stacks are skipped."""

CHILD = r"""
import json, resource, sys, time, tracemalloc
import numpy as np
import scipy.sparse
import groupproj as gp
from groupproj.parse import parse_group, parse_rep

group, rin, rout, method, batch = sys.argv[1:6]
G = parse_group(group)
V, W = parse_rep(rin, G), parse_rep(rout, G)
A = np.random.default_rng(0).standard_normal((int(batch), W.dim, V.dim))
tracemalloc.start()
start = time.perf_counter()
P = gp.projector(V, W, method=method)
P(A[:1])
build = time.perf_counter() - start
dim = None if method == "spatial" else P.dim  # spatial finds its basis by random probing
start = time.perf_counter()
PA = P(A)
apply = (time.perf_counter() - start) / int(batch)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
out = {"dim": dim, "build_s": build, "apply_s": apply, "peak_traced_mb": peak / 2**20,
       "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
       "checksum": float(np.abs(PA).sum())}
if method == "spectral":
    QW, blocks, QV = P.structure.factors
    size = lambda Q: Q.nnz if scipy.sparse.issparse(Q) else Q.size
    out["factored_numbers"] = int(size(QW) + size(QV) + sum(b.endomorphisms.size for b in blocks))
    out["dense_numbers"] = (W.dim * V.dim) ** 2
print(json.dumps(out))
"""


def estimate(group: str, rin: str, rout: str, method: str) -> str | None:
    """Why ``method`` is skipped for this case, or ``None``."""
    from groupproj.equivariant.factory import BACKENDS
    from groupproj.parse import parse_group, parse_rep

    G = parse_group(group)
    V, W = parse_rep(rin, G), parse_rep(rout, G)
    cls = BACKENDS[method]
    reason = cls.unsuitable(V, W)
    if reason is not None:
        return reason
    cost = cls.cost(V, W)
    if cost > MAX_COST:
        return f"estimated {cost:.3g} multiply-adds per map"
    if method == "spatial":
        stacked = 8 * sum(len(u) for u in G.transversals()) * (V.dim**2 + W.dim**2)
        if stacked > MAX_SPATIAL_BYTES:
            return f"would stack {stacked / 2**30:.1f} GiB of matrices"
    return None


def run(group: str, rin: str, rout: str, method: str, batch: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, group, rin, rout, method, str(batch)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2)
    args = parser.parse_args()
    results = {}
    for name, (group, rin, rout) in CASES.items():
        case = {}
        for method in METHODS:
            reason = estimate(group, rin, rout, method)
            if reason is not None:
                case[method] = {"skipped": reason}
                continue
            runs = [run(group, rin, rout, method, args.batch) for _ in range(args.repeat)]
            case[method] = min(runs, key=lambda r: r["build_s"] + r["apply_s"])
        base = case["spectral"]
        for method, r in case.items():
            if "skipped" not in r and method != "spectral":
                r["build_ratio_vs_spectral"] = r["build_s"] / base["build_s"]
                r["apply_ratio_vs_spectral"] = r["apply_s"] / base["apply_s"]
        results[name] = case
        print(name)
        for method, r in case.items():
            if "skipped" in r:
                print(f"  {method:<9} skipped: {r['skipped']}")
            else:
                print(
                    f"  {method:<9} dim {r['dim']!s:>6}  build {r['build_s']:8.3f} s  "
                    f"apply {r['apply_s']:8.4f} s/map  traced peak {r['peak_traced_mb']:8.1f} MB"
                    f"  max RSS {r['max_rss_mb']:8.1f} MB"
                )
        if "factored_numbers" in base:
            print(
                f"  factored export {base['factored_numbers']:.3g} numbers vs dense "
                f"{base['dense_numbers']:.3g}"
            )
    record = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "batch": args.batch,
        "cases": results,
    }
    out = ROOT / "benchmarks" / "results" / "spectral.json"
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
