"""Plan and build times of ``groupproj batch``, and how far the plan's estimates are off.

Every run is a fresh interpreter; the timed modes run side by side, ``--repeat`` times, and
the fastest is kept:

- ``plan``: the dry run of the spec (parse, choose, estimate every entry), import excluded;
- ``serial``: one worker process, cache off (the baseline);
- ``processes``: the batch's process pool (``--jobs``, default the CPUs), cache off;
- ``dask``: a Dask LocalCluster of as many worker processes, cache off (skipped without
  ``dask[distributed]``);
- ``cache_hit``: one worker, every structure found in a warm cache (fresh output folder);
- ``reexport``: one worker, warm cache, every entry's dtype changed: all files written
  again from the cached structures, nothing built;
- ``rerun_skip``: same output folder, every entry up to date: no worker starts.

Then, once, the library of ``--library`` (default ``examples/library.toml``, with S_60
natural² → natural²) is planned and built with ``--jobs`` workers, cache off, and each
entry's estimated seconds is set beside the seconds its worker measured. Peak memory: the
largest resident set of the driving process and of any child. Results go to
``benchmarks/results/batch.json`` (paths relative to the repository).

    python benchmarks/bench_batch.py [--spec examples/projectors.toml] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import io, json, resource, sys, time
from groupproj.batch import plan_batch, run_batch

spec, out, jobs, scheduler, cache, mode = sys.argv[1:7]
cache = False if cache == "off" else cache
report = {}
start = time.perf_counter()
plan = plan_batch(spec)
report["plan_s"] = time.perf_counter() - start
report["estimates"] = {p.name: p.estimate.seconds for p in plan if p.estimate is not None}
if mode != "plan":
    start = time.perf_counter()
    sink = io.StringIO()
    m = run_batch(spec, out, jobs=int(jobs), scheduler=scheduler, cache=cache, stdout=sink)
    report["wall_s"] = time.perf_counter() - start
    report["ok"], report["error"] = m["summary"]["ok"], m["summary"]["error"]
    report["hashes"] = [r.get("sha256") for r in m["entries"]]
    report["sources"] = sorted({str(r.get("source")) for r in m["entries"]})
    report["seconds"] = {r["name"]: r["seconds"] for r in m["entries"]}
kib = 1 if sys.platform != "darwin" else 1024  # ru_maxrss is KiB on Linux, bytes on macOS
report["maxrss_self_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib / 1024
report["maxrss_children_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib / 1024
print(json.dumps(report))
"""


def _run(spec: Path, out: Path, jobs: int, scheduler: str, cache: str, mode: str) -> dict:
    argv = [sys.executable, "-c", CHILD, str(spec), str(out), str(jobs), scheduler, cache, mode]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _best(runs: list[dict], key: str) -> dict:
    best = min(runs, key=lambda r: r[key])
    drop = ("hashes", "estimates", "seconds")
    return {
        **{k: v for k, v in best.items() if k not in drop},
        f"{key}_all": [r[key] for r in runs],
    }


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name)


