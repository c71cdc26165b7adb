"""The array back-ends of the penalty engine: numpy, torch and JAX behind one interface.

:func:`namespace` reads the framework of every array given to one call from the array's
type (so this module imports neither torch nor jax until such an array arrives) and
refuses a mix of frameworks with :class:`~groupproj.errors.FrameworkMismatchError`. The
returned namespace holds the few operations the executors in
:mod:`groupproj.penalties.engine` are written in: gathers, segment sums, updates at index
positions, per-map sums of squares, and two custom derivatives: a self-adjoint linear map
(its vector-Jacobian product is the map), and real outputs whose gradient the engine forms
in closed form from buffers kept by the forward pass.

numpy and torch update in place where the engine owns the buffer; JAX returns new arrays
(``x.at[...]``), which XLA turns into in-place updates under ``jax.jit``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from groupproj.errors import FrameworkMismatchError

__all__ = ["framework", "namespace"]


def framework(x: Any) -> str:
    """``"torch"``, ``"jax"`` or ``"numpy"`` (anything else is read with ``np.asarray``).

    Examples
    --------
    >>> import numpy as np
    >>> framework(np.zeros(3)), framework([1.0, 2.0])
    ('numpy', 'numpy')
    """
    root = type(x).__module__.split(".")[0]
    if root == "torch":
        return "torch"
    if root in ("jax", "jaxlib"):
        return "jax"
    return "numpy"


def namespace(arrays: Sequence[Any]) -> Any:
    """The namespace of the one framework that all ``arrays`` belong to.

    Raises
    ------
    FrameworkMismatchError
        If the arrays come from more than one framework.

    Examples
    --------
    >>> import numpy as np
    >>> namespace([np.zeros(2), np.ones(3)]).name
    'numpy'
    """
    found = [framework(a) for a in arrays]
    names = sorted(set(found))
    if len(names) > 1:
        kinds = ", ".join(f"array {i}: {name}" for i, name in enumerate(found))
        raise FrameworkMismatchError(
            f"the arrays come from {' and '.join(names)} ({kinds}); one call computes in one "
            "framework, so convert them all to one (e.g. torch.as_tensor or np.asarray)"
        )
    return _namespace(names[0] if names else "numpy")


@cache
def _namespace(name: str) -> Any:
    return {"numpy": NumpyNamespace, "torch": TorchNamespace, "jax": JaxNamespace}[name]()


class NumpyNamespace:
    """numpy arrays; no derivatives."""

    name = "numpy"
    einsum = staticmethod(np.einsum)
    sqrt = staticmethod(np.sqrt)

    @staticmethod
    def asarray(x: Any) -> Any:
        x = np.asarray(x)
        return x if x.dtype.kind in "fc" else x.astype(np.float64)

    @staticmethod
    def key(x: Any) -> Any:
        """What the constants for ``x`` depend on: framework, device, dtype."""
        return ("numpy", x.dtype.str)

    @staticmethod
    def is_complex(x: Any) -> bool:
        return x.dtype.kind == "c"

    @staticmethod
    def to_complex(x: Any) -> Any:
        return x.astype(np.result_type(x.dtype, np.complex64))

    @staticmethod
    def index(a: np.ndarray, like: Any) -> Any:
        return a

    @staticmethod
    def constant(a: np.ndarray, like: Any) -> Any:
        """``a`` in the dtype of ``like``, made complex if ``a`` is."""
        dtype = np.dtype(like.dtype)
        if a.dtype.kind == "c" and dtype.kind != "c":
            dtype = np.result_type(dtype, np.complex64)
        return a.astype(dtype)

    @staticmethod
    def segments(ids: np.ndarray, count: int, like: Any) -> Any:
        return _NumpySegments(ids, count)

    @staticmethod
    def take(x: Any, idx: Any, axis: int) -> Any:
        return np.take(x, idx, axis=axis)

    @staticmethod
    def copy(x: Any) -> Any:
        return x.copy()

    @staticmethod
    def zeros(shape: tuple[int, ...], like: Any) -> Any:
        return np.zeros(shape, like.dtype)

    @staticmethod
    def subtract(x: Any, y: Any) -> Any:
        """x − y, written over y's buffer."""
        return np.subtract(x, y, out=y)

    @staticmethod
    def concatenate(xs: Sequence[Any], axis: int) -> Any:
        return np.concatenate(xs, axis=axis)

    @staticmethod
    def split(x: Any, sizes: Sequence[int]) -> list[Any]:
        """x cut along axis 0 into pieces of the given sizes."""
        return np.split(x, np.cumsum(sizes)[:-1])

    @staticmethod
    def at_positions(x: Any, rows: Any, cols: Any) -> Any:
        """x[:, :, rows, :, cols] of a 5-axis x, shape (len(rows), x0, x1, x3)."""
        return x[:, :, rows, :, cols]

    @staticmethod
    def add_at_positions(x: Any, rows: Any, cols: Any, values: Any) -> Any:
        """x with ``values`` added at x[:, :, rows, :, cols] (distinct positions), in place."""
        x[:, :, rows, :, cols] += values
        return x

    @staticmethod
    def add_to_window(x: Any, key: tuple, values: Any) -> Any:
        """x with ``values`` added to the window x[key] (slices), in place."""
        x[key] += values
        return x

    @staticmethod
    def sum_squares(x: Any) -> Any:
        """Σ |x|², real, a 0-d array."""
        return np.vdot(x, x).real

    @staticmethod
    def row_sum_squares(x: Any) -> Any:
        """Σ_j |x_ij|² of a (B, N) array, real, shape (B,)."""
        if x.dtype.kind == "c":
            return np.einsum("bn,bn->b", x.conj(), x).real
        return np.einsum("bn,bn->b", x, x)

    @staticmethod
    def scale_rows(x: Any, a: Any, in_place: bool) -> Any:
        """x · a row by row, for a (B, N) array and scales a of shape (B,) or ()."""
        return np.multiply(x, np.reshape(a, (-1, 1)), out=x if in_place else None)

    @staticmethod
    def add_scaled_rows(y: Any, x: Any, b: Any) -> Any:
        """y + x · b row by row, in place on y."""
        y += x * np.reshape(b, (-1, 1))
        return y

    @staticmethod
    def self_adjoint(apply: Callable, adjoint: Callable, xs: tuple) -> Any:
        """apply(xs), whose vector-Jacobian product is ``adjoint`` (the map itself, with the
        real part taken for real inputs)."""
        return apply(xs)

    @staticmethod
    def with_gradient(forward: Callable, backward: Callable, xs: tuple) -> tuple:
        """forward(xs) = (outputs, kept): the real outputs, whose gradient with respect to xs
        is ``backward(xs, kept, output gradients, wanted, in_place)`` (torch's convention for
        complex xs). ``kept`` is the forward's to give: backward may write over it."""
        return forward(xs)[0]


