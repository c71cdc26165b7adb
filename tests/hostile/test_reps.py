"""Hostile inputs to the representations: generator images, bases, the algebra, sizes.

Each case must be refused with the named GroupprojError subclass, quickly: non-finite or
non-numeric matrices, operands that are not representations or positive integers, powers
and matrices too large to build, and operations the representation does not support.
"""

import numpy as np

import groupproj as gp
from groupproj.reps.grid import GridRep, grid_rep
from hostile.harness import Case, cases, refuse

nan, inf = float("nan"), float("inf")
S3, C2, C4 = gp.symmetric(3), gp.cyclic(2), gp.cyclic(4)
V = S3.natural()
g = S3.generators[0]
SO3 = gp.SO3()
R = SO3.sample(1, seed=0)[0]
skew = np.array([[1.0, 1, 0], [0, 1, 0], [0, 0, 1]])

IMAGES = [
    Case("images-nan", lambda: gp.rep_from_generators(C2, [[[nan]]]), gp.InvalidValueError),
    Case("images-inf", lambda: gp.rep_from_generators(C2, [[[inf]]]), gp.InvalidValueError),
    Case("images-string", lambda: gp.rep_from_generators(C2, [[["a"]]]), gp.InvalidTypeError),
    Case("images-none", lambda: gp.rep_from_generators(C2, [None]), gp.InvalidTypeError),
    Case(
        "images-overflow",
        lambda: gp.rep_from_generators(C2, [[[1e300]]]),
        gp.NotAHomomorphismError,
    ),
    Case(
        "images-not-a-rep",
        lambda: gp.rep_from_generators(C2, [[[2.0]]]),
        gp.NotAHomomorphismError,
    ),
    Case("images-0d", lambda: gp.rep_from_generators(C2, np.array(3)), gp.InvalidTypeError),
    Case("images-text", lambda: gp.rep_from_generators(C2, "ab"), gp.InvalidTypeError),
    Case("images-none-list", lambda: gp.rep_from_generators(C2, None), gp.InvalidTypeError),
    Case("images-too-few", lambda: gp.rep_from_generators(C2, []), gp.DimensionMismatchError),
    Case(
        "images-empty-matrix",
        lambda: gp.rep_from_generators(C2, [np.zeros((0, 0))]),
        gp.DimensionMismatchError,
    ),
    Case(
        "images-group-string", lambda: gp.rep_from_generators("C2", [[[1]]]), gp.InvalidTypeError
    ),
    Case(
        "images-compact-group", lambda: gp.rep_from_generators(SO3, [[[1]]]), gp.GroupMismatchError
    ),
    Case(
        "images-name-int",
        lambda: gp.rep_from_generators(C2, [[[-1]]], name=3),
        gp.InvalidTypeError,
    ),
]

BASES = [
    Case("basis-nan", lambda: V.change_basis(np.full((3, 3), nan)), gp.InvalidValueError),
    Case("basis-string", lambda: V.change_basis("a"), gp.InvalidTypeError),
    Case("basis-singular", lambda: V.change_basis(np.zeros((3, 3))), gp.DimensionMismatchError),
    Case("basis-wrong-size", lambda: V.change_basis(np.eye(2)), gp.DimensionMismatchError),
    Case("restrict-string", lambda: V.restrict("S2"), gp.InvalidTypeError),
    Case(
        "orthogonalized-compact",
        lambda: SO3.natural().change_basis(skew).orthogonalized(),
        gp.NotOrthogonalError,
    ),
    Case(
        "not-a-permutation",
        lambda: SO3.natural().generator_permutations(),
        gp.NotAPermutationError,
    ),
    Case(
        "no-lie-algebra",
        lambda: SO3.natural().restrict(SO3).lie_algebra(),
        gp.NoLieAlgebraError,
    ),
]

ALGEBRA = [
    Case("plus-int", lambda: V + 3, gp.InvalidTypeError),
    Case("int-plus", lambda: 3 + V, gp.InvalidTypeError),
    Case("sum-builtin", lambda: sum([V, V]), gp.InvalidTypeError),
    Case("times-fraction", lambda: V * 2.5, gp.InvalidTypeError),
    Case("fraction-times", lambda: 2.5 * V, gp.InvalidTypeError),
    Case("times-none", lambda: V * None, gp.InvalidTypeError),
    Case("string-times", lambda: "a" * V, gp.InvalidTypeError),
    Case("bool-times", lambda: True * V, gp.InvalidTypeError),
    Case("zero-times", lambda: 0 * V, gp.InvalidValueError),
    Case("times-negative", lambda: V * -1, gp.InvalidValueError),
    Case("huge-times", lambda: 10**12 * V, gp.SizeLimitError),
    Case("plus-other-group", lambda: V + SO3.natural(), gp.GroupMismatchError),
    Case("power-zero", lambda: V**0, gp.InvalidValueError),
    Case("power-negative", lambda: V**-1, gp.InvalidValueError),
    Case("power-fraction", lambda: V**0.5, gp.InvalidValueError),
    Case("power-nan", lambda: V**nan, gp.InvalidValueError),
    Case("power-string", lambda: V ** "2", gp.InvalidTypeError),
    Case("power-none", lambda: V**None, gp.InvalidTypeError),
    Case("power-bool", lambda: V**True, gp.InvalidTypeError),
    Case("power-representation", lambda: V**V, gp.InvalidTypeError),
    Case("natural-power-50", lambda: V**50, gp.SizeLimitError),
    Case("regular-power-huge", lambda: S3.regular() ** 99999999, gp.SizeLimitError),
    Case("trivial-power-huge", lambda: S3.trivial() ** 10**12, gp.SizeLimitError),
    Case("direct-sum-nothing", lambda: gp.direct_sum(), gp.InvalidValueError),
    Case("direct-sum-empty-list", lambda: gp.direct_sum([]), gp.InvalidValueError),
    Case("direct-sum-int-in-list", lambda: gp.direct_sum([V, 3]), gp.InvalidTypeError),
    Case("direct-sum-string", lambda: gp.direct_sum("ab"), gp.InvalidTypeError),
    Case("direct-sum-0d", lambda: gp.direct_sum(np.array(3)), gp.InvalidTypeError),
    Case("tensor-none", lambda: gp.reps.tensor(None), gp.InvalidTypeError),
    Case("tensor-empty", lambda: gp.reps.tensor([]), gp.InvalidValueError),
]

