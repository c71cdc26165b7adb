"""Left cosets of a subgroup: representatives and the factorisation g = t h.

For a subgroup ``H`` of an enumerable finite group ``G``, :func:`left_cosets` numbers the left
cosets :math:`gH` by their first element in ``G.elements()`` order (so the coset of the identity,
``H`` itself, is number 0) and writes every element as :math:`g = t_i h` with ``t_i`` the
representative of its coset and :math:`h \\in H`. Induced representations and coset actions
(:mod:`groupproj.reps.induced`, :mod:`groupproj.reps.action`) are built on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from groupproj.errors import GroupMismatchError
from groupproj.groups.base import FiniteGroup

__all__ = ["LeftCosets", "left_cosets"]


@dataclass(frozen=True, eq=False)
class LeftCosets:
    """The left cosets of ``subgroup`` in ``group``.

    Attributes
    ----------
    group, subgroup : FiniteGroup
    representatives : tuple
        Keys (of ``group``) of the representatives ``t_0 = e, t_1, …``.
    coset : (|G|,) int array
        The coset number of each element (by index in ``group.elements()``).
    part : (|G|,) int array
        For each element ``g``, the index of ``h = t_i⁻¹ g`` in ``group.elements()``.
    """

    group: FiniteGroup
    subgroup: FiniteGroup
    representatives: tuple
    coset: np.ndarray
    part: np.ndarray

    def __repr__(self) -> str:
        return f"<LeftCosets of {self.subgroup.name} in {self.group.name}: {self.index}>"

    @property
    def index(self) -> int:
        """The number of cosets, [G : H]."""
        return len(self.representatives)

    def locate(self, key: Any) -> tuple[int, Any]:
        """``(i, h)`` with ``g = t_i h`` for the element of ``group`` with this key; ``h`` as a
        key of ``group``."""
        x = self.group._enumeration.index[key]
        return int(self.coset[x]), self.group._enumeration.keys[self.part[x]]

    def permutation(self, key: Any) -> tuple[int, ...]:
        """The cosets' images under left multiplication by the element: ``g t_i H = t_j H``."""
        G = self.group
        return tuple(
            int(self.coset[G._enumeration.index[G._mul(key, t)]]) for t in self.representatives
        )


def left_cosets(group: FiniteGroup, subgroup: FiniteGroup) -> LeftCosets:
    """The left cosets of ``subgroup`` (whose elements are elements of ``group``) in ``group``.

    Cost: O(|G|) group multiplications; ``group`` must be enumerable, ``subgroup`` is
    enumerated.

    Raises
    ------
    GroupMismatchError
        If ``subgroup`` is not a subgroup of ``group``.

    Examples
    --------
    >>> import groupproj as gp
    >>> c = left_cosets(gp.symmetric(3), gp.permutation_group([[1, 0, 2]]))
    >>> c.index, c.locate((1, 0, 2))
    (3, (0, (1, 0, 2)))
    """
    if not isinstance(subgroup, FiniteGroup) or not subgroup.is_subgroup_of(group):
        raise GroupMismatchError(
            f"{subgroup.name} is not a subgroup of {group.name}: some generator of it is not "
            f"an element of {group.name}"
        )
    e = group._enumeration
    h_keys = [group.key_of(h) for h in subgroup.elements()]
    h_index = [e.index[k] for k in h_keys]
    n = len(e.keys)
    coset = np.full(n, -1, dtype=np.int64)
    part = np.zeros(n, dtype=np.int64)
    reps = []
    for x, key in enumerate(e.keys):
        if coset[x] < 0:
            for hk, hi in zip(h_keys, h_index):
                y = e.index[group._mul(key, hk)]
                coset[y], part[y] = len(reps), hi
            reps.append(key)
    for arr in (coset, part):
        arr.setflags(write=False)
    return LeftCosets(group, subgroup, tuple(reps), coset, part)
