"""Projection penalties on numpy, torch and JAX arrays.

For a layer with weights T, a map V → W, the projection regulariser is

    λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖,

with P the Frobenius-orthogonal projector onto Hom_G(V, W) and ‖·‖ the
Frobenius norm, squared by default. The second term is the distance from T to
the equivariant maps; the first is the size of T's equivariant part.

P runs in the array's own framework, on its device, and is differentiable
there (torch autograd, ``jax.grad``), without ever building the (mn)×(mn)
operator. The framework is read from the array's type, so the core imports
neither torch nor jax. Three forms of P exist:

``"orbit"`` (orbit back-end)
    P(T) is the mean of T over each orbit of index pairs: a gather that lists
    the orbits' members, sums along one axis, and a gather back to the entries
    (``index_select`` in torch, ``take`` in JAX and numpy); no scatter. P is linear
    and self-adjoint, so its gradient is P again: a custom autograd rule (torch) or
    ``jax.custom_vjp`` says so. O(mn) time; 2·mn integers of index data.
``"spectral"`` (spectral back-end)
    For each irrep common to V and W, P(T) gets Q_W,b S_b(Q_W,bᴴ T Q_V,b) Q_V,bᴴ,
    with S_b the projection of each d×d block onto End_G(irrep), from
    ``P.structure.factors``. O(m²n + mn²) time; O(m² + n²) memory. Where Q_W and Q_V are
    signed permutations (sums of irreps, in any order) the basis changes are
    gathers instead: O(mn·e) time, e = dim End_G(irrep), and 2(m + n) integers.
    With real factors the squared penalty forms its gradient 2(T − P(T)) in the
    forward pass.
``"basis"`` (any back-end)
    P(T) = Σ_k ⟨B_k, T⟩ B_k with the orthonormal basis B = ``P.basis()``: the dense
    N×D matrix Q of the projection regulariser as usually implemented.
    O(mn·dim) time and memory.

``form="auto"`` takes the first of these that applies (``"basis"`` for the
spatial back-end).

Array layout: the trailing axes of T hold one map in row-major order, e.g. a
matrix of shape ``(m, n)``, a convolution weight ``(C_out, C_in, k, k)`` for
``P.shape == (C_out, C_in·k²)`` (see :mod:`groupproj.equivariant.kernels`), or a bias of shape
``(m,)`` for a projector from the trivial representation (``P.shape == (m, 1)``,
see :func:`groupproj.bias_projector`). The fewest trailing axes whose sizes multiply to
m·n are the map; the axes before them are a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np

from groupproj.equivariant.projector import Projector
from groupproj.equivariant.structure import Factors, Orbits
from groupproj.errors import DimensionMismatchError, InvalidTypeError, UnknownNameError

FORMS = ("auto", "orbit", "spectral", "basis")

__all__ = [
    "FORMS",
    "FusedProjection",
    "equivariant_part",
    "penalty",
]


# --- the three array frameworks -------------------------------------------------------------


def _framework(x: Any) -> str:
    root = type(x).__module__.split(".")[0]
    if root == "torch":
        return "torch"
    if root in ("jax", "jaxlib"):
        return "jax"
    return "numpy"


class _Numpy:
    name = "numpy"

    @staticmethod
    def asarray(x: Any) -> Any:
        x = np.asarray(x)
        return x if x.dtype.kind in "fc" else x.astype(np.float64)

    @staticmethod
    def is_complex(x: Any) -> bool:
        return x.dtype.kind == "c"

    @staticmethod
    def to_complex(x: Any) -> Any:
        return x.astype(np.result_type(x.dtype, np.complex64))

    @staticmethod
    def constant(a: np.ndarray, like: Any) -> Any:
        if a.dtype.kind == "i":
            return a
        real = np.finfo(like.dtype).dtype
        return a.astype(np.result_type(real, a.dtype) if a.dtype.kind == "c" else real)

    @staticmethod
    def take(x: Any, idx: Any, axis: int = 0) -> Any:
        return np.take(x, idx, axis=axis)

    @staticmethod
    def self_adjoint(apply: Any, x: Any) -> Any:
        return apply(x)

    @staticmethod
    def with_gradient(value_and_gradient: Any, x: Any) -> Any:
        return value_and_gradient(x)[0]

    @staticmethod
    def sum_squares(x: Any) -> Any:
        return np.vdot(x, x).real

    einsum = staticmethod(np.einsum)
    sqrt = staticmethod(np.sqrt)
    concatenate = staticmethod(np.concatenate)

    @staticmethod
    def zeros(shape: tuple[int, ...], like: Any) -> Any:
        return np.zeros(shape, like.dtype)

    @staticmethod
    def constant_key(x: Any) -> Any:
        return ("numpy", x.dtype.str)


class _Torch:
    name = "torch"

    def __init__(self) -> None:
        import torch

        self.torch = torch
        self.einsum = torch.einsum
        self.sqrt = torch.sqrt

        class SelfAdjoint(torch.autograd.Function):
            """A linear map with real coefficients equal to its transpose: the VJP is itself."""

            @staticmethod
            def forward(ctx: Any, x: Any, apply: Any) -> Any:
                ctx.linear_map = apply
                return apply(x)

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return ctx.linear_map(grad), None

        class WithGradient(torch.autograd.Function):
            """A real scalar: value_and_gradient(x) is (value, (c, v)), the gradient c·v."""

            @staticmethod
            def forward(ctx: Any, x: Any, value_and_gradient: Any) -> Any:
                value, (scale, grad) = value_and_gradient(x)
                ctx.scale = scale
                ctx.save_for_backward(grad)
                return value

            @staticmethod
            def backward(ctx: Any, g: Any) -> Any:
                (grad,) = ctx.saved_tensors
                return grad * (ctx.scale * g), None

        self.function = SelfAdjoint
        self.gradient_function = WithGradient

    @staticmethod
    def asarray(x: Any) -> Any:
        return x if x.is_floating_point() or x.is_complex() else x.double()

    @staticmethod
    def is_complex(x: Any) -> bool:
        return x.is_complex()

    def to_complex(self, x: Any) -> Any:
        t = self.torch
        return x.to(t.complex128 if x.dtype == t.float64 else t.complex64)

    def constant(self, a: np.ndarray, like: Any) -> Any:
        t = self.torch
        if a.dtype.kind == "i":
            return t.as_tensor(a, device=like.device)
        dtype = like.dtype
        if a.dtype.kind == "c" and not like.is_complex():
            dtype = t.complex128 if like.dtype == t.float64 else t.complex64
        return t.as_tensor(a, device=like.device).to(dtype)

    @staticmethod
    def take(x: Any, idx: Any, axis: int = 0) -> Any:
        return x.index_select(axis, idx)

    def self_adjoint(self, apply: Any, x: Any) -> Any:
        return self.function.apply(x, apply)

    def with_gradient(self, value_and_gradient: Any, x: Any) -> Any:
        return self.gradient_function.apply(x, value_and_gradient)

    def sum_squares(self, x: Any) -> Any:
        return self.torch.vdot(x, x).real if x.is_complex() else self.torch.dot(x, x)

    def concatenate(self, xs: Sequence[Any], axis: int = 0) -> Any:
        return self.torch.cat(list(xs), dim=axis)

    def zeros(self, shape: tuple[int, ...], like: Any) -> Any:
        return self.torch.zeros(shape, dtype=like.dtype, device=like.device)

    @staticmethod
    def constant_key(x: Any) -> Any:
        return ("torch", str(x.device), str(x.dtype))


class _Jax:
    name = "jax"

    def __init__(self) -> None:
        import jax.numpy as jnp

        self.jnp = jnp
        self.einsum = jnp.einsum
        self.sqrt = jnp.sqrt
        self.concatenate = jnp.concatenate

    @staticmethod
    def asarray(x: Any) -> Any:
        return x if x.dtype.kind in "fc" else x.astype(np.float32)

    is_complex = staticmethod(_Numpy.is_complex)
    to_complex = staticmethod(_Numpy.to_complex)

    # Constants stay numpy arrays (cast to the array's precision): jax.numpy takes
    # them as they are, and no traced value is ever cached.
    constant = staticmethod(_Numpy.constant)

    def take(self, x: Any, idx: Any, axis: int = 0) -> Any:
        return self.jnp.take(x, idx, axis=axis)

    def zeros(self, shape: tuple[int, ...], like: Any) -> Any:
        return self.jnp.zeros(shape, like.dtype)

    def self_adjoint(self, apply: Any, x: Any) -> Any:
        import jax

        @jax.custom_vjp
        def f(x: Any) -> Any:
            return apply(x)

        f.defvjp(lambda x: (apply(x), None), lambda _, g: (apply(g),))
        return f(x)

    def with_gradient(self, value_and_gradient: Any, x: Any) -> Any:
        import jax

        @jax.custom_vjp
        def f(x: Any) -> Any:
            return value_and_gradient(x)[0]

        def forward(x: Any) -> tuple[Any, Any]:
            value, (scale, grad) = value_and_gradient(x)
            return value, scale * grad

        # jax.grad of a real function of complex x is the conjugate of torch's convention
        f.defvjp(forward, lambda grad, g: ((g * grad).conj(),))
        return f(x)

    def sum_squares(self, x: Any) -> Any:
        return self.jnp.vdot(x, x).real

    @staticmethod
    def constant_key(x: Any) -> Any:
        return ("jax", x.dtype.str)


@cache
def _ops(name: str) -> Any:
    return {"numpy": _Numpy, "torch": _Torch, "jax": _Jax}[name]()


def _squared_norms(ops: Any, x: Any) -> Any:
    """|x|² entrywise, real."""
    return x.real**2 + x.imag**2 if ops.is_complex(x) else x * x


def _signed_permutation(Q: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(p, s) with Q[p[c], c] = s[c] = ±1 and no other nonzero entry, or None.

    Q is then Q = Π diag(s) for the permutation matrix Π sending column c to row p[c].
    """
    if Q.dtype.kind == "c" or Q.ndim != 2 or Q.shape[0] != Q.shape[1]:
        return None
    nonzero = np.abs(Q) > 1e-12
    if not (nonzero.sum(axis=0) == 1).all() or not (nonzero.sum(axis=1) == 1).all():
        return None
    rows = nonzero.argmax(axis=0)
    signs = Q[rows, np.arange(len(Q))]
    if not np.allclose(np.abs(signs), 1.0, rtol=0.0, atol=1e-12):
        return None
    return rows, np.sign(signs)


