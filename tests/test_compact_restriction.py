"""Restriction of compact representations: SO(2) ⊂ SO(3), O(2) ⊂ O(3), SO(2) ⊂ O(2), finite
subgroups given by matrices, with their branching rules."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import sympy as sp

import groupproj as gp
from groupproj.groups import point_group
from groupproj.harmonic import matrix_from_euler


def _check(V, elements):
    """V(h) = Q (⊕ copies of the irreps) Qᵀ on the given elements, Q orthogonal (unitary)."""
    dec = V.decompose()
    Q = dec.Q
    assert np.allclose(Q.conj().T @ Q, np.eye(V.dim))
    for h in elements:
        blocks = scipy.linalg.block_diag(*[r(h) for r, m in dec.blocks for _ in range(m)])
        assert np.allclose(Q @ blocks @ Q.conj().T, V(h))
    return dec


@pytest.mark.parametrize("l", range(7))
def test_so3_to_so2(l):
    SO3, SO2 = gp.SO3(), gp.SO2()
    elements = SO2.sample(5, seed=l)
    dec = _check(SO3.irrep(l).restrict(SO2), elements)
    assert [(r.label, m) for r, m in dec.blocks] == [(m, 1) for m in range(l + 1)]
    dec = _check(SO3.irrep(l, basis="complex").restrict(SO2), elements)
    assert sorted(r.label for r, _ in dec.blocks) == list(range(-l, l + 1))  # l -> ⊕_|m|<=l m
    # the restricted matrix is the rotation about z
    t = 0.37
    assert np.allclose(
        SO3.irrep(l).restrict(SO2)(SO2.element(t)), SO3.irrep(l)(SO3.euler(t, 0, 0))
    )


@pytest.mark.parametrize("l", range(5))
def test_o3_to_o2(l):
    O3, O2 = gp.O3(), gp.O2()
    elements = O2.sample(6, seed=l)
    for parity in (1, -1):
        dec = _check(O3.irrep(l, parity).restrict(O2), elements)
        axial = (0, parity * (-1) ** l)
        assert [r.label for r, _ in dec.blocks] == [axial] + [(m, 1) for m in range(1, l + 1)]
    # the embedding: O2 element A is diag(A, 1)
    for h in elements:
        M = np.eye(3)
        M[:2, :2] = h.data
        assert np.allclose(O3.natural().restrict(O2)(h), M)


def test_so2_in_o2_and_so3_in_o3():
    SO2, O2, SO3, O3 = gp.SO2(), gp.O2(), gp.SO3(), gp.O3()
    for m in range(4):
        dec = _check(O2.irrep(m).restrict(SO2), SO2.sample(4, seed=m))
        assert [r.label for r, _ in dec.blocks] == [m]
    assert [r.label for r, _ in O2.irrep(0, -1).restrict(SO2).decompose().blocks] == [0]
    dec = _check(O3.irrep(2, -1).restrict(SO3), SO3.sample(3, seed=0))
    assert [r.label for r, _ in dec.blocks] == [2]
    dec = _check(O2.irrep(2, basis="complex").restrict(SO2), SO2.sample(3, seed=1))
    assert sorted(r.label for r, _ in dec.blocks) == [-2, 2]


def test_restrictions_compose_and_are_exact():
    SO3, SO2 = gp.SO3(), gp.SO2()
    V = (SO3.natural() * SO3.irrep(1)).restrict(SO2)
    dec = _check(V, SO2.sample(4, seed=2))
    assert {r.label: m for r, m in dec.blocks} == {0: 3, 1: 2, 2: 1}
    assert gp.projector(V, SO2.trivial()).dim == 3
    exact = V(SO2.element(sp.pi / 3), exact=True)
    assert exact == sp.ImmutableMatrix(sp.Matrix(exact).applyfunc(sp.nsimplify)) and np.allclose(
        np.array(exact.evalf(), dtype=float), V(SO2.element(np.pi / 3))
    )
    Q = dec.Q_exact
    assert Q is not None and np.allclose(np.array(Q.evalf(), dtype=float), dec.Q)
    assert V.lie_algebra().shape == (1, 9, 9)
    assert np.allclose(V.lie_algebra()[0], (SO3.natural() * SO3.irrep(1)).lie_algebra()[2])
    reflection = gp.O2().reflection(sp.pi / 2)
    M = gp.O3().natural().restrict(gp.O2())(reflection, exact=True)
    assert M == sp.Matrix([[0, 1, 0], [1, 0, 0], [0, 0, 1]])


def test_finite_subgroups_given_by_matrices():
    SO3 = gp.SO3()
    O = point_group("O")
    dec = SO3.irrep(2).restrict(O).decompose()
    assert str(dec) == "E ⊕ T2"
    for g in O.elements()[::5]:
        M = np.asarray(g.data, dtype=float)
        assert np.allclose(SO3.natural().restrict(O)(g), M)
        alpha, beta, gamma = gp.harmonic.euler_from_matrix(M)
        assert np.allclose(matrix_from_euler(alpha, beta, gamma), M)
    with pytest.raises(gp.GroupMismatchError):
        SO3.natural().restrict(point_group("Oh"))  # the inversion is not a rotation


def test_unknown_inclusions_are_refused():
    with pytest.raises(gp.GroupMismatchError):
        gp.SO2().natural().restrict(gp.SO3())
    V = gp.O3().irrep(1, -1, basis="complex").restrict(gp.O2())
    with pytest.raises(gp.BackendNotApplicableError, match="real basis"):
        V.decompose()
