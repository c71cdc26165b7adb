"""The penalty engine on JAX arrays: every form under ``jax.jit``, and ``jax.grad`` against
JAX's own derivative of the dense formula."""

import numpy as np
import pytest
from _penalty_zoo import ALL, projector
from test_penalty_plans import tolerance

import groupproj as gp

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")


def dense(P):
    """(B, B̄): the orthonormal basis of the range as rows, and its conjugate."""
    B = np.asarray(P.basis()).reshape(P.dim, -1)
    return B, B.conj()


def reference_penalty(P, lambda_G=0.0, lambda_perp=1.0):
    """λ_⊥‖x − Px‖² + λ_G‖Px‖² written with the dense basis, for JAX to differentiate."""
    B, Bc = dense(P)

    def value(x):
        flat = x.reshape(-1, B.shape[1])
        Px = (flat @ Bc.T) @ B
        return lambda_perp * jnp.sum(jnp.abs(flat - Px) ** 2) + lambda_G * jnp.sum(
            jnp.abs(Px) ** 2
        )

    return value


# every form on library and rectangular projectors (each case compiles, so not all of them)
CASES = [
    ("orbit-fields", "auto"),
    ("orbit-bias", "orbit"),
    ("orbit-mixed", "basis"),
    ("so3-fields", "permuted"),
    ("so3-mixed", "tiled"),
    ("so2-fields", "spectral"),
    ("scattered", "permuted"),
    ("disjoint", "tiled"),
    ("dense", "auto"),
    ("rotated", "spectral"),
    ("spatial", "auto"),
    ("complex", "auto"),
]
COMPLEX = ["orbit-mixed", "so2-fields", "dense", "rotated", "complex", "so3-complex"]


def sample(P, batch, complex_, seed=0):
    rng = np.random.default_rng(seed)
    T = rng.standard_normal((*batch, *P.shape))
    if complex_:
        T = T + 1j * rng.standard_normal(T.shape)
    return jnp.asarray(T, jnp.complex64 if complex_ else jnp.float32)


@pytest.mark.parametrize("name,form", CASES)
def test_jit_and_grad_agree_with_the_projector(name, form):
    P = projector(name)
    T = sample(P, (2,), False)
    T0 = np.asarray(T, np.float64)
    PT0 = P(T0)
    size = P.shape[0] * P.shape[1]
    tol = tolerance(np.float32, size)

    def loss(T):
        return gp.penalty(T, P, form=form, lambda_G=0.3, lambda_perp=1.5).sum()

    value, grad = jax.jit(jax.value_and_grad(loss))(T)
    part, rest = np.sum(np.abs(PT0) ** 2), np.sum(P.penalty(T0))
    np.testing.assert_allclose(value, 0.3 * part + 1.5 * rest, rtol=tol)
    assert grad.dtype == jnp.float32  # the real part, for a real T and a complex P
    expected = np.real(3.0 * (T0 - PT0) + 0.6 * PT0)
    np.testing.assert_allclose(grad, expected, atol=tol * np.abs(T0).max())
    np.testing.assert_allclose(
        gp.equivariant_part(T, P, form=form), PT0, atol=tol * np.abs(T0).max()
    )


@pytest.mark.parametrize("name", COMPLEX)
def test_complex_gradients_follow_jax_convention(name):
    P = projector(name)
    T = sample(P, (), True, seed=1)
    tol = tolerance(np.float32, P.shape[0] * P.shape[1]) * float(jnp.abs(T).max())
    B, Bc = dense(P)
    cotangent = sample(P, (), True, seed=2)

    @jax.jit
    def derivatives(T, cotangent):
        ours = jax.grad(lambda T: gp.penalty(T, P, lambda_G=0.3, lambda_perp=1.5))(T)
        theirs = jax.grad(reference_penalty(P, 0.3, 1.5))(T)
        _, pull_ours = jax.vjp(lambda T: gp.equivariant_part(T, P), T)
        _, pull_theirs = jax.vjp(lambda T: ((T.reshape(-1) @ Bc.T) @ B).reshape(T.shape), T)
        return ours, theirs, pull_ours(cotangent)[0], pull_theirs(cotangent)[0]

    ours, theirs, pulled, pulled_theirs = derivatives(T, cotangent)
    np.testing.assert_allclose(ours, theirs, atol=tol)
    np.testing.assert_allclose(pulled, pulled_theirs, atol=tol)


def test_float64_under_x64():
    P = projector("so3-fields")
    with jax.enable_x64(True):
        T = jnp.asarray(np.random.default_rng(3).standard_normal(P.shape))
        assert gp.equivariant_part(T, P).dtype == jnp.float64
        grad = jax.grad(lambda T: gp.penalty(T, P))(T)
        T0 = np.asarray(T)
        np.testing.assert_allclose(grad, 2 * (T0 - P(T0)), atol=tolerance(np.float64, T0.size))


@pytest.mark.parametrize("squared", [True, False])
def test_fused_layers_under_jit_sum_the_single_penalties(squared):
    """Every form, repeated small layers joined into one run, value and gradient."""
    names = [n for n in ALL if not projector(n).is_complex] + ["orbit-bias"]
    Ps = [projector(n) for n in names]
    shapes = [(2, *P.shape) if i % 2 else P.shape for i, P in enumerate(Ps)]
    Ts = [sample(P, s[:-2], False, i) for i, (P, s) in enumerate(zip(Ps, shapes))]
    F = gp.FusedProjection(Ps, shapes)

    def fused(Ts):
        return F.penalty(Ts, lambda_G=0.5, squared=squared)

    def single(Ts):
        return sum(gp.penalty(T, P, lambda_G=0.5, squared=squared).sum() for T, P in zip(Ts, Ps))

    value, grads = jax.jit(jax.value_and_grad(fused))(Ts)
    expected, single_grads = jax.value_and_grad(single)(Ts)
    np.testing.assert_allclose(value, expected, rtol=tolerance(np.float32, 10**3))
    for g, h in zip(grads, single_grads):
        np.testing.assert_allclose(g, h, atol=tolerance(np.float32, 10**3))


def test_mixed_frameworks_are_refused():
    torch = pytest.importorskip("torch")
    P = projector("orbit-mixed")
    F = gp.FusedProjection([P, P], [P.shape, P.shape])
    with pytest.raises(gp.FrameworkMismatchError, match="jax and torch"):
        F.penalty([jnp.zeros(P.shape), torch.zeros(P.shape)])
    with pytest.raises(gp.FrameworkMismatchError, match="jax and numpy"):
        F.penalty([jnp.zeros(P.shape), np.zeros(P.shape)])
