r"""Steerable convolution kernels of SO(2), O(2) (k×k grids) and SO(3), O(3) (k×k×k grids).

A convolution kernel K maps a field of type ρ_in to one of type ρ_out; it is equivariant
under rotations (and reflections) g exactly when

.. math::

    K(g x) = \rho_{out}(g)\, K(x)\, \rho_{in}(g)^{-1}\qquad\text{for all } g \text{ and } x

(:mod:`groupproj.equivariant.kernels` derives this from the convolution). This module
solves the constraint in closed form, samples the solutions on a grid and returns the
projector onto their span as spectral factors.

Geometry
--------
The point of index i of the k^D grid has coordinates x = i − (k−1)/2, axis 0 first, as
in :mod:`groupproj.reps.grid`; neighbouring points are one unit apart. The group acts on
them through its natural representation: ``gp.SO2().natural()`` and ``gp.O2().natural()``
on (x_0, x_1) (the rotation by 90° is ``np.rot90`` of the array, the reflection
diag(1, −1) reverses axis 1, as for C4 and D4 in :mod:`groupproj.reps.grid`), and the
rotation matrices of ``gp.SO3()``, ``gp.O3()`` on (x, y, z) = (x_0, x_1, x_2), as the
integer matrices of ``gp.octahedral()`` and ``gp.full_octahedral()`` do.

The solutions
-------------
Write ρ_in and ρ_out in their isotypic bases (:meth:`Representation.decompose`,
ρ = Q (⊕ irreps) Qᵀ, any orthogonal Q): the constraint splits into one constraint per
pair (a, b) of an output irrep a and an input irrep b. Its solutions are radial profiles
times angular harmonics coupled to the irreps:

.. math::

    \kappa(x) = \varphi_i(|x|)\; c\,\big(Y_J(\hat x) \otimes I_{d_b}\big),
    \qquad c \in \mathrm{Hom}_G(h_J \otimes b,\ a),

where, for each angular frequency J,

* h_J is the irrep carried by the degree-J harmonics: ``irrep(J)`` of SO(2), O(2) and
  SO(3), and ``irrep(J, (−1)^J)`` of O(3) (a harmonic of degree J has parity (−1)^J);
* Y_J is an equivariant map from directions to h_J, Y_J(g x̂) = h_J(g) Y_J(x̂): in 2D
  Y_0 = 1 and Y_J(x̂) = (cos Jφ, sin Jφ) with φ = atan2(x_1, x_0); in 3D the real
  spherical harmonics S_J of :func:`groupproj.harmonic.real_spherical_harmonics` (the
  basis of ``docs/conventions.md``, (S_1,−1, S_1,0, S_1,1) ∝ (y, z, x)). At the origin,
  which has no direction, Y_J = 0 for J ≥ 1;
* c ranges over an orthonormal basis of Hom_G(h_J ⊗ b, a), found from the
  Clebsch–Gordan decomposition of h_J ⊗ b (the spectral back-end);
* φ_i(r) = exp(−(r − r_i)² / (2σ_i²)) is the Gaussian ring (shell) i of radius r_i and
  width σ_i, and J runs over 0, …, L_i, the band limit of the ring.

Then κ(gx) = c(h_J(g)Y_J(x̂) ⊗ I) = c(h_J(g) ⊗ b(g))(Y_J(x̂) ⊗ b(g)⁻¹) = a(g) κ(x) b(g)⁻¹.

Dimension counts
----------------
Per ring of band limit L, the solutions between an output irrep a and an input irrep b
number Σ_{J ≤ L} dim Hom_G(h_J ⊗ b, a) (:func:`kernel_count`), which is:

* SO(2), a = ρ_m, b = ρ_n (m, n ≥ 0; ρ_0 is 1-dimensional, ρ_k for k ≥ 1 the rotation by
  kθ): the number of pairs of complex frequencies (s·m, t·n), s, t = ±1 (only + for a
  frequency 0), with |s·m − t·n| ≤ L; e.g. 2·[|m − n| ≤ L] + 2·[m + n ≤ L] for m, n ≥ 1.
* O(2): half the SO(2) count when a or b is 2-dimensional; between the 1-dimensional
  irreps (trivial and det) 1 if they are equal and 0 if not (the parity rule: a
  rotation-invariant kernel is also reflection-invariant).
* SO(3), a = D_l, b = D_l': one per J in |l − l'|, …, l + l' with J ≤ L.
* O(3), a = (l, p), b = (l', p'): one per such J with (−1)^J = p·p' (the parity rule).

A representation with multiplicities m_a, m_b gets m_a·m_b copies of each pair's kernels.

Sampling and the projector
--------------------------
The weight of a convolution with C_out output and C_in input channels, of shape
(C_out, C_in, k, …, k), is read as a (C_out, C_in·k^D) map, column c·k^D + point. The
projector onto the span of the sampled kernels is, in the convention of the spectral
factors (:class:`~groupproj.equivariant.structure.Factors`),

.. math::

    P(A) = Q_W\, S(Q_W^\top A\, Q_V)\, Q_V^\top, \qquad Q_W = Q_{out},\quad
    Q_V = Q_{in} \otimes I_{k^D},

where S projects, for each irrep pair (a, b), every d_a × (d_b·k^D) block between a copy of
a and a copy of b onto the span of that pair's sampled kernels, held as an orthonormal
(Frobenius) basis of shape (e, d_a, d_b·k^D): one thin basis per irrep pair, all rings
together (Gaussian rings overlap on the grid, so their kernels are orthonormalised
jointly). Kernels that the grid does not separate (a band limit beyond what a ring
resolves) are dropped: singular values below :data:`RANK_TOL` times the largest, for
kernels scaled to unit norm. The sampled kernels keep the constraint exactly for the
grid's own symmetries (the rotations by 90° and, for O(2), O(3), the reflections and
inversions that map the grid onto itself), so their span lies in the range of
:func:`groupproj.kernel_projector` for C4, D4, O and O_h.

Defaults
--------
:func:`steerable_grid` places rings at the radii 0, 1, …, (k−1)/2 (k odd) or 1/2, 3/2,
…, (k−1)/2 (k even), with widths 0.6, the outermost 0.4 and a ring at radius 0 of width
0.005 (the centre point alone), as escnn's R2Conv and R3Conv do. The band limit of a
ring of radius r is what it resolves, ⌊2r⌋ (0 at the centre): a ring of radius r on the
unit grid passes about 2πr points, and the sampled harmonics up to 2r stay well
conditioned (tested for k ≤ 9 in 2D and k ≤ 7 in 3D, where the counts above are
attained exactly).

Cost
----
Per irrep pair: the Clebsch–Gordan bases (once per J) and an SVD of the
(e_raw × d_a·d_b·k^D) matrix of sampled kernels. The factors hold Q_out (C_out²
numbers), the sparse Q_in ⊗ I (nnz(Q_in)·k^D) and Σ e·d_a·d_b·k^D numbers; never the
(mn)² operator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse

from groupproj._checks import finite_array, integer
from groupproj._frozen import Frozen
from groupproj.equivariant.spectral import SpectralBackend
from groupproj.equivariant.structure import Block
from groupproj.errors import (
    BackendNotApplicableError,
    DimensionMismatchError,
    GroupMismatchError,
    InvalidValueError,
)
from groupproj.groups.planar import O2, SO2
from groupproj.groups.rotation3d import O3, SO3
from groupproj.harmonic.spherical import real_spherical_harmonics
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation
from groupproj.reps.grid import grid_points

__all__ = [
    "RANK_TOL",
    "SteerableGrid",
    "angular_harmonics",
    "check_size",
    "grid_dimension",
    "harmonic_irrep",
    "kernel_count",
    "pair_basis",
    "steerable_bytes",
    "steerable_count",
    "steerable_factors",
    "steerable_grid",
    "steerable_kernels",
]

RANK_TOL = 1e-8
"""Relative singular value below which sampled kernels (scaled to unit norm) count as dependent."""

_GROUPS = {SO2: 2, O2: 2, SO3: 3, O3: 3}


def grid_dimension(group: Any) -> int:
    """The dimension D of the grids on which ``group`` acts: 2 for SO(2), O(2), 3 for SO(3), O(3).

    Raises :class:`BackendNotApplicableError` for any other group.
    """
    for cls, ndim in _GROUPS.items():
        if type(group) is cls:
            return ndim
    raise BackendNotApplicableError(
        f"steerable kernels are known for SO(2), O(2) (k×k grids) and SO(3), O(3) (k×k×k "
        f"grids), not for {group.name}; finite groups that map the grid onto itself use "
        "kernel_projector's discrete back-ends"
    )


# --- where the kernels are sampled ---------------------------------------------------------


class SteerableGrid(Frozen):
    """A k^D grid with Gaussian rings (shells in 3D) and a band limit per ring.

    Attributes
    ----------
    size : int
        The side k of the grid.
    ndim : int
        D, 2 or 3.
    radii, widths : tuple of float
        Ring i is φ_i(r) = exp(−(r − radii[i])² / (2·widths[i]²)).
    band_limits : tuple of int
        The largest angular frequency J on each ring.

    Build it with :func:`steerable_grid`, which checks the values and fills in defaults.
    """

    _fields = ("size", "ndim", "radii", "widths", "band_limits")

    def __init__(self, size: int, ndim: int, radii, widths, band_limits):
        self._set(
            size=size, ndim=ndim, radii=tuple(radii), widths=tuple(widths),
            band_limits=tuple(band_limits),
        )  # fmt: skip

    def __repr__(self) -> str:
        return (
            f"SteerableGrid(size={self.size}, ndim={self.ndim}, radii={self.radii}, "
            f"widths={self.widths}, band_limits={self.band_limits})"
        )

    @property
    def npoints(self) -> int:
        """k^D."""
        return self.size**self.ndim

    @property
    def name(self) -> str:
        """``"grid5x5"`` for k = 5, D = 2, as :class:`~groupproj.reps.grid.GridRep` names it."""
        return "grid" + "x".join([str(self.size)] * self.ndim)

    def points(self) -> np.ndarray:
        """Centred coordinates x = i − (k−1)/2 of the grid points, shape (k^D, D), row-major."""
        return grid_points(self.size, self.ndim) / 2.0

    def profiles(self, r: np.ndarray) -> np.ndarray:
        """φ_i(r) for each ring i, shape (rings, *r.shape)."""
        radii = np.array(self.radii).reshape(-1, *([1] * np.ndim(r)))
        widths = np.array(self.widths).reshape(radii.shape)
        return np.exp(-0.5 * ((np.asarray(r) - radii) / widths) ** 2)


def _floats(values: Any, name: str, count: int | None) -> tuple[float, ...]:
    """A 1-D sequence of finite reals, of ``count`` entries if given."""
    array = np.atleast_1d(finite_array(values, name))
    if array.ndim != 1 or (count is not None and len(array) != count):
        expected = "a sequence of numbers" if count is None else f"one number per ring ({count})"
        raise DimensionMismatchError(f"{name} must be {expected}, got {values!r}")
    return tuple(float(v) for v in array)


def steerable_grid(
    size: int,
    ndim: int,
    radii: Sequence[float] | None = None,
    widths: float | Sequence[float] | None = None,
    band_limit: int | Sequence[int] | None = None,
) -> SteerableGrid:
    """The rings on which steerable kernels are sampled, with their defaults filled in.

    Parameters
    ----------
    size : int
        The side k of the grid, k ≥ 1.
    ndim : int
        D = 2 (rings) or 3 (spherical shells).
    radii : sequence of float, optional
        Ring radii in grid units, between 0 and the half-diagonal √D·(k−1)/2. Default:
        0, 1, …, (k−1)/2 for odd k and 1/2, 3/2, …, (k−1)/2 for even k.
    widths : float or sequence of float, optional
        Standard deviations σ_i of the Gaussian rings, positive; one number for all rings.
        Default: 0.6, the outermost ring 0.4, a ring at radius 0 0.005 (escnn's choice).
    band_limit : int or sequence of int, optional
        The largest angular frequency J: one for every ring, or one per ring. Default:
        what each ring resolves, ⌊2·r_i⌋.

    Examples
    --------
    >>> from groupproj.equivariant.steerable_basis import steerable_grid
    >>> g = steerable_grid(5, 2)
    >>> g.radii, g.widths, g.band_limits
    ((0.0, 1.0, 2.0), (0.005, 0.6, 0.4), (0, 2, 4))
    """
    size = integer(size, "the grid size", minimum=1)
    if ndim not in (2, 3):
        raise InvalidValueError(f"steerable kernels live on 2D or 3D grids, got ndim={ndim!r}")
    if radii is None:
        radii = [(size - 1) / 2 - i for i in range((size + 1) // 2)][::-1]
    radii = _floats(radii, "radii", None)
    reach = np.sqrt(ndim) * (size - 1) / 2
    if not radii or min(radii) < 0 or max(radii) > reach + 1e-12:
        raise InvalidValueError(
            f"ring radii must lie between 0 and the grid's half-diagonal {reach:.4g} (grid "
            f"units from the centre), got {radii}"
        )
    if widths is None:
        widths = [0.6] * (len(radii) - 1) + [0.4]
        widths = [0.005 if r == 0 else w for r, w in zip(radii, widths)]
    elif np.ndim(widths) == 0:
        widths = [widths] * len(radii)
    widths = _floats(widths, "widths", len(radii))
    if min(widths) <= 0:
        raise InvalidValueError(f"ring widths must be positive, got {widths}")
    if band_limit is None:
        limits = tuple(int(np.floor(2 * r + 1e-9)) for r in radii)
    elif np.ndim(band_limit) == 0:
        limits = (integer(band_limit, "band_limit", minimum=0),) * len(radii)
    else:
        limits = tuple(integer(L, "band_limit", minimum=0) for L in band_limit)
        if len(limits) != len(radii):
            raise DimensionMismatchError(
                f"band_limit must be one integer or one per ring ({len(radii)}), "
                f"got {band_limit!r}"
            )
    return SteerableGrid(size, ndim, radii, widths, limits)


# --- harmonics ---------------------------------------------------------------------------


def harmonic_irrep(group: Any, J: int) -> Representation:
    """h_J, the irrep of ``group`` carried by the angular harmonics of degree J.

    ``irrep(J)`` for SO(2), O(2), SO(3) (real basis); ``irrep(J, (−1)^J)`` for O(3).
    """
    grid_dimension(group)
    if type(group) is O3:
        return group.irrep(J, -1 if J % 2 else 1)
    return group.irrep(J)


def angular_harmonics(group: Any, J: int, points: Any) -> np.ndarray:
    """Y_J(x̂) at each point, shape (n, dim h_J): Y_J(g x̂) = h_J(g) Y_J(x̂).

    2D: 1 for J = 0, (cos Jφ, sin Jφ) with φ = atan2(x_1, x_0) for J ≥ 1. 3D: the real
    spherical harmonics S_J. At the origin Y_J = 0 for J ≥ 1 (and Y_0 its constant).
    """
    ndim = grid_dimension(group)
    x = np.asarray(points, dtype=float).reshape(-1, ndim)
    r = np.linalg.norm(x, axis=1)
    if ndim == 2:
        if J == 0:
            return np.ones((len(x), 1))
        phi = np.arctan2(x[:, 1], x[:, 0])
        Y = np.stack([np.cos(J * phi), np.sin(J * phi)], axis=1)
    else:
        if J == 0:
            return np.full((len(x), 1), 1 / np.sqrt(4 * np.pi))
        Y = np.zeros((len(x), 2 * J + 1))
        away = r > 0
        Y[away] = real_spherical_harmonics(J, x[away])
    Y[r == 0] = 0.0
    return Y


# --- the kernels -------------------------------------------------------------------------


def _hom_basis(group: Any, J: int, irrep_in: Representation, irrep_out: Representation):
    """An orthonormal basis of Hom_G(h_J ⊗ b, a), shape (t, d_a, dim h_J · d_b)."""
    return SpectralBackend.build(harmonic_irrep(group, J) * irrep_in, irrep_out).basis()


def _frequencies(irrep_out: Representation, irrep_in: Representation, band_limit: int) -> range:
    """The J ≤ L with h_J ⊗ b ⊇ a possible: |deg a − deg b| ≤ J ≤ deg a + deg b.

    The triangle rule of the Clebsch–Gordan series (SO(3), O(3)), and of the frequencies
    J = |m ± n| of SO(2), O(2).
    """
    da, db = int(irrep_out.degree), int(irrep_in.degree)
    return range(abs(da - db), min(band_limit, da + db) + 1)


def kernel_count(irrep_out: Representation, irrep_in: Representation, band_limit: int) -> int:
    """The number of steerable kernels of one ring between two irreps a ← b.

    Σ_{J ≤ L} dim Hom_G(h_J ⊗ b, a), for the ring's band limit L; see the module
    docstring for the closed forms per group.

    Examples
    --------
    >>> import groupproj as gp
    >>> from groupproj.equivariant.steerable_basis import kernel_count
    >>> G = gp.SO3()
    >>> kernel_count(G.irrep(1), G.irrep(2), 2)      # J = 1, 2 (J = 3 is above the band limit)
    2
    """
    return _ring_counts(irrep_out, irrep_in, (integer(band_limit, "band_limit", minimum=0),))[0]


def _ring_counts(
    irrep_out: Representation, irrep_in: Representation, band_limits: tuple[int, ...]
) -> list[int]:
    """:func:`kernel_count` for each band limit, each dim Hom_G(h_J ⊗ b, a) found once."""
    group = irrep_out.group
    dims = {
        J: SpectralBackend.build(harmonic_irrep(group, J) * irrep_in, irrep_out).dim
        for J in _frequencies(irrep_out, irrep_in, max(band_limits))
    }
    return [sum(d for J, d in dims.items() if J <= L) for L in band_limits]


def steerable_kernels(
    irrep_out: Representation, irrep_in: Representation, grid: SteerableGrid, points: Any
) -> tuple[np.ndarray, tuple[tuple[int, int], ...]]:
    """The analytic kernels between two irreps, evaluated at arbitrary points.

    Parameters
    ----------
    irrep_out, irrep_in : Representation
        Irreps a and b of SO(2), O(2), SO(3) or O(3), in the real basis.
    grid : SteerableGrid
        Rings and band limits (its size plays no part here).
    points : array_like, shape (n, D)
        Where to evaluate, in grid units.

    Returns
    -------
    kernels : ndarray, shape (e, d_a, d_b, n)
        κ(x) = φ_i(|x|) c (Y_J(x̂) ⊗ I) for every ring i, J ≤ L_i and basis map c (see the
        module docstring); each satisfies κ(gx) = a(g) κ(x) b(g)⁻¹ for every g.
    labels : tuple of (ring, J)
        Where each kernel comes from.
    """
    group = irrep_out.group
    x = np.asarray(points, dtype=float).reshape(-1, grid.ndim)
    d_a, d_b = irrep_out.dim, irrep_in.dim
    bases = {
        J: _hom_basis(group, J, irrep_in, irrep_out)
        for J in _frequencies(irrep_out, irrep_in, max(grid.band_limits))
    }
    count = sum(len(C) for L in grid.band_limits for J, C in bases.items() if J <= L)
    check_bytes(
        8 * count * d_a * d_b * len(x),
        f"{count} steerable kernels {irrep_out.name} <- {irrep_in.name} at {len(x)} points",
        "use fewer points, rings or frequencies",
    )
    profiles = grid.profiles(np.linalg.norm(x, axis=1))
    kernels, labels = [], []
    for J, C in bases.items():
        rings = [i for i, L in enumerate(grid.band_limits) if J <= L]
        if not rings or not len(C):
            continue
        Y = angular_harmonics(group, J, x)
        angular = np.einsum("tamb,pm->tabp", C.reshape(len(C), d_a, -1, d_b), Y)
        for i in rings:
            kernels.append(angular * profiles[i])
            labels += [(i, J)] * len(C)
    if not kernels:
        return np.zeros((0, d_a, d_b, len(x))), ()
    return np.concatenate(kernels), tuple(labels)


def pair_basis(
    irrep_out: Representation, irrep_in: Representation, grid: SteerableGrid
) -> np.ndarray:
    """An orthonormal basis of the span of the sampled kernels between two irreps.

    Shape (e, d_a, d_b·k^D), column β·k^D + point: the ``endomorphisms`` of the pair's
    :class:`~groupproj.equivariant.structure.Block`. The kernels of
    :func:`steerable_kernels` at the grid points, scaled to unit norm, are
    orthonormalised by an SVD; directions with relative singular value below
    :data:`RANK_TOL` are dropped. O(e_raw²·d_a·d_b·k^D) time.
    """
    K, _ = steerable_kernels(irrep_out, irrep_in, grid, grid.points())
    d_a, d_b = irrep_out.dim, irrep_in.dim
    flat = K.reshape(len(K), d_a * d_b * grid.npoints)
    norms = np.linalg.norm(flat, axis=1)
    flat = flat[norms > 0] / norms[norms > 0, None]
    if not len(flat):
        return np.zeros((0, d_a, d_b * grid.npoints))
    _, s, vh = np.linalg.svd(flat, full_matrices=False)
    rank = int(np.sum(s > RANK_TOL * s[0]))
    return vh[:rank].reshape(rank, d_a, d_b * grid.npoints)


# --- whole representations ---------------------------------------------------------------


def _check_reps(rep_in: Representation, rep_out: Representation) -> None:
    if rep_in.group != rep_out.group:
        raise GroupMismatchError(
            f"the input field type is a representation of {rep_in.group.name} and the output "
            f"one of {rep_out.group.name}; both must be of the same group"
        )
    grid_dimension(rep_in.group)
    for rep in (rep_in, rep_out):
        if not rep.is_real:
            raise BackendNotApplicableError(
                f"{rep.name} has complex matrices; convolution weights are real, so give field "
                "types in a real orthogonal basis (the groups' default basis='real')"
            )


def steerable_count(rep_in: Representation, rep_out: Representation, grid: SteerableGrid) -> int:
    """The dimension of the continuous kernel space, Σ_{a, b} m_a m_b Σ_i kernel_count(a, b, L_i).

    The sampled span (``P.dim``) has this dimension when the grid resolves every ring's
    band limit, and less otherwise.
    """
    _check_reps(rep_in, rep_out)
    out = 0
    for a, m_a in rep_out.decompose().blocks:
        for b, m_b in rep_in.decompose().blocks:
            out += m_a * m_b * sum(_ring_counts(a, b, grid.band_limits))
    return out


def steerable_bytes(rep_in: Representation, rep_out: Representation, grid: SteerableGrid) -> int:
    """Bytes that building the factors allocates at its peak, estimated without sampling.

    The grid points, the ring profiles, the sampled kernels of the widest irrep pair with
    the SVD's copies, and the non-zeros of Q_in ⊗ I:
    8·k^D·(2D + rings + 3·max_{a,b} d_a d_b e_ab + 2·nnz(Q_in)).
    """
    _check_reps(rep_in, rep_out)
    dec_in, dec_out = rep_in.decompose(), rep_out.decompose()
    Q = dec_in.Q
    nnz = Q.nnz if scipy.sparse.issparse(Q) else int(np.count_nonzero(Q))
    widest = max(
        a.dim * b.dim * sum(_ring_counts(a, b, grid.band_limits))
        for a, _ in dec_out.blocks
        for b, _ in dec_in.blocks
    )
    return 8 * grid.npoints * (2 * grid.ndim + len(grid.radii) + 3 * widest + 2 * nnz)


def check_size(rep_in: Representation, rep_out: Representation, grid: SteerableGrid) -> None:
    """Raise :class:`~groupproj.errors.SizeLimitError` if :func:`steerable_bytes` passes the
    size limit (:mod:`groupproj.limits`)."""
    check_bytes(
        steerable_bytes(rep_in, rep_out, grid),
        f"steerable kernels sampled on the {grid.size}^{grid.ndim} grid",
        "use a smaller kernel size, or fewer rings and frequencies",
    )


def steerable_factors(
    rep_in: Representation, rep_out: Representation, grid: SteerableGrid
) -> tuple[np.ndarray, tuple[Block, ...], scipy.sparse.csr_matrix]:
    """(Q_W, blocks, Q_V): the projector onto the sampled steerable kernels, factored.

    P(A) = Q_W · S(Q_Wᵀ A Q_V) · Q_Vᵀ for a weight A of shape (C_out, C_in·k^D) (apply it
    with :func:`groupproj.equivariant.structure.apply_factored`): Q_W = Q_out (dense),
    Q_V = Q_in ⊗ I_{k^D} (sparse), one :class:`Block` per irrep pair (a, b) with a
    non-zero kernel space, its ``irrep`` the pair and its ``endomorphisms`` the
    :func:`pair_basis`. See the module docstring.

    Examples
    --------
    >>> import groupproj as gp
    >>> from groupproj.equivariant.steerable_basis import steerable_factors, steerable_grid
    >>> G = gp.SO2()
    >>> QW, blocks, QV = steerable_factors(G.irrep(1), G.irrep(1), steerable_grid(3, 2))
    >>> [(b.d_W, b.d_V, len(b.endomorphisms)) for b in blocks]   # 2 (centre) + 4 (ring 1)
    [(2, 18, 6)]
    """
    check_size(rep_in, rep_out, grid)
    dec_in, dec_out = rep_in.decompose(), rep_out.decompose()
    v_off, w_off = dec_in.offsets(), dec_out.offsets()
    blocks = []
    for a, m_a in dec_out.blocks:
        for b, m_b in dec_in.blocks:
            E = pair_basis(a, b, grid)
            if len(E):
                blocks.append(Block((a, b), w_off[a], m_a, v_off[b] * grid.npoints, m_b, E))
    QV = scipy.sparse.kron(
        scipy.sparse.csr_matrix(dec_in.Q), scipy.sparse.identity(grid.npoints), format="csr"
    )
    QW = dec_out.Q.toarray() if scipy.sparse.issparse(dec_out.Q) else np.asarray(dec_out.Q)
    return QW, tuple(blocks), QV
