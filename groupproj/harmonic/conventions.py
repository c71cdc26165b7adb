r"""Conventions for rotations, Wigner matrices and real spherical harmonics.

This module is the single place where groupproj fixes its conventions; every
other function in :mod:`groupproj.harmonic` follows them.

Basis order
    For spin ``j`` the basis states :math:`|j\,m\rangle` are ordered by
    increasing ``m``: ``m = -j, -j+1, ..., j`` sits at index ``m + j``.

Phases
    Condon--Shortley: :math:`J_\pm |j\,m\rangle = \sqrt{j(j+1) - m(m\pm1)}\,|j\,m\pm1\rangle`
    with non-negative square roots, so :math:`J_x` is real and
    :math:`J_y` purely imaginary.

Rotations
    Active rotations of vectors (a rotation moves the object, not the axes).
    Euler angles are ZYZ: :math:`R(\alpha,\beta,\gamma) = R_z(\alpha) R_y(\beta) R_z(\gamma)`
    with :math:`R_z(\theta)` turning ``x`` towards ``y`` and :math:`R_y(\theta)`
    turning ``z`` towards ``x``. :func:`matrix_from_euler` and
    :func:`euler_from_matrix` convert to and from ``3 x 3`` matrices.

Wigner D
    :math:`D^j_{m'm}(\alpha,\beta,\gamma) = \langle j\,m'|\,e^{-i\alpha J_z} e^{-i\beta J_y}
    e^{-i\gamma J_z}|j\,m\rangle = e^{-im'\alpha} d^j_{m'm}(\beta) e^{-im\gamma}`,
    a unitary representation: :math:`D(R_1 R_2) = D(R_1) D(R_2)` (up to the
    sign :math:`(-1)^{2j}` of SU(2) for half-integer ``j``). Coefficient vectors
    transform as ``c -> D c``; in particular spherical harmonics satisfy
    :math:`Y_{lm}(R^{-1}x) = \sum_{m'} Y_{lm'}(x) D^l_{m'm}(R)`.

Real basis (integer ``l`` only)
    Real spherical harmonics :math:`S_{lm}` are

    .. math::

        S_{lm} = \begin{cases}
            \tfrac{i}{\sqrt2}\,(Y_{l,m} - (-1)^m Y_{l,-m}) & m < 0
            \quad(\propto \sin |m|\varphi)\\
            Y_{l0} & m = 0\\
            \tfrac{1}{\sqrt2}\,(Y_{l,-m} + (-1)^m Y_{l,m}) & m > 0
            \quad(\propto \cos m\varphi)
        \end{cases}

    so that :math:`(S_{1,-1}, S_{1,0}, S_{1,1}) \propto (y, z, x)`. If
    :math:`f = \sum_m c_m Y_{lm} = \sum_m r_m S_{lm}` then ``r = U c`` with the
    unitary matrix ``U = real_basis_change(l)``:

    .. math::

        U_{m,m} = -\tfrac{i}{\sqrt2},\ U_{m,-m} = \tfrac{i(-1)^m}{\sqrt2}\ (m<0);\quad
        U_{0,0} = 1;\quad
        U_{m,-m} = \tfrac{1}{\sqrt2},\ U_{m,m} = \tfrac{(-1)^m}{\sqrt2}\ (m>0).

    The real Wigner matrix is :math:`D_{\mathrm{real}} = U D U^\dagger`; it is real
    and orthogonal.

The ``l = 1`` block and Cartesian vectors
    With ``P`` the permutation taking ``(x, y, z)`` to ``(y, z, x)``,
    :math:`D^1_{\mathrm{real}}(R) = P R P^T` for the ``3 x 3`` matrix ``R`` of
    the same Euler angles. :func:`l1_to_cartesian` returns :math:`P^T`.

Other libraries
    * sympy (checked against sympy 1.14): ``sympy.physics.quantum.spin.Rotation.D(j, m, mp,
      alpha, beta, gamma)`` equals ``wigner_D(j, alpha, beta, gamma)[m + j, mp + j]``,
      ``Rotation.d(j, m, mp, beta)`` equals ``wigner_d(j, beta)[m + j, mp + j]``, and
      ``sympy.physics.wigner.wigner_d(j, alpha, beta, gamma)`` /
      ``wigner_d_small(j, beta)`` equal :func:`~groupproj.harmonic.wigner_D` /
      :func:`~groupproj.harmonic.wigner_d` entry by entry (same ``m`` order, same
      active ZYZ convention, no transposition).
    * e3nn (checked against e3nn 0.6.0): ``e3nn.o3.wigner_D(l, a, b, c)`` is, as a
      function of the three numbers, the same matrix as ``wigner_D(l, a, b, c,
      basis="real")``. e3nn however reads its angles as
      :math:`R_y(a) R_x(b) R_y(c)` (``e3nn.o3.angles_to_matrix``) and orders its
      ``l = 1`` components as ``(x, y, z)``. For one physical rotation use
      :func:`to_e3nn_angles` / :func:`from_e3nn_angles`; coefficient vectors
      convert with :func:`e3nn_change_of_basis`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp

from groupproj._checks import finite_array
from groupproj.errors import (
    DimensionMismatchError,
    InvalidTypeError,
    InvalidValueError,
    SelectionRuleError,
)
from groupproj.limits import check_bytes

__all__ = [
    "apply_real_basis",
    "real_basis_change",
    "l1_to_cartesian",
    "matrix_from_euler",
    "euler_from_matrix",
    "to_e3nn_angles",
    "from_e3nn_angles",
    "e3nn_change_of_basis",
]

ROTATION_TOL = 1e-6
"""Largest deviation of RᵀR from I (and of det R from 1) that :func:`euler_from_matrix`
accepts as a rotation; float32 rotation matrices are well inside it."""


def float_angles(names: tuple[str, ...], values: tuple) -> tuple[np.ndarray, ...]:
    """Angles as finite float arrays broadcast together.

    Raises :class:`InvalidTypeError` for non-numbers (``None``, strings, complex),
    :class:`InvalidValueError` for NaN and infinities and :class:`DimensionMismatchError` for
    shapes that do not broadcast.
    """
    if all(isinstance(v, float) and math.isfinite(v) for v in values):  # the common case
        return tuple(np.asarray(float(v)) for v in values)
    arrays = [
        finite_array(v, f"the angle {n}", hint="give finite angles in radians")
        for n, v in zip(names, values)
    ]
    try:
        return tuple(np.broadcast_arrays(*arrays))
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise DimensionMismatchError(
            f"the angles {', '.join(names)} must broadcast together, got shapes {shapes}"
        ) from None


def _exact_angle(x: object, name: str) -> sp.Expr:
    """A sympy angle for exact evaluation: numbers and sympy expressions, never strings."""
    try:
        e = sp.sympify(x, strict=True)
    except sp.SympifyError:
        raise InvalidTypeError(
            f"the angle {name} must be a number or a sympy expression, got {x!r}"
        ) from None
    if isinstance(x, bool) or not isinstance(e, sp.Expr):
        raise InvalidTypeError(f"the angle {name} must be a number or sympy expression, got {x!r}")
    if e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or e.is_real is False:
        raise InvalidValueError(f"the angle {name} must be finite and real, got {e}")
    return e


# P maps (x, y, z) to (y, z, x); it is the rotation R(0, pi/2, pi/2) transposed.
_YZX = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])


@lru_cache(maxsize=256)
def real_basis_rows(l: int) -> tuple[tuple[int, complex, int, complex, Fraction], ...]:
    """Sparse form of ``U = real_basis_change(l)``: two non-zeros per row.

    Row ``a`` is ``(k1, g1, k2, g2, s2)`` meaning ``U[a, k1] = g1 * sqrt(s2)`` and
    ``U[a, k2] = g2 * sqrt(s2)`` with Gaussian integers ``g1, g2`` (``g2 = 0`` for
    ``m = 0``) and ``s2`` in ``{1, 1/2}``.
    """
    rows = []
    for a in range(2 * l + 1):
        m = a - l
        sign = -1 if m % 2 else 1
        if m < 0:
            rows.append((a, -1j, 2 * l - a, 1j * sign, Fraction(1, 2)))
        elif m == 0:
            rows.append((a, 1 + 0j, a, 0j, Fraction(1)))
        else:
            rows.append((2 * l - a, 1 + 0j, a, complex(sign), Fraction(1, 2)))
    return tuple(rows)


@lru_cache(maxsize=256)
def _real_basis_arrays(l: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``real_basis_rows`` as read-only arrays ``(k1, u1, k2, u2)`` of columns and entries."""
    rows = real_basis_rows(l)
    scale = np.sqrt([float(r[4]) for r in rows])
    arrays = (
        np.array([r[0] for r in rows]),
        np.array([r[1] for r in rows]) * scale,
        np.array([r[2] for r in rows]),
        np.array([r[3] for r in rows]) * scale,
    )
    for array in arrays:
        array.flags.writeable = False
    return arrays


