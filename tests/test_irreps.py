"""Irreducible representations of finite groups: defining properties over a zoo."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import sympy

import groupproj as gp

GROUPS = {
    "C1": lambda: gp.cyclic(1),
    "C6": lambda: gp.cyclic(6),
    "D4": lambda: gp.dihedral(4),
    "D5": lambda: gp.dihedral(5),
    "D2": lambda: gp.dihedral(2),
    "Q8": gp.quaternion,
    "S3": lambda: gp.symmetric(3),
    "S4": lambda: gp.symmetric(4),
    "A4": lambda: gp.alternating(4),
    "A5": lambda: gp.alternating(5),
    "K4": gp.klein_four,
    "T": gp.tetrahedral,
    "O": gp.octahedral,
    "I": gp.icosahedral,
    "C3xQ8": lambda: gp.direct_product(gp.cyclic(3), gp.quaternion()),
    "C4xC3": lambda: gp.direct_product(gp.cyclic(4), gp.cyclic(3)),
    "Q8xQ8": lambda: gp.direct_product(gp.quaternion(), gp.quaternion()),
    "C2xS3": lambda: gp.direct_product(gp.cyclic(2), gp.symmetric(3)),
    "user": lambda: gp.permutation_group([[1, 2, 3, 4, 0, 5], [1, 0, 2, 3, 4, 5]]),
}
_groups: dict = {}


def group(name):
    if name not in _groups:
        _groups[name] = GROUPS[name]()
    return _groups[name]


def all_matrices(rep):
    return np.stack([rep(g) for g in rep.group.elements()])


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_complex_irreps_schur_orthogonality(name):
    G = group(name)
    irreps = G.irreps("complex")
    n = G.order
    assert len(irreps) == len(G.conjugacy_classes())
    assert sum(r.dim**2 for r in irreps) == n
    mats = [all_matrices(r) for r in irreps]
    for a, ma in zip(irreps, mats):
        for s in G.generators:
            assert np.allclose(a(s).conj().T @ a(s), np.eye(a.dim))
        for b, mb in zip(irreps, mats):
            overlap = np.einsum("gij,gkl->ijkl", ma, mb.conj()) / n
            expected = 0.0
            if a == b:
                eye = np.eye(a.dim)
                expected = np.einsum("ik,jl->ijkl", eye, eye) / a.dim
            assert np.allclose(overlap, expected, atol=1e-9)


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_homomorphism_and_table(name):
    G = group(name)
    elements = G.elements()
    rng = np.random.default_rng(0)
    table = G.character_table()
    rows = set()
    for field in ("complex", "real"):
        for r in G.irreps(field):
            for _ in range(5):
                g, h = (elements[i] for i in rng.integers(len(elements), size=2))
                assert np.allclose(r(g * h), r(g) @ r(h))
            if field == "complex":
                chi = [np.trace(r(c.representative)) for c in G.conjugacy_classes()]
                assert np.allclose(chi, table.values_float[r.index])
                assert r.frobenius_schur == table.indicators[r.index]
                rows.add(r.index)
    assert rows == set(range(len(table.class_sizes)))


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_real_irreps_types_and_endomorphisms(name):
    G = group(name)
    n = G.order
    irreps = G.irreps("real")
    chis = [np.trace(all_matrices(r), axis1=1, axis2=2) for r in irreps]
    total = 0
    for r, chi in zip(irreps, chis):
        mats = [r(s) for s in G.generators]
        assert all(m.dtype.kind == "f" and np.allclose(m.T @ m, np.eye(r.dim)) for m in mats)
        E = r.endomorphism_basis()
        e = {"real": 1, "complex": 2, "quaternionic": 4}[r.real_type]
        assert len(E) == e == round(chi @ chi / n)
        # FS indicator of the complex irrep agrees with the type
        squares = [np.trace(np.linalg.matrix_power(r(g), 2)) for g in G.elements()]
        assert np.isclose(np.mean(squares), {1: 1, 0: 0, -1: -2}[r.frobenius_schur])
        for x in E:
            assert all(np.allclose(x @ m, m @ x) for m in mats)
        gram = np.einsum("aij,bij->ab", E, E) / r.dim
        assert np.allclose(gram, np.eye(e))
        # the commutant has exactly dimension e
        system = (
            np.concatenate([np.kron(m, np.eye(r.dim)) - np.kron(np.eye(r.dim), m.T) for m in mats])
            if mats
            else np.zeros((1, r.dim**2))
        )
        assert r.dim**2 - np.linalg.matrix_rank(system, tol=1e-8) == e
        total += r.dim**2 / e
    assert total == n
    gram = np.array(chis) @ np.array(chis).T / n
    assert np.allclose(gram, np.diag(np.diag(gram)))


@pytest.mark.parametrize("name", ["C6", "D4", "D5", "S3", "Q8", "C4xC3"])
def test_exact_closed_forms(name):
    G = group(name)
    for field in ("complex", "real"):
        for r in G.irreps(field):
            if not r.is_exact:
                continue
            for g in G.elements()[:6]:
                for s in G.generators:
                    diff = r(g, exact=True) * r(s, exact=True) - r(g * s, exact=True)
                    assert all(sympy.simplify(sympy.expand(z)) == 0 for z in diff)
                assert np.allclose(np.array(r(g, exact=True).evalf(), dtype=complex), r(g))


def test_exactness_is_reported():
    assert all(r.is_exact for r in gp.symmetric(4).irreps())
    assert all(r.is_exact for r in gp.icosahedral().irreps())  # built exactly up to order 256
    assert not any(r.is_exact for r in gp.alternating(6).irreps())  # order 360: floating point
    q8 = gp.quaternion().irreps()
    assert [r.is_exact for r in q8] == [True] * 4 + [False]  # quaternionic: float End
    with pytest.raises(gp.ExactnessError):
        q8[-1].endomorphism_basis(exact=True)


def test_symmetric_group_without_enumeration():
    G = gp.symmetric(8)
    irreps = G.irreps()
    assert sum(r.dim**2 for r in irreps) == 40320 and len(irreps) == 22
    rng = np.random.default_rng(1)
    rho = irreps[5]
    for _ in range(3):
        g, h = (G.element(list(rng.permutation(8))) for _ in range(2))
        assert np.allclose(rho(g * h), rho(g) @ rho(h))
        assert np.allclose(rho(g).T @ rho(g), np.eye(rho.dim))
    dec = G.natural().decompose()
    assert [(r.label, m) for r, m in dec.blocks] == [((8,), 1), ((7, 1), 1)]
    assert "_enumeration" not in G.__dict__


def test_irreps_are_values():
    G = gp.dihedral(6)
    r = G.irreps()[-1]
    assert pickle.loads(pickle.dumps(r)) == r
    assert hash(pickle.loads(pickle.dumps(r))) == hash(r)
    assert r == gp.dihedral(6).irreps()[-1] and r != G.irreps("complex")[-1]
    assert np.allclose(pickle.loads(pickle.dumps(r))(G.generators[0]), r(G.generators[0]))
    with pytest.raises(gp.UnknownNameError):
        G.irreps("quaternionic")
