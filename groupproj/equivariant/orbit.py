"""The orbit back-end: permutation representations, from the generators alone."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import scipy.sparse
import sympy

from groupproj.equivariant.base import MAX_DENSE_ENTRIES, Projector
from groupproj.errors import SizeLimitError, UnknownNameError
from groupproj.reps.base import Representation


def orbit_ids(perms_W: list[np.ndarray], perms_V: list[np.ndarray]) -> np.ndarray:
    """Orbit labels of the index pairs (i, j) under (i, j) ↦ (p_W(i), p_V(j)).

    Connected components of the graph whose edges join each pair to its
    images under the generators, by min-label propagation with pointer
    jumping: every label is a pair in the same orbit and no larger than its
    own index, so at the fixed point each orbit carries its smallest index.
    Labels are then renumbered 0, 1, … in order of that smallest index.
    Costs O(mn) memory and O(mn·|S|) per round; the rounds are few in practice.
    """
    m, n = len(perms_W[0]), len(perms_V[0])
    size = m * n
    dtype = np.int32 if size < 2**31 else np.int64
    images = [
        (pw.astype(dtype)[:, None] * n + pv.astype(dtype)[None, :]).ravel()
        for pw, pv in zip(perms_W, perms_V)
    ]
    labels = np.arange(size, dtype=dtype)
    while True:
        before = labels.copy()
        for img in images:
            np.minimum(labels, labels[img], out=labels)
            labels[img] = np.minimum(labels[img], labels)
        labels = labels[labels]
        if np.array_equal(labels, before):
            break
    rank = np.cumsum(labels == np.arange(size, dtype=dtype), dtype=np.int64) - 1
    return rank.astype(dtype)[labels].reshape(m, n)


class OrbitProjector(Projector):
    """P(A) is the mean of A over each orbit of G on the index pairs (i, j).

    For permutation representations V and W (and their sums and tensor
    products), the indicator matrices of the orbits of G on
    {0..W.dim−1} × {0..V.dim−1} form an orthogonal basis of Hom_G(V, W).
    The orbits come from the generators' permutations alone; no group
    element is ever enumerated. Memory O(mn) for the orbit-id array;
    applying P costs O(mn) per map.

    Attributes
    ----------
    orbit_ids : ndarray of int, shape (W.dim, V.dim)
        The orbit of each entry, numbered by first occurrence in row-major order.
    orbit_sizes : ndarray of int, shape (dim,)
    """

    method = "orbit"

    @classmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """O(mn): one pass of orbit means over the entries."""
        return float(W.dim * V.dim)

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        bad = [r.name for r in (V, W) if not r.is_permutation]
        if bad:
            return (
                f"the orbit back-end needs permutation representations; {', '.join(bad)} "
                "does not permute a basis"
            )
        return None

    @cached_property
    def orbit_ids(self) -> np.ndarray:
        ids = orbit_ids(self.W.generator_permutations(), self.V.generator_permutations())
        ids.setflags(write=False)
        return ids

    @cached_property
    def orbit_sizes(self) -> np.ndarray:
        sizes = np.bincount(self.orbit_ids.ravel())
        sizes.setflags(write=False)
        return sizes

    @property
    def dim(self) -> int:
        return len(self.orbit_sizes)

    def _apply(self, A: np.ndarray) -> np.ndarray:
        ids = self.orbit_ids.ravel()
        flat = A.reshape(len(A), -1)
        out = np.empty_like(flat)
        for b, row in enumerate(flat):
            means = orbit_means(row, ids, self.orbit_sizes)
            out[b] = means[ids]
        return out.reshape(A.shape)

    def _apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        ids = self.orbit_ids.ravel()
        sums = [sympy.Integer(0)] * self.dim
        for value, k in zip(A, ids):
            sums[k] += value
        means = [sympy.nsimplify(s) / int(c) for s, c in zip(sums, self.orbit_sizes)]
        return sympy.Matrix(*self.shape, [means[k] for k in ids])

    @cached_property
    def _basis(self) -> np.ndarray:
        m, n = self.shape
        if self.dim * m * n > MAX_DENSE_ENTRIES:
            raise SizeLimitError(
                f"a dense basis would hold {self.dim * m * n:.3g} numbers; use P.orbit_ids"
            )
        basis = np.zeros((self.dim, m * n))
        ids = self.orbit_ids.ravel()
        basis[ids, np.arange(m * n)] = 1.0 / np.sqrt(self.orbit_sizes[ids])
        return basis.reshape(self.dim, m, n)

    def matrix(self, format: str = "dense", exact: bool = False):
        """The operator with entry 1/|O| between any two entries of an orbit O.

        nnz = Σ|O|²; refused (:class:`SizeLimitError`) above
        ``MAX_DENSE_ENTRIES``, where :attr:`orbit_ids` is the export to use.
        """
        if format not in ("dense", "csr", "coo"):
            raise UnknownNameError(f"unknown format {format!r}; choose dense, csr or coo")
        if exact or format == "dense":
            return super().matrix(format, exact)
        nnz = int(np.sum(self.orbit_sizes.astype(np.int64) ** 2))
        if nnz > MAX_DENSE_ENTRIES:
            raise SizeLimitError(
                f"the sparse operator would have {nnz:.3g} non-zeros; export P.orbit_ids "
                "(one integer per entry of A) instead"
            )
        ids = self.orbit_ids.ravel()
        order = np.argsort(ids, kind="stable")
        starts = np.concatenate([[0], np.cumsum(self.orbit_sizes)[:-1]])
        row_len = self.orbit_sizes[ids]
        rows = np.repeat(np.arange(len(ids)), row_len)
        within = np.arange(nnz) - np.repeat(np.cumsum(row_len) - row_len, row_len)
        cols = order[np.repeat(starts[ids], row_len) + within]
        data = 1.0 / row_len[rows]
        mn = len(ids)
        coo = scipy.sparse.coo_matrix((data, (rows, cols)), shape=(mn, mn))
        return coo.tocsr() if format == "csr" else coo

    def nnz(self) -> int:
        return int(np.sum(self.orbit_sizes.astype(np.int64) ** 2))


def orbit_means(values: np.ndarray, ids: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Mean of ``values`` over each orbit label (complex-safe)."""
    if np.iscomplexobj(values):
        s = np.bincount(ids, values.real, len(sizes)) + 1j * np.bincount(
            ids, values.imag, len(sizes)
        )
    else:
        s = np.bincount(ids, values, len(sizes))
    return s / sizes
