r"""The structured forms of a projector P onto Hom_G(V, W), each one kernel written once.

A :class:`~groupproj.equivariant.projector.Projector` holds one of these as ``P.structure``;
the back-ends build them, files store them and the penalty engine reads them. A map
A: V → W is an array of shape ``(m, n) = (W.dim, V.dim)``; every ``apply`` takes a batch of
shape ``(B, m, n)`` and keeps complex input complex (P has real coefficients when V and W
are real, so P(A) = P(Re A) + i P(Im A)).

===============  ===========================================  ============================
structure        P(A)                                         stored as (``format``)
===============  ===========================================  ============================
:class:`Orbits`  the mean of A over each orbit of G on the    ``orbit``: one int per entry
                 index pairs (i, j)
:class:`Factors` Q_W · S(Q_Wᴴ A Q_V) · Q_Vᴴ, S the block      ``factored``: Q_W, Q_V, blocks
                 projection of Schur's lemma
:class:`GroupAverage`  Σ_u w_u ρ_W(g_u) A ρ_V(g_u)ᴴ, level    (``basis``)
                 by level
:class:`Operator`  the explicit (mn)×(mn) matrix on vec(A)    ``dense``, ``csr``, ``coo``
:class:`Basis`   Σ_k ⟨B_k, A⟩ B_k for an orthonormal basis    ``basis``
===============  ===========================================  ============================
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse
import sympy

from groupproj.errors import ExactnessError, UnknownNameError
from groupproj.limits import check_bytes

__all__ = [
    "Basis",
    "Block",
    "Factors",
    "GroupAverage",
    "MATRIX_FORMATS",
    "Operator",
    "Orbits",
    "Structure",
    "apply_factored",
    "range_basis",
    "schur_project",
]

MATRIX_FORMATS = ("dense", "csr", "coo")
"""Forms of the explicit operator on vec(A)."""


def _itemsize(dtype: np.dtype) -> int:
    return np.dtype(dtype).itemsize


def range_basis(apply, shape: tuple[int, int], complex_: bool, seed: int = 0) -> np.ndarray:
    """An orthonormal basis of the range of a projector known only by its action.

    Applies it to k Gaussian random maps, doubling k until the images have rank below k (so
    they span the whole range, with probability one), then keeps the right singular vectors.
    Cost: O(log d) batches of at most 2·dim maps, plus an SVD of a (2·dim)×(mn) matrix.
    """
    rng = np.random.default_rng(seed)
    m, n = shape
    k = min(8, m * n)
    while True:
        check_bytes(16.0 * k * m * n * (2 if complex_ else 1), "the random maps for P.basis()")
        X = rng.standard_normal((k, m, n))
        if complex_:
            X = X + 1j * rng.standard_normal((k, m, n))
        Y = apply(X).reshape(k, m * n)
        _, s, vh = np.linalg.svd(Y, full_matrices=False)
        tol = max(s[0], 1.0) * 1e-9 if s.size else 0.0
        r = int(np.sum(s > tol))
        if r < k or k == m * n:
            basis = vh[:r].reshape(r, m, n)
            return basis if complex_ else basis.real.copy()
        k = min(2 * k, m * n)


class Structure(ABC):
    """What every structured form of P offers; see the module docstring for the forms.

    A structure is immutable: its arrays are read-only and never change after construction.
    """

    format: str = ""
    """The file format that stores this structure as it is (``Projector.save(format=...)``)."""

    @property
    @abstractmethod
    def shape(self) -> tuple[int, int]:
        """``(m, n) = (W.dim, V.dim)``, the shape of one map."""

    @property
    @abstractmethod
    def dim(self) -> int:
        """dim Hom_G(V, W), the rank of P."""

    @property
    @abstractmethod
    def dtype(self) -> np.dtype:
        """The floating type of the stored numbers (int-only structures: float64)."""

    @abstractmethod
    def apply(self, A: np.ndarray) -> np.ndarray:
        """P on a batch of shape ``(B, m, n)``, in the floating type of A and the structure."""

    def apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        """P(A) in exact arithmetic, where the structure itself is exact."""
        raise ExactnessError(
            f"the {type(self).__name__} form of P holds floating-point numbers; exact "
            "projections need the representations (rebuild with gp.projector(V, W))"
        )

    def basis(self) -> np.ndarray:
        """An orthonormal basis of the range of P, shape ``(dim, m, n)``.

        By default found by applying P to random maps (:func:`range_basis`).
        """
        return range_basis(self.apply, self.shape, self.dtype.kind == "c")

    @abstractmethod
    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays that store this structure in its own :attr:`format`."""

    @abstractmethod
    def astype(self, dtype: Any) -> Structure:
        """The same structure with its floating numbers cast to ``dtype``."""

    def nnz(self) -> int:
        """Non-zeros of the explicit operator on vec(A) (entries above 1e-13)."""
        return int(self.matrix("csr").nnz)

    def estimated_nnz(self) -> int:
        """An upper bound on :meth:`nnz` known without building the operator."""
        m, n = self.shape
        return (m * n) ** 2

    def matrix(self, format: str = "dense") -> Any:
        """The (mn)×(mn) operator on vec(A): a numpy array or a scipy sparse matrix.

        Built as Bᵀ conj(B) from :meth:`basis`: O(dim·(mn)²) time and O((mn)²) memory,
        checked against the size limit first.
        """
        _check_format(format)
        m, n = self.shape
        itemsize = _itemsize(self.dtype)
        check_bytes(
            float(m * n) ** 2 * itemsize,
            f"the dense {m * n}×{m * n} operator",
            "apply P with P(A) or P.operator(), or save a structured format",
        )
        B = self.basis()
        B = B.reshape(len(B), m * n)
        dense = B.T @ B.conj()
        if self.dtype.kind != "c":
            dense = dense.real
        dense = dense.astype(self.dtype, copy=False)
        if format == "dense":
            return dense
        dense[np.abs(dense) < 1e-13] = 0
        return (
            scipy.sparse.csr_matrix(dense) if format == "csr" else scipy.sparse.coo_matrix(dense)
        )


