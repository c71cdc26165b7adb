"""Grid representations and steerable convolution kernels."""

import itertools

import numpy as np
import pytest

import groupproj as gp
from groupproj.equivariant.kernels import kernel_projector
from groupproj.groups.matrix import MatrixGroup
from groupproj.reps.grid import GridRep, geometric_action, grid_rep


def correlate(f, K):
    """out[o, y] = Σ_{c, x} K[o, c, x] f[c, y + x], zero padding, 'same' size, k odd."""
    k, d = K.shape[-1], K.ndim - 2
    r = (k - 1) // 2
    fp = np.pad(f, [(0, 0)] + [(r, r)] * d)
    n = f.shape[1:]
    out = np.zeros((K.shape[0], *n))
    for x in itertools.product(range(k), repeat=d):
        window = fp[(slice(None), *(slice(x[i], x[i] + n[i]) for i in range(d)))]
        out += np.einsum("oc,c...->o...", K[(slice(None), slice(None), *x)], window)
    return out


def act(g, rho, image_grid, f):
    """(g·f)(y) = rho(g) f(M(g)⁻¹ y) on a field f of shape (C, N, ..., N)."""
    flat = f.reshape(len(f), -1)
    return (rho(g) @ flat @ image_grid(g).T).reshape(f.shape)


def test_grid_actions_of_the_planar_groups():
    f = np.arange(25.0).reshape(5, 5)
    C4, D4 = gp.cyclic(4), gp.dihedral(4)
    r, s = D4.generators
    R = grid_rep(D4, 5)
    assert np.array_equal((R(r) @ f.ravel()).reshape(5, 5), np.rot90(f))
    assert np.array_equal((R(s) @ f.ravel()).reshape(5, 5), f[:, ::-1])
    assert grid_rep(C4, 4).is_permutation
    for g, h in itertools.product(D4.elements(), repeat=2):
        assert np.array_equal(R(g * h), R(g) @ R(h))


def test_cube_groups_and_their_grid_action():
    Oh = gp.full_octahedral()
    assert Oh.order == 48 and -np.eye(3) in Oh
    assert gp.octahedral().is_subgroup_of(Oh)
    R = grid_rep(Oh, 3)
    assert R.dim == 27 and R.name == "grid3x3x3"
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, 48, size=(20, 2)):
        g, h = Oh.elements()[i], Oh.elements()[j]
        assert np.array_equal(R(g * h), R(g) @ R(h))
    assert len(geometric_action(gp.octahedral())) == 2


def test_bad_actions_are_refused():
    with pytest.raises(gp.NotAHomomorphismError):
        GridRep(gp.cyclic(3), 3, [[[0, -1], [1, 0]]])
    with pytest.raises(gp.DimensionMismatchError, match="onto itself"):
        GridRep(gp.cyclic(2), 3, [[[2, 0], [0, 1]]])
    with pytest.raises(gp.UnknownNameError, match="action="):
        geometric_action(gp.symmetric(3))


CASES = {
    "D4 regular 2D": (gp.dihedral(4), "regular", "regular", 3, 7),
    "C4 trivial->regular 2D": (gp.cyclic(4), "trivial", "regular", 5, 7),
    "D4 natural->sum 2D, spatial": (gp.dihedral(4), "natural", "sum", 3, 7),
    "O regular 3D": (gp.octahedral(), "regular", "trivial", 3, 5),
    "Oh vectors 3D, spatial": (gp.full_octahedral(), "natural", "natural", 3, 5),
}


def _rep(G, name):
    if name == "sum":
        return G.trivial() + G.regular()
    if name == "natural" and isinstance(G, MatrixGroup):
        return G.natural()
    return getattr(G, name)()


@pytest.mark.parametrize("case", CASES)
def test_projected_kernels_give_equivariant_convolutions(case):
    G, name_in, name_out, k, n = CASES[case]
    rho_in, rho_out = _rep(G, name_in), _rep(G, name_out)
    P = kernel_projector(rho_in, rho_out, k)
    d = grid_rep(G, k).ndim
    rng = np.random.default_rng(1)
    K = rng.standard_normal((rho_out.dim, rho_in.dim, *(k,) * d))
    K_eq = gp.equivariant_part(K, P)
    np.testing.assert_allclose(gp.equivariant_part(K_eq, P), K_eq, atol=1e-12)
    assert gp.penalty(K_eq, P) < 1e-20
    image = grid_rep(G, n)
    f = rng.standard_normal((rho_in.dim, *(n,) * d))
    for g in G.generators:
        lhs = correlate(act(g, rho_in, image, f), K_eq)
        np.testing.assert_allclose(lhs, act(g, rho_out, image, correlate(f, K_eq)), atol=1e-10)
    g = G.generators[0]
    lhs = correlate(act(g, rho_in, image, f), K)
    assert not np.allclose(lhs, act(g, rho_out, image, correlate(f, K)))


def test_kernel_constraint_and_backend():
    D4 = gp.dihedral(4)
    P = kernel_projector(D4.regular() + D4.trivial(), D4.regular(), 3)
    assert P.method == "orbit"
    R = grid_rep(D4, 3)
    K = gp.equivariant_part(np.random.default_rng(2).standard_normal((8, 9, 3, 3)), P)
    flat = K.reshape(8, 9, 9)
    rho_in, rho_out = D4.regular() + D4.trivial(), D4.regular()
    for g in D4.elements():
        moved = np.einsum("yx,oiy->oix", R(g), flat)  # x -> K(M(g) x)
        expected = np.einsum("ab,bcx,cd->adx", rho_out(g), flat, rho_in(g).T)
        np.testing.assert_allclose(moved, expected, atol=1e-12)
