r"""The compact groups SO(2), O(2), SO(3), O(3) and SU(2), their irreps and quadratures.

Elements
--------
``SO2().element(theta)`` is the rotation by ``theta``; ``O2().element(M)`` and
``O2().reflection(theta)`` (the matrix :math:`R(\theta)\,\mathrm{diag}(1, -1)`);
``SO3().euler(a, b, c)`` is :math:`R_z(a) R_y(b) R_z(c)` (active, ZYZ, as in
:mod:`groupproj.harmonic.conventions`); ``SO3().element(R)`` takes a rotation
matrix; ``O3().euler(a, b, c, inversion=True)`` is :math:`-R_z(a) R_y(b) R_z(c)`;
``SU2().element(q)`` takes a unit quaternion or an SU(2) matrix, with the
quaternion ↔ SU(2) ↔ SO(3) convention of :mod:`groupproj.groups.rotations`,
and ``SU2().euler(a, b, c)`` is ``wigner_D(1/2, a, b, c)`` (``c`` ranging over
``[0, 4π)`` covers SU(2) once). ``g * h`` is "first ``h``, then ``g``".

Exactness
---------
Angles given exactly (Python ints, sympy numbers such as ``sympy.pi / 3``, no
floats) make an exact element: ``rep(g, exact=True)`` then returns closed
forms, also for products and inverses of exact elements (kept as words of
Euler angles). Elements built from matrices, quaternions, floats or
:meth:`sample` are floating point; asking them for exact matrices raises
:class:`ExactnessError`.

Generators
----------
A compact Lie group has no finite generating set. ``generators`` are fixed
*topological* generators: elements whose generated subgroup is dense (a
rotation by 1 radian for SO(2); two fixed generic rotations for SO(3) and
SU(2); with a reflection or the inversion added for O(2) and O(3)). Checks
made on generators (``is_orthogonal``, ``is_real``) thus hold on a dense
subgroup and, by continuity, everywhere. :meth:`CompactGroup.lie_algebra`
gives the infinitesimal generators of a representation.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from groupproj.errors import ExactnessError, GroupMismatchError, SelectionRuleError
from groupproj.groups.base import Group, GroupElement
from groupproj.groups.rotations import (
    check_orthogonal,
    euler_from_quaternion,
    quaternion_from_euler,
    quaternion_from_rotation,
    quaternion_from_su2,
    quaternion_product,
    rotation_from_quaternion,
    su2_from_quaternion,
)
from groupproj.harmonic import clebsch_gordan, l1_to_cartesian, matrix_from_euler, wigner_D
from groupproj.harmonic.spins import spin_text, twice_spin

if TYPE_CHECKING:
    from groupproj.equivariant.spectral import Decomposition
    from groupproj.reps.base import Representation

__all__ = ["CompactGroup", "SO2", "O2", "SO3", "O3", "SU2"]

BASES = ("real", "complex")
_J = np.array([[0.0, -1.0], [1.0, 0.0]])
_J_EXACT = sp.ImmutableMatrix([[0, -1], [1, 0]])
_F = np.diag([1.0, -1.0])
_X = np.array([[0.0, 1.0], [1.0, 0.0]])


def _is_exact(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    if isinstance(x, sp.Basic):
        return not x.has(sp.Float)
    return isinstance(x, numbers.Rational)


def _rot(t: float) -> np.ndarray:
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def _rot_exact(t: sp.Expr) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([[sp.cos(t), -sp.sin(t)], [sp.sin(t), sp.cos(t)]])


def _check_basis(basis: str) -> str:
    if basis not in BASES:
        from groupproj.errors import UnknownNameError

        raise UnknownNameError(f"basis must be one of {BASES}, got {basis!r}")
    return basis


def _require_exact_key(exact_ok: bool) -> None:
    if not exact_ok:
        raise ExactnessError(
            "this element is known in floating point only (built from floats, a matrix, a "
            "quaternion or a random sample); build it from exact angles, e.g. "
            "G.euler(sympy.pi / 2, sympy.pi / 3, 0), for exact matrices"
        )


@lru_cache(maxsize=128)
def _angular_momentum(two_j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """J_x, J_y, J_z for spin j in the basis m = -j..j (Condon–Shortley)."""
    j = two_j / 2
    m = np.arange(two_j + 1) - j
    up = np.zeros((two_j + 1, two_j + 1))
    idx = np.arange(two_j)
    up[idx + 1, idx] = np.sqrt(j * (j + 1) - m[:-1] * (m[:-1] + 1))
    return (up + up.T) / 2, (up - up.T) / 2j, np.diag(m).astype(complex)


def _gauss_legendre_beta(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Angles β = arccos(x_i) of the n-point Gauss–Legendre rule and weights w_i / 2."""
    x, w = np.polynomial.legendre.leggauss(n)
    return np.arccos(x), w / 2


