"""Tests of groupproj.testing: representation checks, equivariance of maps and functions."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zoo_strategies import GROUPS, orthogonal_reps, random_map, rep_pairs, rotated

import groupproj as gp
from groupproj.testing import elements_to_check

SMALL = settings(max_examples=25, deadline=None)
EPS = np.finfo(np.float64).eps


def rounding(*dims: int) -> float:
    """A bound on float64 rounding in products of maps of these dimensions: 64·(Σ dims)·ε."""
    return 64 * sum(dims) * EPS


class Twisted(gp.Representation):
    """A user-defined 'representation' that applies ``twist`` to the natural matrices."""

    _fields = ("base", "twist")

    def __init__(self, base: gp.Representation, twist: Any):
        self._set(base=base, twist=twist, group=base.group)

    @property
    def dim(self) -> int:
        return self.base.dim

    name = "twisted"

    def _float(self, key: Any) -> np.ndarray:
        return self.twist(self.base._float(key))


class Circle(gp.Group):
    """SO(2) as angles in [0, 2π): a minimal compact group, to exercise the sampled path."""

    _fields = ()
    name = "circle"

    def _mul(self, a: float, b: float) -> float:
        return (a + b) % (2 * np.pi)

    def _inv(self, a: float) -> float:
        return (-a) % (2 * np.pi)

    def _identity_key(self) -> float:
        return 0.0

    def _generator_keys(self) -> tuple:
        return (1.0,)  # an irrational turn: its powers are dense

    def _key_of(self, x: Any) -> float:
        return float(x) % (2 * np.pi)

    def sample(self, n: int, seed: int | None = None) -> list[gp.GroupElement]:
        angles = np.random.default_rng(seed).uniform(0, 2 * np.pi, n)
        return [gp.GroupElement(self, float(a)) for a in angles]


class Winding(gp.Representation):
    """The rotation of the plane by m·θ."""

    _fields = ("group", "m")
    dim = 2
    name = "winding"

    def __init__(self, group: gp.Group, m: int):
        self._set(group=group, m=m)

    def _float(self, key: float) -> np.ndarray:
        c, s = np.cos(self.m * key), np.sin(self.m * key)
        return np.array([[c, -s], [s, c]])


# --- check_representation --------------------------------------------------------------------


@SMALL
@given(st.sampled_from(GROUPS).flatmap(orthogonal_reps))
def test_orthogonal_representations_pass_every_check(rep):
    report = gp.check_representation(rep)
    assert report.ok, str(report)
    assert [c.name for c in report.checks] == [
        "identity",
        "homomorphism",
        "inverse",
        "orthogonality",
    ]
    assert report["homomorphism"].cases == rep.group.order**2


def test_a_non_homomorphism_is_caught_and_located():
    G = gp.symmetric(3)
    squared = Twisted(G.natural(), lambda m: m @ m)  # g -> rho(g^2) is no homomorphism of S3
    report = gp.check_representation(squared)
    assert not report.ok
    assert not report["homomorphism"].ok and report["homomorphism"].max_error >= 0.5
    assert report["identity"].ok and report["orthogonality"].ok
    assert "FAILED" in str(report) and "homomorphism" in str(report)


def test_identity_and_inverse_failures():
    G = gp.cyclic(4)
    scaled = Twisted(G.natural(), lambda m: 2 * m)
    report = gp.check_representation(scaled)
    assert not report["identity"].ok and not report["inverse"].ok
    assert not report["orthogonality"].ok


def test_orthogonality_is_optional_and_separate():
    G = gp.cyclic(4)
    rot = gp.rep_from_generators(G, [[[0, -1], [1, 0]]])
    skew = rot.change_basis(np.array([[1.0, 1.0], [0.0, 1.0]]))
    report = gp.check_representation(skew)
    failed = [c.name for c in report.checks if not c.ok]
    assert failed == ["orthogonality"]
    relaxed = gp.check_representation(skew, orthogonal=False)
    assert relaxed.ok and "orthogonality" not in [c.name for c in relaxed.checks]
    assert gp.check_representation(skew.orthogonalized()).ok


def test_large_groups_are_sampled_with_their_generators():
    G = gp.symmetric(10)  # 3628800 elements: never enumerated
    report = gp.check_representation(G.natural(), n_samples=16, seed=3)
    assert report.ok
    assert "16 sampled" in report.elements
    elements = elements_to_check(G, 16, seed=3)
    assert elements[: len(G.generators)] == G.generators and len(elements) == 18
    assert report["homomorphism"].cases == 18 * len(G.generators) + 18
    assert elements == elements_to_check(G, 16, seed=3)


def test_groups_without_enumeration_are_sampled():
    G = Circle()
    report = gp.check_representation(Winding(G, 3), n_samples=20, seed=1)
    assert report.ok, str(report)
    assert report["inverse"].cases == 20 and report["homomorphism"].cases == 20
    V, W = Winding(G, 1), Winding(G, 2)
    squaring = gp.equivariance_error(lambda z: np.stack(_square(z), -1), V, W, n_elements=10)
    assert squaring.max < rounding(V.dim, W.dim) and len(squaring.elements) == 10
    assert gp.equivariance_error(lambda z: z, V, W).max > 0.1
    assert not gp.is_equivariant(np.eye(2), V, W) and gp.is_equivariant(np.eye(2), W, W)


def _square(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) ↦ (x² − y², 2xy), the complex square: doubles the angle."""
    x, y = z[..., 0], z[..., 1]
    return x**2 - y**2, 2 * x * y


