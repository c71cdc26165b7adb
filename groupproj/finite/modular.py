"""Linear algebra over the prime field GF(p) with numpy integer arrays.

Entries are kept in ``0 .. p-1`` as ``int64``; products stay exact while ``p < 2**31``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rref_mod", "nullspace_mod", "charpoly_mod", "roots_mod"]


def rref_mod(a: np.ndarray, p: int) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form of ``a`` over GF(p) and its pivot columns.

    Cost ``O(m n min(m, n))`` for an ``(m, n)`` matrix.

    Examples
    --------
    >>> import numpy as np
    >>> r, piv = rref_mod(np.array([[2, 4], [1, 3]]), 5)
    >>> r.tolist(), piv
    ([[1, 0], [0, 1]], [0, 1])
    """
    m = np.array(a, dtype=np.int64) % p
    rows, cols = m.shape
    pivots: list[int] = []
    row = 0
    for col in range(cols):
        if row == rows:
            break
        nz = np.nonzero(m[row:, col])[0]
        if nz.size == 0:
            continue
        piv = row + int(nz[0])
        if piv != row:
            m[[row, piv]] = m[[piv, row]]
        m[row] = m[row] * pow(int(m[row, col]), -1, p) % p
        factors = m[:, col].copy()
        factors[row] = 0
        hit = np.nonzero(factors)[0]
        m[hit] = (m[hit] - np.outer(factors[hit], m[row])) % p
        pivots.append(col)
        row += 1
    return m, pivots


def nullspace_mod(a: np.ndarray, p: int) -> np.ndarray:
    """Basis of the right null space of ``a`` over GF(p), as columns of an ``(n, k)`` array.

    Examples
    --------
    >>> import numpy as np
    >>> nullspace_mod(np.array([[1, 1]]), 7).tolist()
    [[6], [1]]
    """
    r, pivots = rref_mod(a, p)
    n = r.shape[1]
    free = [c for c in range(n) if c not in set(pivots)]
    basis = np.zeros((n, len(free)), dtype=np.int64)
    for j, f in enumerate(free):
        basis[f, j] = 1
        for i, c in enumerate(pivots):
            basis[c, j] = -r[i, f] % p
    return basis


def charpoly_mod(a: np.ndarray, p: int) -> np.ndarray:
    """Characteristic polynomial ``det(x I - a)`` over GF(p), coefficients lowest first.

    Reduces ``a`` to upper Hessenberg form by similarity and then runs the Hessenberg
    recurrence; cost ``O(n^3)``.

    Examples
    --------
    >>> import numpy as np
    >>> charpoly_mod(np.array([[0, 1], [1, 0]]), 7).tolist()  # x^2 - 1
    [6, 0, 1]
    """
    h = np.array(a, dtype=np.int64) % p
    n = h.shape[0]
    for m in range(1, n - 1):
        nz = np.nonzero(h[m:, m - 1])[0]
        if nz.size == 0:
            continue
        i = m + int(nz[0])
        if i != m:
            h[[i, m]] = h[[m, i]]
            h[:, [i, m]] = h[:, [m, i]]
        u = h[m + 1 :, m - 1] * pow(int(h[m, m - 1]), -1, p) % p
        h[m + 1 :] = (h[m + 1 :] - np.outer(u, h[m])) % p
        h[:, m] = (h[:, m] + h[:, m + 1 :] @ u) % p
    polys = [np.array([1], dtype=np.int64)]
    for m in range(1, n + 1):
        poly = np.zeros(m + 1, dtype=np.int64)
        poly[1:] = polys[m - 1]
        poly[:-1] -= h[m - 1, m - 1] * polys[m - 1]
        t = 1
        for i in range(1, m):
            t = t * int(h[m - i, m - i - 1]) % p
            poly[: m - i] -= (int(h[m - 1 - i, m - 1]) * t % p) * polys[m - 1 - i]
        polys.append(poly % p)
    return polys[n]


def roots_mod(poly: np.ndarray, p: int) -> list[int]:
    """Distinct roots in GF(p) of a polynomial (coefficients lowest first), by evaluation.

    Cost ``O(p * deg)``.

    Examples
    --------
    >>> import numpy as np
    >>> roots_mod(np.array([6, 0, 1]), 7)
    [1, 6]
    """
    x = np.arange(p, dtype=np.int64)
    values = np.zeros(p, dtype=np.int64)
    for c in poly[::-1]:
        values = (values * x + int(c)) % p
    return [int(v) for v in np.nonzero(values == 0)[0]]
