"""Irreps of compact groups: group laws, characters, types, Lie algebra, decompositions."""

from fractions import Fraction

import numpy as np
import pytest
import scipy.linalg
import sympy as sp
from compact_zoo import GROUPS, irreps, reps
from hypothesis import given, settings
from hypothesis import strategies as st

import groupproj as gp
from groupproj.harmonic import l1_to_cartesian

seeds = st.integers(0, 2**31 - 1)


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
@settings(max_examples=8, deadline=None)
@given(seed=seeds)
def test_irreps_are_unitary_homomorphisms(G, seed):
    g, h = G.sample(2, seed)
    for rho in irreps(G, 3):
        a, b = rho(g), rho(h)
        assert np.allclose(rho(g * h), a @ b, atol=1e-12), rho.name
        assert np.allclose(rho(g.inverse()), a.conj().T, atol=1e-12), rho.name
        assert np.allclose(a.conj().T @ a, np.eye(rho.dim), atol=1e-12), rho.name
        assert rho.is_orthogonal()
        assert rho.is_real == (rho.basis == "real")


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_irreps_are_irreducible_and_inequivalent(G):
    """Schur orthogonality by exact quadrature: ∫ χ_a conj(χ_b) = δ_ab (over C)."""
    for basis in {r.basis for r in irreps(G)}:
        rhos = G.irreps(2, basis)
        elements, weights = G.quadrature(4)
        chars = np.array([[np.trace(r(g)) for g in elements] for r in rhos])
        gram = (chars * weights) @ chars.conj().T
        # over C, a real 2-dim SO(2) irrep splits into e^{ikθ} ⊕ e^{-ikθ}: norm 2
        expected = np.diag([2.0 if r.real_type == "complex" and r.dim == 2 else 1.0 for r in rhos])
        assert np.allclose(gram, expected, atol=1e-12), basis


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_endomorphisms_commute_with_the_irrep(G):
    g = G.sample(1, 5)[0]
    for rho in irreps(G, 3):
        E = rho.endomorphism_basis()
        assert len(E) == (2 if rho.real_type == "complex" and rho.basis == "real" else 1)
        for e in E:
            assert np.allclose(e @ rho(g), rho(g) @ e, atol=1e-12)
        P = gp.projector(rho, rho)
        assert P.dim == len(E)


def test_so2_real_irreps_are_complex_type():
    G = gp.SO2()
    for k in (1, 2, 5):
        rho = G.irrep(k)
        assert rho.real_type == "complex"
        P = gp.projector(rho, rho)
        assert P.dim == 2
        J = np.array([[0.0, -1.0], [1.0, 0.0]])
        assert np.allclose(P(J), J) and np.allclose(P(np.eye(2)), np.eye(2))
        A = sp.Matrix([[1, 2], [3, 4]])
        half = sp.Rational(1, 2)
        assert P(A) == sp.Matrix([[5 * half, -half], [half, 5 * half]])
    assert G.irrep(0).real_type == "real"
    assert gp.O2().irrep(3).real_type == "real"
    assert gp.SO3().irrep(2).real_type == "real"
    assert gp.SU2().irrep(0.5).real_type == "quaternionic"


@pytest.mark.parametrize("t", [0.3, 1.7, 2.9])
def test_characters(t):
    rotation = gp.SO3().euler(t, 0, 0)
    spin = gp.SU2().euler(t, 0, 0)
    for l in range(6):
        chi = np.sin((2 * l + 1) * t / 2) / np.sin(t / 2)
        assert np.isclose(gp.SO3().irrep(l).character(rotation), chi)
        assert np.isclose(gp.O3().irrep(l, -1).character(gp.O3().element(-rotation.data)), -chi)
    for two_j in range(6):
        chi = np.sin((two_j + 1) * t / 2) / np.sin(t / 2)
        assert np.isclose(gp.SU2().irrep(two_j / 2).character(spin), chi)
    for k in range(4):
        assert np.isclose(
            gp.SO2().irrep(k).character(gp.SO2().element(t)), 2 * np.cos(k * t) if k else 1
        )
        assert np.isclose(gp.SO2().irrep(k, basis="complex").character(t), np.exp(1j * k * t))
        if k:
            assert np.isclose(gp.O2().irrep(k).character(gp.O2().reflection(t)), 0)