def test_wrong_matrix_shape_is_a_dimension_error():
    bad = Twisted(gp.cyclic(3).natural(), lambda m: m[:2])
    with pytest.raises(gp.DimensionMismatchError, match="shape"):
        gp.check_representation(bad)


def test_report_is_immutable():
    report = gp.check_representation(gp.cyclic(2).natural())
    with pytest.raises(AttributeError):
        report.checks = ()  # type: ignore[misc]


# --- is_equivariant ------------------------------------------------------------------------


@SMALL
@given(rep_pairs(), st.integers(0, 2**16))
def test_projected_maps_are_equivariant_and_others_are_not(pair, seed):
    V, W = pair
    P = gp.projector(V, W)
    A = random_map(V, W, seed)
    assert gp.is_equivariant(P(A), V, W)
    distance = np.sqrt(P.penalty(A)) / np.linalg.norm(A)
    if distance > 1e-6:
        assert not gp.is_equivariant(A, V, W)


def test_is_equivariant_validates_its_input():
    V = gp.dihedral(4).natural()
    with pytest.raises(gp.DimensionMismatchError, match=r"\(4, 4\)"):
        gp.is_equivariant(np.ones((4, 3)), V, V)
    with pytest.raises(gp.GroupMismatchError):
        gp.is_equivariant(np.ones((4, 4)), V, gp.cyclic(4).natural())


# --- equivariance_error ---------------------------------------------------------------------


@SMALL
@given(rep_pairs(), st.integers(0, 2**16))
def test_linear_functions_are_equivariant_exactly_when_their_matrix_is(pair, seed):
    V, W = pair
    P = gp.projector(V, W)
    A = random_map(V, W, seed)
    # The group average (spatial back-end) is equivariant to rounding: ε·‖A‖ per entry, so
    # relative to B the error scales with ‖A‖ / ‖B‖. For dim 0, P(A) is rounding noise.
    B = gp.projector(V, W, method="spatial")(A) if P.dim else np.zeros_like(A)
    growth = np.linalg.norm(A) / np.linalg.norm(B) if P.dim else 1.0
    good = gp.equivariance_error(lambda x: x @ B.T, V, W, seed=seed)
    assert good.max < rounding(V.dim, W.dim) * max(1.0, growth)
    assert good.mean <= good.max * (1 + len(good.errors) * EPS)  # a mean up to rounding
    assert good.elements == elements_to_check(V.group, 64, seed)
    bad = gp.equivariance_error(lambda x: x @ A.T, V, W, seed=seed)
    assert all(0.0 <= e <= 2.0 for e in bad.errors)
    assert bad.errors[bad.elements.index(bad.worst)] == bad.max
    if np.sqrt(P.penalty(A)) > 1e-6 * np.linalg.norm(A):
        assert bad.max > 1e-6


def test_pointwise_nonlinearities_commute_with_permutations_only():
    G = gp.symmetric(4)
    V = G.natural()
    assert gp.equivariance_error(np.tanh, V, V).max < 1e-15
    turned = rotated(V, seed=1)
    assert gp.equivariance_error(np.tanh, turned, turned).max > 1e-3


def test_float32_functions_are_measured_in_float64():
    V = gp.cyclic(8).regular()
    x = np.random.default_rng(0).standard_normal((5, 8)).astype(np.float32)
    seen = []

    def f(x):
        seen.append(x.dtype)
        return np.roll(x, 1, axis=-1) * np.float32(1.1)

    report = gp.equivariance_error(f, V, V, inputs=x)
    assert set(seen) == {np.dtype(np.float32)}
    assert report.max < 1e-15  # the roll commutes exactly, rounding is the same both ways
    report = gp.equivariance_error(lambda x: np.sqrt(np.abs(x)) + x, V, V, inputs=x)
    assert isinstance(report.max, float) and report.max < 1e-15
    assert report.n_inputs == 5