class _NumpySegments:
    """Sums over the segments of an axis, by a gather into segment order and ``reduceat``."""

    def __init__(self, ids: np.ndarray, count: int):
        self.order = np.argsort(ids, kind="stable")
        sizes = np.bincount(ids, minlength=count)
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def sum(self, x: Any, axis: int) -> Any:
        return np.add.reduceat(np.take(x, self.order, axis=axis), self.starts, axis=axis)


class TorchNamespace:
    """torch tensors, on their device; derivatives by ``torch.autograd.Function``."""

    name = "torch"

    def __init__(self) -> None:
        import torch

        self.torch = torch
        self.einsum = torch.einsum
        self.sqrt = torch.sqrt

        class SelfAdjoint(torch.autograd.Function):
            """Linear maps equal to their adjoint: the vector-Jacobian product is the map."""

            @staticmethod
            def forward(ctx: Any, apply: Any, adjoint: Any, *xs: Any) -> Any:
                ctx.adjoint = adjoint
                return tuple(apply(xs))

            @staticmethod
            def backward(ctx: Any, *grads: Any) -> Any:
                return (None, None, *ctx.adjoint(grads))

        class WithGradient(torch.autograd.Function):
            """Real outputs whose gradient ``backward`` forms, in place, from the buffers that
            ``forward`` kept; a second backward pass (``retain_graph``) forms them again."""

            @staticmethod
            def forward(ctx: Any, forward: Any, backward: Any, *xs: Any) -> Any:
                outputs, kept = forward(xs)
                ctx.rules, ctx.kept = (forward, backward), kept
                ctx.save_for_backward(*xs)
                return outputs

            @staticmethod
            @torch.autograd.function.once_differentiable
            def backward(ctx: Any, *grads: Any) -> Any:
                xs = ctx.saved_tensors
                forward, backward = ctx.rules
                kept = ctx.kept if ctx.kept is not None else forward(xs)[1]
                ctx.kept = None  # consumed: the gradients are written over it
                wanted = ctx.needs_input_grad[2:]
                return (None, None, *backward(xs, kept, grads, wanted, True))

        self._self_adjoint = SelfAdjoint
        self._with_gradient = WithGradient

    @staticmethod
    def asarray(x: Any) -> Any:
        return x if x.is_floating_point() or x.is_complex() else x.double()

    @staticmethod
    def key(x: Any) -> Any:
        return ("torch", str(x.device), str(x.dtype))

    @staticmethod
    def is_complex(x: Any) -> bool:
        return x.is_complex()

    def to_complex(self, x: Any) -> Any:
        t = self.torch
        return x.to(t.complex128 if x.dtype == t.float64 else t.complex64)

    def index(self, a: np.ndarray, like: Any) -> Any:
        return self.torch.as_tensor(a.astype(np.int64), device=like.device)

    def constant(self, a: np.ndarray, like: Any) -> Any:
        t = self.torch
        dtype = like.dtype
        if a.dtype.kind == "c" and not like.is_complex():
            dtype = t.complex128 if like.dtype == t.float64 else t.complex64
        return t.as_tensor(np.array(a)).to(device=like.device, dtype=dtype)

    def segments(self, ids: np.ndarray, count: int, like: Any) -> Any:
        return _TorchSegments(self.index(ids, like), count)

    @staticmethod
    def take(x: Any, idx: Any, axis: int) -> Any:
        return x.index_select(axis, idx)

    def copy(self, x: Any) -> Any:
        return x.clone(memory_format=self.torch.contiguous_format)

    def zeros(self, shape: tuple[int, ...], like: Any) -> Any:
        return self.torch.zeros(shape, dtype=like.dtype, device=like.device)

    def subtract(self, x: Any, y: Any) -> Any:
        return self.torch.sub(x, y, out=y)

    def concatenate(self, xs: Sequence[Any], axis: int) -> Any:
        return self.torch.cat(list(xs), dim=axis)

    def split(self, x: Any, sizes: Sequence[int]) -> list[Any]:
        return list(self.torch.split(x, list(sizes)))

    @staticmethod
    def at_positions(x: Any, rows: Any, cols: Any) -> Any:
        return x.permute(2, 4, 0, 1, 3)[rows, cols]

    @staticmethod
    def add_at_positions(x: Any, rows: Any, cols: Any, values: Any) -> Any:
        x.permute(2, 4, 0, 1, 3).index_put_((rows, cols), values, accumulate=True)
        return x

    @staticmethod
    def add_to_window(x: Any, key: tuple, values: Any) -> Any:
        x[key] += values
        return x

    def sum_squares(self, x: Any) -> Any:
        flat = (self.torch.view_as_real(x) if x.is_complex() else x).reshape(-1)
        return self.torch.dot(flat, flat)

    def row_sum_squares(self, x: Any) -> Any:
        t = self.torch
        if x.is_complex():
            x = t.view_as_real(x).reshape(len(x), -1)
        if len(x) == 1:
            return self.sum_squares(x).reshape(1)
        return t.linalg.vecdot(x, x)

    @staticmethod
    def scale_rows(x: Any, a: Any, in_place: bool) -> Any:
        a = a.reshape(-1, 1)
        return x.mul_(a) if in_place else x * a

    @staticmethod
    def add_scaled_rows(y: Any, x: Any, b: Any) -> Any:
        b = b.reshape(-1, 1)
        return y.addcmul_(x, b.to(x.dtype) if x.is_complex() else b)

    def self_adjoint(self, apply: Callable, adjoint: Callable, xs: tuple) -> Any:
        return list(self._self_adjoint.apply(apply, adjoint, *xs))

    def with_gradient(self, forward: Callable, backward: Callable, xs: tuple) -> tuple:
        return self._with_gradient.apply(forward, backward, *xs)