def _estimates(run: dict) -> dict:
    """Measured against estimated seconds, entry by entry."""
    pairs = [
        (run["seconds"][n], run["estimates"][n]) for n in run["seconds"] if n in run["estimates"]
    ]
    ratios = [actual / est for actual, est in pairs if est > 0]
    slowest = max(run["seconds"], key=run["seconds"].get)
    return {
        "entries": len(pairs),
        "estimated_s": sum(e for _, e in pairs),
        "measured_s": sum(a for a, _ in pairs),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "slowest_entry": slowest,
        "slowest_measured_s": run["seconds"][slowest],
        "slowest_estimated_s": run["estimates"][slowest],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "examples" / "projectors.toml")
    parser.add_argument("--library", type=Path, default=ROOT / "examples" / "library.toml")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks/results/batch.json")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401

        schedulers = ["serial", "processes", "dask"]
    except ImportError:
        schedulers = ["serial", "processes"]
    modes = ["plan", *schedulers, "cache_hit", "reexport", "rerun_skip"]
    runs: dict[str, list[dict]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        other = tmp / "other-dtype.toml"
        text = args.spec.read_text()
        other.write_text(text.replace('dtype = "float32"', 'dtype = "float64"', 1))
        assert other.read_text() != text, "the spec sets no default dtype to change"
        for i in range(args.repeat):
            runs["plan"].append(_run(args.spec, tmp / f"plan-{i}", 1, "processes", "off", "plan"))
            for mode in schedulers:
                jobs = 1 if mode == "serial" else args.jobs
                scheduler = "dask" if mode == "dask" else "processes"
                runs[mode].append(_run(args.spec, tmp / f"{mode}-{i}", jobs, scheduler, "off", ""))
            cache = str(tmp / f"cache-{i}")
            _run(args.spec, tmp / f"fill-{i}", 1, "processes", cache, "")
            hit = _run(args.spec, tmp / f"hit-{i}", 1, "processes", cache, "")
            runs["cache_hit"].append(hit)
            runs["reexport"].append(_run(other, tmp / f"re-{i}", 1, "processes", cache, ""))
            runs["rerun_skip"].append(_run(args.spec, tmp / f"hit-{i}", 1, "processes", cache, ""))
        library_plan = _run(args.library, tmp / "lib-plan", 1, "processes", "off", "plan")
        library = _run(args.library, tmp / "lib", args.jobs, "processes", "off", "")
    hashes = {tuple(r["hashes"]) for m in (*schedulers, "cache_hit") for r in runs[m]}
    results = {m: _best(rs, "plan_s" if m == "plan" else "wall_s") for m, rs in runs.items()}
    baseline = results["serial"]["wall_s"]
    for name, r in results.items():
        if name != "plan":
            r["ratio_to_serial"] = r["wall_s"] / baseline
    report = {
        "benchmark": "batch",
        "spec": _relative(args.spec),
        "entries": results["serial"]["ok"] + results["serial"]["error"],
        "jobs": args.jobs,
        "repeat": args.repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "same_hashes_in_every_mode": len(hashes) == 1,
        "reexport_sources": results["reexport"]["sources"],
        "modes": results,
        "library": {
            "spec": _relative(args.library),
            "entries": library["ok"] + library["error"],
            "ok": library["ok"],
            "plan_s": library_plan["plan_s"],
            "build_wall_s": library["wall_s"],
            "maxrss_children_mib": library["maxrss_children_mib"],
            "estimates": _estimates(library),
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'mode':<12} {'wall s':>8} {'x serial':>9} {'RSS MiB':>8} {'child RSS':>9}")
    for name, r in results.items():
        wall = r["plan_s"] if name == "plan" else r["wall_s"]
        ratio = f"{r['ratio_to_serial']:>9.2f}" if "ratio_to_serial" in r else " " * 9
        print(
            f"{name:<12} {wall:>8.3f} {ratio} {r['maxrss_self_mib']:>8.1f} "
            f"{r['maxrss_children_mib']:>9.1f}"
        )
    lib = report["library"]
    est = lib["estimates"]
    print(
        f"library {lib['spec']}: {lib['entries']} entries, plan {lib['plan_s']:.2f} s, "
        f"build {lib['build_wall_s']:.1f} s with {args.jobs} workers; slowest "
        f"{est['slowest_entry']} {est['slowest_measured_s']:.1f} s (estimated "
        f"{est['slowest_estimated_s']:.1f} s); measured/estimated median {est['ratio_median']:.2f}"
    )
    print(f"same hashes in every mode: {report['same_hashes_in_every_mode']}")
    print(f"re-export sources: {report['reexport_sources']}")
    print(f"wrote {_relative(args.output)}")


if __name__ == "__main__":
    main()
