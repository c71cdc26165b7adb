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
from groupproj.reps.coupling import finite_clebsch_gordan
from groupproj.reps.irrep import Irrep

__all__ = [
    "ChangeOfBasis",
    "DirectSum",
    "Dual",
    "Inflation",
    "Irrep",
    "Representation",
    "Restriction",
    "TensorProduct",
    "direct_sum",
    "finite_clebsch_gordan",
    "rep_from_generators",
    "tensor",
]
