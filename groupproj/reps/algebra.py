"""Representations built from others: sums, tensor products, duals, restrictions, bases.

Every constructor checks its operands (representations of one group, a non-singular finite
change of basis) and, for sums and products, that one vector of the result fits the size limit;
the dense matrices of sums and products are refused above it when asked for (see
:mod:`groupproj.reps.base`).
"""

from __future__ import annotations

import math
from functools import cached_property, reduce
from typing import Any

import numpy as np
import scipy.linalg
import sympy
from sympy.matrices import kronecker_product

from groupproj._checks import is_sequence
from groupproj._matrices import Mat
from groupproj.errors import DimensionMismatchError, GroupMismatchError, InvalidValueError
from groupproj.groups.base import Group, GroupElement
from groupproj.reps.base import Representation, as_representation, check_dense, check_vectors


def _same_group(reps: tuple[Representation, ...], what: str) -> Group:
    if not reps:
        raise InvalidValueError(f"the {what} needs at least one representation")
    for i, r in enumerate(reps):
        as_representation(r, f"part {i} of the {what}")
    group = reps[0].group
    for r in reps[1:]:
        if r.group != group:
            raise GroupMismatchError(
                f"cannot form the {what} of representations of different groups "
                f"({group.name} and {r.group.name}); restrict or inflate them to one group first"
            )
    return group


def _flatten(reps: tuple[Representation, ...], cls: type) -> tuple[Representation, ...]:
    out: list[Representation] = []
    for r in reps:
        out.extend(r.parts if isinstance(r, cls) else (r,))
    return tuple(out)


def _real(value: complex) -> float | complex:
    """A character value as ``Representation.character`` returns it: float when real."""
    value = complex(value)
    return value.real if abs(value.imag) < 1e-12 else value


def _paren(rep: Representation) -> str:
    return f"({rep.name})" if isinstance(rep, DirectSum) else rep.name


class DirectSum(Representation):
    """V_1 ⊕ … ⊕ V_k, block diagonal with the summands in order."""

    _fields = ("parts",)

    def __init__(self, *parts: Representation):
        group = _same_group(parts, "direct sum")
        parts = _flatten(parts, DirectSum)
        self._set(parts=parts, group=group)
        check_vectors(self.dim, self.name)

    @cached_property
    def dim(self) -> int:
        return sum(p.dim for p in self.parts)

    @property
    def name(self) -> str:
        return "+".join(p.name for p in self.parts)

    @cached_property
    def is_permutation(self) -> bool:
        """A sum of permutation representations permutes the union of their bases."""
        return all(p.is_permutation for p in self.parts)

    def _float(self, key: Any) -> np.ndarray:
        check_dense(self.dim, self.name)
        return scipy.linalg.block_diag(*(p._float(key) for p in self.parts))

    def character(self, g: Any, exact: bool = False) -> Any:
        """The sum of the summands' characters (no block matrix is built)."""
        values = [p.character(g, exact) for p in self.parts]
        return sympy.nsimplify(sympy.Add(*values)) if exact else _real(sum(values))

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        check_dense(self.dim, self.name, exact=True)
        return sympy.ImmutableMatrix(sympy.diag(*(p._exact(key) for p in self.parts)))

    def _perm(self, key: Any) -> np.ndarray | None:
        perms, offset = [], 0
        for p in self.parts:
            q = p._perm(key)
            if q is None:
                return None
            perms.append(q + offset)
            offset += p.dim
        return np.concatenate(perms)


