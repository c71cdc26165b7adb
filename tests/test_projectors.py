import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import groupproj as gp
from zoo import rep_pairs

PAIRS = rep_pairs()


def _bell(n):
    return int(sympy.bell(n))


@pytest.mark.parametrize("V, W", PAIRS)
def test_projector_laws(V, W):
    P = gp.projector(V, W)
    m, n = P.shape
    M = P.matrix()
    assert np.allclose(M @ M, M, atol=1e-10)
    assert np.allclose(M, M.T, atol=1e-12)
    assert P.dim == round(np.trace(M))
    assert P.dim == round(gp.character_inner_product(V, W))
    rng = np.random.default_rng(0)
    A = rng.standard_normal((3, m, n))
    PA = P(A)
    assert np.allclose(M @ A[0].reshape(-1), PA[0].reshape(-1), atol=1e-12)
    for g in V.group.generators:
        assert np.allclose(PA @ V(g), W(g) @ PA, atol=1e-10)
    assert np.allclose(P(PA), PA, atol=1e-12)  # P fixes equivariant maps
    B = P.basis()
    assert B.shape == (P.dim, m, n)
    assert np.allclose(np.einsum("aij,bij->ab", B, B), np.eye(P.dim), atol=1e-10)


@pytest.mark.parametrize("V, W", PAIRS)
def test_back_ends_agree(V, W):
    methods = ["spatial"] + (["orbit"] if V.is_permutation and W.is_permutation else [])
    A = np.random.default_rng(2).standard_normal(W.dim * V.dim).reshape(W.dim, V.dim)
    results = [gp.projector(V, W, method=m)(A) for m in methods]
    for r in results[1:]:
        assert np.allclose(r, results[0], atol=1e-10)


@pytest.mark.parametrize("V, W", [p for p in PAIRS if p.values[0].dim * p.values[1].dim <= 16])
def test_exact_and_float_agree(V, W):
    for method in ("spatial", "orbit"):
        if method == "orbit" and not (V.is_permutation and W.is_permutation):
            continue
        P = gp.projector(V, W, method=method)
        M = P.matrix(exact=True)
        assert M * M == M and M.T == M
        assert np.allclose(np.array(M.evalf(), dtype=float), P.matrix(), atol=1e-12)


def test_exact_projection_of_a_map():
    G = gp.icosahedral()
    V = G.natural()
    P = gp.projector(V, V, method="spatial")
    A = sympy.Matrix(3, 3, range(9))
    PA = P(A)
    assert PA == sympy.eye(3) * sympy.Rational(4)  # trace(A)/3 · I
    assert P.dim == 1


@pytest.mark.parametrize("k, l", [(1, 1), (2, 1), (2, 2), (3, 1), (1, 3)])
def test_symmetric_group_bell_numbers(k, l):
    n = k + l + 1
    S = gp.symmetric(n)
    P = gp.projector(S.natural() ** k, S.natural() ** l)
    assert P.method == "orbit"
    assert P.dim == _bell(k + l)


@pytest.mark.parametrize("n", [3, 5, 8])
def test_cyclic_and_dihedral_regular(n):
    C, D = gp.cyclic(n), gp.dihedral(n)
    assert gp.projector(C.regular(), C.regular()).dim == n
    assert gp.projector(D.regular(), D.regular()).dim == 2 * n
    assert gp.projector(D.regular(), D.regular(), method="spatial").dim == 2 * n


def test_orbit_back_end_scales_without_enumeration():
    S = gp.symmetric(12)
    V = S.natural() ** 2
    P = gp.projector(V, V)
    assert P.dim == 15 and P.structure.ids.shape == (144, 144)
    A = np.random.default_rng(0).standard_normal((144, 144))
    PA = P(A)
    perm = S.sample(1, seed=3)[0]
    assert np.allclose(V(perm) @ PA, PA @ V(perm))
    assert "_enumeration" not in S.__dict__


@settings(max_examples=25, deadline=None)
@given(arrays(np.float64, (2, 5, 5), elements=st.floats(-1e3, 1e3)))
def test_penalty_is_squared_distance(A):
    S = gp.symmetric(5)
    P = gp.projector(S.natural(), S.natural())
    pen = P.penalty(A)
    assert pen.shape == (2,)
    assert np.allclose(pen, np.sum((A - P(A)) ** 2, axis=(1, 2)), rtol=1e-9, atol=1e-6)
    # Pythagoras: ‖A‖² = ‖P A‖² + ‖A − P A‖²
    total = np.sum(A**2, axis=(1, 2))
    assert np.allclose(total, np.sum(P(A) ** 2, axis=(1, 2)) + pen, rtol=1e-9, atol=1e-6)


def test_sparse_formats_and_operator():
    D4 = gp.dihedral(4)
    for method in ("orbit", "spatial"):
        P = gp.projector(D4.natural(), D4.regular(), method=method)
        dense = P.matrix()
        assert np.allclose(P.matrix("csr").toarray(), dense)
        assert np.allclose(P.matrix("coo").toarray(), dense)
        x = np.arange(32.0)
        assert np.allclose(P.operator() @ x, dense @ x)


def test_bad_input_errors():
    D4 = gp.dihedral(4)
    P = gp.projector(D4.natural(), D4.regular())
    with pytest.raises(gp.DimensionMismatchError, match=r"\(\.\.\., 8, 4\)"):
        P(np.zeros((4, 8)))
    with pytest.raises(gp.UnknownNameError, match="method"):
        gp.projector(D4.natural(), D4.natural(), method="magic")
    with pytest.raises(gp.BackendNotApplicableError, match="permutation"):
        gp.projector(gp.quaternion().natural(), gp.quaternion().natural(), method="orbit")
    with pytest.raises(gp.UnknownNameError, match="format"):
        P.matrix("dok")
    with pytest.raises(gp.InvalidTypeError, match="Representation"):
        gp.projector(D4, D4.natural())


def test_size_limits_are_clear():
    S = gp.symmetric(20)
    P = gp.projector(S.natural() ** 2, S.natural() ** 2)
    with gp.size_limit("1G"):
        with pytest.raises(gp.SizeLimitError, match="orbit ids"):
            P.matrix("csr")
        with pytest.raises(gp.SizeLimitError, match="operator"):
            P.matrix("dense")
