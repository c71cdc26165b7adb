"""The representation protocol and the algebra that builds new ones from old."""

from __future__ import annotations

from abc import abstractmethod
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from groupproj._frozen import Frozen
from groupproj.errors import ExactnessError, GroupMismatchError

if TYPE_CHECKING:
    from groupproj.groups.base import Group
    from groupproj.reps.decomposition import Decomposition


def permutation_of(m: np.ndarray) -> np.ndarray | None:
    """The image list p with m[p[i], i] = 1 if m is a permutation matrix, else ``None``."""
    if m.dtype.kind == "c" or not np.all((m == 0) | (m == 1)):
        return None
    if not (np.all(m.sum(axis=0) == 1) and np.all(m.sum(axis=1) == 1)):
        return None
    return np.argmax(m, axis=0)


def permutation_matrix(p: np.ndarray) -> np.ndarray:
    """The matrix with m[p[i], i] = 1, i.e. m e_i = e_{p[i]}."""
    m = np.zeros((len(p), len(p)))
    m[p, np.arange(len(p))] = 1.0
    return m


class Representation(Frozen):
    """A finite-dimensional representation rho: G → GL(d).

    A representation needs only its group, its dimension, and its matrices
    ``rho(g)``; characters, permutation structure, orthogonality and the
    algebra below are derived. Every representation is immutable, hashable
    and picklable, and ``rho(g * h) = rho(g) @ rho(h)``.

    Algebra: ``V + W`` (direct sum), ``V * W`` (tensor product, Kronecker
    order: index ``i * W.dim + j``), ``V ** k`` (tensor power), ``V.sym(k)``, ``V.wedge(k)``,
    ``V.dual()``, ``V.restrict(H)``, ``V.induce(G)``, ``V.change_basis(Q)``.
    """

    group: Group

    @property
    @abstractmethod
    def dim(self) -> int:
        """The dimension d of the representation space."""

    @property
    @abstractmethod
    def name(self) -> str:
        """A short expression naming the representation, e.g. ``"natural^2+trivial"``."""

    def __repr__(self) -> str:
        return f"<Representation {self.name} of {self.group.name}, dim {self.dim}>"

    # --- matrices ---
    def __call__(self, g: Any, exact: bool = False) -> np.ndarray | sympy.ImmutableMatrix:
        """The matrix rho(g): a float64 (or complex128) array, or a sympy matrix if ``exact``."""
        key = self.group.key_of(g)
        return self._exact(key) if exact else np.array(self._float(key))

    @abstractmethod
    def _float(self, key: Any) -> np.ndarray: ...

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        raise ExactnessError(
            f"{self.name} is known in floating point only; build it from exact data "
            "(integer or sympy matrices) for exact matrices"
        )

    def _perm(self, key: Any) -> np.ndarray | None:
        """Image list p with rho(g) e_i = e_{p[i]} if rho(g) is a permutation matrix."""
        return permutation_of(self._float(key))

    def generator_matrices(self, exact: bool = False) -> list:
        """rho(s) for each generator s, float or exact."""
        return [self(s, exact=exact) for s in self.group.generators]

    @cached_property
    def is_permutation(self) -> bool:
        """Whether every generator acts by a permutation of the basis."""
        return all(self._perm(s.key) is not None for s in self.group.generators)

    def generator_permutations(self) -> list[np.ndarray]:
        """Image lists of the generators' permutations (see :attr:`is_permutation`)."""
        perms = [self._perm(s.key) for s in self.group.generators]
        if any(p is None for p in perms):
            raise GroupMismatchError(f"{self.name} is not a permutation representation")
        return perms  # type: ignore[return-value]

    @cached_property
    def is_real(self) -> bool:
        """Whether the matrices are real."""
        if self.is_permutation:
            return True
        return all(m.dtype.kind != "c" for m in self.generator_matrices())

    def is_orthogonal(self, tol: float = 1e-9) -> bool:
        """Whether rho(s)ᴴ rho(s) = I for every generator s (orthogonal or unitary)."""
        if self.is_permutation:
            return True
        eye = np.eye(self.dim)
        return all(
            np.abs(m.conj().T @ m - eye).max(initial=0.0) <= tol for m in self.generator_matrices()
        )

    # --- characters ---
    def character(self, g: Any, exact: bool = False) -> Any:
        """chi(g) = tr rho(g)."""
        if exact:
            return sympy.nsimplify(sympy.simplify(self(g, exact=True).trace()))
        tr = np.trace(self(g))
        return float(tr.real) if abs(tr.imag) < 1e-12 else complex(tr)

    def characters(self, exact: bool = False) -> np.ndarray | list:
        """chi on each class of ``group.conjugacy_classes()``, in that order.

        For a finite group the values are exact: the multiplicities of the irreducible
        characters are recovered from the float traces and the character is their exact sum
        (:mod:`groupproj.reps.class_functions`), rounded once to floats (no ``1e-17`` noise) or,
        with ``exact=True``, as sympy numbers (then the matrices need not be exact).
        """
        classes = self.group.conjugacy_classes()
        if self.group.is_finite:
            from groupproj.reps.class_functions import exact_character

            traces = np.array([complex(self.character(c.representative)) for c in classes])
            found = exact_character(self.group, traces, exact)
            if found is not None:
                return found
        values = [self.character(c.representative, exact) for c in classes]
        return values if exact else np.array(values)

    # --- Lie algebra ---
    def lie_algebra(self) -> np.ndarray:
        """Infinitesimal generators X_i = d/dt rho(exp(t ξ_i))|_{t=0}, shape (n, d, d).

        n is the dimension of the group's Lie algebra: 0 for a finite group; see
        :meth:`groupproj.groups.compact.CompactGroup.lie_algebra` for compact groups.
        A map A: V → W is equivariant under the identity component exactly when
        X_W A = A X_V for every i.
        """
        return self.group.lie_algebra(self)

    # --- isotypic decomposition ---
    def decompose(self) -> Decomposition:
        """The isotypic decomposition rho(g) = Q (⊕_i I_{m_i} ⊗ rho_i(g)) Qᵀ.

        Computed once by the group (``group._decompose``) and cached.
        Raises :class:`BackendNotApplicableError` where the group offers none.
        """
        return self._decomposition

    @cached_property
    def _decomposition(self) -> Decomposition:
        return self.group._decompose(self)

    # --- algebra ---
    def __add__(self, other: Representation) -> Representation:
        from groupproj.reps.algebra import DirectSum

        return DirectSum(self, other)

    def __mul__(self, other: Representation) -> Representation:
        from groupproj.reps.algebra import TensorProduct

        return TensorProduct(self, other)

    def __pow__(self, k: int) -> Representation:
        from groupproj.reps.algebra import TensorProduct

        if int(k) != k or k < 1:
            raise ValueError(f"tensor powers need an integer k >= 1, got {k!r}")
        return self if k == 1 else TensorProduct(*([self] * int(k)))

    def sym(self, k: int) -> Representation:
        """The symmetric power Sym^k V, with its orthonormal ``embedding()`` into ``V ** k``.

        See :class:`groupproj.reps.powers.SymmetricPower`.
        """
        from groupproj.reps.powers import SymmetricPower

        return SymmetricPower(self, k)

    def wedge(self, k: int) -> Representation:
        """The exterior power Λ^k V, with its orthonormal ``embedding()`` into ``V ** k``.

        See :class:`groupproj.reps.powers.ExteriorPower`.
        """
        from groupproj.reps.powers import ExteriorPower

        return ExteriorPower(self, k)

    def induce(self, group: Group) -> Representation:
        """The induced representation Ind_H^G V from this representation of a subgroup H.

        See :class:`groupproj.reps.induced.InducedRep`.
        """
        from groupproj.reps.induced import InducedRep

        return InducedRep(self, group)

    def dual(self) -> Representation:
        """The dual (contragredient) representation g ↦ rho(g⁻¹)ᵀ."""
        from groupproj.reps.algebra import Dual

        return Dual(self)

    def restrict(self, subgroup: Group) -> Representation:
        """The restriction to a subgroup whose elements are elements of this group."""
        from groupproj.reps.algebra import Restriction

        return Restriction(self, subgroup)

    def change_basis(self, Q: Any) -> Representation:
        """The representation g ↦ Q⁻¹ rho(g) Q.

        The columns of Q are the new basis vectors in old coordinates. Integer
        and sympy Q stay exact.
        """
        from groupproj.reps.algebra import ChangeOfBasis

        return ChangeOfBasis(self, Q)

    def orthogonalized(self, exact: bool = False) -> Representation:
        """An equivalent orthogonal (unitary) representation.

        With the invariant inner product M = (1/|G|) Σ_g rho(g)ᴴ rho(g) = RᴴR
        (Cholesky), g ↦ R rho(g) R⁻¹ is orthogonal; this returns
        ``self.change_basis(R⁻¹)``. Costs one pass over the group.
        """
        G = self.group
        if exact:
            M = sympy.zeros(self.dim, self.dim)
            for g in G.elements():
                m = self(g, exact=True)
                M += m.H * m
            L = (M / G.order).cholesky(hermitian=True)
            return self.change_basis(sympy.ImmutableMatrix(L.H.inv()))
        M = sum(self(g).conj().T @ self(g) for g in G.elements()) / G.order
        L = np.linalg.cholesky(M)
        return self.change_basis(np.linalg.inv(L.conj().T))