def _tile(rows: np.ndarray, blocks: Sequence[tuple[int, int, int]]) -> int | None:
    """The period s of the layout c copies × s coordinates, if every block is one window.

    ``rows[start + i·d + k]`` for block (start, copies, d) must be ``a + i·s + k`` with
    a + d ≤ s and c·s = len(rows): the block is then the window [a, a + d) of each copy.
    """
    if not blocks:
        return None
    s = len(rows) // blocks[0][1]
    if s * blocks[0][1] != len(rows):
        return None
    for start, copies, d in blocks:
        a = int(rows[start]) if copies else 0
        expected = a + s * np.arange(copies)[:, None] + np.arange(d)[None, :]
        if copies * s != len(rows) or a + d > s:
            return None
        if not np.array_equal(rows[start : start + copies * d], expected.ravel()):
            return None
    return s


# --- compiled projection of a list of layers ------------------------------------------------


def _map_axes(shape: tuple[int, ...], size: int) -> int:
    """The first axis of the map: the fewest trailing axes whose sizes multiply to ``size``."""
    for k in range(len(shape) + 1):
        if int(np.prod(shape[k:], dtype=np.int64)) == size:
            return k
    raise DimensionMismatchError(
        f"an array of shape {shape} does not end in a map with {size} entries; its trailing "
        "axes must hold one map in row-major order (m, n), e.g. (C_out, C_in, k, k)"
    )


