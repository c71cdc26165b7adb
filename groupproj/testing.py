"""Checks that users run on their own representations and equivariant functions.

Every check returns an immutable report with the largest error found and a
readable ``str``; :func:`assert_equivariant` is the form for test suites.
Group elements are all elements when the group is finite with at most
``n`` elements, and otherwise its generators followed by ``n`` elements drawn
with ``G.sample`` (uniform / Haar). Errors are computed in float64 (complex128)
whatever the precision of the function checked. :func:`equivariance_error` also checks
functions of fields on a grid (images, volumes), where the group moves the points and
mixes the channels.

torch and jax are never imported here: a torch module is recognised by its
class, and its inputs are converted with ``torch.as_tensor`` on demand.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg

from groupproj._display import html_table
from groupproj.errors import (
    DimensionMismatchError,
    GroupMismatchError,
    InvalidTypeError,
    NoLieAlgebraError,
    UnknownNameError,
)
from groupproj.groups.base import Group, GroupElement
from groupproj.reps.base import Representation
from groupproj.reps.grid import GridRep, grid_rep

__all__ = [
    "Check",
    "EquivarianceReport",
    "RepresentationReport",
    "assert_equivariant",
    "check_representation",
    "equivariance_error",
    "is_equivariant",
    "LieDerivativeReport",
    "lie_derivative_error",
]

_LEAST_PRECISE = {"f": np.float32, "c": np.complex64}
"""The least precise dtype of each kind, so that transformed inputs keep the inputs' precision."""


def elements_to_check(G: Group, n: int, seed: int | None = 0) -> tuple[GroupElement, ...]:
    """All of G if it is finite with at most ``n`` elements, else generators and ``n`` samples.

    For a finite group the generators come first, so that every check sees
    them; a finite group is determined by what they do.
    """
    if G.is_finite and G.order <= n:
        return G.elements()
    gens = G.generators if G.is_finite else ()
    return (*gens, *G.sample(n, seed=seed))


def _require_rep(r: Any, label: str) -> Representation:
    if not isinstance(r, Representation):
        raise InvalidTypeError(
            f"{label} must be a groupproj Representation, got {type(r).__name__}; build one "
            "from a group (e.g. gp.dihedral(4).regular()) or with gp.rep_from_generators"
        )
    return r


def _same_group(V: Representation, W: Representation) -> Group:
    if V.group != W.group:
        raise GroupMismatchError(
            f"V is a representation of {V.group.name} but W of {W.group.name}; "
            "equivariance needs one group acting on both"
        )
    return V.group


