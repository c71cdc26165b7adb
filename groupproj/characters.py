"""Character inner products, the count of equivariant maps."""

from __future__ import annotations

import sympy

from groupproj.errors import BackendNotApplicableError, GroupMismatchError
from groupproj.reps.base import Representation


def character_inner_product(V: Representation, W: Representation, exact: bool = False):
    """⟨chi_V, chi_W⟩ = (1/|G|) Σ_g chi_V(g) conj(chi_W(g)), an exact int.

    For real representations this is dim Hom_G(V, W). Finite groups: from the characters'
    exact multiplicities (:mod:`groupproj.reps.class_functions`; S_n by exact integer sums over
    its cycle types, for any n). Compact groups: Σ_ρ m_V(ρ) m_W(ρ) dim End(ρ) over the irreps
    of their decompositions. The result is an ``int`` whenever it is an integer, which it is
    for representations; ``exact=True`` asks the same exactly (a sympy number if it is not).

    Examples
    --------
    >>> import groupproj as gp
    >>> S4 = gp.symmetric(4)
    >>> gp.character_inner_product(S4.natural(), S4.natural())
    2
    >>> gp.character_inner_product(gp.SO3().natural() ** 2, gp.SO3().natural())
    1
    """
    if V.group != W.group:
        raise GroupMismatchError(f"V is on {V.group.name}, W on {W.group.name}")
    G = V.group
    if not G.is_finite:
        return _compact_inner_product(V, W)
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


def _compact_inner_product(V: Representation, W: Representation) -> int:
    for rep in (V, W):
        reason = rep.group.decomposition_unavailable(rep)
        if reason is not None:
            raise BackendNotApplicableError(
                f"the inner product of characters of {rep.group.name} comes from the "
                f"decompositions, and {reason}"
            )
    mv = V.decompose().multiplicities
    mw = W.decompose().multiplicities
    if {rho.basis for rho in mv} != {rho.basis for rho in mw}:
        raise BackendNotApplicableError(
            "V and W decompose into irreps of different bases (real and complex); give both in "
            "one basis"
        )
    return sum(m * mw[rho] * len(rho.endomorphism_basis()) for rho, m in mv.items() if rho in mw)
