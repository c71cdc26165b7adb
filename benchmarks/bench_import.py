"""Import time of groupproj and of ``groupproj --help``, against ``import numpy`` in the same run.

Each case runs in a fresh interpreter, ``--repeat`` times side by side, keeping the fastest:

- ``python``: the interpreter alone (``pass``), the floor of every other case;
- ``numpy``: ``import numpy``, the baseline;
- ``groupproj``: ``import groupproj`` (lazy: the core loads on first use);
- ``cli_help``: ``groupproj --help`` (``groupproj.cli.main(["--help"])``);
- ``cli_info``: ``groupproj info --group A5``, a command that needs the group machinery.

For each: the wall time, the cumulative import time that ``python -X importtime`` reports
for the top-level modules (the fastest of as many runs), and which heavy modules (numpy,
scipy, sympy, networkx, scipy.sparse.linalg) were loaded. Results, with ratios against
``import numpy``, go to ``benchmarks/results/import.json``.

    python benchmarks/bench_import.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "scipy", "sympy", "networkx", "scipy.sparse.linalg")
REPORT = "import sys; print('HEAVY', sorted(m for m in {heavy!r} if m in sys.modules))"
CASES = {
    "python": "pass",
    "numpy": "import numpy",
    "groupproj": "import groupproj",
    "cli_help": (
        "import contextlib, io, groupproj.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    groupproj.cli.main(['--help'])"
    ),
    "cli_info": (
        "import contextlib, io, groupproj.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    groupproj.cli.main(['info', '--group', 'A5'])"
    ),
}


def _run(code: str, importtime: bool) -> tuple[float, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c"]
    start = time.perf_counter()
    done = subprocess.run(
        [*argv, code + "\n" + REPORT.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return time.perf_counter() - start, done.stdout, done.stderr


def _cumulative_us(stderr: str) -> int:
    """Sum of the cumulative times of the top-level imports (no leading spaces in the name)."""
    total = 0
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if m and not m.group(2).startswith(" "):
            total += int(m.group(1))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks/results/import.json")
    args = parser.parse_args()
    walls: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.repeat):
        for name, code in CASES.items():  # side by side, so load on the machine hits all
            walls[name].append(_run(code, False)[0])
    results = {}
    for name, code in CASES.items():
        runs = [_run(code, True) for _ in range(args.repeat)]
        stdout = runs[0][1]
        heavy = json.loads(stdout.split("HEAVY", 1)[1].strip().replace("'", '"'))
        results[name] = {
            "wall_s": min(walls[name]),
            "wall_s_all": walls[name],
            "importtime_cumulative_ms": min(_cumulative_us(r[2]) for r in runs) / 1000,
            "heavy_modules_loaded": heavy,
        }
    base = results["numpy"]["wall_s"]
    floor = results["python"]["wall_s"]
    for r in results.values():
        r["ratio_to_numpy"] = r["wall_s"] / base
        r["above_interpreter_s"] = r["wall_s"] - floor
    report = {
        "benchmark": "import",
        "repeat": args.repeat,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "cases": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'case':<10} {'wall s':>7} {'x numpy':>8} {'importtime ms':>14}  heavy modules")
    for name, r in results.items():
        heavy = ", ".join(r["heavy_modules_loaded"]) or "-"
        print(
            f"{name:<10} {r['wall_s']:>7.3f} {r['ratio_to_numpy']:>8.2f} "
            f"{r['importtime_cumulative_ms']:>14.1f}  {heavy}"
        )
    where = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"wrote {where}")


if __name__ == "__main__":
    main()
