"""Hostile inputs to the groups: constructors, elements, samples, quadratures, irrep labels.

Each case must be refused with the named GroupprojError subclass, quickly: NaN, infinities,
None, strings, bools, complex numbers, huge and negative sizes, empty and ragged lists,
numpy scalars and 0-d arrays, groups that are infinite or too large to enumerate.
"""

import networkx as nx
import numpy as np
import sympy as sp

import groupproj as gp
from groupproj.groups.permutation import PermutationGroup
from hostile.harness import Case, cases, refuse

nan, inf = float("nan"), float("inf")
HUGE = 99999999999999999999999
S3 = gp.symmetric(3)
g = S3.generators[0]
shear = [[1, 1], [0, 1]]

NAMED = [
    Case(f"{f.__name__}({v!r})", lambda f=f, v=v: f(v), error)
    for f in (gp.cyclic, gp.dihedral, gp.symmetric, gp.alternating)
    for v, error in [
        (None, gp.InvalidTypeError),
        ("3", gp.InvalidTypeError),
        (True, gp.InvalidTypeError),
        (1 + 2j, gp.InvalidTypeError),
        (nan, gp.InvalidValueError),
        (inf, gp.InvalidValueError),
        (np.float64(nan), gp.InvalidValueError),
        (np.array(nan), gp.InvalidValueError),
        (0, gp.InvalidValueError),
        (-3, gp.InvalidValueError),
        (2.5, gp.InvalidValueError),
        (HUGE, gp.SizeLimitError),
    ]
]

PERMUTATIONS = [
    Case("perm-fraction", lambda: gp.permutation_group([[1.7, 0.2]]), gp.InvalidValueError),
    Case("perm-nan-entry", lambda: gp.permutation_group([[nan, 0]]), gp.InvalidValueError),
    Case("perm-string", lambda: gp.permutation_group(["10"]), gp.InvalidTypeError),
    Case("perm-generators-string", lambda: gp.permutation_group("10"), gp.InvalidTypeError),
    Case("perm-generators-int", lambda: gp.permutation_group(5), gp.InvalidTypeError),
    Case("perm-generators-none", lambda: gp.permutation_group(None), gp.InvalidTypeError),
    Case("perm-0d-array", lambda: gp.permutation_group(np.array(3)), gp.InvalidTypeError),
    Case("perm-set", lambda: gp.permutation_group([{1, 0}]), gp.InvalidTypeError),
    Case("perm-none-entry", lambda: gp.permutation_group([[None, 0]]), gp.InvalidTypeError),
    Case("perm-bool-entries", lambda: gp.permutation_group([[True, False]]), gp.InvalidTypeError),
    Case("perm-complex-entry", lambda: gp.permutation_group([[1j, 0]]), gp.InvalidTypeError),
    Case("perm-repeated-point", lambda: gp.permutation_group([[0, 0, 1]]), gp.GroupMismatchError),
    Case("perm-huge-point", lambda: gp.permutation_group([[HUGE, 0]]), gp.GroupMismatchError),
    Case(
        "perm-mixed-degrees",
        lambda: gp.permutation_group([[1, 0], [1, 2, 0]]),
        gp.DimensionMismatchError,
    ),
    Case("perm-empty-permutation", lambda: gp.permutation_group([[]]), gp.InvalidValueError),
    Case("perm-no-generators", lambda: gp.permutation_group([]), gp.DimensionMismatchError),
    Case(
        "perm-degree-nan",
        lambda: PermutationGroup([], degree=nan),
        gp.InvalidValueError,
    ),
    Case("perm-degree-huge", lambda: PermutationGroup([], degree=HUGE), gp.SizeLimitError),
    Case("perm-name-int", lambda: gp.permutation_group([[1, 0]], name=5), gp.InvalidTypeError),
]

