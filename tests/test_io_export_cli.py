import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.io

import groupproj as gp
from groupproj.cli import main


@pytest.mark.parametrize("format", ["dense", "csr", "coo", "basis", "orbit", "auto"])
def test_save_load_roundtrip_is_bit_exact(tmp_path, format):
    D4 = gp.dihedral(4)
    P = gp.projector(D4.natural() * D4.natural(), D4.regular())
    path = tmp_path / "P.npz"
    P.save(path, format=format)
    Q = gp.load(path)
    assert isinstance(Q, gp.Projector)
    assert Q.dim == P.dim and Q.method == "orbit" and Q.shape == P.shape
    assert Q.V == P.V and Q.W == P.W and Q == P  # rebuilt from the metadata
    meta = Q.metadata
    assert meta["group"]["name"] == "D4" and meta["V"]["expression"] == "natural^2"
    assert meta["vec_convention"] == gp.VEC_CONVENTION and meta["format_version"] == 2
    assert meta["groupproj_version"] == gp.__version__
    assert len(meta["element_order"]) == 8  # W is regular: its basis is the element order
    A = np.random.default_rng(0).standard_normal((2, *P.shape))
    assert np.allclose(Q(A), P(A), atol=1e-12)
    for form in ("csr", "coo", "dense"):  # every file gives the operator in every form
        stored, fresh = Q.matrix(form), P.matrix(form)
        if form != "dense":
            stored, fresh = stored.toarray(), fresh.toarray()
        if form == format:  # the stored arrays themselves reload bit for bit
            assert np.array_equal(stored, fresh)
        assert np.allclose(stored, fresh, atol=1e-14)
    with pytest.raises(gp.UnknownNameError, match="orbit structure"):
        gp.projector(P.V, P.W, method="spatial").save(tmp_path / "S.npz", format="orbit")


def test_spatial_save_and_matrix_market(tmp_path):
    Q8 = gp.quaternion()
    P = gp.projector(Q8.natural(), Q8.natural(), method="spatial")
    assert P.dim == 4  # quaternionic type: End is ℍ
    P.save(tmp_path / "P.npz", format="csr")
    R = gp.load(tmp_path / "P.npz")
    A = np.random.default_rng(1).standard_normal((4, 4))
    assert np.allclose(R(A), P(A))
    P.save(tmp_path / "P.mtx")
    M = scipy.io.mmread(tmp_path / "P.mtx")
    assert np.allclose(M.toarray(), P.matrix())
    loaded = gp.load(tmp_path / "P.mtx")
    assert loaded.metadata["method"] == "spatial" and loaded == gp.load(tmp_path / "P.mtx")
    assert np.allclose(loaded(A), P(A))
    with pytest.raises(gp.UnknownNameError, match=".npz, .mtx or .safetensors"):
        P.save(tmp_path / "P.txt")
    with pytest.raises(gp.UnknownNameError, match="sparse operator"):
        P.save(tmp_path / "P.mtx", format="orbit")


@pytest.mark.parametrize("suffix", [".npz", ".mtx"])
def test_float32_files_keep_their_dtype(tmp_path, suffix):
    D4 = gp.dihedral(4)
    P = gp.projector(D4.natural(), D4.natural() + D4.trivial(), method="spatial")
    P.save(tmp_path / f"P{suffix}", format="csr", dtype="float32")
    Q = gp.load(tmp_path / f"P{suffix}")
    assert Q.dtype == np.float32 and Q.matrix("csr").dtype == np.float32
    assert np.array_equal(Q.matrix("csr").toarray(), P.matrix("csr").toarray().astype(np.float32))
    A = np.ones(P.shape, dtype=np.float32)
    assert Q(A).dtype == np.float32


def test_export_converters():
    D4 = gp.dihedral(4)
    P = gp.projector(D4.natural(), D4.natural())
    assert np.array_equal(gp.export.to_numpy(P), P.matrix())
    assert (gp.export.to_scipy(P, "coo") != P.matrix("coo")).nnz == 0
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(gp.OptionalDependencyError, match=r"groupproj\[torch\]"):
            gp.export.to_torch(P)
    else:
        T = gp.export.to_torch(P, layout="sparse_coo")
        assert np.allclose(T.to_dense().numpy(), P.matrix())
        C = gp.export.to_torch(P, layout="sparse_csr")
        assert np.allclose(C.to_dense().numpy(), P.matrix())
    try:
        import jax  # noqa: F401
    except ImportError:
        with pytest.raises(gp.OptionalDependencyError, match=r"groupproj\[jax\]"):
            gp.export.to_jax(P)
    else:
        assert np.allclose(np.asarray(gp.export.to_jax(P)), P.matrix())


