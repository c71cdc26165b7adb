"""The projection penalty per training step, measured against its memory floor.

For each workload (a model, its penalised parameters and their projectors), a worker
process times, interleaved round by round so that every method sees the same machine:

``plain``
    the training step: forward, loss, backward.
``floor``
    a fused ‖T‖² forward and backward over the same parameters: one read of every weight
    forward, one read and one write backward (a ``torch.autograd.Function`` of dot products).
``ours``
    ``groupproj.torch.ProjectionPenalty`` (λ_⊥‖T − P(T)‖², ``form="auto"``), forward and
    backward.
``sampleW-K``
    weight-space sampling, K = 1, 4, 16 group elements per step: the mean of
    ‖ρ_out(g) T − T ρ_in(g)‖² with dense representation matrices, as published code does
    (``baselines.py``); for the MLP, block by block on the copies of the field type.
``denseQ``
    ‖T‖² − ‖Qᵀ vec T‖² with the dense N×D basis Q of the equivariant maps, where Q fits in
    ``--max-dense`` bytes (1 GiB; 16 GiB on a GPU); elsewhere the bytes it would need are
    recorded.

Each step sets the gradients to ``None`` first, as ``zero_grad()`` does. The run also
measures the DRAM bandwidth with a large copy; the bandwidth bound of the penalty is one
read and one write of every penalised weight at that bandwidth. Figures are the best over
the rounds (sharing the machine only adds time) with the median beside it; ratios use the
best.

Targets (one thread on a CPU): ours ≤ 3× the floor on every workload, ≤ 2 % of the plain
step and ≥ 50× cheaper than sampleW-4 on the CNNs. On a GPU, the anchor: a 4-layer Conv3d
net (48 channels, batch 32, 28³ inputs), ours ≤ 1 % of the step.

Usage: python benchmarks/bench_penalty.py [--device cpu|cuda] [--quick]
    [--workloads mlp-1024,cnn2d-64,...] [--rounds N]
Writes benchmarks/results/penalty_<device>.json and penalty_<device>.txt.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join("benchmarks", "results")  # relative to the repository root
POOL = 256  # Haar samples of SO(3) for the MLP's sampled penalty
KS = (1, 4, 16)

# name: (kind, parameters); fields = copies of the regular representation (CNNs) or of
# the SO(3) irreps l = 0..3, 16 dimensions (MLP)
WORKLOADS = {
    "mlp-256": ("mlp", dict(copies=16, batch=64)),
    "mlp-1024": ("mlp", dict(copies=64, batch=64)),
    "mlp-4096": ("mlp", dict(copies=256, batch=64)),
    "cnn2d-64": ("cnn", dict(group="D4", fields=64, image=16, batch=8, layers=2)),
    "cnn2d-128": ("cnn", dict(group="D4", fields=128, image=16, batch=8, layers=2)),
    "cnn3d-4": ("cnn", dict(group="O", fields=4, image=8, batch=2, layers=2)),
    "cnn3d-8": ("cnn", dict(group="O", fields=8, image=16, batch=2, layers=2)),
    "cnn3d-anchor": ("cnn", dict(group="O", fields=2, image=28, batch=32, layers=4)),
}
DEFAULT = {
    "cpu": [w for w in WORKLOADS if w != "cnn3d-anchor"],
    "cuda": list(WORKLOADS),
}
QUICK = ["mlp-256", "mlp-1024", "cnn2d-64", "cnn3d-4"]


# --- workloads --------------------------------------------------------------------------


def build_mlp(copies, batch, device):
    """Three Linear layers (ReLU between) on ``copies`` copies of l = 0..3 of SO(3)."""
    import torch

    import groupproj as gp
    from groupproj.groups import SO3

    G = SO3()
    unit = gp.direct_sum(*[G.irrep(lval) for lval in range(4)])
    rep = gp.direct_sum(*[unit] * copies)
    C = rep.dim
    net = torch.nn.Sequential(
        torch.nn.Linear(C, C), torch.nn.ReLU(), torch.nn.Linear(C, C), torch.nn.ReLU(),
        torch.nn.Linear(C, C),
    ).to(device)  # fmt: skip
    P, Pb = gp.projector(rep, rep), gp.bias_projector(rep)
    projectors = {}
    for i in (0, 2, 4):
        projectors[f"{i}.weight"], projectors[f"{i}.bias"] = P, Pb
    x = torch.randn(batch, C, device=device)

    def sampled(K):
        from baselines import SampledBlockWeightPenalty

        pool = np.stack([unit(g) for g in G.sample(POOL, seed=0)])
        pool = torch.as_tensor(pool, dtype=x.dtype, device=device)
        layers = [(net[i].weight, net[i].bias) for i in (0, 2, 4)]
        return SampledBlockWeightPenalty(layers, pool, K)

    return net, x, projectors, sampled


def build_cnn(group, fields, image, batch, layers, device):
    """``layers`` convolutions 3×3 (ReLU between) on ``fields`` regular fields of D4 (2D)
    or of the octahedral group (3D)."""
    import torch

    import groupproj as gp

    G = gp.dihedral(4) if group == "D4" else gp.octahedral()
    ndim = 2 if group == "D4" else 3
    conv = torch.nn.Conv2d if ndim == 2 else torch.nn.Conv3d
    rep = gp.direct_sum(*[G.regular()] * fields)
    C = rep.dim
    modules = []
    for i in range(layers):
        modules += [conv(C, C, 3, padding=1)] + ([torch.nn.ReLU()] if i < layers - 1 else [])
    net = torch.nn.Sequential(*modules).to(device)
    P, Pb = gp.kernel_projector(rep, rep, 3), gp.bias_projector(rep)
    convs = [i for i, m in enumerate(net) if isinstance(m, conv)]
    projectors = {}
    for i in convs:
        projectors[f"{i}.weight"], projectors[f"{i}.bias"] = P, Pb
    x = torch.randn(batch, C, *(image,) * ndim, device=device)

    def sampled(K):
        from baselines import SampledWeightPenalty

        grid = gp.grid_rep(G, 3)
        return SampledWeightPenalty(
            [(net[i].weight, net[i].bias, rep, rep, grid) for i in convs], K
        )

    return net, x, projectors, sampled


def build(name, device):
    kind, params = WORKLOADS[name]
    return (build_mlp if kind == "mlp" else build_cnn)(**params, device=device)


# --- methods ----------------------------------------------------------------------------


def floor_function():
    """Σ‖p‖² over the parameters, forward by dot products, backward 2g·p: the floor."""
    import torch

    class FusedSquares(torch.autograd.Function):
        @staticmethod
        def forward(ctx, *params):
            ctx.save_for_backward(*params)
            return sum(torch.dot(p.reshape(-1), p.reshape(-1)) for p in params)

        @staticmethod
        def backward(ctx, g):
            return tuple(p * (2 * g) for p in ctx.saved_tensors)

    return FusedSquares.apply


def plan_bytes(fused) -> int:
    """Bytes of the index data and constants of the plans (each distinct plan once)."""
    seen, total = set(), 0
    for plan in fused.plans:
        if id(plan) in seen:
            continue
        seen.add(id(plan))
        stack = [plan]
        while stack:
            item = stack.pop()
            if isinstance(item, np.ndarray):
                total += item.nbytes
            elif dataclasses.is_dataclass(item):
                stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
            elif isinstance(item, tuple):
                stack.extend(item)
    return total


def methods(name, device, max_dense):
    """{method: step callable}, and facts about the workload."""
    from groupproj.torch import ProjectionPenalty

    net, x, projectors, sampled = build(name, device)
    params = [net.get_parameter(n) for n in projectors]
    ours = ProjectionPenalty(net, projectors)
    floor = floor_function()
    facts = {
        "weights": sum(p.numel() for p in params),
        "forms": sorted(set(ours.fused.forms)),
        "ours_state_bytes": plan_bytes(ours.fused),
    }

    def step(loss):
        def run():
            for p in net.parameters():
                p.grad = None
            loss().backward()

        return run

    out = {
        "plain": step(lambda: net(x).pow(2).mean()),
        "floor": step(lambda: floor(*params)),
        "ours": step(ours),
    }
    for K in KS:
        out[f"sampleW-{K}"] = step(sampled(K))
    entries = sum(P.dim * P.shape[0] * P.shape[1] for P in projectors.values())
    facts["denseQ_bytes"] = 4 * entries
    if 4 * entries <= max_dense:
        from baselines import DenseQPenalty

        out["denseQ"] = step(DenseQPenalty(params, list(projectors.values())))
    return out, facts


def bandwidth(torch, device, sync) -> float:
    """GB/s of a 256 MiB copy (a read and a write of every byte), best of 5."""
    src = torch.empty(2**26, device=device).normal_()
    dst = torch.empty_like(src)
    best = float("inf")
    for _ in range(6):
        sync()
        start = time.perf_counter()
        dst.copy_(src)
        sync()
        best = min(best, time.perf_counter() - start)
    return 2 * src.numel() * 4 / best / 1e9


def worker(spec):
    import torch

    sys.path.insert(0, HERE)
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    device = spec["device"]
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    steps, facts = methods(spec["workload"], device, spec["max_dense"])
    gbps = bandwidth(torch, device, sync)

    def timed(f):
        sync()
        start = time.perf_counter()
        f()
        sync()
        return time.perf_counter() - start

    first = {k: timed(f) for k, f in steps.items()}  # warm-up, and the size of one step
    wanted = {
        k: max(3, min(spec["rounds"], int(spec["budget_s"] / max(t, 1e-6))))
        for k, t in first.items()
    }
    times = {k: [] for k in steps}
    while any(len(times[k]) < wanted[k] for k in steps):
        for k, f in steps.items():
            if len(times[k]) < wanted[k]:
                times[k].append(timed(f))
    out = dict(facts, bandwidth_GBps=gbps)
    out["best_ms"] = {k: 1e3 * min(v) for k, v in times.items()}
    out["median_ms"] = {k: 1e3 * float(np.median(v)) for k, v in times.items()}
    out["rounds"] = {k: len(v) for k, v in times.items()}
    if device == "cuda":
        out["peak_cuda_mb"] = torch.cuda.max_memory_allocated() / 2**20
    print(json.dumps(out))


def run_worker(spec):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if res.returncode != 0:
        lines = res.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else f"exit status {res.returncode}"}
    return json.loads(res.stdout.strip().splitlines()[-1])


# --- derived figures and the report -----------------------------------------------------


def derive(name, r):
    """Ratios, the bandwidth bound and the targets of one workload's record."""
    best = r["best_ms"]
    ours = best["ours"]
    r["bound_ms"] = 2 * 4 * r["weights"] / (r["bandwidth_GBps"] * 1e9) * 1e3
    r["ours_over_floor"] = ours / best["floor"]
    r["ours_over_bound"] = ours / r["bound_ms"]
    r["floor_over_bound"] = best["floor"] / r["bound_ms"]
    r["ours_pct_of_step"] = 100 * ours / best["plain"]
    r["sampled_over_ours"] = {f"sampleW-{K}": best[f"sampleW-{K}"] / ours for K in KS}
    r["denseQ_over_ours"] = best["denseQ"] / ours if "denseQ" in best else None
    targets = {"ours <= 3x floor": r["ours_over_floor"] <= 3}
    if name == "cnn3d-anchor":
        targets["ours <= 1% of step (GPU anchor)"] = r["ours_pct_of_step"] <= 1
    elif name.startswith("cnn"):
        targets["ours <= 2% of step"] = r["ours_pct_of_step"] <= 2
        targets[">= 50x cheaper than sampleW-4"] = r["sampled_over_ours"]["sampleW-4"] >= 50
    r["targets"] = targets
    return r