def _check_format(format: str) -> None:
    if format not in MATRIX_FORMATS:
        raise UnknownNameError(f"unknown matrix format {format!r}; choose one of {MATRIX_FORMATS}")


def _frozen_array(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    if a.flags.writeable and a.base is None:
        a.setflags(write=False)
        return a
    a = a.copy()
    a.setflags(write=False)
    return a


# --- orbits ------------------------------------------------------------------------------------


class Orbits(Structure):
    """P(A) is the mean of A over each orbit of G on the index pairs (i, j).

    For permutation representations V and W the indicator matrices of the orbits of G on
    {0..m−1} × {0..n−1}, normalised, are an orthonormal basis of Hom_G(V, W). ``ids[i, j]``
    is the orbit of (i, j), orbits numbered 0, 1, … by their first entry in row-major order.

    Applying P costs O(B·mn) with one ``bincount`` over the whole batch; memory O(mn) for
    the ids. The operator has Σ|O|² non-zeros, 1/|O| between any two entries of an orbit O.
    Exact: the means of sympy entries are exact.

    Parameters
    ----------
    ids : ndarray of int, shape (m, n)
    dtype : dtype
        The floating type P reports (``float64`` unless loaded from a float32 file).
    """

    format = "orbit"

    def __init__(self, ids: np.ndarray, dtype: Any = np.float64):
        self.ids = _frozen_array(ids)
        self._dtype = np.dtype(dtype)

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.ids.shape)  # type: ignore[return-value]

    @property
    def dtype(self) -> np.dtype:
        return self._dtype

    @cached_property
    def sizes(self) -> np.ndarray:
        """|O| for each orbit, shape (dim,)."""
        return _frozen_array(np.bincount(self.ids.ravel()))

    @property
    def dim(self) -> int:
        return len(self.sizes)

    def apply(self, A: np.ndarray) -> np.ndarray:
        b = len(A)
        k, ids = self.dim, self.ids.ravel()
        flat = A.reshape(b, -1)
        labels = (ids[None, :] + k * np.arange(b)[:, None]).ravel()
        if np.iscomplexobj(flat):
            sums = np.bincount(labels, flat.real.ravel(), b * k) + 1j * np.bincount(
                labels, flat.imag.ravel(), b * k
            )
        else:
            sums = np.bincount(labels, flat.ravel(), b * k)
        means = (sums.reshape(b, k) / self.sizes).astype(A.dtype, copy=False)
        return np.take_along_axis(means, np.broadcast_to(ids, (b, len(ids))), 1).reshape(A.shape)

    def apply_exact(self, A: sympy.Matrix) -> sympy.Matrix:
        ids = self.ids.ravel()
        sums = [sympy.Integer(0)] * self.dim
        for value, k in zip(A, ids):
            sums[k] += value
        means = [sympy.nsimplify(s) / int(c) for s, c in zip(sums, self.sizes)]
        return sympy.Matrix(*self.shape, [means[k] for k in ids])

    def basis(self) -> np.ndarray:
        m, n = self.shape
        check_bytes(
            8.0 * self.dim * m * n,
            f"a dense basis of {self.dim} maps of shape {m}×{n}",
            "use the orbit ids (P.structure.ids) instead",
        )
        basis = np.zeros((self.dim, m * n), dtype=self.dtype)
        ids = self.ids.ravel()
        basis[ids, np.arange(m * n)] = 1.0 / np.sqrt(self.sizes[ids])
        return basis.reshape(self.dim, m, n)

    def nnz(self) -> int:
        return int(np.sum(self.sizes.astype(np.int64) ** 2))

    def estimated_nnz(self) -> int:
        return self.nnz()

    def matrix(self, format: str = "dense") -> Any:
        """The operator, with entry 1/|O| between any two entries of an orbit O.

        ``csr``/``coo`` hold Σ|O|² non-zeros, built directly from the ids (12 bytes each);
        ``dense`` holds (mn)². Both are checked against the size limit first.
        """
        _check_format(format)
        if format == "dense":
            return super().matrix(format)
        nnz = self.nnz()
        check_bytes(
            12.0 * nnz,
            f"the sparse operator ({nnz:.3g} non-zeros)",
            "export the orbit ids instead (format='orbit', one integer per entry of A)",
        )
        ids = self.ids.ravel()
        sizes = self.sizes
        order = np.argsort(ids, kind="stable")
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        row_len = sizes[ids]
        rows = np.repeat(np.arange(len(ids)), row_len)
        within = np.arange(nnz) - np.repeat(np.cumsum(row_len) - row_len, row_len)
        cols = order[np.repeat(starts[ids], row_len) + within]
        data = (1.0 / row_len[rows]).astype(self.dtype)
        mn = len(ids)
        coo = scipy.sparse.coo_matrix((data, (rows, cols)), shape=(mn, mn))
        return coo.tocsr() if format == "csr" else coo

    def arrays(self) -> dict[str, np.ndarray]:
        return {"orbit_ids": self.ids}

    def astype(self, dtype: Any) -> Orbits:
        return Orbits(self.ids, dtype)


