"""The representation algebra's operands: n copies, lists of representations, powers whose
dimension needs Python integers, and the errors named for what went wrong."""

import numpy as np
import pytest
import sympy as sp

import groupproj as gp
from groupproj.limits import size_limit

S3 = gp.symmetric(3)
V = S3.natural()


@pytest.mark.parametrize("n", [1, 2, 3, np.int64(3)])
def test_n_copies_are_the_direct_sum(n):
    k = int(n)
    expected = gp.direct_sum(*([V] * k))
    for W in (n * V, V * n):
        assert W == expected
        assert W.dim == k * V.dim
        for g in S3.elements():
            assert np.array_equal(W(g), np.kron(np.eye(k), V(g)))
            assert W(g, exact=True) == sp.ImmutableMatrix(sp.diag(*([V(g, exact=True)] * k)))


def test_three_copies_equal_the_sum_of_three():
    assert 3 * V == V + V + V == V * 3
    assert (3 * V).decompose().multiplicities == {
        irrep: 3 * m for irrep, m in V.decompose().blocks
    }


def test_direct_sum_and_tensor_take_a_list():
    W = S3.sign()
    assert gp.direct_sum([V] * 3) == gp.direct_sum(V, V, V) == 3 * V
    assert gp.direct_sum(iter([V, W])) == V + W
    assert gp.reps.tensor([V, W]) == V * W == gp.reps.tensor(V, W)
    assert gp.direct_sum([V]) == V


def test_tensor_power_dimensions_are_exact_python_integers():
    with size_limit(2**70):
        P = V**41  # 3^41 > 2^63: a numpy product would have wrapped around
        assert P.dim == 3**41
        assert (P * V).dim == 3**42


def test_orthogonalized_returns_an_orthogonal_compact_rep_as_it_is():
    G = gp.SO3()
    U = G.natural() + G.irrep(2)
    assert U.orthogonalized() is U
    skew = G.natural().change_basis([[1.0, 1, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(gp.NotOrthogonalError, match="orthogonal changes of basis"):
        skew.orthogonalized()


def test_errors_are_named_for_what_went_wrong():
    with pytest.raises(gp.NotAPermutationError):
        gp.SO3().natural().generator_permutations()
    with pytest.raises(gp.NoLieAlgebraError):
        gp.SO3().natural().restrict(gp.SO3()).lie_algebra()
    with pytest.raises(gp.InvalidValueError, match="integer >= 1"):
        V**0
    with pytest.raises(gp.InvalidTypeError, match="positive integer"):
        V * 2.5


def test_group_element_powers_use_repeated_squaring():
    C = gp.cyclic(7)
    g = C.generators[0]
    assert g ** (10**30) == g ** (10**30 % 7)
    assert g**-1 == g.inverse()
    assert g**0 == C.identity


def test_compact_restriction_to_itself_is_an_equal_representation():
    G = gp.SO3()
    R = G.natural().restrict(G)
    h = G.sample(1, seed=3)[0]
    assert np.allclose(R(h), G.natural()(h))
