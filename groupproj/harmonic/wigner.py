r"""Wigner small-d and big-D matrices, exact and floating point.

Conventions are those of :mod:`groupproj.harmonic.conventions`:
:math:`D^j_{m'm}(\alpha,\beta,\gamma) = e^{-im'\alpha} d^j_{m'm}(\beta) e^{-im\gamma}` with
:math:`d^j(\beta) = e^{-i\beta J_y}`, rows and columns ordered ``m = -j .. j``.

Floating point uses the eigenbasis of :math:`J_x` (a real symmetric tridiagonal
matrix, diagonalised once per ``j`` and cached). Since
:math:`J_y = e^{-i\pi J_z/2} J_x e^{i\pi J_z/2}` and :math:`J_x = V\,\mathrm{diag}(k)\,V^T`,

.. math::

    d^j_{ab}(\beta) = \mathrm{Re}\Big[e^{-i\pi(a-b)/2} \sum_k V_{ak} V_{bk} e^{-ik\beta}\Big],

a product of orthogonal factors with no cancellation between large terms, so
the result stays unitary to rounding error for large ``j`` (checked to
``j = 100``).

Exact mode evaluates Wigner's finite sum

.. math::

    d^j_{m'm}(\beta) = \sum_s \frac{(-1)^{m'-m+s}\sqrt{(j+m')!(j-m')!(j+m)!(j-m)!}}
    {(j+m-s)!\,s!\,(m'-m+s)!\,(j-m'-s)!}
    \cos^{2j+m-m'-2s}\tfrac\beta2 \sin^{m'-m+2s}\tfrac\beta2

with the squares :math:`\cos^2\frac\beta2, \sin^2\frac\beta2` kept as rationals when
:math:`\cos\beta` is rational (e.g. ``pi/3`` or ``acos(3/5)``), so that the sum
is done in exact integer arithmetic and only one square root per entry is
taken.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from functools import lru_cache
from math import factorial

import numpy as np
import sympy as sp
from scipy.linalg import eigh_tridiagonal

from groupproj.errors import (
    ExactnessError,
    InvalidTypeError,
    InvalidValueError,
    SelectionRuleError,
    UnknownNameError,
)
from groupproj.harmonic.conventions import apply_real_basis, float_angles, real_basis_rows
from groupproj.harmonic.radicals import signed_sqrt
from groupproj.harmonic.spins import spin_text, twice_spin
from groupproj.limits import check_bytes

__all__ = ["wigner_d", "wigner_D"]

_BASES = ("complex", "real")
_FLOAT_ARRAYS = 6
"""Arrays of the output's size that the float evaluation holds at once (estimate)."""
EXACT_ENTRY_BYTES = 1000
"""Estimated bytes of one exact (sympy) entry, for size checks before an exact evaluation."""


def check_size(two_j: int, batch: int, exact: bool, what: str) -> None:
    """Refuse, before evaluating, Wigner matrices beyond the size limit."""
    n = two_j + 1
    if exact:
        check_bytes(n * n * EXACT_ENTRY_BYTES, f"the exact {what}", "use a smaller j")
    else:
        check_bytes(
            _FLOAT_ARRAYS * 16 * batch * n * n,
            f"{what} ({n}×{n} per angle, {batch} angle(s))",
            "use a smaller j or fewer angles at a time",
        )


@lru_cache(maxsize=256)
def _jx_eigenvectors(two_j: int) -> np.ndarray:
    """Orthogonal ``V`` with ``J_x = V diag(-j..j) V^T`` (read-only, cached)."""
    n = two_j + 1
    j = two_j / 2
    m = np.arange(n - 1) - j
    off = 0.5 * np.sqrt(j * (j + 1) - m * (m + 1))
    if n == 1:
        vectors = np.ones((1, 1))
    else:
        _, vectors = eigh_tridiagonal(np.zeros(n), off)
    vectors.flags.writeable = False
    return vectors


