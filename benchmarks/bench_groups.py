"""Orders and membership of the named families: family tags vs Schreier–Sims.

Run from the repository root, e.g. ``PYTHONPATH=. python benchmarks/bench_groups.py``
(``--quick`` for the small cases only). For each named family (C_n, D_n, S_n, A_n) the
timing covers building the group and asking for its order, then testing membership of one
element; the baseline is the same generators as an untagged
``gp.permutation_group``, where both go through sympy's Schreier–Sims. The ratio is
``schreier_sims_time / tag_time``: above 1 means the tag is faster. Both orders are checked
equal. Results go to ``benchmarks/results/groups.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

import groupproj as gp

RESULTS = Path(__file__).parent / "results" / "groups.json"


def cases(quick: bool) -> list[tuple[str, object, int]]:
    sizes = {"cyclic": 500, "dihedral": 500, "symmetric": 30, "alternating": 30}
    if not quick:
        sizes = {"cyclic": 3000, "dihedral": 3000, "symmetric": 100, "alternating": 100}
    makers = {
        "cyclic": gp.cyclic,
        "dihedral": gp.dihedral,
        "symmetric": gp.symmetric,
        "alternating": gp.alternating,
    }
    return [(f"{name}({n})", makers[name], n) for name, n in sizes.items()]


def timed(build, arg) -> tuple[float, int]:
    start = time.perf_counter()
    G = build(arg)
    order = G.order
    g = G.generators[-1]
    assert (g * g).data in G
    return time.perf_counter() - start, order


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small cases only")
    args = parser.parse_args()
    rows = []
    for name, make, n in cases(args.quick):
        t_tag, order = timed(make, n)
        gens = [g.data for g in make(n).generators]
        t_ss, order_ss = timed(gp.permutation_group, gens)
        assert order == order_ss, (name, order, order_ss)
        rows.append(
            {
                "case": name,
                "tag_s": t_tag,
                "schreier_sims_s": t_ss,
                "ratio_schreier_sims_over_tag": t_ss / t_tag,
            }
        )
        print(
            f"{name:18s} tag {t_tag:8.4f}s  Schreier–Sims {t_ss:8.3f}s  ratio {t_ss / t_tag:9.1f}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "processor": platform.processor(),
        "quick": args.quick,
    }
    RESULTS.write_text(json.dumps({"meta": meta, "cases": rows}, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
