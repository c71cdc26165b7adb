r"""Clebsch--Gordan coefficients of SU(2) and SO(3), complex and real bases.

The tensor ``C = clebsch_gordan(j1, j2, j)`` has entries
``C[m1 + j1, m2 + j2, m + j]`` :math:`= \langle j_1 m_1; j_2 m_2 | j\, m\rangle`
(Condon--Shortley phases, so :math:`\langle j_1 j_1; j_2\, (j - j_1) | j\, j\rangle > 0`).
Reshaped to a ``(d1 * d2, d)`` matrix it is an isometry intertwining the
Wigner matrices of :mod:`groupproj.harmonic.wigner`:
``kron(D^{j1}, D^{j2}) @ C == C @ D^{j}``.

Exact coefficients use Racah's formula

.. math::

    \langle j_1 m_1; j_2 m_2 | J M\rangle = \delta_{M, m_1+m_2}
    \sqrt{\frac{(2J+1)(J+j_1-j_2)!(J-j_1+j_2)!(j_1+j_2-J)!}{(j_1+j_2+J+1)!}}
    \sqrt{(J+M)!(J-M)!(j_1-m_1)!(j_1+m_1)!(j_2-m_2)!(j_2+m_2)!}
    \sum_k \frac{(-1)^k}{k!(j_1+j_2-J-k)!(j_1-m_1-k)!(j_2+m_2-k)!(J-j_2+m_1+k)!(J-j_1-m_2+k)!}

evaluated with Python integers (the sum over a common denominator), with one
square root of a rational per entry taken at the end.

Floating-point coefficients avoid Racah's alternating sum, whose cancellations can
lose accuracy at large spins. The top column ``|J J>`` is a single product of
factorials (evaluated with log-gamma, no cancellation). Every other column with
``M >= 0`` is an eigenvector of the total :math:`J^2` restricted to the states
:math:`|m_1, M - m_1\rangle`, where :math:`J^2` is a real symmetric tridiagonal
matrix with simple eigenvalues :math:`J'(J'+1)`; its sign is fixed by its
overlap with :math:`J_-|J, M+1\rangle`. (Lowering all the way instead would
amplify rounding error in the directions of larger :math:`J'` exponentially.)
Columns with ``M < 0`` follow from
:math:`\langle j_1\, {-m_1}; j_2\, {-m_2} | J\, {-M}\rangle = (-1)^{j_1+j_2-J}
\langle j_1 m_1; j_2 m_2 | J M\rangle`. Orthogonality holds to about ``1e-13`` at
``j1 = j2 = 50``.

Real basis (integer ``l`` only)
    ``C_real[a, b, c] = phase * sum U1[a, m1] U2[b, m2] C[m1, m2, M] conj(U3[c, M])``
    with ``U = real_basis_change(l)``, so that
    ``kron(D1_real, D2_real) @ C_real == C_real @ D3_real`` for the real Wigner
    matrices of ``wigner_D(..., basis="real")``. The contraction is real when
    ``l1 + l2 + l`` is even and purely imaginary when it is odd; the fixed phase
    is ``1`` in the even case and ``-i`` in the odd case, which makes the tensor
    real in both. Every real coefficient is again ``sign * sqrt(rational)``.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from functools import lru_cache
from math import factorial

import numpy as np
import sympy as sp
from scipy.linalg import eigh_tridiagonal
from scipy.special import gammaln

from groupproj._checks import scalar
from groupproj.errors import SelectionRuleError, UnknownNameError
from groupproj.harmonic.conventions import apply_real_basis, real_basis_rows
from groupproj.harmonic.radicals import signed_sqrt
from groupproj.harmonic.spins import spin_text, twice_spin
from groupproj.harmonic.wigner import EXACT_ENTRY_BYTES
from groupproj.limits import check_bytes

__all__ = ["clebsch_gordan", "o3_clebsch_gordan"]

_BASES = ("complex", "real")


def _check_coupling(j1, j2, j, basis: str, exact: bool = False) -> tuple[int, int, int]:
    if not isinstance(basis, str) or basis not in _BASES:
        raise UnknownNameError(f"basis must be one of {_BASES}, got {basis!r}")
    t1, t2, t = twice_spin(j1, "j1"), twice_spin(j2, "j2"), twice_spin(j, "j")
    text = f"(j1, j2, j) = ({spin_text(t1)}, {spin_text(t2)}, {spin_text(t)})"
    if (t1 + t2 + t) % 2:
        raise SelectionRuleError(
            f"{text}: j1 + j2 + j is not an integer, so integer and half-integer spins "
            "are mixed in a way no coupling allows"
        )
    if not abs(t1 - t2) <= t <= t1 + t2:
        raise SelectionRuleError(f"{text} violates the triangle rule |j1 - j2| <= j <= j1 + j2")
    if basis == "real" and t1 % 2:
        raise SelectionRuleError(
            f"{text}: the real basis exists only for integer l; use basis='complex'"
        )
    entries = (t1 + 1) * (t2 + 1) * (t + 1)
    check_bytes(
        entries * (EXACT_ENTRY_BYTES if exact else _FLOAT_BYTES),
        f"the {'exact ' if exact else ''}Clebsch-Gordan tensor {text} ({entries} entries)",
        "use smaller spins",
    )
    return t1, t2, t


_FLOAT_BYTES = 48
"""Bytes per entry the float evaluation holds at once (work array, complex real-basis copy)."""


@lru_cache(maxsize=256)
def _exact_squares(t1: int, t2: int, t: int) -> dict[tuple[int, int, int], tuple[int, Fraction]]:
    """Non-zero coefficients as ``{(i1, i2, i3): (sign, value**2)}`` by Racah's formula."""
    f = [factorial(k) for k in range((t1 + t2 + t) // 2 + 2)]
    a = (t1 + t2 - t) // 2
    delta_num = (t + 1) * f[(t + t1 - t2) // 2] * f[(t - t1 + t2) // 2] * f[a]
    delta_den = f[(t1 + t2 + t) // 2 + 1]
    out = {}
    for i1 in range(t1 + 1):
        for i2 in range(t2 + 1):
            i3 = i1 + i2 - a  # index of M = m1 + m2 in 0..t
            if not 0 <= i3 <= t:
                continue
            # b = j1 - m1, c = j2 + m2, d = J - j2 + m1, e = J - j1 - m2
            b, c, d, e = t1 - i1, i2, i1 - a, (t - t1 + t2) // 2 - i2
            kmin, kmax = max(0, -d, -e), min(a, b, c)
            if kmin > kmax:
                continue
            common = f[kmax] * f[a - kmin] * f[b - kmin] * f[c - kmin] * f[d + kmax] * f[e + kmax]
            total = 0
            for k in range(kmin, kmax + 1):
                term = common // (f[k] * f[a - k] * f[b - k] * f[c - k] * f[d + k] * f[e + k])
                total += -term if k % 2 else term
            if total == 0:
                continue
            weight = f[i3] * f[t - i3] * f[t1 - i1] * f[i1] * f[t2 - i2] * f[i2]
            square = Fraction(delta_num * weight * total * total, delta_den * common * common)
            out[i1, i2, i3] = (1 if total > 0 else -1, square)
    return out


def _exact_flat(t1: int, t2: int, t: int, basis: str) -> tuple[sp.Expr, ...]:
    """Row-major entries of the exact tensor."""
    squares = _exact_squares(t1, t2, t)
    bound = t1 + t2 + t + 2
    shape = (t1 + 1, t2 + 1, t + 1)
    flat = [sp.Integer(0)] * (shape[0] * shape[1] * shape[2])
    if basis == "complex":
        for (i1, i2, i3), (sign, square) in squares.items():
            flat[(i1 * shape[1] + i2) * shape[2] + i3] = signed_sqrt(sign, square, bound)
        return tuple(flat)
    l1, l2, l = t1 // 2, t2 // 2, t // 2
    rows1, rows2, rows3 = real_basis_rows(l1), real_basis_rows(l2), real_basis_rows(l)
    # entry -> [sum of Gaussian-integer weights, common value**2 of its terms]
    sums: dict[int, list] = {}
    for a, (ka, ga, kb, gb, sa) in enumerate(rows1):
        for b, (kc, gc, kd, gd, sb) in enumerate(rows2):
            for k1, g1 in ((ka, ga), (kb, gb)):
                for k2, g2 in ((kc, gc), (kd, gd)):
                    k3 = k1 + k2 - l1 - l2 + l  # M = m1 + m2
                    if g1 == 0 or g2 == 0 or (k1, k2, k3) not in squares:
                        continue
                    sign, square = squares[k1, k2, k3]
                    for c in {k3, t - k3}:
                        ke, ge, kf, gf, sc = rows3[c]
                        g3 = ge if ke == k3 else gf
                        entry = sums.setdefault((a * shape[1] + b) * shape[2] + c, [0j, None])
                        entry[0] += g1 * g2 * g3.conjugate() * sign
                        entry[1] = square * sa * sb * sc
    phase = -1j if (l1 + l2 + l) % 2 else 1
    for key, (weight, square) in sums.items():
        weight *= phase
        if round(weight.imag) != 0:
            raise AssertionError("real Clebsch-Gordan contraction left an imaginary part")
        n = round(weight.real)
        flat[key] = signed_sqrt((n > 0) - (n < 0), square * n * n, bound)
    return tuple(flat)


_exact_flat_cached = lru_cache(maxsize=64)(_exact_flat)


@lru_cache(maxsize=1024)
def _coupled_eigenvectors(t1: int, t2: int, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvectors of total ``J^2`` on the subspace ``i1 + i2 = shift`` (fixed ``M``).

    In the basis ``|m1, M - m1>`` the operator ``J^2`` is real symmetric
    tridiagonal with simple eigenvalues ``J'(J'+1)``, ``J' = max(|M|, |j1 - j2|), ...,
    j1 + j2``. Returns the ``i1`` indices and the eigenvectors as columns in
    increasing ``J'`` (signs arbitrary); both read-only.
    """
    j1, j2 = t1 / 2, t2 / 2
    i1 = np.arange(max(0, shift - t2), min(t1, shift) + 1)
    m1, m2 = i1 - j1, (shift - i1) - j2
    diag = j1 * (j1 + 1) + j2 * (j2 + 1) + 2 * m1 * m2
    if len(i1) == 1:
        vectors = np.ones((1, 1))
    else:
        raising = j1 * (j1 + 1) - m1[:-1] * (m1[:-1] + 1)
        lowering = j2 * (j2 + 1) - m2[:-1] * (m2[:-1] - 1)
        _, vectors = eigh_tridiagonal(diag, np.sqrt(raising * lowering))
    i1.flags.writeable = vectors.flags.writeable = False
    return i1, vectors


def _float_complex(t1: int, t2: int, t: int) -> np.ndarray:
    j1, j2 = t1 / 2, t2 / 2
    m1 = np.arange(t1 + 1) - j1
    m2 = np.arange(t2 + 1) - j2
    work = np.zeros((t + 1, t1 + 1, t2 + 1))  # work[i3] is the |J M> column, contiguous
    # highest weight: <j1 m1; j2 m2|J J> is proportional to
    # (-1)^(j1-m1) sqrt((j1+m1)!(j2+m2)!/((j1-m1)!(j2-m2)!)) with m2 = J - m1
    i1 = np.arange(t1 + 1)
    i2 = (t + t1 + t2) // 2 - i1
    ok = (i2 >= 0) & (i2 <= t2)
    i1, i2 = i1[ok], i2[ok]
    log = 0.5 * (
        gammaln(j1 + m1[i1] + 1)
        + gammaln(j2 + m2[i2] + 1)
        - gammaln(j1 - m1[i1] + 1)
        - gammaln(j2 - m2[i2] + 1)
    )
    top = np.exp(log - log.max()) * np.where((t1 - i1) % 2, -1.0, 1.0)
    work[t, i1, i2] = top / np.linalg.norm(top)
    # 0 <= M < J: eigenvector of J^2 on the M subspace, sign fixed by overlap with J_-|J, M+1>
    lower1 = np.sqrt(j1 * (j1 + 1) - m1 * (m1 - 1))  # <m-1|J_-|m>
    lower2 = np.sqrt(j2 * (j2 + 1) - m2 * (m2 - 1))
    for i3 in range(t - 1, (t - 1) // 2, -1):
        old = work[i3 + 1]
        guess = np.zeros_like(old)
        guess[:-1, :] += lower1[1:, None] * old[1:, :]
        guess[:, :-1] += lower2[None, 1:] * old[:, 1:]
        shift = i3 + (t1 + t2 - t) // 2
        i1, vectors = _coupled_eigenvectors(t1, t2, shift)
        vec = vectors[:, (t - max(abs(2 * i3 - t), abs(t1 - t2))) // 2]
        i2 = shift - i1
        work[i3, i1, i2] = -vec if vec @ guess[i1, i2] < 0 else vec
    # M < 0 from <j1 -m1; j2 -m2|J -M> = (-1)^(j1+j2-J) <j1 m1; j2 m2|J M>
    sign = -1.0 if ((t1 + t2 - t) // 2) % 2 else 1.0
    low = (t + 1) // 2
    work[:low] = sign * work[t : t - low : -1, ::-1, ::-1]
    return np.ascontiguousarray(np.moveaxis(work, 0, -1))


@lru_cache(maxsize=64)
def _float_tensor(t1: int, t2: int, t: int, basis: str) -> np.ndarray:
    out = _float_complex(t1, t2, t)
    if basis == "real":
        l1, l2, l = t1 // 2, t2 // 2, t // 2
        out = apply_real_basis(out, l1, 0)
        out = apply_real_basis(out, l2, 1)
        out = apply_real_basis(out, l, 2, conjugate=True)
        out = (out * (-1j if (l1 + l2 + l) % 2 else 1)).real
    out.flags.writeable = False
    return out


def clebsch_gordan(j1, j2, j, basis: str = "complex", exact: bool = False):
    r"""Clebsch--Gordan tensor coupling spins ``j1`` and ``j2`` to ``j``.

    Parameters
    ----------
    j1, j2, j : int, float, Fraction or sympy Rational
        Spins (integer or half-integer) satisfying the triangle rule with
        ``j1 + j2 + j`` an integer.
    basis : {"complex", "real"}
        ``"complex"``: :math:`\langle j_1 m_1; j_2 m_2 | j\, m\rangle` in the
        standard bases. ``"real"``: the same map in the real bases of
        ``real_basis_change`` (integer spins only), times ``-i`` when
        ``j1 + j2 + j`` is odd so that it is real (see the module docstring).
    exact : bool
        Return a (new, mutable) ``sympy.MutableDenseNDimArray`` of entries
        ``sign * sqrt(rational)``.

    Returns
    -------
    numpy.ndarray or sympy.MutableDenseNDimArray
        Shape ``(2j1+1, 2j2+1, 2j+1)``, real. Reshaped to
        ``((2j1+1)(2j2+1), 2j+1)`` it has orthonormal columns and
        ``kron(D1, D2) @ C == C @ D`` for the matching Wigner matrices.

    Raises
    ------
    SelectionRuleError
        If a spin is negative or not a half-integer, the triangle rule fails,
        ``j1 + j2 + j`` is not an integer, or ``basis="real"`` is asked for
        half-integer spins.
    UnknownNameError
        If ``basis`` is not ``"complex"`` or ``"real"``.
    InvalidTypeError, InvalidValueError
        If a spin is not a number, or NaN or infinite.
    SizeLimitError
        If the tensor would exceed the size limit (:mod:`groupproj.limits`).

    Notes
    -----
    Cost (first call, then cached): exact ``O(d1 d2 min(d1, d2))`` big-integer
    operations plus one square root per non-zero entry; floating point one
    tridiagonal eigendecomposition of size ``<= min(d1, d2)`` per ``M >= 0``
    (cached and shared between ``j``), ``O(d1 d2 d)`` for the overlaps, and
    ``O(d1 d2 d)`` more for the real change of basis. Later calls copy the
    cached array.

    Examples
    --------
    >>> C = clebsch_gordan(sp.Rational(1, 2), sp.Rational(1, 2), 0, exact=True)
    >>> C[0, 1, 0], C[1, 0, 0]
    (-sqrt(2)/2, sqrt(2)/2)
    >>> C = clebsch_gordan(1, 1, 1, basis="real")     # the cross product, up to scale
    >>> bool(np.isclose(C[2, 0, 1], 1 / np.sqrt(2)))  # (x, y) -> z
    True
    """
    t1, t2, t = _check_coupling(j1, j2, j, basis, exact)
    if exact:
        shape = (t1 + 1, t2 + 1, t + 1)
        return sp.MutableDenseNDimArray(list(_exact_flat_cached(t1, t2, t, basis)), shape)
    return _float_tensor(t1, t2, t, basis).copy()


def o3_clebsch_gordan(l1, p1: int, l2, p2: int, l, p: int, exact: bool = False):
    r"""Real Clebsch--Gordan tensor of O(3) irreps ``(l1, p1) x (l2, p2) -> (l, p)``.

    O(3) irreps are labelled by an integer ``l`` and a parity ``p = +1`` (even,
    inversion acts as ``+1``) or ``-1`` (odd). The coupling exists only when
    ``p1 * p2 == p``; it is then the SO(3) tensor
    ``clebsch_gordan(l1, l2, l, basis="real")``.

    Parameters
    ----------
    l1, p1, l2, p2, l, p
        Degrees (integers) and parities (``+1`` or ``-1``).
    exact : bool
        Return a ``sympy.Array``.

    Returns
    -------
    numpy.ndarray or sympy.Array
        Shape ``(2l1+1, 2l2+1, 2l+1)``.

    Raises
    ------
    SelectionRuleError
        If a parity is not ``+1``/``-1``, ``p1 * p2 != p``, or the SO(3) rules fail.

    Notes
    -----
    Cost: that of :func:`clebsch_gordan`.

    Examples
    --------
    >>> o3_clebsch_gordan(1, -1, 1, -1, 1, 1).shape     # vector x vector -> pseudovector
    (3, 3, 3)
    >>> o3_clebsch_gordan(1, -1, 1, -1, 1, -1)
    Traceback (most recent call last):
    ...
    groupproj.errors.SelectionRuleError: parity: p1 * p2 = 1 but p = -1
    """
    for name, value in (("p1", p1), ("p2", p2), ("p", p)):
        v = scalar(value)
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or v not in (1, -1):
            raise SelectionRuleError(f"parity {name} must be +1 or -1, got {value!r}")
    if p1 * p2 != p:
        raise SelectionRuleError(f"parity: p1 * p2 = {p1 * p2} but p = {p}")
    return clebsch_gordan(l1, l2, l, basis="real", exact=exact)