class TensorProduct(Representation):
    """V_1 ⊗ … ⊗ V_k with Kronecker (row-major) index order.

    Basis vector e_i ⊗ e_j of V ⊗ W has index ``i * W.dim + j``, and
    rho(g) = kron(rho_V(g), rho_W(g)).
    """

    _fields = ("parts",)

    def __init__(self, *parts: Representation):
        group = _same_group(parts, "tensor product")
        parts = _flatten(parts, TensorProduct)
        self._set(parts=parts, group=group)
        check_vectors(self.dim, self.name)

    @cached_property
    def dim(self) -> int:
        return math.prod(p.dim for p in self.parts)  # Python ints: never overflows

    @property
    def name(self) -> str:
        if len(set(self.parts)) == 1:
            return f"{_paren(self.parts[0])}^{len(self.parts)}"
        return "*".join(_paren(p) for p in self.parts)

    @cached_property
    def is_permutation(self) -> bool:
        """A product of permutation representations permutes the products of basis vectors."""
        return all(p.is_permutation for p in self.parts)

    def _float(self, key: Any) -> np.ndarray:
        check_dense(self.dim, self.name)
        return reduce(np.kron, (p._float(key) for p in self.parts))

    def character(self, g: Any, exact: bool = False) -> Any:
        """The product of the factors' characters (no Kronecker product is built)."""
        values = [p.character(g, exact) for p in self.parts]
        return sympy.expand(sympy.Mul(*values)) if exact else _real(np.prod(values))

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        check_dense(self.dim, self.name, exact=True)
        return sympy.ImmutableMatrix(kronecker_product(*(p._exact(key) for p in self.parts)))

    def _perm(self, key: Any) -> np.ndarray | None:
        out = np.zeros(1, dtype=np.int64)
        for p in self.parts:
            q = p._perm(key)
            if q is None:
                return None
            out = (out[:, None] * p.dim + q[None, :]).ravel()
        return out


class Dual(Representation):
    """The contragredient g ↦ rho(g⁻¹)ᵀ (equal to rho for orthogonal rho)."""

    _fields = ("rep",)

    def __init__(self, rep: Representation):
        as_representation(rep, "the representation to dualise")
        self._set(rep=rep, group=rep.group)

    @property
    def dim(self) -> int:
        return self.rep.dim

    @property
    def name(self) -> str:
        return f"dual({self.rep.name})"

    @cached_property
    def is_permutation(self) -> bool:
        """The dual of a permutation representation is itself (permutations are orthogonal)."""
        return self.rep.is_permutation

    def _float(self, key: Any) -> np.ndarray:
        return self.rep._float(self.group._inv(key)).T

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        return self.rep._exact(self.group._inv(key)).T

    def _perm(self, key: Any) -> np.ndarray | None:
        return self.rep._perm(key)


class Restriction(Representation):
    """rho restricted to a subgroup H: h ↦ rho(h), H's elements read as elements of G.

    A finite H reads its elements' data (permutations, matrices) in G; SO(2) and O(2) sit in
    SO(3), O(3) and O(2) by the maps of :mod:`groupproj.groups.inclusions`.
    """

    _fields = ("rep", "group")

    def __init__(self, rep: Representation, subgroup: Group):
        as_representation(rep, "the representation to restrict")
        if not subgroup.is_subgroup_of(rep.group):
            raise GroupMismatchError(
                f"{subgroup.name} is not a subgroup of {rep.group.name}: some generator of it "
                f"is not an element of {rep.group.name}"
            )
        self._set(rep=rep, group=subgroup)

    @property
    def dim(self) -> int:
        return self.rep.dim

    @property
    def name(self) -> str:
        return f"res({self.rep.name})"

    @cached_property
    def _keys(self) -> dict:
        return {}

    def _parent_key(self, key: Any) -> Any:
        from groupproj.groups.inclusions import embed, standard_inclusion

        k = self._keys.get(key)
        if k is None:
            G = self.rep.group
            if standard_inclusion(self.group, G):
                k = embed(self.group, G, key)
            else:
                k = G.key_of(GroupElement(self.group, key).data)
            self._keys[key] = k
        return k

    def _float(self, key: Any) -> np.ndarray:
        return self.rep._float(self._parent_key(key))

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        return self.rep._exact(self._parent_key(key))

    def _perm(self, key: Any) -> np.ndarray | None:
        return self.rep._perm(self._parent_key(key))