# --- spectral factors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """The part of Hom_G(V, W) between the copies of one irrep (or one pair of field types).

    Rows ``w_start : w_start + m_W·d_W`` of Q_Wᴴ A Q_V and columns
    ``v_start : v_start + m_V·d_V`` hold an (m_W × m_V) array of d_W×d_V blocks, each in
    the span of ``endomorphisms``. For Schur blocks d_W = d_V = dim(irrep) and the span is
    End_G(irrep); a steerable kernel block has d_V = d_in·k^d and its basis kernels.
    """

    irrep: Any
    w_start: int
    m_W: int
    v_start: int
    m_V: int
    endomorphisms: np.ndarray
    """Orthonormal (Frobenius) basis of the block's span, shape (e, d_W, d_V)."""

    @property
    def d_W(self) -> int:
        """Rows of one block."""
        return int(self.endomorphisms.shape[1])

    @property
    def d_V(self) -> int:
        """Columns of one block."""
        return int(self.endomorphisms.shape[2])


def _right(A: np.ndarray, Q: Any) -> np.ndarray:
    """A @ Q for a batch A of shape (B, m, n) and a dense or sparse (n, k) Q."""
    if scipy.sparse.issparse(Q):
        b, m, n = A.shape
        return np.asarray((Q.T @ A.reshape(b * m, n).T).T).reshape(b, m, Q.shape[1])
    return A @ Q


