r"""Exact arithmetic in the cyclotomic field :math:`\mathbb{Q}(\zeta_e)`.

Here :math:`\zeta_e = e^{2\pi i/e}`.

Representation
--------------
A number is an integer vector over a basis, divided by a common positive denominator kept
beside it by the caller. Two bases are used:

* the *spanning* form: ``e`` coefficients ``c_k`` of :math:`\zeta_e^k`, ``k = 0 .. e-1``. It is
  not unique (the powers are linearly dependent), but multiplication by :math:`\zeta^s` is a
  cyclic shift and complex conjugation is ``c_k -> c_{-k}``, so group sums are cheap in it;
* the *canonical* form: :math:`\varphi(e)` coefficients over the power basis
  :math:`1, \zeta, \dots, \zeta^{\varphi(e)-1}` of the field, unique, obtained from the
  spanning form by the integer matrix :func:`reduction` (the powers of :math:`\zeta` reduced
  modulo the cyclotomic polynomial :math:`\Phi_e`). Equality and zero tests use it.

Every function here is exact (integer arithmetic); the float and sympy conversions are the
only places where :math:`\zeta` takes a value.

Examples
--------
>>> import numpy as np
>>> red = reduction(3)                      # zeta^2 = -1 - zeta
>>> red.tolist()
[[1, 0], [0, 1], [-1, -1]]
>>> to_expr(np.array([0, 1]), 3)            # zeta_3 in closed form
-1/2 + sqrt(3)*I/2
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy

__all__ = [
    "conjugation",
    "product_table",
    "reduction",
    "to_complex",
    "to_expr",
    "to_rounded",
    "totient",
]


def totient(e: int) -> int:
    """Euler's :math:`\\varphi(e)`, the degree of :math:`\\mathbb{Q}(\\zeta_e)`."""
    return int(sympy.totient(e))


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@lru_cache(maxsize=64)
def reduction(e: int) -> np.ndarray:
    """The ``(e, φ(e))`` integer matrix whose row ``k`` is :math:`\\zeta_e^k` in the power basis.

    Read-only (shared by every caller). Cost ``O(e φ(e))``.
    """
    x = sympy.Symbol("x")
    phi = [int(c) for c in reversed(sympy.Poly(sympy.cyclotomic_poly(e, x), x).all_coeffs())]
    f = len(phi) - 1
    rows = np.zeros((e, f), dtype=np.int64)
    current = np.zeros(f, dtype=np.int64)
    current[0] = 1
    for k in range(e):
        rows[k] = current
        top = current[-1]  # zeta * current, then replace zeta^f by -sum phi_i zeta^i
        current = np.concatenate([[0], current[:-1]]) - top * np.array(phi[:-1], dtype=np.int64)
    return _readonly(rows)


@lru_cache(maxsize=64)
def product_table(e: int) -> np.ndarray:
    """``(φ², φ)`` integers: row ``a φ + b`` is :math:`\\zeta^{a+b}` in the power basis, so the
    canonical product of ``x`` and ``y`` is ``outer(x, y).ravel() @ product_table(e)``."""
    red = reduction(e)
    f = red.shape[1]
    a, b = np.divmod(np.arange(f * f), f)
    return _readonly(red[(a + b) % e].copy())


@lru_cache(maxsize=64)
def conjugation(e: int) -> np.ndarray:
    """``(φ, φ)`` integers mapping canonical coefficients to those of the complex conjugate."""
    red = reduction(e)
    f = red.shape[1]
    return _readonly(red[(-np.arange(f)) % e].copy())


@lru_cache(maxsize=64)
def _powers(e: int) -> np.ndarray:
    k = np.arange(totient(e))
    return _readonly(np.exp(2j * np.pi * k / e))


def to_complex(coefficients: np.ndarray, e: int, denominator: int = 1) -> np.ndarray:
    """Canonical coefficients ``(..., φ)`` evaluated to complex128, divided by ``denominator``."""
    return (np.asarray(coefficients, dtype=float) @ _powers(e)) / denominator


@lru_cache(maxsize=4096)
def _root(k: int, e: int, part: str) -> sympy.Expr:
    angle = 2 * sympy.pi * sympy.Rational(k, e)
    if part == "re":
        return sympy.cos(angle)
    return sympy.sin(angle)


def to_expr(coefficients: np.ndarray, e: int, denominator: int = 1, real: bool = False):
    """A canonical vector as a sympy expression, :math:`\\sum_k c_k \\zeta_e^k / \\text{den}`.

    With ``real=True`` the number is known to be real and only the cosines are summed, which
    gives the closed form without imaginary parts that cancel.
    """
    re = sympy.Integer(0)
    im = sympy.Integer(0)
    for k, c in enumerate(np.asarray(coefficients).tolist()):
        if c:
            re += c * _root(k, e, "re")
            if not real:
                im += c * _root(k, e, "im")
    value = re + sympy.I * im if not real else re
    return sympy.expand(value / denominator)


@lru_cache(maxsize=64)
def _precise_powers(e: int) -> tuple[tuple, tuple]:
    with mpmath.workdps(40):
        angles = [2 * mpmath.pi * k / e for k in range(totient(e))]
        return tuple(mpmath.cos(a) for a in angles), tuple(mpmath.sin(a) for a in angles)


def to_rounded(coefficients: np.ndarray, e: int) -> np.ndarray:
    """Canonical vectors ``(n, φ)`` evaluated to the nearest double (40 digits, rounded once).

    A real part or an imaginary part that is exactly zero (``x = ±conj(x)``, decided exactly)
    comes back as exactly 0; the result is float64 if all are real, else complex128.

    >>> to_rounded(np.array([[0, 1], [-1, -2]]), 3)    # zeta_3, -1 - 2 zeta_3 = -i sqrt 3
    array([-0.5+0.8660254j ,  0. -1.73205081j])
    """
    coefficients = np.asarray(coefficients)
    conj = coefficients @ conjugation(e)
    real = ~(conj - coefficients).any(axis=-1)
    imaginary = ~(conj + coefficients).any(axis=-1)
    cos, sin = _precise_powers(e)
    out = np.zeros(len(coefficients), dtype=complex)
    with mpmath.workdps(40):
        for i, c in enumerate(coefficients.tolist()):
            re = 0.0 if imaginary[i] else float(mpmath.fsum(x * y for x, y in zip(c, cos)))
            im = 0.0 if real[i] else float(mpmath.fsum(x * y for x, y in zip(c, sin)))
            out[i] = complex(re, im)
    return out.real.copy() if real.all() else out
