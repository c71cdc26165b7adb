"""Hypothesis strategies over the zoo of :mod:`zoo`, with optional random orthonormal bases."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from scipy.stats import ortho_group

import groupproj as gp
from zoo import groups, reps

GROUPS = tuple(groups())


def rotated(rep: gp.Representation, seed: int) -> gp.Representation:
    """rep in a random orthonormal basis: still orthogonal, no longer a permutation rep."""
    if rep.dim == 1:
        return rep
    return rep.change_basis(ortho_group.rvs(rep.dim, random_state=seed))


@st.composite
def orthogonal_reps(draw, G: gp.FiniteGroup) -> gp.Representation:
    """A representation of G from the zoo, in a random orthonormal basis half of the time."""
    rep = draw(st.sampled_from(reps(G)))
    if draw(st.booleans()):
        rep = rotated(rep, draw(st.integers(0, 2**16)))
    return rep


@st.composite
def rep_pairs(draw) -> tuple[gp.Representation, gp.Representation]:
    """Two orthogonal representations (V, W) of one group of the zoo."""
    G = draw(st.sampled_from(GROUPS))
    return draw(orthogonal_reps(G)), draw(orthogonal_reps(G))


def random_map(V: gp.Representation, W: gp.Representation, seed: int) -> np.ndarray:
    """A standard normal map V → W, shape (W.dim, V.dim)."""
    return np.random.default_rng(seed).standard_normal((W.dim, V.dim))
