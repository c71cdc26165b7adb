r"""Real orthogonal forms of complex unitary irreducible representations.

A complex irrep :math:`\rho` of dimension ``d`` with Frobenius-Schur indicator :math:`\nu`
gives one real irreducible representation :math:`\sigma`:

* :math:`\nu = 1` (real type): :math:`\rho` is realisable over :math:`\mathbb{R}`; :math:`\sigma`
  has dimension ``d`` and :math:`\operatorname{End}_G(\sigma) = \mathbb{R}`.
* :math:`\nu = 0` (complex type): :math:`\sigma` is the realification
  :math:`R(\rho) = \begin{pmatrix} \operatorname{Re}\rho & -\operatorname{Im}\rho \\
  \operatorname{Im}\rho & \operatorname{Re}\rho \end{pmatrix}` of dimension ``2d`` and
  :math:`\operatorname{End}_G(\sigma) = \mathbb{C}`.
* :math:`\nu = -1` (quaternionic type): :math:`\sigma = R(\rho)`, of dimension ``2d``, and
  :math:`\operatorname{End}_G(\sigma) = \mathbb{H}`.

Method: for :math:`\nu \ne 0` the unitary :math:`S` with :math:`\rho(g) S = S \bar\rho(g)` is
the null vector of a linear system over the given matrices; then :math:`A v = S \bar v` is an
antilinear map commuting with :math:`\rho`, with :math:`A^2 = S\bar S = \nu I`. Its real form
:math:`K = \begin{pmatrix} \operatorname{Re} S & \operatorname{Im} S \\ \operatorname{Im} S &
-\operatorname{Re} S \end{pmatrix}` commutes with :math:`R(\rho)`. For :math:`\nu = 1`, ``K``
is a symmetric involution whose +1 eigenspace is a ``d``-dimensional invariant subspace;
for :math:`\nu = -1`, ``K`` squares to ``-I`` and with the complex structure
:math:`J = \begin{pmatrix} 0 & -I \\ I & 0 \end{pmatrix}` spans the quaternions.

Everything is computed in floating point (float64/complex128).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from groupproj.errors import DimensionMismatchError, GroupMismatchError, NotOrthogonalError

__all__ = ["RealForm", "realification", "real_form"]

_TYPES = {1: "real", 0: "complex", -1: "quaternionic"}


def realification(matrix: np.ndarray) -> np.ndarray:
    """Real ``(2d, 2d)`` form ``[[Re, -Im], [Im, Re]]`` of complex matrices ``(..., d, d)``.

    It is an injective real algebra homomorphism; unitary goes to orthogonal. Cost ``O(d^2)``.

    Examples
    --------
    >>> realification(np.array([[1j]])).tolist()
    [[0.0, -1.0], [1.0, 0.0]]
    """
    m = np.asarray(matrix, dtype=complex)
    top = np.concatenate([m.real, -m.imag], axis=-1)
    bottom = np.concatenate([m.imag, m.real], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


@dataclass(frozen=True, eq=False)
class RealForm:
    """Real orthogonal irreducible representation obtained from a complex unitary irrep.

    Attributes
    ----------
    real_type : str
        ``"real"``, ``"complex"`` or ``"quaternionic"``.
    basis : (2d, d_R) float array
        Orthonormal columns; the real matrix of ``g`` is ``basis.T @ realification(rho(g)) @
        basis`` (``d_R = d`` for the real type, ``2d`` otherwise, where ``basis`` is ``I``).
    matrices : tuple of (d_R, d_R) float arrays
        Real images of the matrices that were passed in.
    endomorphisms : tuple of (d_R, d_R) float arrays
        Basis of the commutant :math:`\\operatorname{End}_G`: ``(I,)``, ``(I, J)`` with
        ``J^2 = -I``, or ``(I, I_q, J_q, K_q)`` with ``I_q J_q = K_q`` and squares ``-I``. Each
        is orthogonal; they are orthonormal for ``<A, B> = tr(A^T B) / d_R``.
    """

    real_type: str
    basis: np.ndarray
    matrices: tuple[np.ndarray, ...]
    endomorphisms: tuple[np.ndarray, ...]

    def __repr__(self) -> str:
        return f"<RealForm {self.real_type} type, dimension {self.dimension}>"

    @property
    def dimension(self) -> int:
        """Real dimension ``d_R``."""
        return self.basis.shape[1]

    @property
    def complex_basis(self) -> np.ndarray:
        """Real type only: unitary ``U`` (d, d) with ``U^H rho(g) U`` equal to the real form.

        The columns are ``x + i y`` for the columns ``(x; y)`` of ``basis``.

        Examples
        --------
        >>> f = real_form([np.array([[1j, 0], [0, -1j]]), np.array([[0, 1], [1, 0]])], 1)
        >>> u = f.complex_basis
        >>> bool(np.allclose((u.conj().T @ np.diag([1j, -1j]) @ u).imag, 0))
        True
        """
        if self.real_type != "real":
            raise GroupMismatchError(f"a {self.real_type}-type irrep has no real basis over C")
        d = self.basis.shape[0] // 2
        return self.basis[:d] + 1j * self.basis[d:]

    def apply(self, matrix: np.ndarray) -> np.ndarray:
        """Real matrix (or stack ``(..., d_R, d_R)``) of complex ``rho(g)``; cost ``O(d^3)``."""
        return self.basis.T @ realification(matrix) @ self.basis


def _conjugating_unitary(mats: np.ndarray) -> tuple[np.ndarray, float]:
    """Unitary ``S`` with ``rho(g) S = S conj(rho(g))`` and the relative residual.

    Solves ``(I (x) rho(g) - rho(g)^H (x) I) vec(S) = 0`` (column-major ``vec``) for all given
    ``g`` by SVD; cost ``O(k d^6)`` for ``k`` matrices.
    """
    k, d, _ = mats.shape
    eye = np.eye(d)
    system = np.concatenate([np.kron(eye, m) - np.kron(m.conj().T, eye) for m in mats])
    _, sing, vh = np.linalg.svd(system)
    s = vh[-1].conj().reshape(d, d, order="F") * np.sqrt(d)
    scale = max(float(sing[0]), 1.0)
    return s, float(sing[-1]) / scale


def real_form(matrices: Sequence[np.ndarray], indicator: int) -> RealForm:
    """Equivalent real orthogonal representation of a complex unitary irrep.

    Parameters
    ----------
    matrices : sequence of (d, d) complex arrays
        Unitary matrices of a generating set (or of all elements) of the group.
    indicator : int
        Frobenius-Schur indicator of the irrep: 1, 0 or -1.

    Returns
    -------
    RealForm

    Cost ``O(k d^6)`` for indicator ``+-1`` (commutant by SVD), ``O(k d^2)`` for 0.

    Examples
    --------
    >>> w = np.exp(2j * np.pi / 3)
    >>> f = real_form([np.array([[w]])], 0)
    >>> f.real_type, f.dimension, len(f.endomorphisms)
    ('complex', 2, 2)
    """
    if indicator not in _TYPES:
        raise GroupMismatchError(f"indicator must be 1, 0 or -1, got {indicator}")
    mats = np.asarray(matrices, dtype=complex)
    if mats.ndim != 3 or mats.shape[1] != mats.shape[2] or mats.shape[0] == 0:
        raise DimensionMismatchError(f"expected a stack of square matrices, got {mats.shape}")
    d = mats.shape[1]
    if not np.allclose(mats @ mats.conj().transpose(0, 2, 1), np.eye(d), atol=1e-10):
        raise NotOrthogonalError("the matrices must be unitary")
    eye2 = np.eye(2 * d)
    j = realification(1j * np.eye(d))
    if indicator == 0:
        basis, endos = eye2, (eye2, j)
    else:
        s, residual = _conjugating_unitary(mats)
        ssbar = s @ s.conj()
        if residual > 1e-8 or not np.allclose(ssbar, indicator * np.eye(d), atol=1e-8):
            raise GroupMismatchError(
                f"indicator {indicator} does not match the matrices (irreducible and unitary?)"
            )
        k = np.block([[s.real, s.imag], [s.imag, -s.real]])
        if indicator == 1:
            vals, vecs = np.linalg.eigh((k + k.T) / 2)
            basis = vecs[:, vals > 0]
            endos = (np.eye(d),)
        else:
            basis = eye2
            endos = (eye2, j, k, j @ k)
    real = basis.T @ realification(mats) @ basis
    return RealForm(
        real_type=_TYPES[indicator],
        basis=basis,
        matrices=tuple(real),
        endomorphisms=endos,
    )