def _left(Q: Any, A: np.ndarray) -> np.ndarray:
    """Q @ A for a dense or sparse (m, k) Q and a batch A of shape (B, k, n)."""
    return _right(A.transpose(0, 2, 1), Q.T).transpose(0, 2, 1)


def _columns(Q: Any, start: int, stop: int) -> np.ndarray:
    """Dense columns start:stop of a dense or sparse Q."""
    cols = Q[:, start:stop]
    return cols.toarray() if scipy.sparse.issparse(cols) else cols


def schur_project(B: np.ndarray, blocks: tuple[Block, ...]) -> np.ndarray:
    """S(B) for a batch B = Q_Wᴴ A Q_V: each block of copies projected onto its span."""
    out = np.zeros_like(B)
    for b in blocks:
        E, dW, dV = b.endomorphisms, b.d_W, b.d_V
        rows = slice(b.w_start, b.w_start + b.m_W * dW)
        cols = slice(b.v_start, b.v_start + b.m_V * dV)
        sub = B[:, rows, cols].reshape(len(B), b.m_W, dW, b.m_V, dV)
        coeff = np.einsum("bidjk,edk->bije", sub, E.conj())
        proj = np.einsum("bije,edk->bidjk", coeff, E)
        out[:, rows, cols] = proj.reshape(len(B), b.m_W * dW, b.m_V * dV)
    return out


def apply_factored(A: np.ndarray, QW: Any, blocks: tuple[Block, ...], QV: Any) -> np.ndarray:
    """P(A) = Q_W · S(Q_Wᴴ A Q_V) · Q_Vᴴ for a batch A of shape (B, m, n).

    Costs O(m²n + mn²) per map with dense Q (O(nnz) products with sparse Q) plus
    O(Σ m_W m_V d_W d_V e) for S.
    """
    B = _left(QW.conj().T, _right(A, QV))
    return _right(_left(QW, schur_project(B, blocks)), QV.conj().T)


