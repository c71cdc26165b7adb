"""Irreps and natural representations of compact groups, and what is derived from structure.

A representation of a compact group built from irreps, ``trivial()`` and
``natural()`` by direct sums, tensor products, duals and orthogonal (unitary)
changes of basis has a known isotypic
decomposition, a known degree and known Lie-algebra generators; this module
computes them by walking that structure.

Decomposition of a tensor product ``A ⊗ B``: with A = Q_A (⊕ρ_i) Q_Aᵀ and
B = Q_B (⊕σ_j) Q_Bᵀ, each pair of irrep copies (ρ_i, σ_j) is split by its
Clebsch–Gordan matrix C_ij (Cᵀ(ρ_i ⊗ σ_j)C = ⊕τ_k), so
Q = (Q_A ⊗ Q_B)·(⊕ C_ij), columns then regrouped by irrep. ⊕ C_ij is sparse, so
each factor costs O(d² · c) for a d-dimensional product, with c the average
number of non-zeros in a Clebsch–Gordan column (at most min(d_i, d_j)), and
O(d²) memory for the dense Q.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.linalg
import scipy.sparse
import sympy as sp
from sympy.matrices import kronecker_product

from groupproj.errors import BackendNotApplicableError, ExactnessError, NoLieAlgebraError
from groupproj.groups.inclusions import standard_inclusion
from groupproj.limits import check_bytes
from groupproj.reps.algebra import ChangeOfBasis, DirectSum, Dual, Restriction, TensorProduct
from groupproj.reps.base import Representation
from groupproj.reps.basic import TrivialRep
from groupproj.reps.decomposition import Decomposition

if TYPE_CHECKING:
    from groupproj.groups.compact import CompactGroup

MAX_EXACT_DECOMPOSITION = 64
"""Largest dimension for which :func:`decompose` also builds Q in closed form."""
_DENSE_COPIES = 3
"""Dense d×d complex arrays a decomposition or Lie algebra holds at once (estimate)."""


class CompactIrrep(Representation):
    """An irreducible representation of a compact group, given by its label and basis.

    Attributes
    ----------
    label : hashable
        The group's label (``k``, ``(m, sign)``, ``l``, ``(l, parity)``, the spin ``j``);
        ``G.irrep(rho.label, basis=rho.basis) == rho``.
    basis : {"real", "complex"}
    real_type : str
        Frobenius–Schur type: ``"real"``, ``"complex"`` or ``"quaternionic"``.

    Examples
    --------
    >>> import groupproj as gp
    >>> rho = gp.SO2().irrep(3)
    >>> rho.real_type, len(rho.endomorphism_basis())
    ('complex', 2)
    """

    _fields = ("group", "label", "basis")

    def __init__(self, group: CompactGroup, label: Any, basis: str):
        self._set(group=group, label=label, basis=basis)

    @property
    def dim(self) -> int:
        return self.group._irrep_dim(self.label, self.basis)

    @property
    def name(self) -> str:
        return self.group._irrep_name(self.label, self.basis)

    @property
    def real_type(self) -> str:
        return self.group._irrep_type(self.label, self.basis)

    @property
    def symbol(self) -> str:
        """The label as printed in decompositions: ``2``, ``1o``, ``1/2``, ``0⁻``."""
        return self.group._irrep_symbol(self.label)

    @property
    def latex(self) -> str:
        """:attr:`symbol` in LaTeX."""
        return self.symbol.replace("⁻", "^{-}")

    @property
    def degree(self) -> Fraction:
        """The label's degree: ``|k|``, ``m``, ``l`` or the spin ``j``."""
        return self.group._irrep_degree(self.label)

    def endomorphism_basis(self, exact: bool = False) -> list:
        """Matrices spanning End_G(rho) over the field of the matrices (R in the real
        basis, C in the complex one): I, plus the quarter turn J for the real 2-dim
        SO(2) irreps (complex type)."""
        return self.group._irrep_endomorphisms(self.label, self.basis, exact)

    def _float(self, key: Any) -> np.ndarray:
        m = self.group._irrep_float(self.label, self.basis, key)
        return m.astype(complex) if self.basis == "complex" else m

    def _exact(self, key: Any) -> sp.ImmutableMatrix:
        return self.group._irrep_exact(self.label, self.basis, key)

    def _perm(self, key: Any) -> np.ndarray | None:
        return None if self.dim > 1 else super()._perm(key)


class CompactNatural(Representation):
    """The defining representation of a compact matrix group (SU(2): the 2×2 matrices)."""

    _fields = ("group",)
    name = "natural"

    def __init__(self, group: CompactGroup):
        self._set(group=group)

    @property
    def dim(self) -> int:
        return self.group._natural_lie().shape[-1]

    def _float(self, key: Any) -> np.ndarray:
        return self.group._natural_float(key)

    def _exact(self, key: Any) -> sp.ImmutableMatrix:
        return sp.ImmutableMatrix(self.group._natural_exact(key))

    def _perm(self, key: Any) -> np.ndarray | None:
        return None


