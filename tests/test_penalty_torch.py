"""The penalty engine on torch tensors: every form, dtype and layout, and its gradient."""

import weakref

import numpy as np
import pytest
from _penalty_zoo import ALL, projector
from test_penalty_plans import APPLICABLE, CASES, tolerance

import groupproj as gp
from groupproj.penalties.plans import compile_plan

torch = pytest.importorskip("torch")

REAL = [n for n in ALL if not projector(n).is_complex]
REAL_CASES = [(name, form) for name, form in CASES if name in REAL]


def sample(P, batch, dtype, seed=0, requires_grad=False):
    g = torch.Generator().manual_seed(seed)
    real = torch.float64 if dtype in (torch.complex128, torch.float64) else torch.float32
    T = torch.randn((*batch, *P.shape), generator=g, dtype=real)
    if dtype.is_complex:
        T = torch.complex(T, torch.randn(T.shape, generator=g, dtype=real))
    return T.to(dtype).requires_grad_(requires_grad)


def exact(T):
    T = T.detach()
    return (T.cdouble() if T.is_complex() else T.double()).numpy()


@pytest.mark.parametrize("name,form", CASES)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32, torch.complex128])
def test_torch_agrees_with_the_projector(name, form, dtype):
    P = projector(name)
    size = P.shape[0] * P.shape[1]
    for batch in [(), (2,)]:
        T = sample(P, batch, dtype)
        PT = gp.equivariant_part(T, P, form=form)
        assert isinstance(PT, torch.Tensor) and PT.shape == T.shape
        expected = P(exact(T))
        tol = tolerance(np.float32 if dtype == torch.float32 else np.float64, size)
        np.testing.assert_allclose(exact(PT), expected, atol=tol * float(T.abs().max()))
        value = gp.penalty(T, P, form=form)
        assert value.shape == batch and not value.is_complex()
        scale = float((T.abs() ** 2).sum())
        np.testing.assert_allclose(value.numpy(), P.penalty(exact(T)), atol=tol * scale)


def _terms_per_coefficient(plan) -> int:
    """The most entries summed into one coefficient of the plan."""
    if plan.form == "orbit":
        return int(plan.sizes.max())
    return int(np.bincount(plan.segments).max())


@pytest.mark.parametrize("name", ["orbit-fields", "orbit-bias", "so3-fields", "so2-fields"])
def test_bfloat16_stays_bfloat16(name):
    P = projector(name)
    T = sample(P, (2,), torch.float32).bfloat16().requires_grad_(True)
    PT = gp.equivariant_part(T, P)
    assert PT.dtype == torch.bfloat16
    k = _terms_per_coefficient(compile_plan(P))
    tol = 4 * k * float(torch.finfo(torch.bfloat16).eps) * float(T.detach().abs().max())
    np.testing.assert_allclose(PT.float().detach().numpy(), P(exact(T)), atol=tol)
    value = gp.penalty(T, P).sum()
    assert value.dtype == torch.bfloat16
    value.backward()
    assert T.grad.dtype == torch.bfloat16
    residual = 2 * (exact(T) - P(exact(T)))
    np.testing.assert_allclose(T.grad.float().numpy(), residual, atol=2 * tol)


@pytest.mark.parametrize("name,form", CASES)
@pytest.mark.parametrize("dtype", [torch.float64, torch.complex128])
def test_the_gradient_is_twice_lambda_times_the_parts(name, form, dtype):
    """∇(λ_⊥‖T − P(T)‖² + λ_G‖P(T)‖²) = 2λ_⊥(T − P(T)) + 2λ_G P(T) (torch's convention for
    complex T), and the plain norms' gradients the unit vectors of the two parts."""
    P = projector(name)
    if P.is_complex and not dtype.is_complex:
        return
    T = sample(P, (2,), dtype, requires_grad=True)
    T0 = exact(T)
    PT0 = P(T0)
    tol = tolerance(np.float64, P.shape[0] * P.shape[1]) * np.abs(T0).max()
    gp.penalty(T, P, form=form, lambda_G=0.3, lambda_perp=1.5).sum().backward()
    np.testing.assert_allclose(exact(T.grad), 3.0 * (T0 - PT0) + 0.6 * PT0, atol=tol)
    T.grad = None
    gp.penalty(T, P, form=form, lambda_G=0.3, squared=False).sum().backward()
    axes = (-2, -1)
    rest, part = T0 - PT0, PT0
    unit = rest / np.sqrt(np.sum(np.abs(rest) ** 2, axis=axes, keepdims=True))
    unit_part = part / np.sqrt(np.sum(np.abs(part) ** 2, axis=axes, keepdims=True))
    np.testing.assert_allclose(exact(T.grad), unit + 0.3 * unit_part, atol=tol)


