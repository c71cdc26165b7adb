"""The one factory for projectors onto Hom_G(V, W)."""

from __future__ import annotations

from groupproj.equivariant.base import Projector
from groupproj.equivariant.orbit import OrbitProjector
from groupproj.equivariant.quadrature import QuadratureProjector
from groupproj.equivariant.spatial import SpatialProjector
from groupproj.equivariant.spectral import SpectralProjector
from groupproj.errors import (
    BackendNotApplicableError,
    GroupMismatchError,
    NotOrthogonalError,
    UnknownNameError,
)
from groupproj.reps.base import Representation

BACKENDS: dict[str, type[Projector]] = {
    "orbit": OrbitProjector,
    "spectral": SpectralProjector,
    "spatial": SpatialProjector,
    "quadrature": QuadratureProjector,
}
"""Back-ends by name; ``method="auto"`` breaks ties of :meth:`Projector.cost` in this order."""


def projector(V: Representation, W: Representation, method: str = "auto") -> Projector:
    """The Frobenius-orthogonal projector onto Hom_G(V, W).

    Parameters
    ----------
    V, W : Representation
        Orthogonal (or unitary) representations of one group; maps V → W are
        arrays of shape ``(W.dim, V.dim)``.
    method : str
        ``"auto"`` picks, among the back-ends that apply, the one with the
        smallest estimated cost per map (``Projector.cost``; ``m = W.dim``,
        ``n = V.dim``): orbit O(mn) (permutation representations), spectral
        O(m²n + mn²) after a one-off isotypic decomposition of V and W, spatial
        O(Σ|U_i|·(m²n + mn²)) over the transversals U_i of a finite group,
        quadrature O(Σ n_level·(m²n + mn²)) over the levels of a compact group's
        rule (used where no decomposition is known). Ties go
        to the earlier back-end in :data:`BACKENDS`. Naming one forces it.
        ``P.method`` reports the choice.

    Raises
    ------
    GroupMismatchError
        If V and W are representations of different groups.
    NotOrthogonalError
        If V or W is not orthogonal; use ``V.orthogonalized()``.
    BackendNotApplicableError
        If the named back-end does not apply, with the reason.

    Examples
    --------
    >>> import groupproj as gp
    >>> D4 = gp.dihedral(4)
    >>> P = gp.projector(D4.regular(), D4.regular())
    >>> P.dim, P.method
    (8, 'orbit')
    """
    for r in (V, W):
        if not isinstance(r, Representation):
            raise TypeError(f"projector takes two Representations, got {type(r).__name__}")
    if V.group != W.group:
        raise GroupMismatchError(
            f"V is a representation of {V.group.name} but W of {W.group.name}; "
            "equivariant maps need one group"
        )
    if method != "auto" and method not in BACKENDS:
        raise UnknownNameError(
            f"unknown projector method {method!r}; choose 'auto' or one of {list(BACKENDS)}"
        )
    for r, label in ((V, "V"), (W, "W")):
        if not r.is_orthogonal():
            raise NotOrthogonalError(
                f"{label} = {r.name} is not orthogonal, so the group average is not a "
                f"Frobenius-orthogonal projector; use {label}.orthogonalized() for an "
                "equivalent orthogonal representation"
            )
    if method != "auto":
        reason = BACKENDS[method].unsuitable(V, W)
        if reason is not None:
            raise BackendNotApplicableError(f"method={method!r} does not apply: {reason}")
        return BACKENDS[method](V, W)
    reasons, candidates = [], []
    for name, cls in BACKENDS.items():
        reason = cls.unsuitable(V, W)
        if reason is None:
            candidates.append(cls)
        else:
            reasons.append(f"{name}: {reason}")
    if not candidates:
        raise BackendNotApplicableError("no back-end applies: " + "; ".join(reasons))
    return min(candidates, key=lambda cls: cls.cost(V, W))(V, W)


def bias_projector(W: Representation, method: str = "auto") -> Projector:
    """The projector for a bias b ∈ W: onto the G-invariant vectors, Hom_G(trivial, W).

    A bias of shape ``(..., W.dim)`` is a map trivial → W of shape (W.dim, 1);
    :func:`penalty` and :func:`equivariant_part` take it as it is.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> S3 = gp.symmetric(3)
    >>> b = gp.equivariant_part(np.array([1.0, 2.0, 6.0]), gp.bias_projector(S3.natural()))
    >>> b.tolist()
    [3.0, 3.0, 3.0]
    """
    return projector(W.group.trivial(), W, method)
