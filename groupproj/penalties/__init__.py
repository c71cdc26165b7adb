"""Projection penalties on numpy, torch and JAX arrays.

For a layer with weights T, a map V → W, the projection regulariser is

    λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖,

with P the Frobenius-orthogonal projector onto Hom_G(V, W) and ‖·‖ the Frobenius norm,
squared by default. The second term is the distance from T to the equivariant maps; the
first is the size of T's equivariant part.

P runs in the array's own framework, on its device, and is differentiable there (torch
autograd, ``jax.grad`` and ``jax.jit``), without ever building the (mn)×(mn) operator. The
framework is read from the arrays' types, so the core imports neither torch nor jax.

The package:

* :mod:`~groupproj.penalties.plans`: the forms (orbit, permuted, tiled, spectral, basis) as
  frozen plans compiled once from a projector, and what ``form="auto"`` picks;
* :mod:`~groupproj.penalties.engine`: the executor, :class:`FusedProjection` over many
  layers, and the array layout;
* :mod:`~groupproj.penalties.namespaces`: the numpy, torch and JAX back-ends;
* :mod:`~groupproj.penalties.functions`: :func:`penalty` and :func:`equivariant_part`.
"""

from groupproj.penalties.engine import FusedProjection
from groupproj.penalties.functions import equivariant_part, penalty
from groupproj.penalties.plans import FORMS

__all__ = ["FORMS", "FusedProjection", "equivariant_part", "penalty"]
