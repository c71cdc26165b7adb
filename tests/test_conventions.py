"""Conventions: real basis, Euler angles, the l = 1 block, sympy and e3nn."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.physics.quantum.spin import Rotation
from sympy.physics.wigner import wigner_d as sympy_wigner_D
from sympy.physics.wigner import wigner_d_small as sympy_wigner_d

from groupproj.errors import DimensionMismatchError, SelectionRuleError
from groupproj.harmonic import (
    e3nn_change_of_basis,
    euler_from_matrix,
    from_e3nn_angles,
    l1_to_cartesian,
    matrix_from_euler,
    real_basis_change,
    to_e3nn_angles,
    wigner_D,
    wigner_d,
)
from groupproj.harmonic.conventions import apply_real_basis

angle = st.floats(-2 * np.pi, 2 * np.pi, allow_nan=False)
P = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])  # (x, y, z) -> (y, z, x)


def rx(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def ry(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rz(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


@pytest.mark.parametrize("l", [0, 1, 2, 5])
def test_real_basis_change_is_unitary_exact_and_float(l):
    U = real_basis_change(l, exact=True)
    assert sp.simplify(U * U.H - sp.eye(2 * l + 1)) == sp.zeros(2 * l + 1)
    assert np.allclose(np.array(U.evalf(), dtype=complex), real_basis_change(l))


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_apply_real_basis_matches_dense_contraction(axis):
    rng = np.random.default_rng(3)
    T = rng.normal(size=(5, 5, 5)) + 1j * rng.normal(size=(5, 5, 5))
    U = real_basis_change(2)
    for conjugate, M in ((False, U), (True, U.conj())):
        dense = np.moveaxis(np.tensordot(M, T, axes=(1, axis)), 0, axis)
        assert np.allclose(apply_real_basis(T, 2, axis, conjugate=conjugate), dense)


def test_real_basis_change_rejects_half_integer():
    with pytest.raises(SelectionRuleError, match="integer l"):
        real_basis_change(0.5)


def test_real_basis_change_returns_copies():
    U = real_basis_change(2)
    U[:] = 0
    assert np.abs(real_basis_change(2)).max() > 0


@pytest.mark.parametrize("l", [1, 2, 3])
def test_real_harmonics_are_real_and_l1_is_yzx(l):
    # S(x) = conj(U) Y(x) for the real harmonics S, with sympy's Condon-Shortley Y_lm
    theta, phi = 0.7, 2.1
    Y = np.array([complex(sp.Ynm(l, m, theta, phi).evalf()) for m in range(-l, l + 1)])
    S = real_basis_change(l).conj() @ Y
    assert np.abs(S.imag).max() < 1e-14
    if l == 1:
        x, y, z = np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)
        assert np.allclose(S.real, np.sqrt(3 / (4 * np.pi)) * np.array([y, z, x]))


@settings(max_examples=25, deadline=None)
@given(angle, angle, angle)
def test_l1_real_block_is_permuted_rotation_matrix(a, b, c):
    R = matrix_from_euler(a, b, c)
    D1 = wigner_D(1, a, b, c, basis="real")
    assert np.allclose(D1, P @ R @ P.T, atol=1e-13)
    Q = l1_to_cartesian()
    assert np.allclose(Q @ D1 @ Q.T, R, atol=1e-13)


def test_l1_to_cartesian_is_p_transposed():
    assert np.array_equal(l1_to_cartesian(), P.T)


def test_matrix_from_euler_is_zyz_product_and_exact_matches():
    a, b, c = 0.4, 1.3, -2.2
    assert np.allclose(matrix_from_euler(a, b, c), rz(a) @ ry(b) @ rz(c))
    exact = matrix_from_euler(sp.pi / 3, sp.pi / 4, sp.pi / 6, exact=True)
    floats = matrix_from_euler(*(np.pi / np.array([3, 4, 6])))
    assert np.allclose(np.array(exact.evalf(), dtype=float), floats)


def test_matrix_from_euler_broadcasts():
    R = matrix_from_euler(np.zeros((4, 1)), np.zeros((1, 3)), 0.0)
    assert R.shape == (4, 3, 3, 3)


@settings(max_examples=50, deadline=None)
@given(angle, st.floats(0, np.pi), angle)
def test_euler_round_trip(a, b, c):
    R = matrix_from_euler(a, b, c)
    assert np.allclose(matrix_from_euler(*euler_from_matrix(R)), R, atol=1e-13)


@pytest.mark.parametrize("beta", [0.0, np.pi, 1e-9, np.pi - 1e-9, 1e-15, np.pi - 1e-15])
def test_euler_round_trip_at_and_near_gimbal_lock(beta):
    R = matrix_from_euler(0.7, beta, -1.9)
    a, b, c = euler_from_matrix(R)
    assert np.allclose(matrix_from_euler(a, b, c), R, atol=1e-13)
    if beta in (0.0, np.pi):
        assert c == 0.0 and b == beta


def test_euler_from_matrix_is_vectorised():
    rng = np.random.default_rng(1)
    angles = rng.uniform(-3, 3, size=(3, 6, 2))
    R = matrix_from_euler(*angles)
    a, b, c = euler_from_matrix(R)
    assert a.shape == (6, 2)
    assert np.allclose(matrix_from_euler(a, b, c), R, atol=1e-13)


def test_euler_from_matrix_checks_shape():
    with pytest.raises(DimensionMismatchError):
        euler_from_matrix(np.eye(4))


# -- sympy ---------------------------------------------------------------------------------


@pytest.mark.parametrize("j", [sp.Rational(1, 2), sp.Integer(1), sp.Rational(3, 2), sp.Integer(2)])
def test_sympy_rotation_D_and_wigner_d_match_ours(j):
    a, b, c = 0.3, 0.7, 1.1
    n = int(2 * j + 1)
    ms = [-j + k for k in range(n)]
    rot_D = np.array([[complex(Rotation.D(j, m, mp, a, b, c).doit()) for mp in ms] for m in ms])
    rot_d = np.array([[complex(Rotation.d(j, m, mp, b).doit()) for mp in ms] for m in ms])
    ours = wigner_D(j, a, b, c)
    assert np.allclose(rot_D, ours, atol=1e-14)
    assert np.allclose(rot_d, wigner_d(j, b), atol=1e-14)
    assert np.allclose(np.array(sympy_wigner_D(j, a, b, c).evalf(), dtype=complex), ours)
    assert np.allclose(np.array(sympy_wigner_d(j, b).evalf(), dtype=float), wigner_d(j, b))


def test_sympy_wigner_d_exact_equals_ours():
    j, beta = sp.Integer(2), sp.pi / 3
    assert sp.simplify(sympy_wigner_d(j, beta) - wigner_d(j, beta, exact=True)) == sp.zeros(5)


# -- e3nn ----------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(angle, angle, angle)
def test_e3nn_angles_describe_the_same_rotation(a, b, c):
    # e3nn reads (a', b', c') as Ry(a') Rx(b') Ry(c')
    e = to_e3nn_angles(a, b, c)
    assert np.allclose(ry(e[0]) @ rx(e[1]) @ ry(e[2]), matrix_from_euler(a, b, c), atol=1e-13)
    back = from_e3nn_angles(*e)
    assert np.allclose(matrix_from_euler(*back), matrix_from_euler(a, b, c), atol=1e-13)


def test_e3nn_change_of_basis_l1_is_xyz_order():
    assert np.allclose(e3nn_change_of_basis(1), l1_to_cartesian())
    B = e3nn_change_of_basis(3, exact=True)
    assert B * B.T == sp.eye(7)
    assert np.allclose(np.array(B, dtype=float), e3nn_change_of_basis(3))


@pytest.fixture
def e3nn_o3():
    """e3nn's ``o3`` module with torch computing in float64 (skipped if not installed)."""
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield o3
    torch.set_default_dtype(previous)


