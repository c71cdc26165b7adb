"""Convolution kernels as equivariant maps, and their projectors.

A convolution (cross-correlation, as in ``torch.nn.functional.conv2d``)
``out(y) = Σ_x K(x) f(y + x)`` from fields of type ρ_in to fields of type ρ_out
commutes with the action (g·f)(y) = ρ(g) f(M(g)⁻¹ y) on both sides exactly when

    K(M(g) x) = ρ_out(g) K(x) ρ_in(g)⁻¹ for all g and x.

With the weight of shape (C_out, C_in, k, …, k) read as a (C_out, C_in·k^d) map
from ρ_in ⊗ ρ_grid to ρ_out (Kronecker order: column c·k^d + point), that is the
equivariance condition A ρ_V(g) = ρ_out(g) A of :func:`groupproj.projector`, so
:func:`kernel_projector` is the projector onto Hom_G(ρ_in ⊗ ρ_grid, ρ_out).
"""

from __future__ import annotations

from groupproj.equivariant.projector import Projector
from groupproj.reps.base import Representation
from groupproj.reps.grid import GridRep, grid_rep

__all__ = ["kernel_projector"]


def kernel_projector(
    rep_in: Representation,
    rep_out: Representation,
    grid: int | GridRep,
    method: str = "auto",
) -> Projector:
    """The projector onto the steerable kernels K(M(g)x) = ρ_out(g) K(x) ρ_in(g)⁻¹.

    The weight (C_out, C_in, k, …, k) is the map of shape (C_out, C_in·k^d) from
    ρ_in ⊗ ρ_grid to ρ_out (see the module docstring); :func:`groupproj.penalty`
    and :func:`groupproj.equivariant_part` take the weight in its own shape. For
    permutation representations (regular, trivial, quotient) the orbit back-end
    serves: O(C_out·C_in·k^d) memory, linear in the number of weights.

    Parameters
    ----------
    rep_in, rep_out : Representation
        Field types of the input and output channels, of one group.
    grid : int or GridRep
        The kernel side k (with the group's :func:`geometric_action`) or a grid
        representation.
    method : str
        Projector back-end, as in :func:`groupproj.projector`.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> from groupproj.equivariant.kernels import kernel_projector
    >>> D4 = gp.dihedral(4)
    >>> P = kernel_projector(D4.regular(), D4.regular(), 3)
    >>> P.shape, P.dim, P.method
    ((8, 72), 72, 'orbit')
    """
    if not isinstance(grid, GridRep):
        grid = grid_rep(rep_in.group, grid)
    from groupproj.equivariant.factory import projector

    return projector(rep_in * grid, rep_out, method)
