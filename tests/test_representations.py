import pickle

import numpy as np
import pytest
import sympy

import groupproj as gp
from zoo import groups, reps


def _all_reps():
    return [pytest.param(V, id=f"{G.name}:{V.name}") for G in groups() for V in reps(G)]


@pytest.mark.parametrize("V", _all_reps())
def test_representation_is_a_homomorphism(V):
    G = V.group
    els = G.elements()
    rng = np.random.default_rng(1)
    assert np.allclose(V(G.identity), np.eye(V.dim))
    for _ in range(10):
        g, h = (els[i] for i in rng.integers(len(els), size=2))
        assert np.allclose(V(g * h), V(g) @ V(h), atol=1e-12)
        assert np.allclose(V(g.inverse()), np.linalg.inv(V(g)), atol=1e-12)
    assert V.is_orthogonal()


@pytest.mark.parametrize("V", _all_reps())
def test_exact_matrices_agree_with_float(V):
    for g in V.group.elements()[:6]:
        exact = V(g, exact=True)
        assert isinstance(exact, sympy.MatrixBase)
        assert np.allclose(np.array(exact.evalf(), dtype=float), V(g), atol=1e-12)


@pytest.mark.parametrize("V", _all_reps())
def test_pickle_roundtrip(V):
    U = pickle.loads(pickle.dumps(V))
    assert U == V and hash(U) == hash(V)
    g = V.group.generators[0]
    assert np.array_equal(U(g), V(g))


def test_algebra_dimensions_and_characters():
    S4 = gp.symmetric(4)
    nat, sgn, triv = S4.natural(), S4.sign(), S4.trivial()
    V = nat**2 + triv
    assert V.dim == 17 and V.name == "natural^2+trivial"
    for c in S4.conjugacy_classes():
        g = c.representative
        assert np.isclose(V.character(g), nat.character(g) ** 2 + 1)
        assert np.isclose((nat * sgn).character(g), nat.character(g) * sgn.character(g))
    assert gp.tensor(nat, sgn) == nat * sgn


def test_tensor_product_is_kronecker_row_major():
    D4 = gp.dihedral(4)
    V, W = D4.natural(), D4.regular()
    g = D4.generators[0]
    assert np.array_equal((V * W)(g), np.kron(V(g), W(g)))


def test_dual_restrict_change_basis():
    G = gp.alternating(4)
    V = G.natural()
    g = G.generators[1]
    assert np.allclose(V.dual()(g), np.linalg.inv(V(g)).T)
    Q = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1]])
    U = V.change_basis(Q)
    assert np.allclose(U(g), np.linalg.inv(Q) @ V(g) @ Q)
    assert U(g, exact=True) == sympy.Matrix(Q).inv() * V(g, exact=True) * sympy.Matrix(Q)
    K = gp.klein_four()
    S4 = gp.symmetric(4)
    R = S4.natural().restrict(K)
    for k in K.elements():
        assert np.array_equal(R(k), S4.natural()(k.data))
    with pytest.raises(gp.GroupMismatchError, match="not a subgroup"):
        gp.cyclic(4).natural().restrict(gp.cyclic(3))


def test_orthogonalized_gives_an_equivalent_orthogonal_rep():
    C3 = gp.cyclic(3)
    # rotation by 120 degrees in a skewed basis: a representation, not orthogonal
    R = np.array([[0, -1], [1, -1]])
    V = gp.rep_from_generators(C3, [R])
    assert not V.is_orthogonal()
    with pytest.raises(gp.NotOrthogonalError, match="orthogonalized"):
        gp.projector(V, V)
    for exact in (False, True):
        U = V.orthogonalized(exact=exact)
        assert U.is_orthogonal()
        for g in C3.elements():
            assert np.isclose(U.character(g), V.character(g))
    assert gp.projector(V.orthogonalized(), V.orthogonalized()).dim == 2


def test_rep_from_generators_checks_homomorphism():
    S3 = gp.symmetric(3)
    # images of the 3-cycle and the transposition in the 2-dim standard rep
    c = sympy.Matrix([[0, -1], [1, -1]])
    t = sympy.Matrix([[0, 1], [1, 0]])
    V = gp.rep_from_generators(S3, [c, t])
    assert V.dim == 2 and V.is_exact
    with pytest.raises(gp.NotAHomomorphismError, match="relations"):
        gp.rep_from_generators(S3, [c, sympy.eye(2) * -1 + t * 0 + sympy.Matrix([[1, 1], [0, 1]])])
    with pytest.raises(gp.NotAHomomorphismError):
        gp.rep_from_generators(S3, [np.eye(2), -np.eye(2) + 0.001])
    with pytest.raises(gp.DimensionMismatchError, match="generators"):
        gp.rep_from_generators(S3, [c])
    with pytest.raises(gp.DimensionMismatchError, match="shape"):
        gp.rep_from_generators(S3, [c, np.eye(3)])


def test_mismatched_groups_are_refused():
    with pytest.raises(gp.GroupMismatchError, match="different groups"):
        gp.cyclic(3).natural() + gp.cyclic(4).natural()
    with pytest.raises(gp.GroupMismatchError):
        gp.projector(gp.cyclic(3).natural(), gp.cyclic(4).natural())
    with pytest.raises(gp.GroupMismatchError):
        gp.cyclic(3).natural()(gp.cyclic(4).generators[0])


def test_exact_requires_exact_data():
    C4 = gp.cyclic(4)
    V = gp.rep_from_generators(C4, [np.array([[0.0, -1.0], [1.0, 0.0]]) * 1.0])
    assert V.is_exact  # integer-valued floats are exact
    s = np.sqrt(0.5)
    C8 = gp.cyclic(8)
    W = gp.rep_from_generators(C8, [np.array([[s, -s], [s, s]])])
    with pytest.raises(gp.ExactnessError, match="sympy"):
        W(C8.generators[0], exact=True)
