"""The spectral back-end: Schur's lemma in the isotypic bases of V and W.

A representation that can decompose itself returns a
:class:`~groupproj.reps.decomposition.Decomposition`: an orthogonal Q and a list of
(irrep, multiplicity) such that rho(g) = Q (⊕_i I_{m_i} ⊗ rho_i(g)) Qᵀ, the copies of each
irrep contiguous. Each irrep carries an orthonormal (Frobenius) basis of its endomorphism
algebra End_G(rho_i): dimension 1, 2 or 4 for real, complex or quaternionic
type. In those bases an equivariant map is zero between different irreps and,
between copies of one irrep, a combination of its endomorphisms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse
import sympy

from groupproj.equivariant.base import Projector
from groupproj.reps.base import Representation
from groupproj.reps.decomposition import Decomposition


def _right(A: np.ndarray, Q: Any) -> np.ndarray:
    """A @ Q for a batch A of shape (B, m, n) and a dense or sparse (n, k) Q."""
    if scipy.sparse.issparse(Q):
        b, m, n = A.shape
        return np.asarray((Q.T @ A.reshape(b * m, n).T).T).reshape(b, m, Q.shape[1])
    return A @ Q


def _left(Q: Any, A: np.ndarray) -> np.ndarray:
    """Q @ A for a dense or sparse (m, k) Q and a batch A of shape (B, k, n)."""
    return _right(A.transpose(0, 2, 1), Q.T).transpose(0, 2, 1)


def _columns(Q: Any, start: int, stop: int) -> np.ndarray:
    """Dense columns start:stop of a dense or sparse Q."""
    cols = Q[:, start:stop]
    return cols.toarray() if scipy.sparse.issparse(cols) else cols


@dataclass(frozen=True)
class Block:
    """The part of Hom_G(V, W) between the copies of one irrep (or one pair of field types).

    Rows ``w_start : w_start + m_W·d_W`` of Q_Wᴴ A Q_V and columns
    ``v_start : v_start + m_V·d_V`` hold an (m_W × m_V) array of d_W×d_V blocks, each in
    the span of ``endomorphisms``. For Schur blocks d_W = d_V = dim(irrep) and the span is
    End_G(irrep); a steerable kernel block has d_V = d_in·k^d and its basis kernels.
    """

    irrep: Any
    w_start: int
    m_W: int
    v_start: int
    m_V: int
    endomorphisms: np.ndarray
    """Orthonormal (Frobenius) basis of the block's span, shape (e, d_W, d_V)."""

    @property
    def d_W(self) -> int:
        """Rows of one block."""
        return int(self.endomorphisms.shape[1])

    @property
    def d_V(self) -> int:
        """Columns of one block."""
        return int(self.endomorphisms.shape[2])


def schur_project(B: np.ndarray, blocks: tuple[Block, ...]) -> np.ndarray:
    """S(B) for a batch B = Q_Wᵀ A Q_V: each block of copies projected onto End_G(irrep)."""
    out = np.zeros_like(B)
    for b in blocks:
        E, dW, dV = b.endomorphisms, b.d_W, b.d_V
        rows = slice(b.w_start, b.w_start + b.m_W * dW)
        cols = slice(b.v_start, b.v_start + b.m_V * dV)
        sub = B[:, rows, cols].reshape(len(B), b.m_W, dW, b.m_V, dV)
        coeff = np.einsum("bidjk,edk->bije", sub, E.conj())
        proj = np.einsum("bije,edk->bidjk", coeff, E)
        out[:, rows, cols] = proj.reshape(len(B), b.m_W * dW, b.m_V * dV)
    return out


def apply_factored(A: np.ndarray, QW: Any, blocks: tuple[Block, ...], QV: Any) -> np.ndarray:
    """P(A) = Q_W · S(Q_Wᵀ A Q_V) · Q_Vᵀ for a batch A of shape (B, m, n).

    Costs O(m²n + mn²) per map with dense Q (O(nnz) products with sparse Q) plus
    O(Σ m_W m_V d² e) for S.
    """
    B = _left(QW.conj().T, _right(A, QV))
    return _right(_left(QW, schur_project(B, blocks)), QV.conj().T)