def test_natural_is_l1_in_cartesian_order():
    Q = l1_to_cartesian()
    for G, label in ((gp.SO3(), (1,)), (gp.O3(), (1, -1))):
        for g in G.sample(3, 2):
            assert np.allclose(G.natural()(g), Q @ G.irrep(*label)(g) @ Q.T, atol=1e-12)
        d = G.natural().decompose()
        assert d.blocks == ((G.irrep(*label), 1),)
        assert d.Q_exact == sp.Matrix(Q.tolist())
    S = gp.SU2()
    g = S.sample(1, 0)[0]
    assert np.allclose(S.natural()(g), S.irrep(0.5)(g))
    assert np.allclose(gp.SO2().natural()(0.4), gp.SO2().irrep(1)(0.4))


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_lie_algebra_is_the_derivative(G):
    """X_i = d/dt rho(exp(t ξ_i)), by central differences along the natural generators."""
    Xn = G.natural().lie_algebra()
    assert Xn.shape[0] == G.lie_dim
    h = 1e-5
    for rho in [*irreps(G, 2), *reps(G)[:6]]:
        X = rho.lie_algebra()
        assert X.shape == (G.lie_dim, rho.dim, rho.dim)
        for i in range(G.lie_dim):
            plus = G.element(scipy.linalg.expm(h * Xn[i]))
            minus = G.element(scipy.linalg.expm(-h * Xn[i]))
            numeric = (rho(plus) - rho(minus)) / (2 * h)
            assert np.allclose(X[i], numeric, atol=1e-8), (rho.name, i)


def _check_decomposition(rep, elements):
    d = rep.decompose()
    Q = d.Q
    assert np.allclose(Q.conj().T @ Q, np.eye(rep.dim), atol=1e-10)
    assert sum(m * r.dim for r, m in d.blocks) == rep.dim
    for g in elements:
        block = scipy.linalg.block_diag(*(np.kron(np.eye(m), r(g)) for r, m in d.blocks))
        assert np.allclose(Q.conj().T @ rep(g) @ Q, block, atol=1e-10), rep.name
    return d


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_decompositions_block_diagonalise(G):
    elements = G.sample(3, 7)
    for rep in reps(G):
        _check_decomposition(rep, elements)
    for a in irreps(G, 2):
        _check_decomposition(a.dual(), elements)  # conj(a) ≅ an irrep of the same basis
        for b in G.irreps(2, a.basis):
            if a.group.decomposition_unavailable(a * b) is None:
                _check_decomposition(a * b, elements[:1])


def test_tensor_product_rules():
    G = gp.SO3()
    d = (G.irrep(2) * G.irrep(3)).decompose()
    assert [(r.label, m) for r, m in d.blocks] == [(l, 1) for l in range(1, 6)]
    d = (gp.O3().natural() ** 2).decompose()
    assert {r.label for r, _ in d.blocks} == {(0, 1), (1, 1), (2, 1)}
    d = (gp.SO2().irrep(2) * gp.SO2().irrep(2)).decompose()
    assert dict((r.label, m) for r, m in d.blocks) == {4: 1, 0: 2}
    d = (gp.O2().irrep(2) * gp.O2().irrep(2)).decompose()
    assert dict((r.label, m) for r, m in d.blocks) == {(4, 1): 1, (0, 1): 1, (0, -1): 1}
    d = (gp.SU2().irrep(0.5) * gp.SU2().irrep(1)).decompose()
    assert [(r.label, m) for r, m in d.blocks] == [(Fraction(1, 2), 1), (Fraction(3, 2), 1)]


def test_exact_decomposition_is_exact():
    G = gp.SO3()
    rep = G.natural() * G.irrep(1)
    d = rep.decompose()
    assert d.Q_exact is not None
    assert np.allclose(np.array(d.Q_exact.evalf(), dtype=float), d.Q, atol=1e-14)
    g = G.euler(sp.pi / 3, sp.pi / 2, sp.pi / 4)
    B = (d.Q_exact.T * rep(g, exact=True) * d.Q_exact).applyfunc(sp.simplify)
    blocks = sp.diag(*(r(g, exact=True) for r, m in d.blocks for _ in range(m)))
    assert (B - blocks).applyfunc(sp.simplify) == sp.zeros(9, 9)


def test_decomposition_is_refused_with_a_reason():
    G = gp.SO3()
    skew = G.natural().change_basis(np.array([[1.0, 1, 0], [0, 1, 0], [0, 0, 1]]))
    assert "non-orthogonal" in G.decomposition_unavailable(skew)
    with pytest.raises(gp.BackendNotApplicableError):
        skew.decompose()


@pytest.mark.parametrize("G", [gp.SO2(), gp.O2(), gp.SO3(), gp.O3()], ids=lambda G: G.name)
def test_real_and_complex_basis_irreps_mix_in_the_complex_basis(G):
    one = G.irreps(1)[-1]
    mixed = one * G.irrep(*_label(one), basis="complex") + G.natural()
    d = mixed.decompose()
    assert d.basis == "complex" and all(r.basis == "complex" for r, _ in d.blocks)
    _check_decomposition(mixed, G.sample(3, 5))


def _label(rho):
    return rho.label if isinstance(rho.label, tuple) else (rho.label,)


def test_large_l_accuracy():
    G = gp.SO3()
    g, h = G.sample(2, 11)
    for l in (30, 60):
        rho = G.irrep(l)
        a = rho(g)
        assert np.abs(a.T @ a - np.eye(2 * l + 1)).max() < 1e-11
        assert np.abs(rho(g * h) - a @ rho(h)).max() < 1e-11
    _check_decomposition(G.irrep(12) * G.irrep(15), [g])
