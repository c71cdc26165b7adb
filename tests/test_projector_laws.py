"""The projector laws, for every back-end × every way a projector reaches a user.

A projector built in memory, written to a file in each format and read back, written to
MatrixMarket, or served from the cache must be the same projector: an orthogonal projector
(idempotent, self-adjoint) whose range is equivariant, of rank dim Hom_G(V, W) as the
characters count it, with an orthonormal basis of that range.
"""

from __future__ import annotations

import numpy as np
import pytest

import groupproj as gp
from groupproj.equivariant.factory import BACKENDS


def _finite_cases():
    D4, S4, Q8, T = gp.dihedral(4), gp.symmetric(4), gp.quaternion(), gp.tetrahedral()
    rot = gp.rep_from_generators(D4, [[[0, -1], [1, 0]], [[1, 0], [0, -1]]], name="plane")
    return [
        (D4.natural(), D4.regular()),
        (D4.natural() * D4.natural(), D4.natural() + D4.trivial()),
        (S4.natural(), S4.natural() + S4.sign()),
        (rot, rot + D4.natural()),
        (Q8.natural(), Q8.natural()),  # quaternionic type: End is ℍ
        (T.natural() * T.natural(), T.natural()),
        (gp.cyclic(3).irreps("complex")[1], gp.cyclic(3).natural()),  # complex, spatial only
    ]


def _compact_cases():
    SO2, O2, SO3, O3, SU2 = gp.SO2(), gp.O2(), gp.SO3(), gp.O3(), gp.SU2()
    return [
        (SO3.natural() * SO3.natural(), SO3.natural()),
        (SO3.irrep(1), SO3.irrep(1, basis="complex")),  # real against complex basis
        (O3.natural() ** 2, O3.irrep(1, 1) + O3.trivial()),
        (SO2.irrep(2) * SO2.natural(), SO2.irrep(1) + SO2.irrep(3, basis="complex")),
        (O2.irrep(1) * O2.irrep(1), O2.irrep(0, -1) + O2.trivial()),
        (SU2.irrep(0.5) * SU2.irrep(0.5), SU2.irrep(1)),
    ]


def _id(pair):
    V, W = pair
    return f"{V.group.name}:{V.name}->{W.name}"


ROUTES = ["memory", "auto", "basis", "dense", "csr", "coo", "mtx", "cache"]
"""How a projector reaches a user; a file in its structure's own format is also a route."""
NATIVE = {"orbit": "orbit", "spectral": "factored", "spatial": None}

CASES = [
    pytest.param(V, W, name, route, id=f"{_id((V, W))}:{name}:{route}")
    for V, W in _finite_cases() + _compact_cases()
    for name, backend in BACKENDS.items()
    if backend.unsuitable(V, W) is None
    for route in ROUTES + [NATIVE[name]] * (NATIVE[name] is not None)
]


def _route(P: gp.Projector, route: str, tmp_path) -> gp.Projector:
    """P as it reaches a user by ``route``."""
    if route == "memory":
        return P
    if route == "cache":
        return gp.cached_projector(P.V, P.W, method=P.method, cache=tmp_path / "cache")
    path = tmp_path / ("P.mtx" if route == "mtx" else f"P-{route}.npz")
    P.save(path, format="auto" if route == "mtx" else route)
    return gp.load(path)


def _dim_from_characters(V, W) -> float:
    G = V.group
    if G.is_finite:
        return gp.character_inner_product(V, W)
    elements, weights = G.quadrature(G.degree(V) + G.degree(W))
    return sum(w * V.character(g) * np.conj(W.character(g)) for g, w in zip(elements, weights))


def _elements(G):
    return G.generators if G.is_finite else G.sample(4, seed=7)


@pytest.mark.parametrize("V, W, method, route", CASES)
def test_laws(V, W, method, route, tmp_path):
    built = gp.projector(V, W, method=method)
    P = _route(built, route, tmp_path)
    m, n = P.shape
    assert isinstance(P, gp.Projector) and P.shape == (W.dim, V.dim)
    if V.group.is_finite or P.V is not None:  # rebuilt from the file's metadata
        assert P.V.group == V.group
        for rebuilt, rep in ((P.V, V), (P.W, W)):
            assert all(np.array_equal(rebuilt(g), rep(g)) for g in V.group.generators)
    tol = 200 * np.finfo(np.float64).eps * m * n
    M = P.matrix()
    assert np.abs(M @ M - M).max() <= tol  # idempotent
    assert np.abs(M - M.conj().T).max() <= tol  # self-adjoint
    assert abs(np.trace(M).real - P.dim) <= tol
    assert abs(P.dim - _dim_from_characters(V, W)) <= 1e-9
    assert P.dim == built.dim
    rng = np.random.default_rng(0)
    A = rng.standard_normal((3, m, n)) + 1j * rng.standard_normal((3, m, n))
    PA = P(A)
    assert np.abs(PA - built(A)).max() <= tol * np.abs(A).max()
    assert np.abs(P(PA) - PA).max() <= tol * np.abs(A).max()
    for g in _elements(V.group):
        assert np.abs(W(g) @ PA - PA @ V(g)).max() <= tol * np.abs(A).max()  # equivariant
    B = P.basis().reshape(P.dim, m * n)
    assert np.abs(B.conj() @ B.T - np.eye(P.dim)).max() <= tol  # orthonormal
    assert np.abs(P(B.reshape(P.dim, m, n)) - B.reshape(P.dim, m, n)).max() <= tol
    flat = A[0].reshape(-1)
    assert np.abs(M @ flat - PA[0].reshape(-1)).max() <= tol * np.abs(A).max()


def test_every_back_end_and_route_is_exercised():
    assert {c.values[2] for c in CASES} == set(BACKENDS)
    assert {c.values[3] for c in CASES} == {*ROUTES, "orbit", "factored"}
