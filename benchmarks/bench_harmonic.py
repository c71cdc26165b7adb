"""Timing ratios for groupproj.harmonic against sympy, e3nn and spherical.

Run from the repository root with the package importable, e.g.
``PYTHONPATH=. python benchmarks/bench_harmonic.py`` (``--quick`` for a short run).
Every groupproj timing is taken with its caches cleared, i.e. it measures the
first call. Results are printed and written to ``benchmarks/results/harmonic.json``.
A ratio is ``other_time / groupproj_time``: above 1 means groupproj is faster.
All libraries run single-threaded (BLAS, torch and numba thread counts set to 1)
so that the ratios do not depend on how busy the machine's other cores are.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded timings, set before numpy loads

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402
from sympy.physics.quantum.cg import CG  # noqa: E402

from groupproj.harmonic import clebsch_gordan, radicals, wigner, wigner_D  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "harmonic.json"


def clear_groupproj_caches() -> None:
    cg = importlib.import_module("groupproj.harmonic.clebsch_gordan")
    for fn in (
        cg._exact_squares,
        cg._exact_flat_cached,
        cg._float_tensor,
        cg._coupled_eigenvectors,
        radicals._sqrt_squarefree,
        wigner._jx_eigenvectors,
    ):
        fn.cache_clear()


def clear_e3nn() -> None:
    """Clear e3nn's memoised Clebsch-Gordan tables so that its first call is timed."""
    wig = importlib.import_module("e3nn.o3._wigner")
    for name in ("_so3_clebsch_gordan", "_su2_clebsch_gordan"):
        fn = getattr(wig, name, None)
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def best_time(fn, repeat: int, setup=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def sympy_cg_loop(j1, j2, j, all_entries: bool) -> None:
    """Build the same tensor entry by entry with sympy's ``CG(...).doit()``."""
    for m1 in np.arange(-j1, j1 + 1):
        for m2 in np.arange(-j2, j2 + 1):
            columns = np.arange(-j, j + 1) if all_entries else [m1 + m2]
            for m in columns:
                if abs(m) <= j:
                    CG(sp.nsimplify(j1), sp.nsimplify(m1), sp.nsimplify(j2), sp.nsimplify(m2),
                       sp.nsimplify(j), sp.nsimplify(m)).doit()  # fmt: skip


def bench_exact_cg(spins, repeat) -> list[dict]:
    rows = []
    for j in spins:
        ours = best_time(
            lambda j=j: clebsch_gordan(j, j, j, exact=True), repeat, clear_groupproj_caches
        )
        theirs = best_time(lambda j=j: sympy_cg_loop(j, j, j, False), 1, clear_cache)
        row = {"j1": j, "j2": j, "J": j, "groupproj_s": ours, "sympy_m1+m2=M_s": theirs}
        row["ratio_vs_sympy"] = theirs / ours
        if j <= 5:
            every = best_time(lambda j=j: sympy_cg_loop(j, j, j, True), 1, clear_cache)
            row["sympy_all_entries_s"] = every
            row["ratio_vs_sympy_all_entries"] = every / ours
        rows.append(row)
        print(f"exact CG ({j},{j}->{j}): groupproj {ours:.4f}s  sympy {theirs:.3f}s  "
              f"ratio {theirs / ours:.1f}x")  # fmt: skip
    return rows


def bench_exact_cg_all_j(j, repeat) -> dict:
    def ours():
        for J in range(0, 2 * j + 1):
            clebsch_gordan(j, j, J, exact=True)

    def theirs():
        for J in range(0, 2 * j + 1):
            sympy_cg_loop(j, j, J, False)

    t_ours = best_time(ours, repeat, clear_groupproj_caches)
    t_theirs = best_time(theirs, 1, clear_cache)
    print(f"exact CG ({j},{j}->all J): groupproj {t_ours:.3f}s  sympy {t_theirs:.2f}s  "
          f"ratio {t_theirs / t_ours:.1f}x")  # fmt: skip
    return {"j1": j, "j2": j, "J": "all", "groupproj_s": t_ours, "sympy_m1+m2=M_s": t_theirs,
            "ratio_vs_sympy": t_theirs / t_ours}  # fmt: skip


def optional(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def bench_float(degrees, repeat, batch) -> tuple[list[dict], list[str]]:
    notes = []
    torch, o3 = optional("torch"), optional("e3nn.o3")
    if torch is not None and o3 is not None:
        torch.set_default_dtype(torch.float64)
        torch.set_num_threads(1)
    else:
        notes.append("e3nn not importable: e3nn columns skipped")
    spherical, quaternionic = optional("spherical"), optional("quaternionic")
    if spherical is None or quaternionic is None:
        notes.append("spherical not importable: spherical columns skipped")
    else:
        notes.append(
            "spherical: Wigner(l).D(R) on unit quaternions, which returns every ell <= l "
            "(complex basis); the Wigner object is built and JIT-compiled before timing"
        )
    notes.append("spherical has no Clebsch-Gordan tensor in this comparison")
    rng = np.random.default_rng(0)
    angles = rng.uniform(0, 2 * np.pi, size=(3, batch))
    if o3 is not None:
        torch_angles = [torch.tensor(a) for a in angles]
    rows = []
    for l in degrees:
        row = {"l": l}
        row["cg_groupproj_s"] = best_time(
            lambda l=l: clebsch_gordan(l, l, l, basis="real"), repeat, clear_groupproj_caches
        )
        row["D_groupproj_s"] = best_time(
            lambda l=l: wigner_D(l, *angles, basis="real"), repeat, clear_groupproj_caches
        )
        if o3 is not None:
            row["cg_e3nn_s"] = best_time(lambda l=l: o3.wigner_3j(l, l, l), repeat, clear_e3nn)
            row["D_e3nn_s"] = best_time(lambda l=l: o3.wigner_D(l, *torch_angles), repeat)
            row["cg_ratio_vs_e3nn"] = row["cg_e3nn_s"] / row["cg_groupproj_s"]
            row["D_ratio_vs_e3nn"] = row["D_e3nn_s"] / row["D_groupproj_s"]
        if spherical is not None and quaternionic is not None:
            w = spherical.Wigner(l)
            R = quaternionic.array.from_euler_angles(*angles)
            w.D(R)  # compile
            row["D_spherical_s"] = best_time(lambda w=w, R=R: w.D(R), repeat)
            row["D_ratio_vs_spherical"] = row["D_spherical_s"] / row["D_groupproj_s"]
        rows.append(row)
        extras = "  ".join(f"{k} {v:.2f}x" for k, v in row.items() if "_ratio_vs_" in k)
        print(f"float l={l}: CG {row['cg_groupproj_s']:.4f}s  D[{batch}] "
              f"{row['D_groupproj_s']:.4f}s  {extras}")  # fmt: skip
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few sizes, one repeat")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    spins = [1, 2, 5] if args.quick else list(range(1, 11))
    degrees = [1, 5, 10] if args.quick else [1, 2, 5, 10, 20, 30, 40, 50]
    batch = 16 if args.quick else 100
    exact_rows = bench_exact_cg(spins, repeat)
    if not args.quick:
        exact_rows.append(bench_exact_cg_all_j(10, repeat))
    float_rows, notes = bench_float(degrees, repeat, batch)
    for note in notes:
        print("note:", note)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "quick": args.quick,
                "python": platform.python_version(),
                "numpy": np.__version__,
                "sympy": sp.__version__,
                "machine": platform.machine(),
                "angles_per_D_call": batch,
                "exact_clebsch_gordan": exact_rows,
                "float": float_rows,
                "notes": notes,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
