"""How frameworks store layer parameters, and the projectors that fit them.

A projector P onto Hom_G(V, W) acts on a map of shape ``P.shape = (W.dim, V.dim) = (m, n)``
read from an array's trailing axes in row-major order (:mod:`groupproj.penalties`). A layer's
parameter is that map after a fixed permutation of its axes, its *view*:

===========================  =========================  ================================
parameter                    stored shape               view, and the map it holds
===========================  =========================  ================================
torch ``Linear.weight``      (out, in)                  the same; map (out, in)
torch ``Conv{d}d.weight``    (C_out, C_in, k, …, k)     the same; map (C_out, C_in·k^d)
torch ``ConvTranspose{d}d``  (C_in, C_out, k, …, k)     axes 0, 1 swapped: (C_out, C_in, k, …)
flax ``Dense`` kernel        (in, out)                  (out, in)
flax ``Conv`` kernel         (k, …, k, C_in, C_out)     (C_out, C_in, k, …, k)
bias, batch-norm β and γ     (C,)                       the same; map (C, 1) from the trivial rep
===========================  =========================  ================================

A kernel's map is ρ_in ⊗ ρ_grid → ρ_out (:mod:`groupproj.equivariant.kernels`); its projector
is ``gp.kernel_projector(rep_in, rep_out, k)``, whose V records the grid, so a kernel
projector over a grid of another dimension or size is refused even where the entry counts
agree (a 1D kernel of 9 taps against a 3×3 grid).

Transposed convolutions
-----------------------
With stride 1, ``conv_transpose(f, K)`` equals ``conv(f, K')`` (padded to match) with
K'[o, c, x] = K[c, o, −x]: channel axes swapped and the kernel reflected. The layer maps
fields ρ_in → ρ_out equivariantly exactly when K' is a steerable kernel,
K'(M(g) x) = ρ_out(g) K'(x) ρ_in(g)⁻¹. That space S is mapped onto itself by the reflection
R: x ↦ −x (M(g) is linear), and R permutes entries, so R is orthogonal and commutes with
the orthogonal projector P onto S. The projector onto {K : K' ∈ S} is therefore
swap ∘ R⁻¹ P R ∘ swap = swap ∘ P ∘ swap: the projector of the layer's map,
``kernel_projector(rep_in, rep_out, k)`` exactly as for a convolution, applied to the view
with the channel axes swapped, without the reflection. For orthogonal representations
this is also ``kernel_projector(rep_out, rep_in, k)`` applied to K as stored; the view
keeps the one convention (map = (out, in)) for every layer.

Scales
------
A batch-norm scale γ multiplies channel c by γ_c, the map diag(γ); it commutes with ρ(g)
for a permutation representation exactly when γ is constant on each orbit of channels, the
invariant vectors, so ``gp.bias_projector(rep)`` serves it. For other representations
(irreps of dimension > 1) a per-channel scale is not equivariant at all: use one scale per
field (a norm-based batch norm) instead.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from groupproj.equivariant.factory import bias_projector, projector
from groupproj.equivariant.kernels import kernel_projector
from groupproj.equivariant.projector import Projector
from groupproj.equivariant.steerable import SteerableProjector
from groupproj.equivariant.steerable_basis import grid_dimension
from groupproj.errors import (
    DimensionMismatchError,
    GroupMismatchError,
    LayoutMismatchError,
    NotAPermutationError,
)
from groupproj.groups.compact import CompactGroup
from groupproj.reps.algebra import TensorProduct
from groupproj.reps.base import Representation
from groupproj.reps.grid import GridRep, grid_rep
from groupproj.testing import elements_to_check

__all__ = [
    "KINDS",
    "Layout",
    "ProjectionShrinkWarning",
    "chain_projectors",
    "warn_if_shrunk",
]

KINDS = ("linear", "conv", "vector", "scale", "array")
"""Parameter kinds: a matrix, a kernel over a grid, an additive vector (bias, β), a
per-channel scale (γ), and any other array (the trailing-axes rule, unchecked)."""

SHRINK_FACTOR = 10.0
"""Projection that divides a parameter's norm by more than this warns."""


class ProjectionShrinkWarning(UserWarning):
    """Projection divided a parameter's norm by more than 10: the parameter was mostly
    outside the equivariant subspace (as a default, non-equivariant initialisation is), and
    what is left is small. Initialise with ``groupproj.torch.equivariant_init_`` instead,
    or project with ``preserve_norm=True``."""


