"""Finite groups from index data: classes, character tables, irreps and decompositions."""

from groupproj.finite.character_table import REAL_TYPES, CharacterTable, character_table
from groupproj.finite.classes import (
    class_index,
    class_multiplication_coefficients,
    conjugacy_classes,
    element_orders,
    power_map,
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
]
