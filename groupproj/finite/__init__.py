"""Finite groups from index data: classes, character tables, irreps and decompositions.

A finite group of order ``N`` enters as its Cayley table: elements are numbered ``0 .. N-1``
with the identity at index 0, ``mult[a, b]`` is the index of ``a*b``, ``inv[a]`` that of
``a^{-1}``, and generators are lists of indices. Representations satisfy
``rho(a*b) = rho(a) @ rho(b)``. All functions here are pure functions of that data.
"""

from groupproj.finite.character_table import REAL_TYPES, CharacterTable, character_table
from groupproj.finite.classes import (
    class_index,
    class_multiplication_coefficients,
    class_quotients,
    conjugacy_classes,
    element_orders,
    power_map,
)
from groupproj.finite.exact_irreps import ExactIrrep, exact_irreps
from groupproj.finite.isotypic import IsotypicDecomposition, isotypic_decomposition
from groupproj.finite.realify import RealForm, real_form, realification
from groupproj.finite.symmetric import (
    class_types,
    cycle_type,
    symmetric_character,
    symmetric_character_table,
)
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
    "class_quotients",
    "conjugacy_classes",
    "element_orders",
    "power_map",
    "ExactIrrep",
    "exact_irreps",
    "class_types",
    "cycle_type",
    "symmetric_character",
    "symmetric_character_table",
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
