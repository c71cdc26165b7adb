"""The executor: plans applied to arrays, and the fused projection over many layers.

For an orthogonal projector P and a map T, with R = ‖T − P(T)‖² and Q = ‖P(T)‖²
(so R + Q = ‖T‖²), the squared penalty λ_⊥ R + λ_G Q has the gradient

    2λ_⊥ (T − P(T)) + 2λ_G P(T).

One pass per layer forms D = T − P(T) and the coefficients c of P(T) in the plan's
orthonormal basis of the range; R = ‖D‖² is summed from D itself (never as ‖T‖² − Q, which
loses every digit when T is nearly equivariant) and Q = ‖c‖². The backward pass scales D in
place into the gradient (adding 2λ_G T when λ_G ≠ 0), so a step holds one weight-sized
buffer per layer beyond the weights. One custom derivative (a ``torch.autograd.Function``,
a ``jax.custom_vjp``) covers all the layers of a :class:`FusedProjection`: one node of the
autograd graph, whatever the number of layers. Small layers that share a plan (biases,
repeated layers) are joined and run as one batch. :mod:`groupproj.penalties.plans` lists the
plans and their costs.

Array layout: the trailing axes of T hold one map in row-major order, e.g. a matrix of
shape ``(m, n)``, a convolution weight ``(C_out, C_in, k, k)`` for
``P.shape == (C_out, C_in·k²)`` (see :mod:`groupproj.equivariant.kernels`), or a bias of
shape ``(m,)`` for a projector from the trivial representation (``P.shape == (m, 1)``, see
:func:`groupproj.bias_projector`). The fewest trailing axes whose sizes multiply to m·n
are the map; the axes before them are a batch.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np

from groupproj.errors import DimensionMismatchError
from groupproj.penalties.namespaces import namespace
from groupproj.penalties.plans import (
    BasisPlan,
    OrbitPlan,
    PermutedPlan,
    Plan,
    SpectralPlan,
    TiledPlan,
    compile_plan,
)

__all__ = ["Engine", "FusedProjection", "PerProjector", "cached_plan", "map_axes"]


class PerProjector:
    """Values kept for each projector object as long as it lives, keyed by identity (a
    projector need not be hashable, and equal projectors may well hold different plans)."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[weakref.ref, dict]] = {}

    def __call__(self, P: Any) -> dict | None:
        """The dict kept for P (made empty the first time), or None if P cannot be weakly
        referenced (nothing is kept then)."""
        item = self._items.get(id(P))
        if item is not None and item[0]() is P:
            return item[1]
        try:
            ref = weakref.ref(P, functools.partial(self._items.pop, id(P)))
        except TypeError:
            return None
        self._items[id(P)] = (ref, {})
        return self._items[id(P)][1]

    def __contains__(self, P: Any) -> bool:
        item = self._items.get(id(P))
        return item is not None and item[0]() is P

    def __len__(self) -> int:
        return len(self._items)


_PLANS = PerProjector()


def cached_plan(P: Any, form: str) -> Plan:
    """:func:`~groupproj.penalties.plans.compile_plan`, kept as long as P lives (plans hold
    numpy arrays only, never a framework's or a device's)."""
    plans = _PLANS(P)
    if plans is None:
        return compile_plan(P, form)
    if form not in plans:
        plans[form] = compile_plan(P, form)
    return plans[form]


def map_axes(shape: tuple[int, ...], size: int) -> int:
    """The first axis of the map: the fewest trailing axes whose sizes multiply to ``size``."""
    for k in range(len(shape) + 1):
        if int(np.prod(shape[k:], dtype=np.int64)) == size:
            return k
    raise DimensionMismatchError(
        f"an array of shape {shape} does not end in a map with {size} entries; its trailing "
        "axes must hold one map in row-major order (m, n), e.g. (C_out, C_in, k, k)"
    )


# --- one kernel per plan type: the plan's constants in one framework, device and dtype ----


