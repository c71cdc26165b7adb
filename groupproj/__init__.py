"""groupproj: group representations and exact projectors onto equivariant maps.

Every public name is re-exported here; see ``__all__``. The core imports
neither torch nor jax; :mod:`groupproj.export` loads them on demand.
"""

from groupproj import export
from groupproj._version import __version__
from groupproj.batch import run_batch
from groupproj.cache import CacheWarning, cached_projector
from groupproj.characters import character_inner_product
from groupproj.equivariant import VEC_CONVENTION, Projector, projector
from groupproj.equivariant.factory import bias_projector
from groupproj.equivariant.kernels import kernel_projector
from groupproj.errors import *  # noqa: F403
from groupproj.errors import __all__ as _errors_all
from groupproj.groups import *  # noqa: F403
from groupproj.groups import __all__ as _groups_all
from groupproj.io import load
from groupproj.penalties import FusedProjection, equivariant_part, penalty
from groupproj.reps import *  # noqa: F403
from groupproj.reps import __all__ as _reps_all
from groupproj.reps.grid import grid_rep
from groupproj.testing import (
    assert_equivariant,
    check_representation,
    equivariance_error,
    is_equivariant,
    lie_derivative_error,
)

__all__ = [
    "__version__",
    "assert_equivariant",
    "check_representation",
    "equivariance_error",
    "is_equivariant",
    "lie_derivative_error",
    "VEC_CONVENTION",
    "CacheWarning",
    "Projector",
    "cached_projector",
    "character_inner_product",
    "FusedProjection",
    "bias_projector",
    "equivariant_part",
    "export",
    "grid_rep",
    "kernel_projector",
    "penalty",
    "load",
    "projector",
    "run_batch",
    *_errors_all,
    *_groups_all,
    *_reps_all,
]
