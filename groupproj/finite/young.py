r"""Irreducible representations of the symmetric group in Young's orthogonal form.

Conventions
-----------
* Points are ``0 .. n-1``; a permutation is its image list ``perm[i]``; products compose as
  maps, ``(a*b)[i] = a[b[i]]``, and the representations satisfy
  :math:`\rho(ab) = \rho(a)\rho(b)`.
* ``s_i`` is the adjacent transposition of the points ``i`` and ``i+1``, ``0 <= i <= n-2``.
* A partition is a non-increasing tuple of positive ints; :func:`partitions` lists them in
  reverse lexicographic order, ``(n), (n-1, 1), ..., (1, ..., 1)``.
* A standard tableau is a tuple of rows holding the letters ``0 .. n-1``. The basis of the
  irrep of shape :math:`\lambda` is its standard tableaux in *last letter order*: sort by the
  row of the letter ``n-1``, then of ``n-2``, and so on, top rows first (the Yamanouchi word
  read from its last letter). Restricting to :math:`S_{n-1}` is then block diagonal, one block
  per removable corner, top corner first.

Young's orthogonal form: with the content :math:`c(k) = \text{column} - \text{row}` of the
letter ``k`` in ``T`` and the axial distance :math:`r = c(i+1) - c(i)`,

.. math:: \rho(s_i)\, T = \tfrac{1}{r}\, T + \sqrt{1 - 1/r^2}\; s_i T,

where ``s_i T`` swaps the letters ``i, i+1`` (standard whenever :math:`|r| > 1`). The matrices
are real orthogonal and symmetric.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import factorial, prod

import numpy as np
import sympy

from groupproj.errors import DimensionMismatchError

__all__ = [
    "partitions",
    "standard_tableaux",
    "irrep_dimension",
    "young_orthogonal_generators",
    "young_orthogonal_matrix",
]

Tableau = tuple[tuple[int, ...], ...]


def partitions(n: int) -> tuple[tuple[int, ...], ...]:
    """Partitions of ``n`` in reverse lexicographic order.

    Examples
    --------
    >>> partitions(4)
    ((4,), (3, 1), (2, 2), (2, 1, 1), (1, 1, 1, 1))
    """
    if n < 0:
        raise DimensionMismatchError(f"n must be non-negative, got {n}")
    return tuple(_partitions(n, n))


def _partitions(n: int, largest: int) -> list[tuple[int, ...]]:
    if n == 0:
        return [()]
    return [
        (first, *rest)
        for first in range(min(n, largest), 0, -1)
        for rest in _partitions(n - first, first)
    ]


def _check_shape(shape: Sequence[int]) -> tuple[int, ...]:
    shape = tuple(int(x) for x in shape)
    if any(x <= 0 for x in shape) or any(a < b for a, b in zip(shape, shape[1:])):
        raise DimensionMismatchError(
            f"shape must be a non-increasing tuple of positive ints, got {shape}"
        )
    return shape


def irrep_dimension(shape: Sequence[int]) -> int:
    r"""Dimension of the irrep of shape ``shape`` by the hook length formula.

    :math:`\dim = n! / \prod_{\text{cells}} \text{hook}`; cost ``O(n)``.

    Examples
    --------
    >>> irrep_dimension((4, 3, 2, 1))
    768
    """
    shape = _check_shape(shape)
    conj = [sum(1 for x in shape if x > j) for j in range(shape[0])] if shape else []
    hooks = prod(
        shape[i] - j + conj[j] - i - 1 for i in range(len(shape)) for j in range(shape[i])
    )
    return factorial(sum(shape)) // hooks


@lru_cache(maxsize=64)
def _tableaux(shape: tuple[int, ...]) -> tuple[Tableau, ...]:
    n = sum(shape)
    if n == 0:
        return ((),)
    out: list[Tableau] = []
    for row in range(len(shape)):
        below = shape[row + 1] if row + 1 < len(shape) else 0
        if shape[row] == below:
            continue
        smaller = shape[:row] + (shape[row] - 1,) + shape[row + 1 :]
        for t in _tableaux(tuple(x for x in smaller if x)):
            rows = list(t) + [()] * (len(shape) - len(t))
            rows[row] = rows[row] + (n - 1,)
            out.append(tuple(rows))
    return tuple(out)


def standard_tableaux(shape: Sequence[int]) -> tuple[Tableau, ...]:
    """Standard Young tableaux of ``shape`` in last letter order (see module docstring).

    Cost ``O(n * f)`` for ``f`` tableaux.

    Examples
    --------
    >>> standard_tableaux((2, 1))
    (((0, 2), (1,)), ((0, 1), (2,)))
    """
    return _tableaux(_check_shape(shape))


@lru_cache(maxsize=64)
def _generator_data(shape: tuple[int, ...]) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Per ``s_i``: axial distances ``r`` and the index of ``s_i T`` (``T`` if not standard)."""
    tabs = _tableaux(shape)
    n = sum(shape)
    f = len(tabs)
    content = np.zeros((f, n), dtype=np.int64)
    words = np.zeros((f, n), dtype=np.int64)
    for a, t in enumerate(tabs):
        for i, row in enumerate(t):
            for j, letter in enumerate(row):
                content[a, letter] = j - i
                words[a, letter] = i
    index = {w.tobytes(): a for a, w in enumerate(words)}
    data = []
    for i in range(n - 1):
        axial = content[:, i + 1] - content[:, i]
        swapped = words.copy()
        swapped[:, [i, i + 1]] = swapped[:, [i + 1, i]]
        partner = np.array(
            [index[swapped[a].tobytes()] if abs(axial[a]) > 1 else a for a in range(f)]
        )
        data.append((axial, partner))
    return tuple(data)