# --- representations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One property checked on ``cases`` instances.

    ``max_error`` is the largest entrywise error, relative to the size of the
    matrices multiplied (see :func:`check_representation`); ``worst`` names
    the instance where it occurred (``"-"`` when every error is zero).
    """

    name: str
    cases: int
    max_error: float
    tol: float
    worst: str

    @property
    def ok(self) -> bool:
        """Whether the largest error is within the tolerance."""
        return bool(self.max_error <= self.tol)


@dataclass(frozen=True, repr=False)
class RepresentationReport:
    """The outcome of :func:`check_representation`: one :class:`Check` per property."""

    representation: str
    elements: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return all(c.ok for c in self.checks)

    def __getitem__(self, name: str) -> Check:
        for c in self.checks:
            if c.name == name:
                return c
        raise UnknownNameError(f"no check named {name!r}; have {[c.name for c in self.checks]}")

    def _cells(self) -> tuple[list[str], list[list[str]]]:
        header = ["check", "cases", "max error", "tol", "ok", "worst"]
        rows = [
            [
                c.name,
                str(c.cases),
                f"{c.max_error:.2e}",
                f"{c.tol:.0e}",
                "yes" if c.ok else "NO",
                c.worst,
            ]  # fmt: skip
            for c in self.checks
        ]
        return header, rows

    @property
    def _title(self) -> str:
        return f"{self.representation} on {self.elements}: {'OK' if self.ok else 'FAILED'}"

    def __str__(self) -> str:
        width = max(len(c.name) for c in self.checks)
        rows = [f"  {'check':<{width}}  {'cases':>6}  {'max error':>9}  {'tol':>7}  ok   worst"]
        for c in self.checks:
            rows.append(
                f"  {c.name:<{width}}  {c.cases:>6}  {c.max_error:>9.2e}  {c.tol:>7.0e}  "
                f"{'yes' if c.ok else 'NO ':<3}  {c.worst}"
            )
        return "\n".join([self._title, *rows])

    def __repr__(self) -> str:
        return f"<RepresentationReport {self._title}>"

    def _repr_html_(self) -> str:
        return html_table(*self._cells(), title=self._title)


def _worst_check(name: str, errors: list[float], labels: list[str], tol: float) -> Check:
    i = int(np.argmax(errors))
    return Check(name, len(errors), float(errors[i]), tol, labels[i] if errors[i] > 0 else "-")


def check_representation(
    rho: Representation,
    n_samples: int = 64,
    seed: int | None = 0,
    tol: float = 1e-9,
    orthogonal: bool = True,
) -> RepresentationReport:
    """Check the defining properties of a representation numerically.

    On the elements of :func:`elements_to_check` (all of G when ``|G| ≤ n_samples``):

    - identity: rho(e) = I;
    - homomorphism: rho(g h) = rho(g) rho(h), on every pair when all of G is
      used, and otherwise on each element times each generator and on
      ``n_samples`` random pairs;
    - inverse: rho(g⁻¹) rho(g) = I;
    - orthogonality (if ``orthogonal``): rho(g)ᴴ rho(g) = I, which the
      projectors need (non-orthogonal representations have ``orthogonalized()``).

    An error is max|X − Y| divided by max(1, max|A|·max|B|) for the product
    X = A B compared (1 for the identity check). Costs O(k²) (all pairs) or
    O(k·|S|) products of d×d matrices for k elements, and O(k·d²) memory.

    Parameters
    ----------
    rho : Representation
    n_samples : int
        Groups up to this order are checked on every element and pair.
    seed : int or None
        Seed of the sampled elements and pairs.
    tol : float
        Largest relative error accepted.
    orthogonal : bool
        Whether to include the orthogonality (unitarity) check.

    Raises
    ------
    DimensionMismatchError
        If a matrix rho(g) is not ``rho.dim × rho.dim``.

    Examples
    --------
    >>> import groupproj as gp
    >>> report = gp.check_representation(gp.dihedral(4).natural())
    >>> report.ok, [c.name for c in report.checks]
    (True, ['identity', 'homomorphism', 'inverse', 'orthogonality'])
    """
    rho = _require_rep(rho, "rho")
    G, d = rho.group, rho.dim
    elements = elements_to_check(G, n_samples, seed)
    cache: dict[GroupElement, np.ndarray] = {}

    def mat(g: GroupElement) -> np.ndarray:
        if g not in cache:
            m = np.asarray(rho(g))
            if m.shape != (d, d):
                raise DimensionMismatchError(
                    f"{rho.name}({g!r}) has shape {m.shape}, not ({d}, {d}) = (dim, dim)"
                )
            cache[g] = m.astype(np.result_type(m.dtype, np.float64))
        return cache[g]

    def rel(X: np.ndarray, Y: np.ndarray, scale: float) -> float:
        return float(np.abs(X - Y).max(initial=0.0) / max(1.0, scale))

    def size(m: np.ndarray) -> float:
        return float(np.abs(m).max(initial=0.0))

    eye = np.eye(d)
    e = G.identity
    checks = [_worst_check("identity", [rel(mat(e), eye, 1.0)], [repr(e)], tol)]

    everything = G.is_finite and len(elements) == G.order
    if everything:
        pairs = [(g, h) for g in elements for h in elements]
    else:
        rng = np.random.default_rng(seed)
        gens = G.generators if G.is_finite else ()
        pairs = [(g, s) for g in elements for s in gens]
        pairs += list(zip(elements, (elements[i] for i in rng.permutation(len(elements)))))
    errors, labels = [], []
    for g, h in pairs:
        A, B = mat(g), mat(h)
        errors.append(rel(A @ B, mat(g * h), size(A) * size(B)))
        labels.append(f"g={g!r}, h={h!r}")
    checks.append(_worst_check("homomorphism", errors, labels, tol))

    errors = [
        rel(mat(g.inverse()) @ mat(g), eye, size(mat(g.inverse())) * size(mat(g)))
        for g in elements
    ]
    checks.append(_worst_check("inverse", errors, [repr(g) for g in elements], tol))

    if orthogonal:
        errors = [rel(mat(g).conj().T @ mat(g), eye, size(mat(g)) ** 2) for g in elements]
        checks.append(_worst_check("orthogonality", errors, [repr(g) for g in elements], tol))

    described = (
        f"all {len(elements)} elements"
        if everything
        else f"{len(elements)} elements ({n_samples} sampled, seed {seed})"
    )
    return RepresentationReport(
        f"{rho.name} of {G.name} (dim {d})",
        described,
        tuple(checks),
    )


# --- linear maps ---------------------------------------------------------------------------


def is_equivariant(
    A: Any, V: Representation, W: Representation, tol: float = 1e-9, n_samples: int = 64
) -> bool:
    """Whether rho_W(g) A = A rho_V(g) for all g, for a map A of shape ``(W.dim, V.dim)``.

    The g with rho_W(g) A = A rho_V(g) form a subgroup, so for a finite group
    the generators suffice; other groups are checked on ``n_samples`` sampled
    elements. The error max|rho_W(g) A − A rho_V(g)| is compared with
    ``tol · max(1, max|A|)``. Costs O(k·(m²n + mn²)) for k elements.

    Raises
    ------
    DimensionMismatchError
        If A is not of shape ``(W.dim, V.dim)``.
    GroupMismatchError
        If V and W are representations of different groups.

    Examples
    --------
    >>> import numpy as np
    >>> import groupproj as gp
    >>> V = gp.cyclic(5).natural()
    >>> gp.is_equivariant(np.ones((5, 5)), V, V), gp.is_equivariant(np.diag(range(5)), V, V)
    (True, False)
    """
    V, W = _require_rep(V, "V"), _require_rep(W, "W")
    G = _same_group(V, W)
    A = np.asarray(A)
    if A.shape != (W.dim, V.dim):
        raise DimensionMismatchError(
            f"expected a map of shape ({W.dim}, {V.dim}) = (W.dim, V.dim), got {A.shape}"
        )
    A = A.astype(np.result_type(A.dtype, np.float64))
    bound = tol * max(1.0, float(np.abs(A).max(initial=0.0)))
    elements = G.generators if G.is_finite else G.sample(n_samples, seed=0)
    return all(np.abs(W(g) @ A - A @ V(g)).max(initial=0.0) <= bound for g in elements)


# --- functions -----------------------------------------------------------------------------


class _RelativeErrors:
    """What the error reports share: their largest relative error and their short forms."""

    @property
    def max(self) -> float:
        """The largest relative error."""
        return max(self.errors)  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} max {self.max:.2e}, mean {self.mean:.2e}>"  # type: ignore[attr-defined]

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>"


@dataclass(frozen=True, repr=False)
class EquivarianceReport(_RelativeErrors):
    """The outcome of :func:`equivariance_error`.

    Attributes
    ----------
    errors : tuple of float
        For each element g, ‖f(g·X) − g·f(X)‖_F / max(‖f(g·X)‖_F, ‖g·f(X)‖_F)
        over the whole batch X of inputs (0 where both vanish). It lies in
        [0, 2]; for outputs at rounding level (a map that should be zero) it
        measures noise and can be large.
    elements : tuple of GroupElement
        The elements checked, in the order of ``errors``.
    n_inputs : int
        The number of inputs in the batch.
    grid : str
        The grid the inputs are fields on (``"grid8x8"``), or ``""`` for vectors.
    """

    function: str
    errors: tuple[float, ...]
    elements: tuple[GroupElement, ...]
    n_inputs: int
    grid: str = ""

    @property
    def mean(self) -> float:
        """The mean relative error over the elements."""
        return float(np.mean(self.errors))

    @property
    def worst(self) -> GroupElement:
        """The element with the largest error."""
        return self.elements[int(np.argmax(self.errors))]

    def __str__(self) -> str:
        on = f" on a {self.grid} grid" if self.grid else ""
        return (
            f"equivariance of {self.function} on {len(self.elements)} elements × "
            f"{self.n_inputs} inputs{on}: max relative error {self.max:.2e} at {self.worst!r}, "
            f"mean {self.mean:.2e}"
        )


def _is_torch_module(f: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(f, torch.nn.Module)


def _torch_call(f: Callable, X: np.ndarray) -> Any:
    import torch

    kwargs: dict[str, Any] = {}
    if isinstance(f, torch.nn.Module):
        param = next(iter(f.parameters()), None)
        if param is not None:
            kwargs = {"dtype": param.dtype, "device": param.device}
    with torch.no_grad():
        return f(torch.as_tensor(X, **kwargs))


def _evaluate(f: Callable, X: np.ndarray) -> np.ndarray:
    """f(X) as a float64 (complex128) numpy array, converting X for torch where needed."""
    if _is_torch_module(f):
        Y = _torch_call(f, X)
    else:
        try:
            Y = f(X)
        except Exception as numpy_error:
            try:
                Y = _torch_call(f, X)
            except Exception:
                raise numpy_error from None
    if hasattr(Y, "detach"):
        Y = Y.detach().cpu().numpy()
    Y = np.asarray(Y)
    return Y.astype(np.result_type(Y.dtype, np.float64))


def _function_name(f: Any) -> str:
    return getattr(f, "__qualname__", None) or type(f).__name__


def _act(R: np.ndarray, X: np.ndarray) -> np.ndarray:
    """R applied to each input, computed in float64 and returned in the inputs' precision."""
    RX = X.astype(np.result_type(X.dtype, np.float64)) @ R.T
    return RX.astype(np.result_type(X.dtype, _LEAST_PRECISE[RX.dtype.kind]))


