"""A zoo of finite groups and representations shared by the law tests."""

from __future__ import annotations

import groupproj as gp


def groups():
    return [
        gp.cyclic(1),
        gp.cyclic(6),
        gp.dihedral(2),
        gp.dihedral(5),
        gp.symmetric(4),
        gp.alternating(4),
        gp.quaternion(),
        gp.klein_four(),
        gp.tetrahedral(),
        gp.octahedral(),
        gp.icosahedral(),
        gp.direct_product(gp.cyclic(2), gp.symmetric(3)),
    ]


def reps(G):
    """Representations of G, small enough for exact checks."""
    out = [G.trivial(), G.natural()]
    if G.order <= 24:
        out.append(G.regular())
    if hasattr(G, "sign"):
        out.append(G.sign())
    nat = G.natural()
    if nat.dim <= 4:
        out.append(nat * nat)
    out.append(nat + G.trivial())
    return out


def rep_pairs():
    """(V, W) pairs over the zoo, each with an id."""
    pairs = []
    for G in groups():
        rs = reps(G)
        for V in rs:
            for W in rs:
                if V.dim * W.dim <= 150:
                    pairs.append(pytest_param(V, W))
    return pairs


def pytest_param(V, W):
    import pytest

    return pytest.param(V, W, id=f"{V.group.name}:{V.name}->{W.name}")
