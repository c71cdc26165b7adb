"""Projectors onto the equivariant linear maps Hom_G(V, W)."""

from groupproj.equivariant.base import VEC_CONVENTION, Projector
from groupproj.equivariant.factory import BACKENDS, projector
from groupproj.equivariant.orbit import OrbitProjector
from groupproj.equivariant.quadrature import QuadratureProjector
from groupproj.equivariant.spatial import SpatialProjector
from groupproj.equivariant.spectral import Block, SpectralProjector

__all__ = [
    "BACKENDS",
    "Block",
    "OrbitProjector",
    "Projector",
    "QuadratureProjector",
    "SpatialProjector",
    "SpectralProjector",
    "VEC_CONVENTION",
    "projector",
]