@dataclass(frozen=True)
class Layout:
    """How one parameter is stored, and the permutation of its axes that gives its map.

    Attributes
    ----------
    layer : str
        What holds the parameter, for messages (``"Conv2d"``, ``"flax Dense"``, ``"bias"``).
    kind : str
        One of :data:`KINDS`.
    shape : tuple of int
        The stored shape.
    axes : tuple of int or None
        The view is ``array.transpose(axes)`` (``permute`` in torch); ``None``: the array.

    Examples
    --------
    >>> from groupproj.layouts import Layout
    >>> transposed = Layout("ConvTranspose2d", "conv", (16, 8, 3, 3), (1, 0, 2, 3))
    >>> transposed.view_shape, transposed.map_shape
    ((8, 16, 3, 3), (8, 144))
    """

    layer: str
    kind: str
    shape: tuple[int, ...]
    axes: tuple[int, ...] | None = None

    @property
    def view_shape(self) -> tuple[int, ...]:
        """The shape of the view: (out, in), (C_out, C_in, k, …, k) or (C,)."""
        if self.axes is None:
            return self.shape
        return tuple(self.shape[a] for a in self.axes)

    @property
    def inverse_axes(self) -> tuple[int, ...] | None:
        """The permutation that takes the view back to the stored array."""
        return None if self.axes is None else tuple(int(a) for a in np.argsort(self.axes))

    @property
    def kernel(self) -> tuple[int, ...]:
        """The kernel sizes of a ``"conv"`` view, else ``()``."""
        return self.view_shape[2:] if self.kind == "conv" else ()

    @property
    def map_shape(self) -> tuple[int, int] | None:
        """The shape (m, n) of the map its projector must have; ``None`` for ``"array"``."""
        view = self.view_shape
        if self.kind == "linear":
            return (view[0], view[1])
        if self.kind == "conv":
            return (view[0], view[1] * int(np.prod(self.kernel, dtype=np.int64)))
        if self.kind in ("vector", "scale"):
            return (view[0], 1)
        return None

    def _fix(self, m: int, n: int) -> str:
        """What builds a projector of the right shape, for messages."""
        if self.kind == "linear":
            return f"gp.projector(rep_in, rep_out) with rep_in.dim = {n}, rep_out.dim = {m}"
        if self.kind == "conv":
            k = self.kernel[0]
            return (
                f"gp.kernel_projector(rep_in, rep_out, {k}) with rep_in.dim = {self.view_shape[1]}"
                f", rep_out.dim = {m}, on a {len(self.kernel)}-dimensional grid"
            )
        return f"gp.bias_projector(rep) with rep.dim = {m}"

    def check(self, P: Projector, name: str) -> None:
        """Refuse a projector that does not fit this layout.

        Checks the map's shape, and where the projector records its representations: that a
        kernel's V ends in a grid of the kernel's dimension and size (a steerable projector's
        own grid, for SO(2), O(2), SO(3), O(3)), that a vector's V is
        the trivial representation, and that a scale acts on a permutation representation.
        Costs O(|S|) for the S generators checked.

        Raises
        ------
        LayoutMismatchError
            If the shape or the grid does not fit, with the projector that does.
        NotAPermutationError
            If a per-channel scale is given a projector on a non-permutation representation.
        """
        expected = self.map_shape
        if expected is None:
            return
        m, n = expected
        where = f"{name} ({self.layer}, stored as {self.shape})"
        if tuple(P.shape) != expected:
            stored = self.shape[0], int(np.prod(self.shape[1:], dtype=np.int64))
            hint = ""
            if self.axes is not None and tuple(P.shape) == stored:
                hint = (
                    " The projector fits the stored axes: give the projector of the layer's"
                    " map, (out, in) as for every layer; the view swaps the axes."
                )
            raise LayoutMismatchError(
                f"{where} is a map of shape {expected}, but the projector has shape "
                f"{tuple(P.shape)}.{hint} Build it with {self._fix(m, n)}."
            )
        V, W = getattr(P, "V", None), getattr(P, "W", None)
        if self.kind == "conv" and V is not None:
            grid = P.grid if isinstance(P, SteerableProjector) else _grid_factor(V)
            kernel = self.kernel
            if grid is None:
                raise LayoutMismatchError(
                    f"{where} is a kernel over a {'x'.join(map(str, kernel))} grid, but the "
                    f"projector's V = {V.name} records no grid. Build it with {self._fix(m, n)}."
                )
            if grid.ndim != len(kernel) or any(k != grid.size for k in kernel):
                raise LayoutMismatchError(
                    f"{where} is a kernel over a {'x'.join(map(str, kernel))} grid, but the "
                    f"projector's grid is {grid.name}. Build it with {self._fix(m, n)}."
                )
        if self.kind in ("vector", "scale") and V is not None and not _is_trivial(V):
            raise LayoutMismatchError(
                f"{where} is a vector, a map from the trivial representation, but the "
                f"projector maps from {V.name}. Build it with {self._fix(m, n)}."
            )
        if self.kind == "scale" and W is not None and not W.is_permutation:
            raise NotAPermutationError(
                f"{where} scales each channel; diag(γ) commutes with ρ(g) only for a "
                f"permutation representation, and {W.name} is not one. Use one scale per "
                "field (a norm-based batch norm) for fields of irreps."
            )


