"""The isotypic decomposition of a representation, as data.

A representation that can decompose itself (:meth:`Representation.decompose`) returns a
:class:`Decomposition`: an orthogonal (unitary) Q and the irreps with their multiplicities,
rho(g) = Q (⊕_i I_{m_i} ⊗ rho_i(g)) Qᴴ. Finite groups compute it in
:mod:`groupproj.reps.decompose`, compact groups in :mod:`groupproj.reps.compact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy


def _term(irrep: Any, m: int, latex: bool = False) -> str:
    symbol = getattr(irrep, "latex" if latex else "symbol", irrep.name)
    if "+" in symbol or "⊗" in symbol or "otimes" in symbol:
        symbol = f"({symbol})"
    if m == 1:
        return symbol
    return f"{m}\\,{symbol}" if latex else f"{m}·{symbol}"


@dataclass(frozen=True, repr=False)
class Decomposition:
    """rho(g) = Q (⊕_i I_{m_i} ⊗ rho_i(g)) Qᵀ with Q orthogonal.

    Prints as the sum of its irreps, by their symbols with multiplicities (``1 ⊕ (3,1) ⊕
    (2,2)``, ``2·E``); ``Q`` is shown only on request (``dec.Q``, ``dec.Q_exact``).

    Attributes
    ----------
    Q : ndarray or scipy.sparse matrix, shape (d, d)
        Columns: the copies of ``blocks[0][0]`` (each in that irrep's basis),
        then those of ``blocks[1][0]``, and so on. Large permutation
        representations give a sparse Q (one dense block per orbit).
    blocks : tuple of (Representation, int)
        Distinct irreps and their multiplicities. An irrep is a hashable
        Representation with ``real_type`` ("real", "complex", "quaternionic")
        and ``endomorphism_basis(exact=False)``: mutually orthogonal matrices
        (shape (e, d_i, d_i), e = 1, 2, 4) spanning End_G(rho_i). Irreps are
        matched between V and W by equality.
    Q_exact : sympy.Matrix or None
        Q in closed form, where known.
    basis : str or None
        For a compact group, the basis of the irreps (``"real"`` or ``"complex"``).
    """

    Q: Any
    blocks: tuple[tuple[Any, int], ...]
    Q_exact: sympy.Matrix | None = None
    basis: str | None = None

    @property
    def multiplicities(self) -> dict:
        """Multiplicity of each irrep (ints)."""
        return {irrep: int(m) for irrep, m in self.blocks}

    def __str__(self) -> str:
        return " ⊕ ".join(_term(irrep, m) for irrep, m in self.blocks) or "0"

    def __repr__(self) -> str:
        return f"Decomposition({self})"

    def _repr_latex_(self) -> str:
        terms = r" \oplus ".join(_term(irrep, m, latex=True) for irrep, m in self.blocks)
        return f"${terms or '0'}$"

    def offsets(self) -> dict:
        """For each irrep, the first column of its copies in Q."""
        out, start = {}, 0
        for irrep, m in self.blocks:
            out[irrep] = start
            start += m * irrep.dim
        return out