class CompactGroup(Group):
    """What SO(2), O(2), SO(3), O(3) and SU(2) share: irreps, quadrature, Lie algebra.

    Subclasses add the element hooks of :class:`Group` and the irrep hooks
    ``_irrep_*`` used by :class:`groupproj.reps.compact.CompactIrrep`.
    """

    _fields = ()
    is_finite = False
    lie_dim: int = 0
    """Dimension of the Lie algebra."""
    default_basis: str = "real"
    """The basis of :meth:`irrep` when none is named."""

    def __reduce__(self):
        return (type(self), ())

    # --- irreps ---
    def irrep(self, *label: Any, basis: str | None = None) -> Representation:
        """The irreducible representation with the given label (see the subclass)."""
        from groupproj.reps.compact import CompactIrrep

        basis = _check_basis(basis or self.default_basis)
        return CompactIrrep(self, self._check_label(label, basis), basis)

    def irreps(self, max_degree: Any, basis: str | None = None) -> list[Representation]:
        """All irreps of degree ≤ ``max_degree`` in ``basis``, by increasing degree."""
        from groupproj.reps.compact import CompactIrrep

        basis = _check_basis(basis or self.default_basis)
        return [CompactIrrep(self, lab, basis) for lab in self._labels(max_degree, basis)]

    def natural(self) -> Representation:
        """The defining representation (matrices of the group itself)."""
        from groupproj.reps.compact import CompactNatural

        return CompactNatural(self)

    def degree(self, rep: Representation) -> Fraction | None:
        """The largest degree of an irrep in ``rep``, or ``None`` if its structure is unknown.

        Irreps have their label's degree (``|k|``, ``m``, ``l`` or the spin ``j``); degrees
        add under tensor products and take the maximum under sums.
        """
        from groupproj.reps.compact import rep_degree

        return rep_degree(rep)

    # --- decomposition and Lie algebra ---
    def decomposition_unavailable(self, rep: Representation) -> str | None:
        from groupproj.reps.compact import decomposition_unavailable

        return decomposition_unavailable(rep)

    def _decompose(self, rep: Representation) -> Decomposition:
        from groupproj.reps.compact import decompose

        return decompose(rep)

    def lie_algebra(self, rep: Representation) -> np.ndarray:
        """The infinitesimal generators X_i = d/dt rho(exp(t ξ_i)) at t = 0.

        ``ξ_i`` is the group's fixed basis of its Lie algebra (rotations about
        x, y, z for SO(3), O(3) and SU(2), where the SU(2) element exp(t ξ_z) is
        the quaternion (cos t/2, 0, 0, sin t/2); the unit rotation speed for
        SO(2), O(2)). Returns shape ``(lie_dim, d, d)``; an equivariant A
        satisfies X_W A = A X_V for every i (and commutes with the component
        group). Exact formulas for irreps and the natural representation,
        carried through sums, tensor products, duals and changes of basis.
        """
        from groupproj.reps.compact import lie_algebra

        return lie_algebra(rep)

    # --- integration ---
    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """The quadrature of :meth:`quadrature` as a product of levels.

        A list of ``(keys, weights)``: the rule's elements are the products
        ``g_0 · g_1 · …`` of one key from each level, with the product of the
        weights. Averaging level by level (innermost last level first) is the
        whole rule at cost Σ|level| instead of Π|level|.
        """
        raise NotImplementedError

    def quadrature(self, L: Any) -> tuple[list[GroupElement], np.ndarray]:
        """Elements and weights with Σ w_i f(g_i) = ∫ f dg for every matrix coefficient f
        of an irrep of degree ≤ L (Haar measure of total mass 1).

        Costs Π|level| elements; see :meth:`quadrature_levels` for the sizes.
        """
        keys: list[Any] = [self._identity_key()]
        weights = np.ones(1)
        for level_keys, level_w in self.quadrature_levels(L):
            keys = [self._mul(a, b) for a in keys for b in level_keys]
            weights = (weights[:, None] * level_w[None, :]).ravel()
        return [GroupElement(self, k) for k in keys], weights

    # --- hooks ---
    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        raise NotImplementedError

    def _check_label(self, label: tuple, basis: str) -> Any:
        raise NotImplementedError

    def _irrep_dim(self, label: Any, basis: str) -> int:
        raise NotImplementedError

    def _irrep_name(self, label: Any, basis: str) -> str:
        raise NotImplementedError

    def _irrep_float(self, label: Any, basis: str, key: Any) -> np.ndarray:
        raise NotImplementedError

    def _irrep_exact(self, label: Any, basis: str, key: Any) -> sp.ImmutableMatrix:
        raise NotImplementedError

    def _irrep_type(self, label: Any, basis: str) -> str:
        return "real"

    def _irrep_endomorphisms(self, label: Any, basis: str, exact: bool) -> list:
        d = self._irrep_dim(label, basis)
        return [sp.eye(d) if exact else np.eye(d)]

    def _irrep_lie(self, label: Any, basis: str) -> np.ndarray:
        raise NotImplementedError

    def _irrep_degree(self, label: Any) -> Fraction:
        raise NotImplementedError

    def _irrep_product(self, a: Any, b: Any, basis: str, exact: bool) -> tuple[Any, list] | None:
        """(C, labels): C orthogonal with Cᴴ (rho_a ⊗ rho_b) C = ⊕ rho_label; None if unknown."""
        raise NotImplementedError

    def _irrep_conjugate(self, label: Any, basis: str, exact: bool) -> tuple[Any, Any]:
        """(W, label'): conj(rho_label(g)) = W rho_label'(g) Wᴴ; W = I in the real basis."""
        d = self._irrep_dim(label, basis)
        return (sp.eye(d) if exact else np.eye(d)), label

    def _trivial_label(self) -> Any:
        raise NotImplementedError

    def _natural_float(self, key: Any) -> np.ndarray:
        raise NotImplementedError

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        raise NotImplementedError

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        """(Q, label, basis) with natural(g) = Q rho_label(g) Qᴴ."""
        raise NotImplementedError

    def _natural_lie(self) -> np.ndarray:
        raise NotImplementedError


