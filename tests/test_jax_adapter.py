"""The penalty under jax.grad and jax.jit, and the pytree ProjectionPenalty."""

import doctest

import numpy as np
import pytest
from _spectral_fixture import adapter_projectors

import groupproj as gp

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
gp_jax = pytest.importorskip("groupproj.jax")

PROJECTORS = adapter_projectors()


@pytest.mark.parametrize("P", PROJECTORS, ids=lambda P: P.method)
@pytest.mark.parametrize("form", ["auto", "basis"])
def test_gradient_is_twice_the_residual(P, form):
    T0 = np.random.default_rng(0).standard_normal((2, *P.shape)).astype(np.float32)

    def loss(T):
        return gp.penalty(T, P, form=form).sum()

    value = jax.jit(loss)(jnp.asarray(T0))
    np.testing.assert_allclose(value, P.penalty(T0).sum(), rtol=1e-5)
    grad = jax.grad(loss)(jnp.asarray(T0))
    assert grad.dtype == jnp.float32
    np.testing.assert_allclose(grad, 2 * (T0 - P(T0)), atol=1e-5)


def test_pytree_penalty_and_project():
    rng = np.random.default_rng(1)
    P1, P2 = PROJECTORS[0], PROJECTORS[2]
    params = {
        "layers": [{"w": jnp.asarray(rng.standard_normal(P1.shape), jnp.float32)}],
        "head": {"w": jnp.asarray(rng.standard_normal((3, *P2.shape)), jnp.float32)},
        "scale": jnp.ones(()),
    }
    assert gp_jax.leaf_paths(params) == ["head/w", "layers/0/w", "scale"]
    reg = gp_jax.ProjectionPenalty({"layers/0/w": P1, "head/w": P2}, lambda_G=0.5)
    expected = sum(
        gp.penalty(np.asarray(T), P, lambda_G=0.5).sum()
        for T, P in ((params["layers"][0]["w"], P1), (params["head"]["w"], P2))
    )
    np.testing.assert_allclose(jax.jit(reg)(params), expected, rtol=1e-5)
    grads = jax.grad(reg)(params)
    assert float(jnp.abs(grads["scale"])) == 0.0
    projected = reg.project(params)
    assert float(gp_jax.ProjectionPenalty({"layers/0/w": P1, "head/w": P2})(projected)) < 1e-8
    with pytest.raises(gp.UnknownNameError, match="layers/0/w"):
        gp_jax.ProjectionPenalty({"layers/1/w": P1})(params)


def test_doctests():
    assert doctest.testmod(gp_jax).failed == 0


@pytest.mark.parametrize("complex_", [False, True])
def test_fused_gradient_equals_the_single_layer_gradients(complex_):
    P1, P2 = PROJECTORS[0], PROJECTORS[1]
    shapes = [(3, *P1.shape), P1.shape, P2.shape]
    Ps = [P1, P1, P2]
    fused = gp.FusedProjection(Ps, shapes)
    rng = np.random.default_rng(3)
    Ts = [rng.standard_normal(s) + 1j * rng.standard_normal(s) for s in shapes]
    Ts = [
        jnp.asarray(T if complex_ else T.real, jnp.complex64 if complex_ else jnp.float32)
        for T in Ts
    ]
    grads = jax.grad(lambda Ts: fused.penalty(Ts, lambda_G=0.3, lambda_perp=1.5))(Ts)
    for T, P, grad in zip(Ts, Ps, grads):
        single = jax.grad(lambda T, P=P: gp.penalty(T, P, lambda_G=0.3, lambda_perp=1.5).sum())(T)
        np.testing.assert_allclose(grad, single, rtol=1e-5, atol=1e-5)
