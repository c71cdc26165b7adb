"""Orders of the named families come from their tags, at no cost, and agree with
Schreier–Sims; membership in a tagged family agrees with the stabiliser chain too."""

import itertools
import math

import pytest

import groupproj as gp


def _untagged(G):
    """The same generators without the family tag: order and membership by Schreier–Sims."""
    return gp.permutation_group([g.data for g in G.generators])


FAMILIES = [
    *(gp.cyclic(n) for n in (1, 2, 5, 12)),
    *(gp.dihedral(n) for n in (1, 2, 3, 6)),
    *(gp.symmetric(n) for n in (1, 2, 4, 6)),
    *(gp.alternating(n) for n in (1, 2, 3, 5, 6)),
]


@pytest.mark.parametrize("G", FAMILIES, ids=lambda G: G.name)
def test_tagged_order_agrees_with_schreier_sims(G):
    assert G.order == _untagged(G).order


@pytest.mark.parametrize(
    ("make", "formula"),
    [
        (gp.cyclic, lambda n: n),
        (gp.dihedral, lambda n: 2 * n),
        (gp.symmetric, math.factorial),
        (gp.alternating, lambda n: math.factorial(n) // 2),
    ],
    ids=["cyclic", "dihedral", "symmetric", "alternating"],
)
@pytest.mark.parametrize("n", [100, 10_000])
def test_large_orders_need_no_stabiliser_chain(make, formula, n):
    G = make(n)
    assert G.order == formula(n)
    assert "_chain" not in G.__dict__ and "_sympy" not in G.__dict__


def test_direct_products_multiply_the_orders():
    P = gp.direct_product(gp.symmetric(100), gp.cyclic(10_000))
    assert P.order == math.factorial(100) * 10_000
    assert gp.direct_product(gp.quaternion(), gp.dihedral(7)).order == 8 * 14


def test_quaternion_order_from_its_tag_agrees_with_enumeration():
    Q8 = gp.quaternion()
    assert Q8.order == 8 == len(gp.matrix_group([g.data for g in Q8.generators]).elements())


@pytest.mark.parametrize(
    "G",
    [gp.cyclic(6), gp.dihedral(5), gp.dihedral(6), gp.alternating(5), gp.symmetric(4)],
    ids=lambda G: G.name,
)
def test_tagged_membership_agrees_with_schreier_sims(G):
    H = _untagged(G)
    for p in itertools.permutations(range(G.degree)):
        assert (p in G) == (p in H), p


def test_membership_in_a_large_family_needs_no_stabiliser_chain():
    n = 10_000
    C = gp.cyclic(n)
    shift = [(i + 7) % n for i in range(n)]
    assert shift in C
    assert [1, 0, *range(2, n)] not in C
    D = gp.dihedral(n)
    assert [(3 - i) % n for i in range(n)] in D
    for G in (C, D):
        assert "_chain" not in G.__dict__ and "_sympy" not in G.__dict__
