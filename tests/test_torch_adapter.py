"""The penalty under torch autograd, and the ProjectionPenalty of a model."""

import doctest

import numpy as np
import pytest
from _spectral_fixture import adapter_projectors

import groupproj as gp

torch = pytest.importorskip("torch")
gp_torch = pytest.importorskip("groupproj.torch")

D4 = gp.dihedral(4)
PROJECTORS = adapter_projectors()


@pytest.mark.parametrize("P", PROJECTORS, ids=lambda P: P.method)
@pytest.mark.parametrize("form", ["auto", "basis"])
def test_gradient_is_twice_the_residual(P, form):
    T0 = np.random.default_rng(0).standard_normal((2, *P.shape))
    T = torch.tensor(T0, requires_grad=True)
    value = gp.penalty(T, P, form=form)
    assert isinstance(value, torch.Tensor) and value.shape == (2,)
    np.testing.assert_allclose(value.detach().numpy(), P.penalty(T0), rtol=1e-10)
    value.sum().backward()
    np.testing.assert_allclose(T.grad.numpy(), 2 * (T0 - P(T0)), atol=1e-12)


def test_complex_and_single_precision():
    P = PROJECTORS[0]
    rng = np.random.default_rng(1)
    Z = rng.standard_normal(P.shape) + 1j * rng.standard_normal(P.shape)
    np.testing.assert_allclose(gp.equivariant_part(torch.tensor(Z), P).numpy(), P(Z), atol=1e-12)
    T = torch.tensor(Z.real, dtype=torch.float32)
    assert gp.equivariant_part(T, P).dtype == torch.float32


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(8, 12)
        self.conv = torch.nn.Conv2d(8, 8, 3)


def _net_penalty(net, **kw):
    C4 = gp.cyclic(4)
    from groupproj.equivariant.kernels import kernel_projector

    reg = C4.regular() + C4.regular()
    projectors = {
        "lin.weight": gp.projector(D4.regular(), D4.natural() + D4.regular()),
        "lin.bias": gp.bias_projector(D4.natural() + D4.regular()),
        "conv.weight": kernel_projector(reg, reg, 3),
    }
    return gp_torch.ProjectionPenalty(net, projectors, **kw), projectors


def test_fused_model_penalty_is_the_sum_and_project_zeroes_it():
    torch.manual_seed(0)
    net = Net().double()
    penalty, projectors = _net_penalty(net, lambda_G=0.25, lambda_perp=2.0)
    params = dict(net.named_parameters())
    expected = sum(
        gp.penalty(params[name], P, lambda_G=0.25, lambda_perp=2.0)
        for name, P in projectors.items()
    )
    value = penalty()
    torch.testing.assert_close(value, expected)
    value.backward()
    assert net.lin.weight.grad is not None and net.conv.bias.grad is None
    part = penalty.fused.penalty(penalty.parameters(), lambda_G=1.0, lambda_perp=0.0)
    penalty.project_()
    assert float(gp_torch.ProjectionPenalty(net, projectors)().detach()) < 1e-20
    torch.testing.assert_close(penalty(), 0.25 * part.detach())


def test_doctests():
    assert doctest.testmod(gp_torch).failed == 0


def test_torch_conv2d_with_a_projected_kernel_commutes_with_rotations():
    from groupproj.equivariant.kernels import kernel_projector

    C4 = gp.cyclic(4)
    reg = C4.regular()
    P = kernel_projector(reg + C4.trivial(), reg, 3)
    weight = torch.randn(4, 5, 3, 3, dtype=torch.float64, requires_grad=True)
    K = gp.equivariant_part(weight, P)
    f = torch.randn(1, 5, 9, 9, dtype=torch.float64)
    g = C4.generators[0]
    rho_in = torch.tensor((reg + C4.trivial())(g))
    rho_out = torch.tensor(reg(g))

    def rotate(x, rho):  # (g·f)(y) = rho(g) f(M(g)⁻¹ y); on the grid that is np.rot90
        return torch.einsum("ab,nbhw->nahw", rho, torch.rot90(x, 1, dims=(2, 3)))

    conv = torch.nn.functional.conv2d
    lhs = conv(rotate(f, rho_in), K, padding=1)
    torch.testing.assert_close(lhs, rotate(conv(f, K, padding=1), rho_out))
    conv(f, K, padding=1).sum().backward()
    assert weight.grad is not None


@pytest.mark.parametrize("dtype", [torch.float64, torch.complex128])
def test_fused_gradient_equals_the_single_layer_gradients(dtype):
    P1, P2 = PROJECTORS[0], PROJECTORS[1]
    shapes = [(3, *P1.shape), P1.shape, P2.shape]
    Ps = [P1, P1, P2]
    fused = gp.FusedProjection(Ps, shapes)
    torch.manual_seed(2)
    Ts = [torch.randn(s, dtype=dtype, requires_grad=True) for s in shapes]
    fused.penalty(Ts, lambda_G=0.3, lambda_perp=1.5).backward()
    fused_grads = [T.grad.clone() for T in Ts]
    for T, P, grad in zip(Ts, Ps, fused_grads):
        T.grad = None
        gp.penalty(T, P, lambda_G=0.3, lambda_perp=1.5).sum().backward()
        torch.testing.assert_close(grad, T.grad)
        PT = gp.equivariant_part(T.detach(), P)
        torch.testing.assert_close(grad, 3.0 * (T.detach() - PT) + 0.6 * PT)


def test_gradient_for_sums_of_irreps_is_twice_the_residual():
    from groupproj.groups import SO3

    G = SO3()
    mixed = gp.direct_sum(G.irrep(0), G.irrep(1), G.irrep(1))
    copies = gp.direct_sum(*[gp.direct_sum(G.irrep(0), G.irrep(1))] * 2)
    for V in (mixed, copies):  # gathers, windows
        P = gp.projector(V, V)
        T = torch.randn(V.dim, V.dim, dtype=torch.float64, requires_grad=True)
        F = gp.FusedProjection([P], [tuple(T.shape)], form="spectral")
        F.penalty([T]).backward()
        residual = T.detach().numpy() - P(T.detach().numpy())
        np.testing.assert_allclose(T.grad.numpy(), 2 * residual, atol=1e-12)
        T.grad = None
        (PT,) = F.project([T])
        (PT * T.detach()).sum().backward()  # the projection is differentiable: P is symmetric
        np.testing.assert_allclose(T.grad.numpy(), P(T.detach().numpy()), atol=1e-12)
