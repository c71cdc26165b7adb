"""Finite groups from index data: classes, character tables, irreps and decompositions."""

from groupproj.finite.character_table import REAL_TYPES, CharacterTable, character_table
from groupproj.finite.classes import (
    class_index,
    class_multiplication_coefficients,
    conjugacy_classes,
    element_orders,
    power_map,
)
from groupproj.finite.isotypic import IsotypicDecomposition, isotypic_decomposition
from groupproj.finite.realify import RealForm, real_form, realification
from groupproj.finite.young import (
    irrep_dimension,
    partitions,
    standard_tableaux,
    young_orthogonal_generators,
    young_orthogonal_matrix,
)

__all__ = [
    "REAL_TYPES",
    "CharacterTable",
    "character_table",
    "class_index",
    "class_multiplication_coefficients",
    "conjugacy_classes",
    "element_orders",
    "power_map",
    "IsotypicDecomposition",
    "isotypic_decomposition",
    "RealForm",
    "real_form",
    "realification",
    "irrep_dimension",
    "partitions",
    "standard_tableaux",
    "young_orthogonal_generators",
    "young_orthogonal_matrix",
]