def test_core_import_does_not_pull_frameworks():
    code = (
        "import sys, groupproj; "
        "bad = [m for m in ('torch', 'jax', 'matplotlib') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_projector(tmp_path, capsys):
    out = tmp_path / "P.npz"
    rc = main(
        [
            "projector",
            "--group",
            "D4",
            "--in",
            "regular",
            "--out",
            "regular",
            "--format",
            "csr",
            "-o",
            str(out),
        ]
    )
    text = capsys.readouterr().out
    assert rc == 0 and out.exists()
    for word in ("order 8", "dim Hom_G(V,W)  8", "orbit", "nnz", "build time"):
        assert word in text
    assert json.loads(str(np.load(out)["metadata"]))["dim"] == 8
    assert gp.load(out) == gp.projector(gp.dihedral(4).regular(), gp.dihedral(4).regular())


def test_cli_products_and_expressions(capsys):
    assert (
        main(["projector", "--group", "C2xS3", "--in", "natural^2+trivial", "--out", "natural"])
        == 0
    )
    assert "C2xS3 (order 12)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--group", "Z5", "--in", "natural", "--out", "natural"], "unknown group 'Z5'"),
        (["--group", "S3", "--in", "natral", "--out", "natural"], "no representation named"),
        (["--group", "S3", "--in", "natural^", "--out", "natural"], "expected"),
        (
            ["--group", "Q8", "--in", "natural", "--out", "natural", "--method", "orbit"],
            "does not apply",
        ),
    ],
)
def test_cli_errors_are_one_line(args, message, capsys):
    assert main(["projector", *args]) == 2
    err = capsys.readouterr().err
    first, *picture = err.splitlines()
    assert first.startswith("groupproj: error: ") and message in first
    # an error in an expression adds the expression and a caret under its column
    assert picture == [] or (len(picture) == 2 and picture[1].strip() == "^")


def test_cli_info(capsys):
    assert main(["info", "--group", "S4"]) == 0
    text = capsys.readouterr().out
    assert "order       24" in text and "conjugacy classes  5" in text


def test_cli_compact_groups(capsys):
    assert main(["projector", "--group", "SO3", "--in", "natural^2", "--out", "natural"]) == 0
    out = capsys.readouterr().out
    assert "dim Hom_G(V,W)  1" in out and "spectral" in out
    assert (
        main(["projector", "--group", "O3", "--in", "irrep(1,-1)^2", "--out", "irrep(1,-1)"]) == 0
    )
    assert "dim Hom_G(V,W)  0" in capsys.readouterr().out
    assert main(["info", "--group", "SO2"]) == 0
    assert "infinite" in capsys.readouterr().out


def test_parse_irrep_labels():
    from groupproj.parse import parse_group, parse_rep

    SU2 = parse_group("SU2")
    assert parse_rep("irrep(1/2)*irrep(1/2)", SU2).dim == 4
    assert parse_rep("irrep(2)+trivial", parse_group("SO3")).dim == 6
    with pytest.raises(gp.ParseError, match="integers"):
        parse_rep("irrep(+)", SU2)
    with pytest.raises(gp.SelectionRuleError):
        parse_rep("irrep(1/2)", parse_group("SO3"))


# --- the command line: speed, quiet pipes, errors, statuses ------------------------------------

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sympy", "networkx", "scipy", "scipy.sparse.linalg", "numpy")


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_help_and_import_load_no_heavy_module():
    code = (
        "import sys, groupproj, groupproj.cli\n"
        "status = groupproj.cli.main(sys.argv[1:])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), status)\n"
    )
    for argv in (["--help"], ["batch", "--help"], ["--version"]):
        done = _python(code, *argv)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "[] 0", (argv, done.stdout[-200:])
    bare = _python(
        "import sys, groupproj\n"
        "print([m for m in ('sympy', 'networkx', 'scipy.sparse.linalg') if m in sys.modules])"
    )
    assert bare.stdout.strip() == "[]"


