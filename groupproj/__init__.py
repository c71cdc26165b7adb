"""groupproj: group representations and exact projectors onto equivariant maps.

``import groupproj as gp`` is cheap: the names below are imported from their modules on
first use (so ``groupproj --help`` never loads sympy, scipy or networkx). Where things are:

* groups — :mod:`groupproj.groups` (finite groups by name or generators, products, graph
  automorphisms; the compact groups SO(2), O(2), SO(3), O(3), SU(2));
* representations — :mod:`groupproj.reps` (the algebra, irreps, decompositions, grids),
  :mod:`groupproj.characters`, :mod:`groupproj.parse` (expressions such as
  ``"natural^2+trivial"`` or e3nn's ``"8x0e+4x1o"``);
* harmonic analysis — :mod:`groupproj.harmonic` (Wigner-D, Clebsch–Gordan, conventions) and
  :mod:`groupproj.finite` (character tables and Young's forms from index data);
* projectors onto Hom_G(V, W) — :mod:`groupproj.equivariant` (the factory, the back-ends,
  their structures, kernels, files), :mod:`groupproj.io` (the file format),
  :mod:`groupproj.cache`;
* the projection penalty — :mod:`groupproj.penalties` and :mod:`groupproj.layouts` (how
  torch and flax lay out each layer's parameters), with the framework adapters
  :mod:`groupproj.torch` and :mod:`groupproj.jax` (imported by name only) and the converters
  :mod:`groupproj.export`;
* checks of your own code — :mod:`groupproj.testing`; size limits — :mod:`groupproj.limits`;
  batches of projectors and the command line — :mod:`groupproj.batch`, :mod:`groupproj.cli`.

``__all__`` lists the names re-exported here; everything else is imported from its module.
The core never imports torch or jax.
"""

from __future__ import annotations

from groupproj._lazy import lazy_names
from groupproj._version import __version__
from groupproj.errors import *  # noqa: F403
from groupproj.errors import __all__ as _errors_all

_LOCATIONS = {
    # groups
    "Group": "groupproj.groups.base",
    "GroupElement": "groupproj.groups.base",
    "FiniteGroup": "groupproj.groups.base",
    "CompactGroup": "groupproj.groups.compact",
    "cyclic": "groupproj.groups.named",
    "dihedral": "groupproj.groups.named",
    "symmetric": "groupproj.groups.named",
    "alternating": "groupproj.groups.named",
    "quaternion": "groupproj.groups.named",
    "klein_four": "groupproj.groups.named",
    "tetrahedral": "groupproj.groups.named",
    "octahedral": "groupproj.groups.named",
    "full_octahedral": "groupproj.groups.named",
    "icosahedral": "groupproj.groups.named",
    "permutation_group": "groupproj.groups.permutation",
    "matrix_group": "groupproj.groups.matrix",
    "direct_product": "groupproj.groups.product",
    "automorphism_group": "groupproj.groups.graph",
    "point_group": "groupproj.groups.point",
    "SO2": "groupproj.groups.planar",
    "O2": "groupproj.groups.planar",
    "SO3": "groupproj.groups.rotation3d",
    "O3": "groupproj.groups.rotation3d",
    "SU2": "groupproj.groups.rotation3d",
    # representations and characters
    "Representation": "groupproj.reps.base",
    "Decomposition": "groupproj.reps.decomposition",
    "rep_from_generators": "groupproj.reps.basic",
    "direct_sum": "groupproj.reps.algebra",
    "tensor": "groupproj.reps.algebra",
    "grid_rep": "groupproj.reps.grid",
    "finite_clebsch_gordan": "groupproj.reps.coupling",
    "character_inner_product": "groupproj.characters",
    "parse_group": "groupproj.parse",
    "parse_rep": "groupproj.parse",
    # harmonic analysis
    "wigner_D": "groupproj.harmonic.wigner",
    "wigner_d": "groupproj.harmonic.wigner",
    "clebsch_gordan": "groupproj.harmonic.clebsch_gordan",
    # projectors, files, cache
    "Projector": "groupproj.equivariant.projector",
    "VEC_CONVENTION": "groupproj.equivariant.projector",
    "projector": "groupproj.equivariant.factory",
    "bias_projector": "groupproj.equivariant.factory",
    "kernel_projector": "groupproj.equivariant.kernels",
    "load": "groupproj.equivariant.files",
    "save": "groupproj.equivariant.files",
    "cached_projector": "groupproj.cache",
    "CacheWarning": "groupproj.cache",
    "ProjectionShrinkWarning": "groupproj.layouts",
    "run_batch": "groupproj.batch",
    "plan_batch": "groupproj.batch",
    "size_limit": "groupproj.limits",
    # the penalty
    "penalty": "groupproj.penalties",
    "equivariant_part": "groupproj.penalties",
    "FusedProjection": "groupproj.penalties",
    # checks
    "check_representation": "groupproj.testing",
    "is_equivariant": "groupproj.testing",
    "equivariance_error": "groupproj.testing",
    "assert_equivariant": "groupproj.testing",
    "lie_derivative_error": "groupproj.testing",
}

__all__ = ["__version__", "export", *_LOCATIONS, *_errors_all]  # noqa: F405 (export is lazy)
__getattr__, __dir__ = lazy_names(__name__, globals(), _LOCATIONS)
