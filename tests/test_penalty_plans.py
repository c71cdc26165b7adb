"""The penalty engine's plans on numpy arrays, checked against each projector's own P(T)."""

import gc
import pickle

import numpy as np
import pytest
from _penalty_zoo import ALL, factored, projector, rectangular
from hypothesis import given, settings
from hypothesis import strategies as st

import groupproj as gp
from groupproj.penalties import functions
from groupproj.penalties.plans import FORMS, compile_plan

ORBIT, BASIS = {"orbit", "basis"}, {"basis"}
SIGNED = {"permuted", "tiled", "spectral", "basis"}
APPLICABLE = {
    "orbit-fields": ORBIT,
    "orbit-mixed": ORBIT,
    "orbit-bias": ORBIT,
    "so3-fields": SIGNED,
    "so3-mixed": SIGNED,
    "so2-fields": SIGNED,
    "so3-complex": SIGNED,
    "spatial": BASIS,
    "disjoint": SIGNED,
    "dense": {"tiled", "spectral", "basis"},
    "scattered": {"permuted", "spectral", "basis"},
    "rotated": {"spectral", "basis"},
    "complex": {"spectral", "basis"},
}
CASES = [(name, form) for name in ALL for form in ["auto", *sorted(APPLICABLE[name])]]


def tolerance(dtype, size: int) -> float:
    """Dimension × machine epsilon of the dtype."""
    return size * np.finfo(dtype).eps


def sample(P, batch, dtype, seed=0):
    rng = np.random.default_rng(seed)
    T = rng.standard_normal((*batch, *P.shape))
    if np.dtype(dtype).kind == "c":
        T = T + 1j * rng.standard_normal(T.shape)
    return T.astype(dtype)


@pytest.mark.parametrize("name", ALL)
def test_the_forms_that_apply(name):
    P = projector(name)
    for form in FORMS[1:]:
        if form in APPLICABLE[name]:
            assert compile_plan(P, form).form == form
        else:
            with pytest.raises(gp.BackendNotApplicableError, match="form='basis'"):
                compile_plan(P, form)
    with pytest.raises(gp.UnknownNameError, match="choose one of"):
        compile_plan(P, "sparse")


def test_auto_takes_the_structure_at_hand():
    fields = compile_plan(projector("orbit-fields"))
    assert (fields.form, fields.copies) == ("orbit", 3)  # one block of labels per field
    assert compile_plan(projector("orbit-bias")).copies == 2
    tiles = compile_plan(projector("so3-fields")).tiles
    assert (tiles.copies_W, tiles.copies_V, tiles.rows, tiles.cols) == (2, 3, 9, 9)
    assert compile_plan(projector("so3-mixed")).tiles.count == 1
    assert compile_plan(projector("disjoint")).tiles.count == 6
    assert compile_plan(projector("dense")).form == "tiled"
    assert compile_plan(projector("spatial")).form == "basis"
    assert compile_plan(projector("rotated")).form in ("spectral", "basis")


@pytest.mark.parametrize("name,form", CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.complex64])
def test_every_form_agrees_with_the_projector(name, form, dtype):
    P = projector(name)
    size = P.shape[0] * P.shape[1]
    for batch in [(), (3,), (2, 2)]:
        T = sample(P, batch, dtype)
        exact = T.astype(np.complex128 if np.iscomplexobj(T) else np.float64)
        PT = gp.equivariant_part(T, P, form=form)
        assert np.finfo(PT.dtype).eps == np.finfo(dtype).eps  # the precision is kept
        tol = tolerance(dtype, size)
        np.testing.assert_allclose(PT, P(exact), rtol=0, atol=tol * np.abs(T).max())
        value = gp.penalty(T, P, form=form)
        assert np.shape(value) == batch and np.isrealobj(value)
        scale = np.sum(np.abs(exact) ** 2, axis=(-2, -1))
        np.testing.assert_allclose(value, P.penalty(exact), rtol=0, atol=tol * scale.max())


@pytest.mark.parametrize("name,form", CASES)
def test_equivariant_maps_have_no_penalty_to_the_last_digit(name, form):
    """R = ‖T − P(T)‖² is summed from the residual, not as ‖T‖² − ‖P(T)‖²: for an equivariant
    T it is of order (size·eps)²‖T‖², where the difference would leave eps·‖T‖²."""
    P = projector(name)
    dtype = np.complex128 if P.is_complex else np.float64
    T = P(sample(P, (2,), dtype))
    size = P.shape[0] * P.shape[1]
    bound = tolerance(np.float64, size) ** 2 * np.sum(np.abs(T) ** 2)
    assert np.all(gp.penalty(T, P, form=form) <= bound)
    both = gp.penalty(T, P, form=form, lambda_G=1.0)  # Pythagoras
    np.testing.assert_allclose(both, np.sum(np.abs(T) ** 2, axis=(-2, -1)), rtol=size * 1e-15)