SIZES = [
    Case("dense-tensor-power", lambda: (V**14)(g), gp.SizeLimitError),
    Case("dense-compact-power", lambda: (SO3.natural() ** 15)(R), gp.SizeLimitError),
    Case("exact-tensor-power", lambda: (V**9)(g, exact=True), gp.SizeLimitError),
    Case(
        "dense-regular-S8",
        lambda: gp.symmetric(8).regular()(gp.symmetric(8).identity),
        gp.SizeLimitError,
    ),
    Case("wigner-irrep", lambda: SO3.irrep(10**5)(R), gp.SizeLimitError),
    Case("wigner-irrep-lie", lambda: SO3.irrep(10**5).lie_algebra(), gp.SizeLimitError),
    Case("decompose-huge", lambda: (SO3.irrep(200) ** 3).decompose(), gp.SizeLimitError),
    Case(
        "character-inner-product-compact",
        lambda: gp.character_inner_product(SO3.natural(), SO3.natural()),
        gp.GroupTooLargeError,
    ),
    Case(
        "character-inner-product-int",
        lambda: gp.character_inner_product(V, 3),
        gp.InvalidTypeError,
    ),
]

GRIDS = [
    Case("grid-huge", lambda: grid_rep(C4, 10**5), gp.SizeLimitError),
    Case("grid-float-huge", lambda: grid_rep(C4, 1e300), gp.SizeLimitError),
    Case("grid-zero", lambda: grid_rep(C4, 0), gp.InvalidValueError),
    Case("grid-nan", lambda: grid_rep(C4, nan), gp.InvalidValueError),
    Case("grid-none", lambda: grid_rep(C4, None), gp.InvalidTypeError),
    Case(
        "grid-fraction-action",
        lambda: grid_rep(C4, 3, [[[1.5, 0], [0, 1]]]),
        gp.InvalidValueError,
    ),
    Case("grid-nan-action", lambda: grid_rep(C4, 3, [[[nan, 0], [0, 1]]]), gp.InvalidValueError),
    Case("grid-action-string", lambda: grid_rep(C4, 3, "x"), gp.InvalidTypeError),
    Case("grid-action-vector", lambda: grid_rep(C4, 3, [[1, 0]]), gp.DimensionMismatchError),
    Case(
        "grid-action-sizes",
        lambda: GridRep(gp.dihedral(4), 3, [[[0, -1], [1, 0]], np.eye(3, dtype=int)]),
        gp.DimensionMismatchError,
    ),
    Case("grid-group-string", lambda: grid_rep("C4", 3), gp.InvalidTypeError),
    Case("grid-unknown-action", lambda: grid_rep(gp.cyclic(5), 3), gp.UnknownNameError),
]

QUERIES = [
    Case("characters-compact", lambda: SO3.natural().characters(), gp.GroupTooLargeError),
    Case("is-orthogonal-nan-tol", lambda: V.is_orthogonal(nan), gp.InvalidValueError),
    Case("is-orthogonal-negative-tol", lambda: V.is_orthogonal(-1.0), gp.InvalidValueError),
    Case("is-orthogonal-string-tol", lambda: V.is_orthogonal("tight"), gp.InvalidTypeError),
    Case(
        "inflate-bad-factor", lambda: gp.direct_product(C2, C4).inflate(V, 5), gp.InvalidValueError
    ),
    Case(
        "inflate-wrong-group",
        lambda: gp.direct_product(C2, C4).inflate(V, 0),
        gp.GroupMismatchError,
    ),
    Case("dual-of-string", lambda: gp.reps.Dual("V"), gp.InvalidTypeError),
]

TABLE = IMAGES + BASES + ALGEBRA + SIZES + GRIDS + QUERIES


@cases(TABLE)
def test_refused(case):
    refuse(case)


def test_size_refusals_state_the_estimate():
    exc = refuse(Case("x", lambda: V**50, gp.SizeLimitError))
    assert "3^50" in str(exc) and "would need" in str(exc)
