import numpy as np
import pytest
from sympy.combinatorics.named_groups import SymmetricGroup

from finite_groups import cyclic, dihedral, q8, sympy_group
from groupproj.errors import DimensionMismatchError
from groupproj.finite import (
    class_index,
    class_multiplication_coefficients,
    conjugacy_classes,
    element_orders,
    power_map,
)


@pytest.fixture(scope="module")
def s4():
    return sympy_group(SymmetricGroup(4))


def test_s4_classes_order_and_sizes(s4):
    _, mult, inv, gens = s4
    classes = conjugacy_classes(mult, inv, gens)
    orders = element_orders(mult)
    assert [len(c) for c in classes] == [1, 3, 6, 8, 6]
    assert [int(orders[c[0]]) for c in classes] == [1, 2, 2, 3, 4]
    assert all(list(c) == sorted(c) for c in classes)


def test_classes_are_conjugation_orbits(s4):
    _, mult, inv, gens = s4
    classes = conjugacy_classes(mult, inv, gens)
    cls = class_index(classes, len(inv))
    n = len(inv)
    for x in range(n):
        conj = mult[mult[np.arange(n), x], inv]  # g x g^-1 for all g
        assert set(conj.tolist()) == set(classes[cls[x]])


def test_element_orders_of_dihedral():
    _, mult, _, _ = dihedral(6)
    orders = element_orders(mult)
    assert np.bincount(orders).tolist() == [0, 1, 7, 2, 0, 0, 2]


def test_power_map_agrees_with_direct_powers(s4):
    _, mult, inv, gens = s4
    classes = conjugacy_classes(mult, inv, gens)
    cls = class_index(classes, len(inv))
    for k in (-1, 0, 2, 3, 5):
        pm = power_map(mult, classes, k)
        for i, c in enumerate(classes):
            g = c[0]
            x = 0
            for _ in range(k % 12):
                x = mult[x, g]
            assert pm[i] == cls[x]


def test_class_coefficients_count_products():
    _, mult, inv, gens = q8()
    classes = conjugacy_classes(mult, inv, gens)
    cls = class_index(classes, len(inv))
    coeffs = class_multiplication_coefficients(mult, inv, classes)
    r = len(classes)
    brute = np.zeros((r, r, r), dtype=int)
    for x in range(len(inv)):
        for y in range(len(inv)):
            z = mult[x, y]
            for k, c in enumerate(classes):
                if z == c[0]:
                    brute[cls[x], cls[y], k] += 1
    assert (coeffs == brute).all()
    # commutative class algebra, identity class is the unit
    assert (coeffs == coeffs.transpose(1, 0, 2)).all()
    assert (coeffs[0] == np.eye(r, dtype=int)).all()


def test_cyclic_classes_are_singletons():
    _, mult, inv, gens = cyclic(12)
    classes = conjugacy_classes(mult, inv, gens)
    assert len(classes) == 12 and classes[0] == (0,)


def test_bad_shapes_raise():
    with pytest.raises(DimensionMismatchError):
        element_orders(np.zeros((2, 3), dtype=int))
    with pytest.raises(DimensionMismatchError):
        conjugacy_classes(np.zeros((2, 2), dtype=int), np.zeros(3, dtype=int), [])


def test_class_quotients_determine_coefficients(s4):
    from groupproj.finite.classes import class_quotients

    _, mult, inv, gens = s4
    classes = conjugacy_classes(mult, inv, gens)
    cls = class_index(classes, len(inv))
    quotients = class_quotients(mult, inv, classes)
    coeffs = class_multiplication_coefficients(mult, inv, classes)
    for k, c in enumerate(classes):
        for x in range(len(inv)):
            assert quotients[x, k] == cls[mult[inv[x], c[0]]]
    # sum over j of c[i, j, k] = |C_i|
    assert (coeffs.sum(axis=1) == np.array([len(c) for c in classes])[:, None]).all()
