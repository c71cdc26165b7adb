r"""Isotypic decomposition of real orthogonal representations of finite groups.

Given a real orthogonal representation :math:`\rho` of dimension ``d`` on all ``N`` group
elements and the real irreducible representations :math:`\sigma_i` (dimension :math:`d_i`,
:math:`e_i = \dim \operatorname{End}_G(\sigma_i) \in \{1, 2, 4\}`), find the multiplicities
:math:`m_i` and an orthogonal ``Q`` with

.. math:: Q^T \rho(g) Q = \bigoplus_i I_{m_i} \otimes \sigma_i(g),

blocks irrep by irrep and copy by copy, each copy in exactly the given basis of
:math:`\sigma_i`.

Method (floating point):

1. :math:`m_i = \langle \chi_\rho, \chi_{\sigma_i} \rangle / e_i` and the isotypic projector
   :math:`P_i = \frac{d_i}{N e_i} \sum_g \chi_{\sigma_i}(g)\, \rho(g)`, built from class sums.
   (A real irrep of complex or quaternionic type has :math:`\langle\chi,\chi\rangle = e_i`,
   hence the :math:`e_i` in both.)
2. On an orthonormal basis ``B`` of the image of :math:`P_i`, the average
   :math:`\Psi = \frac{1}{N}\sum_g \rho_B(g)\, E\, \sigma_i(g)^T` of a random ``E`` is an
   intertwiner :math:`\sigma_i \to \rho_B`. For intertwiners, :math:`\Phi^T \Psi` lies in
   :math:`\operatorname{End}_G(\sigma_i)`; Gram-Schmidt over this division algebra (subtract
   :math:`\Phi_k \Phi_k^T \Psi`, then divide by :math:`\sqrt{\Psi^T\Psi}`, a positive scalar)
   gives isometric intertwiners with orthogonal images, one per copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from groupproj.errors import DimensionMismatchError, NotAHomomorphismError, NotOrthogonalError

__all__ = ["IsotypicDecomposition", "isotypic_decomposition"]


@dataclass(frozen=True, eq=False)
class IsotypicDecomposition:
    """Multiplicities and the orthogonal change of basis of an isotypic decomposition.

    Attributes
    ----------
    multiplicities : tuple of int
        ``m_i`` for each given irrep.
    basis : (d, d) float array
        Orthogonal ``Q`` with ``Q.T @ rho(g) @ Q`` block diagonal, ``m_i`` copies of
        ``sigma_i(g)`` for each ``i`` in order.
    """

    multiplicities: tuple[int, ...]
    basis: np.ndarray

    def __repr__(self) -> str:
        return f"<IsotypicDecomposition multiplicities {self.multiplicities}>"


def _project_to_span(x: np.ndarray, basis: Sequence[np.ndarray]) -> np.ndarray:
    """Orthogonal projection of ``x`` onto the span of the orthonormal (``tr(A^T B)/n``) basis."""
    n = x.shape[0]
    return sum((np.trace(e.T @ x) / n) * e for e in basis)


def isotypic_decomposition(
    rho: np.ndarray,
    class_index: np.ndarray,
    irreps: Sequence[np.ndarray],
    endomorphisms: Sequence[Sequence[np.ndarray]],
    seed: int = 0,
) -> IsotypicDecomposition:
    """Decompose a real orthogonal representation into copies of the given real irreps.

    Parameters
    ----------
    rho : (N, d, d) float array
        Orthogonal matrices of all group elements.
    class_index : (N,) int array
        Conjugacy class number of each element.
    irreps : sequence of (N, d_i, d_i) float arrays
        Real orthogonal irreps on the same elements, pairwise inequivalent.
    endomorphisms : sequence of sequences of (d_i, d_i) arrays
        For each irrep, a basis of its commutant, orthonormal for ``tr(A^T B) / d_i`` and
        starting anywhere (1, 2 or 4 matrices), as given by
        :func:`groupproj.finite.realify.real_form`.
    seed : int
        Seed of the random test matrices ``E``; the result is orthogonal and exact in the
        irrep bases for every seed, only the choice of copies within an isotypic block varies.

    Returns
    -------
    IsotypicDecomposition

    Cost ``O(N d^2)`` for class sums and characters, and per irrep ``O(d^2 m_i d_i)`` for an
    orthonormal basis of the projector's range (QR of its image of ``m_i d_i`` random
    vectors) plus ``O(N (m_i d_i)^2 d_i)`` per copy for the intertwiners.

    Examples
    --------
    >>> sign = np.array([[[1.0]], [[-1.0]]])
    >>> triv = np.array([[[1.0]], [[1.0]]])
    >>> swap = np.array([np.eye(2), np.array([[0.0, 1.0], [1.0, 0.0]])])
    >>> dec = isotypic_decomposition(swap, np.array([0, 1]), [triv, sign], [[np.eye(1)]] * 2)
    >>> dec.multiplicities
    (1, 1)
    """
    rho = np.asarray(rho, dtype=float)
    cls = np.asarray(class_index, dtype=np.int64)
    if rho.ndim != 3 or rho.shape[1] != rho.shape[2] or cls.shape != (rho.shape[0],):
        raise DimensionMismatchError(
            f"rho must be (N, d, d) with class_index (N,), got {rho.shape}, {cls.shape}"
        )
    n, d, _ = rho.shape
    eye = np.eye(d)
    if any(np.abs(m @ m.T - eye).max() > 1e-9 for m in rho):
        raise NotOrthogonalError("rho must be orthogonal on every element")
    r = int(cls.max()) + 1
    reps = np.array([int(np.argmax(cls == c)) for c in range(r)])
    members = np.zeros((r, n))
    members[cls, np.arange(n)] = 1.0
    class_sums = (members @ rho.reshape(n, d * d)).reshape(r, d, d)
    chi_rho = np.trace(rho, axis1=1, axis2=2)
    rng = np.random.default_rng(seed)
    columns = []
    mults = []
    for sigma, endos in zip(irreps, endomorphisms):
        sigma = np.asarray(sigma, dtype=float)
        if sigma.shape[0] != n or sigma.shape[1] != sigma.shape[2]:
            raise DimensionMismatchError(f"irrep must be ({n}, d_i, d_i), got {sigma.shape}")
        di, ei = sigma.shape[1], len(endos)
        chi = np.trace(sigma, axis1=1, axis2=2)
        m_float = chi_rho @ chi / (n * ei)
        m = int(round(m_float))
        if abs(m_float - m) > 1e-6 or m < 0:
            raise NotAHomomorphismError(
                f"non-integral multiplicity {m_float:.6g}: not representations, or wrong e_i"
            )
        mults.append(m)
        if m == 0:
            continue
        proj = np.tensordot(chi[reps], class_sums, axes=1) * (di / (n * ei))
        b, _ = np.linalg.qr(proj @ rng.standard_normal((d, m * di)))
        if not np.allclose(proj @ b, b, atol=1e-8):
            raise NotAHomomorphismError("isotypic projector has the wrong rank")
        rho_b = np.ascontiguousarray(b.T) @ (rho @ b)
        copies: list[np.ndarray] = []
        for _ in range(4 * m + 8):
            if len(copies) == m:
                break
            e = rng.standard_normal((m * di, di))
            psi = np.einsum("nij,jk,nlk->il", rho_b, e, sigma) / n
            start = np.trace(psi.T @ psi)
            for _ in range(2):
                for phi in copies:
                    psi = psi - phi @ _project_to_span(phi.T @ psi, endos)
            norm2 = np.trace(psi.T @ psi) / di
            if norm2 * di > 1e-6 * start:
                copies.append(psi / np.sqrt(norm2))
        if len(copies) != m:
            raise NotAHomomorphismError("could not find all copies of an irrep")
        columns.extend(b @ phi for phi in copies)
    if sum(m * np.shape(s)[1] for m, s in zip(mults, irreps)) != d:
        raise DimensionMismatchError("the irreps given do not account for all of rho")
    q = np.concatenate(columns, axis=1)
    return IsotypicDecomposition(multiplicities=tuple(mults), basis=q)
