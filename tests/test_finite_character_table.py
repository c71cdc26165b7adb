import itertools
import time

import numpy as np
import pytest
import sympy
from sympy.combinatorics.named_groups import AlternatingGroup, DihedralGroup, SymmetricGroup

import groupproj as gp
from finite_groups import (
    binary_icosahedral,
    cyclic,
    dihedral,
    direct_product,
    perm_group,
    q8,
    sl23,
    sympy_group,
)
from groupproj.errors import NotAHomomorphismError
from groupproj.finite import CharacterTable, character_table, power_map

GROUPS = {
    "C1": lambda: cyclic(1),
    "C6": lambda: cyclic(6),
    "C64": lambda: cyclic(64),
    "D5": lambda: dihedral(5),
    "D8": lambda: dihedral(8),
    "Q8": q8,
    "SL(2,3)": sl23,
    "S4": lambda: sympy_group(SymmetricGroup(4)),
    "S5": lambda: sympy_group(SymmetricGroup(5)),
    "A5": lambda: sympy_group(AlternatingGroup(5)),
    "2I": binary_icosahedral,
    "Q8xC3": lambda: direct_product(q8(), cyclic(3)),
    "S3xD4": lambda: direct_product(sympy_group(SymmetricGroup(3)), dihedral(4)),
    "C2^8": lambda: perm_group(
        [tuple(range(2 * i)) + (2 * i + 1, 2 * i) + tuple(range(2 * i + 2, 16)) for i in range(8)]
    ),
}

_cache: dict[str, tuple] = {}


def table(name):
    if name not in _cache:
        data = GROUPS[name]()
        _cache[name] = (data, character_table(*data[1:]))
    return _cache[name]


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_laws(name):
    (_, mult, inv, gens), t = table(name)
    n = len(inv)
    x = t.values_float
    h = np.array(t.class_sizes)
    r = len(h)
    assert isinstance(t, CharacterTable)
    assert x.shape == (r, r) and sum(h) == n
    assert sum(d * d for d in t.degrees) == n
    assert all(n % d == 0 for d in t.degrees)
    assert np.allclose((x * h) @ x.conj().T, n * np.eye(r))
    assert np.allclose(x.T @ x.conj(), np.diag(n / h))
    assert np.allclose(x[0], 1)  # trivial character first
    assert list(t.degrees) == sorted(t.degrees)
    # Frobenius-Schur indicators: direct formula and agreement with reality of the character
    sq = power_map(mult, t.classes, 2)
    nu = (x[:, sq] @ h) / n
    assert np.allclose(nu, t.indicators)
    for row, ind in zip(x, t.indicators):
        assert (ind == 0) == (not np.allclose(row.imag, 0))
    # exact values agree with the float ones
    for i, j in itertools.product(range(min(r, 6)), range(min(r, 6))):
        assert complex(sympy.N(t.values[i][j])) == pytest.approx(x[i, j], abs=1e-12)
    assert not t.values_float.flags.writeable


def test_elementary_abelian_table_is_hadamard():
    # many equal eigenvalues in the class matrices: exercises the multi-dimensional eigenspaces
    _, t = table("C2^8")
    assert np.allclose(np.abs(t.values_float), 1) and np.allclose(t.values_float.imag, 0)
    assert len({tuple(row.real.round()) for row in t.values_float}) == 256


def test_permutation_character_decomposes():
    (elements, mult, inv, gens), t = table("S5")
    # fixed points of each class representative (sympy permutations)
    fix = np.array(
        [sum(1 for i, j in enumerate(elements[c[0]].array_form) if i == j) for c in t.classes]
    )
    m = (t.values_float.conj() * np.array(t.class_sizes)) @ fix / t.order
    assert np.allclose(m, np.round(m.real)) and sorted(np.round(m.real).tolist())[-2:] == [1, 1]


def _canonical(values, keys):
    """Sorted rows after the best permutation of columns within groups of equal keys."""
    values = np.round(np.asarray(values, dtype=complex), 8) + 0.0
    groups: dict = {}
    for j, k in enumerate(keys):
        groups.setdefault(k, []).append(j)
    best = None
    for perms in itertools.product(
        *(itertools.permutations(g) for _, g in sorted(groups.items()))
    ):
        cols = [j for p in perms for j in p]
        rows = sorted(tuple((v.real, v.imag) for v in row[cols]) for row in values)
        if best is None or rows < best:
            best = rows
    return best


