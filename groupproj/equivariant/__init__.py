"""Projectors onto the equivariant linear maps Hom_G(V, W).

:func:`projector` builds one with a back-end (:mod:`~groupproj.equivariant.orbit`,
:mod:`~groupproj.equivariant.spectral`, :mod:`~groupproj.equivariant.average`); every
projector is a :class:`Projector` holding a typed structure
(:mod:`~groupproj.equivariant.structure`); :mod:`~groupproj.equivariant.files` saves and
loads them; :mod:`~groupproj.equivariant.kernels` builds convolution-kernel projectors.
"""

from groupproj.equivariant.factory import BACKENDS, bias_projector, projector
from groupproj.equivariant.files import load, save
from groupproj.equivariant.kernels import kernel_projector
from groupproj.equivariant.projector import VEC_CONVENTION, Projector

__all__ = [
    "BACKENDS",
    "Projector",
    "VEC_CONVENTION",
    "bias_projector",
    "kernel_projector",
    "load",
    "projector",
    "save",
]
