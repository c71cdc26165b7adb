"""Laws of the constructions: actions, coset actions, induction, symmetric and exterior powers.

Frobenius reciprocity, the dimensions of Sym^k and Λ^k, their characters, and the branching of
induction (its multiplicities, transitivity, and the coset action as the induced trivial
representation) are checked over a zoo of subgroup pairs.
"""

from __future__ import annotations

import itertools
import math
import pickle

import networkx as nx
import numpy as np
import pytest
import sympy

import groupproj as gp
from groupproj.groups import point_group

PAIRS = {  # (G, H) with H a subgroup of G given by its own generators
    "S4>S3": lambda: (gp.symmetric(4), gp.permutation_group([[1, 0, 2, 3], [1, 2, 0, 3]])),
    "S4>D4": lambda: (gp.symmetric(4), gp.dihedral(4)),
    "S4>A4": lambda: (gp.symmetric(4), gp.alternating(4)),
    "A5>A4": lambda: (gp.alternating(5), gp.permutation_group([[1, 2, 0, 3, 4], [0, 2, 3, 1, 4]])),
    "D6>C6": lambda: (gp.dihedral(6), gp.permutation_group([[1, 2, 3, 4, 5, 0]])),
    "Oh>D4h": lambda: (point_group("Oh"), point_group("D4h")),
    "Oh>Td": lambda: (point_group("Oh"), point_group("Td")),
    "D6h>D3h": lambda: (point_group("D6h"), point_group("D3h")),
    "C6>C3": lambda: (gp.cyclic(6), gp.permutation_group([[2, 3, 4, 5, 0, 1]])),
}


@pytest.fixture(params=sorted(PAIRS))
def pair(request):
    return PAIRS[request.param]()


def _reps(G):
    return [*G.irreps(), G.natural()]


def _check_homomorphism(V, elements):
    rng = np.random.default_rng(0)
    for _ in range(8):
        g, h = (elements[i] for i in rng.integers(len(elements), size=2))
        assert np.allclose(V(g * h), V(g) @ V(h))
        assert np.allclose(V(g).T @ V(g), np.eye(V.dim))


def test_frobenius_reciprocity(pair):
    G, H = pair
    for V in _reps(H):
        induced = V.induce(G)
        assert induced.dim == G.order // H.order * V.dim
        _check_homomorphism(induced, G.elements())
        for W in _reps(G):
            left = gp.character_inner_product(induced, W)
            right = gp.character_inner_product(V, W.restrict(H))
            assert isinstance(left, int) and left == right


def test_branching_of_induction(pair):
    G, H = pair
    for V in H.irreps("complex"):
        induced = V.induce(G)
        chi = induced.characters()
        table = G.character_table()
        # Ind V = sum over the irreps rho of G of <V, rho|_H> rho
        expected = sum(
            gp.character_inner_product(rho.restrict(H), V) * table.values_float[rho.index]
            for rho in G.irreps("complex")
        )
        assert np.allclose(chi, expected)
    # the coset action is the induced trivial representation; induction is transitive
    assert np.allclose(G.coset_action(H).characters(), H.trivial().induce(G).characters())
    K = gp.permutation_group([H.generators[0].data]) if hasattr(H, "degree") else None
    if K is not None and K.is_subgroup_of(H):
        for V in K.irreps():
            assert np.allclose(V.induce(H).induce(G).characters(), V.induce(G).characters())


def test_induced_matrices_are_exact_and_permutations_stay_permutations():
    G, H = PAIRS["S4>S3"]()
    V = H.natural().induce(G)
    assert V.is_permutation
    for g in G.elements()[:6]:
        assert V(g, exact=True) == sympy.Matrix(V(g).astype(int).tolist())
    W = H.irreps()[1].induce(G)
    g = G.elements()[5]
    assert np.allclose(np.array(W(g, exact=True).evalf(), dtype=float), W(g))
    assert pickle.loads(pickle.dumps(W)) == W
    with pytest.raises(gp.GroupMismatchError):
        gp.symmetric(3).natural().induce(gp.cyclic(5))


ACTIONS = {
    "2-subsets": (4, lambda n: itertools.combinations(range(n), 2)),
    "ordered pairs": (4, lambda n: itertools.permutations(range(n), 2)),
    "3-subsets of 7": (7, lambda n: itertools.combinations(range(n), 3)),
}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_actions_on_tuples_and_subsets(name):
    n, points = ACTIONS[name]
    G = gp.symmetric(n)
    pts = list(points(n))
    if "subsets" in name:
        act = lambda g, s: tuple(sorted(g.data[i] for i in s))  # noqa: E731
    else:
        act = lambda g, s: tuple(g.data[i] for i in s)  # noqa: E731
    V = G.action(pts, act)
    assert V.dim == len(pts) and V.is_permutation
    for g in G.sample(5, seed=1):
        expected = np.zeros((V.dim, V.dim))
        for i, x in enumerate(pts):
            expected[pts.index(act(g, x)), i] = 1
        assert np.array_equal(V(g), expected)
    seen, orbits = set(), 0  # dim Hom(V, V) is the number of orbits on pairs of points
    for x in pts:
        for y in pts:
            if (x, y) not in seen:
                orbits += 1
                seen |= {(act(g, x), act(g, y)) for g in G.elements()}
    assert gp.character_inner_product(V, V) == orbits
    assert pickle.loads(pickle.dumps(V)) == V


