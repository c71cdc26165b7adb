"""equivariance_error and assert_equivariant on fields over a grid: images and volumes."""

from __future__ import annotations

import numpy as np
import pytest

import groupproj as gp
from groupproj.reps.grid import GridRep

EPS = np.finfo(np.float64).eps
D4, C4 = gp.dihedral(4), gp.cyclic(4)


def rounding(fan_in: int) -> float:
    """A bound on float64 rounding in sums of ``fan_in`` products, relative: 64·fan_in·ε."""
    return 64 * fan_in * EPS


def test_the_action_moves_points_by_rot90_and_mixes_channels():
    """Against the grid's documented geometry: the rotation is np.rot90, the reflection
    reverses axis 1, and the channels transform by rho(g)."""
    R = C4.regular()
    X = np.random.default_rng(0).standard_normal((2, R.dim, 5, 5))
    seen = []

    def record(x):
        seen.append(x)
        return x

    g = C4.generators[0]
    report = gp.equivariance_error(record, R, R, elements=[g], inputs=X, grid=5)
    expected = np.einsum("ab,nbhw->nahw", R(g), np.rot90(X, 1, axes=(-2, -1)))
    np.testing.assert_array_equal(seen[1], expected)
    assert report.max == 0.0 and report.grid == "grid5x5" and report.n_inputs == 2
    assert "grid5x5 grid" in str(report)
    flip = D4.generators[1]
    seen.clear()
    gp.equivariance_error(record, D4.trivial(), D4.trivial(), [flip], X[:, :1], grid=5)
    np.testing.assert_array_equal(seen[1], X[:, :1, :, ::-1])


def test_rotations_commute_with_rot90_but_not_with_a_flip():
    T = C4.trivial()
    assert gp.equivariance_error(lambda x: np.rot90(x, 1, (-2, -1)), T, T, grid=5).max == 0.0
    assert gp.equivariance_error(lambda x: x[..., ::-1], T, T, grid=5).max > 0.5
    with pytest.raises(AssertionError, match="grid5x5"):
        gp.assert_equivariant(lambda x: x[..., ::-1], T, T, grid=5)


@pytest.mark.parametrize("padding", [1, 0])
def test_a_conv_layer_with_a_projected_kernel_is_equivariant(padding):
    torch = pytest.importorskip("torch")
    V, W = D4.regular(), D4.regular() + D4.trivial()
    conv = torch.nn.Conv2d(V.dim, W.dim, 3, padding=padding).double()
    P = gp.kernel_projector(V, W, 3)
    with torch.no_grad():
        conv.weight.copy_(gp.equivariant_part(conv.weight, P))
        conv.bias.copy_(gp.equivariant_part(conv.bias, gp.bias_projector(W)))
    report = gp.assert_equivariant(conv, V, W, tol=rounding(P.shape[1]), grid=8)
    assert len(report.elements) == 8 and report.n_inputs == 8
    raw = torch.nn.Conv2d(V.dim, W.dim, 3, padding=padding).double()
    assert gp.equivariance_error(raw, V, W, grid=8).max > 0.1


def test_a_pooled_net_is_invariant_and_its_output_has_no_grid():
    torch = pytest.importorskip("torch")
    R, T = D4.regular(), D4.trivial()
    conv = torch.nn.Conv2d(1, R.dim, 3, padding=1).double()
    with torch.no_grad():
        conv.weight.copy_(gp.equivariant_part(conv.weight, gp.kernel_projector(T, R, 3)))
        conv.bias.zero_()
    net = torch.nn.Sequential(conv, torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1))
    head = torch.nn.Sequential(net, torch.nn.Flatten())
    assert gp.equivariance_error(head, T, R, grid=7).max < rounding(9 * 49)
    assert gp.equivariance_error(lambda x: x[..., 0, 0], R, R, grid=7).max > 0.1  # a corner
    with pytest.raises(gp.DimensionMismatchError, match="W.dim"):
        gp.equivariance_error(torch.nn.Flatten(), R, R, grid=2)  # (N, 32): neither


def test_volumes_under_the_octahedral_group():
    torch = pytest.importorskip("torch")
    O = gp.octahedral()
    V, W = O.trivial(), O.natural()  # a scalar field to a vector field: a gradient-like kernel
    P = gp.kernel_projector(V, W, 3)
    assert P.dim > 0
    weight = gp.equivariant_part(torch.randn(3, 1, 3, 3, 3, dtype=torch.float64), P)

    def conv(x):
        return torch.nn.functional.conv3d(x, weight, padding=1)

    X = np.random.default_rng(1).standard_normal((2, 1, 5, 5, 5))
    report = gp.assert_equivariant(conv, V, W, inputs=X, tol=rounding(27), grid=5)
    assert report.grid == "grid5x5x5" and len(report.elements) == O.order
    scrambled = torch.randn(3, 1, 3, 3, 3, dtype=torch.float64)
    bad = gp.equivariance_error(lambda x: torch.nn.functional.conv3d(x, scrambled), V, W, grid=5)
    assert bad.max > 0.1


def test_a_one_dimensional_grid_with_a_given_action():
    torch = pytest.importorskip("torch")
    C2 = gp.cyclic(2)
    line = GridRep(C2, 9, [[[-1]]])  # the reflection of a line
    kernel = gp.kernel_projector(C2.trivial(), C2.trivial(), GridRep(C2, 3, [[[-1]]]))
    weight = gp.equivariant_part(torch.randn(1, 1, 3, dtype=torch.float64), kernel)
    assert torch.equal(weight, weight.flip(-1))  # the reflection-invariant kernels are symmetric

    def conv(x):
        return torch.nn.functional.conv1d(x, weight)

    T = C2.trivial()
    assert gp.equivariance_error(conv, T, T, grid=line).max < rounding(3)
    with pytest.raises(gp.UnknownNameError, match="action"):
        gp.equivariance_error(conv, gp.cyclic(3).trivial(), gp.cyclic(3).trivial(), grid=9)


def test_grid_arguments_are_validated():
    T = D4.trivial()
    with pytest.raises(gp.DimensionMismatchError, match=r"V\.dim, k, k"):
        gp.equivariance_error(np.tanh, T, T, grid=4, inputs=np.ones((2, 1, 4, 5)))
    with pytest.raises(gp.DimensionMismatchError, match="equal spatial axes"):
        gp.equivariance_error(lambda x: x[..., :3], T, T, grid=4)
    with pytest.raises(gp.GroupMismatchError, match="grid"):
        gp.equivariance_error(np.tanh, T, T, grid=gp.grid_rep(C4, 4))
    with pytest.raises(gp.InvalidTypeError, match="grid"):
        gp.equivariance_error(np.tanh, T, T, grid="4")
    with pytest.raises(gp.InvalidTypeError, match="Representation"):
        gp.equivariance_error(np.tanh, "trivial", T)
    with pytest.raises(gp.UnknownNameError, match="no check named"):
        gp.check_representation(T)["unitarity"]
