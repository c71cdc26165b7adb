"""The representation protocol and the algebra that builds new ones from old.

Sizes
-----
Dimensions are Python integers, so they never overflow. A representation whose vectors
alone would exceed the size limit (:mod:`groupproj.limits`) is refused when it is built
(``S3.natural() ** 50``, of dimension 3^50), and the dense matrix ``rho(g)`` when it is asked
for: :class:`~groupproj.errors.SizeLimitError` with the estimate, before anything is
allocated. Structured operations (permutations, decompositions, the projector back-ends)
work on larger representations than their dense matrices allow.
"""

from __future__ import annotations

import math
import numbers
from abc import abstractmethod
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from groupproj._checks import integer, real, scalar
from groupproj._frozen import Frozen
from groupproj.errors import (
    ExactnessError,
    GroupTooLargeError,
    InvalidTypeError,
    InvalidValueError,
    NotAPermutationError,
    NotOrthogonalError,
)
from groupproj.limits import check_bytes, max_bytes

if TYPE_CHECKING:
    from groupproj.groups.base import Group
    from groupproj.reps.decomposition import Decomposition

EXACT_ENTRY_BYTES = 100
"""Estimated bytes of one entry of an exact (sympy) matrix, for size checks."""
_DENSE_HINT = (
    "work with it in structured form instead: gp.projector(V, W) picks a back-end that never "
    "builds rho(g) densely, and permutation representations offer generator_permutations()"
)


def check_dense(dim: int, what: str, exact: bool = False) -> None:
    """Refuse, before building it, a dense ``dim × dim`` matrix beyond the size limit."""
    per_entry = EXACT_ENTRY_BYTES if exact else 8
    check_bytes(per_entry * dim * dim, f"the dense {dim}×{dim} matrix of {what}", _DENSE_HINT)


def check_vectors(dim: int, what: str) -> None:
    """Refuse a representation whose vectors alone (``dim`` float64 numbers) exceed the limit."""
    check_bytes(8 * dim, f"one vector of {what} (dimension {dim})", "use a smaller representation")


def as_representation(x: Any, what: str) -> Representation:
    """``x`` if it is a :class:`Representation`, else :class:`InvalidTypeError`."""
    if not isinstance(x, Representation):
        raise InvalidTypeError(
            f"{what} must be a representation (e.g. G.natural(), G.irrep(...)), got "
            f"{type(x).__name__} {x!r}"
        )
    return x


def _copies(n: Any) -> int | None:
    """``n`` as a number of copies if it is a whole number (not a bool), else ``None``."""
    v = scalar(n)
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        return None
    return integer(v, "the number of copies n in n * V", minimum=1)


def permutation_of(m: np.ndarray) -> np.ndarray | None:
    """The image list p with m[p[i], i] = 1 if m is a permutation matrix, else ``None``."""
    if m.dtype.kind == "c" or not np.all((m == 0) | (m == 1)):
        return None
    if not (np.all(m.sum(axis=0) == 1) and np.all(m.sum(axis=1) == 1)):
        return None
    return np.argmax(m, axis=0)