@dataclass(frozen=True)
class _Space:
    """Where inputs or outputs live: vectors of ``rep``, or fields of ``rep`` over ``grid``.

    A field f of shape (C, k, …, k) transforms by (g·f)(y) = ρ(g) f(M(g)⁻¹ y): its
    points move by the grid's permutation, its channels mix by ρ(g).
    """

    rep: Representation
    grid: GridRep | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        """The trailing shape of one input: (dim,) or (dim, k, …, k)."""
        if self.grid is None:
            return (self.rep.dim,)
        return (self.rep.dim,) + (self.grid.size,) * self.grid.ndim

    def pattern(self, name: str) -> str:
        """The trailing shape in words, for messages: ``"V.dim"`` or ``"V.dim, k, k"``."""
        return name if self.grid is None else ", ".join([name] + ["k"] * self.grid.ndim)

    def act(self, g: GroupElement, X: np.ndarray) -> np.ndarray:
        """g acting on each input of X, in X's precision (see :func:`_act`)."""
        if self.grid is None:
            return _act(self.rep(g), X)
        d = self.grid.ndim
        flat = X.reshape(X.shape[:-d] + (-1,))
        moved = np.empty_like(flat)
        moved[..., self.grid._perm(g.key)] = flat  # ρ_grid(g) e_x = e_{M(g) x}
        mixed = np.swapaxes(_act(self.rep(g), np.swapaxes(moved, -1, -2)), -1, -2)
        return mixed.reshape(X.shape)