class _OrbitKernel:
    """Orbit sums by one segment sum per row block (no buffer of T's size), means back by
    one gather."""

    def __init__(self, plan: OrbitPlan, ops: Any, like: Any):
        self.ops, self.plan = ops, plan
        self.slot = ops.index(plan.slot, like)
        self.segments = ops.segments(plan.slot, len(plan.sizes), like)
        self.inverse_sizes = ops.constant(1.0 / plan.sizes, like)
        self.root_sizes = ops.constant(np.sqrt(plan.sizes), like)

    def _means(self, x: Any) -> tuple[Any, Any]:
        blocks = x.reshape(len(x) * self.plan.copies, -1)
        return blocks, self.segments.sum(blocks, axis=1) * self.inverse_sizes

    def project(self, x: Any) -> Any:
        _, means = self._means(x)
        return self.ops.take(means, self.slot, 1).reshape(x.shape)

    def residual(self, x: Any, need_part: bool, owned: bool) -> tuple[Any, Any]:
        blocks, means = self._means(x)
        D = self.ops.subtract(blocks, self.ops.take(means, self.slot, 1)).reshape(x.shape)
        if not need_part:
            return D, None
        return D, self.ops.row_sum_squares((means * self.root_sizes).reshape(len(x), -1))


class _TileKernel:
    """What the permuted and tiled kernels share: the (B, c_W, s_W, c_V, s_V) view."""

    def _view(self, x: Any) -> Any:
        t = self.plan.tiles
        return x.reshape(len(x), t.copies_W, t.rows, t.copies_V, t.cols)

    def _per_map(self, c: Any) -> Any:
        """Σ|c|² per map of coefficients (count, B, c_W, c_V)."""
        return self.ops.row_sum_squares(c.swapaxes(0, 1).reshape(c.shape[1], -1))


class _PermutedKernel(_TileKernel):
    """Coefficients by one gather of the support and one segment sum; P(T) by one scatter."""

    def __init__(self, plan: PermutedPlan, ops: Any, like: Any):
        self.ops, self.plan = ops, plan
        self.rows, self.cols = ops.index(plan.rows, like), ops.index(plan.cols, like)
        self.weights = ops.constant(plan.weights, like)[:, None, None, None]
        self.singletons = plan.count == len(plan.segments)  # a segment per position
        if not self.singletons:
            self.segments = ops.segments(plan.segments, plan.count, like)
            self.segment_of = ops.index(plan.segments, like)

    def _coefficients(self, x5: Any) -> Any:
        weighted = self.ops.at_positions(x5, self.rows, self.cols) * self.weights
        return weighted if self.singletons else self.segments.sum(weighted, axis=0)

    def _values(self, c: Any) -> Any:
        """The entries of P(T) on the support, (n_pos, B, c_W, c_V)."""
        return (c if self.singletons else self.ops.take(c, self.segment_of, 0)) * self.weights

    def project(self, x: Any) -> Any:
        x5 = self._view(x)
        values = self._values(self._coefficients(x5))
        out = self.ops.add_at_positions(self.ops.zeros(x5.shape, x), self.rows, self.cols, values)
        return out.reshape(x.shape)

    def residual(self, x: Any, need_part: bool, owned: bool) -> tuple[Any, Any]:
        c = self._coefficients(self._view(x))
        D = self._view(x if owned else self.ops.copy(x))
        D = self.ops.add_at_positions(D, self.rows, self.cols, -self._values(c))
        return D.reshape(x.shape), (self._per_map(c) if need_part else None)


class _TiledKernel(_TileKernel):
    """Each window of each tile a strided view, projected by two contractions."""

    def __init__(self, plan: TiledPlan, ops: Any, like: Any):
        self.ops, self.plan = ops, plan
        self.windows = []
        for w in plan.windows:
            _, dW, dV = w.basis.shape
            key = (slice(None), slice(None), slice(w.row, w.row + dW), slice(None))
            self.windows.append((key + (slice(w.col, w.col + dV),), ops.constant(w.basis, like)))

    def _parts(self, x5: Any) -> list[tuple[Any, Any, Any]]:
        """(key, coefficients, P(T) on the window) for each window."""
        out = []
        for key, E in self.windows:
            c = self.ops.einsum("bikjl,ekl->ebij", x5[key], E)
            out.append((key, c, self.ops.einsum("ebij,ekl->bikjl", c, E)))
        return out

    def project(self, x: Any) -> Any:
        x5 = self._view(x)
        out = self.ops.zeros(x5.shape, x)
        for key, _, part in self._parts(x5):
            out = self.ops.add_to_window(out, key, part)
        return out.reshape(x.shape)

    def residual(self, x: Any, need_part: bool, owned: bool) -> tuple[Any, Any]:
        x5 = self._view(x)
        D, Q = self._view(x if owned else self.ops.copy(x)), None
        for key, c, part in self._parts(x5):
            D = self.ops.add_to_window(D, key, -part)
            if need_part:
                Q = self._per_map(c) if Q is None else Q + self._per_map(c)
        return D.reshape(x.shape), Q