# ----------------------------------------------------------------------------- SO(2) and O(2)
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
        if isinstance(x, sp.MatrixBase) or np.ndim(x) == 2:
            M = np.asarray(sp.Matrix(x).evalf() if isinstance(x, sp.MatrixBase) else x, float)
            check_orthogonal(M, 2, self.name, (1,))
            return float(np.arctan2(M[1, 0], M[0, 0]) % (2 * np.pi))
        if np.ndim(x) != 0:
            raise GroupMismatchError(f"an element of SO(2) is an angle or a 2×2 matrix, got {x!r}")
        if _is_exact(x):
            return sp.sympify(x)
        return float(float(x) % (2 * np.pi))

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
        rng = np.random.default_rng(seed)
        return [GroupElement(self, float(t)) for t in rng.uniform(0, 2 * np.pi, n)]

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """One level: the L + 1 angles 2πk/(L+1); exact for |k| ≤ L, fails at k = L + 1."""
        n = int(L) + 1
        return [([2 * np.pi * k / n for k in range(n)], np.full(n, 1.0 / n))]

    # irreps
    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = int(max_degree)
        if basis == "real":
            return list(range(top + 1))
        return sorted(range(-top, top + 1), key=lambda k: (abs(k), k))

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 1 or not isinstance(label[0], (int, np.integer)) or label[0] is True:
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
        return GroupElement(self, (-1, SO2()._key_of(theta)))

    def _key_of(self, x: Any) -> Any:
        if isinstance(x, sp.MatrixBase) or np.ndim(x) == 2:
            M = np.asarray(sp.Matrix(x).evalf() if isinstance(x, sp.MatrixBase) else x, float)
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
        rng = np.random.default_rng(seed)
        signs = rng.choice([1, -1], n)
        angles = rng.uniform(0, 2 * np.pi, n)
        return [GroupElement(self, (int(s), float(t))) for s, t in zip(signs, angles)]

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """{I, reflection} times the SO(2) rule of L + 1 angles: 2(L + 1) elements."""
        ((angles, w),) = SO2().quadrature_levels(L)
        reflections = ([(1, sp.Integer(0)), (-1, sp.Integer(0))], np.full(2, 0.5))
        return [reflections, ([(1, t) for t in angles], w)]

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        return [(0, 1), (0, -1)] + [(m, 1) for m in range(1, int(max_degree) + 1)]

    def _check_label(self, label: tuple, basis: str) -> Any:
        m, sign = (*label, 1)[:2] if len(label) in (1, 2) else (None, None)
        if not isinstance(m, (int, np.integer)) or m < 0 or sign not in (1, -1):
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
def _is_float_key(key: Any) -> bool:
    """Rotation keys are a float quaternion (4 floats) or an exact word of Euler triples."""
    return len(key) == 4 and not isinstance(key[0], tuple)


