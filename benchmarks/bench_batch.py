"""Wall time and peak memory of ``groupproj batch`` on the example projector library.

Runs each mode in a fresh interpreter, side by side, ``--repeat`` times and
keeps the fastest:

- ``serial``: one worker process, cache off (the baseline);
- ``processes``: the local process pool (``--jobs``, default the CPUs), cache off;
- ``dask``: a Dask LocalCluster of as many worker processes, cache off (skipped
  without ``dask[distributed]``);
- ``cache_hit``: one worker process, every entry found in a warm cache (fresh
  output folder), so mostly the worker's start-up;
- ``rerun_skip``: same output folder, every entry up to date: no worker starts.

Peak memory: the largest resident set of the driving process and of any
child (``resource.getrusage``), and the peak of traced allocations while every
entry is built in one process (``tracemalloc``, which numpy reports to). Results, with ratios
against the serial run, go to ``benchmarks/results/batch.json``.

    python benchmarks/bench_batch.py [--spec examples/projectors.toml] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import io, json, resource, sys, time, tracemalloc
from groupproj.batch import run_batch

spec, out, jobs, scheduler, cache, trace = sys.argv[1:7]
cache = False if cache == "off" else cache
peak = None
if trace == "1":  # every entry built in this process, under tracemalloc
    import os
    from groupproj.batch import build_entry, load_spec
    from groupproj.cache import Cache

    os.makedirs(out)
    tracemalloc.start()
    for e in load_spec(spec):
        task = {"index": e.index, "name": e.name, "spec": e.spec, "outdir": out}
        build_entry({**task, "cache": Cache(False)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
start = time.perf_counter()
m = run_batch(spec, out, jobs=int(jobs), scheduler=scheduler, cache=cache, stdout=io.StringIO())
wall = time.perf_counter() - start
kib = 1 if sys.platform != "darwin" else 1024  # ru_maxrss is KiB on Linux, bytes on macOS
print(json.dumps({
    "wall_s": wall,
    "ok": m["summary"]["ok"],
    "error": m["summary"]["error"],
    "hashes": [r.get("sha256") for r in m["entries"]],
    "maxrss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib / 1024,
    "maxrss_children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib / 1024,
    "tracemalloc_peak_mib": None if peak is None else peak / 2**20,
}))
"""


def _run(spec: Path, out: Path, jobs: int, scheduler: str, cache: str, trace: bool) -> dict:
    argv = [sys.executable, "-c", CHILD, str(spec), str(out), str(jobs), scheduler, cache]
    done = subprocess.run(
        [*argv, "1" if trace else "0"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _best(runs: list[dict]) -> dict:
    best = min(runs, key=lambda r: r["wall_s"])
    return {
        **{k: v for k, v in best.items() if k != "hashes"},
        "wall_s_all": [r["wall_s"] for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "examples" / "projectors.toml")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks/results/batch.json")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401

        modes = ["serial", "processes", "dask"]
    except ImportError:
        modes = ["serial", "processes"]
    runs: dict[str, list[dict]] = {m: [] for m in [*modes, "cache_hit", "rerun_skip"]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for i in range(args.repeat):
            for mode in modes:
                jobs = 1 if mode == "serial" else args.jobs
                scheduler = "dask" if mode == "dask" else "processes"
                out = tmp / f"{mode}-{i}"
                runs[mode].append(_run(args.spec, out, jobs, scheduler, "off", False))
            cache = tmp / f"cache-{i}"
            _run(args.spec, tmp / f"fill-{i}", 1, "processes", str(cache), False)
            hit = _run(args.spec, tmp / f"hit-{i}", 1, "processes", str(cache), False)
            runs["cache_hit"].append(hit)
            skip = _run(args.spec, tmp / f"hit-{i}", 1, "processes", str(cache), False)
            runs["rerun_skip"].append(skip)
        traced = _run(args.spec, tmp / "traced", 1, "processes", "off", True)
    hashes = {tuple(r["hashes"]) for rs in runs.values() for r in rs}
    results = {name: _best(rs) for name, rs in runs.items()}
    baseline = results["serial"]["wall_s"]
    for r in results.values():
        r["ratio_to_serial"] = r["wall_s"] / baseline
    report = {
        "benchmark": "batch",
        "spec": str(args.spec.relative_to(ROOT) if args.spec.is_relative_to(ROOT) else args.spec),
        "entries": results["serial"]["ok"] + results["serial"]["error"],
        "jobs": args.jobs,
        "repeat": args.repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "same_hashes_in_every_mode": len(hashes) == 1,
        "tracemalloc_peak_mib_serial": traced["tracemalloc_peak_mib"],
        "modes": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'mode':<12} {'wall s':>8} {'x serial':>9} {'RSS MiB':>8} {'child RSS':>9}")
    for name, r in results.items():
        print(
            f"{name:<12} {r['wall_s']:>8.3f} {r['ratio_to_serial']:>9.2f} "
            f"{r['maxrss_self_mib']:>8.1f} {r['maxrss_children_mib']:>9.1f}"
        )
    print(f"tracemalloc peak (serial): {traced['tracemalloc_peak_mib']:.1f} MiB")
    print(f"same hashes in every mode: {report['same_hashes_in_every_mode']}")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