def _grid_factor(V: Representation) -> GridRep | None:
    """The grid of a kernel's source rep_in ⊗ grid, or ``None`` if it has none."""
    if isinstance(V, GridRep):
        return V
    if isinstance(V, TensorProduct) and isinstance(V.parts[-1], GridRep):
        return V.parts[-1]
    return None


def _is_trivial(V: Representation) -> bool:
    """Whether V is one-dimensional with ρ(g) = 1 on the elements that decide it."""
    if V.dim != 1:
        return False
    return all(np.allclose(V(g), 1.0) for g in elements_to_check(V.group, 8, seed=0))


def chain_projectors(
    entries: Sequence[tuple[str, Layout]],
    reps: Sequence[Representation],
    action: Any = None,
    method: str = "auto",
) -> dict[str, Projector]:
    """The projector of every parameter of a chain of layers, from the representations between.

    Walks ``entries`` in order. The i-th ``"linear"`` or ``"conv"`` entry is layer i, a map
    ``reps[i] → reps[i + 1]``: ``gp.projector(reps[i], reps[i + 1])`` for a matrix,
    ``gp.kernel_projector(reps[i], reps[i + 1], grid)`` for a kernel, the grid being
    ``grid_rep(G, k, action)`` for the kernel side k (for SO(2), O(2), SO(3), O(3): k, the
    steerable kernels with their default rings). A ``"vector"`` or ``"scale"`` entry
    (a bias, batch-norm β or γ) lives on the representation reached so far (``reps[i]``
    after i layers) and gets ``gp.bias_projector``. Equal projectors are built once.

    Parameters
    ----------
    entries : sequence of (name, Layout)
        The parameters, in the order the data flows through them.
    reps : sequence of Representation
        ``reps[0]`` is the first layer's input; ``reps[i + 1]`` is layer i's output and
        layer i + 1's input.
    action : sequence of integer matrices, optional
        How the group moves the kernels' grids (see :func:`groupproj.grid_rep`); by
        default its geometric action.
    method : str
        Projector back-end, as in :func:`groupproj.projector`.

    Raises
    ------
    DimensionMismatchError
        If the number of layers is not ``len(reps) - 1``, or a layer's channel counts are
        not the dimensions of the representations around it.
    GroupMismatchError
        If the representations are not all of one group.
    LayoutMismatchError
        If a kernel is not a cube, or its dimension is not the grid action's.
    NotAPermutationError
        If a per-channel scale sits on a representation that does not permute channels.

    Examples
    --------
    >>> import groupproj as gp
    >>> from groupproj.layouts import Layout, chain_projectors
    >>> D4 = gp.dihedral(4)
    >>> entries = [("conv.weight", Layout("Conv2d", "conv", (8, 1, 3, 3))),
    ...            ("conv.bias", Layout("bias", "vector", (8,))),
    ...            ("head.weight", Layout("Linear", "linear", (2, 8)))]
    >>> Ps = chain_projectors(entries, [D4.trivial(), D4.regular(), D4.trivial() + D4.trivial()])
    >>> [(name, P.dim) for name, P in Ps.items()]
    [('conv.weight', 9), ('conv.bias', 1), ('head.weight', 2)]
    """
    reps = list(reps)
    layers = [name for name, lay in entries if lay.kind in ("linear", "conv")]
    if len(reps) != len(layers) + 1:
        raise DimensionMismatchError(
            f"{len(layers)} layers {layers} need {len(layers) + 1} representations (the input "
            f"of each and the output of the last), got {len(reps)}"
        )
    group = reps[0].group
    for i, rep in enumerate(reps):
        if rep.group != group:
            raise GroupMismatchError(
                f"reps[{i}] = {rep.name} is a representation of {rep.group.name}, but reps[0] "
                f"of {group.name}; one group acts on the whole chain"
            )
    built: dict[tuple, Projector] = {}
    out: dict[str, Projector] = {}
    i = 0
    for name, lay in entries:
        if lay.kind in ("linear", "conv"):
            a, b = reps[i], reps[i + 1]
            c_out, c_in = lay.view_shape[:2]
            if (c_in, c_out) != (a.dim, b.dim):
                raise DimensionMismatchError(
                    f"{name} ({lay.layer}) maps {c_in} to {c_out} channels, but reps[{i}] = "
                    f"{a.name} has dim {a.dim} and reps[{i + 1}] = {b.name} has dim {b.dim}; "
                    f"layer {i}'s input must be reps[{i}] and its output reps[{i + 1}], the "
                    "next layer's input"
                )
            key: tuple = (lay.kind, a, b, lay.kernel)
            if key not in built:
                built[key] = (
                    projector(a, b, method)
                    if lay.kind == "linear"
                    else kernel_projector(a, b, _kernel_grid(name, lay, group, action), method)
                )
            i += 1
        elif lay.kind in ("vector", "scale"):
            rep = reps[i]
            if lay.shape[0] != rep.dim:
                raise DimensionMismatchError(
                    f"{name} ({lay.layer}) has {lay.shape[0]} channels, but it follows layer "
                    f"{i - 1}, whose output reps[{i}] = {rep.name} has dim {rep.dim}"
                )
            key = ("vector", rep)
            if key not in built:
                built[key] = bias_projector(rep, method)
        else:
            raise LayoutMismatchError(
                f"{name} ({lay.layer}) is not a matrix, kernel, bias or scale, so the chain "
                "of representations does not fix its projector; give it by hand"
            )
        lay.check(built[key], name)
        out[name] = built[key]
    return out