def apply_real_basis(T: np.ndarray, l: int, axis: int, conjugate: bool = False) -> np.ndarray:
    """Contract ``U = real_basis_change(l)`` (or its conjugate) into ``axis`` of ``T``.

    Returns ``out`` with ``out[..., a, ...] = sum_k U[a, k] T[..., k, ...]`` along
    ``axis``. Uses the two non-zeros per row of ``U``: cost ``O(T.size)``.
    """
    k1, u1, k2, u2 = _real_basis_arrays(l)
    if conjugate:
        u1, u2 = u1.conj(), u2.conj()
    T = np.moveaxis(T, axis, -1)
    return np.moveaxis(T[..., k1] * u1 + T[..., k2] * u2, -1, axis)


def _check_l(l: object) -> int:
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or l < 0:
        raise SelectionRuleError(
            f"the real basis exists only for integer l >= 0, got l = {l!r}; "
            "half-integer spins have no real form"
        )
    check_bytes(16 * (2 * int(l) + 1) ** 2, f"the real basis change at l = {l}", "use a smaller l")
    return int(l)


@lru_cache(maxsize=256)
def _real_basis_change_float(l: int) -> np.ndarray:
    u = np.zeros((2 * l + 1, 2 * l + 1), dtype=complex)
    for a, (k1, g1, k2, g2, s2) in enumerate(real_basis_rows(l)):
        u[a, k1] += g1 * np.sqrt(float(s2))
        u[a, k2] += g2 * np.sqrt(float(s2))
    u.flags.writeable = False
    return u


