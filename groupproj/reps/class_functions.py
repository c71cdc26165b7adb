r"""Characters as exact class functions: multiplicities, exact rounding, inner products.

A character of a finite group is an integer combination :math:`\chi = \sum_i m_i \chi_i` of the
irreducible characters, the rows of ``G.character_table()``. From the float traces of a
representation the multiplicities :math:`m_i = \langle \chi, \chi_i \rangle` are integers,
recovered by rounding (each checked to lie within :data:`TOLERANCE` of one). The exact character
is then :math:`\sum_i m_i \chi_i`, computed in the cyclotomic field of the table and rounded once
to the nearest double: float characters carry no noise (never ``5.6e-17`` where ``0`` is meant),
and :math:`\langle \chi_V, \chi_W \rangle = \sum_i m_i(V)\, m_i(W)` is an exact integer.

:math:`S_n` needs no table: all its characters are integer-valued, so its traces are rounded to
integers directly (checked), and inner products are exact sums
:math:`\sum_\mu |C_\mu| \chi_V(\mu) \chi_W(\mu) / n!` over the cycle types, for any ``n``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import sympy

from groupproj.errors import GroupTooLargeError, SizeLimitError
from groupproj.finite.cyclotomic import reduction, to_rounded

if TYPE_CHECKING:
    from groupproj.groups.base import FiniteGroup

__all__ = ["TOLERANCE", "exact_character", "multiplicities", "integer_inner_product"]

TOLERANCE = 1e-6
"""How far (relative to the largest value) a computed multiplicity may lie from an integer."""


def _is_symmetric(G: FiniteGroup) -> bool:
    return getattr(G, "family", ())[:1] == ("symmetric",)


def _integers(values: np.ndarray) -> np.ndarray | None:
    """The values as integers if all lie within the tolerance of one, else ``None``."""
    r = np.rint(values.real)
    scale = max(1.0, float(np.abs(values).max(initial=0.0)))
    return r.astype(np.int64) if np.abs(values - r).max(initial=0.0) <= TOLERANCE * scale else None


def multiplicities(G: FiniteGroup, values: np.ndarray) -> np.ndarray | None:
    """Multiplicities of the complex irreps (the table's rows) in a class function of ``G``
    given on :meth:`~FiniteGroup.conjugacy_classes`, as ints; ``None`` if it is not a
    character (a multiplicity negative or not within :data:`TOLERANCE` of an integer)."""
    table = G.character_table()
    sizes = np.array(table.class_sizes, dtype=float)
    m = _integers(table.values_float.conj() @ (sizes * values) / G.order)
    return None if m is None or (m < 0).any() else m


def exact_character(G: FiniteGroup, values: np.ndarray, exact: bool = False):
    """The character with float traces ``values`` (one per class), exactly.

    Returns float (or complex) values rounded once from the exact ones, or with ``exact``
    sympy numbers; ``None`` where no exact table is at hand (the values are then not a
    character, or the table of the group is beyond the size limits).
    """
    values = np.asarray(values, dtype=complex)
    if _is_symmetric(G):
        ints = _integers(values)
        if ints is None:
            return None
        return [sympy.Integer(int(v)) for v in ints] if exact else ints.astype(float)
    try:
        table = G.character_table()
    except (GroupTooLargeError, SizeLimitError):
        return None
    m = multiplicities(G, values)
    if m is None or table.coefficients is None:
        return None
    if exact:  # in the table's own closed forms, so that equal values print alike
        rows = [(int(k), table.values[i]) for i, k in enumerate(m) if k]
        return [sympy.expand(sum(k * row[j] for k, row in rows)) for j in range(len(values))]
    e = table.exponent
    return to_rounded(np.einsum("i,ijk->jk", m, table.coefficients) @ reduction(e), e)


def integer_inner_product(G: FiniteGroup, a: np.ndarray, b: np.ndarray) -> int | None:
    """⟨a, b⟩ for two characters given on the classes of ``G``, as an exact int, or ``None``."""
    if _is_symmetric(G):
        x, y = _integers(np.asarray(a)), _integers(np.asarray(b))
        if x is None or y is None:
            return None
        sizes = [c.size for c in G.conjugacy_classes()]
        total = Fraction(sum(h * int(p) * int(q) for h, p, q in zip(sizes, x, y)), G.order)
        return int(total) if total.denominator == 1 else None
    try:
        mx, my = multiplicities(G, np.asarray(a)), multiplicities(G, np.asarray(b))
    except (GroupTooLargeError, SizeLimitError):
        return None
    if mx is None or my is None:
        return None
    return int(mx @ my)