def _grid_of(G: Group, grid: Any) -> GridRep | None:
    """The grid representation that ``grid=`` names: a GridRep of G, or the side k."""
    if grid is None:
        return None
    if isinstance(grid, GridRep):
        if grid.group != G:
            raise GroupMismatchError(
                f"the grid is moved by {grid.group.name}, but V and W are representations of "
                f"{G.name}; build it with gp.grid_rep({G.name}, k)"
            )
        return grid
    if isinstance(grid, (int, np.integer)) and not isinstance(grid, bool):
        return grid_rep(G, int(grid))
    raise InvalidTypeError(
        f"grid must be the side k of the inputs' grid (an int) or a gp.grid_rep, got "
        f"{type(grid).__name__}"
    )


def _inputs(space: _Space, inputs: Any, n_inputs: int, seed: int | None) -> np.ndarray:
    """The given batch of shape ``(..., *space.shape)``, or ``n_inputs`` standard normal ones."""
    shape = space.shape
    if inputs is None:
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((n_inputs, *shape))
        if not space.rep.is_real:
            X = X + 1j * rng.standard_normal((n_inputs, *shape))
        return X
    X = np.asarray(inputs)
    if X.ndim < len(shape) or X.shape[X.ndim - len(shape) :] != shape:
        dims = ", ".join(map(str, shape))
        raise DimensionMismatchError(
            f"inputs must have shape (..., {dims}) = (..., {space.pattern('V.dim')}), got "
            f"{X.shape}"
        )
    return X