def _kernel_grid(name: str, lay: Layout, group: Any, action: Any) -> GridRep | int:
    """The grid of a kernel: a GridRep for a finite group, the side k for SO(2), O(2), SO(3),
    O(3) (whose steerable kernels :func:`kernel_projector` samples on the k^D grid)."""
    kernel = lay.kernel
    if len(set(kernel)) != 1:
        raise LayoutMismatchError(
            f"{name} ({lay.layer}) has a {'x'.join(map(str, kernel))} kernel; the group moves "
            "cubic grids only, so give the layer a kernel of one size on every axis"
        )
    if isinstance(group, CompactGroup):
        ndim = grid_dimension(group)
        if ndim != len(kernel):
            raise LayoutMismatchError(
                f"{name} ({lay.layer}) has a {len(kernel)}-dimensional kernel, but the "
                f"steerable kernels of {group.name} live on {ndim}-dimensional grids"
            )
        return kernel[0]
    grid = grid_rep(group, kernel[0], action)
    if grid.ndim != len(kernel):
        raise LayoutMismatchError(
            f"{name} ({lay.layer}) has a {len(kernel)}-dimensional kernel, but {group.name} "
            f"acts on {grid.ndim}-dimensional grids; pass action= with one "
            f"{len(kernel)}×{len(kernel)} integer matrix per generator"
        )
    return grid


def warn_if_shrunk(names: Sequence[str], before: Sequence[float], after: Sequence[float]) -> None:
    """Warn (:class:`ProjectionShrinkWarning`) about parameters whose projection is more
    than :data:`SHRINK_FACTOR` times smaller than they are."""
    shrunk = [
        f"{name} by {b / a:.3g}×" if a > 0 else f"{name} to zero"
        for name, b, a in zip(names, before, after)
        if b > SHRINK_FACTOR * a
    ]
    if shrunk:
        warnings.warn(
            f"projection shrank {', '.join(shrunk)}: these parameters were mostly outside the "
            "equivariant subspace. At initialisation use groupproj.torch.equivariant_init_ "
            "(He variance on that subspace), or project with preserve_norm=True",
            ProjectionShrinkWarning,
            stacklevel=3,
        )
