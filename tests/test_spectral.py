"""The spectral back-end on finite groups: decompositions, couplings, agreement with the others."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.sparse
import sympy

import groupproj as gp
import zoo
from groupproj.reps import decompose as decompose_module


def dense(Q):
    return Q.toarray() if scipy.sparse.issparse(Q) else Q


def check_decomposition(V):
    dec = V.decompose()
    Q = dense(dec.Q)
    assert np.allclose(Q.T @ Q, np.eye(V.dim))
    counts = {r: m for r, m in dec.blocks}
    for r in V.group.irreps("real"):
        chi_v = np.array([V.character(g) for g in V.group.elements()])
        chi_r = np.array([r.character(g) for g in V.group.elements()])
        e = len(r.endomorphism_basis())
        assert counts.get(r, 0) == round(chi_v @ chi_r / (V.group.order * e))
    for s in V.group.generators:
        blocks = [r(s) for r, m in dec.blocks for _ in range(m)]
        assert np.allclose(Q.T @ V(s) @ Q, scipy.linalg.block_diag(*blocks), atol=1e-9)


@pytest.mark.parametrize("V", [V for G in zoo.groups() for V in zoo.reps(G)], ids=repr)
def test_decomposition(V):
    check_decomposition(V)


def test_sparse_q_for_large_permutation_reps(monkeypatch):
    monkeypatch.setattr(decompose_module, "DENSE_Q_LIMIT", 4)
    for G in (gp.dihedral(4), gp.symmetric(3), gp.alternating(4)):
        V = G.regular() * G.natural()
        assert scipy.sparse.issparse(V.decompose().Q)
        check_decomposition(V)
        W = G.natural()
        A = np.random.default_rng(0).standard_normal((3, W.dim, V.dim))
        spectral = gp.projector(V, W, method="spectral")
        assert np.allclose(spectral(A), gp.projector(V, W, method="orbit")(A))


@pytest.mark.parametrize("V, W", zoo.rep_pairs())
def test_spectral_equals_spatial_and_orbit(V, W):
    rng = np.random.default_rng(0)
    A = rng.standard_normal((2, W.dim, V.dim))
    spectral = gp.projector(V, W, method="spectral")
    spatial = gp.projector(V, W, method="spatial")
    assert spectral.dim == spatial.dim
    assert np.allclose(spectral(A), spatial(A), atol=1e-9)
    assert np.allclose(spectral(spectral(A)), spectral(A), atol=1e-9)
    if V.is_permutation and W.is_permutation:
        assert np.allclose(spectral(A), gp.projector(V, W, method="orbit")(A), atol=1e-9)


def test_spectral_basis_spans_the_same_space():
    G = gp.icosahedral()
    V, W = G.natural(), G.natural() * G.natural()
    B = gp.projector(V, W, method="spectral").basis()
    P = gp.projector(V, W, method="spatial")
    assert np.allclose(P(B), B)
    assert np.allclose(np.einsum("aij,bij->ab", B, B), np.eye(len(B)))


@pytest.mark.parametrize(
    "V",
    [gp.symmetric(3).natural() ** 2, gp.dihedral(4).natural(), gp.cyclic(6).natural()],
    ids=repr,
)
def test_exact_decomposition(V):
    dec = decompose_module.decompose_exact(V)
    Q = dec.Q_exact
    assert (Q.T * Q - sympy.eye(V.dim)).applyfunc(sympy.simplify).is_zero_matrix
    for s in V.group.generators:
        blocks = [r(s, exact=True) for r, m in dec.blocks for _ in range(m)]
        diff = Q.T * V(s, exact=True) * Q - sympy.diag(*blocks)
        assert diff.applyfunc(lambda z: sympy.simplify(sympy.expand(z))).is_zero_matrix


@pytest.mark.parametrize(
    "G", [gp.symmetric(3), gp.cyclic(4), gp.dihedral(3)], ids=lambda G: G.name
)
def test_exact_spectral_projection_matches_spatial(G):
    V, W = G.natural(), G.natural() + G.trivial()
    assert decompose_module.decompose_exact(V) is not None
    A = sympy.Matrix(W.dim, V.dim, lambda i, j: sympy.Rational(i - 2 * j, 3))
    exact = gp.projector(V, W, method="spectral")(A)
    diff = exact - gp.projector(V, W, method="spatial")(A)
    assert diff.applyfunc(sympy.simplify).is_zero_matrix
    assert decompose_module.decompose_exact(G.natural() ** 3) is None  # beyond the exact limits


def test_auto_reports_the_cheapest_backend():
    D4 = gp.dihedral(4)
    assert gp.projector(D4.regular(), D4.regular()).method == "orbit"
    Ico = gp.icosahedral()
    assert gp.projector(Ico.natural(), Ico.natural() * Ico.natural()).method == "spectral"
    rot = gp.rep_from_generators(gp.cyclic(4), [[[0.0, -1.0], [1.0, 0.0]]])
    assert gp.projector(rot, rot).method == "spectral"


def test_complex_reps_are_not_decomposed():
    C3 = gp.cyclic(3)
    w = np.exp(2j * np.pi / 3)
    V = gp.rep_from_generators(C3, [[[w]]])
    assert gp.projector(V, V).method == "spatial"
    with pytest.raises(gp.BackendNotApplicableError):
        gp.projector(V, V, method="spectral")


@pytest.mark.parametrize(
    "G",
    [gp.dihedral(4), gp.symmetric(4), gp.alternating(5), gp.icosahedral()],
    ids=lambda G: G.name,
)
def test_finite_clebsch_gordan_intertwines(G):
    irreps = G.irreps()
    for a in irreps:
        for b in irreps:
            total = 0
            for k, C in gp.finite_clebsch_gordan(a, b):
                m = C.shape[0]
                total += m * k.dim
                flat = C.reshape(m, a.dim * b.dim, k.dim)
                stacked = flat.transpose(1, 0, 2).reshape(a.dim * b.dim, m * k.dim)
                assert np.allclose(stacked.T @ stacked, np.eye(m * k.dim))
                for s in G.generators:
                    for c in flat:
                        assert np.allclose(np.kron(a(s), b(s)) @ c, c @ k(s))
            assert total == a.dim * b.dim


def test_symmetric_group_decomposes_from_generators():
    G = gp.symmetric(6)
    V = G.natural() ** 2
    W = G.trivial() + G.natural()
    A = np.random.default_rng(0).standard_normal((W.dim, V.dim))
    spectral = gp.projector(V, W, method="spectral")
    assert np.allclose(spectral(A), gp.projector(V, W, method="orbit")(A))
    assert "_enumeration" not in G.__dict__


@pytest.mark.parametrize("sparse", [False, True])
def test_factored_export_round_trip(tmp_path, monkeypatch, sparse):
    if sparse:
        monkeypatch.setattr(decompose_module, "DENSE_Q_LIMIT", 4)
    G = gp.alternating(4)
    V, W = G.regular() * G.natural(), G.natural()
    P = gp.projector(V, W, method="spectral")
    P.save(tmp_path / "P.npz", format="factored")
    stored = gp.load(tmp_path / "P.npz")
    A = np.random.default_rng(0).standard_normal((2, W.dim, V.dim))
    assert np.allclose(stored(A), P(A))
    assert stored.metadata["format"] == "factored" and stored.dim == P.dim
    assert scipy.sparse.issparse(stored.structure.factors[2]) == sparse
    with pytest.raises(gp.UnknownNameError):
        gp.projector(V, W, method="orbit").save(tmp_path / "Q.npz", format="factored")
