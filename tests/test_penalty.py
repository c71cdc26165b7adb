"""The array-agnostic projection penalty, checked against the numpy projectors."""

import numpy as np
import pytest
from _spectral_fixture import spectral_projector
from hypothesis import given, settings
from hypothesis import strategies as st

import groupproj as gp


def _projectors():
    D4 = gp.dihedral(4)
    O = gp.octahedral()
    return {
        "orbit": gp.projector(D4.regular(), D4.natural() + D4.regular()),
        "spatial": gp.projector(O.natural() + O.trivial(), O.natural() * O.natural()),
        "spectral": spectral_projector(),
    }


PROJECTORS = _projectors()
CASES = [(name, form) for name in PROJECTORS for form in ("auto", "basis")]


@pytest.mark.parametrize("name,form", CASES)
@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), batch=st.sampled_from([(), (3,), (2, 2)]))
def test_penalty_is_the_squared_distance_to_the_equivariant_maps(name, form, seed, batch):
    P = PROJECTORS[name]
    T = np.random.default_rng(seed).standard_normal((*batch, *P.shape))
    np.testing.assert_allclose(gp.equivariant_part(T, P, form=form), P(T), atol=1e-12)
    value = gp.penalty(T, P, form=form)
    assert np.shape(value) == batch
    np.testing.assert_allclose(value, P.penalty(T), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", PROJECTORS)
def test_the_weighted_terms(name):
    P = PROJECTORS[name]
    T = np.random.default_rng(1).standard_normal((4, *P.shape))
    part = np.sum(P(T) ** 2, axis=(-2, -1))
    rest = P.penalty(T)
    np.testing.assert_allclose(gp.penalty(T, P, lambda_G=1.0, lambda_perp=0.0), part)
    np.testing.assert_allclose(
        gp.penalty(T, P, lambda_G=0.5, lambda_perp=2.0), 0.5 * part + 2.0 * rest
    )
    np.testing.assert_allclose(
        gp.penalty(T, P, lambda_G=0.5, lambda_perp=2.0, squared=False),
        0.5 * np.sqrt(part) + 2.0 * np.sqrt(rest),
    )
    # Pythagoras: P is an orthogonal projector
    np.testing.assert_allclose(gp.penalty(T, P, lambda_G=1.0), np.sum(T**2, axis=(-2, -1)))
    np.testing.assert_allclose(gp.penalty(T, P, lambda_perp=0.0), 0.0)


@pytest.mark.parametrize("name,form", CASES)
def test_complex_weights(name, form):
    P = PROJECTORS[name]
    rng = np.random.default_rng(2)
    T = rng.standard_normal(P.shape) + 1j * rng.standard_normal(P.shape)
    np.testing.assert_allclose(gp.equivariant_part(T, P, form=form), P(T), atol=1e-12)
    np.testing.assert_allclose(gp.penalty(T, P, form=form), P.penalty(T), rtol=1e-10)


def test_projection_is_idempotent_and_keeps_precision():
    P = PROJECTORS["orbit"]
    T = np.random.default_rng(3).standard_normal(P.shape).astype(np.float32)
    PT = gp.equivariant_part(T, P)
    assert PT.dtype == np.float32
    np.testing.assert_allclose(gp.equivariant_part(PT, P), PT, atol=1e-6)
    assert gp.penalty(PT, P) < 1e-10


def test_convolution_layout_and_biases():
    C4 = gp.cyclic(4)
    rep = C4.regular() + C4.regular()
    P = gp.projector((C4.trivial() + C4.trivial()) * C4.natural(), rep)  # (8, 2, 4) as (8, 8)
    K = np.random.default_rng(4).standard_normal((5, 8, 2, 4))
    np.testing.assert_allclose(
        gp.equivariant_part(K, P), P(K.reshape(5, 8, 8)).reshape(K.shape), atol=1e-12
    )
    assert gp.penalty(K, P).shape == (5,)
    Pb = gp.bias_projector(rep)
    assert Pb.shape == (8, 1)
    b = np.arange(8.0)
    expected = np.repeat([b[:4].mean(), b[4:].mean()], 4)
    np.testing.assert_allclose(gp.equivariant_part(b, Pb), expected)
    np.testing.assert_allclose(gp.penalty(b, Pb), np.sum((b - expected) ** 2))
    assert gp.penalty(np.stack([b, b, b]), Pb).shape == (3,)


def test_fused_layers_sum_the_single_penalties():
    Ps = list(PROJECTORS.values()) + [PROJECTORS["orbit"]]
    rng = np.random.default_rng(5)
    shapes = [P.shape for P in Ps[:-1]] + [(2, *Ps[-1].shape)]
    Ts = [rng.standard_normal(s) for s in shapes]
    F = gp.FusedProjection(Ps, shapes)
    expected = sum(gp.penalty(T, P).sum() for T, P in zip(Ts, Ps))
    np.testing.assert_allclose(F.penalty(Ts), expected, rtol=1e-12)
    for PT, T, P in zip(F.project(Ts), Ts, Ps):
        np.testing.assert_allclose(PT, P(T), atol=1e-12)
    both = F.penalty(Ts, lambda_G=1.0, squared=False)
    expected = sum(gp.penalty(T, P, lambda_G=1.0, squared=False).sum() for T, P in zip(Ts, Ps))
    np.testing.assert_allclose(both, expected, rtol=1e-12)


def test_errors_name_the_fix():
    P = PROJECTORS["orbit"]
    with pytest.raises(gp.DimensionMismatchError, match="row-major"):
        gp.penalty(np.zeros((3, 5)), P)
    with pytest.raises(gp.BackendNotApplicableError, match="basis"):
        gp.penalty(np.zeros(P.shape), P, form="spectral")
    with pytest.raises(gp.UnknownNameError):
        gp.penalty(np.zeros(P.shape), P, form="dense")
    F = gp.FusedProjection([P], [P.shape])
    with pytest.raises(gp.DimensionMismatchError, match="built"):
        F.penalty([np.zeros((2, *P.shape))])
    with pytest.raises(gp.DimensionMismatchError, match="one per layer"):
        F.penalty([])


def _sums_of_irreps():
    from groupproj.groups import SO3

    G = SO3()
    mixed = gp.direct_sum(G.irrep(1), G.irrep(0), G.irrep(2), G.irrep(1))
    other = gp.direct_sum(G.irrep(2), G.irrep(1), G.irrep(3))
    copies_V = gp.direct_sum(*[gp.direct_sum(G.irrep(0), G.irrep(1), G.irrep(2))] * 3)
    copies_W = gp.direct_sum(*[gp.direct_sum(G.irrep(1), G.irrep(0))] * 2)
    return {"gathers": (mixed, other), "windows": (copies_V, copies_W)}


SUMS_OF_IRREPS = _sums_of_irreps()


@pytest.mark.parametrize("layout", SUMS_OF_IRREPS)
def test_sums_of_irreps_need_no_basis_change(layout):
    """A sum of irreps decomposes by reordering: the spectral form gathers or takes windows."""
    V, W = SUMS_OF_IRREPS[layout]
    P = gp.projector(V, W)
    assert P.method == "spectral"
    F = gp.FusedProjection([P], [(2, *P.shape)])
    (plan,) = F.plans
    assert plan.form == "permuted"
    assert (plan.tiles.count > 1) == (layout == "windows")
    T = np.random.default_rng(1).standard_normal((2, *P.shape))
    (PT,) = F.project([T])
    np.testing.assert_allclose(PT, gp.equivariant_part(T, P, form="basis"), atol=1e-12)
    np.testing.assert_allclose(F.penalty([T]), P.penalty(T).sum(), rtol=1e-10)
    both = F.penalty([T], lambda_G=0.5, lambda_perp=2.0)
    np.testing.assert_allclose(both, (0.5 * P(T) ** 2 + 2.0 * (T - P(T)) ** 2).sum(), rtol=1e-10)
