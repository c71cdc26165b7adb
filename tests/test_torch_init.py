"""equivariant_init_ (He variance on the equivariant subspace) and project_(preserve_norm=True)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import groupproj as gp

torch = pytest.importorskip("torch")
gp_torch = pytest.importorskip("groupproj.torch")
ProjectionPenalty = gp_torch.ProjectionPenalty

D4 = gp.dihedral(4)
REG, TRIV, NAT = D4.regular(), D4.trivial(), D4.natural()
DRAWS = 4000


class Stack(torch.nn.Module):
    """DRAWS maps of one shape in one parameter: a batch that one fused call initialises."""

    def __init__(self, shape):
        super().__init__()
        self.maps = torch.nn.Parameter(torch.zeros(DRAWS, *shape, dtype=torch.float64))


def _draw(P, shape, gain):
    stack = Stack(shape)
    reg = ProjectionPenalty(stack, {"maps": P})
    gp_torch.equivariant_init_(reg, gain, generator=torch.Generator().manual_seed(7))
    return reg, stack.maps.detach().reshape(DRAWS, *P.shape).numpy()


def _within(sample, expected, rel_std):
    """|mean − expected| within 5 standard errors, for a sample of relative std ≤ rel_std."""
    return abs(sample.mean() / expected - 1) <= 5 * rel_std / math.sqrt(len(sample))


@pytest.mark.parametrize(
    "V, W, shape",
    [
        (REG + REG, REG + REG + REG, None),  # Linear, regular fields
        (REG, REG + TRIV, (9, 8, 3, 3)),  # a conv kernel from regular fields
    ],
    ids=["linear", "conv"],
)
def test_regular_fields_get_he_scaling_for_every_input(V, W, shape):
    """E‖T‖² = gain²·m and E‖T x‖² = gain²·(m/n)·‖x‖², here for a fixed invariant x."""
    P = gp.projector(V, W) if shape is None else gp.kernel_projector(V, W, 3)
    gain = 1.7
    reg, T = _draw(P, shape or P.shape, gain)
    m, n = P.shape
    assert float(reg().detach()) < 1e-20 * DRAWS  # every draw lies in the subspace
    sq = (T**2).sum((1, 2))
    assert _within(sq, gain**2 * m, math.sqrt(2 / P.dim))
    if shape is None:
        x = np.ones(n)  # invariant: far from isotropic
        y = np.einsum("dmn,n->dm", T, x)
        assert _within((y**2).sum(1), gain**2 * m / n * n, math.sqrt(2))


def test_other_fields_get_he_scaling_on_isotropic_inputs():
    P = gp.projector(NAT + TRIV, NAT + NAT + TRIV)
    reg, T = _draw(P, P.shape, math.sqrt(2))
    m, n = P.shape
    x = np.random.default_rng(0).standard_normal((DRAWS, n))
    y = np.einsum("dmn,dn->dm", T, x)
    assert _within((y**2).sum(1), 2 * m, math.sqrt(2 + 2 * n))  # E‖x‖² = n


def test_a_layer_without_equivariant_maps_becomes_zero():
    empty = torch.nn.Linear(2, 1)
    reg = ProjectionPenalty(empty, {"weight": gp.projector(D4.irreps()[4], TRIV)})
    gp_torch.equivariant_init_(reg)
    assert torch.count_nonzero(empty.weight) == 0


def test_biases_and_norm_parameters_are_projected_not_drawn():
    net = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.BatchNorm1d(8))
    with torch.no_grad():
        net[0].bias.copy_(torch.arange(8.0))
    reg = ProjectionPenalty.for_sequence(net, [REG, REG])
    gp_torch.equivariant_init_(reg)
    torch.testing.assert_close(net[0].bias.detach(), torch.full((8,), 3.5))
    torch.testing.assert_close(net[1].weight.detach(), torch.ones(8))
    torch.testing.assert_close(net[1].bias.detach(), torch.zeros(8))


def test_project_preserving_the_norm():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(8, 8, 3), torch.nn.ReLU(), torch.nn.Conv2d(8, 8, 3))
    net = net.double()
    reg = ProjectionPenalty.for_sequence(net, [REG, REG, REG])
    before = [p.detach().norm() for p in reg.parameters()]
    parts = [q.detach().clone() for q in reg.fused.project(reg.views())]
    reg.project_(preserve_norm=True)
    for p, b, q in zip(reg.parameters(), before, parts):
        torch.testing.assert_close(p.detach().norm(), b)
        torch.testing.assert_close(p.detach(), q * (b / q.norm()))
    assert float(reg().detach()) < 1e-24


def test_projection_that_shrinks_a_parameter_tenfold_warns():
    layer = torch.nn.Linear(8, 8).double()
    P = gp.projector(REG, REG)
    reg = ProjectionPenalty(layer, {"weight": P, "bias": gp.bias_projector(REG)})
    A = torch.randn(8, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        layer.bias.fill_(0.1)  # invariant: kept whole
        layer.weight.copy_(A - gp.equivariant_part(A, P) + 0.05 * gp.equivariant_part(A, P))
    with pytest.warns(gp_torch.ProjectionShrinkWarning, match=r"weight by \d"):
        reg.project_()
    with torch.no_grad():
        layer.weight.copy_(A)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reg.project_()  # the equivariant part of a Gaussian map keeps 1/√8 of its norm
    with torch.no_grad():
        layer.weight.copy_(A - gp.equivariant_part(A, P))
        layer.bias.zero_()
    with pytest.warns(gp_torch.ProjectionShrinkWarning) as record:
        reg.project_(preserve_norm=True)
    assert "bias" not in str(record[0].message)  # zero stays zero, and is no shrink
