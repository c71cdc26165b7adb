"""Steerable kernel bases: groupproj's kernel_projector against escnn's R2Conv and R3Conv.

Run from the repository root, e.g. ``PYTHONPATH=. python benchmarks/bench_steerable.py``.
escnn is never a dependency of groupproj: give ``--escnn-python PATH`` for an interpreter
with escnn installed (it runs in a subprocess of this same run, so both build times come
from one run on one machine); without it, or if escnn cannot be imported there, the escnn
columns hold the dimensions that escnn's documented construction gives (the published
counts per ring, see below), labelled ``"source": "formula"``.

For each case (group, field types, kernel size) and each of two settings the script
reports the dimension of the kernel space and the build time:

``escnn defaults``
    escnn builds with its defaults (no ``rings``, ``sigma`` or ``frequencies_cutoff``);
    groupproj gets them restated as ``radii``, ``widths`` and per-ring ``band_limit``:
    radii 0, 1, …, ⌊(k−1)/2⌋, widths 0.6, the outermost 0.4 and 0.005 at radius 0, and
    the per-ring frequency cut-off of escnn 1.0.11 (2D ``_manual_fco1``: 0 at r = 0,
    ``min(2r, 2)`` on the outermost ring, ``min(2r, 2r − (r+1) mod 2)`` elsewhere; 3D
    ``min(2r, ⌊k/2⌋ − r + 2)``).
``groupproj defaults``
    groupproj's defaults (the same rings for odd k; band limit ⌊2r⌋ per ring), passed to
    escnn as ``rings``, ``sigma`` and ``frequencies_cutoff``.

Field types map one to one: SO(2) ``irrep(k)`` is escnn's ``irrep(k)``; O(2)
``irrep(0)``, ``irrep(0, -1)``, ``irrep(m)`` are escnn's ``irrep(0, 0)``, ``irrep(1, 0)``,
``irrep(1, m)``; SO(3) ``irrep(l)`` is ``irrep(l)``; O(3) ``irrep(l, p)`` is escnn's
``irrep(j, l)`` with ``j = 0`` for p = +1 and ``j = 1`` for p = −1.

Build time: ``kernel_projector(...)``, which builds the factors (groupproj), and the
construction of ``R2Conv``/``R3Conv`` (escnn), the first build in the process ("cold") and
the best of three more ("warm"; escnn keeps some bases in memory). Single-threaded. Results:
``benchmarks/results/steerable.json``.

The published counts (the "formula" source) are those of the harmonic analysis escnn
implements (Cesa, Lang and Weiler, "A program to build E(N)-equivariant steerable CNNs",
ICLR 2022; Weiler and Cesa, "General E(2)-equivariant steerable CNNs", NeurIPS 2019):
per ring of cut-off L, SO(2) ψ_m ← ψ_n has one real basis element per sign pair with
|±m ∓ n| ≤ L, O(2) half of that for 2-dimensional pairs and [a = b] for 1-dimensional
ones, SO(3) one per J ∈ [|l − l'|, l + l'] with J ≤ L, O(3) those with (−1)^J = p·p'.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded timings, set before numpy loads

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "steerable.json"

# (group, field type as labels, kernel sizes); a label is what the group's irrep() takes
CASES = [
    ("SO(2)", [[0], [1], [2]], (3, 5, 7)),
    ("SO(2)", [[0], [1], [2], [3]] * 4, (5,)),
    ("O(2)", [[0, 1], [0, -1], [1, 1], [2, 1]], (3, 5, 7)),
    ("SO(3)", [[0], [1], [2]], (3, 5)),
    ("O(3)", [[0, 1], [0, -1], [1, -1], [1, 1], [2, 1]], (3, 5)),
]


def escnn_defaults(k: int, ndim: int) -> tuple[list[float], list[float], list[int]]:
    """escnn's default rings, widths and per-ring frequency cut-offs (see the docstring)."""
    n_rings = math.ceil(k / 2)
    top = (k - 1) // 2
    radii = [top * i / (n_rings - 1) if n_rings > 1 else 0.0 for i in range(n_rings)]
    sigma = [0.6] * (n_rings - 1) + [0.4]
    sigma = [0.005 if r == 0 else s for r, s in zip(radii, sigma)]
    max_radius = k // 2
    if ndim == 2:

        def cutoff(r):
            if r == 0:
                return 0
            return min(2 * r, 2 if r == max_radius else 2 * r - (r + 1) % 2)
    else:

        def cutoff(r):
            return min(2 * r, max_radius - r + 2)

    return radii, sigma, [int(math.floor(cutoff(r))) for r in radii]