class _SpectralKernel:
    """Q_Wᴴ T Q_V per block, Schur's projection of its sub-blocks, and back."""

    def __init__(self, plan: SpectralPlan, ops: Any, like: Any):
        self.ops, self.plan = ops, plan
        self.complex = plan.is_complex
        like = ops.to_complex(like) if self.complex and not ops.is_complex(like) else like
        self.blocks = []
        for b in plan.blocks:
            arrays = (b.Q_W, b.Q_V, b.basis, b.Q_W.conj().T, b.Q_V.conj().T, b.basis.conj())
            self.blocks.append((b, *(ops.constant(a, like) for a in arrays)))

    def _promote(self, x: Any) -> Any:
        m, n = self.plan.shape
        x = x.reshape(len(x), m, n)
        return self.ops.to_complex(x) if self.complex and not self.ops.is_complex(x) else x

    def _project(self, x3: Any) -> tuple[Any, Any]:
        out, Q = 0, 0
        for b, QW, QV, E, QWh, QVh, Ec in self.blocks:
            e, dW, dV = b.basis.shape
            sub = (QWh @ x3 @ QV).reshape(len(x3), b.copies_W, dW, b.copies_V, dV)
            c = self.ops.einsum("bikjl,ekl->bije", sub, Ec)
            part = self.ops.einsum("bije,ekl->bikjl", c, E).reshape(len(x3), b.copies_W * dW, -1)
            out = out + QW @ part @ QVh
            Q = Q + self.ops.row_sum_squares(c.reshape(len(x3), -1))
        return out, Q

    def project(self, x: Any) -> Any:
        x3 = self._promote(x)
        return self._project(x3)[0].reshape(len(x), -1)

    def residual(self, x: Any, need_part: bool, owned: bool) -> tuple[Any, Any]:
        x3 = self._promote(x)
        PT, Q = self._project(x3)
        return self.ops.subtract(x3, PT).reshape(len(x), -1), Q


class _BasisKernel:
    """Coefficients ⟨B_k, T⟩ by one product with the dense basis, P(T) by another."""

    def __init__(self, plan: BasisPlan, ops: Any, like: Any):
        self.ops = ops
        self.complex = plan.basis.dtype.kind == "c"
        like = ops.to_complex(like) if self.complex and not ops.is_complex(like) else like
        self.B = ops.constant(plan.basis, like)
        self.Bc = ops.constant(plan.basis.conj(), like) if self.complex else self.B

    def _coefficients(self, x: Any) -> tuple[Any, Any]:
        if self.complex and not self.ops.is_complex(x):
            x = self.ops.to_complex(x)
        return x, self.ops.einsum("bx,kx->bk", x, self.Bc)

    def project(self, x: Any) -> Any:
        _, c = self._coefficients(x)
        return self.ops.einsum("bk,kx->bx", c, self.B)

    def residual(self, x: Any, need_part: bool, owned: bool) -> tuple[Any, Any]:
        x, c = self._coefficients(x)
        PT = self.ops.einsum("bk,kx->bx", c, self.B)
        return self.ops.subtract(x, PT), self.ops.row_sum_squares(c)


_KERNELS = {
    OrbitPlan: _OrbitKernel,
    PermutedPlan: _PermutedKernel,
    TiledPlan: _TiledKernel,
    SpectralPlan: _SpectralKernel,
    BasisPlan: _BasisKernel,
}