@pytest.mark.parametrize("name", ALL)
@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), lam=st.sampled_from([(0.0, 1.0), (1.0, 0.0), (0.3, 2.0)]))
def test_the_weighted_terms_and_plain_norms(name, seed, lam):
    P = projector(name)
    dtype = np.complex128 if P.is_complex else np.float64
    T = sample(P, (3,), dtype, seed)
    PT = P(T)
    part, rest = np.sum(np.abs(PT) ** 2, axis=(-2, -1)), np.sum(np.abs(T - PT) ** 2, axis=(-2, -1))
    lambda_G, lambda_perp = lam
    rtol = tolerance(np.float64, P.shape[0] * P.shape[1])
    np.testing.assert_allclose(
        gp.penalty(T, P, lambda_G=lambda_G, lambda_perp=lambda_perp),
        lambda_G * part + lambda_perp * rest,
        rtol=rtol,
    )
    np.testing.assert_allclose(
        gp.penalty(T, P, lambda_G=lambda_G, lambda_perp=lambda_perp, squared=False),
        lambda_G * np.sqrt(part) + lambda_perp * np.sqrt(rest),
        rtol=rtol,
    )


def test_fused_layers_of_every_form_sum_the_single_penalties():
    names = [n for n in ALL if not projector(n).is_complex]
    Ps = [projector(n) for n in names]
    rng = np.random.default_rng(3)
    shapes = [(i % 3, *P.shape) if i % 3 else P.shape for i, P in enumerate(Ps)]
    Ts = [rng.standard_normal(s) for s in shapes]
    F = gp.FusedProjection(Ps, shapes)
    assert {"orbit", "permuted", "tiled", "basis"} <= set(F.forms)
    for lambda_G, squared in [(0.0, True), (0.5, True), (0.5, False)]:
        expected = sum(
            gp.penalty(T, P, lambda_G=lambda_G, squared=squared).sum() for T, P in zip(Ts, Ps)
        )
        value = F.penalty(Ts, lambda_G=lambda_G, squared=squared)
        np.testing.assert_allclose(value, expected, rtol=tolerance(np.float64, 10**4))
    for PT, T, P in zip(F.project(Ts), Ts, Ps):
        np.testing.assert_allclose(PT, P(T), atol=tolerance(np.float64, T.size))


def test_rectangular_blocks_in_a_convolution_layout():
    """A (C_out, C_in, k) weight read as its (C_out, C_in·k) map, with d_W ≠ d_V blocks."""
    P = rectangular("disjoint")
    K = np.random.default_rng(4).standard_normal((2, 6, 5, 3))  # map (6, 15)
    for form in sorted(APPLICABLE["disjoint"]):
        PK = gp.equivariant_part(K, P, form=form)
        np.testing.assert_allclose(PK.reshape(2, 6, 15), P(K.reshape(2, 6, 15)), atol=1e-13)


def test_plans_are_frozen_picklable_values():
    plan = compile_plan(projector("so3-fields"))
    with pytest.raises(AttributeError):
        plan.count = 0
    with pytest.raises(ValueError, match="read-only"):
        plan.rows[0] = 1
    again = pickle.loads(pickle.dumps(plan))
    assert np.array_equal(again.weights, plan.weights) and again.tiles.count == plan.tiles.count
    assert len({plan, again}) == 2  # hashable, by identity


def test_one_projector_calls_keep_their_constants_only_as_long_as_the_projector():
    P = gp.projector(gp.cyclic(5).regular(), gp.cyclic(5).regular())
    gp.penalty(np.ones((5, 5)), P)
    assert P in functions._ENGINES
    before = len(functions._ENGINES)
    del P
    gc.collect()
    assert len(functions._ENGINES) == before - 1


def test_a_projector_onto_zero():
    P = factored(np.eye(2), (), np.eye(3))
    T = np.random.default_rng(5).standard_normal((2, 3))
    assert gp.equivariant_part(T, P).tolist() == np.zeros((2, 3)).tolist()
    np.testing.assert_allclose(gp.penalty(T, P), np.sum(T**2))


def test_errors_name_the_fix():
    P = projector("orbit-mixed")
    with pytest.raises(gp.DimensionMismatchError, match="row-major"):
        gp.penalty(np.zeros((3, 5)), P)
    with pytest.raises(gp.BackendNotApplicableError, match="orbit ids"):
        gp.equivariant_part(
            np.zeros(projector("so3-mixed").shape), projector("so3-mixed"), form="orbit"
        )
    with pytest.raises(gp.InvalidTypeError, match="Projector"):
        gp.penalty(np.zeros((2, 2)), object())
