"""The spectral back-end: Schur's lemma in the isotypic bases of V and W.

A representation that can decompose itself returns a
:class:`~groupproj.reps.decomposition.Decomposition`: an orthogonal Q and a list of
(irrep, multiplicity) such that rho(g) = Q (⊕_i I_{m_i} ⊗ rho_i(g)) Qᴴ, the copies of each
irrep contiguous. Each irrep carries an orthonormal (Frobenius) basis of its endomorphism
algebra End_G(rho_i): dimension 1, 2 or 4 for real, complex or quaternionic type. In those
bases an equivariant map is zero between different irreps and, between copies of one irrep,
a combination of its endomorphisms (:class:`~groupproj.equivariant.structure.Factors`).

Irreps of V and W are matched by equality. For a compact group whose V and W decompose in
different bases (real-basis against complex-basis irreps), both are decomposed in the complex
basis, where the real-basis irreps are rho_real = U (⊕ rho_c) Uᴴ.
"""

from __future__ import annotations

import numpy as np
import sympy

from groupproj.equivariant.backend import Backend
from groupproj.equivariant.structure import Block, Factors
from groupproj.groups.compact import CompactGroup
from groupproj.reps.base import Representation
from groupproj.reps.decomposition import Decomposition

__all__ = ["SpectralBackend", "matched_decompositions", "project_exact_spectral"]


def matched_decompositions(V: Representation, W: Representation) -> tuple:
    """Decompositions of V and W whose irreps can be compared by equality."""
    dV, dW = V.decompose(), W.decompose()
    if dV.basis != dW.basis and isinstance(V.group, CompactGroup):
        from groupproj.reps.compact import decompose

        dV, dW = decompose(V, "complex"), decompose(W, "complex")
    return dV, dW


def _blocks(dV: Decomposition, dW: Decomposition) -> tuple[Block, ...]:
    v_off, w_off = dV.offsets(), dW.offsets()
    mV = dV.multiplicities
    out = []
    for irrep, m_w in dW.blocks:
        if irrep in mV:
            E = np.asarray(irrep.endomorphism_basis())
            E = E / np.linalg.norm(E, axis=(1, 2))[:, None, None]
            out.append(Block(irrep, w_off[irrep], m_w, v_off[irrep], mV[irrep], E))
    return tuple(out)


class SpectralBackend(Backend):
    """P(A) = Q_W · S(Q_Wᴴ A Q_V) · Q_Vᴴ, with S Schur's block projection.

    Costs O(m²n + mn²) per map for the two basis changes plus O(Σ m_W m_V d² e) for S,
    independent of |G|, after one-off isotypic decompositions of V and W; memory
    O(m² + n²) for Q_W, Q_V.
    """

    name = "spectral"

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        for r in (V, W):
            reason = r.group.decomposition_unavailable(r)
            if reason is not None:
                return reason
        return None

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(m²n + mn²) for the two changes of basis."""
        m, n = W.dim, V.dim
        return float(m * m * n + m * n * n)

    @classmethod
    def memory(cls, V: Representation, W: Representation) -> float:
        """Q_V and Q_W, complex in the worst case."""
        return 16.0 * (V.dim**2 + W.dim**2)

    @classmethod
    def build(cls, V: Representation, W: Representation) -> Factors:
        dV, dW = matched_decompositions(V, W)
        return Factors(dW.Q, _blocks(dV, dW), dV.Q)


def project_exact_spectral(V: Representation, W: Representation, A: sympy.Matrix):
    """Exact P(A) in the exact isotypic bases of V and W, or ``None`` where none is known.

    Each d×d block of Q_Wᴴ A Q_V between copies of one irrep is projected onto the span of
    its exact endomorphism basis E_1, …, E_e (orthogonal, not normalised):
    Σ_k tr(E_kᴴ B) / tr(E_kᴴ E_k) · E_k.
    """
    dV, dW = matched_decompositions(V, W)
    if dV.basis is None:  # finite groups: exact decompositions where feasible
        dV, dW = V.group._decompose_exact(V), W.group._decompose_exact(W)
    if dV is None or dW is None or dV.Q_exact is None or dW.Q_exact is None:
        return None
    QV, QW = sympy.Matrix(dV.Q_exact), sympy.Matrix(dW.Q_exact)
    B = QW.H * A * QV
    out = sympy.zeros(*B.shape)
    for b in _blocks(dV, dW):
        d = b.d_W
        E = [sympy.Matrix(e) for e in b.irrep.endomorphism_basis(exact=True)]
        for i in range(b.m_W):
            for j in range(b.m_V):
                r, c = b.w_start + i * d, b.v_start + j * d
                sub = B[r : r + d, c : c + d]
                out[r : r + d, c : c + d] = sum(
                    ((e.H * sub).trace() / (e.H * e).trace() * e for e in E), sympy.zeros(d, d)
                )
    return (QW * out * QV.H).applyfunc(sympy.simplify)
