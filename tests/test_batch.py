"""Batch generation from a spec file: sweeps, the plan, the manifest, reruns, the cache,
schedulers, per-entry errors, progress, killed runs and the command line."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import groupproj as gp
from groupproj import cli
from groupproj.batch import load_spec, plan_batch, plan_table, run_batch
from groupproj.batch.plan import AUTO_CSR_MAX_MN, resolve
from groupproj.batch.pool import run_pool
from groupproj.batch.progress import Progress
from groupproj.cache import Cache
from groupproj.io import read_npz

ROOT = Path(__file__).resolve().parents[1]

GOOD = """
[defaults]
format = "csr"

[[projector]]
name = "d4-regular"
group = "D4"
in = "regular"
out = "regular"

[[projector]]
group = "S3"
in = "natural^2"
out = "natural+trivial"
dtype = "float32"

[[projector]]
name = "c4-basis"
group = "C4"
in = "regular"
out = "trivial"
format = "basis"

[[projector]]
name = "o-natural"
group = "O"
in = "natural"
out = "natural^2"
format = "coo"

[[projector]]
name = "s4-orbit"
group = "S4"
in = "natural^2"
out = "natural"
format = "orbit"
"""

BAD = """
[[projector]]
name = "unknown-group"
group = "Z9"
in = "regular"
out = "regular"

[[projector]]
name = "malformed"
group = "D4"
in = "natural^"
out = "regular"

[[projector]]
name = "impossible-format"
group = "O"
in = "natural"
out = "natural"
format = "orbit"

[[projector]]
name = "grid"
group = "D4"
in = "regular"
out = "regular"
grid = 0
"""


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROUPPROJ_CACHE", str(tmp_path / "default-cache"))


def _spec(tmp_path: Path, text: str, name: str = "spec.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _run(spec, out, **kw):
    kw.setdefault("jobs", 1)
    stdout, stderr = io.StringIO(), io.StringIO()
    manifest = run_batch(spec, out, stdout=stdout, stderr=stderr, **kw)
    return manifest, stdout.getvalue(), stderr.getvalue()


def _hashes(manifest):
    """Everything in the manifest but the times and where structures came from."""
    return [
        {k: v for k, v in r.items() if k not in ("seconds", "source")} for r in manifest["entries"]
    ]


def _built(e):
    _, V, W, _ = resolve(e.spec)
    return gp.projector(V, W, e.spec["method"])


def test_manifest_describes_each_file(tmp_path):
    spec = _spec(tmp_path, GOOD)
    manifest, stdout, stderr = _run(spec, tmp_path / "out", cache=tmp_path / "c")
    assert stderr == ""
    assert manifest == json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["spec"] == "spec.toml"
    entries = manifest["entries"]
    assert [r["number"] for r in entries] == [1, 2, 3, 4, 5]
    assert manifest["summary"] == {"ok": 5, "error": 0}
    assert sorted(stdout.splitlines()) == sorted(
        f"[{r['number']}/5] {r['name']}: ok: dim {r['dim']}, {r['method']}, {r['format']}, "
        f"{r['seconds']:.3f} s"
        for r in entries
    )
    for r, e in zip(entries, load_spec(spec)):
        assert r["status"] == "ok" and r["spec"] == e.spec and r["name"] == e.name
        assert r["format"] == e.spec["format"] and r["source"] == "built"
        stored = gp.load(tmp_path / "out" / r["file"])
        assert r["sha256"] == stored.metadata["sha256"]
        P = _built(e)
        assert (r["dim"], r["method"], tuple(r["shape"])) == (P.dim, P.method, P.shape)
        if e.spec["format"] in ("csr", "coo") or P.method == "orbit":
            assert r["nnz"] == P.nnz()
        A = np.random.default_rng(1).normal(size=P.shape)
        tol = 1e-5 if e.spec["dtype"] == "float32" else 1e-12
        np.testing.assert_allclose(stored(A), P(A), atol=tol)
    assert read_npz(tmp_path / "out" / entries[1]["file"])[1]["data"].dtype == np.float32
    assert len(list((tmp_path / "c").rglob("*.npz"))) == 5  # one cache entry per projector
    assert not list((tmp_path / "out").glob(".*"))  # no journal, no temporaries left


def test_sweeps_expand_to_the_product_with_names_from_the_template(tmp_path):
    spec = _spec(
        tmp_path,
        """
