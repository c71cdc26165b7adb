"""Hypothesis strategies for a zoo of small finite groups and orthogonal representations.

Shared by tests that state laws over many groups and representations at once.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from scipy.stats import ortho_group

import groupproj as gp

GROUPS = (
    gp.cyclic(1),
    gp.cyclic(3),
    gp.cyclic(6),
    gp.dihedral(2),
    gp.dihedral(5),
    gp.symmetric(3),
    gp.symmetric(4),
    gp.alternating(4),
    gp.klein_four(),
    gp.quaternion(),
    gp.tetrahedral(),
    gp.octahedral(),
    gp.direct_product(gp.cyclic(2), gp.symmetric(3)),
)
"""Small groups of every kind: permutation, matrix, product; abelian and not."""

MAX_DIM = 30


def _basic(G: gp.FiniteGroup) -> list[gp.Representation]:
    reps = [G.trivial(), G.natural(), G.regular()]
    if isinstance(G, gp.PermutationGroup):
        reps.append(G.sign())
    return [r for r in reps if r.dim <= MAX_DIM]


def rotated(rep: gp.Representation, seed: int) -> gp.Representation:
    """rep in a random orthonormal basis: orthogonal, but no longer a permutation rep."""
    if rep.dim == 1:
        return rep
    return rep.change_basis(ortho_group.rvs(rep.dim, random_state=seed))


@st.composite
def orthogonal_reps(draw, G: gp.FiniteGroup) -> gp.Representation:
    """A sum or product of basic representations of G, possibly in a rotated basis."""
    basic = _basic(G)
    rep = draw(st.sampled_from(basic))
    op = draw(st.sampled_from(["none", "sum", "tensor", "dual"]))
    other = draw(st.sampled_from(basic))
    if op == "sum" and rep.dim + other.dim <= MAX_DIM:
        rep = rep + other
    elif op == "tensor" and rep.dim * other.dim <= MAX_DIM:
        rep = rep * other
    elif op == "dual":
        rep = rep.dual()
    if draw(st.booleans()):
        rep = rotated(rep, draw(st.integers(0, 2**16)))
    return rep


@st.composite
def rep_pairs(draw) -> tuple[gp.Representation, gp.Representation]:
    """Two orthogonal representations (V, W) of one group from :data:`GROUPS`."""
    G = draw(st.sampled_from(GROUPS))
    return draw(orthogonal_reps(G)), draw(orthogonal_reps(G))


def random_map(V: gp.Representation, W: gp.Representation, seed: int) -> np.ndarray:
    """A standard normal map V → W, shape (W.dim, V.dim)."""
    return np.random.default_rng(seed).standard_normal((W.dim, V.dim))
