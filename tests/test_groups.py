import math
import pickle

import networkx as nx
import numpy as np
import pytest

import groupproj as gp
from zoo import groups

ORDERS = {
    "C1": 1,
    "C6": 6,
    "D2": 4,
    "D5": 10,
    "S4": 24,
    "A4": 12,
    "Q8": 8,
    "K4": 4,
    "T": 12,
    "O": 24,
    "I": 60,
    "C2xS3": 12,
}


@pytest.mark.parametrize("G", groups(), ids=lambda G: G.name)
def test_group_laws(G):
    assert G.order == ORDERS[G.name]
    els = G.elements()
    assert len(set(els)) == G.order
    assert els[0] == G.identity
    rng = np.random.default_rng(0)
    for _ in range(20):
        a, b, c = (els[i] for i in rng.integers(len(els), size=3))
        assert (a * b) * c == a * (b * c)
        assert a * a.inverse() == G.identity == a.inverse() * a
        assert a * G.identity == a
    assert sum(c.size for c in G.conjugacy_classes()) == G.order
    assert G.conjugacy_classes()[0].size == 1


@pytest.mark.parametrize("G", groups(), ids=lambda G: G.name)
def test_cayley_table_and_classes(G):
    mult, inv = G.cayley_table
    n = G.order
    assert sorted(mult[0]) == list(range(n))
    assert np.all(mult[np.arange(n), inv] == 0)
    for c in G.conjugacy_classes():
        x = c.indices[0]
        conj = {int(mult[mult[g, x], inv[g]]) for g in range(n)}
        assert conj == set(c.indices)


@pytest.mark.parametrize("G", groups(), ids=lambda G: G.name)
def test_transversals_factor_the_group_uniquely(G):
    levels = G.transversals()
    assert math.prod(len(u) for u in levels) == G.order
    products = {G.identity.key}
    for level in levels:
        products = {G._mul(p, u) for p in products for u in level}
    assert len(products) == G.order


@pytest.mark.parametrize("G", groups(), ids=lambda G: G.name)
def test_pickle_and_hash(G):
    H = pickle.loads(pickle.dumps(G))
    assert H == G and hash(H) == hash(G)
    g = G.generators[-1]
    assert pickle.loads(pickle.dumps(g)) == g
    with pytest.raises(AttributeError):
        G.foo = 1


def test_permutation_multiplication_order():
    G = gp.symmetric(3)
    g, h = G.element([1, 2, 0]), G.element([1, 0, 2])
    assert (g * h).data == tuple(g.data[i] for i in h.data)


def test_large_permutation_groups_without_enumeration():
    S30 = gp.symmetric(30)
    assert S30.order == math.factorial(30)
    assert [29] + list(range(29)) in S30
    assert S30.orbits() == [tuple(range(30))]
    with pytest.raises(gp.GroupTooLargeError, match="enumerate"):
        S30.elements()
    g = S30.sample(1, seed=0)[0]
    assert g.data in S30 and g * g.inverse() == S30.identity


def test_words_multiply_back():
    G = gp.dihedral(6)
    for g in G.elements():
        h = G.identity
        for j, e in G.word(g):
            h = h * (G.generators[j] if e == 1 else G.generators[j].inverse())
        assert h == g


def test_alternating_and_membership():
    A5 = gp.alternating(5)
    assert A5.order == 60
    assert [1, 0, 2, 3, 4] not in A5
    assert [1, 2, 0, 3, 4] in A5
    with pytest.raises(gp.GroupMismatchError, match="not an element"):
        A5.element([1, 0, 2, 3, 4])


def test_matrix_group_closure_bound():
    theta = 1.0  # an irrational multiple of pi: infinite group
    R = [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    with pytest.raises(gp.GroupTooLargeError, match="may be infinite"):
        gp.matrix_group([R], max_order=500).elements()


def test_matrix_group_elements_are_exact():
    I = gp.icosahedral()
    M = I.exact_matrices
    for a in range(0, 60, 7):
        for b in range(0, 60, 11):
            assert (M[a] * M[b]).expand() == M[I._mul(a, b)]


@pytest.mark.parametrize(
    "graph, order",
    [
        (nx.cycle_graph(6), 12),
        (nx.petersen_graph(), 120),
        (nx.complete_graph(6), 720),
        (nx.hypercube_graph(3), 48),
        (nx.path_graph(5), 2),
        (nx.star_graph(4), 24),
    ],
)
def test_automorphism_group(graph, order):
    G = gp.automorphism_group(graph)
    assert G.order == order
    nodes = list(graph.nodes)
    edges = {frozenset((nodes.index(u), nodes.index(v))) for u, v in graph.edges}
    for g in G.generators:
        assert {frozenset((g.data[u], g.data[v])) for u, v in map(tuple, edges)} == edges


def test_direct_product():
    P = gp.direct_product(gp.cyclic(3), gp.dihedral(4))
    assert P.order == 24 and len(P.elements()) == 24
    g = P.element((P.factors[0].generators[0], P.factors[1].generators[1]))
    assert g.inverse() * g == P.identity
    with pytest.raises(gp.GroupMismatchError):
        P.element(3)


def test_bad_constructor_input():
    with pytest.raises(gp.GroupMismatchError, match="not a permutation"):
        gp.permutation_group([[0, 0, 1]])
    with pytest.raises(gp.DimensionMismatchError):
        gp.permutation_group([[1, 0], [1, 2, 0]])
    with pytest.raises(gp.DimensionMismatchError, match="singular"):
        gp.matrix_group([[[1, 1], [1, 1]]])
    with pytest.raises(gp.InvalidValueError, match=">= 1"):
        gp.cyclic(0)