def _is_compact(rep: Representation) -> bool:
    from groupproj.groups.compact import CompactGroup

    return isinstance(rep.group, CompactGroup)


# --- structure walk ---
def _unavailable(rep: Representation, basis: set) -> str | None:
    if isinstance(rep, CompactIrrep):
        basis.add(rep.basis)
        return None
    if isinstance(rep, TrivialRep):
        return None
    if isinstance(rep, CompactNatural):
        basis.add(rep.group._natural_parts(False)[2])
        return None
    if isinstance(rep, (DirectSum, TensorProduct)):
        for part in rep.parts:
            reason = _unavailable(part, basis)
            if reason is not None:
                return reason
        return None
    if isinstance(rep, Dual):
        return _unavailable(rep.rep, basis)
    if isinstance(rep, ChangeOfBasis):
        Q = rep.Q.float
        if not np.abs(Q.conj().T @ Q - np.eye(len(Q))).max() <= 1e-9:
            return f"{rep.name} changes basis by a non-orthogonal matrix"
        return _unavailable(rep.rep, basis)
    if isinstance(rep, Restriction) and _is_compact(rep.rep):
        from groupproj.reps.branching import branching_unavailable

        inner: set = set()
        reason = _unavailable(rep.rep, inner)
        basis.update(inner)
        if reason is None:
            for b in inner or {rep.rep.group.default_basis}:
                reason = reason or branching_unavailable(rep.rep.group, rep.group, b)
        return reason
    return f"{rep.name} ({type(rep).__name__}) is not built from irreps by the algebra"


def decomposition_unavailable(rep: Representation) -> str | None:
    """Why ``rep`` has no known decomposition, or ``None``."""
    if not _is_compact(rep):
        return f"{rep.group.name} is not a compact group"
    return _unavailable(rep, set())


def _natural_basis(rep: Representation) -> str:
    """The basis a decomposition of ``rep`` uses by default: complex if any part is complex."""
    bases: set = set()
    _unavailable(rep, bases)
    if "complex" in bases:
        return "complex"
    return "real" if bases else rep.group.default_basis


class _Ops:
    """The few matrix operations the decomposition needs, in numpy or sympy."""

    def __init__(self, group: CompactGroup, exact: bool, basis: str):
        self.group, self.exact, self.basis = group, exact, basis
        self.eye: Callable = sp.eye if exact else np.eye
        self.zeros: Callable = sp.zeros if exact else (lambda m, n: np.zeros((m, n)))
        self.diag: Callable = sp.diag if exact else scipy.linalg.block_diag
        self.kron: Callable = kronecker_product if exact else np.kron

    def adjoint(self, M: Any) -> Any:
        return M.H if self.exact else M.conj().T


def _segments(rep: Representation, ops: _Ops) -> tuple[Any, list[CompactIrrep]]:
    """(Q, irreps): rep(g) = Q (⊕ irreps(g)) Qᴴ, the copies in column order."""
    G = rep.group
    if isinstance(rep, CompactIrrep):
        return _in_basis(ops.eye(rep.dim), rep.label, rep.basis, ops)
    if isinstance(rep, TrivialRep):
        return ops.eye(1), [CompactIrrep(G, G._trivial_label(), ops.basis)]
    if isinstance(rep, CompactNatural):
        Q, label, basis = G._natural_parts(ops.exact)
        return _in_basis(Q, label, basis, ops)
    if isinstance(rep, DirectSum):
        parts = [_segments(p, ops) for p in rep.parts]
        return ops.diag(*(Q for Q, _ in parts)), [s for _, segs in parts for s in segs]
    if isinstance(rep, TensorProduct):
        Q, segs = _segments(rep.parts[0], ops)
        for part in rep.parts[1:]:
            Q, segs = _tensor(Q, segs, *_segments(part, ops), ops)
        return Q, segs
    if isinstance(rep, Dual):
        # dual(g) = conj(rho(g)) = conj(Q) (⊕ W_i rho_i'(g) W_iᴴ) Qᵀ for unitary rho
        Q, segs = _segments(rep.rep, ops)
        pairs = [G._irrep_conjugate(s.label, s.basis, ops.exact) for s in segs]
        Ws = ops.diag(*(W for W, _ in pairs))
        dual_segs = [CompactIrrep(G, lab, s.basis) for s, (_, lab) in zip(segs, pairs)]
        return (Q.conjugate() * Ws if ops.exact else Q.conj() @ Ws), dual_segs
    if isinstance(rep, ChangeOfBasis):
        Q, segs = _segments(rep.rep, ops)
        B = rep.Q.require_exact("the change-of-basis matrix") if ops.exact else rep.Q.float
        return ops.adjoint(B) * Q if ops.exact else B.conj().T @ Q, segs
    if isinstance(rep, Restriction):  # rho_i(h) = B_i (⊕ sigma(h)) B_iᵀ, by branching rules
        from groupproj.reps.branching import branch

        Q, segs = _segments(rep.rep, _Ops(rep.rep.group, ops.exact, ops.basis))
        pieces = [branch(s, rep.group, ops.exact) for s in segs]
        B = ops.diag(*(b for b, _ in pieces))
        return (Q * B if ops.exact else Q @ B), [t for _, parts in pieces for t in parts]
    raise BackendNotApplicableError(decomposition_unavailable(rep))


