"""The projection penalty for JAX parameter pytrees.

:class:`ProjectionPenalty` sums λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖ over the leaves of
a parameter pytree named by their paths, in one fused pass (see
:class:`groupproj.FusedProjection`); it works under ``jax.jit`` and
``jax.grad``. :meth:`ProjectionPenalty.project` returns the pytree with those
leaves replaced by their equivariant parts. jax is imported when this module is.

Paths are the keys from the root joined by ``"/"``, e.g. ``"dense1/kernel"`` or
``"layers/0/w"``. A flax ``Dense`` kernel has shape (in, out), the transpose of
the (out, in) layout of :mod:`groupproj.penalties`; for orthogonal representations
``gp.projector(rep_out, rep_in)`` is its projector, since Kᵀ is equivariant
exactly when K is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from groupproj.equivariant.projector import Projector
from groupproj.errors import UnknownNameError
from groupproj.export import _require
from groupproj.penalties import FusedProjection

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


class ProjectionPenalty:
    """The projection penalty over leaves of a JAX parameter pytree.

    Parameters
    ----------
    projectors : mapping of str to Projector
        Leaf path (see :func:`leaf_paths`) to its projector.
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
        lambda_G: float = 0.0,
        lambda_perp: float = 1.0,
        squared: bool = True,
        form: str = "auto",
    ):
        self.projectors = dict(projectors)
        self.lambda_G = lambda_G
        self.lambda_perp = lambda_perp
        self.squared = squared
        self.form = form
        self._fused: dict[tuple, FusedProjection] = {}

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
        shapes = tuple(tuple(leaves[i].shape) for i in index)
        if shapes not in self._fused:
            self._fused[shapes] = FusedProjection(
                list(self.projectors.values()), shapes, self.form
            )
        return leaves, index, treedef, self._fused[shapes]

    def __call__(self, params: Any) -> Any:
        """λ_G Σ ‖P(T)‖ + λ_⊥ Σ ‖T − P(T)‖ over the named leaves, a scalar."""
        leaves, index, _, fused = self._select(params)
        return fused.penalty(
            [leaves[i] for i in index],
            lambda_G=self.lambda_G,
            lambda_perp=self.lambda_perp,
            squared=self.squared,
        )

    def project(self, params: Any) -> Any:
        """The pytree with each named leaf replaced by its equivariant part."""
        leaves, index, treedef, fused = self._select(params)
        leaves = list(leaves)
        for i, projected in zip(index, fused.project([leaves[i] for i in index])):
            leaves[i] = projected
        return jax.tree_util.tree_unflatten(treedef, leaves)
