"""Exact (sympy) projections P(A), whatever structure P holds.

An orbit structure is exact by itself (means of sympy entries). Otherwise P is rebuilt
exactly from V and W: in their exact isotypic bases (Schur's lemma, the spectral domain)
or by the exact group average over a finite group's transversals (the spatial domain),
whichever applies, spectral first for a projector built by the spectral back-end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from groupproj.equivariant.average import project_exact_average
from groupproj.equivariant.spectral import SpectralBackend, project_exact_spectral
from groupproj.equivariant.structure import Orbits
from groupproj.errors import ExactnessError

if TYPE_CHECKING:
    from groupproj.equivariant.projector import Projector

__all__ = ["project_exact"]


def project_exact(P: Projector, A: sympy.Matrix) -> sympy.Matrix:
    """P(A) in exact arithmetic for a sympy matrix A of P's shape.

    Raises
    ------
    ExactnessError
        If neither V and W nor P's structure are known exactly.
    """
    if isinstance(P.structure, Orbits):
        return P.structure.apply_exact(A)
    if P.grid is not None:
        raise ExactnessError(
            "steerable kernels are Gaussian rings times harmonics sampled on a grid, known in "
            "floating point only; project numpy arrays instead, or use the finite groups "
            "(C4, D4, O, O_h) of kernel_projector for exact kernels"
        )
    V, W = P.V, P.W
    if V is None or W is None:
        raise ExactnessError(
            "this projector was read from a file whose representations could not be rebuilt, "
            "and its stored numbers are floating point; build it with gp.projector(V, W) for "
            "exact projections"
        )

    def spectral() -> sympy.Matrix | None:
        if SpectralBackend.unsuitable(V, W) is not None:
            return None
        return project_exact_spectral(V, W, A)

    attempts = (spectral, lambda: project_exact_average(V, W, A))
    if P.method != "spectral":
        attempts = attempts[::-1]
    for attempt in attempts:
        try:
            out = attempt()
        except ExactnessError:  # this route needs exact data V or W lacks; try the other
            continue
        if out is not None:
            return out
    raise ExactnessError(
        f"no exact form of Hom_{V.group.name}({V.name}, {W.name}) is known: the quadrature "
        "of a compact group is floating point, and exact isotypic bases are known only for "
        "small representations built from exact parts"
    )
