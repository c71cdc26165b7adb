"""Properties of the data and the SO(2) network of benchmarks/paper_toy.py."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupproj as gp

torch = pytest.importorskip("torch")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import paper_toy as pt  # noqa: E402

from groupproj.torch import ProjectionPenalty  # noqa: E402

angles = st.floats(-2 * np.pi, 2 * np.pi, allow_nan=False)


def polar(x):
    return np.hypot(x[:, 0], x[:, 1]), np.arctan2(x[:, 1], x[:, 0])


def test_partial_annulus_classes():
    x, y = pt.partial_annulus(500, seed=3)
    assert x.shape == (1000, 2) and set(np.unique(y)) == {0.0, 1.0}
    r, theta = polar(x)
    assert np.all(r[y == 1] <= 1.5)
    assert np.all((r[y == 0] >= 2.3 - 1e-6) & (r[y == 0] <= 3 + 1e-6))
    assert np.all(np.abs(theta[y == 0]) <= np.pi / 4 + 1e-6)
    assert theta[y == 1].min() < -3 * np.pi / 4 and theta[y == 1].max() > 3 * np.pi / 4


@pytest.mark.parametrize("sigma", pt.SIGMAS)
def test_wavy_rings_follow_the_wave(sigma):
    x, y = pt.wavy_rings(2000, sigma, seed=1)
    r, theta = polar(x)
    for label, radius in zip((1, 0), pt.WAVY_RADII):
        wave = radius + pt.WAVY_AMPLITUDE * sigma * np.sin(5 * theta[y == label])
        residual = r[y == label] - wave
        assert abs(residual.mean()) < 0.02 and residual.std() < 1.2 * pt.WAVY_NOISE


@settings(max_examples=25, deadline=None)
@given(angle=angles, seed=st.integers(0, 2**16))
def test_lift_transforms_by_rho_m(angle, seed):
    lift = pt.CircularHarmonicLift().double()
    x = torch.from_numpy(np.random.default_rng(seed).normal(scale=2, size=(20, 2)))
    rotated = pt.rotate_torch(x, torch.tensor([angle], dtype=torch.float64))[0]
    rho = torch.from_numpy(lift.field_type.matrix(angle))
    assert torch.allclose(lift(rotated), lift(x) @ rho.T, atol=1e-12)


@pytest.mark.parametrize("m", range(pt.MAX_FREQUENCY + 1))
def test_field_type_matrix_is_rotation_by_m_alpha(m):
    mult = tuple(int(k == m) for k in range(m + 1))
    rho = pt.FieldType(mult).matrix(0.3)
    expected = [[1.0]] if m == 0 else [[np.cos(0.3 * m), -np.sin(0.3 * m)],
                                       [np.sin(0.3 * m), np.cos(0.3 * m)]]  # fmt: skip
    np.testing.assert_allclose(rho, expected, atol=1e-15)


def projected_net(seed):
    torch.manual_seed(seed)
    model = pt.SO2Net(n_radial=4, channels=3).double()
    pt.project_model(model)
    return model


@settings(max_examples=10, deadline=None)
@given(angle=angles, seed=st.integers(0, 2**16))
def test_projected_network_is_invariant(angle, seed):
    model = projected_net(seed)
    x = torch.from_numpy(np.random.default_rng(seed).normal(scale=2, size=(50, 2)))
    rotated = pt.rotate_torch(x, torch.tensor([angle], dtype=torch.float64))[0]
    assert (model(rotated) - model(x)).abs().max() < 1e-6


def test_unprojected_network_is_not_invariant():
    torch.manual_seed(0)
    model = pt.SO2Net(n_radial=4, channels=3).double()
    x = torch.randn(50, 2, dtype=torch.float64)
    rotated = pt.rotate_torch(x, torch.tensor([1.0], dtype=torch.float64))[0]
    assert (model(rotated) - model(x)).abs().max() > 1e-3


def test_penalty_vanishes_after_projection_only():
    torch.manual_seed(1)
    model = pt.SO2Net(n_radial=4, channels=3).double()
    penalty = ProjectionPenalty(model, model.projectors())
    assert penalty() > 1e-3
    pt.project_model(model)
    assert penalty() < 1e-20


@pytest.mark.parametrize("index", range(3))
def test_layer_projectors_commute_with_rotations(index):
    model = pt.SO2Net(n_radial=4, channels=3)
    v, w = model.types[index], model.types[index + 1]
    t = gp.equivariant_part(np.random.default_rng(index).normal(size=(w.dim, v.dim)),
                            model.projectors()[f"linears.{index}.weight"])  # fmt: skip
    for angle in (0.4, 2.0):
        np.testing.assert_allclose(w.matrix(angle) @ t, t @ v.matrix(angle), atol=1e-12)
