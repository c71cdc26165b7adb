"""The SO(2)-steerable CNN of benchmarks/steerable_cnn.py: data, rotations, invariance."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from groupproj.equivariant.steerable_basis import steerable_count

torch = pytest.importorskip("torch")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import steerable_cnn as sc  # noqa: E402

from groupproj.torch import ProjectionPenalty  # noqa: E402

F32 = np.finfo(np.float32).eps


def test_images_and_labels():
    x, y = sc.make_images(5, seed=0, max_angle=0.3)
    assert x.shape == (20, 1, sc.SIZE, sc.SIZE) and x.dtype == torch.float32
    assert sorted(torch.bincount(y).tolist()) == [5] * len(sc.CLASSES)
    centre = (sc.SIZE - 1) // 2
    for label in (0, 2):  # discs and bars peak at the centre, rings do not
        assert torch.all(x[y == label][:, 0, centre, centre] > 0.5)
    assert torch.all(x[y == 1][:, 0, centre, centre] < 0.1)


def test_rotation_by_a_quarter_turn_is_rot90():
    x, _ = sc.make_images(2, seed=1)
    turned = sc.rotate_images(x, np.pi / 2)
    assert torch.allclose(turned, torch.rot90(x, 1, (-2, -1)), atol=100 * F32)


def test_rotations_compose_for_smooth_images():
    """g_a g_b f ≈ g_(a+b) f away from the border, up to the interpolation error."""
    x, _ = sc.make_images(2, seed=2)
    twice = sc.rotate_images(sc.rotate_images(x, 0.4), 0.7)
    once = sc.rotate_images(x, 1.1)
    inner = slice(4, sc.SIZE - 4)
    error = (twice - once)[..., inner, inner].abs().max()
    assert error < 0.05 * x.abs().max()


def test_field_types_and_projectors():
    model = sc.SteerableCNN()
    dims = [t.dim for t in model.types]
    assert dims == [1, 11, 11, sc.INVARIANT]
    for i, P in enumerate(model.projectors().values()):
        a, b = model.types[i], model.types[i + 1]
        assert P.shape == (b.dim, a.dim * sc.KERNEL**2)
        assert P.dim == steerable_count(a, b, P.grid) > 0  # the 5×5 grid resolves them all


def test_projected_network_is_invariant_under_quarter_turns():
    torch.manual_seed(0)
    model = sc.SteerableCNN().double()
    ProjectionPenalty(model, model.projectors()).project_()
    x, _ = sc.make_images(3, seed=3)
    x = x.double()
    f = model(x)
    for k in (1, 2, 3):
        assert torch.allclose(model(torch.rot90(x, k, (-2, -1))), f, atol=1e-12)
    unprojected = sc.SteerableCNN().double()
    assert not torch.allclose(unprojected(torch.rot90(x, 1, (-2, -1))), unprojected(x))


def test_the_penalty_step_drives_the_kernels_onto_the_steerable_ones():
    data = sc.make_images(16, seed=4, max_angle=np.pi / 6)
    rotated = sc.make_images(8, seed=5)
    free, _ = sc.train(0.0, "loss", data, epochs=2, seed=0)
    pulled, _ = sc.train(10.0, "step", data, epochs=2, seed=0)
    hard, _ = sc.train(0.0, "hard", data, epochs=2, seed=0)
    r_free, r_pulled, r_hard = (sc.evaluate(m, data, rotated) for m in (free, pulled, hard))
    assert r_free["kernel_distance"] > 1e-3 and r_free["E_90"] > 1e-3
    for r in (r_pulled, r_hard):
        assert r["kernel_distance"] < 1e-9 and r["E_90"] < 1e-5