MATRICES = [
    Case("matrix-2", lambda: gp.matrix_group([[[2.0]]]), gp.GroupTooLargeError),
    Case("matrix-half", lambda: gp.matrix_group([[[0.5]]]), gp.GroupTooLargeError),
    Case("matrix-nan", lambda: gp.matrix_group([[[nan]]]), gp.InvalidValueError),
    Case("matrix-inf", lambda: gp.matrix_group([[[inf]]]), gp.InvalidValueError),
    Case(
        "matrix-1e19",
        lambda: gp.matrix_group([[[1e19, 0], [0, 1]]]),
        gp.GroupTooLargeError,
    ),
    Case("matrix-hyperbolic", lambda: gp.matrix_group([[[2, 1], [1, 1]]]), gp.GroupTooLargeError),
    Case("matrix-shear", lambda: gp.matrix_group([shear]).order, gp.GroupTooLargeError),
    Case(
        "matrix-shear-large-bound",
        lambda: gp.matrix_group([shear], max_order=10**9).order,
        gp.GroupTooLargeError,
    ),
    Case("matrix-empty", lambda: gp.matrix_group([np.zeros((0, 0))]), gp.DimensionMismatchError),
    Case("matrix-no-generators", lambda: gp.matrix_group([]), gp.DimensionMismatchError),
    Case("matrix-string-entry", lambda: gp.matrix_group([[["a"]]]), gp.InvalidTypeError),
    Case("matrix-none-entry", lambda: gp.matrix_group([[[None]]]), gp.InvalidTypeError),
    Case("matrix-bool", lambda: gp.matrix_group([[[True]]]), gp.InvalidTypeError),
    Case("matrix-generators-string", lambda: gp.matrix_group("abc"), gp.InvalidTypeError),
    Case("matrix-generators-0d", lambda: gp.matrix_group(np.array(3)), gp.InvalidTypeError),
    Case("matrix-vector", lambda: gp.matrix_group([[1, 0]]), gp.DimensionMismatchError),
    Case("matrix-ragged", lambda: gp.matrix_group([[[1, 2], [3]]]), gp.DimensionMismatchError),
    Case(
        "matrix-mixed-sizes",
        lambda: gp.matrix_group([np.eye(2), np.eye(3)]),
        gp.DimensionMismatchError,
    ),
    Case(
        "matrix-singular", lambda: gp.matrix_group([[[1, 1], [1, 1]]]), gp.DimensionMismatchError
    ),
    Case(
        "matrix-symbol",
        lambda: gp.matrix_group([sp.Matrix([[sp.Symbol("x")]])]),
        gp.InvalidTypeError,
    ),
    Case("matrix-sympy-oo", lambda: gp.matrix_group([sp.Matrix([[sp.oo]])]), gp.InvalidValueError),
    Case("matrix-beyond-float", lambda: gp.matrix_group([[[10**400]]]), gp.InvalidValueError),
    Case(
        "matrix-max-order-nan",
        lambda: gp.matrix_group([[[-1]]], max_order=nan),
        gp.InvalidValueError,
    ),
    Case(
        "matrix-max-order-zero",
        lambda: gp.matrix_group([[[-1]]], max_order=0),
        gp.InvalidValueError,
    ),
    Case(
        "matrix-element-nan",
        lambda: gp.quaternion().element(np.full((4, 4), nan)),
        gp.InvalidValueError,
    ),
]

ENUMERATION = [
    Case("S100-elements", lambda: gp.symmetric(100).elements(), gp.GroupTooLargeError),
    Case("C200001-elements", lambda: gp.cyclic(200001).elements(), gp.GroupTooLargeError),
    Case(
        "product-elements",
        lambda: gp.direct_product(gp.symmetric(20), gp.cyclic(2)).elements(),
        gp.GroupTooLargeError,
    ),
    Case("S8-cayley-table", lambda: gp.symmetric(8).cayley_table, gp.SizeLimitError),
    Case(  # gp.symmetric(8) classifies by cycle types; the same group untagged needs a table
        "S8-untagged-classes",
        lambda: gp.permutation_group(
            [g.data for g in gp.symmetric(8).generators]
        ).conjugacy_classes(),
        gp.SizeLimitError,
    ),
    Case(
        "S8-regular-matrix",
        lambda: gp.symmetric(8).regular()(gp.symmetric(8).generators[0]),
        gp.SizeLimitError,
    ),
    Case("C100000-sample", lambda: gp.cyclic(10**5).sample(1), gp.SizeLimitError),
    Case(
        "chain-of-huge-group",
        lambda: gp.permutation_group([[*range(1, 10**5), 0]]).order,
        gp.SizeLimitError,
    ),
    Case("product-with-string", lambda: gp.direct_product(S3, "C2"), gp.InvalidTypeError),
    Case("automorphisms-of-string", lambda: gp.automorphism_group("C5"), gp.InvalidTypeError),
    Case(
        "automorphisms-of-nothing", lambda: gp.automorphism_group(nx.Graph()), gp.InvalidValueError
    ),
    Case("product-with-compact", lambda: gp.direct_product(S3, gp.SO3()), gp.GroupMismatchError),
]