class Factors(Structure):
    """P(A) = Q_W · S(Q_Wᴴ A Q_V) · Q_Vᴴ, with S Schur's block projection.

    Q_W (m×m) and Q_V (n×n) are orthogonal (unitary), dense or scipy-sparse, with the copies
    of each irrep in contiguous columns; S keeps, for each irrep in both V and W, the
    (m_W·d)×(m_V·d) block of copies and projects each d×d sub-block onto End_G(irrep)
    (:class:`Block`). Costs O(m²n + mn²) per map for the two basis changes plus
    O(Σ m_W m_V d² e) for S; memory m² + n² + Σ e·d² numbers against (mn)² for the operator.
    """

    format = "factored"

    def __init__(self, QW: Any, blocks: tuple[Block, ...], QV: Any):
        self.QW, self.blocks, self.QV = QW, tuple(blocks), QV

    @property
    def shape(self) -> tuple[int, int]:
        return (self.QW.shape[0], self.QV.shape[0])

    @property
    def dtype(self) -> np.dtype:
        return np.result_type(
            self.QW.dtype, self.QV.dtype, *(b.endomorphisms for b in self.blocks)
        )

    @property
    def dim(self) -> int:
        return sum(b.m_W * b.m_V * len(b.endomorphisms) for b in self.blocks)

    @property
    def factors(self) -> tuple[Any, tuple[Block, ...], Any]:
        """(Q_W, blocks, Q_V)."""
        return self.QW, self.blocks, self.QV

    def apply(self, A: np.ndarray) -> np.ndarray:
        out = apply_factored(A, self.QW, self.blocks, self.QV)
        if not np.iscomplexobj(A) and self.dtype.kind != "c":
            return out
        return out.astype(np.result_type(A.dtype, self.dtype), copy=False)

    def basis(self) -> np.ndarray:
        m, n = self.shape
        check_bytes(
            float(self.dim) * m * n * _itemsize(self.dtype),
            f"a dense basis of {self.dim} maps of shape {m}×{n}",
            "use the factors (P.structure) instead",
        )
        out = []
        for b in self.blocks:
            dW, dV = b.d_W, b.d_V
            for i in range(b.m_W):
                Wi = _columns(self.QW, b.w_start + i * dW, b.w_start + (i + 1) * dW)
                for j in range(b.m_V):
                    Vj = _columns(self.QV, b.v_start + j * dV, b.v_start + (j + 1) * dV)
                    out.extend(Wi @ e @ Vj.conj().T for e in b.endomorphisms)
        basis = np.array(out, dtype=self.dtype).reshape(len(out), m, n)
        return basis

    def arrays(self) -> dict[str, np.ndarray]:
        """Q_W, Q_V (dense, or the parts of a CSC matrix), the block table and the bases.

        ``blocks[k] = (w_start, m_W, v_start, m_V, d_W, d_V, e)``; ``endomorphisms``
        concatenates the (e, d_W, d_V) bases of the blocks, flattened in order.
        """
        out: dict[str, np.ndarray] = {}
        for name, Q in (("QW", self.QW), ("QV", self.QV)):
            if scipy.sparse.issparse(Q):
                Q = scipy.sparse.csc_matrix(Q)
                out.update({f"{name}_data": Q.data, f"{name}_indices": Q.indices})
                out.update({f"{name}_indptr": Q.indptr, f"{name}_shape": np.array(Q.shape)})
            else:
                out[name] = np.asarray(Q)
        layout = [
            (b.w_start, b.m_W, b.v_start, b.m_V, b.d_W, b.d_V, len(b.endomorphisms))
            for b in self.blocks
        ]
        out["blocks"] = np.array(layout, dtype=np.int64).reshape(len(layout), 7)
        out["endomorphisms"] = np.concatenate(
            [b.endomorphisms.ravel() for b in self.blocks] + [np.zeros(0, self.dtype)]
        )
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Factors:
        """The inverse of :meth:`arrays` (irreps are not stored: ``Block.irrep`` is None)."""

        def q(name: str) -> Any:
            if name in arrays:
                return arrays[name]
            parts = (arrays[f"{name}_data"], arrays[f"{name}_indices"], arrays[f"{name}_indptr"])
            shape = tuple(int(s) for s in arrays[f"{name}_shape"])
            return scipy.sparse.csc_matrix(parts, shape=shape)

        blocks, start = [], 0
        flat = arrays["endomorphisms"]
        for w_start, m_W, v_start, m_V, dW, dV, e in arrays["blocks"].tolist():
            E = flat[start : start + e * dW * dV].reshape(e, dW, dV)
            start += e * dW * dV
            blocks.append(Block(None, w_start, m_W, v_start, m_V, E))
        return cls(q("QW"), tuple(blocks), q("QV"))

    def astype(self, dtype: Any) -> Factors:
        def cast(x: Any) -> Any:
            return x.astype(_cast_type(x.dtype, dtype))

        blocks = tuple(
            Block(b.irrep, b.w_start, b.m_W, b.v_start, b.m_V, cast(b.endomorphisms))
            for b in self.blocks
        )
        return Factors(cast(self.QW), blocks, cast(self.QV))


def _cast_type(current: np.dtype, target: Any) -> np.dtype:
    """``target`` for real data, its complex counterpart for complex data."""
    target = np.dtype(target)
    if np.dtype(current).kind == "c":
        return np.result_type(target, np.complex64)
    return target


# --- the group average -------------------------------------------------------------------------


class GroupAverage(Structure):
    """P(A) = Σ_u w_u ρ_W(g_u) A ρ_V(g_u)ᴴ, factored into levels.

    ``levels`` is a tuple of ``(RW, RVh, w)``: stacked matrices ρ_W(g) (u, m, m), ρ_V(g)ᴴ
    (u, n, n) and weights (u,) of one level; the average over the whole group (a finite
    group's transversals G = U_0·U_1·…, or a compact group's exact quadrature) is the
    composition of the level averages, innermost (last) level first (no level: the trivial
    group, P = identity). Applying P costs
    O(Σ_u (m²n + mn²)) per map; memory O(Σ_u (m² + n²)).
    """

    format = "basis"

    def __init__(
        self, levels: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...], shape: tuple
    ):
        self.levels = tuple(levels)
        self._shape = (int(shape[0]), int(shape[1]))

    @property
    def shape(self) -> tuple[int, int]:
        return self._shape

    @property
    def dtype(self) -> np.dtype:
        return np.result_type(np.float64, *(x for RW, RVh, _ in self.levels for x in (RW, RVh)))

    @cached_property
    def _basis(self) -> np.ndarray:
        return _frozen_array(super().basis())

    @property
    def dim(self) -> int:
        return len(self._basis)

    def basis(self) -> np.ndarray:
        return self._basis.copy()

    def apply(self, A: np.ndarray) -> np.ndarray:
        dtype = np.result_type(A.dtype, self.dtype)
        for RW, RVh, w in reversed(self.levels):
            A = np.einsum("u,uij,bjk,ukl->bil", w, RW, A, RVh, optimize=True)
        return A.astype(dtype, copy=False)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"basis": self.basis()}

    def astype(self, dtype: Any) -> Basis:
        return Basis(self.basis()).astype(dtype)


