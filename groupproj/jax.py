"""The projection penalty for JAX parameter pytrees.

:class:`ProjectionPenalty` sums λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖ over the leaves of
a parameter pytree named by their paths, in one fused pass (see
:class:`groupproj.FusedProjection`); it works under ``jax.jit`` and
``jax.grad``. :meth:`ProjectionPenalty.project` returns the pytree with those
leaves replaced by their equivariant parts. jax is imported when this module is.

Paths are the keys from the root joined by ``"/"``, e.g. ``"dense1/kernel"`` or
``"layers/0/w"``. A leaf is taken in the (out, in) layout of :mod:`groupproj.penalties`
unless ``layouts`` says how it is stored (:mod:`groupproj.layouts`): a flax ``Dense``
kernel is (in, out) and a flax ``Conv`` kernel (k, …, k, C_in, C_out), viewed as
(out, in) and (C_out, C_in, k, …, k). :meth:`ProjectionPenalty.for_sequence` reads those
layouts from the kernels' shapes and builds every projector from the representations
between the layers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from groupproj.equivariant.projector import Projector
from groupproj.errors import UnknownNameError
from groupproj.export import _require
from groupproj.layouts import Layout, chain_projectors, warn_if_shrunk
from groupproj.penalties import FusedProjection
from groupproj.reps.base import Representation

jax = _require("jax", "jax")

__all__ = ["ProjectionPenalty", "leaf_paths"]


def _key_name(key: Any) -> str:
    for attr in ("key", "idx", "name"):
        if hasattr(key, attr):
            return str(getattr(key, attr))
    return str(key)


def leaf_paths(params: Any) -> list[str]:
    """The ``"/"``-joined path of every leaf of a pytree, in leaf order."""
    flat, _ = jax.tree_util.tree_flatten_with_path(params)
    return ["/".join(_key_name(k) for k in path) for path, _ in flat]


def _kernels(params: Any, prefix: str = "") -> list[str]:
    """Paths of the mappings holding a ``"kernel"`` leaf, in the params' insertion order."""
    found = []
    if isinstance(params, Mapping):
        if "kernel" in params:
            found.append(prefix)
        for key, value in params.items():
            found += _kernels(value, f"{prefix}/{key}" if prefix else str(key))
    return found


def _leaf(params: Any, path: str) -> Any:
    for key in path.split("/"):
        if not isinstance(params, Mapping) or key not in params:
            raise UnknownNameError(f"no leaf at {path!r}; the leaves are at {leaf_paths(params)}")
        params = params[key]
    return params


def _flax_layout(kernel: Any) -> Layout:
    """A flax ``Dense`` kernel (in, out) or ``Conv`` kernel (k, …, k, C_in, C_out)."""
    d = kernel.ndim - 2
    if d == 0:
        return Layout("flax Dense", "linear", tuple(kernel.shape), (1, 0))
    return Layout("flax Conv", "conv", tuple(kernel.shape), (d + 1, d, *range(d)))


