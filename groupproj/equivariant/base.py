"""The projector onto Hom_G(V, W) and what every back-end shares.

Vec convention
--------------
A linear map A: V → W is an array of shape ``(W.dim, V.dim)``. The operator
form of P acts on ``vec(A)``, the row-major flattening
``vec(A)[i * V.dim + j] = A[i, j]`` (``A.reshape(-1)`` in numpy), so
``P.matrix() @ A.reshape(-1) == P(A).reshape(-1)``.
"""

from __future__ import annotations

from abc import abstractmethod
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse
import scipy.sparse.linalg
import sympy

from groupproj._frozen import Frozen
from groupproj.errors import DimensionMismatchError, SizeLimitError, UnknownNameError

if TYPE_CHECKING:
    from groupproj.reps.base import Representation

VEC_CONVENTION = "row-major: A has shape (W.dim, V.dim) and vec(A)[i*V.dim + j] = A[i, j]"
MAX_DENSE_ENTRIES = 100_000_000
"""Largest (mn)² for which :meth:`Projector.matrix` builds a dense operator."""
MAX_EXACT_SIZE = 400
"""Largest mn for which exact operators are built column by column."""

FORMATS = ("dense", "csr", "coo")


def range_basis(apply, shape: tuple[int, int], complex_: bool, seed: int = 0) -> np.ndarray:
    """An orthonormal basis of the range of a projector known only by its action.

    Applies it to k Gaussian random maps, doubling k until the images have
    rank below k (so they span the whole range, with probability one), then
    keeps the right singular vectors. Cost: O(log d) batches of at most
    2·dim maps, plus an SVD of a (2·dim)×(mn) matrix.
    """
    rng = np.random.default_rng(seed)
    m, n = shape
    k = min(8, m * n)
    while True:
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


