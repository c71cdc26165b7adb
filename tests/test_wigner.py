"""Wigner matrices: group laws, unitarity, exactness, large-j accuracy, errors."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from groupproj.errors import (
    ExactnessError,
    InvalidTypeError,
    SelectionRuleError,
    UnknownNameError,
)
from groupproj.harmonic import euler_from_matrix, matrix_from_euler, wigner_D, wigner_d

angle = st.floats(-2 * np.pi, 2 * np.pi, allow_nan=False)
SPINS = [0, 0.5, 1, 1.5, 2, Fraction(5, 2), 3, sp.Rational(7, 2), 6]


def compose(a1, b1, c1, a2, b2, c2):
    return euler_from_matrix(matrix_from_euler(a1, b1, c1) @ matrix_from_euler(a2, b2, c2))


@settings(max_examples=30, deadline=None)
@given(angle, angle, angle, angle, angle, angle)
def test_D_is_a_homomorphism(a1, b1, c1, a2, b2, c2):
    g12 = compose(a1, b1, c1, a2, b2, c2)
    for j in SPINS:
        lhs = wigner_D(j, a1, b1, c1) @ wigner_D(j, a2, b2, c2)
        rhs = wigner_D(j, *g12)
        if float(j) % 1:  # SU(2): the Euler angles fix the element only up to sign
            rhs = rhs * np.sign(np.vdot(rhs, lhs).real)
        assert np.allclose(lhs, rhs, atol=1e-12)
    for l in (1, 2, 4):
        lhs = wigner_D(l, a1, b1, c1, basis="real") @ wigner_D(l, a2, b2, c2, basis="real")
        assert np.allclose(lhs, wigner_D(l, *g12, basis="real"), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(angle, angle, angle)
def test_D_is_unitary_and_real_D_is_real_orthogonal(a, b, c):
    for j in SPINS:
        D = wigner_D(j, a, b, c)
        assert np.allclose(D @ D.conj().T, np.eye(D.shape[0]), atol=1e-13)
    for l in (0, 1, 3):
        D = wigner_D(l, a, b, c, basis="real")
        assert D.dtype == float
        assert np.allclose(D @ D.T, np.eye(2 * l + 1), atol=1e-13)


def test_D_factorises_into_z_phases_and_small_d():
    j, a, b, c = 2, 0.3, 1.1, -0.4
    m = np.arange(-j, j + 1)
    expected = np.exp(-1j * m * a)[:, None] * wigner_d(j, b) * np.exp(-1j * m * c)[None, :]
    assert np.allclose(wigner_D(j, a, b, c), expected)


@pytest.mark.parametrize("j", [0.5, 1, 2.5, 7])
def test_special_angles(j):
    n = int(2 * j + 1)
    assert np.allclose(wigner_d(j, 0.0), np.eye(n))
    m = np.arange(n) - j
    # d^j_{m'm}(pi) = (-1)^(j - m) delta_{m', -m}; row m' holds (-1)^(j + m')
    expected = np.fliplr(np.diag((-1.0) ** (j + m)))
    assert np.allclose(wigner_d(j, np.pi), expected, atol=1e-13)


def test_broadcasting_shapes():
    D = wigner_D(1, np.zeros((4, 1)), np.linspace(0, 1, 3), 0.0)
    assert D.shape == (4, 3, 3, 3)
    d = wigner_d(2, np.linspace(0, 1, 7))
    assert d.shape == (7, 5, 5)
    assert np.allclose(d[3], wigner_d(2, 0.5))


def test_unitarity_at_l_100():
    rng = np.random.default_rng(0)
    D = wigner_D(100, *rng.uniform(0, 2 * np.pi, size=(3, 4)))
    err = np.abs(D @ D.conj().swapaxes(-1, -2) - np.eye(201)).max()
    assert err < 1e-10
    R = wigner_D(100, *rng.uniform(0, 2 * np.pi, size=(3, 2)), basis="real")
    assert np.abs(R @ R.swapaxes(-1, -2) - np.eye(201)).max() < 1e-10


def test_exact_agrees_with_float_at_l_30():
    beta = sp.acos(sp.Rational(3, 5))
    exact = np.array(wigner_d(30, beta, exact=True).evalf(20), dtype=float)
    assert np.abs(exact - wigner_d(30, np.arccos(0.6))).max() < 1e-10


@pytest.mark.parametrize("j", [sp.Rational(1, 2), 1, sp.Rational(3, 2), 3])
def test_exact_D_closed_form_matches_float(j):
    a, b, c = sp.pi / 3, sp.acos(sp.Rational(3, 5)), sp.pi / 4
    exact = wigner_D(j, a, b, c, exact=True)
    assert not any(e.has(sp.cos, sp.sin, sp.acos) for e in exact)  # closed algebraic form
    values = np.array(exact.evalf(), dtype=complex)
    assert np.allclose(values, wigner_D(float(j), np.pi / 3, np.arccos(0.6), np.pi / 4))


@pytest.mark.parametrize("l", [1, 2, 3])
def test_exact_real_D_has_zero_imaginary_part_and_is_orthogonal(l):
    D = wigner_D(l, sp.pi / 6, sp.acos(sp.Rational(1, 3)), sp.pi / 2, basis="real", exact=True)
    assert all(sp.im(e) == 0 for e in D)
    assert sp.simplify(D * D.T - sp.eye(2 * l + 1)) == sp.zeros(2 * l + 1)
    assert np.allclose(
        np.array(D.evalf(), dtype=float),
        wigner_D(l, np.pi / 6, np.arccos(1 / 3), np.pi / 2, basis="real"),
    )


def test_exact_small_d_example():
    d = wigner_d(1, sp.pi / 2, exact=True)
    half = sp.Rational(1, 2)
    r = sp.sqrt(2) / 2
    assert d == sp.Matrix([[half, r, half], [-r, 0, r], [half, -r, half]])


def test_exact_symbolic_angles():
    x = sp.Symbol("x", real=True)
    D = wigner_D(1, x, 0, 0, exact=True)
    assert sp.simplify(D - sp.diag(sp.exp(sp.I * x), 1, sp.exp(-sp.I * x))) == sp.zeros(3)
    d = wigner_d(sp.Rational(1, 2), x, exact=True)
    assert d == sp.Matrix([[sp.cos(x / 2), sp.sin(x / 2)], [-sp.sin(x / 2), sp.cos(x / 2)]])


def test_float_cache_is_not_exposed():
    d = wigner_d(3, 0.4)
    d[:] = 0
    assert np.abs(wigner_d(3, 0.4)).max() > 0


@pytest.mark.parametrize(
    ("j", "message"),
    [(-1, "negative"), (0.3, "half-integer"), (Fraction(1, 3), "half-integer")],
)
def test_invalid_spin(j, message):
    with pytest.raises(SelectionRuleError, match=message):
        wigner_d(j, 0.1)


def test_a_spin_that_is_not_a_number_is_a_type_error():
    with pytest.raises(InvalidTypeError, match="number"):
        wigner_d("1", 0.1)


def test_half_integer_real_basis_is_rejected():
    with pytest.raises(SelectionRuleError, match="half-integer"):
        wigner_D(1.5, 0, 0, 0, basis="real")


def test_unknown_basis():
    with pytest.raises(UnknownNameError, match="basis"):
        wigner_D(1, 0, 0, 0, basis="spherical")


def test_exact_refuses_floats():
    with pytest.raises(ExactnessError, match="float"):
        wigner_D(1, 0.5, 0, 0, exact=True)
    with pytest.raises(ExactnessError):
        wigner_d(1, sp.Float(0.5), exact=True)
