"""Steerable kernels of SO(2), O(2), SO(3), O(3): the constraint, the counts, the projector."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.special
import sympy

import groupproj as gp
from groupproj.equivariant.steerable import SteerableProjector
from groupproj.equivariant.steerable_basis import (
    angular_harmonics,
    harmonic_irrep,
    kernel_count,
    pair_basis,
    steerable_count,
    steerable_grid,
    steerable_kernels,
)
from groupproj.harmonic import real_basis_change, real_spherical_harmonics, wigner_D
from groupproj.reps.grid import geometric_action

EPS = np.finfo(float).eps
GROUPS = {"SO(2)": gp.SO2(), "O(2)": gp.O2(), "SO(3)": gp.SO3(), "O(3)": gp.O3()}
# the finite subgroup that maps the grid onto itself, with its geometric action
SUBGROUPS = {
    "SO(2)": gp.cyclic(4),
    "O(2)": gp.dihedral(4),
    "SO(3)": gp.octahedral(),
    "O(3)": gp.full_octahedral(),
}


def irreps(G, top=2):
    return G.irreps(top)


def field_type(G):
    """A reducible field type with repeated irreps, in a random orthogonal basis."""
    top = G.irreps(2)
    rep = top[0] + top[-1] + top[1] + top[-1] + G.natural()
    Q, _ = np.linalg.qr(np.random.default_rng(3).standard_normal((rep.dim, rep.dim)))
    return rep.change_basis(Q)


# --- closed-form counts, independent of the library's Clebsch–Gordan route ------------------


def count_so2(m, n, L):
    """Complex frequency pairs (s m, t n) with |s m − t n| ≤ L."""
    signs = lambda k: (1,) if k == 0 else (1, -1)  # noqa: E731
    return sum(abs(s * m - t * n) <= L for s in signs(m) for t in signs(n))


def count_o2(a, b, L):
    (m, sa), (n, sb) = a.label, b.label
    if m == 0 and n == 0:
        return int(sa == sb)
    return count_so2(m, n, L) // 2


def count_so3(l, lp, L):
    return sum(J <= L for J in range(abs(l - lp), l + lp + 1))


def count_o3(a, b, L):
    (l, p), (lp, pp) = a.label, b.label
    return sum(J <= L and (-1) ** J == p * pp for J in range(abs(l - lp), l + lp + 1))


def closed_count(a, b, L):
    name = a.group.name
    if name == "SO(2)":
        return count_so2(a.label, b.label, L)
    if name == "O(2)":
        return count_o2(a, b, L)
    if name == "SO(3)":
        return count_so3(a.label, b.label, L)
    return count_o3(a, b, L)


@pytest.mark.parametrize("name", GROUPS)
def test_kernel_count_is_the_harmonic_analysis_count(name):
    G = GROUPS[name]
    for a in irreps(G, 3):
        for b in irreps(G, 3):
            for L in range(6):
                assert kernel_count(a, b, L) == closed_count(a, b, L), (a, b, L)


def test_counts_on_examples():
    so2, o2, so3, o3 = GROUPS.values()
    assert kernel_count(so2.irrep(1), so2.irrep(2), 2) == 2  # frequencies ±1; ±3 cut
    assert kernel_count(so2.irrep(2), so2.irrep(1), 3) == 4
    assert kernel_count(o2.irrep(0, -1), o2.irrep(0), 5) == 0  # the parity rule
    assert kernel_count(o2.irrep(1), o2.irrep(1), 2) == 2
    assert kernel_count(so3.irrep(1), so3.irrep(1), 2) == 3  # J = 0, 1, 2
    assert kernel_count(o3.irrep(1, -1), o3.irrep(1, -1), 2) == 2  # J = 0, 2
    assert kernel_count(o3.irrep(1, -1), o3.irrep(1, 1), 2) == 1  # J = 1


GRIDS = [(name, k) for name in ("SO(2)", "O(2)") for k in (2, 3, 4, 5, 7, 9)]
GRIDS += [(name, k) for name in ("SO(3)", "O(3)") for k in (2, 3, 4, 5, 7)]


@pytest.mark.parametrize(("name", "k"), GRIDS)
def test_default_grid_resolves_every_ring(name, k):
    """With the default rings and band limits the sampled span has the full count, per ring."""
    G = GROUPS[name]
    grid = steerable_grid(k, 3 if name in ("SO(3)", "O(3)") else 2)
    for a in irreps(G):
        for b in irreps(G):
            per_ring = [closed_count(a, b, L) for L in grid.band_limits]
            assert len(pair_basis(a, b, grid)) == sum(per_ring), (a, b, per_ring)


@pytest.mark.parametrize("name", GROUPS)
def test_each_ring_alone_carries_its_count(name):
    G = GROUPS[name]
    ndim = 3 if name in ("SO(3)", "O(3)") else 2
    for radius, L in ((1.0, 2), (2.0, 4)):
        grid = steerable_grid(5, ndim, radii=[radius], widths=0.5)
        assert grid.band_limits == (L,)
        for a in irreps(G):
            for b in irreps(G):
                assert len(pair_basis(a, b, grid)) == closed_count(a, b, L)


@pytest.mark.parametrize("name", GROUPS)
def test_dimension_of_a_reducible_field_type(name):
    G = GROUPS[name]
    V, W = field_type(G), G.natural() + G.trivial()
    ndim = 3 if name in ("SO(3)", "O(3)") else 2
    P = gp.kernel_projector(V, W, 3 if ndim == 3 else 5)
    expected = sum(
        m_a * m_b * sum(closed_count(a, b, L) for L in P.grid.band_limits)
        for a, m_a in W.decompose().blocks
        for b, m_b in V.decompose().blocks
    )
    assert P.dim == steerable_count(V, W, P.grid) == expected


def test_unresolved_band_limits_give_fewer_kernels_never_spurious_ones():
    """Asked for more rings and frequencies than a 3×3 grid holds, the span stays inside the
    C4-equivariant kernels, whose dimension is below the continuous count."""
    G = gp.SO2()
    rho = G.irrep(1)
    grid = steerable_grid(3, 2, radii=[0, 1, 1.2, np.sqrt(2)], widths=0.3, band_limit=[0, 9, 9, 9])
    P = SteerableProjector(rho, rho, grid)
    D = gp.kernel_projector(_restrict(rho, gp.cyclic(4)), _restrict(rho, gp.cyclic(4)), 3)
    assert steerable_count(rho, rho, grid) == 2 + 3 * 4 > D.dim
    assert 0 < P.dim <= D.dim
    B = P.basis()
    flat = B.reshape(P.dim, -1)
    np.testing.assert_allclose(flat @ flat.T, np.eye(P.dim), atol=100 * EPS * flat.shape[1])
    np.testing.assert_allclose(D(B), B, atol=100 * EPS * np.sqrt(flat.shape[1]))


# --- the constraint -------------------------------------------------------------------------


@pytest.mark.parametrize("name", GROUPS)
def test_harmonics_transform_by_their_irrep(name):
    G = GROUPS[name]
    ndim = 3 if name in ("SO(3)", "O(3)") else 2
    rng = np.random.default_rng(1)
    x = rng.standard_normal((30, ndim))
    for J in range(5):
        h = harmonic_irrep(G, J)
        for g in G.sample(6, seed=J):
            gx = x @ G.natural()(g).T
            lhs = angular_harmonics(G, J, gx)
            rhs = angular_harmonics(G, J, x) @ h(g).T
            np.testing.assert_allclose(lhs, rhs, atol=1e-13)


def test_real_spherical_harmonics_against_scipy():
    """S = conj(U) Y with Y scipy's complex harmonics (Condon–Shortley) and U our real basis."""
    x = np.random.default_rng(0).standard_normal((40, 3)) * 3
    r = np.linalg.norm(x, axis=1)
    theta, phi = np.arccos(x[:, 2] / r), np.arctan2(x[:, 1], x[:, 0])
    for l in range(6):
        Y = np.stack([scipy.special.sph_harm_y(l, m, theta, phi) for m in range(-l, l + 1)])
        reference = (real_basis_change(l).conj() @ Y).T
        np.testing.assert_allclose(reference.imag, 0, atol=1e-14)
        np.testing.assert_allclose(real_spherical_harmonics(l, x), reference.real, atol=1e-13)
    S1 = real_spherical_harmonics(1, x)
    np.testing.assert_allclose(S1, np.sqrt(3 / (4 * np.pi)) * x[:, [1, 2, 0]] / r[:, None])


