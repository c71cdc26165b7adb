"""The 32 crystallographic point groups: names, exact matrices, Mulliken-labelled tables.

Reference tables typed in from F. A. Cotton, *Chemical Applications of Group Theory*, 3rd ed.
(Wiley, 1990), Appendix IIA, for C2v, C3v, C4, D3h, D4h, Td and Oh (class names as there,
except that Oh's ``6C2`` and ``3C2(=C4²)`` are ``6C2'`` and ``3C2`` here, and the complex pair
of C4, one ``E`` row in braces there, is ``¹E``/``²E``). Crystal-field splittings of the
free-ion levels l = 0…4 in Oh and Td are those of H. Bethe, Ann. Phys. 3, 133 (1929), as
tabulated by Cotton (Table 9.4); D3h's for l = 0…2 follow Cotton's D3h basis functions
(z → A2'', (x, y) → E', z² → A1', (x² − y², xy) → E', (xz, yz) → E''). Every one of the 32
groups is also checked by the orthogonality relations and by the character formula of the
rotation group.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

import groupproj as gp
from groupproj.groups import point_group
from groupproj.groups.point import POINT_GROUPS

NAMES = [info.schoenflies for info in POINT_GROUPS]
I = 1j

PUBLISHED = {
    "C2v": (
        ["E", "C2(z)", "σv(xz)", "σv'(yz)"],
        {"A1": [1, 1, 1, 1], "A2": [1, 1, -1, -1], "B1": [1, -1, 1, -1], "B2": [1, -1, -1, 1]},
    ),
    "C3v": (["E", "2C3", "3σv"], {"A1": [1, 1, 1], "A2": [1, 1, -1], "E": [2, -1, 0]}),
    "C4": (
        ["E", "C4", "C2", "C4³"],
        {
            "A": [1, 1, 1, 1],
            "B": [1, -1, 1, -1],
            "¹E": [1, I, -1, -I],
            "²E": [1, -I, -1, I],
        },
    ),
    "D3h": (
        ["E", "2C3", "3C2", "σh", "2S3", "3σv"],
        {
            "A1'": [1, 1, 1, 1, 1, 1],
            "A2'": [1, 1, -1, 1, 1, -1],
            "E'": [2, -1, 0, 2, -1, 0],
            "A1''": [1, 1, 1, -1, -1, -1],
            "A2''": [1, 1, -1, -1, -1, 1],
            "E''": [2, -1, 0, -2, 1, 0],
        },
    ),
    "D4h": (
        ["E", "2C4", "C2", "2C2'", "2C2''", "i", "2S4", "σh", "2σv", "2σd"],
        {
            "A1g": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
            "A2g": [1, 1, 1, -1, -1, 1, 1, 1, -1, -1],
            "B1g": [1, -1, 1, 1, -1, 1, -1, 1, 1, -1],
            "B2g": [1, -1, 1, -1, 1, 1, -1, 1, -1, 1],
            "Eg": [2, 0, -2, 0, 0, 2, 0, -2, 0, 0],
            "A1u": [1, 1, 1, 1, 1, -1, -1, -1, -1, -1],
            "A2u": [1, 1, 1, -1, -1, -1, -1, -1, 1, 1],
            "B1u": [1, -1, 1, 1, -1, -1, 1, -1, -1, 1],
            "B2u": [1, -1, 1, -1, 1, -1, 1, -1, 1, -1],
            "Eu": [2, 0, -2, 0, 0, -2, 0, 2, 0, 0],
        },
    ),
    "Td": (
        ["E", "8C3", "3C2", "6S4", "6σd"],
        {
            "A1": [1, 1, 1, 1, 1],
            "A2": [1, 1, 1, -1, -1],
            "E": [2, -1, 2, 0, 0],
            "T1": [3, 0, -1, 1, -1],
            "T2": [3, 0, -1, -1, 1],
        },
    ),
    "Oh": (
        ["E", "8C3", "6C2'", "6C4", "3C2", "i", "6S4", "8S6", "3σh", "6σd"],
        {
            "A1g": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
            "A2g": [1, 1, -1, -1, 1, 1, -1, 1, 1, -1],
            "Eg": [2, -1, 0, 0, 2, 2, 0, -1, 2, 0],
            "T1g": [3, 0, -1, 1, -1, 3, 1, 0, -1, -1],
            "T2g": [3, 0, 1, -1, -1, 3, -1, 0, -1, 1],
            "A1u": [1, 1, 1, 1, 1, -1, -1, -1, -1, -1],
            "A2u": [1, 1, -1, -1, 1, -1, 1, -1, -1, 1],
            "Eu": [2, -1, 0, 0, 2, -2, 0, 1, -2, 0],
            "T1u": [3, 0, -1, 1, -1, -3, -1, 0, 1, 1],
            "T2u": [3, 0, 1, -1, -1, -3, 1, 0, 1, -1],
        },
    ),
}

SPLITTINGS = {  # O(3) irrep (l, (-1)^l), the free-ion level, restricted to the point group
    "Oh": ["A1g", "T1u", "Eg + T2g", "A2u + T1u + T2u", "A1g + Eg + T1g + T2g"],
    "Td": ["A1", "T2", "E + T2", "A1 + T1 + T2", "A1 + E + T1 + T2"],
    "D3h": ["A1'", "E' + A2''", "A1' + E' + E''"],
}


@pytest.fixture(scope="module")
def groups():
    return {name: point_group(name) for name in NAMES}


def test_names_resolve_to_one_group(groups):
    for info in POINT_GROUPS:
        G = groups[info.schoenflies]
        assert G.order == info.order
        assert point_group(info.hermann_mauguin) == G
        assert point_group(info.schoenflies.lower()) == G
        for alias in info.aliases:
            assert point_group(alias) == G
        assert G.hermann_mauguin == info.hermann_mauguin
    assert point_group("6̄m2") == point_group("-62m") == groups["D3h"]
    with pytest.raises(gp.UnknownNameError, match="D3h"):
        point_group("D7h")
    with pytest.raises(gp.InvalidTypeError):
        point_group(6)


def test_matrices_are_exact_and_orthogonal(groups):
    for G in groups.values():
        for m in G.exact_matrices:
            assert m.T * m == sympy.eye(3)
            assert abs(m.det()) == 1


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_tables_match_the_published_ones(groups, name):
    classes, rows = PUBLISHED[name]
    t = groups[name].character_table()
    assert set(t.class_names) == set(classes)
    sizes = [int(c[: len(c) - len(c.lstrip("0123456789"))] or 1) for c in classes]
    assert {c: h for c, h in zip(t.class_names, t.class_sizes)} == dict(zip(classes, sizes))
    assert t.labels == tuple(rows)  # the published row order
    position = [t.class_names.index(c) for c in classes]
    for i, label in enumerate(t.labels):
        assert np.allclose(t.values_float[i][position], rows[label], atol=1e-12), label


@pytest.mark.parametrize("name", NAMES)
def test_orthogonality_and_labels(groups, name):
    G = groups[name]
    t = G.character_table()
    x = t.values_float
    h = np.array(t.class_sizes)
    r = len(h)
    assert x.shape == (r, r) and h.sum() == G.order
    assert np.allclose((x * h) @ x.conj().T, G.order * np.eye(r))
    assert np.allclose(x.conj().T @ x, np.diag(G.order / h))
    assert sum(d * d for d in t.degrees) == G.order
    assert len(set(t.labels)) == r and len(set(t.class_names)) == r
    has_inversion = "i" in t.class_names
    for label, d in zip(t.labels, t.degrees):
        letter = label.lstrip("¹²")[0]
        assert {1: "ABE", 2: "E", 3: "T"}[d].find(letter) >= 0
        assert (label[0] in "¹²") == (d == 1 and letter == "E")
        assert label.endswith(("g", "u")) == has_inversion


@pytest.mark.parametrize("name", NAMES)
def test_irreps_are_exact_homomorphisms_with_the_table_characters(groups, name):
    G = groups[name]
    t = G.character_table()
    elements = G.elements()
    rng = np.random.default_rng(0)
    for field in ("complex", "real"):
        for rho in G.irreps(field):
            assert rho.is_exact and G.irrep(rho.label, field) == rho
            for _ in range(6):
                g, k = (elements[i] for i in rng.integers(len(elements), size=2))
                assert np.allclose(rho(g * k), rho(g) @ rho(k), atol=1e-12)
            m = rho(elements[-1])
            assert np.allclose(m.conj().T @ m, np.eye(rho.dim), atol=1e-12)
            exact = rho(elements[-1], exact=True)
            assert np.allclose(np.array(exact.evalf(), dtype=complex), m, atol=1e-12)
            if field == "complex":
                assert np.allclose(rho.characters(), t.values_float[rho.index], atol=1e-12)
    for s in G.generators:  # exactly, on the generators
        for rho in G.irreps():
            product = rho(s, exact=True) * rho(s.inverse(), exact=True)
            assert (product - sympy.eye(rho.dim)).applyfunc(sympy.simplify) == sympy.zeros(rho.dim)


def _rotation_character(l: int, R: np.ndarray) -> float:
    """chi_l of the rotation R: sin((l + 1/2) θ) / sin(θ/2), 2l + 1 at θ = 0."""
    theta = np.arccos(np.clip((np.trace(R) - 1) / 2, -1, 1))
    if theta < 1e-9:
        return 2 * l + 1
    return np.sin((l + 0.5) * theta) / np.sin(theta / 2)


@pytest.mark.parametrize("name", NAMES)
def test_crystal_field_splitting_matches_the_rotation_characters(groups, name):
    G = groups[name]
    O3 = gp.O3()
    for l in range(5):
        parity = (-1) ** l
        V = O3.irrep(l, parity).restrict(G)
        dec = V.decompose()
        assert sum(m * rho.dim for rho, m in dec.blocks) == 2 * l + 1
        chi = []  # the O(3) character of the level at each class, from the formula
        for c in G.conjugacy_classes():
            M = np.asarray(c.representative.data, dtype=float)
            s = round(np.linalg.det(M))
            chi.append((parity if s < 0 else 1) * _rotation_character(l, s * M))
        assert np.allclose(V.characters(), chi, atol=1e-12)
        for rho in G.irreps():
            m = gp.character_inner_product(V, rho)
            expected = dec.multiplicities.get(rho, 0) * len(rho.endomorphism_basis())
            assert isinstance(m, int) and m == expected


@pytest.mark.parametrize("name", sorted(SPLITTINGS))
def test_crystal_field_splitting_matches_the_published_one(groups, name):
    G = groups[name]
    for l, published in enumerate(SPLITTINGS[name]):
        dec = gp.O3().irrep(l, (-1) ** l).restrict(G).decompose()
        ours = sorted(f"{m}·{rho.symbol}" if m > 1 else rho.symbol for rho, m in dec.blocks)
        assert ours == sorted(published.split(" + ")), l
        assert math.isclose(sum(rho.dim * m for rho, m in dec.blocks), 2 * l + 1)