# --- explicit forms ----------------------------------------------------------------------------


class Operator(Structure):
    """The explicit operator M on vec(A) (row-major), dense or scipy-sparse (CSR).

    Applying P costs O(nnz) per map (O((mn)²) dense). As read back from a ``dense``, ``csr``,
    ``coo`` or MatrixMarket file.
    """

    def __init__(self, M: Any, shape: tuple[int, int]):
        self.M = scipy.sparse.csr_matrix(M) if scipy.sparse.issparse(M) else _frozen_array(M)
        self._shape = (int(shape[0]), int(shape[1]))

    @property
    def format(self) -> str:  # type: ignore[override]
        return "csr" if scipy.sparse.issparse(self.M) else "dense"

    @property
    def shape(self) -> tuple[int, int]:
        return self._shape

    @property
    def dtype(self) -> np.dtype:
        return self.M.dtype

    @cached_property
    def dim(self) -> int:  # type: ignore[override]
        return int(round(float(np.real(self.M.diagonal().sum()))))

    def apply(self, A: np.ndarray) -> np.ndarray:
        flat = A.reshape(len(A), -1)
        out = np.asarray((self.M @ flat.T).T)
        return out.astype(np.result_type(A.dtype, self.dtype), copy=False).reshape(A.shape)

    def nnz(self) -> int:
        if scipy.sparse.issparse(self.M):
            return int(self.M.nnz)
        return int(np.count_nonzero(np.abs(self.M) > 1e-13))

    def estimated_nnz(self) -> int:
        return self.nnz()

    def matrix(self, format: str = "dense") -> Any:
        _check_format(format)
        if format == "dense":
            if not scipy.sparse.issparse(self.M):
                return np.array(self.M)
            mn = self.M.shape[0]
            check_bytes(float(mn) ** 2 * _itemsize(self.dtype), f"the dense {mn}×{mn} operator")
            return self.M.toarray()
        M = scipy.sparse.csr_matrix(self.M) if not scipy.sparse.issparse(self.M) else self.M
        return M.tocsr(copy=True) if format == "csr" else M.tocoo()

    def arrays(self) -> dict[str, np.ndarray]:
        if scipy.sparse.issparse(self.M):
            return {"data": self.M.data, "indices": self.M.indices, "indptr": self.M.indptr}
        return {"matrix": self.M}

    def astype(self, dtype: Any) -> Operator:
        return Operator(self.M.astype(_cast_type(self.M.dtype, dtype)), self._shape)


class Basis(Structure):
    """P(A) = Σ_k ⟨B_k, A⟩ B_k for an orthonormal basis B of shape (dim, m, n).

    Applying P costs O(dim·mn) per map; memory O(dim·mn). The dense N×D matrix of the
    projection regulariser as usually implemented.
    """

    format = "basis"

    def __init__(self, B: np.ndarray):
        self.B = _frozen_array(B)

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.B.shape[1:])  # type: ignore[return-value]

    @property
    def dtype(self) -> np.dtype:
        return self.B.dtype

    @property
    def dim(self) -> int:
        return len(self.B)

    def apply(self, A: np.ndarray) -> np.ndarray:
        coeff = np.einsum("kij,bij->bk", self.B.conj(), A)
        out = np.einsum("bk,kij->bij", coeff, self.B)
        return out.astype(np.result_type(A.dtype, self.dtype), copy=False)

    def basis(self) -> np.ndarray:
        return self.B.copy()

    def arrays(self) -> dict[str, np.ndarray]:
        return {"basis": self.B}

    def astype(self, dtype: Any) -> Basis:
        return Basis(self.B.astype(_cast_type(self.B.dtype, dtype)))