def test_real_spherical_harmonics_are_orthonormal_and_rotate_by_wigner_D():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((20, 3))
    a, b, c = rng.uniform(0, 3, 3)
    R = gp.harmonic.matrix_from_euler(a, b, c)
    for l in range(5):
        np.testing.assert_allclose(
            real_spherical_harmonics(l, x @ R.T),
            real_spherical_harmonics(l, x) @ wigner_D(l, a, b, c, basis="real").T,
            atol=1e-13,
        )
    # Gauss–Legendre × uniform quadrature, exact for these degrees
    t, w = np.polynomial.legendre.leggauss(12)
    phi = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    T, F = np.meshgrid(np.arccos(t), phi, indexing="ij")
    pts = np.stack([np.sin(T) * np.cos(F), np.sin(T) * np.sin(F), np.cos(T)], -1).reshape(-1, 3)
    weights = (w[:, None] * np.full(len(phi), 2 * np.pi / len(phi))).ravel()
    S = np.concatenate([real_spherical_harmonics(l, pts) for l in range(5)], axis=1)
    np.testing.assert_allclose(S.T @ (weights[:, None] * S), np.eye(25), atol=1e-13)


def test_real_spherical_harmonics_refuse_the_origin():
    with pytest.raises(gp.InvalidValueError, match="direction"):
        real_spherical_harmonics(1, [[0.0, 0.0, 0.0]])
    with pytest.raises(gp.DimensionMismatchError):
        real_spherical_harmonics(1, [[1.0, 0.0]])


