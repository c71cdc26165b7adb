import json
import subprocess
import sys

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
    with pytest.raises(gp.UnknownNameError, match=".npz or .mtx"):
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
        parse_rep("irrep(a)", SU2)
    with pytest.raises(gp.SelectionRuleError):
        parse_rep("irrep(1/2)", parse_group("SO3"))