@pytest.mark.parametrize("name", ["orbit-fields", "so3-fields", "dense", "rotated"])
def test_a_second_backward_gives_the_same_gradient(name):
    """The backward pass scales the kept residual in place, once; retain_graph reuses it."""
    P = projector(name)
    T = sample(P, (), torch.float64, requires_grad=True)
    value = gp.FusedProjection([P], [tuple(T.shape)]).penalty([T], lambda_G=0.2)
    value.backward(retain_graph=True)
    first = T.grad.clone()
    value.backward()
    torch.testing.assert_close(T.grad, 2 * first)


def test_all_layers_are_one_node_and_sum_the_single_penalties():
    Ps = [projector(n) for n in REAL]
    shapes = [(2, *P.shape) if i % 2 else P.shape for i, P in enumerate(Ps)]
    dtypes = [torch.float64, torch.float32]
    Ts = [sample(P, s[:-2], dtypes[i % 2], i, True) for i, (P, s) in enumerate(zip(Ps, shapes))]
    F = gp.FusedProjection(Ps, shapes)
    value = F.penalty(Ts, lambda_G=0.25, lambda_perp=2.0)
    nodes, stack, seen = 0, [value.grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        nodes += type(node).__name__ == "WithGradientBackward"
        stack.extend(f for f, _ in node.next_functions)
    assert nodes == 1
    expected = sum(gp.penalty(T, P, lambda_G=0.25, lambda_perp=2.0).sum() for T, P in zip(Ts, Ps))
    torch.testing.assert_close(value.double(), expected.double(), rtol=1e-5, atol=1e-5)
    value.backward()
    for T, P in zip(Ts, Ps):
        T0 = exact(T)
        tol = tolerance(np.float32 if T.dtype == torch.float32 else np.float64, T0.size)
        expected = 4.0 * (T0 - P(T0)) + 0.5 * P(T0)
        np.testing.assert_allclose(exact(T.grad), expected, atol=tol * np.abs(T0).max())


def test_constants_live_on_the_fused_projection_and_die_with_it():
    P = projector("orbit-fields")
    F = gp.FusedProjection([P], [P.shape])
    F.penalty([torch.ones(P.shape)])
    F.penalty([torch.ones(P.shape, dtype=torch.float64)])
    assert len(F.engine._kernels) == 2  # one set per (device, dtype)
    engine = weakref.ref(F.engine)
    del F
    assert engine() is None  # no global cache holds them


def test_mixed_frameworks_are_refused():
    P = projector("orbit-mixed")
    F = gp.FusedProjection([P, P], [P.shape, P.shape])
    with pytest.raises(gp.FrameworkMismatchError, match="torch and.*numpy|numpy and torch"):
        F.penalty([torch.zeros(P.shape), np.zeros(P.shape)])
    with pytest.raises(gp.FrameworkMismatchError, match="convert"):
        F.project([np.zeros(P.shape), torch.zeros(P.shape)])


def test_forms_of_the_applicable_table_apply_to_tensors_too():
    P = projector("dense")
    T = sample(P, (3,), torch.float64)
    outs = [gp.equivariant_part(T, P, form=f) for f in sorted(APPLICABLE["dense"])]
    for out in outs[1:]:
        torch.testing.assert_close(out, outs[0])
