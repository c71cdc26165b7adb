"""Projector construction for SO(3) tensor-product representations: spectral vs quadrature.

Run from the repository root, e.g. ``PYTHONPATH=. python benchmarks/bench_compact.py``
(``--quick`` for the small cases only). For each Hom_SO(3)(V, W) the timing covers
building the projector from scratch and applying it to one random map (the
decomposition or the quadrature matrices included; caches of Wigner and
Clebsch–Gordan tables cleared). The ratio is ``quadrature_time / spectral_time``:
above 1 means the spectral back-end is faster. The two results are compared
entrywise. Quadrature cases whose stacked matrices would exceed the memory budget
are skipped. Results go to ``benchmarks/results/compact.json``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded timings, set before numpy loads

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import pickle  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import groupproj as gp  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "compact.json"
QUADRATURE_BUDGET = 1.5e9
"""Largest memory in bytes for the stacked quadrature matrices of one case."""


def clear_caches() -> None:
    cg = importlib.import_module("groupproj.harmonic.clebsch_gordan")
    wigner = importlib.import_module("groupproj.harmonic.wigner")
    for fn in (cg._float_tensor, cg._coupled_eigenvectors, wigner._jx_eigenvectors):
        fn.cache_clear()


def cases(quick: bool) -> list[tuple[str, object, object]]:
    G = gp.SO3()
    V = G.natural()
    low = G.irrep(0) + G.irrep(1) + G.irrep(2) + G.irrep(3)
    out = [(f"natural^{k} -> natural^{k}", V**k, V**k) for k in range(2, 5 if quick else 7)]
    out.append(("(D0+D1+D2+D3)^2 -> (D0+D1+D2+D3)^2", low**2, low**2))
    if not quick:
        out.append(("natural^7 -> natural", V**7, V))
        out.append(("(D0+D1+D2+D3)^3 -> D1", low**3, G.irrep(1)))
    return out


def quadrature_bytes(V, W) -> float:
    G = V.group
    levels = G.quadrature_levels(G.degree(V) + G.degree(W))
    return 8.0 * sum(len(keys) for keys, _ in levels) * (V.dim**2 + W.dim**2)


def timed(method: str, V, W, A: np.ndarray) -> tuple[float, np.ndarray]:
    V, W = pickle.loads(pickle.dumps((V, W)))  # fresh objects: no cached decompositions
    clear_caches()
    start = time.perf_counter()
    P = gp.projector(V, W, method=method)
    out = P(A)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small cases only")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    for name, V, W in cases(args.quick):
        A = rng.standard_normal((W.dim, V.dim))
        t_spec, out_spec = timed("spectral", V, W, A)
        row = {"case": name, "V_dim": V.dim, "W_dim": W.dim, "spectral_s": t_spec}
        if quadrature_bytes(V, W) <= QUADRATURE_BUDGET:
            t_quad, out_quad = timed("quadrature", V, W, A)
            row["quadrature_s"] = t_quad
            row["ratio_quadrature_over_spectral"] = t_quad / t_spec
            row["max_abs_difference"] = float(np.abs(out_spec - out_quad).max())
        else:
            row["quadrature_s"] = None
            row["skipped"] = f"quadrature matrices need {quadrature_bytes(V, W) / 1e9:.1f} GB"
        rows.append(row)
        ratio = row.get("ratio_quadrature_over_spectral")
        print(
            f"{name:40s} dims {V.dim:5d} -> {W.dim:5d}  spectral {t_spec:8.3f}s  "
            + (f"quadrature/spectral {ratio:8.1f}" if ratio else row["skipped"])
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "processor": platform.processor(),
        "threads": 1,
        "quick": args.quick,
    }
    RESULTS.write_text(json.dumps({"meta": meta, "cases": rows}, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