def test_the_clis_spelt_out_choices_are_the_libraries():
    from groupproj import cli
    from groupproj.equivariant.factory import METHODS
    from groupproj.equivariant.files import SAVE_DTYPES, SAVE_FORMATS
    from groupproj.parse import GROUP_HELP

    assert (cli.METHODS, cli.FORMATS, cli.DTYPES) == (METHODS, SAVE_FORMATS, SAVE_DTYPES)
    assert GROUP_HELP in cli.GROUPS


def test_the_documented_exit_statuses_are_the_ones_used():
    from groupproj import cli

    table = cli.__doc__.split("Exit status")[1]
    documented = {int(m) for m in re.findall(r"^(\d+)\s{2,}", table, flags=re.M)}
    assert documented == set(cli.EXIT_STATUS.values())


def test_closing_the_pipe_early_ends_quietly():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        f"{sys.executable} -m groupproj.cli info --group A5 | head -2",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
        executable="/bin/bash",
    )
    assert done.stdout.splitlines() == ["group       A5", "order       60"]
    assert done.stderr == ""
    status = subprocess.run(
        f"set -o pipefail; {sys.executable} -m groupproj.cli info --group A5 | head -1",
        shell=True,
        capture_output=True,
        env=env,
        executable="/bin/bash",
    )
    assert status.returncode == 0 and status.stderr == b""


def test_errors_come_after_the_output_on_their_own_line():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "groupproj.cli", "info", "--group", "A10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 3, done.stdout
    assert lines[:2] == ["group       A10", "order       1814400"]
    assert lines[-1].startswith("groupproj: error: ") and "A10" in lines[-1]
    assert "Traceback" not in done.stdout