@lru_cache(maxsize=64)
def _float_generators(shape: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    mats = []
    for axial, partner in _generator_data(shape):
        f = len(axial)
        m = np.zeros((f, f))
        m[np.arange(f), np.arange(f)] = 1.0 / axial
        moved = partner != np.arange(f)
        m[partner[moved], np.arange(f)[moved]] = np.sqrt(1.0 - 1.0 / axial[moved] ** 2)
        mats.append(m)
    return tuple(mats)


def _exact_entries(axial: np.ndarray, partner: np.ndarray) -> dict[tuple[int, int], sympy.Expr]:
    entries = {}
    for a, (r, b) in enumerate(zip(axial.tolist(), partner.tolist())):
        entries[a, a] = sympy.Rational(1, r)
        if b != a:
            entries[b, a] = sympy.sqrt(1 - sympy.Rational(1, r * r))
    return entries


@lru_cache(maxsize=16)
def _exact_generators(shape: tuple[int, ...]) -> tuple[sympy.ImmutableSparseMatrix, ...]:
    return tuple(
        sympy.ImmutableSparseMatrix(len(axial), len(axial), _exact_entries(axial, partner))
        for axial, partner in _generator_data(shape)
    )


def young_orthogonal_generators(
    shape: Sequence[int], exact: bool = False
) -> list[np.ndarray] | list[sympy.ImmutableSparseMatrix]:
    """Matrices of ``s_0, ..., s_{n-2}`` in Young's orthogonal form.

    Parameters
    ----------
    shape : sequence of int
        The partition.
    exact : bool
        If true, sympy sparse matrices with entries ``1/r`` and ``sqrt(r^2 - 1)/|r|``;
        otherwise float64 arrays (fresh copies of cached arrays).

    Returns
    -------
    list of (f, f) matrices, ``f`` the number of standard tableaux.
    Cost ``O(n f)`` to build (once per shape, cached), ``O(n f^2)`` to copy in float mode.

    Examples
    --------
    >>> young_orthogonal_generators((2, 1), exact=True)[1]
    Matrix([
    [      1/2, sqrt(3)/2],
    [sqrt(3)/2,      -1/2]])
    """
    shape = _check_shape(shape)
    if exact:
        return list(_exact_generators(shape))
    return [m.copy() for m in _float_generators(shape)]


def _adjacent_word(perm: Sequence[int]) -> list[int]:
    """``[j_1, ..., j_m]`` with ``perm = s_{j_m} * ... * s_{j_1}`` (bubble sort, ``O(n^2)``).

    Swapping entries ``j, j+1`` of the image list is right multiplication by ``s_j``; sorting
    reaches the identity, ``perm * s_{j_1} * ... * s_{j_m} = 1``.
    """
    w = [int(x) for x in perm]
    if sorted(w) != list(range(len(w))):
        raise DimensionMismatchError(f"perm must be a permutation of 0..{len(w) - 1}, got {w}")
    word = []
    for end in range(len(w) - 1, 0, -1):
        for j in range(end):
            if w[j] > w[j + 1]:
                w[j], w[j + 1] = w[j + 1], w[j]
                word.append(j)
    return word


def young_orthogonal_matrix(
    shape: Sequence[int], perm: Sequence[int], exact: bool = False
) -> np.ndarray | sympy.ImmutableSparseMatrix:
    """Matrix of the permutation ``perm`` (image list) in Young's orthogonal form.

    ``perm`` is written as a word in adjacent transpositions by bubble sort and the generators
    are applied as sparse row operations; cost ``O(n^2 f)`` in float mode (at most
    ``n(n-1)/2`` steps of ``O(f)`` rows each), without enumerating :math:`S_n`. Exact mode
    does the same on sympy entries, expanding after each step.

    Examples
    --------
    >>> m = young_orthogonal_matrix((2, 1), [1, 2, 0])
    >>> bool(np.allclose(m @ m @ m, np.eye(2)))
    True
    """
    shape = _check_shape(shape)
    if len(perm) != sum(shape):
        raise DimensionMismatchError(f"perm has {len(perm)} points, shape has {sum(shape)}")
    data = _generator_data(shape)
    f = len(_tableaux(shape))
    if not exact:
        m = np.eye(f)
        for j in _adjacent_word(perm):
            axial, partner = data[j]
            off = np.sqrt(1.0 - 1.0 / axial**2)
            m = m / axial[:, None] + off[:, None] * m[partner]
        return m
    rows: list[dict[int, sympy.Expr]] = [{a: sympy.Integer(1)} for a in range(f)]
    for j in _adjacent_word(perm):
        axial, partner = data[j]
        entries = _exact_entries(axial, partner)
        new_rows = []
        for a in range(f):
            row = {c: entries[a, a] * v for c, v in rows[a].items()}
            b = int(partner[a])
            if b != a:
                for c, v in rows[b].items():
                    row[c] = row.get(c, 0) + entries[a, b] * v
            new_rows.append({c: v for c, v in ((c, sympy.expand(v)) for c, v in row.items()) if v})
        rows = new_rows
    return sympy.ImmutableSparseMatrix(
        f, f, {(a, c): v for a, row in enumerate(rows) for c, v in row.items()}
    )