def _output_space(W: Representation, grid: GridRep | None, batch: tuple, Y: np.ndarray) -> _Space:
    """Where f's outputs Y live: W-vectors, or W-fields over a grid of Y's own side."""
    if Y.shape == batch + (W.dim,):
        return _Space(W)
    if grid is not None:
        side = Y.shape[len(batch) + 1 :]
        if Y.shape[: len(batch) + 1] == batch + (W.dim,) and len(side) == grid.ndim:
            if len(set(side)) == 1:
                same = side[0] == grid.size
                return _Space(W, grid if same else GridRep(grid.group, side[0], grid.action))
    expected = f"{batch + (W.dim,)} = (..., W.dim)"
    if grid is not None:
        expected += f" or {batch} + (W.dim, k', …, k') with {grid.ndim} equal spatial axes"
    raise DimensionMismatchError(f"f mapped inputs to shape {Y.shape}; expected {expected}")


def _output(f: Callable, X: np.ndarray, batch: tuple, space: _Space) -> np.ndarray:
    """f(X) in float64, checked to have shape ``batch + space.shape``."""
    Y = _evaluate(f, X)
    expected = batch + space.shape
    if Y.shape != expected:
        raise DimensionMismatchError(
            f"f mapped inputs of shape {X.shape} to {Y.shape}; expected "
            f"{expected} = (..., {space.pattern('W.dim')})"
        )
    return Y


