"""Cost of equivariance regularisers per training step, against the plain step.

For each model and size, one worker process per method runs the plain step
(forward, loss, backward) and the step with the regulariser added, interleaved,
and the regulariser alone (its forward and backward); medians over the repeats.
Memory: the peak resident set of the worker minus that of a worker running the
plain step only, and the bytes of state each method keeps (index arrays, dense
bases, stacked representation matrices).

Models: ``cnn2d`` (D4, regular fields), ``cnn3d`` (octahedral group, regular
fields) and ``mlp``: three linear layers (with ReLU) on ``fields`` copies of the
SO(3) irreps l = 0..3 in the real basis (16 dimensions per copy), batch 64.

Methods: ``ours`` (groupproj.torch.ProjectionPenalty: fused orbit projection for
the CNNs, the spectral form for the MLP),
``denseQ`` (‖T‖² − ‖Qᵀ vec T‖², run only where Q has at most 1e8 entries, 3e8
for the MLP),
``sampleW-K`` (sampled ‖ρ_out(g) T − T ρ_in(g)‖²; for the MLP applied per copy,
never as a dense ρ(g)) and ``sampleF-K`` (sampled ‖f(g·x) − g·f(x)‖²); see
baselines.py. Rotations for the MLP are drawn from a pool of 256 Haar samples.

Usage: python benchmarks/bench_penalty.py [--device cpu|cuda] [--quick] [--threads N]
    [--models cnn2d,cnn3d,mlp]
Writes benchmarks/results/penalty_<device>.json; with --models, the records of the
other models already there are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_DENSE_Q = 100_000_000
MAX_DENSE_Q_MLP = 300_000_000  # 1.1 GiB in float32: the smallest MLP's Q

# (model, fields, image side, batch); fields = copies of the regular representation
SIZES = {
    "quick": [("cnn2d", 4, 16, 8), ("cnn2d", 32, 16, 8), ("cnn3d", 1, 8, 2), ("cnn3d", 4, 8, 2)],
    "full": [
        ("cnn2d", 4, 16, 8),
        ("cnn2d", 32, 16, 8),
        ("cnn2d", 64, 16, 8),
        ("cnn2d", 128, 16, 8),
        ("cnn2d", 32, 32, 32),
        ("cnn3d", 1, 8, 2),
        ("cnn3d", 2, 8, 2),
        ("cnn3d", 4, 8, 2),
        ("mlp", 16, 0, 64),
        ("mlp", 64, 0, 64),
        ("mlp", 256, 0, 64),
    ],
}
SIZES["quick"] += [("mlp", 16, 0, 64)]
MLP_POOL = 256
METHODS = [
    "plain",
    "ours",
    "denseQ",
    "sampleW-1",
    "sampleW-4",
    "sampleW-16",
    "sampleF-1",
    "sampleF-4",
]


def mlp_unit():
    """The representation on one copy: the real SO(3) irreps l = 0..3 (dimension 16)."""
    import groupproj as gp
    from groupproj.groups import SO3

    G = SO3()
    return G, gp.direct_sum(*[G.irrep(lval) for lval in range(4)])


def build_mlp(copies, batch, device, with_projectors):
    import torch

    import groupproj as gp

    G, unit = mlp_unit()
    rep = gp.direct_sum(*[unit] * copies)
    C = rep.dim
    net = torch.nn.Sequential(
        torch.nn.Linear(C, C),
        torch.nn.ReLU(),
        torch.nn.Linear(C, C),
        torch.nn.ReLU(),
        torch.nn.Linear(C, C),
    ).to(device)
    x = torch.randn(batch, C, device=device)
    projectors = {}
    if with_projectors:
        P, Pb = gp.projector(rep, rep), gp.bias_projector(rep)
        for i in (0, 2, 4):
            projectors[f"{i}.weight"], projectors[f"{i}.bias"] = P, Pb
    return G, rep, net, x, projectors


def build(model, fields, image, batch, device):
    import torch

    import groupproj as gp

    G = gp.dihedral(4) if model == "cnn2d" else gp.octahedral()
    ndim = 2 if model == "cnn2d" else 3
    conv = torch.nn.Conv2d if ndim == 2 else torch.nn.Conv3d
    C = fields * G.order
    rep = gp.direct_sum(*[G.regular()] * fields)
    net = torch.nn.Sequential(
        conv(C, C, 3, padding=1), torch.nn.ReLU(), conv(C, C, 3, padding=1)
    ).to(device)
    P = gp.kernel_projector(rep, rep, 3)
    Pb = gp.bias_projector(rep)
    x = torch.randn(batch, C, *(image,) * ndim, device=device)
    names = ["0.weight", "0.bias", "2.weight", "2.bias"]
    projectors = dict(zip(names, [P, Pb, P, Pb]))
    return G, rep, net, x, projectors


def make_method(method, G, rep, net, x, projectors, image, device):
    """(penalty(x, fx) callable, state bytes), or raise for an infeasible method."""
    from baselines import (
        DenseQPenalty,
        SampledFunctionalPenalty,
        SampledWeightPenalty,
        field_action,
    )

    import groupproj as gp
    from groupproj.torch import ProjectionPenalty

    if method == "ours":
        pen = ProjectionPenalty(net, projectors)
        pen()
        return (lambda x, fx: pen()), _nbytes(pen.fused._numpy)
    if method == "denseQ":
        Ps = list(projectors.values())
        if DenseQPenalty.entries(Ps) > (MAX_DENSE_Q if G.is_finite else MAX_DENSE_Q_MLP):
            raise MemoryError(f"{DenseQPenalty.entries(Ps) * 4 / 2**30:.1f} GiB for Q")
        params = [net.get_parameter(n) for n in projectors]
        pen = DenseQPenalty(params, Ps)
        return (lambda x, fx: pen()), pen.state_bytes()
    kind, K = method.split("-")
    K = int(K)
    if not G.is_finite:
        import torch
        from baselines import SampledBlockWeightPenalty, block_action

        _, unit = mlp_unit()
        pool = torch.as_tensor(
            np.stack([unit(g) for g in G.sample(MLP_POOL, seed=0)]), dtype=x.dtype, device=device
        )
        if kind == "sampleW":
            layers = [(net[i].weight, net[i].bias) for i in (0, 2, 4)]
            pen = SampledBlockWeightPenalty(layers, pool, K)
            return (lambda x, fx: pen()), pen.state_bytes()
        act = block_action(pool)
        return SampledFunctionalPenalty(net, MLP_POOL, act, act, K), 0
    if kind == "sampleW":
        grid = gp.grid_rep(G, 3)
        layers = [(net[i].weight, net[i].bias, rep, rep, grid) for i in (0, 2)]
        pen = SampledWeightPenalty(layers, K)
        return (lambda x, fx: pen()), pen.state_bytes()
    fields = rep.dim // G.order
    act = field_action(G, fields, image, x.ndim - 2, device)
    pen = SampledFunctionalPenalty(net, G.order, act, act, K)
    return pen, 0


def _nbytes(tree):
    """Bytes of the numpy arrays in nested dicts and lists."""
    if isinstance(tree, np.ndarray):
        return tree.nbytes
    if isinstance(tree, dict):
        return sum(_nbytes(v) for v in tree.values())
    if isinstance(tree, (list, tuple)):
        return sum(_nbytes(v) for v in tree)
    return 0


def worker(spec):
    import torch

    sys.path.insert(0, HERE)
    if spec["threads"]:
        torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    device = spec["device"]
    method = spec["method"]
    if spec["model"] == "mlp":
        G, rep, net, x, projectors = build_mlp(
            spec["fields"], spec["batch"], device, method in ("ours", "denseQ")
        )
    else:
        G, rep, net, x, projectors = build(
            spec["model"], spec["fields"], spec["image"], spec["batch"], device
        )
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    out = {"weights": sum(p.numel() for p in net.parameters())}
    penalty = None
    if method != "plain":
        try:
            penalty, out["state_bytes"] = make_method(
                method, G, rep, net, x, projectors, spec["image"], device
            )
        except MemoryError as err:
            out["infeasible"] = str(err)

    def plain():
        net.zero_grad(set_to_none=True)
        net(x).pow(2).mean().backward()

    def regularised():
        net.zero_grad(set_to_none=True)
        fx = net(x)
        (fx.pow(2).mean() + 1e-3 * penalty(x, fx)).backward()

    def alone():
        net.zero_grad(set_to_none=True)
        fx = net(x).detach() if method.startswith("sampleF") else None
        penalty(x, fx).backward()

    def timed(f):
        sync()
        t = time.perf_counter()
        f()
        sync()
        return time.perf_counter() - t

    steps = (
        {"plain": plain}
        if penalty is None
        else {"plain": plain, "step": regularised, "alone": alone}
    )
    for f in steps.values():
        f()
    times = {k: [] for k in steps}
    for _ in range(spec["repeats"]):
        for k, f in steps.items():
            times[k].append(timed(f))
    for k, ts in times.items():
        out[f"t_{k}_ms"] = 1e3 * float(np.median(ts))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if device == "cuda":
        out["peak_cuda_mb"] = torch.cuda.max_memory_allocated() / 2**20
    print(json.dumps(out))


def run_worker(spec):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1] if res.stderr else "failed"}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--repeats", type=int, default=0)
    ap.add_argument(
        "--models", default="", help="comma-separated subset of cnn2d,cnn3d,mlp (default: all)"
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    repeats = args.repeats or 5
    models = set(args.models.split(",")) if args.models else None
    records = []
    for model, fields, image, batch in SIZES["quick" if args.quick else "full"]:
        if models is not None and model not in models:
            continue
        plain_rss = None
        row = {}
        for method in METHODS:
            spec = dict(
                model=model,
                fields=fields,
                image=image,
                batch=batch,
                method=method,
                device=args.device,
                threads=args.threads,
                repeats=repeats,
            )
            r = run_worker(spec)
            r.update(model=model, fields=fields, image=image, batch=batch, method=method)
            if method == "plain":
                plain_rss = r.get("peak_rss_mb")
            elif "t_step_ms" in r:
                r["overhead_step_pct"] = 100 * (r["t_step_ms"] / r["t_plain_ms"] - 1)
                r["overhead_alone_pct"] = 100 * r["t_alone_ms"] / r["t_plain_ms"]
                if plain_rss is not None:
                    r["extra_rss_mb"] = r["peak_rss_mb"] - plain_rss
            row[method] = r
            records.append(r)
        report(row)
    path = os.path.join(HERE, "results", f"penalty_{args.device}.json")
    command = " ".join(["python", "benchmarks/bench_penalty.py", *sys.argv[1:]])
    for r in records:
        r.update(command=command, threads=args.threads, repeats=repeats)
    if models is not None and os.path.exists(path):
        with open(path) as fh:
            old = json.load(fh)
        kept = [r for r in old["records"] if r["model"] not in models]
        for r in kept:  # records written before the command was kept per record
            for key in ("command", "threads", "repeats"):
                r.setdefault(key, old.get(key))
        records = kept + records
    summary = ratios(records)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as fh:
        json.dump({"device": args.device, "records": records, "ratios": summary}, fh, indent=1)
    os.replace(path + ".tmp", path)
    print("wrote", path)


def report(row):
    r0 = next(iter(row.values()))
    print(
        f"\n{r0['model']} fields={r0['fields']} image={r0['image']} batch={r0['batch']} "
        f"weights={r0.get('weights')} "
        f"plain step {row['plain'].get('t_plain_ms', float('nan')):.1f} ms"
    )
    print(
        f"{'method':>12} {'step ms':>9} {'alone ms':>9} {'ovh step%':>10} {'ovh alone%':>10} "
        f"{'state MB':>9} {'+RSS MB':>8}"
    )
    for m, r in row.items():
        if m == "plain":
            continue
        if "infeasible" in r or "error" in r:
            print(f"{m:>12}  {r.get('infeasible', r.get('error'))}")
            continue
        print(
            f"{m:>12} {r['t_step_ms']:9.1f} {r['t_alone_ms']:9.2f} {r['overhead_step_pct']:10.1f} "
            f"{r['overhead_alone_pct']:10.2f} {r.get('state_bytes', 0) / 2**20:9.2f} "
            f"{r.get('extra_rss_mb', float('nan')):8.1f}"
        )


def ratios(records):
    """Per size: the regulariser-alone time of each baseline over ours."""
    out = []
    by_size = {}
    for r in records:
        key = (r["model"], r["fields"], r["image"], r["batch"])
        by_size.setdefault(key, {})[r["method"]] = r
    for (model, fields, image, batch), row in by_size.items():
        ours = row.get("ours", {}).get("t_alone_ms")
        entry = {
            "model": model,
            "fields": fields,
            "image": image,
            "batch": batch,
            "ours_overhead_alone_pct": row["ours"].get("overhead_alone_pct"),
            "ours_overhead_step_pct": row["ours"].get("overhead_step_pct"),
        }
        for m in ("denseQ", "sampleW-4", "sampleF-4"):
            t = row.get(m, {}).get("t_alone_ms")
            entry[f"{m}_over_ours"] = t / ours if (t and ours) else None
        out.append(entry)
        print(entry)
    return out


if __name__ == "__main__":
    main()
