"""Harmonic analysis on the rotation groups SO(3) and SU(2), as pure functions.

Wigner matrices, Clebsch--Gordan coefficients and the conventions that tie
them to rotation matrices, real spherical harmonics and other libraries. See
:mod:`groupproj.harmonic.conventions` for the conventions.
"""

from groupproj.harmonic.cg_table import LabelledMatrix, clebsch_gordan_matrix
from groupproj.harmonic.clebsch_gordan import clebsch_gordan, o3_clebsch_gordan
from groupproj.harmonic.conventions import (
    e3nn_change_of_basis,
    euler_from_matrix,
    from_e3nn_angles,
    l1_to_cartesian,
    matrix_from_euler,
    real_basis_change,
    to_e3nn_angles,
)
from groupproj.harmonic.spherical import real_spherical_harmonics
from groupproj.harmonic.wigner import wigner_D, wigner_d

__all__ = [
    "LabelledMatrix",
    "clebsch_gordan",
    "clebsch_gordan_matrix",
    "o3_clebsch_gordan",
    "e3nn_change_of_basis",
    "euler_from_matrix",
    "from_e3nn_angles",
    "l1_to_cartesian",
    "matrix_from_euler",
    "real_basis_change",
    "real_spherical_harmonics",
    "to_e3nn_angles",
    "wigner_D",
    "wigner_d",
]
