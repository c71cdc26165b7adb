r"""Symmetric and exterior powers :math:`\mathrm{Sym}^k V` and :math:`\Lambda^k V`.

Both are subrepresentations of :math:`V^{\otimes k}` (Kronecker index order, as ``V ** k``),
given with an orthonormal basis, the columns of ``embedding()``:

* :math:`\mathrm{Sym}^k V`: one vector per multiset :math:`i_1 \le \dots \le i_k` of basis
  indices, :math:`s_\alpha = N_\alpha^{-1/2} \sum e_{j_1} \otimes \dots \otimes e_{j_k}` over the
  :math:`N_\alpha = k! / \prod_i m_i!` distinct orderings ``j`` of the multiset (``m_i`` the
  multiplicity of ``i``); dimension :math:`\binom{d + k - 1}{k}`;
* :math:`\Lambda^k V`: one vector per set :math:`i_1 < \dots < i_k`,
  :math:`w_I = (k!)^{-1/2} \sum_\sigma \operatorname{sgn}(\sigma)\, e_{i_{\sigma(1)}} \otimes
  \dots \otimes e_{i_{\sigma(k)}}`; dimension :math:`\binom{d}{k}`.

The matrices are :math:`E^T \rho(g)^{\otimes k} E` for the embedding ``E``: in floating point by
applying :math:`\rho(g)` along each tensor axis of ``E`` (cost :math:`O(k\, d^{k+1} D)`, never
the :math:`d^k \times d^k` matrix); exactly by the closed forms
:math:`\Lambda^k\rho(g)_{IJ} = \det \rho(g)_{IJ}` (minors) and
:math:`\mathrm{Sym}^k\rho(g)_{\alpha\beta} = \operatorname{per} \rho(g)_{\alpha\beta} /
\sqrt{\prod \alpha! \prod \beta!}` (permanents of the submatrix with rows and columns repeated by
multiplicity). Their characters satisfy
:math:`\chi_{\mathrm{Sym}^2}(g) = (\chi(g)^2 + \chi(g^2))/2` and
:math:`\chi_{\Lambda^2}(g) = (\chi(g)^2 - \chi(g^2))/2`.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj.errors import InvalidValueError
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation

__all__ = ["ExteriorPower", "SymmetricPower"]


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidValueError(
            f"a symmetric or exterior power needs an integer k >= 1, got {k!r}"
        )
    return int(k)


def _permanent(m: sympy.Matrix) -> sympy.Expr:
    n = m.shape[0]
    return sympy.expand(
        sum(sympy.Mul(*(m[i, p[i]] for i in range(n))) for p in itertools.permutations(range(n)))
    )


class _Power(Representation):
    """What the symmetric and the exterior power share: the basis, the embedding, the matrices."""

    _fields = ("rep", "k")
    _symbol = ""

    def __init__(self, rep: Representation, k: int):
        k = _check_k(k)
        self._set(rep=rep, k=k, group=rep.group)

    @property
    def name(self) -> str:
        inner = self.rep.name if "+" not in self.rep.name else f"({self.rep.name})"
        return f"{self._symbol}{self.k}({inner})"

    basis: tuple[tuple[int, ...], ...]
    """The index tuples of the basis vectors, in lexicographic order (set by the subclass)."""

    @property
    def dim(self) -> int:
        return len(self.basis)

    def embedding(self, exact: bool = False):
        """The isometry ``E`` (shape ``(d^k, dim)``) onto the power inside ``V ** k``.

        Its columns are orthonormal, ``E.T @ (V ** k)(g) @ E`` is ``self(g)``, and ``E @ E.T`` is
        the orthogonal projector onto the power (the symmetriser or antisymmetriser).
        """
        d, k = self.rep.dim, self.k
        check_bytes(8.0 * d**k * self.dim, f"the {d**k}×{self.dim} embedding of {self.name}")
        out = sympy.zeros(d**k, self.dim) if exact else np.zeros((d**k, self.dim))
        for col, index in enumerate(self.basis):
            terms = self._terms(index)  # (tensor index tuple, sign), before normalising
            norm = sympy.sqrt(len(terms)) if exact else math.sqrt(len(terms))
            for tup, sign in terms:
                out[int(np.ravel_multi_index(tup, (d,) * k)), col] = sign / norm
        return sympy.ImmutableMatrix(out) if exact else out

    @cached_property
    def _embedding(self) -> np.ndarray:
        E = self.embedding()
        E.setflags(write=False)
        return E

    def _float(self, key: Any) -> np.ndarray:
        d, k = self.rep.dim, self.k
        m = self.rep._float(key)
        T = self._embedding.astype(m.dtype).reshape((d,) * k + (self.dim,))
        for axis in range(k):
            T = np.moveaxis(np.tensordot(m, T, axes=([1], [axis])), 0, axis)
        return self._embedding.T @ T.reshape(d**k, self.dim)


class SymmetricPower(_Power):
    """:math:`\\mathrm{Sym}^k V`, ``V.sym(k)``; see the module docstring.

    Examples
    --------
    >>> import groupproj as gp
    >>> V = gp.symmetric(3).natural().sym(2)
    >>> V.dim, V.decompose()
    (6, Decomposition(2·1 ⊕ 2·(2,1)))
    """

    _symbol = "Sym"

    @cached_property
    def basis(self) -> tuple[tuple[int, ...], ...]:
        return tuple(itertools.combinations_with_replacement(range(self.rep.dim), self.k))

    def _terms(self, index: tuple[int, ...]) -> list[tuple[tuple[int, ...], int]]:
        return [(p, 1) for p in sorted(set(itertools.permutations(index)))]

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        m = self.rep._exact(key)

        def weight(index: tuple[int, ...]) -> int:
            return math.prod(math.factorial(c) for c in Counter(index).values())

        def entry(a: int, b: int) -> sympy.Expr:
            rows, cols = self.basis[a], self.basis[b]
            sub = sympy.Matrix([[m[i, j] for j in cols] for i in rows])
            return sympy.radsimp(_permanent(sub) / sympy.sqrt(weight(rows) * weight(cols)))

        return sympy.ImmutableMatrix(self.dim, self.dim, entry)

    def _perm(self, key: Any) -> np.ndarray | None:
        p = self.rep._perm(key)
        if p is None:
            return None
        position = {index: i for i, index in enumerate(self.basis)}
        return np.array([position[tuple(sorted(p[list(index)]))] for index in self.basis])


class ExteriorPower(_Power):
    """:math:`\\Lambda^k V`, ``V.wedge(k)``; see the module docstring.

    Examples
    --------
    >>> import groupproj as gp
    >>> V = gp.SO3().natural()
    >>> W = V.wedge(2)                 # the pseudovectors: Λ²R³ ≅ R³ (the cross product)
    >>> W.dim, W.basis
    (3, ((0, 1), (0, 2), (1, 2)))
    """

    _symbol = "Wedge"

    @cached_property
    def basis(self) -> tuple[tuple[int, ...], ...]:
        return tuple(itertools.combinations(range(self.rep.dim), self.k))

    def _terms(self, index: tuple[int, ...]) -> list[tuple[tuple[int, ...], int]]:
        out = []
        for perm in itertools.permutations(range(self.k)):
            inversions = sum(1 for a, b in itertools.combinations(perm, 2) if a > b)
            out.append((tuple(index[i] for i in perm), -1 if inversions % 2 else 1))
        return out

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        m = self.rep._exact(key)

        def entry(a: int, b: int) -> sympy.Expr:
            rows, cols = self.basis[a], self.basis[b]
            return sympy.expand(sympy.Matrix([[m[i, j] for j in cols] for i in rows]).det())

        return sympy.ImmutableMatrix(self.dim, self.dim, entry)

    def _perm(self, key: Any) -> None:
        return None  # a permutation of V's basis acts on Λ^k V with signs