class ChangeOfBasis(Representation):
    """g ↦ Q⁻¹ rho(g) Q; the columns of Q are the new basis in old coordinates."""

    _fields = ("rep", "Q")

    def __init__(self, rep: Representation, Q: Any):
        as_representation(rep, "the representation to change basis of")
        Q = Q if isinstance(Q, Mat) else Mat(Q, "the change-of-basis matrix Q")
        if Q.shape != (rep.dim, rep.dim):
            raise DimensionMismatchError(
                f"change of basis needs a {rep.dim}×{rep.dim} matrix, got {Q.shape}"
            )
        if not np.linalg.cond(Q.float) <= 1e12:
            raise DimensionMismatchError(
                "the change-of-basis matrix is singular (condition number above 1e12); its "
                "columns must be a basis"
            )
        self._set(rep=rep, Q=Q, group=rep.group)

    @property
    def dim(self) -> int:
        return self.rep.dim

    @property
    def name(self) -> str:
        return f"Q^-1*{_paren(self.rep)}*Q"

    @cached_property
    def _Qinv(self) -> np.ndarray:
        return np.linalg.inv(self.Q.float)

    @cached_property
    def _Qinv_exact(self) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix(self.Q.require_exact("the change-of-basis matrix").inv())

    def _float(self, key: Any) -> np.ndarray:
        return self._Qinv @ self.rep._float(key) @ self.Q.float

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        m = self._Qinv_exact * self.rep._exact(key) * self.Q.exact
        return sympy.ImmutableMatrix(m.applyfunc(sympy.simplify))


class Inflation(Representation):
    """A factor's representation pulled back to a direct product: (g_0, g_1) ↦ rho(g_i)."""

    _fields = ("rep", "group", "factor")

    def __init__(self, rep: Representation, product: Group, factor: int):
        as_representation(rep, "the representation to inflate")
        factors = getattr(product, "factors", ())
        if factor not in range(len(factors)) or isinstance(factor, bool):
            raise InvalidValueError(
                f"factor must index a factor of a direct product (0 or 1), got {factor!r}"
            )
        if rep.group != product.factors[factor]:
            raise GroupMismatchError(
                f"factor {factor} of {product.name} is {product.factors[factor].name}, "
                f"not {rep.group.name}"
            )
        self._set(rep=rep, group=product, factor=factor)

    @property
    def dim(self) -> int:
        return self.rep.dim

    @property
    def name(self) -> str:
        return f"{self.rep.name}@{self.factor}"

    @cached_property
    def is_permutation(self) -> bool:
        """Each element acts as the factor's element does."""
        return self.rep.is_permutation

    def _float(self, key: tuple) -> np.ndarray:
        return self.rep._float(key[self.factor])

    def _exact(self, key: tuple) -> sympy.ImmutableMatrix:
        return self.rep._exact(key[self.factor])

    def _perm(self, key: tuple) -> np.ndarray | None:
        return self.rep._perm(key[self.factor])


def _operands(reps: tuple, what: str) -> tuple[Representation, ...]:
    """The representations passed as arguments, or as one list (or other iterable)."""
    if len(reps) == 1 and not isinstance(reps[0], Representation) and is_sequence(reps[0]):
        reps = tuple(reps[0])
    if not reps:
        raise InvalidValueError(f"the {what} needs at least one representation")
    for i, r in enumerate(reps):
        as_representation(r, f"argument {i} of the {what}")
    return reps


def tensor(*reps: Representation) -> Representation:
    """The tensor product of representations of one group; same as ``V * W``.

    Takes the representations as arguments, ``tensor(U, V, W)``, or as one list (or other
    iterable), ``tensor([U, V, W])``.
    """
    reps = _operands(reps, "tensor product")
    return reps[0] if len(reps) == 1 else TensorProduct(*reps)


def direct_sum(*reps: Representation) -> Representation:
    """The direct sum of representations of one group; same as ``V + W``.

    Takes the representations as arguments, ``direct_sum(U, V, W)``, or as one list (or other
    iterable), ``direct_sum([V] * 3)``, which is ``3 * V``.

    Examples
    --------
    >>> import groupproj as gp
    >>> V = gp.symmetric(3).natural()
    >>> gp.direct_sum([V] * 3) == gp.direct_sum(V, V, V) == 3 * V
    True
    """
    reps = _operands(reps, "direct sum")
    return reps[0] if len(reps) == 1 else DirectSum(*reps)
