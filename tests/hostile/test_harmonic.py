"""Hostile inputs to the harmonic analysis: Wigner matrices, Clebsch-Gordan tensors, Euler
angles and the real basis.

Each case must be refused with the named GroupprojError subclass, quickly: NaN, infinite,
complex or non-numeric angles, spins that are not numbers or too large to evaluate, matrices
that are not rotations.
"""

import numpy as np
import sympy as sp

import groupproj as gp
from groupproj.harmonic import (
    clebsch_gordan,
    e3nn_change_of_basis,
    euler_from_matrix,
    matrix_from_euler,
    o3_clebsch_gordan,
    real_basis_change,
    to_e3nn_angles,
    wigner_D,
    wigner_d,
)
from hostile.harness import Case, cases, refuse

nan, inf = float("nan"), float("inf")

ANGLES = [
    Case(f"{what}({v!r})", lambda f=f, v=v: f(v), error)
    for what, f in [
        ("wigner_D-alpha", lambda v: wigner_D(1, v, 0, 0)),
        ("wigner_D-gamma-real", lambda v: wigner_D(2, 0, 0, v, basis="real")),
        ("wigner_d-beta", lambda v: wigner_d(1, v)),
        ("matrix_from_euler", lambda v: matrix_from_euler(0, v, 0)),
        ("to_e3nn_angles", lambda v: to_e3nn_angles(v, 0, 0)),
    ]
    for v, error in [
        (nan, gp.InvalidValueError),
        (inf, gp.InvalidValueError),
        ([0.1, nan], gp.InvalidValueError),
        (np.array(nan), gp.InvalidValueError),
        (None, gp.InvalidTypeError),
        ("a", gp.InvalidTypeError),
        ([0.1, None], gp.InvalidTypeError),
        (1j, gp.InvalidTypeError),
        (True, gp.InvalidTypeError),
    ]
]

EXACT_ANGLES = [
    Case("D-beyond-float", lambda: wigner_D(1, 10**400, 0, 0), gp.InvalidValueError),
    Case("exact-D-string", lambda: wigner_D(1, "a", 0, 0, exact=True), gp.InvalidTypeError),
    Case("exact-D-none", lambda: wigner_D(1, None, 0, 0, exact=True), gp.InvalidTypeError),
    Case("exact-D-oo", lambda: wigner_D(1, sp.oo, 0, 0, exact=True), gp.InvalidValueError),
    Case("exact-D-imaginary", lambda: wigner_D(1, sp.I, 0, 0, exact=True), gp.InvalidValueError),
    Case("exact-d-nan", lambda: wigner_d(1, sp.nan, exact=True), gp.InvalidValueError),
    Case("exact-D-float", lambda: wigner_D(1, 0.5, 0, 0, exact=True), gp.ExactnessError),
    Case(
        "exact-euler-string",
        lambda: matrix_from_euler("a", 0, 0, exact=True),
        gp.InvalidTypeError,
    ),
    Case(
        "exact-euler-code",
        lambda: matrix_from_euler("__import__('os')", 0, 0, exact=True),
        gp.InvalidTypeError,
    ),
    Case(
        "exact-euler-nan",
        lambda: matrix_from_euler(sp.nan, 0, 0, exact=True),
        gp.InvalidValueError,
    ),
    Case(
        "exact-euler-complex",
        lambda: matrix_from_euler(1j, 0, 0, exact=True),
        gp.InvalidValueError,
    ),
    Case(
        "angles-do-not-broadcast",
        lambda: wigner_D(1, [0, 1], [0, 1, 2], 0),
        gp.DimensionMismatchError,
    ),
]

SPINS = [
    Case(f"{what}({v!r})", lambda f=f, v=v: f(v), error)
    for what, f in [
        ("wigner_D-j", lambda v: wigner_D(v, 0, 0, 0)),
        ("clebsch_gordan-j1", lambda v: clebsch_gordan(v, 1, 1)),
        ("clebsch_gordan-j", lambda v: clebsch_gordan(1, 1, v, exact=True)),
    ]
    for v, error in [
        (nan, gp.InvalidValueError),
        (inf, gp.InvalidValueError),
        (sp.oo, gp.InvalidValueError),
        (None, gp.InvalidTypeError),
        ("1", gp.InvalidTypeError),
        (True, gp.InvalidTypeError),
        (1 + 0j, gp.InvalidTypeError),
        (sp.Symbol("j"), gp.InvalidTypeError),
        (-1, gp.SelectionRuleError),
        (0.3, gp.SelectionRuleError),
    ]
]

