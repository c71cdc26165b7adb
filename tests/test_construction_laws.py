"""The projector laws on the new constructions: actions, cosets, induction, Sym^k, Λ^k, point
groups and restrictions, with every back-end that applies.

Each projector must be idempotent and self-adjoint, with an equivariant range of rank
dim Hom_G(V, W) as the characters count it (the branching rules for compact restrictions).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import groupproj as gp
from groupproj.equivariant.factory import BACKENDS
from groupproj.groups import point_group


def _cases():
    S3, S4 = gp.symmetric(3), gp.symmetric(4)
    pairs = list(itertools.combinations(range(4), 2))
    subsets = S4.action(pairs, lambda g, s: tuple(sorted(g.data[i] for i in s)), name="pairs")
    C2, C3 = gp.permutation_group([[1, 0, 2]]), gp.permutation_group([[1, 2, 0]])
    D3h, Oh = point_group("D3h"), point_group("Oh")
    return [
        (subsets, S4.natural().sym(2)),
        (S4.natural().wedge(2), subsets),
        (C2.sign().induce(S3), S3.coset_action(C3)),
        (gp.permutation_group([[1, 0, 2, 3], [1, 2, 0, 3]]).natural().induce(S4), S4.regular()),
        (D3h.natural().wedge(2), D3h.irrep("E'") + D3h.trivial()),
        (D3h.natural().sym(2), D3h.natural()),
        (gp.O3().irrep(2, 1).restrict(Oh), Oh.irrep("Eg") + Oh.irrep("T2g")),
    ]


def _compact_cases():
    SO2, O2, SO3, O3 = gp.SO2(), gp.O2(), gp.SO3(), gp.O3()
    return [
        (SO3.irrep(2).restrict(SO2), SO2.irrep(1) + SO2.irrep(2)),
        (O3.irrep(1, -1).restrict(O2), O2.natural() + O2.trivial()),
        ((SO3.natural() * SO3.natural()).restrict(SO2), SO2.natural()),
    ]


CASES = [
    pytest.param(V, W, name, id=f"{V.group.name}:{V.name}->{W.name}:{name}")
    for V, W in _cases() + _compact_cases()
    for name, backend in BACKENDS.items()
    if backend.unsuitable(V, W) is None
]


def _count(V, W) -> int:
    """dim Hom_G(V, W): characters for a finite group, the branching rules' multiplicities
    (times dim End) for a compact one."""
    if V.group.is_finite:
        return gp.character_inner_product(V, W)
    mv, mw = V.decompose().multiplicities, W.decompose().multiplicities
    return sum(m * mw[r] * len(r.endomorphism_basis()) for r, m in mv.items() if r in mw)


@pytest.mark.parametrize("V, W, method", CASES)
def test_laws(V, W, method):
    P = gp.projector(V, W, method=method)
    M = P.matrix("dense")
    n = M.shape[0]
    tol = 1e-9 * max(1, n)
    assert np.abs(M @ M - M).max() < tol and np.abs(M - M.T).max() < tol
    assert P.dim == _count(V, W)
    rng = np.random.default_rng(0)
    A = P(rng.standard_normal(P.shape))
    elements = V.group.elements() if V.group.is_finite else V.group.sample(4, seed=3)
    for g in elements[:: max(1, len(elements) // 12)]:
        assert np.allclose(A @ V(g), W(g) @ A, atol=tol)
