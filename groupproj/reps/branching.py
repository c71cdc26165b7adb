r"""Branching rules: how an irrep of a compact group splits on a compact subgroup.

For the inclusions of :mod:`groupproj.groups.inclusions`, :func:`branch` gives the restriction
of an irrep :math:`\rho` of ``G`` to ``H`` as :math:`\rho(h) = B\,(\bigoplus_k \sigma_k(h))\,B^T`
with ``B`` a signed permutation matrix (exact) and :math:`\sigma_k` irreps of ``H``:

* SO(3) ⊃ SO(2), real basis: :math:`l \to \bigoplus_{m=0}^{l} m`, the SO(2) irrep ``m``
  (rotation by :math:`m\theta`) on the real harmonics :math:`(S_{l,m}, S_{l,-m})`; complex
  basis: :math:`|l, m\rangle` is :math:`e^{-im\theta}`, the irrep ``-m``, so
  :math:`l \to \bigoplus_{|m| \le l} m`.
* O(3) ⊃ O(2) (the group :math:`C_{\infty v}` of ``diag(A, 1)``), real basis:
  :math:`(l, p) \to (0, p(-1)^l) \oplus \bigoplus_{m=1}^{l} m`; on the pair of ``m`` the mirror
  ``y -> -y`` acts as :math:`p(-1)^l\,\mathrm{diag}(1, -1)`, which for :math:`p(-1)^l = -1` is
  the irrep ``m`` again in the basis :math:`(S_{l,-m}, -S_{l,m})`.
* O(3) ⊃ SO(2), O(2) ⊃ SO(2), O(3) ⊃ SO(3): the rotations' rules.

Restricted representations of a compact group (``V.restrict(H)``) decompose by these rules
(:mod:`groupproj.reps.compact`); a finite subgroup given by matrices decomposes as any
representation of a finite group.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from groupproj.errors import BackendNotApplicableError
from groupproj.groups.base import Group
from groupproj.groups.inclusions import standard_inclusion

__all__ = ["branch", "branching_unavailable"]


def branching_unavailable(group: Group, subgroup: Group, basis: str) -> str | None:
    """Why the irreps of ``group`` have no branching rule to ``subgroup`` here, or ``None``."""
    if not standard_inclusion(subgroup, group):
        return f"no branching rule from {group.name} to {subgroup.name} is known"
    if basis == "complex" and (subgroup.name, group.name) == ("O(2)", "O(3)"):
        return "O(3) → O(2) is given in the real basis; restrict real-basis irreps"
    return None


def _columns(dim: int, cols: list[tuple[int, int]], exact: bool) -> Any:
    """The signed permutation matrix whose column c is sign · e_row for (row, sign) = cols[c]."""
    B = sp.zeros(dim, dim) if exact else np.zeros((dim, dim))
    for c, (row, sign) in enumerate(cols):
        B[row, c] = sign
    return B


def branch(irrep: Any, subgroup: Group, exact: bool = False) -> tuple[Any, list]:
    """``(B, irreps of subgroup)`` with ``irrep(h) = B (⊕ irreps(h)) Bᵀ`` (module docstring).

    Parameters
    ----------
    irrep : CompactIrrep
        An irrep of SO(3), O(3) or O(2).
    subgroup : CompactGroup
        SO(2), O(2) or SO(3), by its standard inclusion.
    exact : bool
        Whether ``B`` is a sympy matrix.

    Examples
    --------
    >>> import groupproj as gp
    >>> B, parts = branch(gp.SO3().irrep(2), gp.SO2())
    >>> [p.symbol for p in parts]
    ['0', '1', '2']
    """
    from groupproj.reps.compact import CompactIrrep

    G, basis = irrep.group, irrep.basis
    reason = branching_unavailable(G, subgroup, basis)
    if reason is not None:
        raise BackendNotApplicableError(reason)
    label, d = irrep.label, irrep.dim
    pair = (subgroup.name, G.name)
    if pair == ("SO(3)", "O(3)"):
        return _columns(d, [(i, 1) for i in range(d)], exact), [
            CompactIrrep(subgroup, label[0], basis)
        ]
    if G.name == "O(2)":  # SO(2) in O(2)
        m = label[0]
        if m == 0:
            return _columns(1, [(0, 1)], exact), [CompactIrrep(subgroup, 0, basis)]
        ks = [m] if basis == "real" else [m, -m]
        return _columns(2, [(0, 1), (1, 1)], exact), [CompactIrrep(subgroup, k, basis) for k in ks]
    l = label if G.name == "SO(3)" else label[0]
    parity = 1 if G.name == "SO(3)" else label[1] * (-1) ** l
    if basis == "complex":  # |l, m> at index l + m is exp(-i m θ)
        cols = [(i, 1) for i in range(d)]
        return _columns(d, cols, exact), [CompactIrrep(subgroup, l - i, basis) for i in range(d)]
    cols, parts = [(l, 1)], []
    if subgroup.name == "O(2)":
        parts.append(CompactIrrep(subgroup, (0, parity), basis))
    else:
        parts.append(CompactIrrep(subgroup, 0, basis))
    for m in range(1, l + 1):
        if subgroup.name == "O(2)" and parity == -1:
            cols += [(l - m, 1), (l + m, -1)]
        else:
            cols += [(l + m, 1), (l - m, 1)]
        parts.append(CompactIrrep(subgroup, (m, 1) if subgroup.name == "O(2)" else m, basis))
    return _columns(d, cols, exact), parts
