"""Representations: the protocol, the basic ones, the algebra, irreps and couplings.

The names below are imported from their modules on first use.
"""

from groupproj._lazy import lazy_names

_LOCATIONS = {
    "ChangeOfBasis": "groupproj.reps.algebra",
    "DirectSum": "groupproj.reps.algebra",
    "Dual": "groupproj.reps.algebra",
    "Inflation": "groupproj.reps.algebra",
    "Restriction": "groupproj.reps.algebra",
    "TensorProduct": "groupproj.reps.algebra",
    "direct_sum": "groupproj.reps.algebra",
    "tensor": "groupproj.reps.algebra",
    "Representation": "groupproj.reps.base",
    "rep_from_generators": "groupproj.reps.basic",
    "finite_clebsch_gordan": "groupproj.reps.coupling",
    "Irrep": "groupproj.reps.irrep",
}

__all__ = sorted(_LOCATIONS)
__getattr__, __dir__ = lazy_names(__name__, globals(), _LOCATIONS)