def equivariance_error(
    f: Callable,
    V: Representation,
    W: Representation,
    elements: Iterable[Any] | None = None,
    inputs: Any = None,
    n_inputs: int = 8,
    seed: int | None = 0,
    n_elements: int = 64,
    grid: int | GridRep | None = None,
) -> EquivarianceReport:
    """How far a function f: V → W is from equivariant, f(g·x) = g·f(x).

    On vectors, g·x = rho_V(g) x. With ``grid``, the inputs are fields on a k × … × k
    grid, images (N, C, H, W) or volumes (N, C, D, H, W) with C = V.dim, and g moves the
    points and mixes the channels (:mod:`groupproj.reps.grid`, the convention of
    :func:`groupproj.kernel_projector`):

        (g·x)(y) = rho_V(g) x(M(g)⁻¹ y).

    The outputs are fields of W on a grid of their own side k' (a convolution without
    padding shrinks it), on which g acts the same way, or W-vectors (after global pooling:
    then only rho_W(g) acts). So a conv net is checked in one call,
    ``gp.equivariance_error(net, rep_in, rep_out, grid=H)``.

    Parameters
    ----------
    f : callable
        Maps arrays of shape ``(..., V.dim)`` to ``(..., W.dim)`` or, with ``grid``,
        ``(..., V.dim, k, …, k)`` to ``(..., W.dim, k', …, k')`` or ``(..., W.dim)``: a
        numpy function, a torch module or function, or a JAX function. It is called
        on numpy arrays first; a torch module, or a function that raises on
        numpy input, is called on ``torch.as_tensor`` of them (in the
        module's dtype and device).
    V, W : Representation
        Representations of one group: of the vectors, or of the channels of the fields.
    elements : iterable, optional
        Elements of ``V.group`` (or data it understands); by default those of
        :func:`elements_to_check` with ``n_elements``.
    inputs : array_like, optional
        A batch of shape ``(..., V.dim)``, or ``(..., V.dim, k, …, k)`` with ``grid``; by
        default ``n_inputs`` standard normal ones (complex if V is). Its precision is kept
        for the transformed inputs.
    n_inputs, seed, n_elements : int
        Size of the default batch, seed of the inputs and sampled elements,
        groups up to this order are checked on every element.
    grid : int or GridRep, optional
        The inputs' grid: its side k (with the group's geometric action,
        :func:`groupproj.grid_rep`), or a grid representation (for another action, or a
        1-dimensional grid). ``None``: the inputs are vectors.

    Returns
    -------
    EquivarianceReport
        Relative errors per element, with ``.max``, ``.mean`` and ``.worst``.

    Costs one call of f on the batch per element plus one, and
    O(k·N·(m² + n²)) for the group actions on N inputs (times the number of grid points
    for fields, plus a gather of each field).

    Raises
    ------
    GroupMismatchError
        If an element is not in ``V.group``, or V, W and the grid are on different groups.
    DimensionMismatchError
        If the inputs do not end in V.dim (and the grid), or f's outputs do not end in
        W.dim (and a grid of the same dimension).
    InvalidTypeError
        If ``grid`` is neither an int nor a grid representation.

    Examples
    --------
    >>> import numpy as np
    >>> import groupproj as gp
    >>> V = gp.symmetric(4).natural()
    >>> report = gp.equivariance_error(lambda x: x - x.mean(-1, keepdims=True), V, V)
    >>> report.max < 1e-15, len(report.elements)
    (True, 24)
    >>> gp.equivariance_error(lambda x: np.cumsum(x, -1), V, V).max > 0.1
    True

    Images of D4-regular fields: a pointwise function commutes with the action, a shift
    along one axis does not, and the mean over the image is invariant:

    >>> D4 = gp.dihedral(4)
    >>> R = D4.regular()
    >>> gp.equivariance_error(np.tanh, R, R, grid=6).max
    0.0
    >>> gp.equivariance_error(lambda x: np.roll(x, 1, axis=-1), R, R, grid=6).max > 0.1
    True
    >>> gp.equivariance_error(lambda x: x.mean((-2, -1)), R, R, grid=6).max < 1e-15
    True
    """
    V, W = _require_rep(V, "V"), _require_rep(W, "W")
    G = _same_group(V, W)
    field = _grid_of(G, grid)
    if elements is None:
        elements = elements_to_check(G, n_elements, seed)
    else:
        elements = tuple(G.element(g) for g in elements)
        if not elements:
            raise GroupMismatchError("no group elements were given to check equivariance on")
    space = _Space(V, field)
    X = _inputs(space, inputs, n_inputs, seed)
    batch = X.shape[: X.ndim - len(space.shape)]
    FX = _evaluate(f, X)
    out = _output_space(W, field, batch, FX)
    errors = []
    for g in elements:
        a, b = _output(f, space.act(g, X), batch, out), out.act(g, FX)
        scale = max(np.linalg.norm(a), np.linalg.norm(b))
        errors.append(float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0)
    return EquivarianceReport(
        _function_name(f),
        tuple(errors),
        tuple(elements),
        int(np.prod(batch)),
        "" if field is None else field.name,
    )


