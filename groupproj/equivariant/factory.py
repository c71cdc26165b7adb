"""The one factory for projectors onto Hom_G(V, W), and the bias projector."""

from __future__ import annotations

from typing import Any

from groupproj.equivariant.average import SpatialBackend
from groupproj.equivariant.backend import Backend
from groupproj.equivariant.orbit import OrbitBackend
from groupproj.equivariant.projector import Projector
from groupproj.equivariant.spectral import SpectralBackend
from groupproj.errors import (
    BackendNotApplicableError,
    GroupMismatchError,
    InvalidTypeError,
    NotOrthogonalError,
    UnknownNameError,
)
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation

__all__ = ["BACKENDS", "METHODS", "bias_projector", "choose_backend", "projector"]

BACKENDS: dict[str, type[Backend]] = {
    "orbit": OrbitBackend,
    "spectral": SpectralBackend,
    "spatial": SpatialBackend,
}
"""Back-ends by name, cheapest first: ``method="auto"`` takes the first that applies."""
ALIASES = {"quadrature": "spatial"}
"""Other names of back-ends: the exact quadrature of a compact group is its group average."""
METHODS = ("auto", *BACKENDS, *ALIASES)


def _check_inputs(V: Any, W: Any, method: Any) -> str:
    for r, label in ((V, "V"), (W, "W")):
        if not isinstance(r, Representation):
            raise InvalidTypeError(
                f"projector takes two Representations; {label} is a {type(r).__name__} "
                "(build representations with e.g. G.natural() or gp.parse_rep)"
            )
    if V.group != W.group:
        raise GroupMismatchError(
            f"V is a representation of {V.group.name} but W of {W.group.name}; "
            "equivariant maps need one group"
        )
    if not isinstance(method, str) or method not in METHODS:
        raise UnknownNameError(f"unknown projector method {method!r}; choose one of {METHODS}")
    return ALIASES.get(method, method)


def choose_backend(V: Representation, W: Representation, method: str = "auto") -> type[Backend]:
    """The back-end ``projector(V, W, method)`` builds with, chosen without building.

    ``"auto"`` takes the first back-end of :data:`BACKENDS` that applies. Their costs per
    map (m = W.dim, n = V.dim) are ordered whenever several apply: orbit O(mn) (permutation
    representations; reading A costs as much), spectral O(m²n + mn²) after one-off isotypic
    decompositions, spatial O(Σ n_level · (m²n + mn²)) over the levels of the group average.
    Applicability is read from structure, family tags and dimensions only.

    Raises
    ------
    BackendNotApplicableError
        If the named back-end, or for ``"auto"`` every back-end, does not apply; with the
        reasons.
    """
    method = _check_inputs(V, W, method)
    if method != "auto":
        reason = BACKENDS[method].unsuitable(V, W)
        if reason is not None:
            raise BackendNotApplicableError(f"method={method!r} does not apply: {reason}")
        return BACKENDS[method]
    reasons = []
    for name, backend in BACKENDS.items():
        reason = backend.unsuitable(V, W)
        if reason is None:
            return backend
        reasons.append(f"{name}: {reason}")
    raise BackendNotApplicableError("no back-end applies: " + "; ".join(reasons))


def projector(V: Representation, W: Representation, method: str = "auto") -> Projector:
    """The Frobenius-orthogonal projector onto Hom_G(V, W).

    Parameters
    ----------
    V, W : Representation
        Orthogonal (or unitary) representations of one group; maps V → W are arrays of
        shape ``(W.dim, V.dim)``.
    method : str
        ``"auto"`` (see :func:`choose_backend`), ``"orbit"``, ``"spectral"`` or
        ``"spatial"`` (the group average; ``"quadrature"`` is the same for a compact group).
        Naming one forces it. ``P.method`` reports the choice.

    The build is checked against the size limit (:mod:`groupproj.limits`) with the
    back-end's estimate before anything is allocated.

    Raises
    ------
    InvalidTypeError
        If V or W is not a Representation.
    GroupMismatchError
        If V and W are representations of different groups.
    NotOrthogonalError
        If V or W is not orthogonal; use ``V.orthogonalized()``.
    BackendNotApplicableError
        If the named back-end does not apply, with the reason.
    SizeLimitError
        If the build would exceed the size limit.

    Examples
    --------
    >>> import groupproj as gp
    >>> D4 = gp.dihedral(4)
    >>> P = gp.projector(D4.regular(), D4.regular())
    >>> P.dim, P.method
    (8, 'orbit')
    """
    backend = choose_backend(V, W, method)
    for r, label in ((V, "V"), (W, "W")):
        if not r.is_orthogonal():
            raise NotOrthogonalError(
                f"{label} = {r.name} is not orthogonal, so the group average is not a "
                f"Frobenius-orthogonal projector; use {label}.orthogonalized() for an "
                "equivalent orthogonal representation"
            )
    check_bytes(
        backend.memory(V, W),
        f"building the {backend.name} projector onto Hom({V.name} -> {W.name}) "
        f"({W.dim}×{V.dim} maps)",
        "a smaller problem, or another method=",
    )
    return Projector(backend.build(V, W), V, W, backend.name)


def bias_projector(W: Representation, method: str = "auto") -> Projector:
    """The projector for a bias b ∈ W: onto the G-invariant vectors, Hom_G(trivial, W).

    A bias of shape ``(..., W.dim)`` is a map trivial → W of shape (W.dim, 1);
    :func:`groupproj.penalty` and :func:`groupproj.equivariant_part` take it as it is.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> S3 = gp.symmetric(3)
    >>> b = gp.equivariant_part(np.array([1.0, 2.0, 6.0]), gp.bias_projector(S3.natural()))
    >>> b.tolist()
    [3.0, 3.0, 3.0]
    """
    if not isinstance(W, Representation):
        raise InvalidTypeError(f"bias_projector takes a Representation, got {type(W).__name__}")
    return projector(W.group.trivial(), W, method)
