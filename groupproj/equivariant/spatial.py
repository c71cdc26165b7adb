"""The spatial back-end: the group average, factored along a stabiliser chain."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import sympy

from groupproj.equivariant.base import Projector
from groupproj.groups.base import FiniteGroup
from groupproj.reps.base import Representation


class SpatialProjector(Projector):
    """P(A) = (1/|G|) Σ_g rho_W(g) A rho_V(g)⁻¹, factored along a stabiliser chain.

    With G = U_0·U_1·…·U_k (unique factorisation, :meth:`FiniteGroup.transversals`)
    the average is the composition of the averages over each U_i, innermost
    U_k first. Applying P costs O(Σ|U_i|·(m²n + mn²)) per map and O(Σ|U_i|·(m² + n²))
    memory for the stacked matrices; for S_n that is O(n²) terms instead of n!.
    Exact when V and W have exact matrices and A is a sympy matrix.
    """

    method = "spatial"

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(Σ|U_i|·(m²n + mn²)) over the transversals U_i."""
        m, n = W.dim, V.dim
        return float(sum(len(u) for u in V.group.transversals()) * (m * m * n + m * n * n))

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        if not isinstance(V.group, FiniteGroup):
            return "the spatial (group average) back-end needs a finite group"
        return None

    @cached_property
    def _levels(self) -> list[tuple[np.ndarray, np.ndarray]]:
        levels = []
        for keys in self.V.group.transversals():
            RW = np.stack([self.W._float(k) for k in keys])
            RVinv = np.stack([self.V._float(self.V.group._inv(k)) for k in keys])
            levels.append((RW, RVinv))
        return levels

    def _apply(self, A: np.ndarray) -> np.ndarray:
        for RW, RVinv in reversed(self._levels):
            total = np.zeros(A.shape, dtype=np.result_type(A, RW, RVinv))
            for rw, rv in zip(RW, RVinv):
                total += rw @ A @ rv
            A = total / len(RW)
        return A

    def _apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        G = self.V.group
        for keys in reversed(G.transversals()):
            total = sympy.zeros(*self.shape)
            for k in keys:
                total += self.W._exact(k) * A * self.V._exact(G._inv(k))
            A = (total / len(keys)).applyfunc(sympy.expand)
        return A.applyfunc(sympy.simplify)
