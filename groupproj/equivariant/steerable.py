"""The projector onto the steerable kernels of SO(2), O(2), SO(3) and O(3).

A thin :class:`~groupproj.equivariant.projector.Projector` around the spectral factors of
:mod:`groupproj.equivariant.steerable_basis`, which holds the mathematics (rings,
harmonics, Clebsch–Gordan coupling, sampling). Its ``V`` and ``W`` are the input and output
field types; a weight is a map of shape ``(W.dim, V.dim·k^D)``, so P is not a projector onto
Hom_G(V, W) and differs from one in three places: its shape comes from the grid, its
identity includes the grid, and it has no exact form.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from groupproj.equivariant.projector import Projector
from groupproj.equivariant.steerable_basis import SteerableGrid, steerable_factors
from groupproj.equivariant.structure import Factors
from groupproj.errors import ExactnessError
from groupproj.reps.base import Representation

__all__ = ["KernelFactors", "SteerableProjector"]


class KernelFactors(Factors):
    """The factors of a steerable kernel space: Q_out, Q_in ⊗ I_{k^D} and d_a × d_b·k^D blocks.

    A :class:`~groupproj.equivariant.structure.Factors` whose blocks are rectangular and whose
    Q_V is sparse. Its own type, so that what is written for square Schur blocks leaves it
    to its orthonormal basis: the penalty engine uses the ``"basis"`` form, and a file
    stores the basis (``format = "basis"``), which loads as a
    :class:`~groupproj.equivariant.structure.Basis`.
    """

    format = "basis"

    def arrays(self) -> dict[str, np.ndarray]:
        return {"basis": self.basis()}

    def astype(self, dtype: Any) -> KernelFactors:
        cast = super().astype(dtype)
        return KernelFactors(cast.QW, cast.blocks, cast.QV)


class SteerableProjector(Projector):
    """P onto the span of the sampled steerable kernels, for weights (C_out, C_in, k, …, k).

    ``P.structure`` is a :class:`KernelFactors` (``P.structure.factors`` is
    ``(Q_W, blocks, Q_V)``, Q_V sparse); ``P.grid`` the
    :class:`~groupproj.equivariant.steerable_basis.SteerableGrid`. Applying P costs
    O(m²n + m·nnz(Q_V) + Σ m_W m_V d_W d_V e) per map, m = C_out, n = C_in·k^D.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> G = gp.SO2()
    >>> P = gp.kernel_projector(G.irrep(0), G.irrep(0) + G.irrep(1), 5)
    >>> P.method, P.shape, P.dim       # radial profiles, and frequency 1 on rings 1 and 2
    ('steerable', (3, 25), 7)
    >>> A = np.random.default_rng(0).standard_normal(P.shape)
    >>> bool(np.allclose(P(P(A)), P(A)))
    True
    """

    _fields = ("V", "W", "method", "dtype", "grid")

    def __init__(self, V: Representation, W: Representation, grid: SteerableGrid):
        structure = KernelFactors(*steerable_factors(V, W, grid))
        self._set(
            structure=structure, V=V, W=W, method="steerable", dtype=np.dtype(structure.dtype),
            _metadata=None, grid=grid,
        )  # fmt: skip

    def _key(self) -> tuple:
        return (self.V, self.W, self.method, self.dtype.str, self.grid)

    def __call__(self, A: Any) -> Any:
        if isinstance(A, sympy.MatrixBase):
            raise ExactnessError(
                "steerable kernels are Gaussian rings times harmonics sampled on a grid, known "
                "in floating point only; project numpy arrays instead, or use the discrete "
                "groups (C4, D4, O, O_h) of kernel_projector for exact kernels"
            )
        return super().__call__(A)