def _in_basis(Q: Any, label: Any, basis: str, ops: _Ops) -> tuple[Any, list[CompactIrrep]]:
    """The irrep ``label`` of ``basis`` with columns Q, in the basis of ``ops``.

    A real-basis irrep in a complex-basis decomposition is rho_real = U (⊕ rho_c) Uᴴ
    (``CompactGroup._irrep_complexify``), so its columns become Q U.
    """
    G = ops.group
    if basis == ops.basis:
        return Q, [CompactIrrep(G, label, basis)]
    if basis == "complex":
        raise BackendNotApplicableError(
            f"a complex-basis irrep of {G.name} has no decomposition into real-basis irreps"
        )
    U, labels = G._irrep_complexify(label, ops.exact)
    return (Q * U if ops.exact else Q @ U), [CompactIrrep(G, lab, ops.basis) for lab in labels]


def _tensor(QA: Any, segA: list, QB: Any, segB: list, ops: _Ops) -> tuple[Any, list]:
    G = segA[0].group
    dA, dB = QA.shape[0], QB.shape[0]
    n = dA * dB
    M = ops.zeros(n, n) if ops.exact else None
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    out: list[CompactIrrep] = []
    col, offA = 0, 0
    for a in segA:
        offB = 0
        for b in segB:
            found = G._irrep_product(a.label, b.label, a.basis, ops.exact)
            if found is None or a.basis != b.basis:
                raise BackendNotApplicableError(
                    f"no Clebsch–Gordan decomposition of {a.name} ⊗ {b.name} is known"
                )
            C, labels = found
            rows = ((offA + np.arange(a.dim))[:, None] * dB + offB + np.arange(b.dim)).ravel()
            width = a.dim * b.dim
            if ops.exact:
                for r, row in enumerate(rows):
                    M[int(row), col : col + width] = C[r, :]
            else:
                r, c = np.nonzero(C)
                entries.append((rows[r], col + c, C[r, c]))
            col += width
            out += [CompactIrrep(G, lab, a.basis) for lab in labels]
            offB += b.dim
        offA += a.dim
    K = ops.kron(QA, QB)
    if ops.exact:
        return K * M, out
    r, c, v = (np.concatenate(x) for x in zip(*entries))
    sparse = scipy.sparse.csr_matrix((v, (r, c)), shape=(n, n))
    return np.asarray((sparse.T @ K.T).T), out