def test_projector_takes_a_grid_like_batch_entries(capsys):
    argv = ["projector", "--group", "D4", "--in", "regular", "--out", "trivial", "--grid", "3"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    P = gp.kernel_projector(gp.dihedral(4).regular(), gp.dihedral(4).trivial(), 3)
    assert f"dim Hom_G(V,W)  {P.dim}" in out and "(regular)*grid3 (dim 72)" in out
    assert f"nnz             {P.nnz()}" in out


def test_spatial_without_output_reports_without_building_the_operator(capsys):
    argv = ["projector", "--group", "S5", "--in", "natural^2", "--out", "natural^2"]
    # the dense operator would need 8·625² bytes, over this limit; the group average fits
    assert main([*argv, "--method", "spatial", "--max-bytes", "2M"]) == 0
    out = capsys.readouterr().out
    assert "dim Hom_G(V,W)  15" in out and "nnz             ≤ 390625 (a bound" in out
    assert main([*argv, "--method", "orbit"]) == 0
    P = gp.projector(gp.symmetric(5).natural() ** 2, gp.symmetric(5).natural() ** 2)
    assert f"nnz             {P.nnz()}\n" in capsys.readouterr().out


def test_projector_output_is_planned_before_building(tmp_path, capsys):
    argv = ["projector", "--group", "S30", "--in", "natural^2", "--out", "natural^2"]
    target = tmp_path / "P.npz"
    assert main([*argv, "--format", "csr", "-o", str(target)]) == 3
    err = capsys.readouterr().err
    assert "format 'orbit' needs about 3.09 MiB and fits" in err and not target.exists()
    assert main([*argv, "-o", str(target)]) == 0
    assert "format          orbit" in capsys.readouterr().out
    assert gp.load(target).dim == 15


def test_verify_finds_changed_replaced_and_forged_files(tmp_path, capsys):
    from groupproj.io import read_npz, write_npz

    D4 = gp.dihedral(4)
    for name, (V, W) in {
        "a": (D4.natural(), D4.natural()),
        "b": (D4.regular(), D4.trivial()),
    }.items():
        gp.projector(V, W).save(tmp_path / f"{name}.npz", format="csr")
    assert main(["verify", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("ok  ") == 2 and "equivariant" in out and "2 of 2 files ok" in out
    # a forged file: sealed correctly, trace and symmetry kept, but not a projector
    gp.projector(D4.natural(), D4.natural()).save(tmp_path / "dense.npz", format="dense")
    meta, arrays = read_npz(tmp_path / "dense.npz")
    (tmp_path / "dense.npz").unlink()
    arrays["matrix"] = arrays["matrix"] + 0.1 * (np.eye(16, k=1) + np.eye(16, k=-1))
    write_npz(tmp_path / "forged.npz", arrays, meta)
    assert main(["verify", str(tmp_path / "forged.npz")]) == 4
    assert "not idempotent" in capsys.readouterr().err
    # a changed file: the digest no longer matches
    raw = bytearray((tmp_path / "b.npz").read_bytes())
    (tmp_path / "c.npz").write_bytes(raw[: len(raw) // 2])
    assert main(["verify", str(tmp_path / "c.npz")]) == 4
    # a file replaced after the batch wrote it
    (tmp_path / "manifest.json").write_text(
        json.dumps({"entries": [{"status": "ok", "file": "a.npz", "sha256": "0" * 64}]})
    )
    (tmp_path / "forged.npz").unlink()
    (tmp_path / "c.npz").unlink()
    assert main(["verify", str(tmp_path)]) == 4
    assert "not the manifest's" in capsys.readouterr().err


def test_cache_info_verify_and_clear(tmp_path, capsys):
    cache = tmp_path / "cache"
    S3 = gp.symmetric(3)
    gp.cached_projector(S3.natural(), S3.natural(), cache=cache)
    gp.cached_projector(S3.regular(), S3.natural(), cache=cache)
    (cache / "keep-me.txt").write_text("not the cache's")
    assert main(["cache", "info", "--cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "entries      2 (" in out and "S3 2 (" in out
    assert main(["cache", "verify", "--cache", str(cache)]) == 0
    assert "2 of 2 cache entries ok" in capsys.readouterr().out
    victim = sorted(cache.rglob("*.npz"))[0]
    victim.write_bytes(victim.read_bytes()[:-40])
    assert main(["cache", "verify", "--cache", str(cache)]) == 4
    assert str(victim) in capsys.readouterr().err
    assert main(["cache", "clear", "--cache", str(cache)]) == 0
    assert "removed 2 files" in capsys.readouterr().out
    assert not list(cache.rglob("*.npz")) and (cache / "keep-me.txt").exists()
    assert main(["cache", "info", "--cache", "off"]) == 0
    assert "the cache is off" in capsys.readouterr().out


def test_info_lists_classes_and_prints_small_tables(capsys):
    assert main(["info", "--group", "S5"]) == 0
    out = capsys.readouterr().out
    table = gp.symmetric(5).character_table()
    assert "conjugacy classes  7" in out and "character table" in out
    assert str(table) in out
    assert main(["info", "--group", "S5", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "… 4 more classes (--limit 7 lists them all)" in out
    assert "character table  7 × 7: not printed, more than 3 classes (--limit 7 prints it)" in out


def test_info_on_s8_never_builds_a_cayley_table_it_cannot_hold(capsys):
    status = main(["info", "--group", "S8"])
    out, err = capsys.readouterr()
    assert "order       40320" in out
    if status == 0:  # classes from cycle types
        assert "conjugacy classes  22" in out
    else:  # classes from the Cayley table, refused up front
        assert status == 3 and "Cayley table" in err and "GiB" in err


def test_info_on_large_symmetric_groups_from_cycle_types(capsys):
    assert main(["info", "--group", "S10"]) == 0
    out = capsys.readouterr().out
    assert "order       3628800" in out and "conjugacy classes  42" in out
    assert "… 22 more classes (--limit 42 lists them all)" in out
    assert "character table  42 × 42: not printed, more than 20 classes" in out
    assert main(["info", "--group", "S10", "--limit", "42"]) == 0
    out = capsys.readouterr().out
    assert str(gp.symmetric(10).character_table()) in out
    assert main(["info", "--group", "S30"]) == 0
    out = capsys.readouterr().out
    assert "conjugacy classes  5604" in out and "… 5584 more classes" in out
    assert "5604 × 5604: not printed" in out and "never printed" in out
