"""Projectors onto Hom_G(V, W) for compact groups: spectral and quadrature back-ends."""

import numpy as np
import pytest
import sympy as sp
from compact_zoo import GROUPS, reps

import groupproj as gp
from groupproj.equivariant.factory import BACKENDS
from groupproj.errors import ExactnessError


def pairs(G):
    rs = reps(G)
    return [(rs[i], rs[j]) for i, j in ((1, 1), (3, 1), (3, 3), (4, 0), (5, 2), (6, 3), (7, 7))]


def test_spatial_is_the_quadrature_on_compact_groups():
    G = gp.SO3()
    V = G.natural() ** 2
    assert list(BACKENDS) == ["orbit", "spectral", "spatial"]
    for method in ("spatial", "quadrature"):
        P = gp.projector(V, V, method=method)
        assert P.method == "spatial" and P.dim == 3


@pytest.mark.parametrize("G", GROUPS, ids=lambda G: G.name)
def test_projector_laws_and_back_ends_agree(G):
    rng = np.random.default_rng(0)
    elements = G.sample(3, 1)
    for V, W in pairs(G):
        P = gp.projector(V, W)
        assert P.method == "spectral"
        Pq = gp.projector(V, W, method="quadrature")
        M = P.matrix()
        assert np.allclose(M, Pq.matrix(), atol=1e-10), (V.name, W.name)
        assert np.allclose(M @ M, M, atol=1e-10)
        assert np.allclose(M, M.conj().T, atol=1e-10)
        A = rng.standard_normal((4, *P.shape))
        for PA in (P(A), Pq(A)):
            for g in elements:
                assert np.allclose(W(g) @ PA, PA @ V(g), atol=1e-10)
            X_V, X_W = V.lie_algebra(), W.lie_algebra()
            assert np.allclose(X_W @ PA[:, None], PA[:, None] @ X_V, atol=1e-9)
        B = P.basis()
        assert len(B) == P.dim == Pq.dim
        assert np.allclose(P(B), B, atol=1e-10) and np.allclose(Pq(B), B, atol=1e-10)
        # dim Hom_G(V, W) = ∫ χ_V conj(χ_W) dg, by the exact quadrature of degree deg V + deg W
        elements_q, weights = G.quadrature(G.degree(V) + G.degree(W))
        chi = sum(
            w * V.character(g) * np.conj(W.character(g)) for g, w in zip(elements_q, weights)
        )
        assert np.isclose(chi, P.dim, atol=1e-9), (V.name, W.name)


def test_classic_dimensions():
    G = gp.SO3()
    V = G.natural()
    assert gp.projector(V, V).dim == 1
    assert gp.projector(V * V, V).dim == 1
    assert gp.projector(V * V, V * V).dim == 3
    assert gp.projector(V**3, G.trivial()).dim == 1
    H = gp.O3()
    assert gp.projector(H.natural() ** 2, H.natural()).dim == 0
    assert gp.projector(H.natural() ** 2, H.irrep(1, 1)).dim == 1
    assert gp.projector(gp.SO2().irrep(3), gp.SO2().irrep(3)).dim == 2
    assert gp.projector(gp.O2().irrep(3), gp.O2().irrep(3)).dim == 1


def test_exact_projector_is_the_levi_civita_projector():
    G = gp.SO3()
    V = G.natural()
    P = gp.projector(V * V, V)
    eps = sp.Matrix(27, 1, lambda n, _: sp.LeviCivita(n // 9, (n // 3) % 3, n % 3))
    assert P.matrix(exact=True) == eps * eps.T / 6
    assert np.allclose(P.matrix(), np.array(eps * eps.T / 6, dtype=float), atol=1e-14)
    cross = sp.Matrix(3, 9, list(eps))
    assert P(cross) == cross
    # the quadrature is floating point; an exact projection goes through the exact isotypic
    # bases of V and W, whatever back-end built P
    assert gp.projector(V * V, V, method="quadrature")(cross) == cross
    with pytest.raises(ExactnessError):
        gp.projector(V**4, V**2, method="quadrature")(sp.zeros(9, 81))


def test_exact_projector_so2():
    G = gp.SO2()
    P = gp.projector(G.natural() * G.natural(), G.trivial())
    assert (
        P.matrix(exact=True)
        == sp.Matrix([[1, 0, 0, 1], [0, 1, -1, 0], [0, -1, 1, 0], [1, 0, 0, 1]]) / 2
    )


def test_mixed_bases_agree_across_back_ends():
    G = gp.SO3()
    V = G.natural().change_basis(np.diag([1.0, 1.0, -1.0]) @ gp.harmonic.l1_to_cartesian())
    W = G.irrep(1) * G.irrep(1, basis="complex")
    P, Q = gp.projector(W, V), gp.projector(W, V, method="spatial")
    assert (P.method, Q.method) == ("spectral", "spatial")
    assert P.dim == Q.dim == 1
    A = np.random.default_rng(3).standard_normal((2, *P.shape))
    assert np.allclose(P(A), Q(A), atol=1e-12)


def test_complex_bases():
    G = gp.SO2()
    P = gp.projector(G.irrep(2, basis="complex"), G.irrep(2, basis="complex"))
    assert P.dim == 1
    S = gp.SU2()
    half = S.irrep(0.5)
    P = gp.projector(half * half, S.trivial())
    Pq = gp.projector(half * half, S.trivial(), method="quadrature")
    assert P.dim == Pq.dim == 1
    assert np.allclose(P.matrix(), Pq.matrix(), atol=1e-12)