def test_explicit_elements_and_batch_shape():
    G = gp.dihedral(6)
    V = G.natural()
    g = G.generators[1]
    x = np.random.default_rng(2).standard_normal((2, 3, 6))
    report = gp.equivariance_error(lambda x: x[..., ::-1], V, V, elements=[g.data], inputs=x)
    assert report.elements == (g,) and report.n_inputs == 6
    assert (
        report.max > 0.1
    )  # reversing the vertices commutes with the reflection i -> -i only up to a rotation


def test_equivariance_error_validates_its_input():
    V = gp.cyclic(4).natural()
    with pytest.raises(gp.GroupMismatchError):
        gp.equivariance_error(np.tanh, V, V, elements=[[0, 0, 1, 2]])
    with pytest.raises(gp.GroupMismatchError):
        gp.equivariance_error(np.tanh, V, V, elements=[])
    with pytest.raises(gp.GroupMismatchError):
        gp.equivariance_error(np.tanh, V, gp.cyclic(5).natural())
    with pytest.raises(gp.DimensionMismatchError, match=r"\(\.\.\., 4\)"):
        gp.equivariance_error(np.tanh, V, V, inputs=np.ones((3, 5)))
    with pytest.raises(gp.DimensionMismatchError, match="W.dim"):
        gp.equivariance_error(lambda x: x[..., :2], V, V)


def test_assert_equivariant_raises_with_the_report():
    V = gp.symmetric(3).natural()
    report = gp.assert_equivariant(lambda x: 2 * x, V, V, tol=rounding(V.dim))
    assert report.max < rounding(V.dim)
    with pytest.raises(AssertionError, match="max relative error"):
        gp.assert_equivariant(lambda x: np.cumsum(x, -1), V, V)


def test_torch_modules_and_functions():
    torch = pytest.importorskip("torch")
    G = gp.dihedral(5)
    V, W = G.natural(), G.regular()
    P = gp.projector(V, W)
    A = P(random_map(V, W, 0))
    layer = torch.nn.Linear(V.dim, W.dim, bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(A))  # float32 weights
    report = gp.assert_equivariant(layer, V, W)
    assert 0 < report.max < 1e-5
    bad = torch.nn.Linear(V.dim, W.dim)
    assert gp.equivariance_error(bad, V, W).max > 1e-3

    def torch_only(x):
        return torch.relu(x.clone()) @ torch.as_tensor(A).T

    assert gp.equivariance_error(torch_only, V, W).max < rounding(V.dim, W.dim)


def test_jax_functions():
    jnp = pytest.importorskip("jax.numpy")
    G = gp.quaternion()
    V = G.natural()
    report = gp.equivariance_error(lambda x: x * jnp.linalg.norm(x, axis=-1, keepdims=True), V, V)
    assert report.max < 1e-5  # jax computes in float32 by default


# --- the sandwich bound ----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(rep_pairs(), st.integers(0, 2**16))
def test_sandwich_bound(pair, seed):
    """‖T − P(T)‖ ≤ sup_g ‖rho_W(g) T rho_V(g)⁻¹ − T‖ ≤ 2‖T − P(T)‖ (Frobenius).

    Left: P(T) − T is the average of rho_W(g) T rho_V(g)⁻¹ − T. Right: that
    difference is rho_W(g) R rho_V(g)⁻¹ − R for R = T − P(T), since P(T) is
    invariant, and conjugation by unitaries preserves the norm.
    """
    V, W = pair
    T = random_map(V, W, seed)
    P = gp.projector(V, W)
    distance = np.linalg.norm(T - P(T))
    sup = max(np.linalg.norm(W(g) @ T @ V(g.inverse()) - T) for g in V.group.elements())
    slack = 1e-9 * np.linalg.norm(T)
    assert distance <= sup + slack
    assert sup <= 2 * distance + slack


# --- Lie derivatives -------------------------------------------------------------------------