@pytest.mark.parametrize("name", GROUPS)
def test_every_kernel_satisfies_the_constraint_at_random_points_and_rotations(name):
    """κ(g x) = a(g) κ(x) b(g)⁻¹ for the analytic kernels, any g and x, not only the grid's."""
    G = GROUPS[name]
    ndim = 3 if name in ("SO(3)", "O(3)") else 2
    grid = steerable_grid(5, ndim, radii=[0.0, 0.8, 1.7], widths=[0.4, 0.5, 0.6], band_limit=4)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((25, ndim)) * 1.5
    elements = G.sample(8, seed=1)
    for a in irreps(G):
        for b in irreps(G):
            K, labels = steerable_kernels(a, b, grid, x)
            assert len(K) == len(labels) == sum(closed_count(a, b, 4) for _ in grid.radii)
            for g in elements:
                Kg, _ = steerable_kernels(a, b, grid, x @ G.natural()(g).T)
                rhs = np.einsum("ac,ecdp,bd->eabp", a(g), K, b(g))
                np.testing.assert_allclose(Kg, rhs, atol=1e-12)


def _restrict(rep, H):
    """The finite subgroup's representation: the compact one's matrices on its generators."""
    G = rep.group
    images = [rep(G.element(np.asarray(M, dtype=float))) for M in geometric_action(H)]
    return gp.rep_from_generators(H, images)


