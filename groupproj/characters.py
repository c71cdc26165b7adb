"""Character inner products, the count of equivariant maps."""

from __future__ import annotations

import sympy

from groupproj.errors import GroupMismatchError, GroupTooLargeError
from groupproj.reps.base import Representation, as_representation


def character_inner_product(V: Representation, W: Representation, exact: bool = False):
    """⟨chi_V, chi_W⟩ = (1/|G|) Σ_g chi_V(g) conj(chi_W(g)), summed class by class.

    For real representations this is dim Hom_G(V, W). Needs the conjugacy
    classes, hence an enumerable finite group.

    Raises
    ------
    GroupMismatchError
        If V and W are representations of different groups.
    GroupTooLargeError
        If the group is compact (infinite) or too large to enumerate.
    InvalidTypeError
        If V or W is not a representation.

    Examples
    --------
    >>> import groupproj as gp
    >>> S4 = gp.symmetric(4)
    >>> gp.character_inner_product(S4.natural(), S4.natural())
    2.0
    """
    V, W = as_representation(V, "V"), as_representation(W, "W")
    if V.group != W.group:
        raise GroupMismatchError(f"V is on {V.group.name}, W on {W.group.name}")
    G = V.group
    if not G.is_finite:
        raise GroupTooLargeError(
            f"{G.name} is infinite: the character inner product sums over conjugacy classes, "
            "which needs a finite group; for a compact group, gp.projector(V, W).dim counts "
            "the equivariant maps"
        )
    classes = G.conjugacy_classes()
    if exact:
        total = sum(
            c.size
            * V.character(c.representative, True)
            * sympy.conjugate(W.character(c.representative, True))
            for c in classes
        )
        return sympy.nsimplify(sympy.simplify(total / G.order))
    total = sum(
        c.size
        * complex(V.character(c.representative))
        * complex(W.character(c.representative)).conjugate()
        for c in classes
    )
    value = total / G.order
    return float(round(value.real, 9)) if abs(value.imag) < 1e-9 else value
