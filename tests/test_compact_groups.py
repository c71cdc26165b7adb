"""Compact groups: elements, composition, validation, sampling and quadrature."""

import pickle

import numpy as np
import pytest
import scipy.linalg
import sympy as sp
from compact_zoo import GROUPS, irreps, is_trivial
from hypothesis import given, settings
from hypothesis import strategies as st

import groupproj as gp
from groupproj.errors import ExactnessError, GroupMismatchError, SelectionRuleError
from groupproj.groups.rotations import (
    quaternion_from_euler,
    rotation_from_quaternion,
    su2_from_quaternion,
)
from groupproj.harmonic import matrix_from_euler, wigner_D

seeds = st.integers(0, 2**31 - 1)


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_natural_is_a_homomorphism_of_the_element_law(G, seed):
    g, h = G.sample(2, seed)
    V = G.natural()
    assert np.allclose(V(g * h), V(g) @ V(h), atol=1e-12)
    assert np.allclose(V(g.inverse()), np.linalg.inv(V(g)), atol=1e-12)
    assert np.allclose(V(G.identity), np.eye(V.dim))
    assert G.element(g.data) == g or np.allclose(V(G.element(g.data)), V(g), atol=1e-12)


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_elements_are_hashable_and_groups_picklable(G):
    g = G.sample(1, 0)[0]
    assert hash(g) == hash(G.element(g))
    assert len({g, g * G.identity, G.identity}) in (1, 2)
    assert pickle.loads(pickle.dumps(G)) == G
    rho = irreps(G, 1)[-1]
    assert pickle.loads(pickle.dumps(rho)) == rho


def test_euler_angles_and_quaternions_follow_the_harmonic_conventions():
    a, b, c = 0.3, 1.1, -0.7
    q = quaternion_from_euler(a, b, c)
    assert np.allclose(rotation_from_quaternion(q), matrix_from_euler(a, b, c))
    assert np.allclose(su2_from_quaternion(q), wigner_D(0.5, a, b, c))
    assert np.allclose(gp.SO3().natural()(gp.SO3().euler(a, b, c)), matrix_from_euler(a, b, c))
    assert np.allclose(gp.SU2().natural()(gp.SU2().euler(a, b, c)), wigner_D(0.5, a, b, c))
    # SU(2) covers SO(3) twice: the quaternions q and -q differ in SU(2) only
    key = gp.SO3().element(matrix_from_euler(a, b, c)).key
    assert np.allclose(key, gp.SO3().euler(a, b, c).key, atol=1e-14)
    minus = gp.SU2().element(-q)
    assert minus != gp.SU2().element(q)
    assert np.allclose(gp.SU2().irrep(1)(minus), gp.SU2().irrep(1)(gp.SU2().element(q)))


def test_o2_and_o3_elements():
    G = gp.O2()
    r = G.reflection(0.4)
    assert np.allclose(r.data, np.array([[np.cos(0.4), np.sin(0.4)], [np.sin(0.4), -np.cos(0.4)]]))
    assert np.allclose((r * r).data, np.eye(2))
    assert G.element(r.data) == r
    H = gp.O3()
    g = H.euler(0.1, 0.2, 0.3, inversion=True)
    assert np.allclose(g.data, -matrix_from_euler(0.1, 0.2, 0.3))
    assert np.allclose(H.element(g.data).data, g.data)


def test_membership_is_validated():
    with pytest.raises(GroupMismatchError, match="determinant"):
        gp.SO3().element(np.diag([1.0, 1.0, -1.0]))
    with pytest.raises(GroupMismatchError, match="not orthogonal"):
        gp.SO3().element(np.ones((3, 3)))
    with pytest.raises(GroupMismatchError, match="3×3"):
        gp.O3().element(np.eye(2))
    with pytest.raises(GroupMismatchError):
        gp.SU2().element([1.0, 1.0, 0.0, 0.0])
    with pytest.raises(GroupMismatchError):
        gp.SO2().element(np.diag([1.0, -1.0]))
    assert np.diag([1.0, -1.0]) in gp.O2()
    assert np.diag([1.0, 1.0, -1.0]) not in gp.SO3()