def _require_projector(P: Any) -> Projector:
    if not isinstance(P, Projector):
        raise InvalidTypeError(
            f"expected a groupproj Projector (gp.projector, gp.load, gp.cached_projector), got "
            f"{type(P).__name__}"
        )
    return P


def _resolve_form(P: Projector, form: str) -> str:
    _require_projector(P)
    if form not in FORMS:
        raise UnknownNameError(f"unknown form {form!r}; choose one of {FORMS}")
    native = {Orbits: "orbit", Factors: "spectral"}.get(type(P.structure), "basis")
    if form == "auto":
        return native
    if form != "basis" and form != native:
        raise UnknownNameError(
            f"form={form!r} needs a projector with a {form} structure, this one holds a "
            f"{type(P.structure).__name__}; form='basis' applies to every projector"
        )
    return form


class FusedProjection:
    """P_1, …, P_L applied to L arrays at once, in the arrays' framework.

    All orbit-form layers share one pass over the concatenation of their
    entries: orbit labels are offset per layer and per batch element, and one
    gather, one sum and one gather apply all of them. Spectral- and basis-form layers are
    applied one by one. Index data and constants are built once and kept per
    (framework, device, dtype), so repeated calls cost only the arithmetic.

    Parameters
    ----------
    projectors : sequence of Projector
    shapes : sequence of tuple of int
        The shape of each array (trailing axes: one map, row-major; leading axes:
        a batch, see the module docstring).
    form : str
        ``"auto"``, ``"orbit"``, ``"spectral"`` or ``"basis"`` for every layer.

    Memory: two int32 indices per orbit-form entry, plus per layer the spectral
    factors or the basis. Time: O(total entries) for the orbit part.

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
        projectors: Sequence[Projector],
        shapes: Sequence[Sequence[int]],
        form: str = "auto",
    ):
        if len(projectors) != len(shapes):
            raise DimensionMismatchError(
                f"{len(projectors)} projectors but {len(shapes)} shapes; give one shape per layer"
            )
        self.projectors = tuple(projectors)
        self.shapes = tuple(tuple(int(s) for s in shape) for shape in shapes)
        self.forms = tuple(_resolve_form(P, form) for P in self.projectors)
        self.batches = []
        for P, shape in zip(self.projectors, self.shapes):
            k = _map_axes(shape, P.shape[0] * P.shape[1])
            self.batches.append(int(np.prod(shape[:k], dtype=np.int64)))
        self._orbit_layers = [i for i, f in enumerate(self.forms) if f == "orbit"]
        self._numpy: dict[str, Any] = {}
        self._constants: dict[Any, dict[str, Any]] = {}
        self._build_orbit_index()

    def __repr__(self) -> str:
        return f"<FusedProjection of {len(self.projectors)} layers, forms {set(self.forms)}>"

    def _build_orbit_index(self) -> None:
        """Orbit labels over the concatenated entries, and the members of each orbit.

        Orbits are renumbered by size: for each orbit size s, the members of the
        n_s orbits of that size are listed member-major, an (s, n_s) array, so
        their sums are s gathers' worth of additions along axis 0.
        """
        ids, sizes, offset = [], [], 0
        for i in self._orbit_layers:
            P = self.projectors[i]
            layer_ids = P.structure.ids.ravel().astype(np.int64)
            for _ in range(self.batches[i]):
                ids.append(layer_ids + offset)
                sizes.append(P.structure.sizes)
                offset += P.dim
        self._orbit_classes: list[tuple[int, int, int]] = []
        if not ids:
            return
        labels, counts = np.concatenate(ids), np.concatenate(sizes).astype(np.int64)
        dtype = np.int32 if len(labels) < 2**31 else np.int64
        members = np.argsort(labels, kind="stable")
        first = np.concatenate([[0], np.cumsum(counts)[:-1]])
        position = np.empty(len(counts), dtype=np.int64)
        layout, start = [], 0
        for size in np.unique(counts):
            orbits = np.flatnonzero(counts == size)
            position[orbits] = start + np.arange(len(orbits))
            layout.append(members[first[orbits][None, :] + np.arange(size)[:, None]].ravel())
            self._orbit_classes.append((int(size), len(orbits), start))
            start += len(orbits)
        self._numpy["orbit_layout"] = np.concatenate(layout).astype(dtype)
        self._numpy["orbit_position"] = position[labels].astype(dtype)

    def _orbit_means(self, ops: Any, flat: Any) -> Any:
        """P on the concatenated orbit-form entries: one gather, sums, one gather."""
        layout = self._const(ops, flat, "orbit_layout", self._numpy["orbit_layout"])
        position = self._const(ops, flat, "orbit_position", self._numpy["orbit_position"])
        grouped = ops.take(flat, layout)
        means, start = [], 0
        for size, count, _ in self._orbit_classes:
            block = grouped[start : start + size * count].reshape(size, count)
            means.append(block.sum(0) / size)
            start += size * count
        return ops.take(means[0] if len(means) == 1 else ops.concatenate(means), position)

    def _orbit_flat(self, ops: Any, arrays: Sequence[Any]) -> Any:
        return ops.concatenate([arrays[i].reshape(-1) for i in self._orbit_layers])

    def _layer_numpy(self, i: int) -> dict[str, Any]:
        key = f"layer{i}"
        if key not in self._numpy:
            P, form = self.projectors[i], self.forms[i]
            if form == "basis":
                B = P.basis()
                self._numpy[key] = {"basis": B.reshape(len(B), -1)}
            else:
                QW, blocks, QV = P.structure.factors
                parts = []
                for b in blocks:
                    dW, dV = b.d_W, b.d_V
                    parts.append(
                        {
                            "QW": QW[:, b.w_start : b.w_start + b.m_W * dW],
                            "QV": QV[:, b.v_start : b.v_start + b.m_V * dV],
                            "E": np.asarray(b.endomorphisms),
                            "shape": (b.m_W, dW, b.m_V, dV),
                            "w_start": b.w_start,
                            "v_start": b.v_start,
                        }
                    )
                self._numpy[key] = {"blocks": parts}
                real = all(p["E"].dtype.kind != "c" for p in parts)
                self._numpy[key]["real"] = real and QW.dtype.kind != "c" and QV.dtype.kind != "c"
                perm_W, perm_V = _signed_permutation(QW), _signed_permutation(QV)
                if real and perm_W is not None and perm_V is not None:
                    for p in parts:  # no basis change: keep no columns of Q_W, Q_V
                        del p["QW"], p["QV"]
                    windows_W = [(p["w_start"], p["shape"][0], p["shape"][1]) for p in parts]
                    windows_V = [(p["v_start"], p["shape"][2], p["shape"][1]) for p in parts]
                    tiles = (_tile(perm_W[0], windows_W), _tile(perm_V[0], windows_V))
                    for p in parts:
                        p["a_W"], p["a_V"] = (
                            int(perm_W[0][p["w_start"]]),
                            int(perm_V[0][p["v_start"]]),
                        )
                    self._numpy[key]["permutation"] = {
                        "tiles": tiles if None not in tiles else None,
                        "rows_W": perm_W[0],
                        "rows_V": perm_V[0],
                        "inverse_W": np.argsort(perm_W[0]),
                        "inverse_V": np.argsort(perm_V[0]),
                        "signs": None
                        if (perm_W[1] > 0).all() and (perm_V[1] > 0).all()
                        else (perm_W[1][:, None] * perm_V[1][None, :]),
                    }
        return self._numpy[key]

    def _const(self, ops: Any, like: Any, name: str, value: np.ndarray) -> Any:
        store = self._constants.setdefault(ops.constant_key(like), {})
        if name not in store:
            store[name] = ops.constant(value, like)
        return store[name]

    # --- application ---
    def _check(self, arrays: Sequence[Any]) -> tuple[Any, list[Any]]:
        if len(arrays) != len(self.projectors):
            raise DimensionMismatchError(
                f"expected {len(self.projectors)} arrays, one per layer, got {len(arrays)}"
            )
        ops = _ops(_framework(arrays[0]))
        out = []
        for a, shape in zip(arrays, self.shapes):
            a = ops.asarray(a)
            if tuple(a.shape) != shape:
                raise DimensionMismatchError(
                    f"an array has shape {tuple(a.shape)}, but this FusedProjection was built "
                    f"for {shape}; build one for the new shapes"
                )
            out.append(a)
        return ops, out

    def project(self, arrays: Sequence[Any]) -> list[Any]:
        """[P_1(T_1), …, P_L(T_L)], each of its array's shape, framework and device."""
        ops, arrays = self._check(arrays)
        out: list[Any] = [None] * len(arrays)
        if self._orbit_layers:
            flat = self._orbit_flat(ops, arrays)
            projected = ops.self_adjoint(lambda x: self._orbit_means(ops, x), flat)
            start = 0
            for i in self._orbit_layers:
                n = int(np.prod(self.shapes[i], dtype=np.int64))
                out[i] = projected[start : start + n].reshape(self.shapes[i])
                start += n
        for i, form in enumerate(self.forms):
            if form == "basis":
                out[i] = self._apply_basis(ops, i, arrays[i])
            elif form == "spectral":
                out[i] = self._apply_spectral(ops, i, arrays[i])
        return out

    def _apply_basis(self, ops: Any, i: int, T: Any) -> Any:
        B = self._layer_numpy(i)["basis"]
        if B.dtype.kind == "c" and not ops.is_complex(T):
            T = ops.to_complex(T)
        Bd = self._const(ops, T, f"basis{i}", B)
        Bc = self._const(ops, T, f"basis_conj{i}", B.conj()) if B.dtype.kind == "c" else Bd
        flat = T.reshape(self.batches[i], -1)
        coeff = ops.einsum("bx,kx->bk", flat, Bc)
        return ops.einsum("bk,kx->bx", coeff, Bd).reshape(T.shape)

    def _apply_spectral(self, ops: Any, i: int, T: Any) -> Any:
        if "permutation" in self._layer_numpy(i):
            return self._apply_permuted(ops, i, T)
        parts = self._layer_numpy(i)["blocks"]
        if any(p["QW"].dtype.kind == "c" or p["QV"].dtype.kind == "c" for p in parts) and not (
            ops.is_complex(T)
        ):
            T = ops.to_complex(T)
        m, n = self.projectors[i].shape
        A = T.reshape(self.batches[i], m, n)
        out = A * 0
        for j, p in enumerate(parts):
            QW = self._const(ops, A, f"QW{i}_{j}", p["QW"])
            QV = self._const(ops, A, f"QV{i}_{j}", p["QV"])
            E = self._const(ops, A, f"E{i}_{j}", p["E"])
            Ec = self._const(ops, A, f"Ec{i}_{j}", p["E"].conj())
            QWh = self._const(ops, A, f"QWh{i}_{j}", p["QW"].conj().T)
            QVh = self._const(ops, A, f"QVh{i}_{j}", p["QV"].conj().T)
            mW, d, mV, _ = p["shape"]
            sub = (QWh @ A @ QV).reshape(len(A), mW, d, mV, d)
            coeff = ops.einsum("bidjk,edk->bije", sub, Ec)
            proj = ops.einsum("bije,edk->bidjk", coeff, E).reshape(len(A), mW * d, mV * d)
            out = out + QW @ proj @ QVh
        return out.reshape(T.shape)

    def _apply_permuted(self, ops: Any, i: int, T: Any) -> Any:
        """The spectral form when Q_W and Q_V are signed permutations: gathers, no products.

        This is the case of sums of irreps (their decomposition only reorders the
        coordinates). B = Q_Wᵀ A Q_V is a gather of rows and columns of A (times
        the signs), each diagonal block of B is projected onto End_G(irrep), the
        blocks are laid out with zeros between them, and Q_W B' Q_Vᵀ is the inverse
        gather. O(mn·e) time, e = dim End_G(irrep); no m×m or n×n matrix.
        """
        layer = self._layer_numpy(i)
        perm = layer["permutation"]
        if perm["tiles"] is not None and perm["signs"] is None:
            return self._apply_tiled(ops, i, T)
        m, n = self.projectors[i].shape
        A = T.reshape(self.batches[i], m, n)
        batch = len(A)
        rows_W = self._const(ops, A, f"rows_W{i}", perm["rows_W"])
        rows_V = self._const(ops, A, f"rows_V{i}", perm["rows_V"])
        B = ops.take(ops.take(A, rows_W, 1), rows_V, 2)
        signs = None
        if perm["signs"] is not None:
            signs = self._const(ops, A, f"signs{i}", perm["signs"])
            B = B * signs
        strips, row = [], 0
        for j, p in sorted(enumerate(layer["blocks"]), key=lambda jp: jp[1]["w_start"]):
            mW, d, mV, _ = p["shape"]
            w0, v0 = p["w_start"], p["v_start"]
            if w0 > row:
                strips.append(ops.zeros((batch, w0 - row, n), A))
            E = self._const(ops, A, f"E{i}_{j}", p["E"])
            sub = B[:, w0 : w0 + mW * d, v0 : v0 + mV * d].reshape(batch, mW, d, mV, d)
            coeff = ops.einsum("bidjk,edk->bije", sub, E)
            proj = ops.einsum("bije,edk->bidjk", coeff, E).reshape(batch, mW * d, mV * d)
            pieces = [proj]
            if v0:
                pieces.insert(0, ops.zeros((batch, mW * d, v0), A))
            if v0 + mV * d < n:
                pieces.append(ops.zeros((batch, mW * d, n - v0 - mV * d), A))
            strips.append(pieces[0] if len(pieces) == 1 else ops.concatenate(pieces, axis=2))
            row = w0 + mW * d
        if row < m:
            strips.append(ops.zeros((batch, m - row, n), A))
        C = strips[0] if len(strips) == 1 else ops.concatenate(strips, axis=1)
        if signs is not None:
            C = C * signs
        inverse_W = self._const(ops, A, f"inverse_W{i}", perm["inverse_W"])
        inverse_V = self._const(ops, A, f"inverse_V{i}", perm["inverse_V"])
        return ops.take(ops.take(C, inverse_W, 1), inverse_V, 2).reshape(T.shape)

    def _apply_tiled(self, ops: Any, i: int, T: Any) -> Any:
        """The gather-free case: V and W are copies of units on which each block is a window.

        With T viewed as (c_W, s_W, c_V, s_V), each block is the window
        [a_W, a_W + d) × [a_V, a_V + d) of every pair of copies (a strided view), and
        P(T) is these windows projected, with zeros around them.
        """
        layer = self._layer_numpy(i)
        s_W, s_V = layer["permutation"]["tiles"]
        m, n = self.projectors[i].shape
        batch = self.batches[i]
        A = T.reshape(batch, m // s_W, s_W, n // s_V, s_V)
        c_W, c_V = m // s_W, n // s_V
        strips, row = [], 0
        for j, p in sorted(enumerate(layer["blocks"]), key=lambda jp: jp[1]["a_W"]):
            d = p["shape"][1]
            a_W, a_V = p["a_W"], p["a_V"]
            if a_W > row:
                strips.append(ops.zeros((batch, c_W, a_W - row, c_V, s_V), A))
            E = self._const(ops, A, f"E{i}_{j}", p["E"])
            sub = A[:, :, a_W : a_W + d, :, a_V : a_V + d]
            coeff = ops.einsum("bidjk,edk->bije", sub, E)
            pieces = [ops.einsum("bije,edk->bidjk", coeff, E)]
            if a_V:
                pieces.insert(0, ops.zeros((batch, c_W, d, c_V, a_V), A))
            if a_V + d < s_V:
                pieces.append(ops.zeros((batch, c_W, d, c_V, s_V - a_V - d), A))
            strips.append(pieces[0] if len(pieces) == 1 else ops.concatenate(pieces, axis=4))
            row = a_W + d
        if row < s_W:
            strips.append(ops.zeros((batch, c_W, s_W - row, c_V, s_V), A))
        out = strips[0] if len(strips) == 1 else ops.concatenate(strips, axis=2)
        return out.reshape(T.shape)

    def penalty(
        self,
        arrays: Sequence[Any],
        *,
        lambda_G: float = 0.0,
        lambda_perp: float = 1.0,
        squared: bool = True,
    ) -> Any:
        """Σ over layers (and batch elements) of λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖, a scalar.

        Norms are Frobenius norms of each map, squared if ``squared``; a term
        with zero weight is not computed. The unsquared norm has no gradient
        where it is zero (torch and JAX give NaN there); prefer ``squared=True``
        for training from equivariant initialisations.
        """
        ops, arrays = self._check(arrays)
        total: Any = 0.0
        layers = list(range(len(arrays)))
        if squared:
            if self._orbit_layers:
                total = self._squared_penalty(
                    ops,
                    self._orbit_flat(ops, arrays),
                    lambda x: self._orbit_means(ops, x),
                    lambda_G,
                    lambda_perp,
                )
            real_spectral = [
                i for i in layers if self.forms[i] == "spectral" and self._layer_numpy(i)["real"]
            ]
            for i in real_spectral:
                shape = arrays[i].shape
                total = total + self._squared_penalty(
                    ops,
                    arrays[i].reshape(-1),
                    lambda x, i=i, shape=shape: self._apply_spectral(
                        ops, i, x.reshape(shape)
                    ).reshape(-1),
                    lambda_G,
                    lambda_perp,
                )
            layers = [i for i in layers if self.forms[i] != "orbit" and i not in real_spectral]
        projected = self.project(arrays) if layers else []
        for i in layers:
            T, PT, P = arrays[i], projected[i], self.projectors[i]
            lead = (-1, P.shape[0] * P.shape[1])
            if lambda_perp:
                total = total + lambda_perp * _norm(ops, (T - PT).reshape(lead), squared).sum()
            if lambda_G:
                total = total + lambda_G * _norm(ops, PT.reshape(lead), squared).sum()
        return total

    @staticmethod
    def _squared_penalty(ops: Any, x: Any, apply: Any, lambda_G: float, lambda_perp: float):
        """λ_G ‖Px‖² + λ_⊥ ‖x − Px‖² for a flat x and Px = apply(x), with its gradient.

        Used for all orbit-form entries at once and for each spectral layer with
        real factors. The gradient 2λ_⊥(x − Px) + 2λ_G Px (P is an orthogonal
        projector) is formed in the forward pass, so the backward pass is one scaling.
        """

        def value_and_gradient(x: Any) -> tuple[Any, Any]:
            Px = apply(x)
            r = x - Px
            value = lambda_perp * ops.sum_squares(r)
            if not lambda_G:
                return value, (2 * lambda_perp, r)
            value = value + lambda_G * ops.sum_squares(Px)
            return value, (1, (2 * lambda_perp) * r + (2 * lambda_G) * Px)

        return ops.with_gradient(value_and_gradient, x)


def _norm(ops: Any, x: Any, squared: bool) -> Any:
    """Per-row Frobenius norm of a (B, mn) array, squared if asked."""
    s = _squared_norms(ops, x).sum(axis=-1)
    return s if squared else ops.sqrt(s)


@lru_cache(maxsize=256)
def _single(P: Projector, shape: tuple[int, ...], form: str) -> FusedProjection:
    return FusedProjection([P], [shape], form)


# --- the functions ----------------------------------------------------------------------------


def equivariant_part(T: Any, P: Projector, *, form: str = "auto") -> Any:
    """P(T) for a numpy, torch or JAX array, in that framework, differentiable.

    Parameters
    ----------
    T : array
        One map or a batch (see the module docstring for the layout), real or complex.
    P : Projector
    form : {"auto", "orbit", "spectral", "basis"}
        How P is applied; see the module docstring.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> C3 = gp.cyclic(3)
    >>> P = gp.projector(C3.regular(), C3.regular())
    >>> T = gp.equivariant_part(np.eye(3)[[1, 2, 0]] + np.eye(3), P)
    >>> bool(np.allclose(gp.equivariant_part(T, P), T))
    True
    """
    ops = _ops(_framework(T))
    T = ops.asarray(T)
    return _single(P, tuple(T.shape), form).project([T])[0]


def penalty(
    T: Any,
    P: Projector,
    *,
    lambda_G: float = 0.0,
    lambda_perp: float = 1.0,
    squared: bool = True,
    form: str = "auto",
) -> Any:
    """The projection penalty λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖ of each map in T.

    What is returned, per map (an array over T's batch axes, a 0-d array for
    one map), in T's framework:

    * defaults (λ_G = 0, λ_⊥ = 1, squared): ‖T − P(T)‖_F², the squared distance
      to Hom_G(V, W), equal to ``P.penalty(T)``; its gradient is 2(T − P(T));
    * λ_G = 1, λ_⊥ = 0: ‖P(T)‖_F², the squared size of the equivariant part;
    * in general: λ_G N(P(T)) + λ_⊥ N(T − P(T)) with N = ‖·‖_F² if ``squared``
      else ‖·‖_F. Since P is orthogonal, ‖T‖² = ‖P(T)‖² + ‖T − P(T)‖².

    For many layers, :class:`FusedProjection` (or :mod:`groupproj.torch`,
    :mod:`groupproj.jax`) sums the penalties in one pass.

    Parameters
    ----------
    T : array
        numpy, torch or JAX; trailing axes one map (row-major), leading axes a batch.
    P : Projector
    lambda_G, lambda_perp : float
        Weights of the equivariant and the non-equivariant term.
    squared : bool
        Squared Frobenius norms (the default) or plain ones.
    form : {"auto", "orbit", "spectral", "basis"}
        How P is applied; ``"basis"`` is the dense-basis form.

    Cost: that of one application of P (see the module docstring) plus O(mn).

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> C2 = gp.cyclic(2)
    >>> P = gp.projector(C2.regular(), C2.regular())
    >>> float(gp.penalty(np.array([[1.0, 0.0], [0.0, 0.0]]), P))
    0.5
    """
    _require_projector(P)
    ops = _ops(_framework(T))
    T = ops.asarray(T)
    m, n = P.shape
    k = _map_axes(tuple(T.shape), m * n)
    PT = _single(P, tuple(T.shape), form).project([T])[0]
    lead = (*tuple(T.shape[:k]), m * n)
    total: Any = 0.0
    if lambda_perp:
        total = total + lambda_perp * _norm(ops, (T - PT).reshape(lead), squared)
    if lambda_G:
        total = total + lambda_G * _norm(ops, PT.reshape(lead), squared)
    if not (lambda_perp or lambda_G):
        total = _norm(ops, T.reshape(lead), squared) * 0.0
    return total
