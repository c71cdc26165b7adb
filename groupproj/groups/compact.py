r"""What compact groups share (SO(2), O(2) in ``planar``; SO(3), O(3), SU(2) in ``rotation3d``).

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

Input checks
------------
Angles must be finite real numbers (floats, ints, numpy scalars, 0-d arrays) or exact
sympy numbers without free symbols: NaN, infinities and non-real values raise
:class:`~groupproj.errors.InvalidValueError`, strings, ``None`` and bools
:class:`~groupproj.errors.InvalidTypeError`. Matrices and quaternions must hold finite
numbers. Degrees (``quadrature(L)``, ``irreps(max_degree)``) are whole numbers >= 0 (SU(2):
half-integers), sample sizes integers >= 0, and a quadrature, sample or irrep list that
would not fit the size limit (:mod:`groupproj.limits`) is refused before it is built.

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

import math
import numbers
from abc import abstractmethod
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from groupproj._checks import finite_array, integer, real, scalar
from groupproj._matrices import Mat
from groupproj.errors import ExactnessError, InvalidTypeError, InvalidValueError
from groupproj.groups.base import ELEMENT_BYTES, Group, GroupElement
from groupproj.limits import check_bytes

if TYPE_CHECKING:
    from groupproj.reps.base import Representation
    from groupproj.reps.decomposition import Decomposition

__all__ = ["CompactGroup"]

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


def angle(x: Any, name: str = "an angle") -> Any:
    """An angle checked: an exact sympy number (ints, fractions, ``sympy.pi / 3``) kept
    exact, anything else a finite float.

    Raises
    ------
    InvalidTypeError
        For strings, ``None``, bools, complex numbers and symbolic expressions.
    InvalidValueError
        For NaN, infinities, non-real sympy numbers and exact values beyond the float range.
    """
    v = scalar(x)
    hint = "give finite angles in radians"
    if _is_exact(v):
        e = sp.sympify(v)
        if e.free_symbols or not e.is_number:
            raise InvalidTypeError(f"{name} must be a number, got the expression {e}; {hint}")
        if e.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or e.is_real is False:
            raise InvalidValueError(f"{name} must be a finite real number, got {e}; {hint}")
        try:
            value = float(e)
        except (TypeError, OverflowError):
            value = math.inf
        if not math.isfinite(value):  # elements are also evaluated in floating point
            raise InvalidValueError(
                f"{name} = {sp.N(e, 4)} is beyond the float range; reduce it modulo 2π first"
            )
        return e
    if isinstance(v, sp.Basic):  # a sympy Float, or an expression holding one
        if not v.is_number:
            raise InvalidTypeError(f"{name} must be a number, got the expression {v}; {hint}")
        if v.is_real is False:
            raise InvalidValueError(f"{name} must be real, got {v}; {hint}")
        v = float(v) if v.is_finite else math.nan
    return real(v, name, hint=hint)


def element_matrix(x: Any, what: str, complex_ok: bool = False) -> np.ndarray:
    """A matrix (or quaternion) given as an element, as a finite float (complex) array."""
    if isinstance(x, sp.MatrixBase):
        x = Mat(x, what).float
    return finite_array(x, what, complex_ok=complex_ok)


def degree(L: Any, name: str = "the degree L") -> int:
    """A quadrature or irrep-list degree: a whole number >= 0."""
    return integer(L, name, minimum=0, hint="give a whole degree such as 4")


def check_count(n: int, what: str) -> None:
    """Refuse, before building them, ``n`` elements or labels beyond the size limit."""
    check_bytes(n * ELEMENT_BYTES, what, "use a smaller degree")


def _rot(t: float) -> np.ndarray:
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def _rot_exact(t: sp.Expr) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([[sp.cos(t), -sp.sin(t)], [sp.sin(t), sp.cos(t)]])


def _plane_to_complex(exact: bool) -> Any:
    """U with R(θ) = U diag(e^{iθ}, e^{−iθ}) Uᴴ: the columns (1, ∓i)/√2."""
    if exact:
        return sp.Matrix([[1, 1], [-sp.I, sp.I]]) / sp.sqrt(2)
    return np.array([[1, 1], [-1j, 1j]]) / np.sqrt(2)


def _check_basis(basis: str) -> str:
    if not isinstance(basis, str) or basis not in BASES:
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
    """Angles β = arccos(x_i) of the n-point Gauss–Legendre rule and weights w_i / 2.

    numpy finds the nodes as eigenvalues of an n×n companion matrix: O(n²) memory, checked
    against the size limit first.
    """
    check_bytes(3 * 8 * n * n, f"the {n}-point Gauss–Legendre rule", "lower the degree")
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
        """The irreducible representation with the given label (see the subclass).

        ``G.irrep(rho.label, basis=rho.basis) == rho`` for every irrep ``rho``: a label that is
        a tuple (O(2)'s ``(m, sign)``, O(3)'s ``(l, parity)``) may be passed whole.
        """
        from groupproj.reps.compact import CompactIrrep

        if len(label) == 1 and isinstance(label[0], tuple):
            label = label[0]
        basis = _check_basis(self.default_basis if basis is None else basis)
        return CompactIrrep(self, self._check_label(label, basis), basis)

    def irreps(self, max_degree: Any, basis: str | None = None) -> list[Representation]:
        """All irreps of degree ≤ ``max_degree`` in ``basis``, by increasing degree.

        A compact group has infinitely many irreps, so the degree bound is needed; finite
        groups' ``irreps(field)`` list them all.
        """
        from groupproj.reps.compact import CompactIrrep

        basis = _check_basis(self.default_basis if basis is None else basis)
        return [CompactIrrep(self, lab, basis) for lab in self._labels(max_degree, basis)]

    def natural(self) -> Representation:
        """The defining representation (matrices of the group itself)."""
        from groupproj.reps.compact import CompactNatural

        return CompactNatural(self)

    def is_subgroup_of(self, other: Group) -> bool:
        """Whether this group sits in ``other``: by a standard inclusion
        (:mod:`groupproj.groups.inclusions`: SO(2) ⊂ SO(3), O(2) ⊂ O(3), ...), or with its
        topological generators elements of ``other``."""
        from groupproj.groups.inclusions import standard_inclusion

        return standard_inclusion(self, other) or super().is_subgroup_of(other)

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
        carried through sums, tensor products, duals and changes of basis; any other
        representation raises :class:`~groupproj.errors.NoLieAlgebraError`.
        """
        from groupproj.reps.compact import lie_algebra

        return lie_algebra(rep)

    # --- integration ---
    @abstractmethod
    def quadrature_shape(self, L: Any) -> tuple[int, ...]:
        """The sizes of the levels of :meth:`quadrature_levels` (``L`` checked), known
        before any level is built."""

    @abstractmethod
    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """The quadrature of :meth:`quadrature` as a product of levels.

        A list of ``(keys, weights)``: the rule's elements are the products
        ``g_0 · g_1 · …`` of one key from each level, with the product of the
        weights. Averaging level by level (innermost last level first) is the
        whole rule at cost Σ|level| instead of Π|level|.
        """

    def quadrature(self, L: Any) -> tuple[list[GroupElement], np.ndarray]:
        """Elements and weights with Σ w_i f(g_i) = ∫ f dg for every matrix coefficient f
        of an irrep of degree ≤ L (Haar measure of total mass 1).

        Costs Π|level| elements (:meth:`quadrature_shape`), checked against the size limit
        before anything is built.
        """
        total = math.prod(self.quadrature_shape(L))
        check_bytes(
            total * (ELEMENT_BYTES + 8),
            f"a quadrature of {total} elements of {self.name}",
            "average level by level with quadrature_levels(L), or lower the degree",
        )
        levels = self.quadrature_levels(L)
        keys: list[Any] = [self._identity_key()]
        weights = np.ones(1)
        for level_keys, level_w in levels:
            keys = [self._mul(a, b) for a in keys for b in level_keys]
            weights = (weights[:, None] * level_w[None, :]).ravel()
        return [GroupElement(self, k) for k in keys], weights

    # --- hooks ---
    @abstractmethod
    def _labels(self, max_degree: Any, basis: str) -> list[Any]: ...

    @abstractmethod
    def _check_label(self, label: tuple, basis: str) -> Any: ...

    @abstractmethod
    def _irrep_dim(self, label: Any, basis: str) -> int: ...

    @abstractmethod
    def _irrep_name(self, label: Any, basis: str) -> str: ...

    @abstractmethod
    def _irrep_float(self, label: Any, basis: str, key: Any) -> np.ndarray: ...

    @abstractmethod
    def _irrep_exact(self, label: Any, basis: str, key: Any) -> sp.ImmutableMatrix: ...

    def _irrep_type(self, label: Any, basis: str) -> str:
        return "real"

    def _irrep_symbol(self, label: Any) -> str:
        """The label as printed in decompositions: ``2`` (l or k), ``1o``, ``1/2``, ``0⁻``."""
        return str(label)

    def _irrep_endomorphisms(self, label: Any, basis: str, exact: bool) -> list:
        d = self._irrep_dim(label, basis)
        return [sp.eye(d) if exact else np.eye(d)]

    @abstractmethod
    def _irrep_lie(self, label: Any, basis: str) -> np.ndarray: ...

    @abstractmethod
    def _irrep_degree(self, label: Any) -> Fraction: ...

    @abstractmethod
    def _irrep_product(self, a: Any, b: Any, basis: str, exact: bool) -> tuple[Any, list] | None:
        """(C, labels): C orthogonal with Cᴴ (rho_a ⊗ rho_b) C = ⊕ rho_label; None if unknown."""

    def _irrep_conjugate(self, label: Any, basis: str, exact: bool) -> tuple[Any, Any]:
        """(W, label'): conj(rho_label(g)) = W rho_label'(g) Wᴴ; W = I in the real basis."""
        d = self._irrep_dim(label, basis)
        return (sp.eye(d) if exact else np.eye(d)), label

    def _irrep_complexify(self, label: Any, exact: bool) -> tuple[Any, list]:
        """(U, labels): the real-basis irrep as complex-basis ones, rho_real = U (⊕ rho_c) Uᴴ.

        U is unitary; its columns hold the copies of the complex-basis irreps ``labels`` in
        order. By default the two bases share labels and U is the identity.
        """
        d = self._irrep_dim(label, "real")
        return (sp.eye(d) if exact else np.eye(d)), [label]

    @abstractmethod
    def _trivial_label(self) -> Any: ...

    @abstractmethod
    def _natural_float(self, key: Any) -> np.ndarray: ...

    @abstractmethod
    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix: ...

    @abstractmethod
    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        """(Q, label, basis) with natural(g) = Q rho_label(g) Qᴴ."""

    @abstractmethod
    def _natural_lie(self) -> np.ndarray: ...


# ----------------------------------------------------------------------------- SO(2) and O(2)