@pytest.mark.parametrize("l", [0, 1, 2, 3])
def test_against_e3nn(l, e3nn_o3):
    import torch

    o3 = e3nn_o3
    a, b, c = 0.3, 1.2, -2.0
    B = e3nn_change_of_basis(l)
    ea, eb, ec = (torch.tensor(float(x), dtype=torch.float64) for x in to_e3nn_angles(a, b, c))
    theirs = o3.wigner_D(l, ea, eb, ec).numpy()
    assert np.allclose(theirs, B @ wigner_D(l, a, b, c, basis="real") @ B.T, atol=1e-12)
    assert np.allclose(o3.angles_to_matrix(ea, eb, ec).numpy(), matrix_from_euler(a, b, c))
    # same angles, same numbers: e3nn's D is our real D as a function of the three angles
    t = (torch.tensor(x, dtype=torch.float64) for x in (a, b, c))
    assert np.allclose(o3.wigner_D(l, *t).numpy(), wigner_D(l, a, b, c, basis="real"))


@pytest.mark.parametrize("ls", [(1, 1, 1), (1, 1, 2), (2, 1, 3), (2, 2, 2)])
def test_clebsch_gordan_against_e3nn_wigner_3j(ls, e3nn_o3):
    import torch

    from groupproj.harmonic import clebsch_gordan

    o3 = e3nn_o3

    l1, l2, l = ls
    C = clebsch_gordan(l1, l2, l, basis="real")
    B1, B2, B3 = (e3nn_change_of_basis(x) for x in ls)
    ours = np.einsum("ai,bj,ck,ijk->abc", B1, B2, B3, C) / np.sqrt(2 * l + 1)
    theirs = o3.wigner_3j(l1, l2, l, dtype=torch.float64).numpy()
    sign = np.sign(np.vdot(ours, theirs))
    assert np.allclose(sign * ours, theirs, atol=1e-12)