def assert_equivariant(
    f: Callable, V: Representation, W: Representation, tol: float = 1e-5, **kwargs: Any
) -> EquivarianceReport:
    """Assert that ``equivariance_error(f, V, W, **kwargs).max <= tol``.

    The default tolerance suits float32 functions; pass a smaller one for
    float64. ``grid=`` checks fields on a grid (see :func:`equivariance_error`). Returns
    the report; raises ``AssertionError`` showing it.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> V = gp.cyclic(6).regular()
    >>> _ = gp.assert_equivariant(lambda x: x + x.sum(-1, keepdims=True), V, V)
    >>> C4 = gp.cyclic(4)
    >>> _ = gp.assert_equivariant(lambda x: x + np.rot90(x, 2, (-2, -1)), C4.trivial(),
    ...                           C4.trivial(), grid=5)
    """
    report = equivariance_error(f, V, W, **kwargs)
    if not report.max <= tol:
        raise AssertionError(f"{report} exceeds tol = {tol:.1e}")
    return report


# --- Lie derivatives -------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class LieDerivativeReport(_RelativeErrors):
    """The outcome of :func:`lie_derivative_error`.

    Attributes
    ----------
    errors : tuple of float
        For each generator X_i of the Lie algebra, ‖L_i‖_F / max(‖J_f X_V x‖_F, ‖X_W f(x)‖_F,
        ‖f(x)‖_F) over the whole batch, with the Lie derivative
        L_i = J_f(x) X_V x − X_W f(x) (0 where all three vanish).
    step : float or None
        The flow time h of the central differences; ``None`` for a matrix (exact).
    n_inputs : int
        The number of inputs in the batch.
    """

    function: str
    errors: tuple[float, ...]
    step: float | None
    n_inputs: int

    @property
    def mean(self) -> float:
        """The mean relative error over the generators."""
        return float(np.mean(self.errors))

    @property
    def worst(self) -> int:
        """The index of the generator with the largest error."""
        return int(np.argmax(self.errors))

    def __str__(self) -> str:
        how = "exact" if self.step is None else f"central differences, h = {self.step:.1e}"
        return (
            f"Lie derivative of {self.function} along {len(self.errors)} generators × "
            f"{self.n_inputs} inputs ({how}): max relative error {self.max:.2e} at generator "
            f"{self.worst}, mean {self.mean:.2e}"
        )