class _TorchSegments:
    def __init__(self, ids: Any, count: int):
        self.ids, self.count = ids, count

    def sum(self, x: Any, axis: int) -> Any:
        shape = list(x.shape)
        shape[axis] = self.count
        return x.new_zeros(shape).index_add_(axis, self.ids, x)


class JaxNamespace:
    """JAX arrays, traceable under ``jax.jit``; derivatives by ``jax.custom_vjp``.

    Constants stay numpy arrays (cast to the array's precision): ``jax.numpy`` takes them as
    they are, and no traced value is ever cached.
    """

    name = "jax"

    def __init__(self) -> None:
        import jax
        import jax.numpy as jnp

        self.jax, self.jnp = jax, jnp
        self.einsum = jnp.einsum
        self.sqrt = jnp.sqrt

    @staticmethod
    def asarray(x: Any) -> Any:
        return x if x.dtype.kind in "fc" else x.astype(np.float32)

    @staticmethod
    def key(x: Any) -> Any:
        return ("jax", np.dtype(x.dtype).str)

    is_complex = staticmethod(NumpyNamespace.is_complex)
    to_complex = staticmethod(NumpyNamespace.to_complex)
    constant = staticmethod(NumpyNamespace.constant)

    @staticmethod
    def index(a: np.ndarray, like: Any) -> Any:
        return a.astype(np.int32) if a.size == 0 or a.max() < 2**31 else a

    def segments(self, ids: np.ndarray, count: int, like: Any) -> Any:
        return _JaxSegments(self, self.index(ids, like), count)

    def take(self, x: Any, idx: Any, axis: int) -> Any:
        return self.jnp.take(x, idx, axis=axis)

    @staticmethod
    def copy(x: Any) -> Any:
        return x

    def zeros(self, shape: tuple[int, ...], like: Any) -> Any:
        return self.jnp.zeros(shape, like.dtype)

    @staticmethod
    def subtract(x: Any, y: Any) -> Any:
        return x - y

    def concatenate(self, xs: Sequence[Any], axis: int) -> Any:
        return self.jnp.concatenate(xs, axis=axis)

    def split(self, x: Any, sizes: Sequence[int]) -> list[Any]:
        return self.jnp.split(x, np.cumsum(sizes)[:-1])

    at_positions = staticmethod(NumpyNamespace.at_positions)

    @staticmethod
    def add_at_positions(x: Any, rows: Any, cols: Any, values: Any) -> Any:
        return x.at[:, :, rows, :, cols].add(values)

    @staticmethod
    def add_to_window(x: Any, key: tuple, values: Any) -> Any:
        return x.at[key].add(values)

    def sum_squares(self, x: Any) -> Any:
        return self.jnp.real(self.jnp.vdot(x, x))

    def row_sum_squares(self, x: Any) -> Any:
        return self.jnp.real(self.jnp.einsum("bn,bn->b", self.jnp.conj(x), x))

    @staticmethod
    def scale_rows(x: Any, a: Any, in_place: bool) -> Any:
        return x * a.reshape(-1, 1)

    @staticmethod
    def add_scaled_rows(y: Any, x: Any, b: Any) -> Any:
        return y + x * b.reshape(-1, 1)

    def self_adjoint(self, apply: Callable, adjoint: Callable, xs: tuple) -> Any:
        @self.jax.custom_vjp
        def f(xs: tuple) -> tuple:
            return tuple(apply(xs))

        def f_backward(_: Any, grads: tuple) -> tuple:
            # JAX pulls back by the transpose Pᵀ = conj(P conj(·)) of a Hermitian P
            flipped = [g.conj() if self.is_complex(g) else g for g in grads]
            return (tuple(g.conj() if self.is_complex(g) else g for g in adjoint(flipped)),)

        f.defvjp(lambda xs: (f(xs), None), f_backward)
        return list(f(tuple(xs)))

    def with_gradient(self, forward: Callable, backward: Callable, xs: tuple) -> tuple:
        @self.jax.custom_vjp
        def f(xs: tuple) -> tuple:
            return forward(xs)[0]

        def f_forward(xs: tuple) -> tuple:
            outputs, kept = forward(xs)
            return outputs, (xs, kept)

        def f_backward(saved: tuple, grads: tuple) -> tuple:
            xs, kept = saved
            out = backward(xs, kept, grads, (True,) * len(xs), False)
            # jax.grad of a real function of complex x is the conjugate of torch's convention
            return (tuple(g.conj() if self.is_complex(g) else g for g in out),)

        f.defvjp(f_forward, f_backward)
        return f(tuple(xs))


class _JaxSegments:
    def __init__(self, ns: JaxNamespace, ids: Any, count: int):
        self.ns, self.ids, self.count = ns, ids, count

    def sum(self, x: Any, axis: int) -> Any:
        jnp = self.ns.jnp
        moved = jnp.moveaxis(x, axis, 0)
        out = self.ns.jax.ops.segment_sum(moved, self.ids, self.count)
        return jnp.moveaxis(out, 0, axis)
