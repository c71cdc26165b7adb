"""The spatial back-end: the group average, exact for finite and for compact groups.

For orthogonal (unitary) V and W, P(A) = ∫ ρ_W(g) A ρ_V(g)⁻¹ dg, the paper's "spatial
domain". Two exact forms of the integral, each a product of levels
(:class:`~groupproj.equivariant.structure.GroupAverage`):

* a finite group, factored along a stabiliser chain: with G = U_0·U_1·…·U_k (unique
  factorisation, :meth:`FiniteGroup.transversals`) the average is the composition of the
  averages over each U_i: Σ|U_i| terms instead of |G| (O(n²) instead of n! for S_n);
* a compact group, by its exact quadrature: the integrand's entries are matrix coefficients
  of V ⊗ W*, whose irreps have degree at most L = deg V + deg W, so the rule
  ``G.quadrature(L)`` integrates them exactly (up to rounding); its levels are the Euler
  angles (α, β, γ for SO(3)).
"""

from __future__ import annotations

import numpy as np
import sympy

from groupproj.equivariant.backend import Backend
from groupproj.equivariant.structure import GroupAverage
from groupproj.groups.base import FiniteGroup
from groupproj.groups.compact import CompactGroup
from groupproj.reps.base import Representation

__all__ = ["SpatialBackend", "project_exact_average"]


def _levels(V: Representation, W: Representation) -> list[tuple[list, np.ndarray]]:
    """(keys, weights) of each level of the average."""
    G = V.group
    if isinstance(G, CompactGroup):
        return G.quadrature_levels(G.degree(V) + G.degree(W))
    return [(keys, np.full(len(keys), 1.0 / len(keys))) for keys in G.transversals()]


class SpatialBackend(Backend):
    """P(A) = Σ_u w_u ρ_W(g_u) A ρ_V(g_u)⁻¹ level by level (see the module docstring).

    Applying P costs O(Σ_levels n_level · (m²n + mn²)) per map and
    O(Σ n_level · (m² + n²)) memory for the stacked matrices; for SO(3) and degree L the
    levels hold 2(L + 1) + ⌊L/2⌋ + 1 elements instead of their product. Floating point;
    for finite groups with exact matrices, exact projections of sympy matrices average
    exactly (:func:`project_exact_average`).
    """

    name = "spatial"

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        G = V.group
        if isinstance(G, FiniteGroup):
            return None
        if not isinstance(G, CompactGroup):
            return f"{G.name} offers neither enumeration nor an exact quadrature"
        for r in (V, W):
            if G.degree(r) is None:
                return (
                    f"the degree of {r.name} is unknown (not built from irreps by the "
                    "algebra), so no quadrature is known to be exact for it"
                )
        return None

    @classmethod
    def terms(cls, V: Representation, W: Representation) -> int:
        """Σ n_level, the number of group elements the average visits (nothing is built for
        a compact group; a finite group's transversals come from its stabiliser chain)."""
        G = V.group
        if isinstance(G, CompactGroup):
            return sum(G.quadrature_shape(G.degree(V) + G.degree(W)))
        return sum(len(keys) for keys, _ in _levels(V, W))

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(Σ n_level · (m²n + mn²))."""
        m, n = W.dim, V.dim
        return float(cls.terms(V, W) * (m * m * n + m * n * n))

    @classmethod
    def memory(cls, V: Representation, W: Representation) -> float:
        """The stacked matrices, complex in the worst case."""
        return 16.0 * cls.terms(V, W) * (V.dim**2 + W.dim**2)

    @classmethod
    def build(cls, V: Representation, W: Representation) -> GroupAverage:
        G = V.group
        levels = []
        for keys, weights in _levels(V, W):
            RW = np.stack([W._float(k) for k in keys])
            RVinv = np.stack([V._float(G._inv(k)) for k in keys])
            levels.append((RW, RVinv, np.asarray(weights, dtype=np.float64)))
        return GroupAverage(tuple(levels), (W.dim, V.dim))


def project_exact_average(V: Representation, W: Representation, A: sympy.Matrix):
    """Exact P(A) = (1/|G|) Σ_g ρ_W(g) A ρ_V(g⁻¹) of a finite group, or ``None``.

    Averaged level by level over the transversals, in sympy; ``None`` for compact groups
    (the quadrature nodes have no closed form). Needs exact matrices of V and W.
    """
    G = V.group
    if not isinstance(G, FiniteGroup):
        return None
    for keys in reversed(G.transversals()):
        total = sympy.zeros(W.dim, V.dim)
        for k in keys:
            total += W._exact(k) * A * V._exact(G._inv(k))
        A = (total / len(keys)).applyfunc(sympy.expand)
    return A.applyfunc(sympy.simplify)
