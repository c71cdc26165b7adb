"""Representations: the protocol, the basic ones, and the algebra."""

from groupproj.reps.algebra import (
    ChangeOfBasis,
    DirectSum,
    Dual,
    Inflation,
    Restriction,
    TensorProduct,
    direct_sum,
    tensor,
)
from groupproj.reps.base import Representation
from groupproj.reps.basic import rep_from_generators

__all__ = [
    "ChangeOfBasis",
    "DirectSum",
    "Dual",
    "Inflation",
    "Representation",
    "Restriction",
    "TensorProduct",
    "direct_sum",
    "rep_from_generators",
    "tensor",
]
