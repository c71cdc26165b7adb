r"""Real spherical harmonics in groupproj's real basis, evaluated at points of space.

:math:`S_{lm}` are the real spherical harmonics of :mod:`groupproj.harmonic.conventions`
(``m = -l..l`` at index ``m + l``, Condon--Shortley phases, :math:`(S_{1,-1}, S_{1,0},
S_{1,1}) \propto (y, z, x)`), orthonormal on the unit sphere:
:math:`\int_{S^2} S_{lm} S_{lm'}\,d\Omega = \delta_{mm'}`. They are computed from the real
Wigner matrices of the same module, which makes them transform exactly as the real irreps
of ``gp.SO3()`` do:

.. math::

    S_l(R\hat x) = D^l_{\mathrm{real}}(R)\, S_l(\hat x), \qquad
    S_l(\hat x) = \sqrt{\tfrac{2l+1}{4\pi}}\; D^l_{\mathrm{real}}(\varphi, \theta, 0)\, e_0,

because :math:`R_z(\varphi) R_y(\theta)` takes the north pole :math:`\hat z` to the point of
polar angle :math:`\theta` and azimuth :math:`\varphi`, and :math:`S_l(\hat z) =
\sqrt{(2l+1)/4\pi}\, e_0` (:math:`e_0` the ``m = 0`` basis vector).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from groupproj.errors import DimensionMismatchError, InvalidValueError
from groupproj.harmonic.conventions import _check_l
from groupproj.harmonic.wigner import wigner_D

__all__ = ["real_spherical_harmonics"]


def real_spherical_harmonics(l: int, points: Any) -> np.ndarray:
    r"""The real spherical harmonics :math:`S_{l,-l}, \dots, S_{l,l}` at the directions of points.

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.
    points : array_like, shape (..., 3)
        Non-zero Cartesian points ``(x, y, z)``; only their directions matter.

    Returns
    -------
    numpy.ndarray, shape (..., 2l + 1)
        :math:`S_{lm}(\hat x)` at index ``m + l``, orthonormal on the sphere and
        transforming as :math:`S_l(R\hat x) = D^l_{\mathrm{real}}(R) S_l(\hat x)` (see the
        module docstring). Cost: that of one real Wigner matrix per point,
        O(l²) per point after the small-d recursion.

    Raises
    ------
    DimensionMismatchError
        If the last axis of ``points`` is not 3.
    InvalidValueError
        If a point is zero (it has no direction) or not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from groupproj.harmonic import real_spherical_harmonics
    >>> S = real_spherical_harmonics(1, [[0.0, 2.0, 0.0]])  # (S_1,-1, S_1,0, S_1,1) ∝ (y, z, x)
    >>> bool(np.allclose(S, [[np.sqrt(3 / (4 * np.pi)), 0, 0]]))
    True
    """
    l = _check_l(l)
    x = np.asarray(points, dtype=float)
    if x.ndim == 0 or x.shape[-1] != 3:
        raise DimensionMismatchError(
            f"points must have shape (..., 3) (Cartesian x, y, z), got {x.shape}"
        )
    r = np.linalg.norm(x, axis=-1)
    if not np.all(np.isfinite(r)) or np.any(r == 0):
        raise InvalidValueError(
            "every point must be finite and non-zero: the harmonics depend on the direction "
            "x/|x|, which the origin does not have"
        )
    theta = np.arccos(np.clip(x[..., 2] / r, -1.0, 1.0))
    phi = np.arctan2(x[..., 1], x[..., 0])
    D = wigner_D(l, phi, theta, np.zeros_like(phi), basis="real")
    return np.sqrt((2 * l + 1) / (4 * np.pi)) * D[..., :, l]
