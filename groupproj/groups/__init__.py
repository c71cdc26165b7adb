"""Groups: the protocol, finite permutation and matrix groups, products, named groups and the
32 crystallographic point groups."""

from groupproj.groups.base import ConjugacyClass, FiniteGroup, Group, GroupElement
from groupproj.groups.compact import CompactGroup
from groupproj.groups.graph import automorphism_group
from groupproj.groups.matrix import MatrixGroup, matrix_group
from groupproj.groups.named import (
    alternating,
    cyclic,
    dihedral,
    full_octahedral,
    icosahedral,
    klein_four,
    octahedral,
    quaternion,
    symmetric,
    tetrahedral,
)
from groupproj.groups.permutation import PermutationGroup, permutation_group
from groupproj.groups.planar import O2, SO2
from groupproj.groups.point import point_group
from groupproj.groups.product import DirectProduct, direct_product
from groupproj.groups.rotation3d import O3, SO3, SU2

__all__ = [
    "CompactGroup",
    "O2",
    "O3",
    "SO2",
    "SO3",
    "SU2",
    "ConjugacyClass",
    "DirectProduct",
    "FiniteGroup",
    "Group",
    "GroupElement",
    "MatrixGroup",
    "PermutationGroup",
    "alternating",
    "automorphism_group",
    "cyclic",
    "dihedral",
    "direct_product",
    "full_octahedral",
    "icosahedral",
    "klein_four",
    "matrix_group",
    "octahedral",
    "permutation_group",
    "point_group",
    "quaternion",
    "symmetric",
    "tetrahedral",
]
