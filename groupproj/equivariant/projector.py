"""The one projector type: P onto Hom_G(V, W), built in memory, loaded from a file or cached.

Vec convention
--------------
A linear map A: V → W is an array of shape ``(W.dim, V.dim)``. The operator form of P acts
on ``vec(A)``, the row-major flattening ``vec(A)[i * V.dim + j] = A[i, j]``
(``A.reshape(-1)`` in numpy), so ``P.matrix() @ A.reshape(-1) == P(A).reshape(-1)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse.linalg
import sympy

from groupproj._frozen import Frozen
from groupproj.equivariant.structure import Structure
from groupproj.errors import (
    DimensionMismatchError,
    InvalidTypeError,
    SizeLimitError,
)

if TYPE_CHECKING:
    from groupproj.reps.base import Representation

__all__ = ["MAX_EXACT_SIZE", "Projector", "VEC_CONVENTION"]

VEC_CONVENTION = "row-major: A has shape (W.dim, V.dim) and vec(A)[i*V.dim + j] = A[i, j]"
MAX_EXACT_SIZE = 400
"""Largest mn for which the exact operator is built column by column."""


class Projector(Frozen):
    """The Frobenius-orthogonal projector P onto Hom_G(V, W).

    Hom_G(V, W) = {A : A ρ_V(g) = ρ_W(g) A for all g}, with A of shape ``(W.dim, V.dim)``.
    For orthogonal (unitary) V and W, P is the group average P(A) = ∫ ρ_W(g) A ρ_V(g)⁻¹ dg.
    :func:`groupproj.projector` builds one, :func:`groupproj.load` reads one from a file and
    :func:`groupproj.cached_projector` serves one from the cache; all three are this type,
    with the same methods.

    Attributes
    ----------
    structure : Structure
        How P is held and applied (:mod:`groupproj.equivariant.structure`): orbit ids,
        spectral factors, a group average, an explicit operator or a basis.
    V, W : Representation or None
        Source and target; ``None`` only for a file whose representations cannot be rebuilt.
    method : str
        The back-end that built P: ``"orbit"``, ``"spectral"`` or ``"spatial"``.
    dtype : numpy.dtype
        The floating type of P's numbers (kept from a file); ``P(A)`` computes in
        ``numpy.result_type(A.dtype, P.dtype)``.
    """

    _fields = ("V", "W", "method", "dtype")

    def __init__(
        self,
        structure: Structure,
        V: Representation | None = None,
        W: Representation | None = None,
        method: str = "",
        metadata: dict | None = None,
    ):
        if V is not None and W is not None and (W.dim, V.dim) != structure.shape:
            raise DimensionMismatchError(
                f"the structure has maps of shape {structure.shape}, but (W.dim, V.dim) = "
                f"({W.dim}, {V.dim})"
            )
        self._set(
            structure=structure,
            V=V,
            W=W,
            method=method,
            dtype=np.dtype(structure.dtype),
            _metadata=metadata,
        )

    def _key(self) -> tuple:
        if self.V is None or self.W is None:  # identified by its file, or by its own structure
            recorded = (self._metadata or {}).get("sha256")
            return ("file", recorded) if recorded else ("structure", id(self.structure))
        return (self.V, self.W, self.method, self.dtype.str)

    @property
    def metadata(self) -> dict:
        """The metadata record: as read from the file, or what :meth:`save` would write.

        See :mod:`groupproj.equivariant.files`; for a projector built in memory it is
        computed on each call (the group's order, fingerprints of V and W).
        """
        if self._metadata is not None:
            return dict(self._metadata)
        from groupproj.equivariant.files import metadata

        return metadata(self, self.structure.format)

    def __repr__(self) -> str:
        if self.V is not None and self.W is not None:
            hom = f"Hom_{self.V.group.name}({self.V.name} -> {self.W.name})"
        else:
            hom = "Hom_G(V -> W)"
        return f"<Projector {self.method}: {hom}, dim {self.dim}, shape {self.shape}>"

    @property
    def shape(self) -> tuple[int, int]:
        """``(W.dim, V.dim)``, the shape of a map V → W."""
        return self.structure.shape

    @property
    def dim(self) -> int:
        """dim Hom_G(V, W)."""
        return self.structure.dim

    @property
    def is_complex(self) -> bool:
        """Whether P has complex coefficients (V or W complex)."""
        return self.dtype.kind == "c"

    # --- application ---
    def __call__(self, A: Any) -> Any:
        """P(A) for one map or a batch of shape ``(..., W.dim, V.dim)``.

        A numpy array (real or complex; an empty batch gives an empty batch) is projected in
        ``result_type(A.dtype, P.dtype)``; a sympy matrix is projected exactly and a sympy
        matrix returned. Torch and JAX tensors go through :func:`groupproj.equivariant_part`,
        which stays in their framework and is differentiable.
        """
        if isinstance(A, sympy.MatrixBase):
            if tuple(A.shape) != self.shape:
                raise DimensionMismatchError(self._shape_message(A.shape))
            from groupproj.equivariant.exact import project_exact

            return project_exact(self, sympy.Matrix(A))
        A = self._as_array(A)
        if A.ndim < 2 or A.shape[-2:] != self.shape:
            raise DimensionMismatchError(self._shape_message(A.shape))
        dtype = np.result_type(A.dtype, self.dtype)
        batch = A.reshape((-1, *self.shape)).astype(dtype, copy=False)
        if len(batch) == 0:
            return np.zeros(A.shape, dtype)
        return self.structure.apply(batch).reshape(A.shape)

    @staticmethod
    def _as_array(A: Any) -> np.ndarray:
        root = type(A).__module__.split(".")[0]
        if root in ("torch", "jax", "jaxlib"):
            raise InvalidTypeError(
                f"P(A) takes numpy arrays or sympy matrices, got a {root} tensor; use "
                "gp.equivariant_part(T, P), which stays in the tensor's framework and device "
                "and is differentiable"
            )
        try:
            A = np.asarray(A)
        except (TypeError, ValueError) as exc:
            raise InvalidTypeError(f"P(A) needs an array of numbers: {exc}") from None
        if A.dtype.kind in "biu":
            A = A.astype(np.float64)
        if A.dtype.kind not in "fc":
            raise InvalidTypeError(f"P(A) needs a numeric array, got dtype {A.dtype}")
        return A

    def _shape_message(self, shape: tuple) -> str:
        m, n = self.shape
        return (
            f"expected a map of shape (..., {m}, {n}) = (..., W.dim, V.dim), got {tuple(shape)}; "
            "maps V -> W are stored with the output index first"
        )

    def penalty(self, A: Any) -> np.ndarray:
        """‖A − P(A)‖_F², per map for a batch: the squared distance to the equivariant maps.

        Real and complex A alike (``|·|²`` entrywise). :func:`groupproj.penalty` is the same
        on torch and JAX arrays, differentiable.
        """
        A = self._as_array(A)
        R = A - self(A)
        return np.sum(R.real**2 + R.imag**2 if np.iscomplexobj(R) else R**2, axis=(-2, -1))

    # --- bases and operators ---
    def basis(self) -> np.ndarray:
        """An orthonormal basis of Hom_G(V, W), shape ``(dim, W.dim, V.dim)``, in P's dtype."""
        return self.structure.basis()

    def operator(self) -> scipy.sparse.linalg.LinearOperator:
        """P as a scipy LinearOperator on vec(A), never materialised."""
        mn = self.shape[0] * self.shape[1]

        def matvec(x: np.ndarray) -> np.ndarray:
            return self(np.asarray(x).reshape(self.shape)).reshape(-1)

        return scipy.sparse.linalg.LinearOperator(
            (mn, mn), matvec=matvec, rmatvec=matvec, dtype=self.dtype
        )

    def matrix(self, format: str = "dense", exact: bool = False) -> Any:
        """The (mn)×(mn) operator on vec(A) (see the module's vec convention).

        Parameters
        ----------
        format : {"dense", "csr", "coo"}
            numpy array or scipy sparse matrix, in P's dtype.
        exact : bool
            Return a sympy matrix instead, built column by column from exact projections
            (mn ≤ :data:`MAX_EXACT_SIZE`).

        The cost depends on the structure: an orbit structure builds the Σ|O|² non-zeros
        directly, others go through the basis, O(dim·(mn)²). Dense output needs (mn)²
        numbers; both are checked against the size limit (:mod:`groupproj.limits`) first.
        :meth:`operator` applies P without building it.
        """
        if exact:
            return self._exact_matrix()
        return self.structure.matrix(format)

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
            cols.append(self(E).reshape(m * n, 1))
        return sympy.Matrix.hstack(*cols)

    def nnz(self) -> int:
        """Non-zeros of the sparse operator (entries above 1e-13 in magnitude)."""
        return self.structure.nnz()

    def save(
        self, path: Any, format: str = "auto", dtype: Any = None, compress: bool = True
    ) -> None:
        """Write P to ``.npz`` (with metadata and a digest) or ``.mtx``.

        ``format="auto"`` stores the structure as it is (orbit ids, spectral factors, …);
        see :func:`groupproj.save` for the formats and :func:`groupproj.load` to read it back.
        """
        from groupproj.equivariant.files import save

        save(self, path, format=format, dtype=dtype, compress=compress)
