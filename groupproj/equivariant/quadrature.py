"""The quadrature back-end: the exact group average of a compact group by a finite rule.

For orthogonal (unitary) V and W, P(A) = ∫ rho_W(g) A rho_V(g)ᴴ dg. The
integrand's entries are matrix coefficients of V ⊗ W*, whose irreps have
degree at most L = deg V + deg W, so the rule ``G.quadrature(L)`` gives the
integral exactly (up to rounding). The rule is a product of levels
(:meth:`CompactGroup.quadrature_levels`, e.g. α, β, γ for SO(3)), and the
average is applied level by level.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import sympy

from groupproj.equivariant.base import Projector
from groupproj.errors import ExactnessError
from groupproj.reps.base import Representation


class QuadratureProjector(Projector):
    """P(A) = Σ_i w_i rho_W(g_i) A rho_V(g_i)ᴴ over the rule of degree deg V + deg W.

    Applying P costs O(Σ_levels n_level · (m²n + mn²)) per map, with n_level the
    level sizes (for SO(3) and degree L: 2(L + 1) + ⌊L/2⌋ + 1 instead of their
    product); memory O(Σ n_level · (m² + n²)) for the stacked matrices.
    Floating point only: the Gauss–Legendre nodes have no closed form.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.SO3()
    >>> P = gp.projector(G.natural() ** 2, G.natural() ** 2, method="quadrature")
    >>> P.dim
    3
    """

    method = "quadrature"

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        from groupproj.groups.compact import CompactGroup

        G = V.group
        if not isinstance(G, CompactGroup):
            return "the quadrature back-end needs a compact group"
        for r in (V, W):
            if G.degree(r) is None:
                return f"the degree of {r.name} is unknown (not built from irreps by the algebra)"
        return None

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(Σ_levels n_level · (m²n + mn²)) over the rule of degree deg V + deg W."""
        G = V.group
        m, n = W.dim, V.dim
        levels = G.quadrature_levels(G.degree(V) + G.degree(W))
        return float(sum(len(keys) for keys, _ in levels) * (m * m * n + m * n * n))

    @property
    def degree(self) -> object:
        """L = deg V + deg W, the degree the rule integrates exactly."""
        return self.V.group.degree(self.V) + self.W.group.degree(self.W)

    @cached_property
    def _levels(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        G = self.V.group
        levels = []
        for keys, weights in G.quadrature_levels(self.degree):
            RW = np.stack([self.W._float(k) for k in keys])
            RVh = np.stack([self.V._float(k).conj().T for k in keys])
            levels.append((RW, RVh, np.asarray(weights)))
        return levels

    def _apply(self, A: np.ndarray) -> np.ndarray:
        for RW, RVh, w in reversed(self._levels):
            A = np.einsum("u,uij,bjk,ukl->bil", w, RW, A, RVh, optimize=True)
        if not self.is_complex:
            A = A.real
        return A

    def _apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        raise ExactnessError(
            "the quadrature back-end works in floating point (Gauss–Legendre nodes); use "
            "method='spectral' for exact projections"
        )