@lru_cache(maxsize=256)
def _real_basis_change_exact(l: int) -> sp.ImmutableMatrix:
    u = sp.zeros(2 * l + 1, 2 * l + 1)
    for a, (k1, g1, k2, g2, s2) in enumerate(real_basis_rows(l)):
        scale = sp.sqrt(sp.Rational(s2.numerator, s2.denominator))
        for k, g in ((k1, g1), (k2, g2)):
            u[a, k] += (int(g.real) + sp.I * int(g.imag)) * scale
    return sp.ImmutableMatrix(u)


def real_basis_change(l: int, exact: bool = False) -> np.ndarray | sp.Matrix:
    r"""Unitary map ``U`` from complex to real spherical-harmonic coefficients.

    Parameters
    ----------
    l : int
        Non-negative integer degree.
    exact : bool
        Return a sympy ``Matrix`` instead of a complex numpy array.

    Returns
    -------
    numpy.ndarray or sympy.Matrix
        ``(2l+1, 2l+1)`` matrix with ``r = U c`` (see the module docstring for
        the entries) and ``D_real = U D U^\dagger``.

    Raises
    ------
    SelectionRuleError
        If ``l`` is not a non-negative integer.

    Notes
    -----
    Cost: ``O(l)`` to build, ``O(l^2)`` to copy out of the cache.

    Examples
    --------
    >>> real_basis_change(1, exact=True)
    Matrix([
    [-sqrt(2)*I/2, 0, -sqrt(2)*I/2],
    [           0, 1,            0],
    [   sqrt(2)/2, 0,   -sqrt(2)/2]])
    """
    l = _check_l(l)
    if exact:
        return sp.Matrix(_real_basis_change_exact(l))
    return _real_basis_change_float(l).copy()


def l1_to_cartesian() -> np.ndarray:
    r"""Matrix taking real ``l = 1`` coefficients ``(y, z, x)`` to Cartesian ``(x, y, z)``.

    Returns
    -------
    numpy.ndarray
        The permutation matrix :math:`Q = P^T` (integer entries), where ``P``
        takes ``(x, y, z)`` to ``(y, z, x)``. For every rotation,
        :math:`R = Q\,D^1_{\mathrm{real}}(R)\,Q^T` and
        :math:`D^1_{\mathrm{real}}(R) = P R P^T`.

    Examples
    --------
    >>> l1_to_cartesian() @ [10, 20, 30]      # (y, z, x) = (10, 20, 30)
    array([30, 10, 20])
    """
    return _YZX.T.copy()