def decompose(rep: Representation, basis: str | None = None) -> CompactDecomposition:
    """The isotypic decomposition: Q in floating point and, on first use of
    ``Q_exact``, in closed form (see :class:`CompactDecomposition`).

    The irreps are in ``basis``: by default the complex basis if any part of ``rep`` is a
    complex-basis irrep, else the real one. Real-basis parts enter a complex-basis
    decomposition through ``rho_real = U (⊕ rho_c) Uᴴ``; the other way is refused.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.SO3()
    >>> d = (G.natural() * G.natural()).decompose()
    >>> [(irrep.name, m) for irrep, m in d.blocks]
    [('D0', 1), ('D1', 1), ('D2', 1)]
    >>> [(irrep.name, m) for irrep, m in decompose(G.natural(), "complex").blocks]
    [('D1c', 1)]
    """
    reason = decomposition_unavailable(rep)
    if reason is not None:
        raise BackendNotApplicableError(reason)
    basis = basis or _natural_basis(rep)
    check_bytes(
        _DENSE_COPIES * 16 * rep.dim**2,
        f"the dense {rep.dim}×{rep.dim} decomposition of {rep.name}",
        "decompose smaller factors, or use a smaller representation",
    )
    Q, segs = _segments(rep, _Ops(rep.group, False, basis))
    order, cols, start = {}, {}, 0
    for s in segs:
        order.setdefault(s, len(order))
        cols.setdefault(s, []).extend(range(start, start + s.dim))
        start += s.dim
    perm = [c for s in order for c in cols[s]]
    blocks = tuple((s, len(cols[s]) // s.dim) for s in order)
    Q = np.ascontiguousarray(Q[:, perm])
    if not np.iscomplexobj(Q) or np.abs(Q.imag).max(initial=0) == 0:
        Q = Q.real
    return CompactDecomposition(Q, blocks, rep, basis, perm)


class CompactDecomposition(Decomposition):
    """A :class:`Decomposition` whose closed-form ``Q_exact`` is built on first use.

    ``Q_exact`` is ``None`` above :data:`MAX_EXACT_DECOMPOSITION` or when an
    ingredient (a change of basis) is known in floating point only. Building it
    repeats the structural walk in sympy: O(d³) exact operations.
    """

    def __init__(self, Q: np.ndarray, blocks: tuple, rep: Representation, basis: str, perm):
        values = (("Q", Q), ("blocks", blocks), ("basis", basis), ("_source", (rep, perm)))
        for name, value in values:
            object.__setattr__(self, name, value)

    @cached_property
    def Q_exact(self) -> sp.ImmutableMatrix | None:  # type: ignore[override]
        rep, perm = self._source
        if rep.dim > MAX_EXACT_DECOMPOSITION:
            return None
        try:
            Qe, _ = _segments(rep, _Ops(rep.group, True, self.basis))
        except ExactnessError:  # an ingredient known in floating point only
            return None
        return sp.ImmutableMatrix(sp.Matrix(Qe)[:, perm])


def rep_degree(rep: Representation) -> Fraction | None:
    """The largest irrep degree in ``rep`` by its structure, or ``None`` if unknown."""
    if isinstance(rep, CompactIrrep):
        return rep.degree
    if isinstance(rep, TrivialRep):
        return Fraction(0)
    if isinstance(rep, CompactNatural):
        return rep.group._irrep_degree(rep.group._natural_parts(False)[1])
    if isinstance(rep, (DirectSum, TensorProduct)):
        degrees = [rep_degree(p) for p in rep.parts]
        if any(d is None for d in degrees):
            return None
        return max(degrees) if isinstance(rep, DirectSum) else sum(degrees, Fraction(0))
    if isinstance(rep, (Dual, ChangeOfBasis)) or (
        isinstance(rep, Restriction) and _is_compact(rep.rep)
    ):
        return rep_degree(rep.rep)
    return None


def lie_algebra(rep: Representation) -> np.ndarray:
    """Infinitesimal generators of ``rep``; see :meth:`CompactGroup.lie_algebra`.

    Costs O(n_gen · d²) memory (checked against the size limit first) and, for a tensor
    product, O(n_gen · d²) to assemble the Kronecker sums.
    """
    G = rep.group
    check_bytes(
        _DENSE_COPIES * 16 * G.lie_dim * rep.dim**2,
        f"the {G.lie_dim} dense {rep.dim}×{rep.dim} Lie algebra generators of {rep.name}",
        "use a smaller representation",
    )
    if isinstance(rep, CompactIrrep):
        return G._irrep_lie(rep.label, rep.basis)
    if isinstance(rep, TrivialRep):
        return np.zeros((G.lie_dim, 1, 1))
    if isinstance(rep, CompactNatural):
        return G._natural_lie()
    if isinstance(rep, DirectSum):
        parts = [lie_algebra(p) for p in rep.parts]
        blocks = [scipy.linalg.block_diag(*(X[i] for X in parts)) for i in range(G.lie_dim)]
        return np.stack(blocks)
    if isinstance(rep, TensorProduct):
        out = lie_algebra(rep.parts[0])
        for part in rep.parts[1:]:
            Y = lie_algebra(part)
            eA, eB = np.eye(out.shape[-1]), np.eye(Y.shape[-1])
            out = np.stack([np.kron(out[i], eB) + np.kron(eA, Y[i]) for i in range(G.lie_dim)])
        return out
    if isinstance(rep, Dual):
        return -np.swapaxes(lie_algebra(rep.rep), -1, -2)
    if isinstance(rep, ChangeOfBasis):
        Q = rep.Q.float
        return np.linalg.inv(Q) @ lie_algebra(rep.rep) @ Q
    if isinstance(rep, Restriction) and standard_inclusion(rep.group, rep.rep.group):
        from groupproj.groups.inclusions import lie_component

        parent = lie_algebra(rep.rep)
        i = lie_component(rep.group, rep.rep.group)
        return parent if i < 0 else parent[i : i + 1]
    raise NoLieAlgebraError(
        f"{rep.name} ({type(rep).__name__}) is not built from irreps by the algebra, so its "
        "Lie algebra is not known"
    )
