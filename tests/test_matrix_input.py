"""Matrices entering groupproj: exact integers stay exact, infinite groups are refused early
with the reason, non-finite entries are refused, and tolerance checks refuse NaN."""

import numpy as np
import pytest
import sympy as sp

import groupproj as gp
from groupproj._matrices import Mat, to_exact


def test_whole_number_floats_beyond_int64_stay_exact():
    assert Mat([[1e19, 0], [0, 1]]).exact == sp.Matrix([[10**19, 0], [0, 1]])
    assert to_exact(np.array([[-(2.0**70)]])) == sp.Matrix([[-(2**70)]])


def test_unsigned_integers_beyond_int64_stay_exact():
    big = 2**63 + 5
    assert Mat(np.array([[big]], dtype=np.uint64)).exact == sp.Matrix([[big]])


def test_python_integers_of_any_size_stay_exact():
    assert Mat([[10**30, 1], [0, 1]]).exact[0, 0] == 10**30


@pytest.mark.parametrize(
    ("matrix", "reason"),
    [
        ([[2.0]], "|det| = 2"),
        ([[0.5]], "|det| = 0.5"),
        ([[1e19, 0], [0, 1]], "|det| = 1e+19"),
        ([[2, 1], [1, 1]], "eigenvalue of modulus 2.618"),
        ([[2, 0], [0, 0.5]], "eigenvalue of modulus 2"),
    ],
)
def test_a_generator_of_infinite_order_is_refused_at_once(matrix, reason):
    with pytest.raises(gp.GroupTooLargeError, match="infinite") as info:
        gp.matrix_group([matrix])
    assert reason in str(info.value)


@pytest.mark.parametrize("max_order", [20_000, 10**9])
def test_a_shear_is_refused_however_large_the_bound(max_order):
    with pytest.raises(gp.GroupTooLargeError):
        gp.matrix_group([[[1, 1], [0, 1]]], max_order=max_order).elements()


def test_finite_matrix_groups_still_close():
    assert gp.matrix_group([[[0, -1], [1, 0]]]).order == 4
    assert gp.matrix_group([[[-1.0]]]).order == 2
    c, s = np.cos(2 * np.pi / 7), np.sin(2 * np.pi / 7)
    assert gp.matrix_group([[[c, -s], [s, c]]]).order == 7
    assert gp.icosahedral().order == 60


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_images_are_refused(bad):
    with pytest.raises(gp.InvalidValueError, match="finite"):
        gp.rep_from_generators(gp.cyclic(2), [[[bad]]])
    with pytest.raises(gp.InvalidValueError, match="finite"):
        gp.matrix_group([[[bad]]])
    with pytest.raises(gp.InvalidValueError, match="finite"):
        gp.symmetric(3).natural().change_basis(np.full((3, 3), bad))


def test_overflowing_images_are_not_a_representation():
    with pytest.raises(gp.NotAHomomorphismError):
        gp.rep_from_generators(gp.cyclic(2), [[[1e300]]])


def test_nan_quaternions_and_matrices_are_not_group_elements():
    with pytest.raises(gp.InvalidValueError):
        gp.SU2().element([float("nan"), 0, 0, 0])
    assert [float("nan"), 0, 0, 0] not in gp.SU2()
    assert np.full((3, 3), float("nan")) not in gp.SO3()