def matrix_from_euler(alpha, beta, gamma, exact: bool = False) -> np.ndarray | sp.Matrix:
    r"""The rotation matrix :math:`R_z(\alpha) R_y(\beta) R_z(\gamma)`.

    Parameters
    ----------
    alpha, beta, gamma : array_like or sympy expressions
        ZYZ Euler angles, broadcast together to shape ``S``.
    exact : bool
        Return a sympy ``Matrix`` (scalar angles only).

    Returns
    -------
    numpy.ndarray or sympy.Matrix
        Shape ``S + (3, 3)``.

    Raises
    ------
    InvalidValueError, InvalidTypeError
        If an angle is NaN, infinite, or not a number (``None``, a string; in exact mode
        sympy expressions are welcome, symbols included).

    Notes
    -----
    Cost: ``O(|S|)``.

    Examples
    --------
    >>> matrix_from_euler(sp.pi / 2, 0, 0, exact=True)
    Matrix([
    [0, -1, 0],
    [1,  0, 0],
    [0,  0, 1]])
    """
    names = ("alpha", "beta", "gamma")
    if exact:
        a, b, c = (_exact_angle(x, n) for x, n in zip((alpha, beta, gamma), names))
        ca, sa, cb, sb, cc, sc = sp.cos(a), sp.sin(a), sp.cos(b), sp.sin(b), sp.cos(c), sp.sin(c)
    else:
        a, b, c = float_angles(names, (alpha, beta, gamma))
        ca, sa, cb, sb, cc, sc = np.cos(a), np.sin(a), np.cos(b), np.sin(b), np.cos(c), np.sin(c)
    rows = [
        [ca * cb * cc - sa * sc, -ca * cb * sc - sa * cc, ca * sb],
        [sa * cb * cc + ca * sc, -sa * cb * sc + ca * cc, sa * sb],
        [-sb * cc, sb * sc, cb],
    ]
    if exact:
        return sp.Matrix(rows)
    return np.stack([np.stack(row, axis=-1) for row in rows], axis=-2)


def euler_from_matrix(R, tol: float = 1e-14) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""ZYZ Euler angles of rotation matrices, inverse of :func:`matrix_from_euler`.

    Parameters
    ----------
    R : array_like
        Rotation matrices of shape ``S + (3, 3)``.
    tol : float
        Below this value of :math:`\sin\beta` the rotation is treated as gimbal
        locked (``beta`` = 0 or pi up to rounding): only ``alpha + gamma`` or
        ``alpha - gamma`` is defined, and ``gamma`` is set to 0.

    Returns
    -------
    alpha, beta, gamma : numpy.ndarray
        Shape ``S``; ``alpha, gamma`` in ``(-pi, pi]``, ``beta`` in ``[0, pi]``.

    Raises
    ------
    DimensionMismatchError
        If the last two axes are not ``(3, 3)``.
    InvalidValueError
        If a matrix is not a rotation: NaN or infinite entries, or ``RᵀR`` or ``det R``
        off ``I`` and ``1`` by more than :data:`ROTATION_TOL` (a reflection, a scaled or a
        sheared matrix has no Euler angles).
    InvalidTypeError
        If the entries are not real numbers.

    Notes
    -----
    ``alpha + gamma`` is read from the upper-left block when ``cos(beta) >= 0``
    and ``alpha - gamma`` when ``cos(beta) < 0``, where those combinations are
    well conditioned; the other combination comes from the third row and
    column. This keeps the round trip accurate to rounding error near the
    gimbal-lock points. Cost: ``O(|S|)``.

    Examples
    --------
    >>> a, b, c = euler_from_matrix(matrix_from_euler(0.1, 0.2, 0.3))
    >>> np.allclose([a, b, c], [0.1, 0.2, 0.3])
    True
    >>> [float(x) for x in euler_from_matrix(np.diag([-1.0, 1.0, -1.0]))]  # beta = pi
    [0.0, 3.141592653589793, 0.0]
    """
    R = finite_array(R, "R", hint="give rotation matrices")
    if R.shape[-2:] != (3, 3):
        raise DimensionMismatchError(f"expected matrices of shape (..., 3, 3), got {R.shape}")
    off = np.abs(np.swapaxes(R, -1, -2) @ R - np.eye(3)).max(initial=0.0)
    det = np.abs(np.linalg.det(R) - 1).max(initial=0.0) if R.size else 0.0
    if not (off <= ROTATION_TOL and det <= ROTATION_TOL):
        raise InvalidValueError(
            f"R is not a rotation matrix: RᵀR deviates from I by {off:.3g} and det R from 1 by "
            f"{det:.3g} (tolerance {ROTATION_TOL:g}); Euler angles exist for proper rotations "
            "only (for O(3), factor out the inversion -I first)"
        )
    sb = np.hypot(R[..., 0, 2], R[..., 1, 2])
    cb = R[..., 2, 2]
    beta = np.arctan2(sb, cb)
    a_col = np.arctan2(R[..., 1, 2], R[..., 0, 2])
    g_col = np.arctan2(R[..., 2, 1], -R[..., 2, 0])
    sum_blk = np.arctan2(R[..., 1, 0] - R[..., 0, 1], R[..., 0, 0] + R[..., 1, 1])
    dif_blk = np.arctan2(-(R[..., 1, 0] + R[..., 0, 1]), R[..., 1, 1] - R[..., 0, 0])
    upper = cb >= 0
    total = np.where(upper, sum_blk, a_col + g_col)
    diff = np.where(upper, a_col - g_col, dif_blk)
    alpha = 0.5 * (total + diff)
    alpha = np.where(np.cos(alpha - a_col) < 0, alpha + np.pi, alpha)
    gamma = total - alpha
    locked = sb < tol
    alpha = np.where(locked, np.where(upper, sum_blk, dif_blk), alpha)
    gamma = np.where(locked, 0.0, gamma)
    return _wrap(alpha), beta[()], _wrap(gamma)


def _wrap(angle: np.ndarray) -> np.ndarray:
    """Map angles to ``(-pi, pi]``."""
    wrapped = np.pi - np.mod(np.pi - angle, 2 * np.pi)
    return (wrapped + 0.0)[()]


def to_e3nn_angles(alpha, beta, gamma) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""e3nn's angles for the rotation with groupproj's ZYZ angles ``(alpha, beta, gamma)``.

    e3nn writes a rotation as :math:`R_y(a) R_x(b) R_y(c)`. Since
    :math:`R_y(a) R_x(b) R_y(c) = P\,R_z(a) R_y(b) R_z(c)\,P^T` with ``P`` the
    cyclic permutation ``(x, y, z) -> (y, z, x)``, e3nn's angles of ``R`` are the
    ZYZ angles of :math:`P^T R P`.

    Parameters
    ----------
    alpha, beta, gamma : array_like
        ZYZ angles (broadcast together).

    Returns
    -------
    a, b, c : numpy.ndarray
        Angles to pass to ``e3nn.o3.wigner_D`` / ``e3nn.o3.angles_to_matrix``.

    Notes
    -----
    With ``B = e3nn_change_of_basis(l)``,
    ``e3nn.o3.wigner_D(l, *to_e3nn_angles(al, be, ga)) == B @ wigner_D(l, al, be, ga,
    basis="real") @ B.T``. Cost: ``O(|S|)``.

    Examples
    --------
    A rotation by 0.3 about ``z`` is :math:`R_y(-\pi/2) R_x(0.3) R_y(\pi/2)`:

    >>> a, b, c = to_e3nn_angles(0.3, 0.0, 0.0)
    >>> bool(np.allclose([a, b, c], [-np.pi / 2, 0.3, np.pi / 2]))
    True
    """
    R = matrix_from_euler(alpha, beta, gamma)
    return euler_from_matrix(_YZX.T @ R @ _YZX)