def groupproj_defaults(k: int, ndim: int) -> tuple[list[float], list[float], list[int]]:
    from groupproj.equivariant.steerable_basis import steerable_grid

    g = steerable_grid(k, ndim)
    return list(g.radii), list(g.widths), list(g.band_limits)


def settings(k: int, ndim: int) -> dict:
    return {
        "escnn defaults": escnn_defaults(k, ndim),
        "groupproj defaults": groupproj_defaults(k, ndim),
    }


# --- groupproj -------------------------------------------------------------------------------


def field(G, labels):
    rep = G.irrep(*labels[0])
    for lab in labels[1:]:
        rep = rep + G.irrep(*lab)
    return rep


def groupproj_build(group: str, labels, k: int, rings) -> dict:
    import groupproj as gp

    make = {"SO(2)": gp.SO2, "O(2)": gp.O2, "SO(3)": gp.SO3, "O(3)": gp.O3}[group]
    times, dim = [], None
    for _ in range(4):
        G = make()
        V = field(G, labels)  # fresh objects: no decomposition cached on them
        start = time.perf_counter()
        P = gp.kernel_projector(V, V, k, radii=rings[0], widths=rings[1], band_limit=rings[2])
        times.append(time.perf_counter() - start)
        dim = P.dim
    return {"dim": dim, "cold_s": times[0], "warm_s": min(times[1:])}


# --- escnn (in a subprocess, possibly another interpreter) -------------------------------------


def formula_dim(group: str, labels, rings) -> int:
    """The published count, per pair of field irreps and per ring (see the docstring)."""

    def so2(m, n, L):
        signs = lambda x: (1,) if x == 0 else (1, -1)  # noqa: E731
        return sum(abs(s * m - t * n) <= L for s in signs(m) for t in signs(n))

    def count(a, b, L):
        if group == "SO(2)":
            return so2(a[0], b[0], L)
        if group == "O(2)":
            if a[0] == 0 and b[0] == 0:
                return int(a[1] == b[1])
            return so2(a[0], b[0], L) // 2
        parity = 1 if group == "SO(3)" else a[1] * b[1]
        return sum(
            J <= L and (group == "SO(3)" or (-1) ** J == parity)
            for J in range(abs(a[0] - b[0]), a[0] + b[0] + 1)
        )

    return sum(count(a, b, L) for a in labels for b in labels for L in rings[2])


def escnn_worker() -> None:
    """Read the jobs (JSON on stdin), build each R2Conv/R3Conv, print the results as JSON."""
    import warnings

    sys.modules["jax"] = (
        None  # pymanopt (imported by escnn) loads jax if it can; escnn never needs it
    )
    warnings.filterwarnings("ignore")
    import escnn  # noqa: F401
    from escnn import gspaces, nn

    def gspace(group, top):
        if group == "SO(2)":
            return gspaces.rot2dOnR2(N=-1, maximum_frequency=top)
        if group == "O(2)":
            return gspaces.flipRot2dOnR2(N=-1, maximum_frequency=top)
        if group == "SO(3)":
            return gspaces.rot3dOnR3(maximum_frequency=top)
        return gspaces.flipRot3dOnR3(maximum_frequency=top)

    def irrep(gs, group, lab):
        if group == "O(2)":
            return gs.irrep(0, 0) if lab == [0, 1] else gs.irrep(1, lab[0])
        if group == "O(3)":
            return gs.fibergroup.irrep(0 if lab[1] == 1 else 1, lab[0])
        return gs.irrep(lab[0])

    out, result = [], sys.stdout
    sys.stdout = sys.stderr  # anything escnn prints goes to stderr; stdout carries the JSON
    for job in json.load(sys.stdin):
        group, labels, k = job["group"], job["labels"], job["k"]
        radii, sigma, limits = job["rings"]
        table = dict(zip(radii, limits))

        def cutoff(r, table=table):
            return table[min(table, key=lambda x: abs(x - r))]

        times, dim = [], None
        for _ in range(4):
            start = time.perf_counter()
            gs = gspace(group, max(limits) + 2 * max(lab[0] for lab in labels))
            ft = nn.FieldType(gs, [irrep(gs, group, lab) for lab in labels])
            options = {"rings": radii, "sigma": sigma, "frequencies_cutoff": cutoff}
            if job["setting"] == "escnn defaults":
                options = {}  # escnn's own defaults, which escnn_defaults() restates
            conv = (nn.R2Conv if group in ("SO(2)", "O(2)") else nn.R3Conv)(
                ft, ft, kernel_size=k, **options
            )
            times.append(time.perf_counter() - start)
            dim = int(conv.basisexpansion.dimension())
        out.append({"dim": dim, "cold_s": times[0], "warm_s": min(times[1:])})
    json.dump(out, result)


