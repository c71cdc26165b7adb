"""The projector onto the steerable kernels of SO(2), O(2), SO(3) and O(3), as a Projector.

A thin wrapper: the mathematics (rings, harmonics, Clebsch–Gordan coupling, sampling and
the spectral factors) is in :mod:`groupproj.equivariant.steerable_basis`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj.equivariant.base import Projector
from groupproj.equivariant.spectral import Block, apply_factored
from groupproj.equivariant.steerable_basis import SteerableGrid, steerable_factors
from groupproj.errors import ExactnessError
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation

__all__ = ["SteerableProjector"]


class SteerableProjector(Projector):
    """P onto the span of the sampled steerable kernels, for weights (C_out, C_in, k, …, k).

    ``V`` and ``W`` are the input and output field types; a weight is a map of shape
    ``(W.dim, V.dim·k^D)`` (column c·k^D + point), so ``shape`` is that and not
    ``(W.dim, V.dim)``. P(A) = Q_W · S(Q_Wᵀ A Q_V) · Q_Vᵀ with the factors of
    :func:`~groupproj.equivariant.steerable_basis.steerable_factors` (:meth:`factors`):
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

    _fields = ("V", "W", "method", "grid")
    method = "steerable"

    def __init__(self, V: Representation, W: Representation, grid: SteerableGrid):
        self._set(V=V, W=W, grid=grid)

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(m²n + mn²) per map at worst, as for the spectral back-end."""
        m, n = W.dim, V.dim
        return float(m * m * n + m * n * n)

    @property
    def shape(self) -> tuple[int, int]:
        """``(C_out, C_in·k^D)``."""
        return (self.W.dim, self.V.dim * self.grid.npoints)

    @property
    def is_complex(self) -> bool:
        return False

    @cached_property
    def _factors(self) -> tuple[np.ndarray, tuple[Block, ...], Any]:
        return steerable_factors(self.V, self.W, self.grid)

    def factors(self) -> tuple[np.ndarray, tuple[Block, ...], Any]:
        """(Q_W, blocks, Q_V): apply P as Q_W · S(Q_Wᵀ A Q_V) · Q_Vᵀ (Q_V sparse)."""
        return self._factors

    @property
    def dim(self) -> int:
        return sum(b.m_W * b.m_V * len(b.endomorphisms) for b in self._factors[1])

    def _apply(self, A: np.ndarray) -> np.ndarray:
        return apply_factored(A, *self._factors)

    def _apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        raise ExactnessError(
            "steerable kernels are Gaussian rings times harmonics sampled on a grid, known in "
            "floating point only; project numpy arrays instead, or use the discrete groups "
            "(C4, D4, O, O_h) of kernel_projector for exact kernels"
        )

    @cached_property
    def _basis(self) -> np.ndarray:
        """Q_W[:, copy i] · E_e · Q_V[:, copy j]ᵀ for every block, copy pair and basis kernel."""
        QW, blocks, QV = self._factors
        m, n = self.shape
        check_bytes(
            8 * self.dim * m * n,
            f"the dense basis of {self.dim} steerable kernels of shape {self.shape}",
            "apply P with P(A) or use P.factors()",
        )
        out = []
        for b in blocks:
            W = QW[:, b.w_start : b.w_start + b.m_W * b.d_W].reshape(m, b.m_W, b.d_W)
            left = np.einsum("oia,eav->ieov", W, b.endomorphisms).reshape(-1, b.d_V)
            for j in range(b.m_V):
                start = b.v_start + j * b.d_V
                Vj = QV[:, start : start + b.d_V]
                out.append((Vj @ left.T).T.reshape(-1, m, n))
        return np.concatenate(out) if out else np.zeros((0, m, n))