@pytest.mark.parametrize("name", GROUPS)
def test_range_lies_in_the_discrete_projectors_range(name):
    """Sampled steerable kernels are exactly equivariant under C4, D4, O, O_h on the grid."""
    G, H = GROUPS[name], SUBGROUPS[name]
    k = 3 if name in ("SO(3)", "O(3)") else 5
    V = G.natural() + G.trivial()
    Q, _ = np.linalg.qr(np.random.default_rng(3).standard_normal((V.dim, V.dim)))
    V, W = V.change_basis(Q), G.irreps(2)[-1] + G.irreps(1)[-1]
    P = gp.kernel_projector(V, W, k)
    D = gp.kernel_projector(_restrict(V, H), _restrict(W, H), k, method="spatial")
    assert D.shape == P.shape and 0 < P.dim < D.dim
    B = P.basis()
    np.testing.assert_allclose(D(B), B, atol=100 * EPS * np.sqrt(B[0].size))
    # and directly, for a larger field type: W(h) K = K (V ⊗ grid)(h) on the generators
    V, W = field_type(G), G.irreps(2)[-1] + G.natural()
    B = gp.kernel_projector(V, W, k).basis()
    action = _restrict(V, H) * gp.grid_rep(H, k)
    for h in H.generators:
        lhs = np.einsum("ij,ejn->ein", _restrict(W, H)(h), B)
        np.testing.assert_allclose(lhs, B @ action(h), atol=100 * EPS * np.sqrt(B[0].size))


def test_convolution_commutes_with_quarter_turns():
    """conv(g·f) = g·conv(f) for g the 90° rotation, with torch's conv2d and the weight layout."""
    torch = pytest.importorskip("torch")
    G = gp.SO2()
    V, W = G.irrep(0) + G.irrep(1), G.irrep(1) + G.irrep(2)
    P = gp.kernel_projector(V, W, 5)
    rng = np.random.default_rng(0)
    K = P(rng.standard_normal(P.shape)).reshape(W.dim, V.dim, 5, 5)
    f = rng.standard_normal((1, V.dim, 11, 11))
    g = G.element(np.pi / 2)

    def act(rep, h):
        return np.einsum("ij,bjxy->bixy", rep(g), np.rot90(h, axes=(2, 3)))

    def conv(h):
        return torch.nn.functional.conv2d(
            torch.from_numpy(h.copy()), torch.from_numpy(K), padding=2
        )

    np.testing.assert_allclose(conv(act(V, f)).numpy(), act(W, conv(f).numpy()), atol=1e-12)


def test_convolution_commutes_with_the_cube_rotations():
    torch = pytest.importorskip("torch")
    G, H = gp.SO3(), gp.octahedral()
    V, W = G.natural() + G.trivial(), G.irrep(2)
    P = gp.kernel_projector(V, W, 3)
    rng = np.random.default_rng(1)
    K = P(rng.standard_normal(P.shape)).reshape(W.dim, V.dim, 3, 3, 3)
    n = 6
    f = rng.standard_normal((1, V.dim, n, n, n))
    image = gp.grid_rep(H, n)
    for M, h in zip(geometric_action(H), H.generators):
        g = G.element(M.astype(float))

        def act(rep, u, g=g, h=h):
            flat = u.reshape(u.shape[0], u.shape[1], -1)
            return np.einsum("ij,bjx,yx->biy", rep(g), flat, image(h)).reshape(u.shape)

        def conv(u):
            return torch.nn.functional.conv3d(
                torch.from_numpy(np.ascontiguousarray(u)), torch.from_numpy(K), padding=1
            ).numpy()

        np.testing.assert_allclose(conv(act(V, f)), act(W, conv(f)), atol=1e-12)


# --- the projector --------------------------------------------------------------------------


