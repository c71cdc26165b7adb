"""Clebsch-Gordan tensors: sympy cross-check, intertwining, orthogonality, errors."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from sympy.physics.quantum.cg import CG

from groupproj.errors import SelectionRuleError, UnknownNameError
from groupproj.harmonic import clebsch_gordan, o3_clebsch_gordan, real_basis_change, wigner_D

HALF = sp.Rational(1, 2)
ANGLES = (0.37, 1.91, -2.6)


def couplings(max_twice):
    for t1, t2 in itertools.product(range(max_twice + 1), repeat=2):
        for t in range(abs(t1 - t2), t1 + t2 + 1, 2):
            yield t1 * HALF, t2 * HALF, t * HALF


def as_float(array):
    return np.array(array.tolist(), dtype=float)


def matrix(C):
    return C.reshape(-1, C.shape[-1])


@pytest.mark.parametrize(("j1", "j2", "j"), list(couplings(4)))
def test_exact_matches_sympy_exhaustively(j1, j2, j):
    C = clebsch_gordan(j1, j2, j, exact=True)
    for i1, i2, i3 in itertools.product(*(range(int(2 * x + 1)) for x in (j1, j2, j))):
        assert C[i1, i2, i3] == CG(j1, i1 - j1, j2, i2 - j2, j, i3 - j).doit()


@pytest.mark.parametrize(
    ("j1", "j2", "j"),
    [(4, 4, 4), (4, sp.Rational(7, 2), sp.Rational(5, 2)), (3, 4, 7), (sp.Rational(7, 2), 3, 1.5)],
)
def test_exact_matches_sympy_for_larger_spins(j1, j2, j):
    j1, j2, j = (sp.nsimplify(x) for x in (j1, j2, j))
    C = clebsch_gordan(j1, j2, j, exact=True)
    rng = np.random.default_rng(0)
    for _ in range(40):
        i1, i2 = rng.integers(int(2 * j1 + 1)), rng.integers(int(2 * j2 + 1))
        i3 = i1 - j1 + i2 - j2 + j  # the only non-zero column
        if 0 <= i3 <= 2 * j:
            assert C[i1, i2, int(i3)] == CG(j1, i1 - j1, j2, i2 - j2, j, i3 - j).doit()


@pytest.mark.parametrize(("j1", "j2", "j"), list(couplings(5)))
def test_float_matches_exact(j1, j2, j):
    assert np.allclose(clebsch_gordan(j1, j2, j), as_float(clebsch_gordan(j1, j2, j, exact=True)))


def test_float_matches_exact_at_moderate_spin():
    exact = as_float(clebsch_gordan(12, 9, 7, exact=True))
    assert np.abs(clebsch_gordan(12, 9, 7) - exact).max() < 1e-13


@pytest.mark.parametrize(
    ("j1", "j2", "j"), [(0.5, 0.5, 1), (1, 1.5, 2.5), (2, 1, 2), (3, 2.5, 1.5), (4, 4, 3)]
)
def test_complex_tensor_intertwines(j1, j2, j):
    C = matrix(clebsch_gordan(j1, j2, j))
    D1, D2, D = (wigner_D(x, *ANGLES) for x in (j1, j2, j))
    assert np.allclose(np.kron(D1, D2) @ C, C @ D, atol=1e-12)


def test_orthogonality_and_completeness_exact_small():
    j1, j2 = sp.Rational(3, 2), 1
    blocks = [clebsch_gordan(j1, j2, j, exact=True) for j in (HALF, 3 * HALF, 5 * HALF)]
    M = sp.Matrix.hstack(*(sp.Matrix(b.reshape(12, b.shape[2]).tolist()) for b in blocks))
    assert M.T * M == sp.eye(12)


@pytest.mark.parametrize("j", [0, 1, 37, 50, 99, 100])
def test_orthogonality_at_j_50(j):
    C = matrix(clebsch_gordan(50, 50, j))
    assert np.abs(C.T @ C - np.eye(2 * j + 1)).max() < 1e-10


def test_columns_of_different_j_are_orthogonal_at_large_spin():
    A = matrix(clebsch_gordan(40, 35.5, 20.5))
    B = matrix(clebsch_gordan(40, 35.5, 60.5))
    assert np.abs(A.T @ B).max() < 1e-10


def test_completeness_float():
    C = np.hstack([matrix(clebsch_gordan(6, 4.5, j)) for j in np.arange(1.5, 11, 1)])
    assert np.allclose(C @ C.T, np.eye(C.shape[0]), atol=1e-12)


SMALL_REAL = [(1, 1, 0), (1, 1, 1), (1, 1, 2), (2, 1, 2), (3, 2, 4)]


@pytest.mark.parametrize(("l1", "l2", "l"), SMALL_REAL)
def test_real_tensor_is_the_rotated_complex_tensor(l1, l2, l):
    U1, U2, U3 = (real_basis_change(x, exact=True) for x in (l1, l2, l))
    C = clebsch_gordan(l1, l2, l, exact=True)
    n1, n2, n3 = 2 * l1 + 1, 2 * l2 + 1, 2 * l + 1
    Cm = sp.Matrix(C.reshape(n1 * n2, n3).tolist())
    K = sp.Matrix(sp.kronecker_product(U1, U2))
    rotated = (K * Cm * U3.H).applyfunc(sp.expand)
    phase = -sp.I if (l1 + l2 + l) % 2 else 1
    real = (phase * rotated).applyfunc(sp.expand)
    assert all(sp.im(e) == 0 for e in real)  # purely real after the documented phase
    ours = clebsch_gordan(l1, l2, l, basis="real", exact=True)
    assert sp.Matrix(ours.reshape(n1 * n2, n3).tolist()) == real
    assert np.allclose(clebsch_gordan(l1, l2, l, basis="real"), as_float(ours))


@pytest.mark.parametrize(
    ("l1", "l2", "l"), [(1, 1, 1), (1, 2, 2), (2, 2, 3), (3, 3, 3), (5, 4, 6), (30, 25, 20)]
)
def test_real_tensor_intertwines_real_wigner_matrices(l1, l2, l):
    C = clebsch_gordan(l1, l2, l, basis="real")
    assert C.dtype == float
    C = matrix(C)
    D1, D2, D = (wigner_D(x, *ANGLES, basis="real") for x in (l1, l2, l))
    assert np.allclose(np.kron(D1, D2) @ C, C @ D, atol=1e-11)
    assert np.allclose(C.T @ C, np.eye(2 * l + 1), atol=1e-12)


def test_real_cross_product():
    # l = 1 real components are (y, z, x); coupling 1 x 1 -> 1 is the cross product / sqrt 2
    C = clebsch_gordan(1, 1, 1, basis="real")
    u, v = np.array([0.3, -1.2, 2.0]), np.array([1.1, 0.4, -0.7])  # Cartesian x, y, z
    yzx = [1, 2, 0]
    out = np.einsum("a,b,abc->c", u[yzx], v[yzx], C)
    assert np.allclose(out, np.cross(u, v)[yzx] / np.sqrt(2))


def test_o3_parity_rule():
    C = o3_clebsch_gordan(1, -1, 2, 1, 2, -1)
    assert np.allclose(C, clebsch_gordan(1, 2, 2, basis="real"))
    exact = o3_clebsch_gordan(1, 1, 1, 1, 0, 1, exact=True)
    assert exact == clebsch_gordan(1, 1, 0, basis="real", exact=True)
    with pytest.raises(SelectionRuleError, match="parity"):
        o3_clebsch_gordan(1, -1, 1, 1, 1, 1)
    with pytest.raises(SelectionRuleError, match=r"\+1 or -1"):
        o3_clebsch_gordan(1, 2, 1, 1, 1, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1, 1, 3), "triangle"),
        ((2, 0.5, 0.5), "triangle"),
        ((1, 0.5, 1), "not an integer"),
        ((-1, 1, 1), "negative"),
        ((0.25, 1, 1), "half-integer"),
        ((Fraction(2, 3), 1, 1), "half-integer"),
    ],
)
def test_selection_rule_errors(args, message):
    with pytest.raises(SelectionRuleError, match=message):
        clebsch_gordan(*args)


def test_half_integer_real_basis_and_unknown_basis():
    with pytest.raises(SelectionRuleError, match="integer l"):
        clebsch_gordan(0.5, 0.5, 1, basis="real")
    with pytest.raises(UnknownNameError):
        clebsch_gordan(1, 1, 1, basis="polar")


def test_cached_results_are_copies():
    C = clebsch_gordan(2, 2, 2)
    C[:] = 0
    assert np.abs(clebsch_gordan(2, 2, 2)).max() > 0
    E = clebsch_gordan(1, 1, 0, exact=True)
    E[0, 2, 0] = 7
    assert clebsch_gordan(1, 1, 0, exact=True)[0, 2, 0] == sp.sqrt(3) / 3
