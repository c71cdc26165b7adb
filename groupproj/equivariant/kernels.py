"""Convolution kernels as equivariant maps, and their projectors.

A convolution (cross-correlation, as in ``torch.nn.functional.conv2d``)
``out(y) = Σ_x K(x) f(y + x)`` from fields of type ρ_in to fields of type ρ_out
commutes with the action (g·f)(y) = ρ(g) f(M(g)⁻¹ y) on both sides exactly when

    K(M(g) x) = ρ_out(g) K(x) ρ_in(g)⁻¹ for all g and x.

With the weight of shape (C_out, C_in, k, …, k) read as a (C_out, C_in·k^d) map
from ρ_in ⊗ ρ_grid to ρ_out (Kronecker order: column c·k^d + point), that is the
equivariance condition A ρ_V(g) = ρ_out(g) A of :func:`groupproj.projector`, so
:func:`kernel_projector` is the projector onto Hom_G(ρ_in ⊗ ρ_grid, ρ_out).

The continuous groups SO(2), O(2) (k×k grids) and SO(3), O(3) (k×k×k grids) do not map
the grid onto itself; for them the kernels are the steerable ones of
:mod:`groupproj.equivariant.steerable_basis` (radial rings times angular harmonics,
sampled on the grid), projected by a
:class:`~groupproj.equivariant.steerable.SteerableProjector`.
"""

from __future__ import annotations

from collections.abc import Sequence

from groupproj.equivariant.projector import Projector
from groupproj.errors import InvalidTypeError, InvalidValueError, UnknownNameError
from groupproj.groups.compact import CompactGroup
from groupproj.reps.base import Representation
from groupproj.reps.grid import GridRep, grid_rep

__all__ = ["kernel_projector"]


def kernel_projector(
    rep_in: Representation,
    rep_out: Representation,
    grid: int | GridRep,
    method: str = "auto",
    *,
    radii: Sequence[float] | None = None,
    widths: float | Sequence[float] | None = None,
    band_limit: int | Sequence[int] | None = None,
) -> Projector:
    """The projector onto the steerable kernels K(M(g)x) = ρ_out(g) K(x) ρ_in(g)⁻¹.

    The weight (C_out, C_in, k, …, k) is the map of shape (C_out, C_in·k^d) from
    ρ_in ⊗ ρ_grid to ρ_out (see the module docstring); :func:`groupproj.penalty`
    and :func:`groupproj.equivariant_part` take the weight in its own shape. For
    permutation representations (regular, trivial, quotient) the orbit back-end
    serves: O(C_out·C_in·k^d) memory, linear in the number of weights.

    For SO(2), O(2) (k×k kernels) and SO(3), O(3) (k×k×k kernels) the result is the
    projector onto the span of the sampled steerable kernels (method ``"steerable"``):
    Gaussian rings times angular harmonics, with the dimension counts, conventions and
    costs of :mod:`groupproj.equivariant.steerable_basis`. Its structure is one thin
    orthonormal basis per pair of irreps (``P.structure.factors``), never the (mn)² operator.

    Parameters
    ----------
    rep_in, rep_out : Representation
        Field types of the input and output channels, of one group.
    grid : int or GridRep
        The kernel side k (with the group's :func:`geometric_action`) or a grid
        representation; for the continuous groups the side k.
    method : str
        Projector back-end, as in :func:`groupproj.projector`; ``"auto"`` or
        ``"steerable"`` for the continuous groups.
    radii, widths, band_limit
        Continuous groups only: the ring radii and Gaussian widths (grid units) and the
        largest angular frequency (one, or one per ring); defaults as in
        :func:`~groupproj.equivariant.steerable_basis.steerable_grid` (rings at radii
        0, 1, …, what each ring resolves).

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> from groupproj.equivariant.kernels import kernel_projector
    >>> D4 = gp.dihedral(4)
    >>> P = kernel_projector(D4.regular(), D4.regular(), 3)
    >>> P.shape, P.dim, P.method
    ((8, 72), 72, 'orbit')
    >>> G = gp.SO3()
    >>> P = kernel_projector(G.natural(), G.natural(), 3)  # centre: J = 0; ring 1: J = 0, 1, 2
    >>> P.method, P.shape, P.dim
    ('steerable', (3, 81), 4)
    """
    for rep, label in ((rep_in, "rep_in"), (rep_out, "rep_out")):
        if not isinstance(rep, Representation):
            raise InvalidTypeError(
                f"kernel_projector takes the field types as Representations; {label} is a "
                f"{type(rep).__name__} (build one with e.g. G.irrep(1) or gp.parse_rep)"
            )
    if isinstance(rep_in.group, CompactGroup):
        return _steerable(rep_in, rep_out, grid, method, radii, widths, band_limit)
    if (radii, widths, band_limit) != (None, None, None):
        raise InvalidValueError(
            f"radii, widths and band_limit shape steerable kernels of SO(2), O(2), SO(3) and "
            f"O(3); the kernels of the finite group {rep_in.group.name} are fixed by the grid"
        )
    if not isinstance(grid, GridRep):
        grid = grid_rep(rep_in.group, grid)
    from groupproj.equivariant.factory import projector

    return projector(rep_in * grid, rep_out, method)


def _steerable(rep_in, rep_out, size, method, radii, widths, band_limit) -> Projector:
    from groupproj.equivariant.steerable import SteerableProjector
    from groupproj.equivariant.steerable_basis import check_size, grid_dimension, steerable_grid

    if method not in ("auto", "steerable"):
        raise UnknownNameError(
            f"the kernels of {rep_in.group.name} are projected by the 'steerable' back-end; "
            f"got method={method!r}"
        )
    if isinstance(size, GridRep):
        raise InvalidTypeError(
            f"{rep_in.group.name} does not map a grid onto itself; give the kernel side k "
            "(an int) and, if needed, radii=, widths=, band_limit="
        )
    grid = steerable_grid(size, grid_dimension(rep_in.group), radii, widths, band_limit)
    check_size(rep_in, rep_out, grid)
    return SteerableProjector(rep_in, rep_out, grid)
