"""Batch generation from a spec file: manifest, reruns, schedulers, per-entry errors, CLI."""

import io
import json
from pathlib import Path

import numpy as np
import pytest

import groupproj as gp
from groupproj import cli
from groupproj.batch import load_spec, run_batch
from groupproj.io import read_npz
from groupproj.parse import parse_group, parse_rep

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
    """Everything in the manifest but the times."""
    return [{k: v for k, v in r.items() if k != "seconds"} for r in manifest["entries"]]


def test_manifest_describes_each_file(tmp_path):
    spec = _spec(tmp_path, GOOD)
    manifest, stdout, stderr = _run(spec, tmp_path / "out", cache=tmp_path / "c")
    assert stderr == ""
    assert manifest == json.loads((tmp_path / "out" / "manifest.json").read_text())
    entries = manifest["entries"]
    assert [r["index"] for r in entries] == list(range(5))
    assert manifest["summary"] == {"ok": 5, "error": 0}
    assert len(stdout.splitlines()) == 5
    for r, e in zip(entries, load_spec(spec)):
        assert r["status"] == "ok" and r["spec"] == e.spec and r["name"] == e.name
        stored = gp.load(tmp_path / "out" / r["file"])
        assert r["sha256"] == stored.metadata["sha256"]
        G = parse_group(e.spec["group"])
        P = gp.projector(parse_rep(e.spec["in"], G), parse_rep(e.spec["out"], G))
        assert (r["dim"], r["method"], tuple(r["shape"])) == (P.dim, P.method, P.shape)
        if e.spec["format"] in ("csr", "coo", "orbit"):
            assert r["nnz"] == P.nnz()
        A = np.random.default_rng(1).normal(size=P.shape)
        tol = 1e-5 if e.spec["dtype"] == "float32" else 1e-12
        np.testing.assert_allclose(stored(A), P(A), atol=tol)
    assert read_npz(tmp_path / "out" / entries[1]["file"])[1]["data"].dtype == np.float32
    assert len(list((tmp_path / "c").rglob("*.npz"))) == 5  # one cache entry per projector


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
    assert len([line for line in stderr.splitlines() if line.startswith("groupproj:")]) == 4


def test_rerun_skips_up_to_date_entries_and_rebuilds_damaged_ones(tmp_path):
    spec, out = _spec(tmp_path, GOOD), tmp_path / "out"
    first, _, _ = _run(spec, out, cache=False)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.npz")}
    second, stdout, _ = _run(spec, out, cache=False)
    assert second == first  # records kept as they were, times included
    assert stdout.count("up to date, skipped") == 5
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.npz")} == mtimes
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


def test_bad_entries_each_get_one_error_and_the_rest_runs(tmp_path):
    manifest, _, stderr = _run(_spec(tmp_path, BAD + GOOD), tmp_path / "out", cache=False)
    # one line per error; an error in a name or an expression adds it and a caret under it
    lines = stderr.splitlines()
    pictures = [i for i, line in enumerate(lines) if line.strip() == "^"]
    lines = [line for i, line in enumerate(lines) if not {i, i + 1} & set(pictures)]
    names = ["unknown-group", "malformed", "impossible-format", "grid"]
    assert len(lines) == len(names)
    assert all(line.startswith("groupproj: error: entry ") for line in lines)
    by_name = {name: [line for line in lines if f"'{name}'" in line] for name in names}
    assert all(len(found) == 1 for found in by_name.values())
    assert "Z9" in by_name["unknown-group"][0] and "natural^" in by_name["malformed"][0]
    assert "orbit" in by_name["impossible-format"][0]
    assert "kernel side" in by_name["grid"][0]
    errors = manifest["entries"][:4]
    assert all(r["status"] == "error" and r["message"] for r in errors)
    assert all(r["status"] == "ok" for r in manifest["entries"][4:])
    assert manifest["summary"] == {"ok": 5, "error": 4}
    assert not (tmp_path / "out" / "impossible-format.npz").exists()


def test_spec_problems(tmp_path):
    with pytest.raises(gp.ParseError, match="TOML"):
        load_spec(_spec(tmp_path, "[[projector]\n"))
    with pytest.raises(gp.ParseError, match="no \\[\\[projector\\]\\]"):
        load_spec(_spec(tmp_path, '[defaults]\nformat = "csr"\n'))
    dup = GOOD + '[[projector]]\nname = "d4-regular"\ngroup = "C2"\nin = "sign"\nout = "sign"'
    entries = load_spec(_spec(tmp_path, dup))
    assert entries[-1].problem is not None and "earlier entry" in entries[-1].problem
    odd = '[[projector]]\ngroup = "C2"\nin = "regular"\nout = "regular"\nformat = "png"\n'
    (entry,) = load_spec(_spec(tmp_path, odd))
    assert "format" in entry.problem


def test_cli_exit_status_and_existing_commands(tmp_path, capsys):
    good, bad = _spec(tmp_path, GOOD), _spec(tmp_path, BAD + GOOD, "bad.toml")
    args = ["--jobs", "1", "--cache", "off"]
    assert cli.main(["batch", str(good), "-o", str(tmp_path / "a"), *args]) == 0
    assert cli.main(["batch", str(bad), "-o", str(tmp_path / "b"), *args]) != 0
    assert cli.main(["batch", str(tmp_path / "missing.toml"), "-o", str(tmp_path / "c")]) == 2
    captured = capsys.readouterr()
    assert "5 ok, 4 failed" in captured.out
    assert cli.main(["info", "--group", "S3"]) == 0
    target = tmp_path / "P.npz"
    assert cli.main(["projector", "--group", "D4", "--in", "regular", "--out", "regular"]) == 0
    argv = ["projector", "--group", "C4", "--in", "regular", "--out", "regular", "-o"]
    assert cli.main([*argv, str(target)]) == 0
    assert gp.load(target).dim == 4


def test_example_library_parses():
    example = Path(__file__).resolve().parents[1] / "examples" / "projectors.toml"
    entries = load_spec(example)
    assert entries and all(e.problem is None for e in entries)
    for e in entries:
        G = parse_group(e.spec["group"])
        parse_rep(e.spec["in"], G), parse_rep(e.spec["out"], G)


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
