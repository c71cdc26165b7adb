r"""Clebsch-Gordan coupling of real irreps of finite groups.

For real irreps :math:`\rho_i, \rho_j` of a finite group, :math:`\rho_i \otimes \rho_j =
\bigoplus_k m_k \rho_k`; the coupling tensors are the isometric intertwiners
:math:`C: \rho_k \to \rho_i \otimes \rho_j`, one per copy, with orthogonal images:

.. math:: (\rho_i(g) \otimes \rho_j(g))\, C = C\, \rho_k(g), \qquad C^T C = I.

They are the columns of the isotypic decomposition of the tensor product
(:meth:`Representation.decompose`), so they are unique up to an orthogonal mixing of the
copies of each :math:`\rho_k` (and, for complex or quaternionic type, by elements of
:math:`\operatorname{End}_G(\rho_k)`).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

from groupproj.errors import GroupMismatchError
from groupproj.reps.irrep import Irrep


def finite_clebsch_gordan(rho_i: Irrep, rho_j: Irrep) -> tuple[tuple[Irrep, np.ndarray], ...]:
    r"""The coupling tensors of :math:`\rho_i \otimes \rho_j` for real irreps of a finite group.

    Parameters
    ----------
    rho_i, rho_j : Irrep
        Real irreps of one finite group (``G.irreps("real")``).

    Returns
    -------
    tuple of (Irrep, ndarray)
        For each irrep :math:`\rho_k` in the product, its tensor ``C`` of shape
        ``(m_k, d_i, d_j, d_k)``: ``C[c].reshape(d_i * d_j, d_k)`` is the ``c``-th isometric
        intertwiner (Kronecker index order ``a * d_j + b``).

    Cost: one isotypic decomposition of the ``d_i d_j``-dimensional product (see
    :mod:`groupproj.reps.decompose`).

    Examples
    --------
    >>> import groupproj as gp
    >>> rho = gp.symmetric(3).irreps()[1]  # the 2-dimensional irrep
    >>> [(k.label, C.shape) for k, C in gp.finite_clebsch_gordan(rho, rho)]
    [((3,), (1, 2, 2, 1)), ((2, 1), (1, 2, 2, 2)), ((1, 1, 1), (1, 2, 2, 1))]
    """
    for r in (rho_i, rho_j):
        if not isinstance(r, Irrep) or r.field != "real":
            raise GroupMismatchError("finite_clebsch_gordan takes real irreps (G.irreps('real'))")
    if rho_i.group != rho_j.group:
        raise GroupMismatchError(
            f"the irreps belong to {rho_i.group.name} and {rho_j.group.name}; couple irreps "
            "of one group"
        )
    dec = (rho_i * rho_j).decompose()
    Q = dec.Q.toarray() if scipy.sparse.issparse(dec.Q) else dec.Q
    out, start = [], 0
    for irrep, m in dec.blocks:
        d = irrep.dim
        cols = Q[:, start : start + m * d].reshape(rho_i.dim, rho_j.dim, m, d)
        out.append((irrep, np.ascontiguousarray(cols.transpose(2, 0, 1, 3))))
        start += m * d
    return tuple(out)