def _gated(parts: list[int]):
    """Scale each block of a direct sum by a function of its own norm: an SO(3)-equivariant map."""
    bounds = np.cumsum([0, *parts])

    def f(x: np.ndarray) -> np.ndarray:
        blocks = [x[..., a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        return np.concatenate(
            [v * np.tanh(np.linalg.norm(v, axis=-1, keepdims=True)) for v in blocks], axis=-1
        )

    return f


LIE_PAIRS = [
    (gp.SO3().irrep(1) * gp.SO3().irrep(1), gp.SO3().irrep(1)),
    (gp.SO3().irrep(1) * gp.SO3().irrep(2), gp.SO3().irrep(1) + gp.SO3().irrep(3)),
    (gp.SU2().irrep(0.5) * gp.SU2().irrep(0.5), gp.SU2().irrep(1)),
    (gp.SO2().natural() * gp.SO2().natural(), gp.SO2().natural() + gp.SO2().trivial()),
]


@SMALL
@given(st.sampled_from(LIE_PAIRS), st.integers(0, 2**16))
def test_projected_maps_have_zero_lie_derivative(pair, seed):
    V, W = pair
    A = gp.projector(V, W)(random_map(V, W, seed))
    assert gp.lie_derivative_error(A, V, W, seed=seed).max < rounding(V.dim, W.dim)  # exact
    assert gp.lie_derivative_error(lambda x: x @ A.T, V, W, seed=seed).max < 1e-9
    B = random_map(V, W, seed + 1)
    assert gp.lie_derivative_error(B, V, W, seed=seed).max > 1e-3
    assert gp.lie_derivative_error(lambda x: x @ B.T, V, W, seed=seed).max > 1e-3


def test_norm_gated_maps_are_equivariant_and_cubes_are_not():
    G = gp.SO3()
    V = G.irrep(1) + G.irrep(2)
    assert gp.lie_derivative_error(_gated([3, 5]), V, V).max < 1e-9
    assert gp.lie_derivative_error(_gated([8]), V, V).max < 1e-9
    assert gp.lie_derivative_error(_gated([4, 4]), V, V).max > 1e-3  # gates across the blocks
    assert gp.lie_derivative_error(lambda x: x**3, V, V).max > 1e-2


def test_invariant_functions_are_measured_against_their_values():
    G = gp.SO3()
    V, T = G.irrep(2), G.trivial()
    report = gp.lie_derivative_error(lambda x: (x**2).sum(-1, keepdims=True), V, T)
    assert report.max < 1e-9
    assert gp.lie_derivative_error(lambda x: x[..., :1] ** 2, V, T).max > 1e-2


@settings(max_examples=10, deadline=None)
@given(st.floats(1e-6, 1e-2), st.integers(0, 2**16))
def test_small_perturbations_agree_with_equivariance_error(eps, seed):
    G = gp.SO3()
    V = G.irrep(1) + G.irrep(2)
    B = random_map(V, V, seed)

    def f(x):
        return _gated([3, 5])(x) + eps * x @ B.T

    lie = gp.lie_derivative_error(f, V, V, seed=seed).max
    finite = gp.equivariance_error(f, V, V, seed=seed, n_elements=16).max
    assert 0.1 < lie / finite < 10


def test_float32_inputs_take_a_larger_step():
    V = gp.SO3().irrep(2)
    X = np.random.default_rng(0).standard_normal((6, V.dim)).astype(np.float32)
    report = gp.lie_derivative_error(_gated([5]), V, V, inputs=X)
    assert report.step == pytest.approx(np.finfo(np.float32).eps ** (1 / 3))
    assert report.max < 1e-4  # h² + ε/h with h = ε^(1/3) for ε = 1.2e-7
    assert report.n_inputs == 6 and len(report.errors) == 3
    assert "generator" in str(report)


def test_lie_derivative_error_validates_its_input():
    G = gp.SO3()
    V, W = G.irrep(1), G.irrep(2)
    with pytest.raises(gp.NoLieAlgebraError, match="finite"):
        gp.lie_derivative_error(lambda x: x, gp.cyclic(3).natural(), gp.cyclic(3).natural())
    with pytest.raises(gp.GroupMismatchError):
        gp.lie_derivative_error(lambda x: x, V, gp.SO2().natural())
    with pytest.raises(gp.DimensionMismatchError, match="inputs"):
        gp.lie_derivative_error(lambda x: x, V, V, inputs=np.ones((2, 4)))
    with pytest.raises(gp.DimensionMismatchError, match="W.dim"):
        gp.lie_derivative_error(lambda x: x, V, W)
    with pytest.raises(gp.DimensionMismatchError, match="W.dim, V.dim"):
        gp.lie_derivative_error(np.ones((3, 5)), V, W)


def test_lie_derivative_of_torch_and_jax_functions():
    torch = pytest.importorskip("torch")
    G = gp.SO3()
    V, W = G.irrep(1) * G.irrep(1), G.irrep(1)
    A = gp.projector(V, W)(random_map(V, W, 0))
    layer = torch.nn.Linear(V.dim, W.dim, bias=False).double()
    with torch.no_grad():
        layer.weight.copy_(torch.as_tensor(A))
    assert gp.lie_derivative_error(layer, V, W).max < 1e-9
    assert gp.lie_derivative_error(torch.nn.Linear(V.dim, W.dim).double(), V, W).max > 1e-3
    jnp = pytest.importorskip("jax.numpy")

    def gate(x):
        return x * jnp.tanh(jnp.linalg.norm(x, axis=-1, keepdims=True))

    X = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    assert gp.lie_derivative_error(gate, W, W, inputs=X).max < 1e-4  # jax in float32
