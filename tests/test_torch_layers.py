"""ProjectionPenalty reads the layer of each parameter, and for_sequence builds a chain."""

from __future__ import annotations

import numpy as np
import pytest

import groupproj as gp
from groupproj.reps.grid import GridRep

torch = pytest.importorskip("torch")
gp_torch = pytest.importorskip("groupproj.torch")
ProjectionPenalty = gp_torch.ProjectionPenalty

EPS = np.finfo(np.float64).eps
D4 = gp.dihedral(4)
REG, TRIV = D4.regular(), D4.trivial()
SIGN = D4.irreps()[1]
TWO = D4.irreps()[4]  # the 2-dimensional irrep: not a permutation representation


def rounding(fan_in: int) -> float:
    return 64 * fan_in * EPS


def test_conv_transpose_is_projected_through_its_swapped_view():
    """(in, out, k, k) with in == out: the map is the view with the channel axes swapped."""
    V, W = REG, D4.natural() + D4.natural()  # both of dim 8, different representations
    torch.manual_seed(0)
    layer = torch.nn.ConvTranspose2d(V.dim, W.dim, 3, padding=1).double()
    stored = layer.weight.detach().clone()
    P = gp.kernel_projector(V, W, 3)
    reg = ProjectionPenalty(layer, {"weight": P, "bias": gp.bias_projector(W)})
    assert reg.layouts[0].view_shape == (8, 8, 3, 3) and reg.layouts[0].axes == (1, 0, 2, 3)
    reg.project_()
    gp.assert_equivariant(layer, V, W, tol=rounding(P.shape[1]), grid=6)
    view = gp.equivariant_part(stored.transpose(0, 1), P).transpose(0, 1)
    torch.testing.assert_close(layer.weight.detach(), view)
    # what shape alone suggests, the stored axes read as (out, in), is not equivariant
    with torch.no_grad():
        layer.weight.copy_(gp.equivariant_part(stored, P))
    assert gp.equivariance_error(layer, V, W, grid=6).max > 0.1


def test_conv_transpose_with_more_outputs_refuses_the_stored_layout():
    V, W = TRIV + TRIV, REG
    layer = torch.nn.ConvTranspose2d(V.dim, W.dim, 3)
    with pytest.raises(gp.LayoutMismatchError, match="stored axes"):
        ProjectionPenalty(layer, {"weight": gp.kernel_projector(W, V, 3)})
    reg = ProjectionPenalty.for_sequence(layer.double(), [V, W])
    reg.project_()
    gp.assert_equivariant(layer, V, W, tol=rounding(18), grid=5)  # no padding: 7x7 out


@pytest.mark.parametrize(
    "make, P, match",
    [
        (lambda: torch.nn.Linear(8, 8), gp.projector(REG, TRIV + REG), "gp.projector"),
        (lambda: torch.nn.Conv1d(8, 8, 9), gp.kernel_projector(REG, REG, 3), "grid3x3"),
        (lambda: torch.nn.Conv2d(8, 8, 3), gp.kernel_projector(REG, REG, 5), "kernel_projector"),
        (lambda: torch.nn.Conv2d(1, 8, 3), gp.projector(REG + TRIV, REG), "no grid"),
    ],
    ids=["linear-shape", "conv1d-on-a-2d-grid", "conv-size", "conv-without-grid"],
)
def test_projectors_that_do_not_fit_the_layer_are_refused(make, P, match):
    with pytest.raises(gp.LayoutMismatchError, match=match):
        ProjectionPenalty(make(), {"weight": P})


def test_a_bias_needs_a_projector_from_the_trivial_representation():
    layer = torch.nn.Linear(8, 8)
    with pytest.raises(gp.LayoutMismatchError, match="trivial"):
        ProjectionPenalty(layer, {"bias": gp.projector(SIGN, REG)})
    with pytest.raises(gp.LayoutMismatchError, match="bias_projector"):
        ProjectionPenalty(layer, {"bias": gp.bias_projector(TRIV + TRIV)})


def test_unknown_names_and_grouped_convolutions():
    with pytest.raises(gp.UnknownNameError, match="weight"):
        ProjectionPenalty(torch.nn.Linear(8, 8), {"wieght": gp.projector(REG, REG)})
    grouped = torch.nn.Conv2d(16, 16, 3, groups=2)
    with pytest.raises(gp.LayoutMismatchError, match="groups=1"):
        ProjectionPenalty(grouped, {"weight": gp.kernel_projector(REG, REG + REG, 3)})
    with pytest.raises(gp.UnknownNameError, match="no module"):
        ProjectionPenalty.for_sequence(torch.nn.Linear(8, 8), [REG, REG], layers=["fc"])


