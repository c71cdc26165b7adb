r"""Induced representations :math:`\operatorname{Ind}_H^G V`.

For a representation ``V`` of a subgroup ``H`` of a finite group ``G`` with left cosets
:math:`t_0 H, \dots, t_{n-1} H` (:func:`groupproj.groups.cosets.left_cosets`), the induced
representation acts on :math:`\bigoplus_i t_i \otimes V`, of dimension :math:`[G:H] \dim V`,
block by block: if :math:`g t_i = t_j h` then

.. math:: \operatorname{Ind}(g)\, (t_i \otimes v) = t_j \otimes V(h)\, v,

so block ``(j, i)`` of the matrix is :math:`V(h)` and every other block of column ``i`` is 0
(index ``i * V.dim + a`` for :math:`t_i \otimes e_a`). It is orthogonal when ``V`` is, a
permutation representation when ``V`` is one, exact when ``V`` is, and satisfies Frobenius
reciprocity :math:`\langle \operatorname{Ind} V, W \rangle_G = \langle V, W|_H \rangle_H`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj.errors import GroupMismatchError
from groupproj.groups.base import FiniteGroup
from groupproj.groups.cosets import LeftCosets, left_cosets
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation

__all__ = ["InducedRep"]


class InducedRep(Representation):
    """:math:`\\operatorname{Ind}_H^G V` for ``V`` a representation of ``H`` (module docstring).

    Built by ``V.induce(G)``. Cost per matrix: [G:H] lookups and blocks, O(([G:H] dim V)²)
    memory for the dense matrix.

    Examples
    --------
    >>> import groupproj as gp
    >>> S3, C2 = gp.symmetric(3), gp.permutation_group([[1, 0, 2]])
    >>> V = C2.sign().induce(S3)
    >>> V.dim, V.decompose()
    (3, Decomposition((2,1) ⊕ (1,1,1)))
    """

    _fields = ("rep", "group")

    def __init__(self, rep: Representation, group: FiniteGroup):
        H = rep.group
        if not isinstance(group, FiniteGroup) or not isinstance(H, FiniteGroup):
            raise GroupMismatchError("induction goes from a subgroup of a finite group to it")
        if not H.is_subgroup_of(group):
            raise GroupMismatchError(
                f"{H.name} is not a subgroup of {group.name}; induce a representation of a "
                f"subgroup whose generators are elements of {group.name}"
            )
        self._set(rep=rep, group=group)

    @property
    def dim(self) -> int:
        return self.group.order // self.rep.group.order * self.rep.dim

    @property
    def name(self) -> str:
        return f"Ind({self.rep.name})"

    @cached_property
    def cosets(self) -> LeftCosets:
        """The left cosets of the subgroup, whose representatives index the blocks."""
        return left_cosets(self.group, self.rep.group)

    @cached_property
    def _subgroup_keys(self) -> dict:
        """Key in G -> key in H, for the elements of H."""
        H = self.rep.group
        return {self.group.key_of(h): h.key for h in H.elements()}

    def _blocks(self, key: Any) -> list[tuple[int, int, Any]]:
        """(j, i, h) with g t_i = t_j h, h as a key of the subgroup."""
        G, c = self.group, self.cosets
        out = []
        for i, t in enumerate(c.representatives):
            j, h = c.locate(G._mul(key, t))
            out.append((j, i, self._subgroup_keys[h]))
        return out

    def _float(self, key: Any) -> np.ndarray:
        d = self.rep.dim
        check_bytes(8.0 * self.dim**2, f"the {self.dim}×{self.dim} matrix of {self.name}")
        blocks = [(j, i, self.rep._float(h)) for j, i, h in self._blocks(key)]
        dtype = np.result_type(*(b for _, _, b in blocks))
        out = np.zeros((self.dim, self.dim), dtype=dtype)
        for j, i, block in blocks:
            out[j * d : (j + 1) * d, i * d : (i + 1) * d] = block
        return out

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        d = self.rep.dim
        out = sympy.zeros(self.dim, self.dim)
        for j, i, h in self._blocks(key):
            out[j * d : (j + 1) * d, i * d : (i + 1) * d] = self.rep._exact(h)
        return sympy.ImmutableMatrix(out)

    def _perm(self, key: Any) -> np.ndarray | None:
        d = self.rep.dim
        out = np.empty(self.dim, dtype=np.int64)
        for j, i, h in self._blocks(key):
            p = self.rep._perm(h)
            if p is None:
                return None
            out[i * d : (i + 1) * d] = j * d + p
        return out
