"""S_n by cycle types: classes, the Murnaghan-Nakayama table, characters, no enumeration."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from sympy.combinatorics import Permutation
from sympy.utilities.iterables import partitions as sympy_partitions

import groupproj as gp
from groupproj.finite import character_table, partitions
from groupproj.finite.symmetric import (
    MAX_TABLE_CLASSES,
    class_size,
    class_types,
    cycle_type,
    symmetric_character,
    symmetric_character_table,
)


def _canonical(values, keys):
    """Rows as sorted tuples of (key, value) pairs, rounded: a table up to row and column
    order, columns identified by their keys (element order, class size)."""
    return sorted(
        tuple(sorted((k, round(complex(v).real, 9)) for k, v in zip(keys, row))) for row in values
    )


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_classes_are_the_cycle_types(n):
    G = gp.symmetric(n)
    classes = G.conjugacy_classes()
    assert [cycle_type(c.representative.data) for c in classes] == list(class_types(n))
    assert classes[0].representative == G.identity
    assert sum(c.size for c in classes) == math.factorial(n)
    mult, inv = G.cayley_table
    for c in classes:  # the indices (found by enumerating) are exactly the conjugates
        x = G.index(c.representative)
        conjugates = {int(mult[mult[g, x], inv[g]]) for g in range(G.order)}
        assert set(c.indices) == conjugates and len(c.indices) == c.size


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_murnaghan_nakayama_agrees_with_dixon_and_young(n):
    G = gp.symmetric(n)
    t = G.character_table()
    assert t.classes is None and t.labels[0] == "1"
    mult, inv = G.cayley_table
    e = G._enumeration
    dixon = character_table(mult, inv, [e.index[k] for k in G._generator_keys()])
    keys = list(zip(t.class_orders, t.class_sizes))
    ours = list(zip(dixon.class_orders, dixon.class_sizes))
    assert _canonical(t.values_float, keys) == _canonical(dixon.values_float, ours)
    for i, rho in enumerate(G.irreps()):  # row i is the trace of Young's form irreps()[i]
        traces = [np.trace(rho(c.representative)) for c in G.conjugacy_classes()]
        assert np.allclose(traces, t.values_float[i])
        assert rho.index == i


def test_known_values():
    assert symmetric_character((3, 1), (2, 1, 1)) == 1
    assert symmetric_character((2, 2), (3, 1)) == -1
    assert symmetric_character((3, 2), (5,)) == 0
    for shape in partitions(8):  # the identity column is the dimension (hook formula)
        assert symmetric_character(shape, (1,) * 8) == gp.finite.irrep_dimension(shape)
    # the sign: chi^(1^n)(mu) = (-1)^(n - len(mu))
    for mu in class_types(7):
        assert symmetric_character((1,) * 7, mu) == (-1) ** (7 - len(mu))
    assert class_size((2, 2, 1)) == 15


def test_s10_has_a_table_without_a_cayley_table():
    G = gp.symmetric(10)
    t = G.character_table()
    assert len(t.class_sizes) == 42 and sum(t.class_sizes) == math.factorial(10)
    assert "_enumeration" not in G.__dict__ and "cayley_table" not in G.__dict__
    h = np.array(t.class_sizes, dtype=float)
    x = t.values_float.real
    assert np.allclose((x * h) @ x.T / math.factorial(10), np.eye(42))
    assert all(isinstance(v, sympy.Integer) for v in t.values[7])
    V = G.natural()
    assert list(V.characters()) == [float(10 - sum(mu) + mu.count(1)) for mu in class_types(10)]
    assert gp.character_inner_product(V**2, V) == 5  # Bell(3): orbits on triples
    assert "_enumeration" not in G.__dict__


def test_s30_classes_without_enumeration():
    G = gp.symmetric(30)
    classes = G.conjugacy_classes()
    assert len(classes) == sum(1 for _ in sympy_partitions(30)) == 5604
    assert sum(c.size for c in classes) == math.factorial(30)
    c = classes[100]
    assert Permutation(list(c.representative.data)).cycle_structure == dict(
        __import__("collections").Counter(class_types(30)[100])
    )
    with pytest.raises(gp.GroupTooLargeError, match="too many to enumerate|more than"):
        c.indices  # noqa: B018  (explicit: no indices for a group this large)
    with pytest.raises(gp.GroupTooLargeError, match="symmetric_character"):
        G.character_table()
    assert len(partitions(21)) <= MAX_TABLE_CLASSES < len(partitions(22))
    V = G.natural()
    assert gp.character_inner_product(V, V) == 2
    assert gp.character_inner_product(V * V, V) == 5
    assert gp.character_inner_product(G.sign(), G.trivial()) == 0
    assert "_enumeration" not in G.__dict__


def test_characters_of_large_symmetric_groups_are_integers():
    V = gp.symmetric(12).natural().sym(2)
    chi = V.characters(exact=True)
    assert all(isinstance(v, sympy.Integer) for v in chi)
    assert np.array_equal(V.characters(), np.array([float(v) for v in chi]))


def test_symmetric_character_table_refuses_large_n():
    with pytest.raises(gp.GroupTooLargeError):
        symmetric_character_table(30)
    with pytest.raises(gp.DimensionMismatchError):
        symmetric_character((3, 1), (2, 1))