def escnn_results(python: str | None, jobs: list[dict]) -> tuple[list[dict], str]:
    if python:
        run = subprocess.run(
            [python, __file__, "--escnn-worker"],
            input=json.dumps(jobs), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode == 0:
            results = json.loads(run.stdout)
            return [dict(r, source="escnn") for r in results], "escnn"
        print(f"escnn worker failed ({python}):\n{run.stderr[-2000:]}", file=sys.stderr)
    rows = [
        {"dim": formula_dim(j["group"], j["labels"], j["rings"]), "source": "formula"}
        for j in jobs
    ]
    return rows, "formula"


def escnn_version(python: str | None) -> str | None:
    if not python:
        return None
    code = (
        "import sys; sys.modules['jax'] = None; import escnn, numpy, torch; "
        "print(f'escnn {escnn.__version__}, numpy {numpy.__version__}, torch {torch.__version__}')"
    )
    run = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return run.stdout.strip() or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escnn-python", help="an interpreter with escnn installed")
    parser.add_argument("--escnn-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.escnn_worker:
        escnn_worker()
        return
    jobs = []
    for group, labels, sizes in CASES:
        ndim = 2 if group in ("SO(2)", "O(2)") else 3
        for k in sizes:
            for setting, rings in settings(k, ndim).items():
                jobs.append(
                    {"group": group, "labels": labels, "k": k, "setting": setting, "rings": rings}
                )
    ours = [groupproj_build(j["group"], j["labels"], j["k"], j["rings"]) for j in jobs]
    theirs, source = escnn_results(args.escnn_python, jobs)
    rows = []
    print(f"escnn column: {source}")
    print(f"{'group':6} {'fields':>7} {'k':>2} {'setting':19} {'groupproj':>9} {'escnn':>6} "
          f"{'formula':>7} {'gp cold/warm ms':>16} {'escnn cold/warm ms':>19}")  # fmt: skip
    for j, a, b in zip(jobs, ours, theirs):
        row = {**j, "formula_dim": formula_dim(j["group"], j["labels"], j["rings"])}
        row.update({"groupproj": a, "escnn": b})
        rows.append(row)
        t_b = f"{b['cold_s'] * 1e3:8.1f}/{b['warm_s'] * 1e3:8.1f}" if "cold_s" in b else "-"
        print(
            f"{j['group']:6} {len(j['labels']):7d} {j['k']:2d} {j['setting']:19} {a['dim']:9d} "
            f"{b['dim']:6d} {row['formula_dim']:7d} "
            f"{a['cold_s'] * 1e3:7.1f}/{a['warm_s'] * 1e3:8.1f} {t_b:>19}"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    import numpy

    meta = {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "machine": platform.machine(),
        "escnn_source": source,
        "escnn_version": escnn_version(args.escnn_python) if source == "escnn" else None,
        "threads": 1,
    }
    RESULTS.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    print(f"wrote {RESULTS.name} in benchmarks/results")


if __name__ == "__main__":
    main()