def _quaternion(key: Any) -> np.ndarray:
    if _is_float_key(key):
        return np.array(key)
    q = np.array([1.0, 0.0, 0.0, 0.0])
    for a, b, c in key:
        q = quaternion_product(q, quaternion_from_euler(float(a), float(b), float(c)))
    return q


def _word_product(key: Any, factor) -> sp.ImmutableMatrix:
    mats = [factor(a, b, c) for a, b, c in key]
    out = mats[0]
    for m in mats[1:]:
        out = (out * m).applyfunc(sp.expand)
    return sp.ImmutableMatrix(out)


def _euler_key(alpha: Any, beta: Any, gamma: Any) -> Any:
    if all(_is_exact(x) for x in (alpha, beta, gamma)):
        return ((sp.sympify(alpha), sp.sympify(beta), sp.sympify(gamma)),)
    return tuple(float(v) for v in quaternion_from_euler(float(alpha), float(beta), float(gamma)))


class _RotationKeys(CompactGroup):
    """Keys shared by SO(3) and SU(2): float unit quaternions or exact words of Euler triples."""

    lie_dim = 3
    _projective = True
    """Whether q and −q are one element (SO(3)) or two (SU(2))."""

    def _canon(self, q: np.ndarray) -> tuple:
        q = q / np.linalg.norm(q)
        if self._projective:
            nz = q[np.abs(q) > 1e-12]
            if nz.size and nz[0] < 0:
                q = -q
        return tuple(float(v) for v in q)

    def euler(self, alpha: Any, beta: Any, gamma: Any) -> GroupElement:
        """The element of ZYZ Euler angles; exact when the three angles are exact."""
        key = _euler_key(alpha, beta, gamma)
        return GroupElement(self, key if not _is_float_key(key) else self._canon(np.array(key)))

    def _mul(self, a: Any, b: Any) -> Any:
        if not _is_float_key(a) and not _is_float_key(b):
            return a + b
        if a == () or b == ():
            return a or b
        return self._canon(quaternion_product(_quaternion(a), _quaternion(b)))

    def _inv(self, a: Any) -> Any:
        if not _is_float_key(a):
            return tuple((-c, -b, -x) for x, b, c in reversed(a))
        q = np.array(a)
        return self._canon(np.concatenate([[q[0]], -q[1:]]))

    def _identity_key(self) -> Any:
        return ()

    def _generator_keys(self) -> tuple:
        return (_euler_key(1.0, 2.0, 0.5), _euler_key(2.5, 0.7, 1.9))

    def _format(self, key: Any) -> str:
        return str(key) if not _is_float_key(key) else "q=" + str(tuple(round(v, 6) for v in key))

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        rng = np.random.default_rng(seed)
        return [GroupElement(self, self._canon(q)) for q in rng.standard_normal((n, 4))]

    def _angles(self, key: Any) -> tuple[float, float, float]:
        return euler_from_quaternion(_quaternion(key))

    def _euler_levels(
        self, n_alpha: int, n_beta: int, n_gamma: int, gamma_span: float
    ) -> list[tuple[list[Any], np.ndarray]]:
        """Uniform α in [0, 2π), Gauss–Legendre β in cos β, uniform γ in [0, gamma_span)."""
        betas, wb = _gauss_legendre_beta(n_beta)
        alphas = [2 * np.pi * k / n_alpha for k in range(n_alpha)]
        gammas = [gamma_span * k / n_gamma for k in range(n_gamma)]
        return [
            (
                [self._canon(quaternion_from_euler(a, 0, 0)) for a in alphas],
                np.full(n_alpha, 1 / n_alpha),
            ),
            ([self._canon(quaternion_from_euler(0, b, 0)) for b in betas], wb),
            (
                [self._canon(quaternion_from_euler(0, 0, c)) for c in gammas],
                np.full(n_gamma, 1 / n_gamma),
            ),
        ]

    def _wigner_float(self, two_j: int, basis: str, key: Any) -> np.ndarray:
        return wigner_D(Fraction(two_j, 2), *self._angles(key), basis=basis)

    def _wigner_exact(self, two_j: int, basis: str, key: Any) -> sp.ImmutableMatrix:
        _require_exact_key(not _is_float_key(key))
        j = sp.Rational(two_j, 2)
        if not key:
            return sp.ImmutableMatrix(sp.eye(two_j + 1))
        return _word_product(key, lambda a, b, c: wigner_D(j, a, b, c, basis=basis, exact=True))

    def _wigner_lie(self, two_j: int, basis: str) -> np.ndarray:
        X = -1j * np.stack(_angular_momentum(two_j))
        if basis == "real":
            from groupproj.harmonic import real_basis_change

            U = real_basis_change(two_j // 2)
            X = (U @ X @ U.conj().T).real
        return X

    def _wigner_product(self, t1: int, t2: int, basis: str, exact: bool) -> tuple[Any, list]:
        cols, twos = [], []
        for t in range(abs(t1 - t2), t1 + t2 + 1, 2):
            j1, j2, j = (Fraction(x, 2) for x in (t1, t2, t))
            C = clebsch_gordan(j1, j2, j, basis=basis, exact=exact)
            if exact:
                cols.append(sp.Matrix(C.reshape((t1 + 1) * (t2 + 1), t + 1)))
            else:
                cols.append(C.reshape((t1 + 1) * (t2 + 1), t + 1))
            twos.append(t)
        return (sp.Matrix.hstack(*cols) if exact else np.hstack(cols)), twos

    def _wigner_conjugate(self, two_j: int, basis: str, exact: bool) -> Any:
        """W with conj(D^j) = W D^j Wᴴ: W[j+m, j-m] = (-1)^(j-m), the identity if real."""
        n = two_j + 1
        if basis == "real":
            return sp.eye(n) if exact else np.eye(n)
        W = sp.zeros(n, n) if exact else np.zeros((n, n))
        for a in range(n):  # a = j + m, so j - m = two_j - a
            W[a, two_j - a] = -1 if (two_j - a) % 2 else 1
        return W

    def _rotation_matrix_float(self, key: Any) -> np.ndarray:
        return rotation_from_quaternion(_quaternion(key))

    def _rotation_matrix_exact(self, key: Any) -> sp.ImmutableMatrix:
        _require_exact_key(not _is_float_key(key))
        if not key:
            return sp.ImmutableMatrix(sp.eye(3))
        return _word_product(key, lambda a, b, c: matrix_from_euler(a, b, c, exact=True))


def _check_l(label: tuple, group: str) -> int:
    if len(label) < 1:
        raise SelectionRuleError(f"{group} irreps need a degree l")
    two = twice_spin(label[0], "l")
    if two % 2:
        raise SelectionRuleError(
            f"l = {spin_text(two)} is half-integer: {group} has integer-spin irreps only; "
            "half-integer spins are representations of SU(2) (use gp.SU2().irrep(j))"
        )
    return two // 2


class SO3(_RotationKeys):
    """The rotation group SO(3).

    Keys are unit quaternions (q and −q identified, stored with the first
    non-zero entry positive) or, for exact elements, words of exact ZYZ Euler
    triples. ``irrep(l)`` is the real Wigner matrix
    ``wigner_D(l, a, b, c, basis="real")`` (real type), ``basis="complex"`` the
    complex one. ``natural()`` is R itself, equal to
    ``Q D^1_real(R) Qᵀ`` with ``Q = l1_to_cartesian()``.

    Examples
    --------
    >>> import groupproj as gp, sympy
    >>> G = gp.SO3()
    >>> G.natural()(G.euler(sympy.pi / 2, 0, 0), exact=True)
    Matrix([
    [0, -1, 0],
    [1,  0, 0],
    [0,  0, 1]])
    >>> P = gp.projector(G.natural() ** 2, G.natural())
    >>> P.dim
    1
    """

    @property
    def name(self) -> str:
        return "SO(3)"

    def _key_of(self, x: Any) -> Any:
        M = np.asarray(sp.Matrix(x).evalf() if isinstance(x, sp.MatrixBase) else x, float)
        if M.ndim != 2:
            raise GroupMismatchError(
                f"an element of SO(3) is a 3×3 rotation matrix (or use G.euler), got {x!r}"
            )
        check_orthogonal(M, 3, self.name, (1,))
        return self._canon(quaternion_from_rotation(M))

    def _data(self, key: Any) -> Any:
        return self._rotation_matrix_float(key)

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """α and γ on L + 1 uniform angles, β on the ⌊L/2⌋ + 1 Gauss–Legendre nodes in cos β.

        (L + 1)²(⌊L/2⌋ + 1) elements; exact for every D^l_{m'm} with l ≤ L.
        """
        n = int(L) + 1
        return self._euler_levels(n, int(L) // 2 + 1, n, 2 * np.pi)

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        return list(range(int(max_degree) + 1))

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 1:
            raise SelectionRuleError(f"SO(3) irreps are labelled by one integer l, got {label}")
        return _check_l(label, self.name)

    def _irrep_dim(self, l: int, basis: str) -> int:
        return 2 * l + 1

    def _irrep_name(self, l: int, basis: str) -> str:
        return f"D{l}" + ("" if basis == "real" else "c")

    def _irrep_float(self, l: int, basis: str, key: Any) -> np.ndarray:
        return self._wigner_float(2 * l, basis, key)

    def _irrep_exact(self, l: int, basis: str, key: Any) -> sp.ImmutableMatrix:
        return self._wigner_exact(2 * l, basis, key)

    def _irrep_lie(self, l: int, basis: str) -> np.ndarray:
        return self._wigner_lie(2 * l, basis)

    def _irrep_degree(self, l: int) -> Fraction:
        return Fraction(l)

    def _irrep_product(self, a: int, b: int, basis: str, exact: bool) -> tuple[Any, list]:
        C, twos = self._wigner_product(2 * a, 2 * b, basis, exact)
        return C, [t // 2 for t in twos]

    def _irrep_conjugate(self, l: int, basis: str, exact: bool) -> tuple[Any, Any]:
        return self._wigner_conjugate(2 * l, basis, exact), l

    def _trivial_label(self) -> Any:
        return 0

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._rotation_matrix_float(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return self._rotation_matrix_exact(key)

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        Q = l1_to_cartesian()
        return (sp.Matrix(Q.tolist()) if exact else Q.astype(float)), 1, "real"

    def _natural_lie(self) -> np.ndarray:
        return _so3_lie()


@lru_cache(maxsize=1)
def _so3_lie() -> np.ndarray:
    """L_x, L_y, L_z: (L_i)_{jk} = −ε_{ijk}, the derivatives of rotations about x, y, z."""
    eps = np.zeros((3, 3, 3))
    for i, j, k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        eps[i, j, k], eps[i, k, j] = 1.0, -1.0
    return -eps


class O3(CompactGroup):
    """The orthogonal group O(3) = SO(3) × {±I}.

    Keys are ``(s, k)`` for s·R with ``k`` an SO(3) key. ``irrep(l, parity)``
    maps s·R to ``parity^{[s = −1]} D^l_real(R)``; ``natural()`` is the
    ``(1, −1)`` irrep in Cartesian order (``Q = l1_to_cartesian()``).

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.O3()
    >>> gp.projector(G.natural() ** 2, G.natural()).dim
    0
    """

    lie_dim = 3

    @property
    def name(self) -> str:
        return "O(3)"

    def euler(self, alpha: Any, beta: Any, gamma: Any, inversion: bool = False) -> GroupElement:
        """±R_z(α)R_y(β)R_z(γ), with the minus sign when ``inversion``."""
        return GroupElement(self, (-1 if inversion else 1, SO3().euler(alpha, beta, gamma).key))

    def _key_of(self, x: Any) -> Any:
        M = np.asarray(sp.Matrix(x).evalf() if isinstance(x, sp.MatrixBase) else x, float)
        if M.ndim != 2:
            raise GroupMismatchError(f"an element of O(3) is a 3×3 orthogonal matrix, got {x!r}")
        s = check_orthogonal(M, 3, self.name, (1, -1))
        return (s, SO3()._key_of(s * M))

    def _mul(self, a: Any, b: Any) -> Any:
        return (a[0] * b[0], SO3()._mul(a[1], b[1]))

    def _inv(self, a: Any) -> Any:
        return (a[0], SO3()._inv(a[1]))

    def _identity_key(self) -> Any:
        return (1, ())

    def _generator_keys(self) -> tuple:
        return (*((1, k) for k in SO3()._generator_keys()), (-1, ()))

    def _data(self, key: Any) -> Any:
        return key[0] * SO3()._data(key[1])

    def _format(self, key: Any) -> str:
        return ("-" if key[0] < 0 else "") + SO3()._format(key[1])

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        rng = np.random.default_rng(seed)
        rot = SO3().sample(n, rng.integers(2**32))
        return [GroupElement(self, (int(s), g.key)) for s, g in zip(rng.choice([1, -1], n), rot)]

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """{I, −I} times the SO(3) rule: 2(L + 1)²(⌊L/2⌋ + 1) elements."""
        levels = [([(1, ()), (-1, ())], np.full(2, 0.5))]
        return levels + [([(1, k) for k in keys], w) for keys, w in SO3().quadrature_levels(L)]

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        return [(l, p) for l in range(int(max_degree) + 1) for p in (1, -1)]

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 2:
            raise SelectionRuleError(f"O(3) irreps are irrep(l, parity), got {label}")
        l = _check_l(label, self.name)
        if label[1] not in (1, -1) or isinstance(label[1], bool):
            raise SelectionRuleError(f"parity must be +1 or -1, got {label[1]!r}")
        return (l, int(label[1]))

    def _irrep_dim(self, label: Any, basis: str) -> int:
        return 2 * label[0] + 1

    def _irrep_name(self, label: Any, basis: str) -> str:
        return f"D{label[0]}" + ("e" if label[1] == 1 else "o") + ("" if basis == "real" else "c")

    def _irrep_float(self, label: Any, basis: str, key: Any) -> np.ndarray:
        D = SO3()._irrep_float(label[0], basis, key[1])
        return -D if key[0] == -1 and label[1] == -1 else D

    def _irrep_exact(self, label: Any, basis: str, key: Any) -> sp.ImmutableMatrix:
        D = SO3()._irrep_exact(label[0], basis, key[1])
        return -D if key[0] == -1 and label[1] == -1 else D

    def _irrep_lie(self, label: Any, basis: str) -> np.ndarray:
        return SO3()._irrep_lie(label[0], basis)

    def _irrep_degree(self, label: Any) -> Fraction:
        return Fraction(label[0])

    def _irrep_product(self, a: Any, b: Any, basis: str, exact: bool) -> tuple[Any, list]:
        C, ls = SO3()._irrep_product(a[0], b[0], basis, exact)
        return C, [(l, a[1] * b[1]) for l in ls]

    def _irrep_conjugate(self, label: Any, basis: str, exact: bool) -> tuple[Any, Any]:
        return SO3()._wigner_conjugate(2 * label[0], basis, exact), label

    def _trivial_label(self) -> Any:
        return (0, 1)

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._data(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return key[0] * SO3()._natural_exact(key[1])

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        Q, _, basis = SO3()._natural_parts(exact)
        return Q, (1, -1), basis

    def _natural_lie(self) -> np.ndarray:
        return _so3_lie()


class SU2(_RotationKeys):
    """The spin group SU(2), the double cover of SO(3).

    Keys are unit quaternions (q and −q distinct) or exact words of Euler
    triples; see :mod:`groupproj.groups.rotations` for the quaternion ↔ SU(2)
    ↔ SO(3) convention. ``irrep(j)`` is the complex Wigner matrix D^j for
    j = 0, 1/2, 1, 3/2, … (the default ``basis="complex"``; ``basis="real"``
    for integer j). ``natural()`` is the 2×2 matrix U(q) = D^{1/2}.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.SU2()
    >>> minus = G.element([-1.0, 0.0, 0.0, 0.0])
    >>> [round(float(G.irrep(j)(minus)[0, 0].real), 9) for j in (0.5, 1)]
    [-1.0, 1.0]
    """

    _projective = False
    default_basis = "complex"

    @property
    def name(self) -> str:
        return "SU(2)"

    def _key_of(self, x: Any) -> Any:
        M = np.asarray(sp.Matrix(x).evalf() if isinstance(x, sp.MatrixBase) else x, complex)
        if M.shape == (4,):
            q = M.real
            if np.abs(M.imag).max() > 0 or abs(np.linalg.norm(q) - 1) > 1e-8:
                raise GroupMismatchError(f"an SU(2) quaternion must be real and unit, got {x!r}")
            return self._canon(q)
        if M.shape != (2, 2):
            raise GroupMismatchError(
                f"an element of SU(2) is a unit quaternion or a 2×2 matrix, got shape {M.shape}"
            )
        if np.abs(M.conj().T @ M - np.eye(2)).max() > 1e-8 or abs(np.linalg.det(M) - 1) > 1e-8:
            raise GroupMismatchError(
                "the matrix is not unitary with determinant 1, so not in SU(2)"
            )
        q = quaternion_from_su2(M)
        if np.abs(su2_from_quaternion(q) - M).max() > 1e-8:
            raise GroupMismatchError("the matrix is not of the SU(2) form U(q) of this convention")
        return self._canon(q)

    def _data(self, key: Any) -> Any:
        return su2_from_quaternion(_quaternion(key))

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """For spins j ≤ L: α on ⌊L⌋ + 1 uniform angles in [0, 2π), β on ⌊L⌋//2 + 1
        Gauss–Legendre nodes, γ on 2L + 1 uniform angles in [0, 4π)."""
        two = twice_spin(L, "L")
        return self._euler_levels(two // 2 + 1, two // 4 + 1, two + 1, 4 * np.pi)

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = twice_spin(max_degree, "max_degree")
        return [t for t in range(top + 1) if basis == "complex" or t % 2 == 0]

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 1:
            raise SelectionRuleError(f"SU(2) irreps are labelled by one spin j, got {label}")
        two = twice_spin(label[0])
        if basis == "real" and two % 2:
            raise SelectionRuleError(
                f"j = {spin_text(two)} is half-integer: it has no real form (quaternionic type)"
            )
        return two

    def _irrep_dim(self, two: int, basis: str) -> int:
        return two + 1

    def _irrep_name(self, two: int, basis: str) -> str:
        return f"D{spin_text(two)}" + ("r" if basis == "real" else "")

    def _irrep_float(self, two: int, basis: str, key: Any) -> np.ndarray:
        return self._wigner_float(two, basis, key)

    def _irrep_exact(self, two: int, basis: str, key: Any) -> sp.ImmutableMatrix:
        return self._wigner_exact(two, basis, key)

    def _irrep_type(self, two: int, basis: str) -> str:
        return "quaternionic" if two % 2 else "real"

    def _irrep_lie(self, two: int, basis: str) -> np.ndarray:
        return self._wigner_lie(two, basis)

    def _irrep_degree(self, two: int) -> Fraction:
        return Fraction(two, 2)

    def _irrep_product(self, a: int, b: int, basis: str, exact: bool) -> tuple[Any, list]:
        return self._wigner_product(a, b, basis, exact)

    def _irrep_conjugate(self, two: int, basis: str, exact: bool) -> tuple[Any, Any]:
        return self._wigner_conjugate(two, basis, exact), two

    def _trivial_label(self) -> Any:
        return 0

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._data(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return self._wigner_exact(1, "complex", key)

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        return (sp.eye(2) if exact else np.eye(2)), 1, "complex"

    def _natural_lie(self) -> np.ndarray:
        return self._wigner_lie(1, "complex")
