"""Character inner products, the count of equivariant maps."""

from __future__ import annotations

import sympy

from groupproj.errors import GroupMismatchError, GroupTooLargeError
from groupproj.reps.base import Representation, as_representation


def character_inner_product(V: Representation, W: Representation, exact: bool = False):
    """⟨chi_V, chi_W⟩ = (1/|G|) Σ_g chi_V(g) conj(chi_W(g)), an exact int.

    For real representations this is dim Hom_G(V, W). It comes from the characters' exact
    multiplicities (:mod:`groupproj.reps.class_functions`; S_n by exact integer sums over its
    cycle types, for any n, with no enumeration). The result is an ``int`` whenever it is an
    integer, which it is for representations; ``exact=True`` asks the same exactly (a sympy
    number if it is not an integer).

    Raises
    ------
    GroupMismatchError
        If V and W are representations of different groups.
    GroupTooLargeError
        If the group is compact (infinite) or too large to classify.
    InvalidTypeError
        If V or W is not a representation.

    Examples
    --------
    >>> import groupproj as gp
    >>> S4 = gp.symmetric(4)
    >>> gp.character_inner_product(S4.natural(), S4.natural())
    2
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
    from groupproj.reps.class_functions import integer_inner_product

    a, b = V.characters(), W.characters()
    found = integer_inner_product(G, a, b)
    if found is not None:
        return found
    sizes = [c.size for c in G.conjugacy_classes()]
    if exact:
        a, b = V.characters(exact=True), W.characters(exact=True)
        total = sum(h * x * sympy.conjugate(y) for h, x, y in zip(sizes, a, b))
        return sympy.nsimplify(sympy.simplify(total / G.order))
    value = sum(h * complex(x) * complex(y).conjugate() for h, x, y in zip(sizes, a, b)) / G.order
    return float(value.real) if abs(value.imag) < 1e-9 else value