class Projector(Frozen):
    """The Frobenius-orthogonal projector P onto Hom_G(V, W).

    Hom_G(V, W) = {A : A rho_V(g) = rho_W(g) A for all g}, with A of shape
    ``(W.dim, V.dim)``. For orthogonal (unitary) V and W, P is the group
    average P(A) = ∫ rho_W(g) A rho_V(g)⁻¹ dg. Back-ends differ in how they
    compute it; all give the same P.

    Attributes
    ----------
    V, W : Representation
        Source and target.
    method : str
        The back-end: ``"orbit"``, ``"spatial"``, ``"spectral"`` or ``"quadrature"``.
    """

    _fields = ("V", "W", "method")
    method: str = ""

    def __init__(self, V: Representation, W: Representation):
        self._set(V=V, W=W)

    def __repr__(self) -> str:
        return (
            f"<Projector {self.method}: Hom_{self.V.group.name}({self.V.name} -> {self.W.name}),"
            f" dim {self.dim}, shape {self.shape}>"
        )

    @classmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        """Why this back-end cannot serve (V, W), or ``None`` if it can."""
        return None

    @classmethod
    @abstractmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """Estimated multiply-adds to apply P to one map, for the factory's choice."""

    @property
    def shape(self) -> tuple[int, int]:
        """``(W.dim, V.dim)``, the shape of a map V → W."""
        return (self.W.dim, self.V.dim)

    @property
    def dim(self) -> int:
        """dim Hom_G(V, W)."""
        return len(self.basis())

    @property
    def is_complex(self) -> bool:
        return not (self.V.is_real and self.W.is_real)

    # --- application ---
    def __call__(self, A: Any) -> Any:
        """P(A) for one map or a batch of shape ``(..., W.dim, V.dim)``.

        A sympy matrix is projected exactly and a sympy matrix returned.
        """
        if isinstance(A, sympy.MatrixBase):
            if tuple(A.shape) != self.shape:
                raise DimensionMismatchError(self._shape_message(A.shape))
            return self._apply_exact(sympy.Matrix(A))
        A = np.asarray(A)
        if A.ndim < 2 or A.shape[-2:] != self.shape:
            raise DimensionMismatchError(self._shape_message(A.shape))
        if A.dtype.kind not in "fc":
            A = A.astype(np.float64)
        out = self._apply(A.reshape((-1, *self.shape)))
        return out.reshape(A.shape[:-2] + self.shape)

    def _shape_message(self, shape: tuple) -> str:
        m, n = self.shape
        return (
            f"expected a map of shape (..., {m}, {n}) = (..., W.dim, V.dim), got {tuple(shape)}; "
            "maps V -> W are stored with the output index first"
        )

    @abstractmethod
    def _apply(self, A: np.ndarray) -> np.ndarray:
        """P on a batch of shape (B, m, n)."""

    @abstractmethod
    def _apply_exact(self, A: sympy.Matrix) -> sympy.Matrix: ...

    def penalty(self, A: Any) -> Any:
        """‖A − P(A)‖_F², per map for a batch. The distance to the equivariant maps."""
        A = np.asarray(A)
        R = A - self(A)
        return np.sum(np.abs(R) ** 2, axis=(-2, -1))

    # --- bases and operators ---
    def basis(self) -> np.ndarray:
        """An orthonormal basis of Hom_G(V, W), shape ``(dim, W.dim, V.dim)``."""
        b = self._basis
        return b.copy()

    @cached_property
    def _basis(self) -> np.ndarray:
        """By default, the range of P found by applying it to random maps (:func:`range_basis`)."""
        return range_basis(self._apply, self.shape, self.is_complex)

    def operator(self) -> scipy.sparse.linalg.LinearOperator:
        """P as a scipy LinearOperator on vec(A), never materialised."""
        mn = self.shape[0] * self.shape[1]

        def matvec(x: np.ndarray) -> np.ndarray:
            return self(np.asarray(x).reshape(self.shape)).reshape(-1)

        dtype = np.complex128 if self.is_complex else np.float64
        return scipy.sparse.linalg.LinearOperator(
            (mn, mn), matvec=matvec, rmatvec=matvec, dtype=dtype
        )

    def matrix(self, format: str = "dense", exact: bool = False) -> Any:
        """The (mn)×(mn) operator on vec(A) (see the module's vec convention).

        Parameters
        ----------
        format : {"dense", "csr", "coo"}
            numpy array or scipy sparse matrix.
        exact : bool
            Return a sympy matrix instead, built column by column from exact
            projections (mn ≤ :data:`MAX_EXACT_SIZE`).

        Costs O((mn)²) memory for dense output; refuses beyond
        :data:`MAX_DENSE_ENTRIES`. :meth:`operator` applies P without building it.
        """
        if format not in FORMATS:
            raise UnknownNameError(f"unknown format {format!r}; choose one of {FORMATS}")
        m, n = self.shape
        if exact:
            return self._exact_matrix()
        if (m * n) ** 2 > MAX_DENSE_ENTRIES:
            raise SizeLimitError(
                f"the dense operator would have {(m * n) ** 2:.3g} entries; use P.operator(), "
                "P(A) or the structured export of this back-end instead"
            )
        B = self._basis.reshape(len(self._basis), m * n)
        dense = B.T @ B.conj()
        if not self.is_complex:
            dense = dense.real
        if format == "dense":
            return dense
        dense[np.abs(dense) < 1e-13] = 0.0
        return (
            scipy.sparse.csr_matrix(dense) if format == "csr" else scipy.sparse.coo_matrix(dense)
        )

    def _exact_matrix(self) -> sympy.Matrix:
        m, n = self.shape
        if m * n > MAX_EXACT_SIZE:
            raise SizeLimitError(
                f"an exact {m * n}×{m * n} operator is too large to build column by column; "
                "apply P exactly to sympy matrices with P(A) instead"
            )
        cols = []
        for k in range(m * n):
            E = sympy.zeros(m, n)
            E[k // n, k % n] = 1
            cols.append(self._apply_exact(E).reshape(m * n, 1))
        return sympy.Matrix.hstack(*cols)

    def nnz(self) -> int:
        """Non-zeros of the sparse operator (entries above 1e-13 in magnitude)."""
        return int(self.matrix("csr").nnz)

    def save(self, path: Any, format: str = "csr", dtype: str = "float64") -> None:
        """Write P to ``.npz`` (with metadata) or ``.mtx``; see :func:`groupproj.load`."""
        from groupproj.io import save

        save(self, path, format=format, dtype=dtype)