class ProjectionPenalty:
    """The projection penalty over leaves of a JAX parameter pytree.

    Parameters
    ----------
    projectors : mapping of str to Projector
        Leaf path (see :func:`leaf_paths`) to the projector of its map, (out, in).
    layouts : mapping of str to Layout, optional
        How a leaf is stored, where it is not its map: the view ``transpose(leaf, axes)``
        is projected (:mod:`groupproj.layouts`). Each projector is checked against its
        layout.
    lambda_G, lambda_perp : float
        Weights of ‖P(T)‖ and ‖T − P(T)‖.
    squared : bool
        Squared Frobenius norms (default) or plain ones.
    form : str
        How each P is applied (see :mod:`groupproj.penalties`).

    The fused index data is built once per set of leaf shapes and kept.

    Examples
    --------
    >>> import jax, jax.numpy as jnp, groupproj as gp
    >>> from groupproj.jax import ProjectionPenalty
    >>> C4 = gp.cyclic(4)
    >>> reg = ProjectionPenalty({"w": gp.projector(C4.regular(), C4.regular())})
    >>> params = {"w": jnp.eye(4)[::-1], "b": jnp.zeros(4)}
    >>> grads = jax.grad(reg)(params)
    >>> float(reg(reg.project(params))) < 1e-10
    True
    """

    def __init__(
        self,
        projectors: Mapping[str, Projector],
        *,
        layouts: Mapping[str, Layout] | None = None,
        lambda_G: float = 0.0,
        lambda_perp: float = 1.0,
        squared: bool = True,
        form: str = "auto",
    ):
        self.projectors = dict(projectors)
        self.layouts = dict(layouts or {})
        unknown = sorted(set(self.layouts) - set(self.projectors))
        if unknown:
            raise UnknownNameError(f"layouts for {unknown}, which have no projector")
        for path, lay in self.layouts.items():
            lay.check(self.projectors[path], path)
        self.lambda_G = lambda_G
        self.lambda_perp = lambda_perp
        self.squared = squared
        self.form = form
        self._fused: dict[tuple, FusedProjection] = {}

    @classmethod
    def for_sequence(
        cls,
        params: Any,
        reps: Sequence[Representation],
        *,
        layers: Sequence[str] | None = None,
        action: Any = None,
        method: str = "auto",
        **kwargs: Any,
    ) -> ProjectionPenalty:
        """The penalty of a chain of flax ``Dense`` and ``Conv`` layers, from the
        representations between them.

        Layer i, the mapping at path ``layers[i]`` with leaves ``kernel`` and ``bias``, maps
        ``reps[i]`` to ``reps[i + 1]``: a 2-D kernel is a ``Dense`` (in, out), a kernel of
        d + 2 axes a ``Conv`` (k, …, k, C_in, C_out) over a d-dimensional grid; projectors
        as in :func:`groupproj.layouts.chain_projectors`. Channel counts are checked
        against the dimensions. A transposed convolution's kernel cannot be told from a
        convolution's by its shape: give its projector by hand.

        Parameters
        ----------
        params : pytree
            The parameters (only the shapes are read).
        reps : sequence of Representation
            ``len(layers) + 1`` representations of one group.
        layers : sequence of str, optional
            Paths of the layers in the order the data flows; by default every mapping with
            a ``"kernel"`` leaf, in the params' insertion order (flax's order of creation).
        action, method, **kwargs
            As for :meth:`groupproj.torch.ProjectionPenalty.for_sequence`.

        Examples
        --------
        >>> import jax.numpy as jnp, groupproj as gp
        >>> from groupproj.jax import ProjectionPenalty
        >>> D4 = gp.dihedral(4)
        >>> params = {"Conv_0": {"kernel": jnp.arange(72.0).reshape(3, 3, 1, 8),
        ...                      "bias": jnp.zeros(8)},
        ...           "Dense_0": {"kernel": jnp.ones((8, 2)), "bias": jnp.zeros(2)}}
        >>> reg = ProjectionPenalty.for_sequence(
        ...     params, [D4.trivial(), D4.regular(), D4.trivial() + D4.trivial()])
        >>> sorted(reg.projectors)
        ['Conv_0/bias', 'Conv_0/kernel', 'Dense_0/bias', 'Dense_0/kernel']
        >>> float(reg(params)) > 0, float(reg(reg.project(params))) < 1e-10
        (True, True)
        """
        entries = []
        for layer in _kernels(params) if layers is None else layers:
            node = _leaf(params, layer)
            entries.append((f"{layer}/kernel", _flax_layout(node["kernel"])))
            if "bias" in node:
                bias = tuple(node["bias"].shape)
                entries.append((f"{layer}/bias", Layout("flax bias", "vector", bias)))
        projectors = chain_projectors(entries, reps, action, method)
        layouts = {name: lay for name, lay in entries if lay.axes is not None}
        return cls(projectors, layouts=layouts, **kwargs)

    def __repr__(self) -> str:
        return f"<ProjectionPenalty over {list(self.projectors)}>"

    def _select(self, params: Any) -> tuple[list[Any], list[int], Any, FusedProjection]:
        leaves, treedef = jax.tree_util.tree_flatten(params)
        paths = leaf_paths(params)
        missing = sorted(set(self.projectors) - set(paths))
        if missing:
            raise UnknownNameError(
                f"no leaf at {missing}; the leaves are at {paths} (keys joined by '/')"
            )
        index = [paths.index(p) for p in self.projectors]
        shapes = tuple(
            tuple(self._view(p, leaves[i]).shape) for p, i in zip(self.projectors, index)
        )
        if shapes not in self._fused:
            self._fused[shapes] = FusedProjection(
                list(self.projectors.values()), shapes, self.form
            )
        return leaves, index, treedef, self._fused[shapes]

    def _view(self, path: str, leaf: Any) -> Any:
        lay = self.layouts.get(path)
        return leaf if lay is None else jax.numpy.transpose(leaf, lay.axes)

    def _views(self, leaves: list[Any], index: list[int]) -> list[Any]:
        return [self._view(p, leaves[i]) for p, i in zip(self.projectors, index)]

    def __call__(self, params: Any) -> Any:
        """λ_G Σ ‖P(T)‖ + λ_⊥ Σ ‖T − P(T)‖ over the named leaves, a scalar."""
        leaves, index, _, fused = self._select(params)
        return fused.penalty(
            self._views(leaves, index),
            lambda_G=self.lambda_G,
            lambda_perp=self.lambda_perp,
            squared=self.squared,
        )

    def project(self, params: Any, preserve_norm: bool = False) -> Any:
        """The pytree with each named leaf replaced by its equivariant part.

        With ``preserve_norm=True`` each is rescaled to the norm the leaf had (zero stays
        zero). Outside ``jax.jit``, warns (:class:`groupproj.layouts.ProjectionShrinkWarning`)
        about leaves whose projection is more than 10 times smaller.
        """
        jnp = jax.numpy
        leaves, index, treedef, fused = self._select(params)
        views = self._views(leaves, index)
        projected = fused.project(views)
        before = [jnp.linalg.norm(v.ravel()) for v in views]
        after = [jnp.linalg.norm(q.ravel()) for q in projected]
        leaves = list(leaves)
        for path, i, q, b, a in zip(self.projectors, index, projected, before, after):
            if preserve_norm:
                q = q * jnp.where(a > 0, b / jnp.where(a > 0, a, 1), 0)
            lay = self.layouts.get(path)
            leaves[i] = q if lay is None else jnp.transpose(q, lay.inverse_axes)
        if not any(isinstance(x, jax.core.Tracer) for x in before):
            warn_if_shrunk(
                list(self.projectors), [float(x) for x in before], [float(x) for x in after]
            )
        return jax.tree_util.tree_unflatten(treedef, leaves)