SMALL = 2**16
"""Arrays of at most this many entries that share a plan, a dtype and a device are
concatenated and run as one batch (fewer, larger operations: biases, repeated small layers)."""


class Engine:
    """Plans of some layers and their constants per (framework, device, dtype).

    Arrays come as (B, m·n) per layer, any B. Constants are made at the first call with
    an array of a given framework, device and dtype, once per distinct plan, and kept on
    the engine, so they live as long as its owner (a :class:`FusedProjection`, a
    ``ProjectionPenalty``).
    """

    def __init__(self, plans: Sequence[Plan]):
        self.plans = tuple(plans)
        first: dict[int, int] = {}
        self._distinct = [first.setdefault(id(plan), i) for i, plan in enumerate(self.plans)]
        self._kernels: dict[tuple, Any] = {}

    def _kernel(self, i: int, ops: Any, like: Any) -> Any:
        key = (self._distinct[i], ops.key(like))
        kernel = self._kernels.get(key)
        if kernel is None:
            plan = self.plans[i]
            kernel = self._kernels[key] = _KERNELS[type(plan)](plan, ops, like)
        return kernel

    def _batches(self, ops: Any, xs: Sequence[Any]) -> list[list[int]]:
        """The layers in runs: each small layer with the others of its plan and dtype."""
        runs: list[list[int]] = []
        small: dict[tuple, list[int]] = {}
        for i, x in enumerate(xs):
            if x.shape[0] * x.shape[1] > SMALL:
                runs.append([i])
            elif (key := (self._distinct[i], ops.key(x))) in small:
                small[key].append(i)
            else:
                runs.append(small.setdefault(key, [i]))
        return runs

    def _runs(self, ops: Any, xs: Sequence[Any], apply: Any) -> list[tuple]:
        """[(layers, batch sizes, apply(kernel, x, owned))] over the runs of ``xs``; a run of
        several layers is joined into one buffer of the engine's own (``owned``), which
        ``apply`` may write over."""
        out = []
        for layers in self._batches(ops, xs):
            kernel = self._kernel(layers[0], ops, xs[layers[0]])
            if len(layers) == 1:
                result = apply(kernel, xs[layers[0]], False)
            else:
                result = apply(kernel, ops.concatenate([xs[i] for i in layers], 0), True)
            out.append((layers, [xs[i].shape[0] for i in layers], result))
        return out

    def _residual_runs(self, ops: Any, xs: Sequence[Any], need_part: bool) -> list[tuple]:
        """[(layers, batch sizes, (D = x − Px, ‖Px‖² per map or None))] over the runs."""

        def residual(kernel: Any, x: Any, owned: bool) -> tuple[Any, Any]:
            return kernel.residual(x, need_part, owned)

        return self._runs(ops, xs, residual)

    def project(self, ops: Any, xs: Sequence[Any]) -> list[Any]:
        """[P_i(x_i)], differentiable: P is self-adjoint, so its derivative is P again."""
        real = [not ops.is_complex(x) for x in xs]

        def project(kernel: Any, x: Any, owned: bool) -> Any:
            return kernel.project(x)

        def apply(arrays: Sequence[Any]) -> list[Any]:
            out: list[Any] = [None] * len(arrays)
            for layers, sizes, result in self._runs(ops, arrays, project):
                for i, part in zip(layers, ops.split(result, sizes)):
                    out[i] = part
            return out

        def adjoint(grads: Sequence[Any]) -> list[Any]:
            out = apply(grads)
            return [g.real if r and ops.is_complex(g) else g for g, r in zip(out, real)]

        return ops.self_adjoint(apply, adjoint, tuple(xs))

    @staticmethod
    def _gradients(ops, xs, runs, a, b, wanted, in_place) -> list:
        """a D + b x for each layer, written over D, with the scales (a, b) of each run (per
        map (ΣB,) or one ()); b None for 0. The gradient 2gR (x − Px) + 2gQ Px has
        a = 2(gR − gQ) and b = 2gQ."""
        out: list[Any] = [None] * len(xs)
        for (layers, sizes, (D, _)), a_run, b_run in zip(runs, a, b):
            if not any(wanted[i] for i in layers):
                continue
            grads = ops.split(ops.scale_rows(D, a_run, in_place), sizes)
            if b_run is not None:
                scales = ops.split(b_run, sizes) if b_run.ndim else [b_run] * len(layers)
                grads = [
                    ops.add_scaled_rows(g, xs[i], b_i) for g, i, b_i in zip(grads, layers, scales)
                ]
            for i, g in zip(layers, grads):
                if wanted[i]:
                    out[i] = g.real if ops.is_complex(g) and not ops.is_complex(xs[i]) else g
        return out

    def norms(self, ops: Any, xs: Sequence[Any], need_part: bool) -> tuple[list, list]:
        """([‖x_i − P_i(x_i)‖² per map], [‖P_i(x_i)‖² per map]), with their gradient.

        ``need_part=False`` promises that the second list gets no gradient (λ_G = 0); it is
        computed all the same.
        """
        n = len(xs)

        def forward(arrays: Sequence[Any]) -> tuple[tuple, list]:
            runs = self._residual_runs(ops, arrays, True)
            residuals, parts = [None] * n, [None] * n
            for layers, sizes, (D, Q) in runs:
                pieces = zip(layers, ops.split(ops.row_sum_squares(D), sizes), ops.split(Q, sizes))
                for i, R_i, Q_i in pieces:
                    residuals[i], parts[i] = R_i, Q_i
            return (*residuals, *parts), runs

        def backward(arrays, runs, grads, wanted, in_place) -> list:
            a, b = [], []
            for layers, _, _ in runs:
                gR, gQ = (_joined(ops, [grads[k + i] for i in layers]) for k in (0, n))
                a.append(2 * (gR - gQ) if need_part else 2 * gR)
                b.append(2 * gQ if need_part else None)
            return self._gradients(ops, arrays, runs, a, b, wanted, in_place)

        out = ops.with_gradient(forward, backward, tuple(xs))
        return list(out[:n]), list(out[n:])

    def total(self, ops: Any, xs: Sequence[Any], lambda_G: float, lambda_perp: float) -> Any:
        """Σ_i Σ_maps λ_⊥‖x_i − P_i(x_i)‖² + λ_G‖P_i(x_i)‖², one scalar with its gradient."""

        def forward(arrays: Sequence[Any]) -> tuple[tuple, list]:
            runs = self._residual_runs(ops, arrays, bool(lambda_G))
            total = sum(ops.sum_squares(D) for _, _, (D, _) in runs) * lambda_perp
            if lambda_G:
                total = total + sum(Q.sum() for _, _, (_, Q) in runs) * lambda_G
            return (total,), runs

        def backward(arrays, runs, grads, wanted, in_place) -> list:
            (g,) = grads
            a = [2 * (lambda_perp - lambda_G) * g] * len(runs)
            b = [2 * lambda_G * g if lambda_G else None] * len(runs)
            return self._gradients(ops, arrays, runs, a, b, wanted, in_place)

        return ops.with_gradient(forward, backward, tuple(xs))[0]