w = np.exp(2j * np.pi / 3)
phi = (1 + 5**0.5) / 2
PUBLISHED = {
    # name: (column keys (element order, class size), rows)
    "C6": (
        [(1, 1), (6, 1), (3, 1), (2, 1), (3, 1), (6, 1)],
        [[np.exp(2j * np.pi * j * k / 6) for j in range(6)] for k in range(6)],
    ),
    "S3": ([(1, 1), (2, 3), (3, 2)], [[1, 1, 1], [1, -1, 1], [2, 0, -1]]),
    "D4": (
        [(1, 1), (2, 1), (2, 2), (2, 2), (4, 2)],
        [
            [1, 1, 1, 1, 1],
            [1, 1, 1, -1, -1],
            [1, 1, -1, 1, -1],
            [1, 1, -1, -1, 1],
            [2, -2, 0, 0, 0],
        ],
    ),
    "Q8": (
        [(1, 1), (2, 1), (4, 2), (4, 2), (4, 2)],
        [
            [1, 1, 1, 1, 1],
            [1, 1, 1, -1, -1],
            [1, 1, -1, 1, -1],
            [1, 1, -1, -1, 1],
            [2, -2, 0, 0, 0],
        ],
    ),
    "A4": (
        [(1, 1), (2, 3), (3, 4), (3, 4)],
        [[1, 1, 1, 1], [1, 1, w, w * w], [1, 1, w * w, w], [3, -1, 0, 0]],
    ),
    "S4": (
        [(1, 1), (2, 3), (2, 6), (3, 8), (4, 6)],
        [
            [1, 1, 1, 1, 1],
            [1, 1, -1, 1, -1],
            [2, 2, 0, -1, 0],
            [3, -1, 1, 0, -1],
            [3, -1, -1, 0, 1],
        ],
    ),
    "S5": (
        [(1, 1), (2, 10), (2, 15), (3, 20), (4, 30), (5, 24), (6, 20)],
        [
            [1, 1, 1, 1, 1, 1, 1],
            [1, -1, 1, 1, -1, 1, -1],
            [4, 2, 0, 1, 0, -1, -1],
            [4, -2, 0, 1, 0, -1, 1],
            [5, 1, 1, -1, -1, 0, 1],
            [5, -1, 1, -1, 1, 0, -1],
            [6, 0, -2, 0, 0, 1, 0],
        ],
    ),
    "A5": (
        [(1, 1), (2, 15), (3, 20), (5, 12), (5, 12)],
        [
            [1, 1, 1, 1, 1],
            [3, -1, 0, phi, 1 - phi],
            [3, -1, 0, 1 - phi, phi],
            [4, 0, 1, -1, -1],
            [5, 1, -1, 0, 0],
        ],
    ),
}
BUILDERS = {
    "C6": lambda: cyclic(6),
    "S3": lambda: sympy_group(SymmetricGroup(3)),
    "D4": lambda: sympy_group(DihedralGroup(4)),
    "Q8": q8,
    "A4": lambda: sympy_group(AlternatingGroup(4)),
    "S4": lambda: sympy_group(SymmetricGroup(4)),
    "S5": lambda: sympy_group(SymmetricGroup(5)),
    "A5": lambda: sympy_group(AlternatingGroup(5)),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_tables(name):
    keys, rows = PUBLISHED[name]
    _, mult, inv, gens = BUILDERS[name]()
    t = character_table(mult, inv, gens)
    ours = list(zip(t.class_orders, t.class_sizes))
    assert sorted(ours) == sorted(keys)
    assert _canonical(t.values_float, ours) == _canonical(rows, keys)


GROUP_OBJECTS = {
    "C6": lambda: gp.cyclic(6),
    "S3": lambda: gp.symmetric(3),
    "D4": lambda: gp.dihedral(4),
    "Q8": gp.quaternion,
    "A4": lambda: gp.alternating(4),
    "S4": lambda: gp.symmetric(4),
    "S5": lambda: gp.symmetric(5),
    "A5": lambda: gp.alternating(5),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_group_objects_give_published_tables(name):
    keys, rows = PUBLISHED[name]
    G = GROUP_OBJECTS[name]()
    t = G.character_table()
    classes = G.conjugacy_classes()
    if t.classes is not None:
        assert [c.indices for c in classes] == list(t.classes)
    else:  # S_n: classes by cycle type, their indices found (by enumerating) only on request
        assert [len(c.indices) for c in classes] == list(t.class_sizes)
    assert [c.size for c in classes] == list(t.class_sizes)
    ours = list(zip(t.class_orders, t.class_sizes))
    assert _canonical(t.values_float, ours) == _canonical(rows, keys)
    chars = [G.irreps("complex")[i].characters() for i in range(len(classes))]
    assert _canonical(chars, ours) == _canonical(rows, keys)


def test_exact_golden_ratio_in_a5():
    _, t = table("A5")
    golden = (1 + sympy.sqrt(5)) / 2
    fives = [j for j, o in enumerate(t.class_orders) if o == 5]
    found = [t.values[i][j] for i in range(5) for j in fives]
    assert any(sympy.simplify(v - golden) == 0 for v in found)
    assert any(sympy.simplify(v - (1 - golden)) == 0 for v in found)


def test_indicators_of_quaternionic_groups():
    _, t = table("Q8")
    assert t.indicators == (1, 1, 1, 1, -1)
    assert t.real_types[-1] == "quaternionic"
    _, t2 = table("2I")
    assert t2.degrees == (1, 2, 2, 3, 3, 4, 4, 5, 6)
    assert sorted(t2.indicators) == [-1, -1, -1, -1, 1, 1, 1, 1, 1]
    _, t3 = table("C64")
    assert t3.indicators.count(0) == 62


def test_display():
    _, t = table("S4")
    text = str(t)
    assert text.splitlines()[0].split() == ["1a", "2a", "2b", "3a", "4a"]
    assert len(text.splitlines()) == 2 + 5
    assert "<table>" in t._repr_html_()
    assert t._repr_latex_().startswith("$\\begin{array}")
    assert t.class_names == ("1a", "2a", "2b", "3a", "4a")


def test_inconsistent_inverse_raises():
    _, mult, inv, gens = cyclic(4)
    with pytest.raises(NotAHomomorphismError):
        character_table(mult, np.zeros_like(inv), gens)


def test_timing_order_120():
    for build in (lambda: sympy_group(SymmetricGroup(5)), binary_icosahedral):
        data = build()
        start = time.perf_counter()
        character_table(*data[1:])
        assert time.perf_counter() - start < 2.0


def test_exact_row_orthogonality_in_sympy():
    _, mult, inv, gens = sympy_group(AlternatingGroup(4))
    t = character_table(mult, inv, gens)
    for a, b in itertools.product(range(4), repeat=2):
        total = sum(
            h * x * sympy.conjugate(y) for h, x, y in zip(t.class_sizes, t.values[a], t.values[b])
        )
        assert sympy.simplify(total) == (12 if a == b else 0)
