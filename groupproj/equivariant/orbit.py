"""The orbit back-end: permutation representations, from the generators alone."""

from __future__ import annotations

import numpy as np

from groupproj.equivariant.backend import Backend
from groupproj.equivariant.structure import Orbits
from groupproj.reps.base import Representation

__all__ = ["OrbitBackend", "orbit_ids"]


def orbit_ids(perms_W: list[np.ndarray], perms_V: list[np.ndarray]) -> np.ndarray:
    """Orbit labels of the index pairs (i, j) under (i, j) ↦ (p_W(i), p_V(j)).

    Connected components of the graph whose edges join each pair to its
    images under the generators, by min-label propagation with pointer
    jumping: every label is a pair in the same orbit and no larger than its
    own index, so at the fixed point each orbit carries its smallest index.
    Labels are then renumbered 0, 1, … in order of that smallest index.
    Costs O(mn·|S|) memory and O(mn·|S|) per round; the rounds are few in practice.
    """
    m, n = len(perms_W[0]), len(perms_V[0])
    size = m * n
    dtype = np.int32 if size < 2**31 else np.int64
    images = [
        (pw.astype(dtype)[:, None] * n + pv.astype(dtype)[None, :]).ravel()
        for pw, pv in zip(perms_W, perms_V)
    ]
    labels = np.arange(size, dtype=dtype)
    while True:
        before = labels.copy()
        for img in images:
            np.minimum(labels, labels[img], out=labels)
            labels[img] = np.minimum(labels[img], labels)
        labels = labels[labels]
        if np.array_equal(labels, before):
            break
    rank = np.cumsum(labels == np.arange(size, dtype=dtype), dtype=np.int64) - 1
    return rank.astype(dtype)[labels].reshape(m, n)


class OrbitBackend(Backend):
    """P(A) is the mean of A over each orbit of G on the index pairs (i, j).

    For permutation representations V and W (and their sums and tensor products), the
    indicator matrices of the orbits of G on {0..W.dim−1} × {0..V.dim−1} form an orthogonal
    basis of Hom_G(V, W). The orbits come from the generators' permutations alone; no group
    element is ever enumerated. Memory O(mn·|S|) to build, O(mn) to keep; applying P costs
    O(mn) per map. See :class:`~groupproj.equivariant.structure.Orbits`.
    """

    name = "orbit"

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        bad = [r.name for r in (V, W) if not r.is_permutation]
        if bad:
            return (
                f"the orbit back-end needs permutation representations; {', '.join(bad)} "
                "does not permute a basis"
            )
        return None

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(mn): one pass of orbit means over the entries."""
        return float(W.dim * V.dim)

    @classmethod
    def memory(cls, V: Representation, W: Representation) -> float:
        """(|S| + 4) int64 arrays of mn labels while propagating."""
        return 8.0 * (len(V.group.generators) + 4) * W.dim * V.dim

    @classmethod
    def build(cls, V: Representation, W: Representation) -> Orbits:
        return Orbits(orbit_ids(W.generator_permutations(), V.generator_permutations()))