@lru_cache(maxsize=256)
def _quarter_turn_signs(two_j: int) -> tuple[np.ndarray, np.ndarray]:
    """Real and imaginary parts of ``exp(-i pi (a - b) / 2)`` for row ``a``, column ``b``."""
    idx = np.arange(two_j + 1)
    quarter = (idx[:, None] - idx[None, :]) % 4
    cos_part = np.array([1.0, 0.0, -1.0, 0.0])[quarter]
    sin_part = np.array([0.0, -1.0, 0.0, 1.0])[quarter]
    cos_part.flags.writeable = sin_part.flags.writeable = False
    return cos_part, sin_part


def _float_small_d(two_j: int, beta: np.ndarray) -> np.ndarray:
    # d = Re[phase * (C - i S)] with C, S = V diag(cos, sin)(k beta) V^T (real BLAS products)
    vectors = _jx_eigenvectors(two_j)
    k_beta = beta[..., None, None] * (np.arange(two_j + 1) - two_j / 2)
    cos_part, sin_part = _quarter_turn_signs(two_j)
    C = (vectors * np.cos(k_beta)) @ vectors.T
    S = (vectors * np.sin(k_beta)) @ vectors.T
    return cos_part * C + sin_part * S


def _require_exact(*values) -> list[sp.Expr]:
    out = []
    for value in values:
        if isinstance(value, (float, np.floating)) or (
            isinstance(value, sp.Basic) and value.has(sp.Float)
        ):
            raise ExactnessError(
                f"angle {value!r} is a float; pass exact values such as sympy.pi / 3 "
                "or sympy.acos(sympy.Rational(3, 5)), or use exact=False"
            )
        if isinstance(value, bool) or not isinstance(value, (numbers.Rational, sp.Basic)):
            raise InvalidTypeError(
                f"angle {value!r} is not an exact number or sympy expression; pass e.g. "
                "sympy.pi / 3"
            )
        value = sp.sympify(value)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is False:
            raise InvalidValueError(f"angle {value} must be a finite real number")
        out.append(value)
    return out