@pytest.mark.parametrize("name", GROUPS)
def test_projector_laws(name):
    G = GROUPS[name]
    V, W = field_type(G), G.natural() + G.irreps(1)[0]
    k = 3 if name in ("SO(3)", "O(3)") else 5
    P = gp.kernel_projector(V, W, k)
    m, n = P.shape
    assert P.shape == (W.dim, V.dim * k**P.grid.ndim)
    rng = np.random.default_rng(0)
    A, C = rng.standard_normal((2, m, n))
    tol = 100 * EPS * np.sqrt(m * n)
    PA = P(A)
    np.testing.assert_allclose(P(PA), PA, atol=tol)  # idempotent
    assert abs(np.vdot(PA, C) - np.vdot(A, P(C))) < tol * np.linalg.norm(A) * np.linalg.norm(C)
    B = P.basis().reshape(P.dim, -1)
    np.testing.assert_allclose(B @ B.T, np.eye(P.dim), atol=tol)  # orthonormal basis
    np.testing.assert_allclose(P(P.basis()), P.basis(), atol=tol)  # spans the range
    coeff = B @ A.ravel()
    np.testing.assert_allclose((coeff @ B).reshape(m, n), PA, atol=tol)
    QW, blocks, QV = P.structure.factors
    assert QV.shape == (n, n) and QW.shape == (m, m)
    for b in blocks:
        E = b.endomorphisms.reshape(len(b.endomorphisms), -1)
        np.testing.assert_allclose(E @ E.T, np.eye(len(E)), atol=tol)
        assert b.d_W == b.irrep[0].dim and b.d_V == b.irrep[1].dim * k**P.grid.ndim


def test_dense_matrix_agrees_and_the_projector_pickles_and_saves(tmp_path):
    G = gp.O2()
    P = gp.kernel_projector(G.irrep(1), G.irrep(0) + G.irrep(2), 3)
    M = P.matrix()
    A = np.random.default_rng(0).standard_normal(P.shape)
    np.testing.assert_allclose(M @ A.ravel(), P(A).ravel(), atol=1e-13)
    Q = pickle.loads(pickle.dumps(P))
    assert Q == P and hash(Q) == hash(P)
    np.testing.assert_allclose(Q(A), P(A), atol=1e-14)
    assert "steerable" in repr(P) and P.dim == len(P.basis())
    assert P != gp.kernel_projector(G.irrep(1), G.irrep(0) + G.irrep(2), 3, band_limit=1)
    P.save(tmp_path / "P.npz")  # stored as its basis
    L = gp.load(tmp_path / "P.npz")
    assert L.shape == P.shape and L.dim == P.dim and L.method == "steerable"
    np.testing.assert_allclose(L(A), P(A), atol=1e-13)
    T = A.reshape(3, 2, 3, 3)
    np.testing.assert_allclose(gp.penalty(T, L), gp.penalty(T, P), rtol=1e-12)
    with pytest.raises(gp.UnknownNameError, match="factored"):
        P.save(tmp_path / "F.npz", format="factored")


def test_options_change_the_rings():
    G = gp.SO2()
    P = gp.kernel_projector(G.irrep(0), G.irrep(0), 7)
    assert P.grid.radii == (0.0, 1.0, 2.0, 3.0) and P.dim == 4
    P = gp.kernel_projector(G.irrep(0), G.irrep(1), 7, radii=[1.5, 3], widths=0.7, band_limit=1)
    assert P.grid.widths == (0.7, 0.7) and P.grid.band_limits == (1, 1) and P.dim == 4
    P = gp.kernel_projector(G.irrep(0), G.irrep(3), 7, band_limit=[0, 2, 3, 3])
    assert P.dim == 4  # frequency 3 on the last two rings
    assert steerable_grid(4, 2).radii == (0.5, 1.5)


def test_exact_projection_is_refused():
    G = gp.SO2()
    P = gp.kernel_projector(G.irrep(0), G.irrep(0), 3)
    with pytest.raises(gp.ExactnessError, match="floating point"):
        P(sympy.zeros(*P.shape))


# --- the penalty on convolution weights --------------------------------------------------------


CONV_CASES = {
    "SO(2) k=5": (gp.SO2(), 5, 2),
    "O(2) k=3": (gp.O2(), 3, 2),
    "SO(3) k=3": (gp.SO3(), 3, 3),
    "O(3) k=3": (gp.O3(), 3, 3),
}


@pytest.mark.parametrize("case", CONV_CASES)
def test_penalty_on_numpy_conv_weights(case):
    G, k, ndim = CONV_CASES[case]
    V, W = G.natural() + G.trivial(), G.irreps(2)[-1] + G.natural()
    P = gp.kernel_projector(V, W, k)
    T = np.random.default_rng(0).standard_normal((W.dim, V.dim) + (k,) * ndim)
    PT = P(T.reshape(P.shape)).reshape(T.shape)
    tol = 100 * EPS * T.size
    np.testing.assert_allclose(gp.equivariant_part(T, P), PT, atol=tol)
    np.testing.assert_allclose(gp.penalty(T, P), np.sum((T - PT) ** 2), rtol=tol)
    assert gp.penalty(PT, P) < tol