def test_exact_elements_stay_exact_under_products_and_inverses():
    G = gp.SO3()
    g = G.euler(sp.pi / 2, sp.pi / 3, 0)
    h = G.euler(0, sp.pi / 2, sp.pi / 4)
    for x in (g, h, g * h, g.inverse(), g * h.inverse() * g):
        for rep in (G.natural(), G.irrep(2)):
            M = rep(x, exact=True)
            assert all(v.is_real for v in M)
            assert np.allclose(np.array(M.evalf(), dtype=float), rep(x), atol=1e-12)
    assert G.natural()(g * g.inverse(), exact=True) == sp.eye(3)
    with pytest.raises(ExactnessError):
        G.natural()(G.sample(1, 0)[0], exact=True)
    S = gp.SU2()
    s = S.euler(sp.pi, sp.pi / 2, 3 * sp.pi)
    assert np.allclose(np.array(S.irrep(1.5)(s, exact=True).evalf(), complex), S.irrep(1.5)(s))
    t = gp.SO2().element(sp.pi / 6)
    assert gp.SO2().irrep(3)(t, exact=True) == sp.Matrix([[0, -1], [1, 0]])
    assert gp.O3().irrep(1, -1)(gp.O3().euler(0, 0, 0, inversion=True), exact=True) == -sp.eye(3)


def _integrate(G, rep, elements, weights):
    return sum(w * rep(g) for g, w in zip(elements, weights))


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_quadrature_is_exact_up_to_its_degree_and_no_further(G):
    steps = [0.5 * k for k in range(7)] if G.name == "SU(2)" else list(range(5))
    for L in steps:
        elements, weights = G.quadrature(L)
        assert np.isclose(weights.sum(), 1.0)
        for rho in irreps(G, L):
            total = _integrate(G, rho, elements, weights)
            trivial = is_trivial(rho)
            assert np.allclose(total, np.eye(1) if trivial else 0, atol=1e-12), (L, rho.name)
        above = irreps(G, L + (0.5 if G.name == "SU(2)" else 1))
        assert any(
            not np.allclose(_integrate(G, rho, elements, weights), 0, atol=1e-6)
            for rho in above
            if rho.degree > L
        ), L


def test_quadrature_sizes():
    assert len(gp.SO2().quadrature(3)[0]) == 4
    assert len(gp.O2().quadrature(3)[0]) == 8
    assert len(gp.SO3().quadrature(4)[0]) == 5 * 5 * 3
    assert len(gp.O3().quadrature(4)[0]) == 2 * 5 * 5 * 3
    assert len(gp.SU2().quadrature(1)[0]) == 2 * 1 * 3


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_sample_is_haar(G):
    """Monte-Carlo averages of non-trivial irreps vanish, at the 1/sqrt(n) rate."""
    elements = G.sample(4000, seed=3)
    for rho in irreps(G, 2):
        mean = sum(rho(g) for g in elements) / len(elements)
        trivial = is_trivial(rho)
        assert np.abs(mean - (1 if trivial else 0)).max() < 0.08, rho.name


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_generators_are_topological_generators(G):
    """No non-trivial irrep is fixed by all generators (their closure is the whole group)."""
    for rho in irreps(G, 3):
        gens = [rho(s) for s in G.generators]
        stacked = np.vstack([m - np.eye(rho.dim) for m in gens])
        fixed = rho.dim - np.linalg.matrix_rank(stacked, tol=1e-9)
        trivial = rho.dim == 1 and all(np.allclose(m, 1) for m in gens)
        assert fixed == (1 if trivial else 0), rho.name
    assert G.natural().is_orthogonal()
    assert not G.natural().is_permutation


def test_irrep_errors():
    with pytest.raises(SelectionRuleError, match="half-integer"):
        gp.SO3().irrep(0.5)
    with pytest.raises(SelectionRuleError, match="parity"):
        gp.O3().irrep(1, 2)
    with pytest.raises(SelectionRuleError):
        gp.O3().irrep(1.5, 1)
    with pytest.raises(SelectionRuleError):
        gp.SO2().irrep(-1)
    with pytest.raises(SelectionRuleError):
        gp.O2().irrep(1, -1)
    with pytest.raises(SelectionRuleError):
        gp.SU2().irrep(0.5, basis="real")
    with pytest.raises(gp.UnknownNameError):
        gp.SO3().irrep(1, basis="spherical")


def test_lie_algebra_of_a_finite_group_is_zero():
    assert gp.cyclic(3).natural().lie_algebra().shape == (0, 3, 3)


def test_one_parameter_subgroups_of_so2_and_so3():
    G = gp.SO3()
    X = G.natural().lie_algebra()
    for i, axis in enumerate(np.eye(3)):
        R = scipy.linalg.expm(0.7 * X[i])
        q = np.concatenate([[np.cos(0.35)], np.sin(0.35) * axis])
        assert np.allclose(R, rotation_from_quaternion(q))
    assert np.allclose(gp.SO2().natural().lie_algebra()[0], [[0, -1], [1, 0]])