def _half_angle(beta: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    """``cos(beta/2), sin(beta/2)`` and their squares, in the simplest closed form found."""
    c, s = sp.cos(beta / 2), sp.sin(beta / 2)
    if not beta.free_symbols and (c.has(sp.cos, sp.sin) or s.has(sp.cos, sp.sin)):
        cos_beta = sp.cos(beta)
        if cos_beta.is_Rational:
            c2, s2 = (1 + cos_beta) / 2, (1 - cos_beta) / 2
            c = sp.sign(sp.N(c)) * sp.sqrt(c2)
            s = sp.sign(sp.N(s)) * sp.sqrt(s2)
            return c, s, c2, s2
    return c, s, sp.expand(c**2), sp.expand(s**2)


def _exact_small_d(two_j: int, beta: sp.Expr) -> list[list[sp.Expr]]:
    c, s, c2, s2 = _half_angle(beta)
    n = two_j + 1
    fact = [factorial(k) for k in range(n + 1)]
    rational = c2.is_Rational and s2.is_Rational
    if rational:
        c2, s2 = Fraction(int(c2.p), int(c2.q)), Fraction(int(s2.p), int(s2.q))
    c_pows, s_pows = [c2**0], [s2**0]
    for _ in range(two_j):
        c_pows.append(c_pows[-1] * c2)
        s_pows.append(s_pows[-1] * s2)
    unit = Fraction if rational else sp.Rational
    odd = {(0, 0): sp.Integer(1), (1, 0): c, (0, 1): s, (1, 1): c * s}
    rows = []
    for a in range(n):  # a = j + m'
        row = []
        for b in range(n):  # b = j + m
            p0, q0 = (two_j + b - a) % 2, (a - b) % 2
            total = 0
            for k in range(max(0, b - a), min(b, two_j - a) + 1):
                den = fact[b - k] * fact[k] * fact[a - b + k] * fact[two_j - a - k]
                sign = -1 if (a - b + k) % 2 else 1
                power = c_pows[(two_j + b - a - 2 * k - p0) // 2]
                power *= s_pows[(a - b + 2 * k - q0) // 2]
                total += unit(sign, den) * power
            norm = fact[a] * fact[two_j - a] * fact[b] * fact[two_j - b]
            if rational:
                sign = (total > 0) - (total < 0)
                value = signed_sqrt(sign, norm * total * total, bound=n) * odd[p0, q0]
            else:
                value = sp.sqrt(norm) * total * odd[p0, q0]
            row.append(value)
        rows.append(row)
    return rows


def wigner_d(j, beta, exact: bool = False) -> np.ndarray | sp.Matrix:
    r"""Wigner small-d matrix :math:`d^j(\beta) = e^{-i\beta J_y}`.

    Parameters
    ----------
    j : int, float, Fraction or sympy Rational
        Spin, integer or half-integer.
    beta : array_like, or sympy expression if ``exact``
        Angle(s) of shape ``S``.
    exact : bool
        Return a sympy ``Matrix`` of closed forms (scalar ``beta`` only).

    Returns
    -------
    numpy.ndarray or sympy.Matrix
        Real array of shape ``S + (2j+1, 2j+1)``, entry ``[m' + j, m + j]``.

    Raises
    ------
    SelectionRuleError
        If ``j`` is not a non-negative half-integer.
    ExactnessError
        If ``exact`` and ``beta`` is a float.
    InvalidValueError, InvalidTypeError
        If an angle is NaN, infinite, complex or not a number (``None``, a string).
    SizeLimitError
        If the matrices would exceed the size limit (:mod:`groupproj.limits`).

    Notes
    -----
    Cost: floating point ``O(j^3)`` once per ``j`` (cached eigenvectors) then
    ``O(j^3)`` per angle (two real matrix products); exact ``O(j^3)`` rational
    operations plus ``O(j^2)`` square roots when :math:`\cos\beta` is rational.

    Examples
    --------
    >>> wigner_d(sp.Rational(1, 2), sp.pi / 3, exact=True)
    Matrix([
    [sqrt(3)/2,       1/2],
    [     -1/2, sqrt(3)/2]])
    >>> wigner_d(1, [0.0, np.pi]).shape
    (2, 3, 3)
    """
    two_j = twice_spin(j)
    if exact:
        (beta,) = _require_exact(beta)
        check_size(two_j, 1, True, f"wigner_d at j = {spin_text(two_j)}")
        return sp.Matrix(_exact_small_d(two_j, beta))
    (beta,) = float_angles(("beta",), (beta,))
    check_size(two_j, beta.size, False, f"wigner_d at j = {spin_text(two_j)}")
    return _float_small_d(two_j, beta)


def wigner_D(
    j, alpha, beta, gamma, basis: str = "complex", exact: bool = False
) -> np.ndarray | sp.Matrix:
    r"""Wigner D matrix :math:`D^j(\alpha,\beta,\gamma)` for ZYZ Euler angles.

    Parameters
    ----------
    j : int, float, Fraction or sympy Rational
        Spin; must be an integer for ``basis="real"``.
    alpha, beta, gamma : array_like, or sympy expressions if ``exact``
        Euler angles, broadcast together to shape ``S``.
    basis : {"complex", "real"}
        ``"complex"``: the standard basis :math:`|j\,m\rangle`. ``"real"``: the
        real spherical-harmonic basis, :math:`U D U^\dagger` with
        ``U = real_basis_change(j)``; the result is real orthogonal.
    exact : bool
        Return a sympy ``Matrix`` of closed forms (scalar angles only).

    Returns
    -------
    numpy.ndarray or sympy.Matrix
        Shape ``S + (2j+1, 2j+1)``; complex dtype for ``"complex"``, float for
        ``"real"``.

    Raises
    ------
    SelectionRuleError
        If ``j`` is invalid, or half-integer with ``basis="real"``.
    UnknownNameError
        If ``basis`` is not ``"complex"`` or ``"real"``.
    ExactnessError
        If ``exact`` and an angle is a float.
    InvalidValueError, InvalidTypeError
        If an angle is NaN, infinite, complex or not a number (``None``, a string).
    DimensionMismatchError
        If the angles do not broadcast together.
    SizeLimitError
        If the matrices would exceed the size limit (:mod:`groupproj.limits`).

    Notes
    -----
    Cost: that of :func:`wigner_d` plus ``O(j^2)`` per angle for the phases and
    the (sparse) real change of basis.

    Examples
    --------
    >>> wigner_D(1, 0, sp.pi / 2, 0, basis="real", exact=True)
    Matrix([
    [1, 0,  0],
    [0, 0, -1],
    [0, 1,  0]])
    >>> D = wigner_D(2, *np.random.default_rng(0).uniform(0, 3, size=(3, 5)))
    >>> D.shape, bool(np.allclose(D @ D.conj().swapaxes(-1, -2), np.eye(5)))
    ((5, 5, 5), True)
    """
    two_j = twice_spin(j)
    if not isinstance(basis, str) or basis not in _BASES:
        raise UnknownNameError(f"basis must be one of {_BASES}, got {basis!r}")
    if basis == "real" and two_j % 2:
        raise SelectionRuleError(
            f"j = {spin_text(two_j)} is half-integer; the real basis exists only for integer l"
        )
    what = f"wigner_D at j = {spin_text(two_j)}"
    if exact:
        alpha, beta, gamma = _require_exact(alpha, beta, gamma)
        check_size(two_j, 1, True, what)
        return _exact_D(two_j, alpha, beta, gamma, basis)
    alpha, beta, gamma = float_angles(("alpha", "beta", "gamma"), (alpha, beta, gamma))
    check_size(two_j, math.prod(alpha.shape), False, what)
    return float_wigner_D(two_j, alpha, beta, gamma, basis)


def float_wigner_D(two_j: int, alpha, beta, gamma, basis: str) -> np.ndarray:
    """:func:`wigner_D` in floating point for ``j = two_j / 2``, without its input checks.

    For callers that hold checked data already (the rotation groups evaluate their irreps
    at the finite Euler angles of their elements); everyone else calls :func:`wigner_D`.
    """
    alpha, beta, gamma = np.asarray(alpha), np.asarray(beta), np.asarray(gamma)
    m = np.arange(two_j + 1) - two_j / 2
    left = np.exp(-1j * alpha[..., None] * m)[..., :, None]
    right = np.exp(-1j * gamma[..., None] * m)[..., None, :]
    D = left * _float_small_d(two_j, beta) * right
    if basis == "complex":
        return D
    l = two_j // 2
    return apply_real_basis(apply_real_basis(D, l, -2), l, -1, conjugate=True).real


def _exact_D(two_j: int, alpha, beta, gamma, basis: str) -> sp.Matrix:
    n = two_j + 1
    d = _exact_small_d(two_j, beta)
    m = [sp.Rational(a * 2 - two_j, 2) for a in range(n)]
    if basis == "complex":
        return sp.Matrix(
            n,
            n,
            lambda a, b: sp.expand(
                (sp.cos(m[a] * alpha + m[b] * gamma) - sp.I * sp.sin(m[a] * alpha + m[b] * gamma))
                * d[a][b]
            ),
        )
    rows = real_basis_rows(two_j // 2)

    def entry(a: int, b: int) -> sp.Expr:
        ka, ga, kb, gb, sa = rows[a]
        kc, gc, kd, gd, sb = rows[b]
        total = sp.Integer(0)
        for k, g in ((ka, ga), (kb, gb)):
            for kk, gg in ((kc, gc), (kd, gd)):
                w = g * gg.conjugate()
                if w == 0:
                    continue
                theta = m[k] * alpha + m[kk] * gamma
                total += (int(w.real) * sp.cos(theta) + int(w.imag) * sp.sin(theta)) * d[k][kk]
        scale = sa * sb
        return sp.expand(total * sp.sqrt(sp.Rational(scale.numerator, scale.denominator)))

    return sp.Matrix(n, n, entry)