[defaults]
dtype = "float32"

[[projector]]
name = "o3-{l}{p}-{out}"
group = "O3"
in = "{l}{p}"
out = ["0e", "1o"]
l = [0, 1, 2]
p = ["e", "o"]

[[projector]]
name = "{group}-{rep}-k{grid}"
group = "D{n}"
in = "{rep}"
out = "trivial"
grid = [3, 5]
n = [4]
rep = ["regular", "trivial"]
""",
    )
    entries = load_spec(spec)
    assert len(entries) == 2 * 3 * 2 + 2 * 2
    assert [e.number for e in entries] == list(range(1, 17))
    assert [e.name for e in entries[:3]] == ["o3-0e-0e", "o3-0o-0e", "o3-1e-0e"]
    assert entries[5].spec == {
        "group": "O3",
        "in": "2o",
        "out": "0e",
        "method": "auto",
        "format": "auto",
        "dtype": "float32",
    }
    assert entries[5].values == {"l": 2, "p": "o"} and entries[5].table == 1
    assert [e.name for e in entries[12:]] == ["D4-regular-k3", "D4-trivial-k3"] + [
        "D4-regular-k5",
        "D4-trivial-k5",
    ]
    assert all(e.problem is None for e in entries)
    manifest, _, _ = _run(spec, tmp_path / "out", cache=False, jobs=2)
    assert manifest["summary"] == {"ok": 16, "error": 0}
    for r, e in zip(manifest["entries"], entries):
        assert r["dim"] == _built(e).dim


def test_auto_format_follows_the_documented_rule(tmp_path):
    S = '[[projector]]\ngroup = "S{n}"\nin = "natural^{k}"\nout = "natural^{k}"\n'
    spec = _spec(tmp_path, S + 'name = "s{n}-{k}"\nn = [4, 6]\nk = [1, 2]\n')
    spec.write_text(
        spec.read_text()
        + '[[projector]]\nname = "o3"\ngroup = "O3"\nin = "8x1o"\nout = "8x1o+4x2e"\n'
        + '[[projector]]\nname = "so3"\ngroup = "SO3"\nin = "irrep(2)"\nout = "natural"\n'
        + 'method = "spatial"\n[[projector]]\nname = "q8"\ngroup = "Q8"\nin = "natural"\n'
        + 'out = "260x trivial+natural"\nmethod = "spatial"\n'
    )
    plan = plan_batch(spec)
    formats = {p.name: p.estimate.format for p in plan}
    mn = {p.name: p.estimate.shape[0] * p.estimate.shape[1] for p in plan}
    for name, fmt in formats.items():
        if mn[name] <= AUTO_CSR_MAX_MN:
            assert fmt == "csr", name
    assert formats["s6-2"] == "orbit" and mn["s6-2"] > AUTO_CSR_MAX_MN
    assert formats["o3"] == "factored" and mn["o3"] > AUTO_CSR_MAX_MN
    assert formats["q8"] == "basis" and mn["q8"] > AUTO_CSR_MAX_MN
    manifest, _, _ = _run(spec, tmp_path / "out", cache=False)
    assert {r["name"]: r["format"] for r in manifest["entries"]} == formats


def test_the_plan_estimates_before_building_and_refuses_what_would_not_fit(tmp_path):
    spec = _spec(
        tmp_path,
        '[[projector]]\nname = "s30-csr"\ngroup = "S30"\nin = "natural^2"\nout = "natural^2"\n'
        'format = "csr"\n[[projector]]\nname = "s30"\ngroup = "S30"\nin = "natural^2"\n'
        'out = "natural^2"\n',
    )
    plan = plan_batch(spec)
    refused, fine = plan
    assert refused.status == "refused" and refused.error == "SizeLimitError"
    assert "format 'orbit' needs about 3.09 MiB and fits" in refused.problem
    S30 = gp.symmetric(30)
    exact = gp.projector(S30.natural() ** 2, S30.natural() ** 2).nnz()
    assert exact <= refused.estimate.nnz <= 2 * exact  # a bound, from the generators alone
    assert fine.status == "build" and fine.estimate.format == "orbit"
    assert fine.estimate.file_bytes == 4 * 900**2
    table = plan_table(plan)
    assert "refused" in table and "↳ format 'csr' would need" in table
    manifest, _, stderr = _run(spec, tmp_path / "out", cache=False)
    first, second = manifest["entries"]
    assert first["status"] == "error" and first["error"] == "SizeLimitError"
    assert first["seconds"] == 0.0 and not (tmp_path / "out" / "s30-csr.npz").exists()
    assert stderr.startswith("[1/2] s30-csr: error: format 'csr' would need about ")
    assert second["status"] == "ok" and second["dim"] == 15
    # the same entry fits under a larger limit; the estimate is an upper bound
    assert plan_batch(spec, max_bytes="1024T")[0].status == "build"


def test_changing_only_the_format_reexports_from_the_cache_without_rebuilding(tmp_path):
    spec, cache = _spec(tmp_path, GOOD), tmp_path / "cache"
    first, _, _ = _run(spec, tmp_path / "a", cache=cache)
    assert {r["source"] for r in first["entries"]} == {"built"}
    entries = sorted(cache.rglob("*.npz"))
    stamps = [p.stat().st_mtime_ns for p in entries]
    other = GOOD.replace('format = "csr"', 'format = "dense"').replace('"float32"', '"float64"')
    second, stdout, _ = _run(_spec(tmp_path, other, "other.toml"), tmp_path / "b", cache=cache)
    assert second["summary"] == {"ok": 5, "error": 0}
    assert {r["source"] for r in second["entries"]} == {"cache"}  # nothing was built
    assert stdout.count("from the cache") == 5
    assert sorted(cache.rglob("*.npz")) == entries
    assert [p.stat().st_mtime_ns for p in entries] == stamps
    assert [r["format"] for r in second["entries"]][:1] == ["dense"]
    for a, b in zip(first["entries"], second["entries"]):
        P, Q = gp.load(tmp_path / "a" / a["file"]), gp.load(tmp_path / "b" / b["file"])
        A = np.random.default_rng(2).standard_normal(P.shape)
        np.testing.assert_allclose(P(A), Q(A), atol=1e-5)


def test_same_manifest_across_reruns_cache_and_schedulers(tmp_path):
    spec = _spec(tmp_path, GOOD)
    serial, _, _ = _run(spec, tmp_path / "serial", cache=False)
    cached, _, _ = _run(spec, tmp_path / "cached", cache=tmp_path / "c")
    hit, _, _ = _run(spec, tmp_path / "hit", cache=tmp_path / "c")
    pool, _, _ = _run(spec, tmp_path / "pool", jobs=2, cache=False)
    assert _hashes(serial) == _hashes(cached) == _hashes(hit) == _hashes(pool)


def test_dask_scheduler_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    spec = _spec(tmp_path, GOOD + BAD)
    serial, _, _ = _run(spec, tmp_path / "serial", cache=False)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        dask, _, stderr = _run(
            spec, tmp_path / "dask", scheduler="dask", address=cluster.scheduler_address
        )
    assert _hashes(dask) == _hashes(serial)
    assert dask["summary"] == {"ok": 5, "error": 4}
    assert len([line for line in stderr.splitlines() if ": error: " in line]) == 4


def test_rerun_skips_up_to_date_entries_and_rebuilds_damaged_ones(tmp_path):
    spec, out = _spec(tmp_path, GOOD), tmp_path / "out"
    first, _, _ = _run(spec, out, cache=False)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.npz")}
    second, stdout, _ = _run(spec, out, cache=False)
    assert second == first  # records kept as they were, times included
    assert stdout.count("up to date, skipped") == 5
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.npz")} == mtimes
    assert [p.status for p in plan_batch(spec, out)] == ["up to date"] * 5
    damaged = out / first["entries"][0]["file"]
    damaged.write_bytes(b"half a file")
    third, stdout, _ = _run(spec, out, cache=False)
    assert stdout.count("up to date, skipped") == 4
    assert _hashes(third) == _hashes(first)
    assert read_npz(damaged)[0]["sha256"] == first["entries"][0]["sha256"]


def test_changed_entry_is_rebuilt(tmp_path):
    out = tmp_path / "out"
    _run(_spec(tmp_path, GOOD), out, cache=False)
    changed = GOOD.replace('name = "d4-regular"', 'name = "d4-regular"\ndtype = "float32"')
    manifest, stdout, _ = _run(_spec(tmp_path, changed), out, cache=False)
    assert stdout.count("up to date, skipped") == 4
    assert manifest["entries"][0]["spec"]["dtype"] == "float32"


def test_bad_entries_fail_alone_each_on_its_own_progress_line(tmp_path):
    manifest, stdout, stderr = _run(_spec(tmp_path, BAD + GOOD), tmp_path / "out", cache=False)
    # one line per error; an error in an expression adds it and a caret under it
    lines = stderr.splitlines()
    pictures = [i for i, line in enumerate(lines) if line.strip() == "^"]
    lines = [line for i, line in enumerate(lines) if not {i, i + 1} & set(pictures)]
    names = ["unknown-group", "malformed", "impossible-format", "grid"]
    assert [line.split(": error: ")[0] for line in lines] == [
        "[1/9] unknown-group",
        "[2/9] malformed",
        "[3/9] impossible-format",
        "[4/9] grid",
    ]  # all refused by the plan, before any build
    assert len(lines) == len(names)
    by_name = {name: [line for line in lines if f"] {name}: error: " in line] for name in names}
    assert all(len(found) == 1 for found in by_name.values())
    assert by_name["unknown-group"][0].startswith("[1/9] unknown-group: error: ")
    assert "Z9" in by_name["unknown-group"][0] and "natural^" in by_name["malformed"][0]
    assert "orbit" in by_name["impossible-format"][0]
    assert "kernel side" in by_name["grid"][0]
    errors = manifest["entries"][:4]
    assert all(r["status"] == "error" and r["message"] for r in errors)
    assert [r["error"] for r in errors][:2] == ["UnknownNameError", "ParseError"]
    assert all(r["status"] == "ok" for r in manifest["entries"][4:])
    assert manifest["summary"] == {"ok": 5, "error": 4}
    assert stdout.count(": ok: ") == 5 and "error" not in stdout
    assert not (tmp_path / "out" / "impossible-format.npz").exists()


def test_spec_problems(tmp_path):
    with pytest.raises(gp.ParseError, match="TOML"):
        load_spec(_spec(tmp_path, "[[projector]\n"))
    with pytest.raises(gp.ParseError, match="no \\[\\[projector\\]\\]"):
        load_spec(_spec(tmp_path, '[defaults]\nformat = "csr"\n'))
    dup = GOOD + '[[projector]]\nname = "d4-regular"\ngroup = "C2"\nin = "sign"\nout = "sign"'
    entries = load_spec(_spec(tmp_path, dup))
    assert entries[-1].problem is not None and "already used by entry 1" in entries[-1].problem
    odd = '[[projector]]\ngroup = "C2"\nin = "regular"\nout = "regular"\nformat = "png"\n'
    (entry,) = load_spec(_spec(tmp_path, odd))
    assert "format" in entry.problem


def test_example_specs_plan(tmp_path):
    library = load_spec(ROOT / "examples" / "library.toml")
    assert len(library) >= 100 and all(e.problem is None for e in library)
    text = (ROOT / "examples" / "library.toml").read_text()
    assert len([line for line in text.splitlines() if line and not line.startswith("#")]) <= 20
    names = {e.name: e.spec for e in library}
    assert names["s60-nat2-nat2"]["group"] == "S60" and names["s60-nat2-nat2"]["in"] == "natural^2"
    pairs = {(e.spec["in"], e.spec["out"]) for e in library if e.spec["group"] == "O3"}
    irreps = [f"{l}{p}" for l in range(5) for p in "eo"]
    assert pairs == {(a, b) for a in irreps for b in irreps}
    plan = plan_batch(ROOT / "examples" / "library.toml")
    assert [p.status for p in plan] == ["build"] * len(plan)
    big = next(p for p in plan if p.name == "s60-nat2-nat2")
    assert big.estimate.format == "orbit" and big.estimate.shape == (3600, 3600)
    rc = cli.main(["batch", "--dry-run", str(ROOT / "examples" / "library.toml")])
    assert rc == 0
    for e in load_spec(ROOT / "examples" / "projectors.toml"):
        assert e.problem is None
        resolve(e.spec)


def test_kernel_grid_entry_builds_the_kernel_projector(tmp_path):
    spec = _spec(
        tmp_path,
        '[[projector]]\nname = "d4-kernel"\ngroup = "D4"\nin = "regular"\n'
        'out = "regular"\ngrid = 3\nformat = "orbit"\n',
    )
    manifest, _, _ = _run(spec, tmp_path / "out", cache=False)
    (record,) = manifest["entries"]
    D4 = gp.dihedral(4)
    P = gp.kernel_projector(D4.regular(), D4.regular(), 3)
    assert record["status"] == "ok" and record["shape"] == [8, 72] and record["dim"] == P.dim
    stored = gp.load(tmp_path / "out" / "d4-kernel.npz")
    assert np.array_equal(stored.structure.ids, P.structure.ids)
    assert stored.metadata["V"]["expression"] == "(regular)*grid3"


def test_output_folder_problems_are_reported_before_any_work(tmp_path, monkeypatch):
    spec = _spec(tmp_path, GOOD)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(gp.OutputNotWritableError, match="cannot create the output folder"):
        run_batch(spec, blocker / "out", stdout=io.StringIO())
    import groupproj.batch.runner as runner

    class Full:
        free = 1000

    monkeypatch.setattr(runner.shutil, "disk_usage", lambda path: Full)
    with pytest.raises(gp.OutputNotWritableError, match="full disk"):
        run_batch(spec, tmp_path / "out", stdout=io.StringIO())
    assert not list((tmp_path / "out").iterdir())  # nothing was built or written
    assert cli.main(["batch", str(spec), "-o", str(blocker / "out"), "--cache", "off"]) == 5


def test_files_and_manifest_honour_the_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        _run(_spec(tmp_path, GOOD), tmp_path / "out", cache=False)
    finally:
        os.umask(previous)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert len(modes) == 6 and set(modes.values()) == {0o640}


def test_temporaries_of_killed_writers_are_swept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(dead.stdout)
    stale = out / f".d4-regular.npz.{pid}.0123abcd.tmp"
    stale.write_bytes(b"x" * 1000)
    _run(_spec(tmp_path, GOOD), out, cache=False)
    assert not stale.exists()


def test_the_pool_keeps_running_tasks_within_the_memory_budget(tmp_path):
    tasks = []
    for number in range(1, 5):
        spec = {
            "group": "S5",
            "in": "natural^2",
            "out": "natural",
            "method": "auto",
            "format": "orbit",
            "dtype": "float64",
        }
        tasks.append(
            {
                "number": number,
                "name": f"e{number}",
                "spec": spec,
                "format": "orbit",
                "outdir": str(tmp_path),
                "cache": Cache(False),
                "max_bytes": 2**30,
                "memory": 600.0,
            }
        )
    running, most = set(), 0

    def stage(number, text):
        nonlocal most
        running.add(number)
        most = max(most, len(running))

    records = []
    for record in run_pool(tasks, jobs=2, budget=1000.0, on_stage=stage, on_tick=lambda: None):
        running.discard(record["number"])
        records.append(record)
    assert sorted(r["number"] for r in records) == [1, 2, 3, 4]
    assert all(r["status"] == "ok" for r in records)
    assert most == 1  # two workers, but two tasks at once would exceed the budget


class _Die:
    """A task part whose unpickling ends the worker process, as the OOM killer would."""

    def __reduce__(self):
        return (os._exit, (9,))


def test_a_dying_worker_fails_only_its_own_entry(tmp_path):
    spec = {
        "group": "C3",
        "in": "regular",
        "out": "regular",
        "method": "auto",
        "format": "csr",
        "dtype": "float64",
    }
    base = {
        "spec": spec,
        "format": "csr",
        "outdir": str(tmp_path),
        "max_bytes": 2**30,
        "memory": 1.0,
    }
    tasks = [
        {**base, "number": 1, "name": "a", "cache": Cache(False)},
        {**base, "number": 2, "name": "b", "cache": _Die()},
        {**base, "number": 3, "name": "c", "cache": Cache(False)},
    ]
    records = {r["number"]: r for r in run_pool(tasks, 1, 10.0, lambda n, t: None, lambda: None)}
    assert records[1]["status"] == records[3]["status"] == "ok"
    assert records[2]["status"] == "error" and records[2]["error"] == "WorkerDied"
    assert "worker process" in records[2]["message"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_and_plain_lines_otherwise():
    out, err = _Terminal(), io.StringIO()
    p = Progress(3, {1: 10.0, 2: 10.0}, {1: "big", 2: "other", 3: "bad"}, out, err)
    p.stage(1, "building the orbit structure")
    assert "\r[" in out.getvalue() and "%" in out.getvalue() and "big: building" in out.getvalue()
    p.finish({"number": 3, "name": "bad", "status": "error", "message": "no such group"})
    assert err.getvalue() == "[3/3] bad: error: no such group\n"
    record = {
        "number": 1,
        "name": "big",
        "status": "ok",
        "dim": 2,
        "method": "orbit",
        "format": "orbit",
        "seconds": 1.5,
    }
    p.finish(record)
    text = out.getvalue()
    assert "[1/3] big: ok: dim 2, orbit, orbit, 1.500 s\n" in text
    bar = text.rsplit("\r", 1)[-1]
    assert " 50% 2/3 " in bar  # weighted by the estimates: one of two 10 s entries done
    # what is left (10 s estimated), at the measured pace (1.5 s for a 10 s estimate)
    assert p.eta(time.monotonic()) == pytest.approx(1.5)
    assert "ETA 0:02" in bar
    p.close()
    plain_out = io.StringIO()
    q = Progress(2, {1: 60.0}, {1: "big", 2: "x"}, plain_out, io.StringIO())
    q.stage(1, "building the orbit structure")
    assert plain_out.getvalue() == "[1/2] big: building the orbit structure (about 60 s)\n"
    assert "\r" not in plain_out.getvalue()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_kill_9_leaves_no_workers_and_the_rerun_resumes(tmp_path):
    spec = _spec(
        tmp_path,
        '[[projector]]\nname = "c{n}"\ngroup = "C{n}"\nin = "regular"\nout = "regular"\n'
        "n = [2, 3, 4, 5, 6]\n"
        '[[projector]]\nname = "slow"\ngroup = "S40"\nin = "natural^2"\nout = "natural^2"\n',
    )
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "groupproj.cli", "batch", str(spec), "-o", str(out)]
    batch = subprocess.Popen(
        [*argv, "--jobs", "2", "--cache", "off"], env=env, stdout=subprocess.DEVNULL
    )
    journal, deadline = out / ".manifest.journal", time.monotonic() + 120
    while time.monotonic() < deadline:  # the small entries are done, the slow one runs
        if journal.exists() and len(journal.read_text().splitlines()) >= 5:
            break
        time.sleep(0.05)
    workers = _children(batch.pid)
    assert batch.poll() is None, "the slow entry finished before the kill"
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]
    assert workers and not alive, "workers outlived the killed batch"
    manifest, stdout, _ = _run(spec, out, cache=False)
    assert stdout.count("up to date, skipped") == 5  # from the journal, although killed
    assert manifest["complete"] and manifest["summary"] == {"ok": 6, "error": 0}
    assert not journal.exists()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_cli_exit_status_and_commands(tmp_path, capsys):
    good, bad = _spec(tmp_path, GOOD), _spec(tmp_path, BAD + GOOD, "bad.toml")
    args = ["--jobs", "1", "--cache", "off"]
    assert cli.main(["batch", str(good), "-o", str(tmp_path / "a"), *args]) == 0
    assert cli.main(["batch", str(bad), "-o", str(tmp_path / "b"), *args]) == 1
    assert cli.main(["batch", str(tmp_path / "missing.toml"), "-o", str(tmp_path / "c")]) == 2
    assert cli.main(["batch", "--dry-run", str(bad)]) == 1
    assert cli.main(["batch", "--dry-run", str(good), "-o", str(tmp_path / "a")]) == 0
    captured = capsys.readouterr()
    assert "5 ok, 4 failed" in captured.out and "up to date" in captured.out
    assert cli.main(["verify", str(tmp_path / "a")]) == 0
    assert "5 of 5 files ok" in capsys.readouterr().out
    assert cli.main(["batch", str(good), "-o", str(tmp_path / "z"), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