def lie_derivative_error(
    f: Any,
    V: Representation,
    W: Representation,
    inputs: Any = None,
    n_inputs: int = 8,
    seed: int | None = 0,
    step: float | None = None,
) -> LieDerivativeReport:
    """How far f: V → W is from equivariant under the identity component of a Lie group.

    f is equivariant under the connected group exactly when its Lie derivative
    along every generator X_i (``V.lie_algebra()``, ``W.lie_algebra()``) vanishes:

        L_i f(x) = d/dt f(exp(t X_V) x)|_{t=0} − X_W f(x) = J_f(x) X_V x − X_W f(x) = 0.

    The derivative is the central difference (f(e^{hX_V} x) − f(e^{−hX_V} x)) / 2h along
    the flow, whose points ρ_V(exp(±h ξ_i)) x are transformed inputs like those of
    :func:`equivariance_error`; its error is O(h²) + O(ε/h) for inputs of precision ε,
    so h = ε^{1/3} by default (6e-6 in float64, 5e-3 in float32). For a matrix A
    (f(x) = A x) the derivative A X_V x is exact. Components of a disconnected group
    (reflections of O(2), O(3)) are not seen; check them with :func:`equivariance_error`.

    Parameters
    ----------
    f : callable or array_like
        Maps arrays of shape ``(..., V.dim)`` to ``(..., W.dim)``, called as in
        :func:`equivariance_error` (numpy, torch, JAX); or a matrix of shape
        ``(W.dim, V.dim)``.
    V, W : Representation
        Representations of one group with a Lie algebra (SO(2), SO(3), SU(2), ...).
    inputs : array_like, optional
        A batch of shape ``(..., V.dim)``; by default ``n_inputs`` standard normal
        vectors (complex if V is). Its precision is kept for the points of the flow.
    n_inputs, seed : int
        Size and seed of the default batch.
    step : float, optional
        The flow time h; by default the cube root of the machine epsilon of the inputs'
        precision (float64 for integer inputs). Unused for a matrix.

    Returns
    -------
    LieDerivativeReport
        Relative errors per generator, with ``.max``, ``.mean`` and ``.worst``.

    Costs 2 calls of f on the batch per generator plus one, the exponentials of
    the generators (O(k·m³)) and O(k·N·(m² + n²)) for N inputs; a matrix costs
    O(k·N·mn) instead of the calls.

    Raises
    ------
    NoLieAlgebraError
        If the group is finite (its Lie algebra is zero). Where the Lie algebra of V or W
        is not known, the error of ``V.lie_algebra()`` propagates.
    GroupMismatchError
        If V and W are representations of different groups.
    DimensionMismatchError
        If the inputs do not end in V.dim, f's outputs do not end in W.dim, or the
        matrix is not ``(W.dim, V.dim)``.

    Examples
    --------
    >>> import numpy as np
    >>> import groupproj as gp
    >>> V = gp.SO3().natural()
    >>> def gated(x):
    ...     return x * np.tanh(np.linalg.norm(x, axis=-1, keepdims=True))
    >>> gp.lie_derivative_error(gated, V, V).max < 1e-8
    True
    >>> gp.lie_derivative_error(np.diag([1.0, 2.0, 3.0]), V, V).max > 0.1
    True
    """
    V, W = _require_rep(V, "V"), _require_rep(W, "W")
    G = _same_group(V, W)
    if G.is_finite:
        raise NoLieAlgebraError(
            f"{G.name} is finite, so its Lie algebra is zero and every map has a zero Lie "
            "derivative; use equivariance_error on its elements instead"
        )
    XV, XW = V.lie_algebra(), W.lie_algebra()
    space, out = _Space(V), _Space(W)
    X = _inputs(space, inputs, n_inputs, seed)
    batch = X.shape[:-1]
    linear = not callable(f)
    if linear:
        A = np.asarray(f)
        if A.shape != (W.dim, V.dim):
            raise DimensionMismatchError(
                f"expected a map of shape ({W.dim}, {V.dim}) = (W.dim, V.dim), got {A.shape}"
            )
        A = A.astype(np.result_type(A.dtype, np.float64))
        X = X.astype(np.result_type(X.dtype, np.float64))
        FX, h = X @ A.T, None
    else:
        FX = _output(f, X, batch, out)
        eps = np.finfo(np.result_type(X.dtype, np.float32)).eps
        h = float(eps ** (1 / 3)) if step is None else float(step)
    errors = []
    for xv, xw in zip(XV, XW):
        if linear:
            a = X @ (A @ xv).T
        else:
            a = (
                _output(f, _act(scipy.linalg.expm(h * xv), X), batch, out)
                - _output(f, _act(scipy.linalg.expm(-h * xv), X), batch, out)
            ) / (2 * h)
        b = FX @ xw.T
        scale = max(np.linalg.norm(a), np.linalg.norm(b), np.linalg.norm(FX))
        errors.append(float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0)
    name = f"a {W.dim}×{V.dim} matrix" if linear else _function_name(f)
    return LieDerivativeReport(name, tuple(errors), h, int(np.prod(X.shape[:-1])))
