r"""Conjugacy classes and characters of the symmetric group :math:`S_n`, from partitions alone.

Nothing here enumerates :math:`S_n`: its classes are the cycle types and its irreducible
characters are given by the Murnaghan-Nakayama rule.

Conventions
-----------
* A permutation is an image list ``p`` on the points ``0 .. n-1``; its *cycle type* is the
  partition of ``n`` formed by its cycle lengths, largest first.
* Classes are listed by cycle type in the order of :func:`class_types`: the reverse of
  :func:`groupproj.finite.partitions`, from :math:`(1^n)` (the identity) to :math:`(n)`. The
  representative of :math:`\mu` has the cycles ``(0 .. mu_1 - 1)``, ``(mu_1 .. mu_1 + mu_2 - 1)``,
  and so on, each mapping a point to the next.
* Characters are indexed by partitions :math:`\lambda` in the order of
  :func:`groupproj.finite.partitions` (trivial first), the shapes of Young's orthogonal form
  (:mod:`groupproj.finite.young`), whose traces they are.

Murnaghan-Nakayama: :math:`\chi^\lambda(\mu) = \sum (-1)^{\mathrm{ht}(\xi)}
\chi^{\lambda \setminus \xi}(\mu \setminus \mu_1)` over the rim hooks :math:`\xi` of length
:math:`\mu_1`, where the height is the number of rows of the hook minus one. A whole column is
built upwards instead: starting from the empty partition, rim hooks of the parts of
:math:`\mu` (smallest first) are *added* in every possible way, in the beta-set (abacus) form
where adding a ``k``-hook moves a bead from ``b`` to ``b + k`` and its sign is
:math:`(-1)^{\#\text{beads strictly between}}`. Columns share their smallest parts, so each
prefix is computed once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import sympy

from groupproj.errors import DimensionMismatchError, GroupTooLargeError
from groupproj.finite.character_table import CharacterTable
from groupproj.finite.young import partitions

__all__ = [
    "MAX_TABLE_CLASSES",
    "class_size",
    "class_types",
    "cycle_type",
    "cycle_type_representative",
    "partition_text",
    "symmetric_character",
    "symmetric_character_table",
]

MAX_TABLE_CLASSES = 800
"""Largest number of classes (partitions of n) for which :func:`symmetric_character_table`
builds the whole table: n = 21 (792 classes, 627 264 values in about ten seconds). Beyond it
single values come from :func:`symmetric_character`."""

Partition = tuple[int, ...]


def cycle_type(perm: Sequence[int]) -> Partition:
    """The cycle lengths of an image list, largest first.

    Examples
    --------
    >>> cycle_type([1, 2, 0, 4, 3, 5])
    (3, 2, 1)
    """
    seen = [False] * len(perm)
    lengths = []
    for start in range(len(perm)):
        if not seen[start]:
            k, x = 0, start
            while not seen[x]:
                seen[x] = True
                x = int(perm[x])
                k += 1
            lengths.append(k)
    return tuple(sorted(lengths, reverse=True))


def class_types(n: int) -> tuple[Partition, ...]:
    """The cycle types of :math:`S_n` in class order: the identity's ``(1, …, 1)`` first.

    >>> class_types(3)
    ((1, 1, 1), (2, 1), (3,))
    """
    return partitions(n)[::-1]


def class_size(mu: Sequence[int]) -> int:
    r"""The number of permutations of cycle type :math:`\mu`: :math:`n!/z_\mu`,
    :math:`z_\mu = \prod_i i^{m_i} m_i!`.

    >>> class_size((2, 1, 1)), class_size((2, 2))
    (6, 3)
    """
    counts = Counter(int(k) for k in mu)
    z = math.prod(k**m * math.factorial(m) for k, m in counts.items())
    return math.factorial(sum(mu)) // z


def cycle_type_representative(mu: Sequence[int]) -> tuple[int, ...]:
    """The image list of the class representative of cycle type ``mu`` (module docstring).

    >>> cycle_type_representative((3, 1))
    (1, 2, 0, 3)
    """
    out: list[int] = []
    start = 0
    for k in mu:
        out.extend(start + (i + 1) % k for i in range(k))
        start += k
    return tuple(out)


def partition_text(shape: Sequence[int]) -> str:
    """A partition as text, e.g. ``(3,1)``; cycle types read the same way."""
    return "(" + ",".join(str(int(x)) for x in shape) + ")"


def _beta(shape: Partition, length: int) -> tuple[int, ...]:
    """The beta set of ``shape`` padded to ``length`` rows: parts plus staircase, decreasing."""
    padded = list(shape) + [0] * (length - len(shape))
    return tuple(p + length - 1 - i for i, p in enumerate(padded))


def _shape(beta: Sequence[int]) -> Partition:
    length = len(beta)
    parts = [b - (length - 1 - i) for i, b in enumerate(sorted(beta, reverse=True))]
    return tuple(p for p in parts if p)


def _add_hooks(shape: Partition, k: int) -> list[tuple[Partition, int]]:
    """Every partition obtained by adding a rim hook of length ``k`` to ``shape``, with the sign
    (-1)^height."""
    beta = _beta(shape, len(shape) + k)
    beads = set(beta)
    out = []
    for b in beta:
        if b + k not in beads:
            between = sum(1 for c in beta if b < c < b + k)
            new = [c for c in beta if c != b] + [b + k]
            out.append((_shape(new), -1 if between % 2 else 1))
    return out


@lru_cache(maxsize=8192)
def _column(parts: tuple[int, ...]) -> dict[Partition, int]:
    """chi^lambda of the cycle type ``parts`` (sorted increasingly) for every lambda with
    chi != 0, built by adding hooks; cached by prefix."""
    if not parts:
        return {(): 1}
    out: dict[Partition, int] = {}
    for shape, value in _column(parts[:-1]).items():
        for bigger, sign in _add_hooks(shape, parts[-1]):
            out[bigger] = out.get(bigger, 0) + sign * value
    return {shape: v for shape, v in out.items() if v}


def symmetric_character(shape: Sequence[int], mu: Sequence[int]) -> int:
    r"""The irreducible character :math:`\chi^\lambda(\mu)` of :math:`S_n`, exactly.

    Parameters
    ----------
    shape : partition of n (the irrep)
    mu : partition of n (the cycle type)

    Cost: the column of ``mu`` over all shapes reached by its prefixes, cached; at most
    ``p(n)`` values per part.

    Examples
    --------
    >>> symmetric_character((3, 1), (2, 1, 1)), symmetric_character((2, 2), (3, 1))
    (1, -1)
    """
    shape = tuple(int(x) for x in shape)
    mu = tuple(sorted((int(x) for x in mu), reverse=True))
    if sum(shape) != sum(mu) or any(x <= 0 for x in mu):
        raise DimensionMismatchError(
            f"a character value needs a shape and a cycle type of one n, got {shape} and {mu}"
        )
    return _column(tuple(reversed(mu))).get(shape, 0)


def symmetric_character_table(n: int, name: str | None = None) -> CharacterTable:
    """The character table of :math:`S_n` by the Murnaghan-Nakayama rule, without the group.

    Rows: partitions in :func:`~groupproj.finite.partitions` order, labelled ``1`` (the trivial
    irrep) and ``(3,1)``-style; columns: cycle types in :func:`class_types` order, labelled the
    same way. ``classes`` is ``None`` (no element indices: nothing is enumerated); all
    indicators are 1 (every irrep of S_n is real).

    Raises
    ------
    GroupTooLargeError
        Above :data:`MAX_TABLE_CLASSES` classes (n > 21; S_30 has 5604): the table would hold
        p(n)² values. :func:`symmetric_character` gives any single value.

    Examples
    --------
    >>> t = symmetric_character_table(3)
    >>> t.values, t.class_sizes
    (((1, 1, 1), (2, 0, -1), (1, -1, 1)), (1, 3, 2))
    """
    shapes = partitions(n)
    if len(shapes) > MAX_TABLE_CLASSES:
        raise GroupTooLargeError(
            f"S{n} has {len(shapes)} conjugacy classes, so its character table would hold "
            f"{len(shapes) ** 2} values; the whole table is built up to {MAX_TABLE_CLASSES} "
            "classes (S21). Single values: groupproj.finite.symmetric.symmetric_character("
            "shape, cycle_type); classes: G.conjugacy_classes()"
        )
    types = class_types(n)
    columns = [_column(tuple(reversed(mu))) for mu in types]
    ints = [[col.get(shape, 0) for col in columns] for shape in shapes]
    values = np.array(ints, dtype=complex)  # exact: every value is below 2^53 for n <= 21
    return CharacterTable(
        order=math.factorial(n),
        exponent=math.lcm(*range(1, n + 1)),
        classes=None,
        class_sizes=tuple(class_size(mu) for mu in types),
        class_orders=tuple(math.lcm(*mu) for mu in types),
        values=tuple(tuple(sympy.Integer(v) for v in row) for row in ints),
        values_float=values,
        indicators=(1,) * len(shapes),
        labels=tuple("1" if i == 0 else partition_text(s) for i, s in enumerate(shapes)),
        class_labels=tuple(partition_text(mu) for mu in types),
    )
