"""Projector construction and application: orbit and spatial back-ends.

Times, side by side on the same machine:
- S_n natural^2 -> natural^2 with the orbit back-end, n = 5 … 60, and the
  dense operator it avoids;
- C_n and D_n regular -> regular with the orbit and the spatial back-ends.

Reports the scaling exponent of build time in n (a least-squares fit of
log time against log n), peak traced memory, and writes
benchmarks/results/projectors.json.

    python benchmarks/bench_projectors.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np

import groupproj as gp


def timed(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def peak_memory(fn):
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def symmetric_rows(ns):
    rows = []
    for n in ns:
        V = gp.symmetric(n).natural() ** 2

        def build(V=V):
            return gp.projector(V, V)  # the orbit ids are built with P

        t_build, P = timed(build, repeat=1 if n > 30 else 3)
        A = np.random.default_rng(0).standard_normal(P.shape)
        t_apply, _ = timed(lambda P=P, A=A: P(A))
        mem = peak_memory(build) if n <= 40 else None
        rows.append(
            {
                "case": f"S{n} natural^2->natural^2",
                "n": n,
                "method": P.method,
                "dim": P.dim,
                "map_entries": P.shape[0] * P.shape[1],
                "build_s": t_build,
                "apply_s": t_apply,
                "peak_bytes": mem,
                "dense_operator_entries": float(P.shape[0] * P.shape[1]) ** 2,
            }
        )
        print(
            f"S{n:<3} dim {P.dim:>3}  mn {P.shape[0] * P.shape[1]:>9}  build {t_build:8.4f} s"
            f"  apply {t_apply:8.4f} s  peak {mem or 0:>12} B"
        )
    return rows


def regular_rows(ns):
    rows = []
    for family in (gp.cyclic, gp.dihedral):
        for n in ns:
            G = family(n)
            V = G.regular()
            times = {}
            for method in ("orbit", "spatial"):
                t_build, P = timed(lambda V=V, m=method: gp.projector(V, V, method=m).basis())
                P = gp.projector(V, V, method=method)
                P.basis()
                A = np.random.default_rng(0).standard_normal(P.shape)
                t_apply, _ = timed(lambda P=P, A=A: P(A))
                times[method] = (t_build, t_apply, len(P.basis()))
            (ob, oa, od), (sb, sa, sd) = times["orbit"], times["spatial"]
            assert od == sd
            rows.append(
                {
                    "case": f"{G.name} regular->regular",
                    "n": n,
                    "dim": od,
                    "orbit_build_s": ob,
                    "orbit_apply_s": oa,
                    "spatial_build_s": sb,
                    "spatial_apply_s": sa,
                    "spatial_over_orbit_apply": sa / oa,
                }
            )
            print(
                f"{G.name:<5} dim {od:>4}  orbit build {ob:.4f} s apply {oa:.2e} s | spatial "
                f"build {sb:.4f} s apply {sa:.2e} s | spatial/orbit apply {sa / oa:6.1f}x"
            )
    return rows


def exponent(rows, key):
    ns = np.array([r["n"] for r in rows], dtype=float)
    ts = np.array([r[key] for r in rows])
    keep = ts > 1e-3
    return float(np.polyfit(np.log(ns[keep]), np.log(ts[keep]), 1)[0]) if keep.sum() > 1 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    args = parser.parse_args()
    sym_ns = [5, 10, 20] if args.quick else [5, 10, 20, 30, 40, 50, 60]
    reg_ns = [4, 8, 16] if args.quick else [4, 8, 16, 32, 64]
    sym = symmetric_rows(sym_ns)
    reg = regular_rows(reg_ns)
    slope = exponent(sym, "build_s")
    print(f"orbit build time ~ n^{slope:.2f} for S_n natural^2 (n^4 entries)")
    out = Path(__file__).parent / "results" / "projectors.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": platform.platform(),
                "python": platform.python_version(),
                "groupproj": gp.__version__,
                "quick": args.quick,
                "symmetric_orbit": sym,
                "regular": reg,
                "orbit_build_exponent": slope,
            },
            indent=1,
        )
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
