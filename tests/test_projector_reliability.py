"""Regressions: projectors that once gave silent wrong answers, and files that verified nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pytest

import groupproj as gp
from groupproj.io import read_npz


@pytest.mark.parametrize(
    "V, W, dim",
    [
        (gp.SO3().irrep(1), gp.SO3().irrep(1, basis="complex"), 1),
        (gp.SO3().natural(), gp.SO3().irrep(1, basis="complex"), 1),
        (gp.O3().irrep(2, -1), gp.O3().irrep(2, -1, basis="complex"), 1),
        (gp.O2().irrep(3), gp.O2().irrep(3, basis="complex"), 1),
        (gp.SO2().irrep(2), gp.SO2().irrep(2, basis="complex"), 1),  # rho_2 = e^{2i} + e^{-2i}
        (
            gp.SO2().irrep(2),
            gp.SO2().irrep(2, basis="complex") + gp.SO2().irrep(-2, basis="complex"),
            2,
        ),
        (gp.SU2().irrep(1, basis="real"), gp.SU2().irrep(1), 1),
    ],
    ids=lambda x: getattr(x, "name", str(x)),
)
def test_real_basis_against_complex_basis_counts_the_maps(V, W, dim):
    for method in ("auto", "spectral", "spatial"):
        P = gp.projector(V, W, method=method)
        assert P.dim == dim, method
        B = P.basis()
        for g in V.group.sample(3, seed=1):
            assert np.allclose(W(g) @ B, B @ V(g), atol=1e-12)


def test_the_group_average_keeps_complex_maps_complex():
    G = gp.SO3()
    V = G.natural()
    P = gp.projector(V, V, method="spatial")
    A = 1j * np.eye(3)
    assert np.allclose(P(A), A)
    assert P.penalty(A) < 1e-24
    assert float(gp.penalty(A, P)) < 1e-24
    B = np.random.default_rng(0).standard_normal((3, 3)) * (1 + 2j)
    assert np.allclose(P(B), P(B.real) + 1j * P(B.imag))


def test_empty_batches_and_foreign_inputs():
    S3 = gp.symmetric(3)
    P = gp.projector(S3.natural(), S3.natural())
    assert P(np.ones((0, 3, 3))).shape == (0, 3, 3)
    assert P.penalty(np.ones((0, 3, 3))).shape == (0,)
    with pytest.raises(gp.InvalidTypeError, match="P"):
        gp.penalty(np.ones((3, 3)), "P")
    torch = pytest.importorskip("torch")
    for T in (torch.ones(3, 3, requires_grad=True), torch.ones(3, 3, dtype=torch.bfloat16)):
        with pytest.raises(gp.InvalidTypeError, match="equivariant_part"):
            P(T)


def _saved(tmp_path, format="csr", name="P.npz"):
    D4 = gp.dihedral(4)
    P = gp.projector(D4.natural(), D4.natural() + D4.trivial())
    path = tmp_path / name
    P.save(path, format=format, compress=False)
    return P, path


def _rewrite(path, meta, arrays):
    with open(path, "wb") as f:
        np.savez(f, metadata=np.array(json.dumps(meta)), **arrays)


@pytest.mark.parametrize(
    "change",
    ["value", "reversed indptr", "dim 999", "method", "group name", "shape"],
)
def test_load_refuses_changed_content(tmp_path, change):
    _, path = _saved(tmp_path)
    meta, arrays = read_npz(path)
    if change == "value":
        arrays["data"] = arrays["data"].copy()
        arrays["data"][0] += 1e-3
    elif change == "reversed indptr":
        arrays["indptr"] = arrays["indptr"][::-1].copy()
    elif change == "dim 999":
        meta["dim"] = 999
    elif change == "method":
        meta["method"] = "spectral"
    elif change == "group name":
        meta["group"]["name"] = "D5"
    else:
        meta["shape"] = [4, 5]
    _rewrite(path, meta, arrays)
    with pytest.raises(gp.ChecksumError, match="sha256"):
        gp.load(path)
    assert str(path) in str(pytest.raises(gp.ChecksumError, gp.load, path).value)


def test_unverified_load_still_refuses_inconsistent_structure(tmp_path):
    _, path = _saved(tmp_path)
    meta, arrays = read_npz(path)
    arrays["indptr"] = arrays["indptr"][::-1].copy()
    _rewrite(path, meta, arrays)
    with pytest.raises(gp.FileFormatError, match="inconsistent"):
        gp.load(path, verify=False)
    meta, arrays = read_npz(_saved(tmp_path, name="Q.npz")[1])
    meta["dim"] = 999
    _rewrite(path, meta, arrays)
    with pytest.raises(gp.FileFormatError, match="dim 999"):
        gp.load(path, verify=False)


def test_a_tampered_cache_entry_is_rebuilt_not_trusted(tmp_path):
    D4 = gp.dihedral(4)
    V, W = D4.natural(), D4.regular()
    gp.cached_projector(V, W, cache=tmp_path)
    (path,) = tmp_path.rglob("*.npz")
    meta, arrays = read_npz(path)
    meta["dim"] = 999
    _rewrite(path, meta, arrays)
    with pytest.warns(gp.CacheWarning):
        P = gp.cached_projector(V, W, cache=tmp_path)
    assert P.dim == gp.projector(V, W).dim


def test_a_small_file_of_huge_zeros_is_refused_before_decompressing(tmp_path):
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("matrix.npy", "w", force_zip64=True) as f:
            header = {"descr": "<f8", "fortran_order": False, "shape": (2**15, 2**15)}
            np.lib.format.write_array_header_2_0(f, header)
            chunk = bytes(2**20)
            for _ in range(64):  # only 64 MiB of the promised 8 GiB is written
                f.write(chunk)
        with z.open("metadata.npy", "w") as f:
            np.lib.format.write_array(f, np.array(json.dumps({"format_version": 2})))
    assert path.stat().st_size < 2**20
    with gp.size_limit("1G"), pytest.raises(gp.SizeLimitError, match="reading"):
        gp.load(path)


def test_float32_matrix_market_reloads_bit_for_bit(tmp_path):
    P, _ = _saved(tmp_path)
    P.save(tmp_path / "P.mtx", dtype="float32")
    Q = gp.load(tmp_path / "P.mtx")
    expected = P.matrix("coo").astype(np.float32)
    assert Q.dtype == np.float32
    assert np.array_equal(Q.matrix("coo").toarray(), expected.toarray())


def test_files_and_manifest_honour_the_umask(tmp_path):
    code = (
        "import os, groupproj as gp; os.umask(0o022); G = gp.dihedral(4); "
        f"gp.projector(G.natural(), G.natural()).save({str(tmp_path / 'P.npz')!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert (tmp_path / "P.npz").stat().st_mode & 0o777 == 0o644


def test_temporaries_of_killed_writers_are_swept(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = tmp_path / f".P.npz.{pid}.0123abcd.tmp"
    stale.write_bytes(b"half a file")
    live = tmp_path / f".P.npz.{os.getpid() + 0}.89abcdef.tmp"  # this process: kept
    live.write_bytes(b"in progress")
    _saved(tmp_path)
    assert not stale.exists() and live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "P.npz"])


def test_files_are_compressed_and_reload_bit_for_bit(tmp_path):
    S = gp.symmetric(10)
    P = gp.projector(S.natural() ** 2, S.natural() ** 2)
    P.save(tmp_path / "small.npz")
    P.save(tmp_path / "plain.npz", compress=False)
    assert (tmp_path / "small.npz").stat().st_size * 10 < (tmp_path / "plain.npz").stat().st_size
    for name in ("small.npz", "plain.npz"):
        assert np.array_equal(gp.load(tmp_path / name).structure.ids, P.structure.ids)


def test_a_build_beyond_the_size_limit_is_refused_before_it_starts():
    S6 = gp.symmetric(6)
    V = S6.natural() ** 8  # 1679616-dimensional: the orbit table alone would need ~123 TiB
    with pytest.raises(gp.SizeLimitError, match="TiB"):
        gp.projector(V, V, method="orbit")


def test_auto_prices_without_building_the_losers():
    S = gp.symmetric(100)
    N = S.natural()
    P = gp.projector(N * N, N)
    assert P.method == "orbit" and P.dim == 5
    assert "_sympy" not in S.__dict__  # no stabiliser chain was computed to price 'spatial'
