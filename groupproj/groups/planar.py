"""The planar compact groups SO(2) and O(2): elements, irreps, quadratures."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from groupproj.errors import GroupMismatchError, SelectionRuleError
from groupproj.groups.base import ELEMENT_BYTES, GroupElement, sample_arguments
from groupproj.groups.compact import (
    _F,
    _J,
    _J_EXACT,
    _X,
    CompactGroup,
    _plane_to_complex,
    _require_exact_key,
    _rot,
    _rot_exact,
    angle,
    check_count,
    degree,
    element_matrix,
)
from groupproj.groups.rotations import (
    check_orthogonal,
)

__all__ = ["SO2", "O2"]


def _so2_product(k1: int, k2: int, basis: str, exact: bool) -> tuple[Any, list]:
    """Real: rho_a ⊗ rho_b = rho_{a+b} ⊕ rho_{|a-b|} (two trivials when a = b)."""
    if basis == "complex":
        return (sp.eye(1) if exact else np.eye(1)), [k1 + k2]
    if k1 == 0 or k2 == 0:
        d = 2 if k1 + k2 else 1
        return (sp.eye(d) if exact else np.eye(d)), [k1 + k2]
    C, labels = _planar_product(k1, k2, exact)
    return C, [lab for lab, _ in labels]


def _planar_product(a: int, b: int, exact: bool) -> tuple[Any, list[tuple[int, int]]]:
    """C for 2-dim planar irreps a, b ≥ 1 (basis order xx, xy, yx, yy) and labels (m, sign).

    With z = x + iy, Re/Im of z₁z₂ turn at speed a+b and Re/Im of z₁z̄₂ at a−b
    (conjugated when a < b; for a = b, Re z₁z̄₂ is invariant and Im z₁z̄₂ changes
    sign under reflections).
    """
    sign = -1 if a < b else 1
    cols = [(1, 0, 0, -1), (0, 1, 1, 0), (1, 0, 0, 1), (0, -sign, sign, 0)]
    labels = [(a + b, 1)]
    labels += [(0, 1), (0, -1)] if a == b else [(abs(a - b), 1)]
    if exact:
        return sp.Matrix(cols).T / sp.sqrt(2), labels
    return np.array(cols, dtype=float).T / np.sqrt(2), labels


def _ndim(x: Any) -> int:
    """The number of axes of ``x`` as an array; 0 for anything numpy cannot shape."""
    try:
        return int(np.ndim(x))
    except ValueError:  # a ragged nested list
        return -1


class SO2(CompactGroup):
    """The circle group SO(2) of plane rotations.

    Keys are angles: a float in [0, 2π) or an exact sympy expression.
    Irreps: ``irrep(k)`` is, in the real basis, the rotation by kθ for k ≥ 1
    (complex type: End is spanned by I and the quarter turn J) and the
    trivial 1×1 irrep for k = 0; with ``basis="complex"``, e^{ikθ} for any integer k.

    Examples
    --------
    >>> import groupproj as gp, sympy
    >>> G = gp.SO2()
    >>> G.irrep(2)(G.element(sympy.pi / 4), exact=True)
    Matrix([
    [0, -1],
    [1,  0]])
    >>> len(G.quadrature(3)[0])
    4
    """

    lie_dim = 1

    @property
    def name(self) -> str:
        return "SO(2)"

    def _key_of(self, x: Any) -> Any:
        if isinstance(x, sp.MatrixBase) or _ndim(x) == 2:
            M = element_matrix(x, "an element of SO(2)")
            check_orthogonal(M, 2, self.name, (1,))
            return float(np.arctan2(M[1, 0], M[0, 0]) % (2 * np.pi))
        if _ndim(x) != 0:
            raise GroupMismatchError(f"an element of SO(2) is an angle or a 2×2 matrix, got {x!r}")
        t = angle(x, "an SO(2) angle")
        return t if isinstance(t, sp.Basic) else float(t % (2 * np.pi))

    def _mul(self, a: Any, b: Any) -> Any:
        if isinstance(a, sp.Basic) and isinstance(b, sp.Basic):
            return a + b
        return float((float(a) + float(b)) % (2 * np.pi))

    def _inv(self, a: Any) -> Any:
        return -a if isinstance(a, sp.Basic) else float(-a % (2 * np.pi))

    def _identity_key(self) -> Any:
        return sp.Integer(0)

    def _generator_keys(self) -> tuple:
        return (1.0,)

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        n, rng = sample_arguments(n, seed, ELEMENT_BYTES)
        return [GroupElement(self, float(t)) for t in rng.uniform(0, 2 * np.pi, n)]

    def quadrature_shape(self, L: Any) -> tuple[int, ...]:
        return (degree(L) + 1,)

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """One level: the L + 1 angles 2πk/(L+1); exact for |k| ≤ L, fails at k = L + 1."""
        (n,) = self.quadrature_shape(L)
        check_count(n, f"a quadrature of {n} angles")
        return [([2 * np.pi * k / n for k in range(n)], np.full(n, 1.0 / n))]

    # irreps
    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = degree(max_degree, "max_degree")
        check_count(2 * top + 1, f"the irreps of degree <= {top}")
        if basis == "real":
            return list(range(top + 1))
        return sorted(range(-top, top + 1), key=lambda k: (abs(k), k))

    def _check_label(self, label: tuple, basis: str) -> Any:
        if (
            len(label) != 1
            or isinstance(label[0], bool)
            or not isinstance(label[0], (int, np.integer))
        ):
            raise SelectionRuleError(f"SO(2) irreps are labelled by one integer k, got {label}")
        k = int(label[0])
        if basis == "real" and k < 0:
            raise SelectionRuleError(
                f"real SO(2) irreps have k >= 0 (rho_-k is rho_k in another basis), got {k}"
            )
        return k

    def _irrep_dim(self, k: int, basis: str) -> int:
        return 2 if basis == "real" and k else 1

    def _irrep_name(self, k: int, basis: str) -> str:
        return f"rho{k}" if basis == "real" else f"exp{k}"

    def _irrep_float(self, k: int, basis: str, key: Any) -> np.ndarray:
        t = float(key)
        if basis == "complex":
            return np.array([[np.exp(1j * k * t)]])
        return _rot(k * t) if k else np.ones((1, 1))

    def _irrep_exact(self, k: int, basis: str, key: Any) -> sp.ImmutableMatrix:
        _require_exact_key(isinstance(key, sp.Basic))
        if basis == "complex":
            return sp.ImmutableMatrix([[sp.cos(k * key) + sp.I * sp.sin(k * key)]])
        return _rot_exact(k * key) if k else sp.ImmutableMatrix([[1]])

    def _irrep_type(self, k: int, basis: str) -> str:
        return "complex" if k else "real"

    def _irrep_endomorphisms(self, k: int, basis: str, exact: bool) -> list:
        if basis == "real" and k:
            return [sp.eye(2), sp.Matrix(_J_EXACT)] if exact else [np.eye(2), _J.copy()]
        return super()._irrep_endomorphisms(k, basis, exact)

    def _irrep_lie(self, k: int, basis: str) -> np.ndarray:
        if basis == "complex":
            return np.array([[[1j * k]]])
        return (k * _J)[None] if k else np.zeros((1, 1, 1))

    def _irrep_degree(self, k: int) -> Fraction:
        return Fraction(abs(k))

    def _irrep_product(self, a: int, b: int, basis: str, exact: bool) -> tuple[Any, list]:
        return _so2_product(a, b, basis, exact)

    def _irrep_complexify(self, k: int, exact: bool) -> tuple[Any, list]:
        """rho_k = U diag(e^{ikθ}, e^{−ikθ}) Uᴴ: the complex labels k and −k."""
        if k == 0:
            return super()._irrep_complexify(k, exact)
        return _plane_to_complex(exact), [k, -k]

    def _irrep_conjugate(self, k: int, basis: str, exact: bool) -> tuple[Any, Any]:
        W, _ = super()._irrep_conjugate(k, basis, exact)
        return W, (-k if basis == "complex" else k)

    def _trivial_label(self) -> Any:
        return 0

    def _natural_float(self, key: Any) -> np.ndarray:
        return _rot(float(key))

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        _require_exact_key(isinstance(key, sp.Basic))
        return _rot_exact(key)

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        return (sp.eye(2) if exact else np.eye(2)), 1, "real"

    def _natural_lie(self) -> np.ndarray:
        return _J[None].copy()


class O2(CompactGroup):
    """The orthogonal group O(2): rotations R(θ) and reflections R(θ)·diag(1, −1).

    Keys are pairs ``(s, θ)`` for R(θ)·diag(1, −1)^{(1−s)/2}. Irreps (all of real
    type): ``irrep(0)`` trivial, ``irrep(0, -1)`` the determinant, and for m ≥ 1
    ``irrep(m)``: R(θ) ↦ R(mθ), diag(1, −1) ↦ diag(1, −1). ``basis="complex"``
    writes the 2-dim irreps on (z, z̄): diag(e^{imθ}, e^{−imθ}) and the swap.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.O2()
    >>> G.irrep(0, -1)(G.reflection(0.3))
    array([[-1.]])
    """

    lie_dim = 1

    @property
    def name(self) -> str:
        return "O(2)"

    def reflection(self, theta: Any) -> GroupElement:
        """The reflection R(θ)·diag(1, −1) (across the line at angle θ/2)."""
        if _ndim(theta) != 0:
            raise GroupMismatchError(f"O(2).reflection takes an angle, got {theta!r}")
        return GroupElement(self, (-1, SO2()._key_of(theta)))

    def _key_of(self, x: Any) -> Any:
        if isinstance(x, sp.MatrixBase) or _ndim(x) == 2:
            M = element_matrix(x, "an element of O(2)")
            s = check_orthogonal(M, 2, self.name, (1, -1))
            M = M @ _F if s < 0 else M
            return (s, float(np.arctan2(M[1, 0], M[0, 0]) % (2 * np.pi)))
        return (1, SO2()._key_of(x))

    def _mul(self, a: Any, b: Any) -> Any:
        so2 = SO2()
        t = b[1] if a[0] == 1 else so2._inv(b[1])
        return (a[0] * b[0], so2._mul(a[1], t))

    def _inv(self, a: Any) -> Any:
        return a if a[0] == -1 else (1, SO2()._inv(a[1]))

    def _identity_key(self) -> Any:
        return (1, sp.Integer(0))

    def _generator_keys(self) -> tuple:
        return ((1, 1.0), (-1, sp.Integer(0)))

    def _data(self, key: Any) -> Any:
        R = _rot(float(key[1]))
        return R @ _F if key[0] == -1 else R

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        n, rng = sample_arguments(n, seed, ELEMENT_BYTES)
        signs = rng.choice([1, -1], n)
        angles = rng.uniform(0, 2 * np.pi, n)
        return [GroupElement(self, (int(s), float(t))) for s, t in zip(signs, angles)]

    def quadrature_shape(self, L: Any) -> tuple[int, ...]:
        return (2, *SO2().quadrature_shape(L))

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """{I, reflection} times the SO(2) rule of L + 1 angles: 2(L + 1) elements."""
        ((angles, w),) = SO2().quadrature_levels(L)
        reflections = ([(1, sp.Integer(0)), (-1, sp.Integer(0))], np.full(2, 0.5))
        return [reflections, ([(1, t) for t in angles], w)]

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = degree(max_degree, "max_degree")
        check_count(top + 2, f"the irreps of degree <= {top}")
        return [(0, 1), (0, -1)] + [(m, 1) for m in range(1, top + 1)]

    def _check_label(self, label: tuple, basis: str) -> Any:
        m, sign = (*label, 1)[:2] if len(label) in (1, 2) else (None, None)
        if (
            isinstance(m, bool)
            or not isinstance(m, (int, np.integer))
            or m < 0
            or isinstance(sign, bool)
            or not isinstance(sign, (int, np.integer))
            or sign not in (1, -1)
        ):
            raise SelectionRuleError(
                f"O(2) irreps are irrep(m) for m >= 0 and irrep(0, -1), got {label}"
            )
        if m > 0 and sign != 1:
            raise SelectionRuleError(
                f"the 2-dim O(2) irrep m = {m} has no sign label (its twist by det is "
                "equivalent to itself); only m = 0 takes sign -1"
            )
        return (int(m), sign)

    def _irrep_dim(self, label: Any, basis: str) -> int:
        return 2 if label[0] else 1

    def _irrep_name(self, label: Any, basis: str) -> str:
        if label[0] == 0:
            return "trivial" if label[1] == 1 else "det"
        return f"rho{label[0]}" + ("" if basis == "real" else "c")

    def _irrep_float(self, label: Any, basis: str, key: Any) -> np.ndarray:
        m, sign = label
        s, t = key[0], float(key[1])
        if m == 0:
            return np.array([[float(s if sign == -1 else 1)]])
        if basis == "real":
            R = _rot(m * t)
            return R @ _F if s == -1 else R
        D = np.diag([np.exp(1j * m * t), np.exp(-1j * m * t)])
        return D @ _X if s == -1 else D

    def _irrep_exact(self, label: Any, basis: str, key: Any) -> sp.ImmutableMatrix:
        m, sign = label
        s, t = key
        _require_exact_key(isinstance(t, sp.Basic))
        if m == 0:
            return sp.ImmutableMatrix([[s if sign == -1 else 1]])
        if basis == "real":
            R = _rot_exact(m * t)
            return sp.ImmutableMatrix(R * sp.diag(1, -1)) if s == -1 else R
        e = sp.cos(m * t) + sp.I * sp.sin(m * t)
        D = sp.diag(e, sp.cos(m * t) - sp.I * sp.sin(m * t))
        return sp.ImmutableMatrix(D * sp.Matrix([[0, 1], [1, 0]]) if s == -1 else D)

    def _irrep_symbol(self, label: Any) -> str:
        """``m`` for the 2-dim irreps, ``0`` for the trivial and ``0⁻`` for the determinant."""
        return "0⁻" if label == (0, -1) else str(label[0])

    def _irrep_lie(self, label: Any, basis: str) -> np.ndarray:
        m = label[0]
        if m == 0:
            return np.zeros((1, 1, 1))
        return (m * _J)[None] if basis == "real" else np.diag([1j * m, -1j * m])[None]

    def _irrep_degree(self, label: Any) -> Fraction:
        return Fraction(label[0])

    def _irrep_product(self, a: Any, b: Any, basis: str, exact: bool) -> tuple[Any, list]:
        (m1, s1), (m2, s2) = a, b
        if m1 == 0 and m2 == 0:
            return (sp.eye(1) if exact else np.eye(1)), [(0, s1 * s2)]
        if m1 == 0 or m2 == 0:
            # det ⊗ rho_m ≅ rho_m through the quarter turn (real) or diag(1, -1) (complex)
            twist = s1 if m1 == 0 else s2
            if twist == 1:
                C = sp.eye(2) if exact else np.eye(2)
            elif basis == "real":
                C = sp.Matrix(_J_EXACT) if exact else _J.copy()
            else:
                C = sp.diag(1, -1) if exact else _F.copy()
            return C, [(m1 + m2, 1)]
        if basis == "real":
            return _planar_product(m1, m2, exact)
        # complex basis (z, z̄): z₁z₂ and z̄₁z̄₂ span m1 + m2, the mixed products |m1 - m2|
        r = sp.sqrt(2) / 2 if exact else np.sqrt(0.5)
        cols = [(1, 0, 0, 0), (0, 0, 0, 1)]
        if m1 == m2:
            cols += [(0, r, r, 0), (0, r, -r, 0)]
            labels = [(2 * m1, 1), (0, 1), (0, -1)]
        else:
            cols += [(0, 1, 0, 0), (0, 0, 1, 0)] if m1 > m2 else [(0, 0, 1, 0), (0, 1, 0, 0)]
            labels = [(m1 + m2, 1), (abs(m1 - m2), 1)]
        return (sp.Matrix(cols).T if exact else np.array(cols, dtype=float).T), labels

    def _irrep_complexify(self, label: Any, exact: bool) -> tuple[Any, list]:
        """The 2-dim irreps: U takes (x, y) to (z, z̄), the same label in the complex basis."""
        if label[0] == 0:
            return super()._irrep_complexify(label, exact)
        return _plane_to_complex(exact), [label]

    def _irrep_conjugate(self, label: Any, basis: str, exact: bool) -> tuple[Any, Any]:
        if basis == "real" or label[0] == 0:
            return super()._irrep_conjugate(label, basis, exact)
        return (sp.Matrix([[0, 1], [1, 0]]) if exact else _X.copy()), label

    def _trivial_label(self) -> Any:
        return (0, 1)

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._data(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return self._irrep_exact((1, 1), "real", key)

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        return (sp.eye(2) if exact else np.eye(2)), (1, 1), "real"

    def _natural_lie(self) -> np.ndarray:
        return _J[None].copy()


# ----------------------------------------------------------------------------- SO(3), O(3), SU(2)