def test_action_on_edges_of_a_graph_and_on_a_matrix_group():
    cube = nx.hypercube_graph(3)
    G = gp.automorphism_group(cube)
    nodes = sorted(cube.nodes)
    edges = [frozenset(e) for e in cube.edges]
    V = G.action(edges, lambda g, e: frozenset(nodes[g.data[nodes.index(v)]] for v in e))
    assert V.dim == 12 and gp.character_inner_product(V, G.trivial()) == 1
    Oh = point_group("Oh")
    axes = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)]

    def move(g, v):
        return tuple(int(round(x)) for x in np.asarray(g.data, dtype=float) @ v)

    W = Oh.action(axes, move)  # the six faces of the cube
    assert str(W.decompose()) == "A1g ⊕ Eg ⊕ T1u"


def test_action_refusals():
    G = gp.symmetric(3)
    with pytest.raises(gp.InvalidValueError, match="not one of the points"):
        G.action([0, 1, 2], lambda g, x: x + 10)
    with pytest.raises(gp.NotAPermutationError):
        G.action([0, 1, 2], lambda g, x: 0)
    with pytest.raises(gp.NotAHomomorphismError):  # right action written as a left one
        G.action(list(itertools.permutations(range(3))), lambda g, p: tuple(p[i] for i in g.data))
    with pytest.raises(gp.InvalidTypeError):
        G.action([0, 1, 2], "not a function")
    with pytest.raises(gp.DimensionMismatchError):
        G.action([0, 0, 1], lambda g, x: x)


def test_action_of_a_large_symmetric_group_never_enumerates():
    G = gp.symmetric(12)
    pts = list(itertools.combinations(range(12), 2))
    V = G.action(pts, lambda g, s: tuple(sorted(g.data[i] for i in s)))
    g, h = G.sample(2, seed=4)
    assert np.array_equal(V(g * h), V(g) @ V(h))
    assert gp.character_inner_product(V, V) == 3
    assert "_enumeration" not in G.__dict__
    P = gp.projector(V, V)
    assert P.dim == 3


@pytest.mark.parametrize("k", [1, 2, 3])
def test_power_dimensions_characters_and_embeddings(k):
    for V in [
        gp.symmetric(4).natural(),
        gp.icosahedral().natural(),
        point_group("D3h").natural(),
    ]:
        d = V.dim
        S, L = V.sym(k), V.wedge(k)
        assert S.dim == math.comb(d + k - 1, k) and L.dim == math.comb(d, k)
        for P in (S, L):
            E = P.embedding()
            assert np.allclose(E.T @ E, np.eye(P.dim))
            for g in V.group.sample(3, seed=k):
                big = (V**k)(g) if k > 1 else V(g)
                assert np.allclose(E.T @ big @ E, P(g))
                assert np.allclose(big @ E @ E.T, E @ E.T @ big)  # an invariant subspace
            _check_homomorphism(P, V.group.elements())
        if k == 2:  # chi_Sym2(g) = (chi(g)^2 + chi(g^2)) / 2, chi_L2 with a minus
            for c in V.group.conjugacy_classes():
                g = c.representative
                a, b = V.character(g), V.character(g * g)
                assert np.isclose(S.character(g), (a * a + b) / 2)
                assert np.isclose(L.character(g), (a * a - b) / 2)
            assert np.allclose(S.characters() + L.characters(), (V * V).characters())


def test_powers_exact_and_the_a5_example():
    V = gp.icosahedral().natural()
    assert str((V * V).decompose()) == "1 ⊕ 3 ⊕ 5"
    assert str(V.sym(2).decompose()) == "1 ⊕ 5" and str(V.wedge(2).decompose()) == "3"
    for g in V.group.elements()[:5]:
        for P in (V.sym(2), V.wedge(2), V.sym(3)):
            assert np.allclose(np.array(P(g, exact=True).evalf(), dtype=float), P(g))
    E = V.sym(2).embedding(exact=True)
    assert (E.T * E).applyfunc(sympy.simplify) == sympy.eye(6)
    assert V.sym(2).is_real and not gp.symmetric(3).natural().wedge(2).is_permutation
    assert gp.symmetric(3).natural().sym(2).is_permutation
    with pytest.raises(gp.InvalidValueError):
        V.sym(0)
    assert len(gp.SO3().natural().wedge(2).basis) == 3