class SpectralProjector(Projector):
    """P(A) = Q_W · S(Q_Wᵀ A Q_V) · Q_Vᵀ, with S Schur's block projection.

    S keeps, for each irrep in both V and W, the (m_W·d)×(m_V·d) block of
    copies, and projects each d×d sub-block onto End_G(irrep); every other
    entry is zero. Costs O(m²n + mn²) per map for the two basis changes plus
    O(Σ m_W m_V d² e) for S, independent of |G|; memory O(m² + n²) for Q_W, Q_V.
    The factored form (Q_W, blocks, Q_V) is :meth:`factors`.
    """

    method = "spectral"

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(m²n + mn²) for the two changes of basis, after the one-off decompositions."""
        m, n = W.dim, V.dim
        return float(m * m * n + m * n * n)

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        for r in (V, W):
            reason = r.group.decomposition_unavailable(r)
            if reason is not None:
                return reason
        return None

    @cached_property
    def _decompositions(self) -> tuple[Decomposition, Decomposition]:
        return self.V.decompose(), self.W.decompose()

    @cached_property
    def _exact_decompositions(self) -> tuple[Decomposition | None, Decomposition | None]:
        return self.V.group._decompose_exact(self.V), self.W.group._decompose_exact(self.W)

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """The non-zero blocks, one per irrep common to V and W."""
        dV, dW = self._decompositions
        v_off, w_off = dV.offsets(), dW.offsets()
        mV = dV.multiplicities
        out = []
        for irrep, m_w in dW.blocks:
            if irrep in mV:
                E = np.asarray(irrep.endomorphism_basis())
                E = E / np.linalg.norm(E, axis=(1, 2))[:, None, None]
                out.append(Block(irrep, w_off[irrep], m_w, v_off[irrep], mV[irrep], E))
        return tuple(out)

    def factors(self) -> tuple[np.ndarray, tuple[Block, ...], np.ndarray]:
        """(Q_W, blocks, Q_V): apply P as Q_W · S(Q_Wᵀ A Q_V) · Q_Vᵀ.

        Storage m² + n² + Σ e·d² numbers against (mn)² for the dense operator.
        """
        dV, dW = self._decompositions
        return dW.Q, self.blocks, dV.Q

    @property
    def dim(self) -> int:
        return sum(b.m_W * b.m_V * len(b.endomorphisms) for b in self.blocks)

    def _apply(self, A: np.ndarray) -> np.ndarray:
        return apply_factored(A, *self.factors())

    def _apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        """Exact P(A): in the exact isotypic bases where both are known in closed form,
        otherwise by the exact group average (the spatial back-end), which gives the same P."""
        dV, dW = self._exact_decompositions
        if dV is None or dW is None:
            from groupproj.equivariant.spatial import SpatialProjector

            return SpatialProjector(self.V, self.W)._apply_exact(A)
        B = dW.Q_exact.H * A * dV.Q_exact
        out = sympy.zeros(*B.shape)
        for b in self.blocks:
            d = b.irrep.dim
            E = [sympy.Matrix(e) for e in b.irrep.endomorphism_basis(exact=True)]
            for i in range(b.m_W):
                for j in range(b.m_V):
                    r, c = b.w_start + i * d, b.v_start + j * d
                    sub = B[r : r + d, c : c + d]
                    proj = sum(
                        ((e.H * sub).trace() / (e.H * e).trace() * e for e in E),
                        sympy.zeros(d, d),
                    )
                    out[r : r + d, c : c + d] = proj
        return (dW.Q_exact * out * dV.Q_exact.H).applyfunc(sympy.simplify)

    @cached_property
    def _basis(self) -> np.ndarray:
        QW, _, QV = self.factors()
        out = []
        for b in self.blocks:
            dW, dV = b.d_W, b.d_V
            for i in range(b.m_W):
                Wi = _columns(QW, b.w_start + i * dW, b.w_start + (i + 1) * dW)
                for j in range(b.m_V):
                    Vj = _columns(QV, b.v_start + j * dV, b.v_start + (j + 1) * dV)
                    out.extend(Wi @ e @ Vj.conj().T for e in b.endomorphisms)
        m, n = self.shape
        return np.array(out).reshape(len(out), m, n)