def _bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024:
            return f"{n:.3g} {unit}"
        n /= 1024
    return f"{n:.3g} PiB"


def report(records, header) -> str:
    lines = [header, ""]
    cols = ["plain", "floor", "ours", "sampleW-1", "sampleW-4", "sampleW-16", "denseQ"]
    lines.append(
        f"{'workload':<13}{'weights':>10} {'bound':>7} "
        + " ".join(f"{c:>10}" for c in cols)
        + f" {'ours/floor':>10} {'ours/bound':>10} {'% step':>7} {'K=4/ours':>9}"
    )
    for name, r in records.items():
        if "error" in r:
            lines.append(f"{name:<13} error: {r['error']}")
            continue
        cells = []
        for c in cols:
            if c in r["best_ms"]:
                cells.append(f"{r['best_ms'][c]:10.3f}")
            else:
                cells.append(f"{'(' + _bytes(r['denseQ_bytes']) + ')':>10}")
        lines.append(
            f"{name:<13}{r['weights']:>10} {r['bound_ms']:7.3f} "
            + " ".join(cells)
            + f" {r['ours_over_floor']:10.2f} {r['ours_over_bound']:10.2f}"
            + f" {r['ours_pct_of_step']:7.2f} {r['sampled_over_ours']['sampleW-4']:9.1f}"
        )
    lines += [
        "",
        "milliseconds, best of the rounds (medians in the json); bound: one read and one write",
        "of every penalised weight at the measured bandwidth; (x): dense Q would need x bytes.",
    ]
    lines += ["", "targets:"]
    for name, r in records.items():
        for target, met in r.get("targets", {}).items():
            lines.append(f"  {name:<13} {target:<32} {'met' if met else 'MISSED'}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    ap.add_argument("--workloads", default="", help="comma-separated names (default: all)")
    ap.add_argument("--rounds", type=int, default=40, help="timed rounds per method, at most")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per method, about")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    ap.add_argument(
        "--max-dense", type=float, default=0, help="bytes Q may take (1 GiB; 16 GiB on cuda)"
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    names = args.workloads.split(",") if args.workloads else DEFAULT[args.device]
    max_dense = args.max_dense or (2**34 if args.device == "cuda" else 2**30)
    if args.quick:
        names = QUICK
    command = " ".join(["python", "benchmarks/bench_penalty.py", *sys.argv[1:]])
    records = {}
    for name in names:
        spec = dict(
            workload=name,
            device=args.device,
            threads=args.threads,
            rounds=args.rounds,
            budget_s=args.budget,
            max_dense=max_dense,
        )
        r = run_worker(spec)
        records[name] = r if "error" in r else derive(name, r)
        print(report({name: records[name]}, name).splitlines()[3], flush=True)
    import torch

    machine = f"{platform.platform()}, torch {torch.__version__}, {args.threads} thread(s)"
    header = f"{command}\n{machine}"
    text = report(records, header)
    print("\n" + text)
    root = os.path.dirname(HERE)
    stem = os.path.join(RESULTS, f"penalty_{args.device}")
    with open(os.path.join(root, stem + ".json"), "w") as fh:
        json.dump({"command": command, "machine": machine, "workloads": records}, fh, indent=1)
    with open(os.path.join(root, stem + ".txt"), "w") as fh:
        fh.write(text)
    print(f"wrote {stem}.json and {stem}.txt")


if __name__ == "__main__":
    main()
