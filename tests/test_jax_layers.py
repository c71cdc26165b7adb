"""The JAX penalty over flax-style layers: Dense (in, out) and Conv (k, k, C_in, C_out) kernels."""

from __future__ import annotations

import numpy as np
import pytest

import groupproj as gp
from groupproj.layouts import Layout, ProjectionShrinkWarning

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
gp_jax = pytest.importorskip("groupproj.jax")
ProjectionPenalty = gp_jax.ProjectionPenalty

D4 = gp.dihedral(4)
REG, TRIV, NAT = D4.regular(), D4.trivial(), D4.natural()


def _normal(seed, shape):
    return jnp.asarray(np.random.default_rng(seed).standard_normal(shape), jnp.float32)


def _dense_params():
    # insertion order is the data flow; sorted keys would put Dense_10 first
    return {
        "Dense_2": {"kernel": _normal(0, (8, 12)), "bias": _normal(1, (12,))},
        "Dense_10": {"kernel": _normal(2, (12, 2)), "bias": _normal(3, (2,))},
    }


def _mlp(params):
    def f(x):
        h = jnp.tanh(x @ params["Dense_2"]["kernel"] + params["Dense_2"]["bias"])
        return h @ params["Dense_10"]["kernel"] + params["Dense_10"]["bias"]

    return f


def test_dense_kernels_are_projected_in_their_in_out_layout():
    params = _dense_params()
    hidden = NAT + REG
    reg = ProjectionPenalty.for_sequence(params, [REG, hidden, TRIV + TRIV])
    assert list(reg.projectors) == [
        "Dense_2/kernel",
        "Dense_2/bias",
        "Dense_10/kernel",
        "Dense_10/bias",
    ]
    assert reg.layouts["Dense_2/kernel"].axes == (1, 0)
    projected = reg.project(params)
    K = np.asarray(params["Dense_2"]["kernel"])
    expected = gp.projector(REG, hidden)(K.T).T
    np.testing.assert_allclose(projected["Dense_2"]["kernel"], expected, atol=1e-5)
    assert float(reg(projected)) < 1e-9
    gp.assert_equivariant(_mlp(projected), REG, TRIV + TRIV, tol=1e-5)
    assert gp.equivariance_error(_mlp(params), REG, TRIV + TRIV).max > 0.1


def test_conv_kernels_are_viewed_as_out_in_k_k():
    params = {"Conv_0": {"kernel": _normal(4, (3, 3, 8, 9)), "bias": _normal(5, (9,))}}
    V, W = REG, NAT + NAT + TRIV
    reg = ProjectionPenalty.for_sequence(params, [V, W])
    assert reg.projectors["Conv_0/kernel"] == gp.kernel_projector(V, W, 3)
    projected = reg.project(params)

    def conv(p):
        def f(x):  # x: (N, C, H, W), as the grid check passes it
            y = jax.lax.conv_general_dilated(
                x,
                p["Conv_0"]["kernel"],
                (1, 1),
                "SAME",
                dimension_numbers=("NCHW", "HWIO", "NCHW"),
            )
            return y + p["Conv_0"]["bias"][:, None, None]

        return f

    gp.assert_equivariant(conv(projected), V, W, tol=1e-5, grid=6)
    assert gp.equivariance_error(conv(params), V, W, grid=6).max > 0.1


def test_project_under_jit_and_preserving_the_norm():
    params = _dense_params()
    reg = ProjectionPenalty.for_sequence(params, [REG, NAT + REG, TRIV + TRIV])
    jitted = jax.jit(lambda p: reg.project(p, preserve_norm=True))(params)
    for path in ("Dense_2", "Dense_10"):
        for leaf in ("kernel", "bias"):
            np.testing.assert_allclose(
                jnp.linalg.norm(jitted[path][leaf]), jnp.linalg.norm(params[path][leaf]), rtol=1e-5
            )
    assert float(reg(jitted)) < 1e-8
    grads = jax.grad(reg)(params)
    assert set(grads) == {"Dense_2", "Dense_10"}


def test_mismatches_are_refused_and_shrinking_warns():
    params = _dense_params()
    with pytest.raises(gp.DimensionMismatchError, match="reps\\[1\\]"):
        ProjectionPenalty.for_sequence(params, [REG, REG, TRIV + TRIV])
    dense = Layout("flax Dense", "linear", (8, 12), (1, 0))
    with pytest.raises(gp.LayoutMismatchError, match="stored axes"):
        ProjectionPenalty(
            {"Dense_2/kernel": gp.projector(NAT + REG, REG)}, layouts={"Dense_2/kernel": dense}
        )
    with pytest.raises(gp.UnknownNameError, match="no projector"):
        ProjectionPenalty({}, layouts={"Dense_2/kernel": dense})
    with pytest.raises(gp.UnknownNameError, match="Dense_3"):
        ProjectionPenalty.for_sequence(params, [REG, TRIV], layers=["Dense_3"])
    P = gp.projector(REG, REG)
    A = np.asarray(_normal(6, (8, 8)))
    outside = {"w": jnp.asarray(A - P(A))}
    with pytest.warns(ProjectionShrinkWarning, match="w"):
        ProjectionPenalty({"w": P}).project(outside)