def _joined(ops: Any, parts: Sequence[Any]) -> Any:
    return parts[0] if len(parts) == 1 else ops.concatenate(parts, 0)


class FusedProjection:
    """P_1, …, P_L applied to L arrays at once, in the arrays' framework.

    Each layer's projector is compiled once into a plan (see
    :mod:`groupproj.penalties.plans`); index data and constants are made once per
    (framework, device, dtype) and kept on this object. :meth:`penalty` is one node of the
    autograd graph for all layers: one read of the weights forward and one write of each
    gradient backward, plus the plan's gathers.

    Parameters
    ----------
    projectors : sequence of Projector
    shapes : sequence of tuple of int
        The shape of each array (trailing axes: one map, row-major; leading axes: a batch,
        see :mod:`groupproj.penalties.engine`).
    form : str
        One of :data:`~groupproj.penalties.plans.FORMS` for every layer; ``"auto"`` takes the
        fastest form each projector's structure allows.

    Memory: the plans' index data (O(mn / copies) integers per layer, see the plans) and,
    per device, their constants. Time: O(total entries) for orbit, permuted and tiled plans.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> C4 = gp.cyclic(4)
    >>> P = gp.projector(C4.regular(), C4.regular())
    >>> F = gp.FusedProjection([P, P], [(4, 4), (3, 4, 4)])
    >>> rng = np.random.default_rng(0)
    >>> Ts = [rng.standard_normal((4, 4)), rng.standard_normal((3, 4, 4))]
    >>> total = sum(gp.penalty(T, P).sum() for T in Ts)
    >>> bool(np.isclose(F.penalty(Ts), total))
    True
    """

    def __init__(
        self,
        projectors: Sequence[Any],
        shapes: Sequence[Sequence[int]],
        form: str = "auto",
    ):
        if len(projectors) != len(shapes):
            raise DimensionMismatchError(
                f"{len(projectors)} projectors but {len(shapes)} shapes; give one shape per layer"
            )
        self.projectors = tuple(projectors)
        self.shapes = tuple(tuple(int(s) for s in shape) for shape in shapes)
        plans = [cached_plan(P, form) for P in self.projectors]
        self.forms = tuple(plan.form for plan in plans)
        self.batches = []
        for plan, shape in zip(plans, self.shapes):
            k = map_axes(shape, plan.shape[0] * plan.shape[1])
            self.batches.append(int(np.prod(shape[:k], dtype=np.int64)))
        self.engine = Engine(plans)

    def __repr__(self) -> str:
        return f"<FusedProjection of {len(self.projectors)} layers, forms {set(self.forms)}>"

    @property
    def plans(self) -> tuple[Plan, ...]:
        """The compiled plan of each layer."""
        return self.engine.plans

    def _check(self, arrays: Sequence[Any]) -> tuple[Any, list[Any]]:
        if len(arrays) != len(self.projectors):
            raise DimensionMismatchError(
                f"expected {len(self.projectors)} arrays, one per layer, got {len(arrays)}"
            )
        ops = namespace(arrays)
        out = []
        for a, shape, batch in zip(arrays, self.shapes, self.batches):
            a = ops.asarray(a)
            if tuple(a.shape) != shape:
                raise DimensionMismatchError(
                    f"an array has shape {tuple(a.shape)}, but this FusedProjection was built "
                    f"for {shape}; build one for the new shapes"
                )
            out.append(a.reshape(batch, -1))
        return ops, out

    def project(self, arrays: Sequence[Any]) -> list[Any]:
        """[P_1(T_1), …, P_L(T_L)], each of its array's shape, framework and device."""
        ops, xs = self._check(arrays)
        return [y.reshape(s) for y, s in zip(self.engine.project(ops, xs), self.shapes)]

    def penalty(
        self,
        arrays: Sequence[Any],
        *,
        lambda_G: float = 0.0,
        lambda_perp: float = 1.0,
        squared: bool = True,
    ) -> Any:
        """Σ over layers (and batch elements) of λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖, a scalar.

        Norms are Frobenius norms of each map, squared if ``squared``. The unsquared norm
        has no gradient where it is zero (torch and JAX give NaN there); prefer
        ``squared=True`` for training from equivariant initialisations.
        """
        ops, xs = self._check(arrays)
        if squared:
            return self.engine.total(ops, xs, lambda_G, lambda_perp)
        residuals, parts = self.engine.norms(ops, xs, need_part=bool(lambda_G))
        total: Any = 0.0
        for R, Q in zip(residuals, parts):
            total = total + combine(ops, R, Q, lambda_G, lambda_perp, squared).sum()
        return total


def combine(ops: Any, R: Any, Q: Any, lambda_G: float, lambda_perp: float, squared: bool) -> Any:
    """λ_⊥ N(R) + λ_G N(Q) per map, N the identity if ``squared`` else the square root."""
    if not squared:
        R, Q = (ops.sqrt(R) if lambda_perp else R), (ops.sqrt(Q) if lambda_G else Q)
    total = R * lambda_perp if lambda_perp else R * 0.0
    return total + lambda_G * Q if lambda_G else total