ELEMENTS = [
    Case("element-none", lambda: S3.element(None), gp.InvalidTypeError),
    Case("element-string", lambda: S3.element("012"), gp.InvalidTypeError),
    Case("element-0d", lambda: S3.element(np.array(nan)), gp.InvalidTypeError),
    Case("element-fraction", lambda: S3.element([0.5, 1, 2]), gp.InvalidValueError),
    Case("element-short", lambda: S3.element([0, 1]), gp.DimensionMismatchError),
    Case("element-not-a-permutation", lambda: S3.element([0, 0, 1]), gp.GroupMismatchError),
    Case(
        "element-not-in-group", lambda: gp.cyclic(4).element([1, 0, 2, 3]), gp.GroupMismatchError
    ),
    Case("index-string", lambda: S3.index("x"), gp.InvalidTypeError),
    Case("power-fraction", lambda: g**2.5, gp.InvalidValueError),
    Case("power-none", lambda: g**None, gp.InvalidTypeError),
    Case("power-string", lambda: g ** "2", gp.InvalidTypeError),
    Case("power-bool", lambda: g**True, gp.InvalidTypeError),
    Case("times-int", lambda: g * 3, gp.InvalidTypeError),
    Case("int-times", lambda: 3 * g, gp.InvalidTypeError),
    Case("irreps-field", lambda: S3.irreps("quaternion"), gp.UnknownNameError),
    Case("irreps-field-array", lambda: S3.irreps(np.array([1, 2])), gp.UnknownNameError),
]

SAMPLES = [
    Case(f"{G.name}-sample({n!r})", lambda G=G, n=n: G.sample(n), error)
    for G in (S3, gp.SO2(), gp.O2(), gp.SO3(), gp.O3(), gp.SU2())
    for n, error in [
        (-2, gp.InvalidValueError),
        (2.5, gp.InvalidValueError),
        (nan, gp.InvalidValueError),
        (None, gp.InvalidTypeError),
        ("3", gp.InvalidTypeError),
        (10**12, gp.SizeLimitError),
    ]
] + [
    Case("seed-negative", lambda: S3.sample(2, seed=-1), gp.InvalidValueError),
    Case("seed-string", lambda: gp.SO3().sample(2, seed="x"), gp.InvalidTypeError),
    Case("seed-fraction", lambda: gp.SO2().sample(2, seed=0.5), gp.InvalidValueError),
]

ANGLES = [
    Case(f"{what}({v!r})", lambda f=f, v=v: f(v), error)
    for what, f in [
        ("SO3.euler", lambda v: gp.SO3().euler(v, 0, 0)),
        ("O3.euler", lambda v: gp.O3().euler(0, v, 0)),
        ("SU2.euler", lambda v: gp.SU2().euler(0, 0, v)),
        ("SO2.element", lambda v: gp.SO2().element(v)),
        ("O2.element", lambda v: gp.O2().element(v)),
        ("O2.reflection", lambda v: gp.O2().reflection(v)),
    ]
    for v, error in [
        (nan, gp.InvalidValueError),
        (inf, gp.InvalidValueError),
        (np.float64(-inf), gp.InvalidValueError),
        (np.array(nan), gp.InvalidValueError),
        (sp.oo, gp.InvalidValueError),
        (sp.nan, gp.InvalidValueError),
        (sp.I, gp.InvalidValueError),
        (None, gp.InvalidTypeError),
        ("a", gp.InvalidTypeError),
        (True, gp.InvalidTypeError),
        (1j, gp.InvalidTypeError),
        (sp.Symbol("t"), gp.InvalidTypeError),
    ]
]

COMPACT_ELEMENTS = [
    Case("euler-beyond-float", lambda: gp.SO3().euler(10**400, 0.5, 0), gp.InvalidValueError),
    Case("SO2-beyond-float", lambda: gp.SO2().element(sp.pi * 10**400), gp.InvalidValueError),
    Case("SO3-nan-matrix", lambda: gp.SO3().element(np.full((3, 3), nan)), gp.InvalidValueError),
    Case("SO3-string-matrix", lambda: gp.SO3().element([["a"] * 3] * 3), gp.InvalidTypeError),
    Case("SO3-complex-matrix", lambda: gp.SO3().element(1j * np.eye(3)), gp.InvalidTypeError),
    Case(
        "SO3-symbolic-matrix",
        lambda: gp.SO3().element(sp.eye(3) * sp.Symbol("s")),
        gp.InvalidTypeError,
    ),
    Case("SO3-not-a-rotation", lambda: gp.SO3().element(np.ones((3, 3))), gp.GroupMismatchError),
    Case("SO3-scalar", lambda: gp.SO3().element(5), gp.GroupMismatchError),
    Case("O3-nan-matrix", lambda: gp.O3().element(np.full((3, 3), nan)), gp.InvalidValueError),
    Case("SO2-ragged", lambda: gp.SO2().element([[1, 0], [0]]), gp.GroupMismatchError),
    Case("O2-reflection-vector", lambda: gp.O2().reflection([1, 2]), gp.GroupMismatchError),
    Case("SU2-nan-quaternion", lambda: gp.SU2().element([nan, 0, 0, 0]), gp.InvalidValueError),
    Case("SU2-non-unit", lambda: gp.SU2().element([1.0, 1.0, 0, 0]), gp.GroupMismatchError),
    Case("SU2-nan-matrix", lambda: gp.SU2().element(np.full((2, 2), nan)), gp.InvalidValueError),
]

