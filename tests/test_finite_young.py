import itertools
import time

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics.named_groups import SymmetricGroup

from finite_groups import sympy_group
from groupproj.errors import DimensionMismatchError
from groupproj.finite import character_table
from groupproj.finite.young import (
    irrep_dimension,
    partitions,
    standard_tableaux,
    young_orthogonal_generators,
    young_orthogonal_matrix,
)


def compose(a, b):
    return [a[i] for i in b]


def murnaghan_nakayama(shape, cycle_type):
    """chi^shape at a permutation of the given cycle type, via beta-sets and rim hooks."""
    if not cycle_type:
        return 1
    k = len(shape)
    beta = {shape[i] + k - 1 - i for i in range(k)}
    m, rest = cycle_type[0], cycle_type[1:]
    total = 0
    for b in beta:
        if b - m >= 0 and b - m not in beta:
            sign = (-1) ** sum(1 for c in beta if b - m < c < b)
            new = sorted((beta - {b}) | {b - m}, reverse=True)
            lam = tuple(x for x in (new[i] - (k - 1 - i) for i in range(k)) if x)
            total += sign * murnaghan_nakayama(lam, rest)
    return total


def perm_of_cycle_type(cycle_type):
    perm, start = [], 0
    for c in cycle_type:
        perm += [start + (i + 1) % c for i in range(c)]
        start += c
    return perm


def test_partitions_and_counts():
    assert [len(partitions(n)) for n in range(1, 11)] == [1, 2, 3, 5, 7, 11, 15, 22, 30, 42]
    assert partitions(3) == ((3,), (2, 1), (1, 1, 1))
    for n in range(1, 8):
        assert sum(irrep_dimension(s) ** 2 for s in partitions(n)) == np.prod(range(1, n + 1))


@pytest.mark.parametrize("shape", [(3, 2, 1), (4, 2), (2, 2, 1, 1), (5, 2, 1)])
def test_tableaux_standard_and_last_letter_order(shape):
    tabs = standard_tableaux(shape)
    n = sum(shape)
    assert len(tabs) == irrep_dimension(shape) == len(set(tabs))
    words = []
    for t in tabs:
        assert tuple(len(r) for r in t) == shape
        assert sorted(x for r in t for x in r) == list(range(n))
        assert all(list(r) == sorted(r) for r in t)
        for i in range(1, len(t)):
            assert all(t[i][j] > t[i - 1][j] for j in range(len(t[i])))
        row = {x: i for i, r in enumerate(t) for x in r}
        words.append(tuple(row[x] for x in reversed(range(n))))
    assert words == sorted(words)


@pytest.mark.parametrize("shape", partitions(6))
def test_homomorphism_random_permutations(shape):
    rng = np.random.default_rng(sum(shape) * 7 + len(shape))
    for _ in range(5):
        a, b = rng.permutation(6).tolist(), rng.permutation(6).tolist()
        ra, rb = young_orthogonal_matrix(shape, a), young_orthogonal_matrix(shape, b)
        assert np.allclose(young_orthogonal_matrix(shape, compose(a, b)), ra @ rb)
        assert np.allclose(ra @ ra.T, np.eye(len(ra)))
    gens = young_orthogonal_generators(shape)
    for i, g in enumerate(gens):
        perm = list(range(6))
        perm[i], perm[i + 1] = i + 1, i
        assert np.allclose(young_orthogonal_matrix(shape, perm), g)


@pytest.mark.parametrize("shape", [(4, 2, 1, 1), (3, 3, 2), (5, 3)])
def test_coxeter_relations(shape):
    gens = young_orthogonal_generators(shape)
    eye = np.eye(len(gens[0]))
    for i, g in enumerate(gens):
        assert np.allclose(g, g.T) and np.allclose(g @ g, eye)
        if i + 1 < len(gens):
            assert np.allclose(np.linalg.matrix_power(g @ gens[i + 1], 3), eye)
        for j in range(i + 2, len(gens)):
            assert np.allclose(g @ gens[j], gens[j] @ g)


def test_generators_are_fresh_copies():
    g = young_orthogonal_generators((2, 1))
    g[0][:] = 7.0
    assert not np.allclose(young_orthogonal_generators((2, 1))[0], 7.0)


@pytest.mark.parametrize(
    "shape,cycle_type",
    [
        ((4, 2, 1, 1), (3, 3, 2)),
        ((3, 3, 2), (5, 2, 1)),
        ((4, 3, 1), (4, 4)),
        ((5, 3), (2, 2, 2, 2)),
    ],
)
def test_characters_match_murnaghan_nakayama_n8(shape, cycle_type):
    m = young_orthogonal_matrix(shape, perm_of_cycle_type(cycle_type))
    assert np.trace(m) == pytest.approx(murnaghan_nakayama(shape, cycle_type), abs=1e-9)


def test_characters_are_rows_of_the_s6_table():
    elements, mult, inv, gens = sympy_group(SymmetricGroup(6))
    t = character_table(mult, inv, gens)
    reps = [elements[c[0]].array_form for c in t.classes]
    rows = sorted(
        tuple(round(float(np.trace(young_orthogonal_matrix(s, p))), 8) for p in reps)
        for s in partitions(6)
    )
    published = sorted(tuple(np.round(row.real, 8)) for row in t.values_float)
    assert rows == published


def test_exact_mode_matches_float():
    shape = (3, 2)
    gens = young_orthogonal_generators(shape, exact=True)
    for g in gens:
        assert g * g == sympy.eye(g.rows)
    for perm in itertools.islice(itertools.permutations(range(5)), 0, 120, 17):
        exact = young_orthogonal_matrix(shape, perm, exact=True)
        approx = young_orthogonal_matrix(shape, perm)
        assert np.allclose(np.array(exact.evalf(), dtype=float), approx)
        assert (exact * exact.T).applyfunc(sympy.simplify) == sympy.eye(exact.rows)


def test_large_n_float_is_fast():
    start = time.perf_counter()
    for shape in partitions(8):
        young_orthogonal_generators(shape)
    m = young_orthogonal_matrix((4, 3, 2, 1), np.random.default_rng(1).permutation(10))
    assert m.shape == (768, 768) and np.allclose(m @ m.T, np.eye(768))
    assert time.perf_counter() - start < 10


def test_bad_input_raises():
    with pytest.raises(DimensionMismatchError):
        standard_tableaux((1, 2))
    with pytest.raises(DimensionMismatchError):
        young_orthogonal_matrix((2, 1), [0, 0, 1])
    with pytest.raises(DimensionMismatchError):
        young_orthogonal_matrix((2, 1), [0, 1])


@given(st.integers(0, 14), st.permutations(range(7)), st.permutations(range(7)))
@settings(max_examples=25, deadline=None)
def test_homomorphism_property_n7(shape_index, a, b):
    shape = partitions(7)[shape_index]
    ra, rb = young_orthogonal_matrix(shape, a), young_orthogonal_matrix(shape, b)
    assert np.allclose(young_orthogonal_matrix(shape, compose(a, b)), ra @ rb)