SIZES = [
    Case("wigner_D-huge-j", lambda: wigner_D(10**5, 0.1, 0.2, 0.3), gp.SizeLimitError),
    Case("wigner_D-float-huge-j", lambda: wigner_D(1e300, 0, 0, 0), gp.SizeLimitError),
    Case("wigner_D-many-angles", lambda: wigner_D(50, np.zeros(10**6), 0, 0), gp.SizeLimitError),
    Case("wigner_D-exact-huge-j", lambda: wigner_D(3000, 0, 0, 0, exact=True), gp.SizeLimitError),
    Case("wigner_d-huge-j", lambda: wigner_d(10**5, 0.1), gp.SizeLimitError),
    Case("clebsch_gordan-huge", lambda: clebsch_gordan(10**5, 10**5, 10**5), gp.SizeLimitError),
    Case(
        "clebsch_gordan-exact-huge",
        lambda: clebsch_gordan(1000, 1000, 1000, exact=True),
        gp.SizeLimitError,
    ),
    Case("real_basis_change-huge", lambda: real_basis_change(10**9), gp.SizeLimitError),
    Case("e3nn_change_of_basis-huge", lambda: e3nn_change_of_basis(10**9), gp.SizeLimitError),
]

OTHERS = [
    Case("wigner_D-basis-none", lambda: wigner_D(1, 0, 0, 0, basis=None), gp.UnknownNameError),
    Case(
        "wigner_D-basis-array",
        lambda: wigner_D(1, 0, 0, 0, basis=np.array([1])),
        gp.UnknownNameError,
    ),
    Case(
        "clebsch_gordan-basis-int", lambda: clebsch_gordan(1, 1, 1, basis=3), gp.UnknownNameError
    ),
    Case("o3-parity-bool", lambda: o3_clebsch_gordan(1, True, 1, 1, 1, 1), gp.SelectionRuleError),
    Case("o3-parity-nan", lambda: o3_clebsch_gordan(1, nan, 1, 1, 1, 1), gp.SelectionRuleError),
    Case(
        "o3-parity-array",
        lambda: o3_clebsch_gordan(1, np.array([1, -1]), 1, 1, 1, 1),
        gp.SelectionRuleError,
    ),
    Case("real_basis_change-nan", lambda: real_basis_change(nan), gp.SelectionRuleError),
    Case("real_basis_change-none", lambda: real_basis_change(None), gp.SelectionRuleError),
    Case("euler-ones", lambda: euler_from_matrix(np.ones((3, 3))), gp.InvalidValueError),
    Case(
        "euler-reflection", lambda: euler_from_matrix(np.diag([1.0, 1, -1])), gp.InvalidValueError
    ),
    Case("euler-scaled", lambda: euler_from_matrix(2 * np.eye(3)), gp.InvalidValueError),
    Case(
        "euler-one-bad-in-batch",
        lambda: euler_from_matrix(np.stack([np.eye(3), np.ones((3, 3))])),
        gp.InvalidValueError,
    ),
    Case("euler-nan", lambda: euler_from_matrix(np.full((3, 3), nan)), gp.InvalidValueError),
    Case("euler-strings", lambda: euler_from_matrix([["a"] * 3] * 3), gp.InvalidTypeError),
    Case("euler-none", lambda: euler_from_matrix(None), gp.InvalidTypeError),
    Case("euler-complex", lambda: euler_from_matrix(1j * np.eye(3)), gp.InvalidTypeError),
    Case("euler-2x2", lambda: euler_from_matrix(np.eye(2)), gp.DimensionMismatchError),
]

TABLE = ANGLES + EXACT_ANGLES + SPINS + SIZES + OTHERS


@cases(TABLE)
def test_refused(case):
    refuse(case)


def test_a_non_rotation_is_refused_with_its_deviation():
    exc = refuse(Case("x", lambda: euler_from_matrix(np.ones((3, 3))), gp.InvalidValueError))
    assert "not a rotation" in str(exc) and "tolerance" in str(exc)