DEGREES = [
    Case(f"{G.name}.{what}({v!r})", lambda G=G, what=what, v=v: getattr(G, what)(v), error)
    for G in (gp.SO2(), gp.O2(), gp.SO3(), gp.O3())
    for what in ("quadrature", "irreps")
    for v, error in [
        (2.5, gp.InvalidValueError),
        (-1, gp.InvalidValueError),
        (nan, gp.InvalidValueError),
        (None, gp.InvalidTypeError),
        ("2", gp.InvalidTypeError),
        (10**12, gp.SizeLimitError),
    ]
] + [
    Case("SU2.quadrature(nan)", lambda: gp.SU2().quadrature(nan), gp.InvalidValueError),
    Case("SU2.quadrature(0.3)", lambda: gp.SU2().quadrature(0.3), gp.SelectionRuleError),
    Case("SU2.quadrature(huge)", lambda: gp.SU2().quadrature(10**9), gp.SizeLimitError),
    Case("SO3.quadrature(product)", lambda: gp.SO3().quadrature(10**5), gp.SizeLimitError),
    Case("SU2.irreps(huge)", lambda: gp.SU2().irreps(10**12), gp.SizeLimitError),
    Case("SU2.irreps(None)", lambda: gp.SU2().irreps(None), gp.InvalidTypeError),
]

LABELS = [
    Case("SO3.irrep(nan)", lambda: gp.SO3().irrep(nan), gp.InvalidValueError),
    Case("SO3.irrep(inf)", lambda: gp.SO3().irrep(inf), gp.InvalidValueError),
    Case("SO3.irrep(None)", lambda: gp.SO3().irrep(None), gp.InvalidTypeError),
    Case("SO3.irrep('1')", lambda: gp.SO3().irrep("1"), gp.InvalidTypeError),
    Case("SO3.irrep(True)", lambda: gp.SO3().irrep(True), gp.InvalidTypeError),
    Case("SO3.irrep(1j)", lambda: gp.SO3().irrep(1j), gp.InvalidTypeError),
    Case("SO3.irrep()", lambda: gp.SO3().irrep(), gp.SelectionRuleError),
    Case("SU2.irrep(nan)", lambda: gp.SU2().irrep(nan), gp.InvalidValueError),
    Case("SO2.irrep(True)", lambda: gp.SO2().irrep(True), gp.SelectionRuleError),
    Case("SO2.irrep(1.0)", lambda: gp.SO2().irrep(1.0), gp.SelectionRuleError),
    Case("O2.irrep(True)", lambda: gp.O2().irrep(True), gp.SelectionRuleError),
    Case("O2.irrep(0, True)", lambda: gp.O2().irrep(0, True), gp.SelectionRuleError),
    Case("O3.irrep(1, array)", lambda: gp.O3().irrep(1, np.array([1, 2])), gp.SelectionRuleError),
    Case("O3.irrep(1, True)", lambda: gp.O3().irrep(1, True), gp.SelectionRuleError),
    Case("basis-array", lambda: gp.SO3().irrep(1, basis=np.array([1])), gp.UnknownNameError),
    Case("basis-zero", lambda: gp.SO3().irrep(1, basis=0), gp.UnknownNameError),
]

TABLE = (
    NAMED
    + PERMUTATIONS
    + MATRICES
    + ENUMERATION
    + ELEMENTS
    + SAMPLES
    + ANGLES
    + COMPACT_ELEMENTS
    + DEGREES
    + LABELS
)


@cases(TABLE)
def test_refused(case):
    refuse(case)


def test_an_infinite_matrix_group_is_refused_with_the_reason():
    exc = refuse(Case("x", lambda: gp.matrix_group([[[2.0]]]), gp.GroupTooLargeError))
    assert "|det| = 2" in str(exc) and "infinite" in str(exc)
    exc = refuse(Case("x", lambda: gp.matrix_group([shear]).order, gp.GroupTooLargeError))
    assert "infinite" in str(exc)


def test_angle_messages_name_the_angle_and_the_fix():
    exc = refuse(Case("x", lambda: gp.SO3().euler(0, nan, 0), gp.InvalidValueError))
    assert "beta" in str(exc) and "radians" in str(exc)
