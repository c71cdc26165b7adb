"""Groups: the protocol, finite permutation and matrix groups, products, named groups, the
32 crystallographic point groups, and the compact groups SO(2), O(2), SO(3), O(3), SU(2).

The names below are imported from their modules on first use.
"""

from groupproj._lazy import lazy_names

_LOCATIONS = {
    "ConjugacyClass": "groupproj.groups.base",
    "FiniteGroup": "groupproj.groups.base",
    "Group": "groupproj.groups.base",
    "GroupElement": "groupproj.groups.base",
    "CompactGroup": "groupproj.groups.compact",
    "automorphism_group": "groupproj.groups.graph",
    "MatrixGroup": "groupproj.groups.matrix",
    "matrix_group": "groupproj.groups.matrix",
    "alternating": "groupproj.groups.named",
    "cyclic": "groupproj.groups.named",
    "dihedral": "groupproj.groups.named",
    "full_octahedral": "groupproj.groups.named",
    "icosahedral": "groupproj.groups.named",
    "klein_four": "groupproj.groups.named",
    "octahedral": "groupproj.groups.named",
    "quaternion": "groupproj.groups.named",
    "symmetric": "groupproj.groups.named",
    "tetrahedral": "groupproj.groups.named",
    "PermutationGroup": "groupproj.groups.permutation",
    "permutation_group": "groupproj.groups.permutation",
    "O2": "groupproj.groups.planar",
    "SO2": "groupproj.groups.planar",
    "point_group": "groupproj.groups.point",
    "DirectProduct": "groupproj.groups.product",
    "direct_product": "groupproj.groups.product",
    "O3": "groupproj.groups.rotation3d",
    "SO3": "groupproj.groups.rotation3d",
    "SU2": "groupproj.groups.rotation3d",
}

__all__ = sorted(_LOCATIONS)
__getattr__, __dir__ = lazy_names(__name__, globals(), _LOCATIONS)