def from_e3nn_angles(a, b, c) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""groupproj's ZYZ angles of the rotation e3nn writes as :math:`R_y(a) R_x(b) R_y(c)`.

    Inverse of :func:`to_e3nn_angles`. Cost: ``O(|S|)``.

    Examples
    --------
    >>> angles = from_e3nn_angles(*to_e3nn_angles(0.1, 0.2, 0.3))
    >>> bool(np.allclose(angles, (0.1, 0.2, 0.3)))
    True
    """
    R = matrix_from_euler(a, b, c)
    return euler_from_matrix(_YZX @ R @ _YZX.T)


def e3nn_change_of_basis(l: int, exact: bool = False) -> np.ndarray | sp.Matrix:
    r"""Orthogonal ``B`` taking groupproj real-basis coefficients to e3nn's.

    ``B = wigner_D(l, 0, pi/2, pi/2, basis="real")``, the real Wigner matrix of
    :math:`P^T` (``P``: ``(x, y, z) -> (y, z, x)``). For every rotation ``R``,
    e3nn's matrix is :math:`B\,D^l_{\mathrm{real}}(R)\,B^T` and a coefficient
    vector ``v`` in groupproj's basis is ``B @ v`` in e3nn's. For ``l = 1`` it is
    :func:`l1_to_cartesian`: e3nn orders ``l = 1`` as ``(x, y, z)``.

    Parameters
    ----------
    l : int
        Non-negative integer degree.
    exact : bool
        Return a sympy ``Matrix``.

    Returns
    -------
    numpy.ndarray or sympy.Matrix
        Real orthogonal ``(2l+1, 2l+1)`` matrix.

    Notes
    -----
    Cost: one real Wigner matrix, ``O(l^3)``.

    Examples
    --------
    >>> e3nn_change_of_basis(1, exact=True)
    Matrix([
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0]])
    """
    from groupproj.harmonic.wigner import wigner_D

    half = sp.pi / 2 if exact else np.pi / 2
    return wigner_D(_check_l(l), 0, half, half, basis="real", exact=exact)
