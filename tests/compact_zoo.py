"""Compact groups, their irreps and small representations shared by the compact-group tests."""

from __future__ import annotations

import groupproj as gp

GROUPS = [gp.SO2(), gp.O2(), gp.SO3(), gp.O3(), gp.SU2()]
BASES = {"SO(2)": ("real", "complex"), "O(2)": ("real", "complex"), "SO(3)": ("real", "complex"),
         "O(3)": ("real", "complex"), "SU(2)": ("complex", "real")}  # fmt: skip


def irreps(G, max_degree=3):
    """Every irrep of degree ≤ max_degree in every basis the group offers."""
    return [r for basis in BASES[G.name] for r in G.irreps(max_degree, basis)]


def reps(G):
    """Representations built by the algebra from irreps and the natural representation."""
    V = G.natural()
    top = G.irreps(2)[-1]
    return [
        G.trivial(),
        V,
        V + G.trivial(),
        V * V,
        V**3,
        top * V,
        (V + top) * V.dual(),
        top.dual() * V,
        top * top,
    ]


def is_trivial(rho):
    """Whether the irrep rho is trivial: 1-dimensional and 1 on the (topological) generators."""
    return rho.dim == 1 and all(abs(rho(s)[0, 0] - 1) < 1e-12 for s in rho.group.generators)