def _cnn(c_in=1, width=16, classes=2, norm=False):
    layers = [torch.nn.Conv2d(c_in, width, 3, padding=1)]
    if norm:
        layers.append(torch.nn.BatchNorm2d(width))
    layers += [
        torch.nn.ReLU(),
        torch.nn.Conv2d(width, width, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(),
        torch.nn.Linear(width, classes),
    ]
    return torch.nn.Sequential(*layers).double()


def test_for_sequence_builds_and_chains_every_projector():
    net = _cnn(norm=True)
    reps = [TRIV, REG + REG, REG + REG, TRIV + TRIV]
    reg = ProjectionPenalty.for_sequence(net, reps, lambda_perp=0.5)
    assert reg.names == (
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "3.weight",
        "3.bias",
        "7.weight",
        "7.bias",
    )
    assert [lay.kind for lay in reg.layouts] == ["conv", "vector", "scale", "vector"] + [
        "conv",
        "vector",
        "linear",
        "vector",
    ]
    P = reg.projectors
    assert P["0.weight"] == gp.kernel_projector(TRIV, REG + REG, 3)
    assert P["3.weight"] == gp.kernel_projector(REG + REG, REG + REG, 3)
    assert P["7.weight"] == gp.projector(REG + REG, TRIV + TRIV)
    assert P["1.weight"] == P["1.bias"] == P["3.bias"] == gp.bias_projector(REG + REG)
    assert reg.lambda_perp == 0.5
    gp_torch.equivariant_init_(reg, generator=torch.Generator().manual_seed(0))
    net.train()  # batch statistics: permuted along with the channels
    gp.assert_equivariant(net, TRIV, TRIV + TRIV, tol=1e-10, grid=6)


def test_for_sequence_refuses_a_chain_that_does_not_fit():
    net = _cnn()
    with pytest.raises(gp.DimensionMismatchError, match="3 layers"):
        ProjectionPenalty.for_sequence(net, [TRIV, REG + REG, TRIV + TRIV])
    with pytest.raises(gp.DimensionMismatchError, match="layer 1's input"):
        ProjectionPenalty.for_sequence(net, [TRIV, REG + REG, REG, TRIV + TRIV])
    C4 = gp.cyclic(4)
    with pytest.raises(gp.GroupMismatchError, match="reps\\[3\\]"):
        ProjectionPenalty.for_sequence(
            net, [TRIV, REG + REG, REG + REG, C4.trivial() + C4.trivial()]
        )
    with pytest.raises(gp.NotAPermutationError, match="norm-based"):
        ProjectionPenalty.for_sequence(
            _cnn(norm=True),
            [TRIV, gp.direct_sum(*[TWO] * 8), gp.direct_sum(*[TWO] * 8), TRIV + TRIV],
        )
    odd = torch.nn.Conv2d(1, 8, (3, 5))
    with pytest.raises(gp.LayoutMismatchError, match="3x5"):
        ProjectionPenalty.for_sequence(odd, [TRIV, REG])
    line = torch.nn.Conv1d(1, 8, 3)
    with pytest.raises(gp.LayoutMismatchError, match="action="):
        ProjectionPenalty.for_sequence(line, [TRIV, REG])


def test_a_conv1d_chain_under_a_reflection():
    C2 = gp.cyclic(2)
    net = torch.nn.Sequential(
        torch.nn.Conv1d(1, 4, 3, padding=1), torch.nn.Tanh(), torch.nn.Conv1d(4, 1, 3)
    ).double()
    reg = C2.regular() + C2.regular()
    penalty = ProjectionPenalty.for_sequence(
        net, [C2.trivial(), reg, C2.trivial()], action=[[[-1]]]
    )
    penalty.project_()
    line = GridRep(C2, 9, [[[-1]]])
    gp.assert_equivariant(net, C2.trivial(), C2.trivial(), tol=1e-12, grid=line)


def test_explicit_layers_follow_the_data_flow():
    class Skip(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.head = torch.nn.Linear(8, 2)  # registered first, applied last
            self.body = torch.nn.Linear(8, 8)

        def forward(self, x):
            return self.head(torch.relu(self.body(x)) + x)

    model = Skip().double()
    reg = ProjectionPenalty.for_sequence(model, [REG, REG, TRIV + TRIV], layers=["body", "head"])
    assert reg.names == ("body.weight", "body.bias", "head.weight", "head.bias")
    reg.project_()
    gp.assert_equivariant(model, REG, TRIV + TRIV, tol=1e-12)