def permutation_matrix(p: np.ndarray) -> np.ndarray:
    """The matrix with m[p[i], i] = 1, i.e. m e_i = e_{p[i]}; refused beyond the size limit."""
    check_dense(len(p), "a permutation representation")
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
    order: index ``i * W.dim + j``), ``n * V`` and ``V * n`` for a positive integer n (the
    direct sum of n copies, ``V + … + V``), ``V ** k`` (tensor power), ``V.sym(k)``,
    ``V.wedge(k)``, ``V.dual()``, ``V.restrict(H)``, ``V.induce(G)``, ``V.change_basis(Q)``.
    Any other operand raises :class:`~groupproj.errors.InvalidTypeError`.

    Examples
    --------
    >>> import groupproj as gp
    >>> V = gp.symmetric(3).natural()
    >>> (3 * V).dim, (V * 3) == V + V + V, (V ** 2).dim
    (9, True, 9)
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
        """The matrix rho(g): a float64 (or complex128) array, or a sympy matrix if ``exact``.

        Raises :class:`~groupproj.errors.SizeLimitError` before building a matrix beyond the
        size limit.
        """
        key = self.group.key_of(g)
        check_dense(self.dim, self.name, exact)
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
            raise NotAPermutationError(
                f"{self.name} is not a permutation representation: some generator does not "
                "permute the basis (check rep.is_permutation first)"
            )
        return perms  # type: ignore[return-value]

    @cached_property
    def is_real(self) -> bool:
        """Whether the matrices are real."""
        if self.is_permutation:
            return True
        return all(m.dtype.kind != "c" for m in self.generator_matrices())

    def is_orthogonal(self, tol: float = 1e-9) -> bool:
        """Whether rho(s)ᴴ rho(s) = I for every generator s (orthogonal or unitary), each
        entry within ``tol`` (a finite number >= 0)."""
        tol = real(tol, "tol")
        if tol < 0:
            raise InvalidValueError(f"tol must be >= 0, got {tol}")
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
        """chi on each class of ``group.conjugacy_classes()``, in that order (finite groups).

        The values are exact: the multiplicities of the irreducible characters are recovered
        from the float traces and the character is their exact sum
        (:mod:`groupproj.reps.class_functions`), rounded once to floats (no ``1e-17`` noise) or,
        with ``exact=True``, as sympy numbers (then the matrices need not be exact).
        """
        if not self.group.is_finite:
            raise GroupTooLargeError(
                f"{self.group.name} is infinite, so it has no finite list of conjugacy classes; "
                "evaluate rep.character(g) at the elements you need"
            )
        from groupproj.reps.class_functions import exact_character

        classes = self.group.conjugacy_classes()
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
        X_W A = A X_V for every i. Raises :class:`~groupproj.errors.NoLieAlgebraError` where
        the group describes no Lie algebra or the representation's is not known.
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

        return DirectSum(self, as_representation(other, "the right operand of V + W"))

    def __radd__(self, other: Any) -> Representation:
        raise InvalidTypeError(
            f"cannot add {type(other).__name__} {other!r} to a representation; for the direct "
            "sum of a list of representations use gp.direct_sum(reps)"
        )

    def __mul__(self, other: Any) -> Representation:
        """``V * W`` is the tensor product; ``V * n`` for a positive integer n is ``n * V``."""
        from groupproj.reps.algebra import TensorProduct

        n = _copies(other)
        if n is not None:
            return self._copies(n)
        return TensorProduct(
            self,
            as_representation(
                other, "the right operand of V * W (a representation, or a positive integer n)"
            ),
        )

    def __rmul__(self, other: Any) -> Representation:
        """``n * V`` for a positive integer n: the direct sum of n copies of V."""
        n = _copies(other)
        if n is None:
            raise InvalidTypeError(
                f"n * V needs a positive integer n (the number of copies), got "
                f"{type(other).__name__} {other!r}"
            )
        return self._copies(n)

    def _copies(self, n: int) -> Representation:
        from groupproj.reps.algebra import DirectSum

        if n == 1:
            return self
        check_bytes(8 * n, f"the direct sum of {n} copies of {self.name}", "use fewer copies")
        return DirectSum(*([self] * n))

    def __pow__(self, k: Any) -> Representation:
        """The tensor power V^⊗k for an integer k >= 1; refused up front (from the
        dimension, by logarithms) when its vectors alone would exceed the size limit."""
        from groupproj.reps.algebra import TensorProduct

        v = scalar(k)
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise InvalidTypeError(
                f"tensor powers V ** k need an integer k >= 1, got {type(k).__name__} {k!r}"
            )
        k = integer(v, "the exponent k of V ** k", minimum=1)
        if k == 1:
            return self
        if self.dim > 1:
            bits = k * math.log2(self.dim) + 3  # log2 of the bytes of one vector
            if bits > math.log2(max_bytes()):
                check_bytes(
                    2.0**bits if bits < 1000 else math.inf,
                    f"one vector of ({self.name})^{k} (dimension {self.dim}^{k})",
                    "use a lower power",
                )
        check_bytes(8 * k, f"a tensor power with {k} factors", "use a lower power")
        return TensorProduct(*([self] * k))

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
        from groupproj.groups.base import Group
        from groupproj.reps.algebra import Restriction

        if not isinstance(subgroup, Group):
            raise InvalidTypeError(f"restrict takes a group, got {type(subgroup).__name__}")

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

        A compact group has no finite pass to make: an orthogonal (unitary) representation
        of one is returned as it is, and any other raises
        :class:`~groupproj.errors.NotOrthogonalError`.
        """
        G = self.group
        if not G.is_finite:
            if self.is_orthogonal():
                return self
            raise NotOrthogonalError(
                f"{self.name} is not orthogonal, and orthogonalized() averages over the group, "
                f"which {G.name} (a compact group) does not enumerate; build the representation "
                "from irreps by orthogonal changes of basis instead"
            )
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
