"""Conjugacy classes, element orders and power maps of a finite group from its Cayley table.

A finite group of order ``N`` is given by index data: elements are numbered ``0 .. N-1`` with
the identity at index 0, ``mult[a, b]`` is the index of the product ``a*b`` and ``inv[a]`` the
index of ``a^{-1}``.

Class order
-----------
Classes are listed with the identity class first, then by increasing element order, then by
increasing size, then by increasing smallest element index. Each class is a sorted tuple of
element indices and its representative is its smallest element.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groupproj.errors import DimensionMismatchError

__all__ = [
    "element_orders",
    "conjugacy_classes",
    "class_index",
    "power_map",
    "class_quotients",
    "class_multiplication_coefficients",
]


def _check_table(mult: np.ndarray, inv: np.ndarray | None = None) -> np.ndarray:
    mult = np.asarray(mult, dtype=np.int64)
    if mult.ndim != 2 or mult.shape[0] != mult.shape[1] or mult.shape[0] == 0:
        raise DimensionMismatchError(f"mult must be a non-empty (N, N) array, got {mult.shape}")
    if inv is not None and np.shape(inv) != (mult.shape[0],):
        raise DimensionMismatchError(
            f"inv must have shape ({mult.shape[0]},) to match mult, got {np.shape(inv)}"
        )
    return mult


def element_orders(mult: np.ndarray) -> np.ndarray:
    """Order of every element.

    The order of ``g`` is the least ``k >= 1`` with ``g^k = 1``. All powers are advanced
    together, so the cost is ``O(N * e)`` for group exponent ``e``.

    Parameters
    ----------
    mult : (N, N) int array
        Cayley table, identity at index 0.

    Returns
    -------
    (N,) int array

    Examples
    --------
    >>> import numpy as np
    >>> mult = np.add.outer(np.arange(4), np.arange(4)) % 4  # cyclic group C4
    >>> element_orders(mult).tolist()
    [1, 4, 2, 4]
    """
    mult = _check_table(mult)
    n = mult.shape[0]
    idx = np.arange(n)
    orders = np.zeros(n, dtype=np.int64)
    power = idx.copy()
    k = 1
    while (orders == 0).any():
        if k > n:
            raise DimensionMismatchError("mult is not a group table with identity at index 0")
        orders[(power == 0) & (orders == 0)] = k
        power = mult[power, idx]
        k += 1
    return orders


def conjugacy_classes(
    mult: np.ndarray, inv: np.ndarray, generators: Sequence[int]
) -> tuple[tuple[int, ...], ...]:
    """Conjugacy classes, in the order described in the module docstring.

    The class of ``x`` is its orbit under ``x -> s x s^{-1}`` for the generators ``s``,
    found by breadth-first search. Cost ``O(N * len(generators))``.

    Parameters
    ----------
    mult : (N, N) int array
        Cayley table, identity at index 0.
    inv : (N,) int array
        Inverses.
    generators : sequence of int
        Indices of generators of the group.

    Returns
    -------
    tuple of tuple of int
        Each class as a sorted tuple of element indices.

    Examples
    --------
    >>> import numpy as np
    >>> mult = np.add.outer(np.arange(3), np.arange(3)) % 3
    >>> conjugacy_classes(mult, np.array([0, 2, 1]), [1])
    ((0,), (1,), (2,))
    """
    mult = _check_table(mult, inv)
    inv = np.asarray(inv, dtype=np.int64)
    n = mult.shape[0]
    gens = [int(s) for s in generators]
    seen = np.zeros(n, dtype=bool)
    classes: list[tuple[int, ...]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        orbit = [start]
        frontier = [start]
        while frontier:
            nxt = []
            for x in frontier:
                for s in gens:
                    y = int(mult[mult[s, x], inv[s]])
                    if not seen[y]:
                        seen[y] = True
                        orbit.append(y)
                        nxt.append(y)
            frontier = nxt
        classes.append(tuple(sorted(orbit)))
    orders = element_orders(mult)
    classes.sort(key=lambda c: (c[0] != 0, int(orders[c[0]]), len(c), c[0]))
    if sum(len(c) for c in classes) != n or classes[0] != (0,):
        raise DimensionMismatchError("mult is not a group table with identity at index 0")
    return tuple(classes)


def class_index(classes: Sequence[Sequence[int]], order: int) -> np.ndarray:
    """Position of each element's class in ``classes``: an ``(order,)`` int array.

    Examples
    --------
    >>> class_index(((0,), (1, 2)), 3).tolist()
    [0, 1, 1]
    """
    index = np.full(order, -1, dtype=np.int64)
    for i, c in enumerate(classes):
        index[list(c)] = i
    if (index < 0).any():
        raise DimensionMismatchError(f"classes do not cover all {order} elements")
    return index


def power_map(mult: np.ndarray, classes: Sequence[Sequence[int]], k: int) -> np.ndarray:
    """Class of ``g^k`` for the representative ``g`` of each class.

    Cost ``O(r * log k)`` for ``r`` classes (square-and-multiply on the representatives).

    Parameters
    ----------
    mult : (N, N) int array
        Cayley table, identity at index 0.
    classes : sequence of sequences of int
        Conjugacy classes as returned by :func:`conjugacy_classes`.
    k : int
        Exponent; negative values use inverses.

    Returns
    -------
    (r,) int array
        ``out[i]`` is the position in ``classes`` of the class of ``g_i^k``.

    Examples
    --------
    >>> import numpy as np
    >>> mult = np.add.outer(np.arange(4), np.arange(4)) % 4
    >>> power_map(mult, ((0,), (2,), (1,), (3,)), 2).tolist()
    [0, 0, 1, 1]
    """
    mult = _check_table(mult)
    cls = class_index(classes, mult.shape[0])
    reps = np.array([c[0] for c in classes], dtype=np.int64)
    orders = element_orders(mult)[reps]
    exps = np.mod(k, orders)
    result = np.zeros_like(reps)
    base = reps.copy()
    while (exps > 0).any():
        odd = (exps & 1) == 1
        result[odd] = mult[result[odd], base[odd]]
        base = mult[base, base]
        exps >>= 1
    return cls[result]


def class_quotients(
    mult: np.ndarray, inv: np.ndarray, classes: Sequence[Sequence[int]]
) -> np.ndarray:
    """Class of ``x^{-1} z_k`` for every element ``x`` and class representative ``z_k``.

    Cost ``O(N r)``; the ``(N, r)`` result determines all class multiplication coefficients.

    Examples
    --------
    >>> import numpy as np
    >>> mult = np.add.outer(np.arange(2), np.arange(2)) % 2
    >>> class_quotients(mult, np.array([0, 1]), ((0,), (1,))).tolist()
    [[0, 1], [1, 0]]
    """
    mult = _check_table(mult, inv)
    inv = np.asarray(inv, dtype=np.int64)
    cls = class_index(classes, mult.shape[0])
    reps = np.array([c[0] for c in classes], dtype=np.int64)
    return cls[mult[inv[:, None], reps[None, :]]]


def class_multiplication_coefficients(
    mult: np.ndarray, inv: np.ndarray, classes: Sequence[Sequence[int]]
) -> np.ndarray:
    r"""Class multiplication coefficients ``c[i, j, k]``.

    With class sums :math:`\hat C_i = \sum_{x \in C_i} x` in the group algebra,

    .. math:: \hat C_i \hat C_j = \sum_k c_{ijk} \hat C_k,
              \qquad c_{ijk} = \#\{x \in C_i : x^{-1} z_k \in C_j\}

    for the representative :math:`z_k` of :math:`C_k`. Cost ``O(N r + r^3)`` for ``r``
    classes (memory ``r^3``).

    Returns
    -------
    (r, r, r) int array

    Examples
    --------
    >>> import numpy as np
    >>> mult = np.add.outer(np.arange(2), np.arange(2)) % 2
    >>> class_multiplication_coefficients(mult, np.array([0, 1]), ((0,), (1,)))[1, 1].tolist()
    [1, 0]
    """
    r = len(classes)
    cls = class_index(classes, np.shape(mult)[0])
    quotients = class_quotients(mult, inv, classes)
    flat = (cls[:, None] * r + quotients) * r + np.arange(r)[None, :]
    return np.bincount(flat.ravel(), minlength=r**3).reshape(r, r, r)