@pytest.mark.parametrize("case", CONV_CASES)
def test_penalty_on_torch_conv_weights_has_the_projection_gradient(case):
    torch = pytest.importorskip("torch")
    G, k, ndim = CONV_CASES[case]
    V, W = G.natural() + G.trivial(), G.irreps(2)[-1] + G.natural()
    P = gp.kernel_projector(V, W, k)
    T0 = np.random.default_rng(1).standard_normal((W.dim, V.dim) + (k,) * ndim)
    T = torch.tensor(T0, requires_grad=True)
    value = gp.penalty(T, P, lambda_perp=0.5)
    value.backward()
    PT = P(T0.reshape(P.shape)).reshape(T0.shape)
    tol = 100 * EPS * T0.size
    np.testing.assert_allclose(float(value.detach()), 0.5 * np.sum((T0 - PT) ** 2), rtol=tol)
    np.testing.assert_allclose(T.grad.numpy(), T0 - PT, atol=tol)
    out = gp.equivariant_part(torch.tensor(T0), P)
    np.testing.assert_allclose(out.numpy(), PT, atol=tol)


# --- framework layers --------------------------------------------------------------------------


def test_layouts_accept_a_steerable_projector_of_the_kernels_grid():
    torch = pytest.importorskip("torch")
    from groupproj.torch import ProjectionPenalty

    G = gp.SO2()
    V, W = G.irrep(0) + G.irrep(1), G.irrep(1)
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(V.dim, W.dim, 5, bias=False)
    P = gp.kernel_projector(V, W, 5)
    penalty = ProjectionPenalty(conv, {"weight": P})
    penalty.project_(preserve_norm=True)  # a projection that keeps the scale
    T = conv.weight.detach().double().numpy()
    assert gp.penalty(T, P) < 1e-12
    wrong = torch.nn.Conv2d(V.dim, W.dim, (1, 9), bias=False)  # 9 taps, as a 3×3 kernel
    with pytest.raises(gp.LayoutMismatchError, match="grid3x3"):
        ProjectionPenalty(wrong, {"weight": gp.kernel_projector(V, W, 3)})


def test_a_sequence_of_convolutions_gets_steerable_projectors():
    torch = pytest.importorskip("torch")
    from groupproj.torch import ProjectionPenalty

    G = gp.SO2()
    reps = [G.irrep(0), G.irrep(0) + G.irrep(1) + G.irrep(2), G.irrep(0) + G.irrep(0)]
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 5, 5, padding=2), torch.nn.Conv2d(5, 2, 3, padding=1)
    ).double()
    penalty = ProjectionPenalty.for_sequence(model, reps)
    P0, P1 = penalty.projectors["0.weight"], penalty.projectors["1.weight"]
    assert P0.method == P1.method == "steerable"
    assert (P0.grid.size, P1.grid.size) == (5, 3)
    assert P0.dim == steerable_count(reps[0], reps[1], P0.grid)
    penalty.project_(preserve_norm=True)  # a projection that keeps the scale
    x = torch.randn(2, 1, 9, 9, dtype=torch.float64)
    with torch.no_grad():
        y, y_turned = model(x), model(torch.rot90(x, 1, (-2, -1)))
    # the output is two invariant channels: a quarter turn of the input turns the maps
    assert torch.allclose(y_turned, torch.rot90(y, 1, (-2, -1)), atol=1e-12)
    with pytest.raises(gp.LayoutMismatchError, match="2-dimensional grids"):
        ProjectionPenalty.for_sequence(
            torch.nn.Sequential(torch.nn.Conv3d(1, 3, 3)), [G.irrep(0), G.natural() + G.irrep(0)]
        )
