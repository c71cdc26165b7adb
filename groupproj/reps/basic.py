"""The representations every group offers: trivial, natural, sign, regular, user-defined."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy
from sympy.combinatorics import Permutation

from groupproj._checks import is_sequence
from groupproj._matrices import Mat
from groupproj.errors import (
    DimensionMismatchError,
    GroupMismatchError,
    InvalidTypeError,
    NotAHomomorphismError,
)
from groupproj.groups.base import FiniteGroup, Group
from groupproj.groups.matrix import MatrixGroup
from groupproj.groups.permutation import PermutationGroup
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation, permutation_matrix


class TrivialRep(Representation):
    """g ↦ [1]."""

    _fields = ("group",)

    def __init__(self, group: Group):
        self._set(group=group)

    dim = 1
    name = "trivial"
    is_permutation = True

    def _float(self, key: Any) -> np.ndarray:
        return np.ones((1, 1))

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix([[1]])

    def _perm(self, key: Any) -> np.ndarray:
        return np.zeros(1, dtype=np.int64)


class PermutationNatural(Representation):
    """The defining representation of a permutation group: rho(g) e_i = e_{g(i)}."""

    _fields = ("group",)
    name = "natural"
    is_permutation = True

    def __init__(self, group: PermutationGroup):
        self._set(group=group)

    @property
    def dim(self) -> int:
        return self.group.degree

    def _perm(self, key: tuple) -> np.ndarray:
        return np.asarray(key, dtype=np.int64)

    def _float(self, key: tuple) -> np.ndarray:
        return permutation_matrix(self._perm(key))

    def _exact(self, key: tuple) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix(self._float(key).astype(int).tolist())


class SignRep(Representation):
    """g ↦ [sign(g)] for a permutation group."""

    _fields = ("group",)
    dim = 1
    name = "sign"

    def __init__(self, group: PermutationGroup):
        self._set(group=group)

    def _exact(self, key: tuple) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix([[Permutation(list(key)).signature()]])

    def _float(self, key: tuple) -> np.ndarray:
        return np.array([[float(Permutation(list(key)).signature())]])


class MatrixNatural(Representation):
    """The defining representation of a matrix group: g ↦ its matrix."""

    _fields = ("group",)
    name = "natural"

    def __init__(self, group: MatrixGroup):
        self._set(group=group)

    @property
    def dim(self) -> int:
        return self.group.dim

    def _float(self, key: int) -> np.ndarray:
        return self.group.matrices[key]

    def _exact(self, key: int) -> sympy.ImmutableMatrix:
        return self.group.exact_matrices[key]


class RegularRep(Representation):
    """The left regular representation on ℝ[G]: rho(g) e_h = e_{gh}.

    The basis is the elements in the order of ``G.elements()``. Needs the group
    enumerated; dim = |G|.
    """

    _fields = ("group",)
    name = "regular"
    is_permutation = True

    def __init__(self, group: FiniteGroup):
        self._set(group=group)

    @property
    def dim(self) -> int:
        return self.group.order

    def _perm(self, key: Any) -> np.ndarray:
        mult, _ = self.group.cayley_table
        return np.asarray(mult[self.group._enumeration.index[key]])

    def _float(self, key: Any) -> np.ndarray:
        return permutation_matrix(self._perm(key))

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix(self._float(key).astype(int).tolist())


class GeneratorRep(Representation):
    """A representation given by the images of the generators.

    The images are checked to define a homomorphism when the representation is
    built: along the breadth-first search of the group, rho(g·s) must equal
    rho(g)·rho(s) for every element g and generator s (every edge of the
    Cayley graph), which holds exactly when the images satisfy every relation.
    The check costs O(|G|·|S|·d³) time and O(|G|·d²) memory (checked against the size limit
    first); it is exact when the images are exact. Images must be finite: NaN or infinite
    entries raise :class:`~groupproj.errors.InvalidValueError`.
    """

    _fields = ("group", "images", "_name")

    def __init__(self, group: FiniteGroup, images: Any, name: str | None = None):
        if not isinstance(group, Group):
            raise InvalidTypeError(f"rep_from_generators needs a group, got {group!r}")
        if not isinstance(group, FiniteGroup):
            raise GroupMismatchError(
                "rep_from_generators needs a finite group; compact groups build their "
                "representations from irreps"
            )
        if not is_sequence(images):
            raise InvalidTypeError(
                f"images must be a list of square matrices, one per generator, got {images!r}"
            )
        if name is not None and not isinstance(name, str):
            raise InvalidTypeError(f"name must be a string or None, got {name!r}")
        images = tuple(Mat(m, f"generator image {i}") for i, m in enumerate(images))
        if len(images) != len(group.generators):
            raise DimensionMismatchError(
                f"{group.name} has {len(group.generators)} generators but "
                f"{len(images)} images were given; give one matrix per generator, in order"
            )
        d = images[0].shape[0] if images else 1
        for i, m in enumerate(images):
            if m.shape != (d, d):
                raise DimensionMismatchError(
                    f"generator image {i} has shape {m.shape}; all images must be {d}×{d}"
                )
        self._set(group=group, images=images, _name=name)
        check_bytes(
            8 * (2 + len(images)) * group.order * d * d,  # the matrices and the check
            f"the {d}×{d} matrices of all {group.order} elements of {group.name}",
            "a representation given by generator images is stored for every element; use a "
            "smaller group or dimension",
        )
        self._float_all  # noqa: B018  (builds and checks the matrices)

    @property
    def dim(self) -> int:
        return self.images[0].shape[0]

    @property
    def name(self) -> str:
        return self._name or "custom"

    @property
    def is_exact(self) -> bool:
        return all(m.exact is not None for m in self.images)

    @cached_property
    def _float_all(self) -> np.ndarray:
        e = self.group._enumeration
        gens = [m.float for m in self.images]
        dtype = np.result_type(*gens)
        out = np.empty((len(e.keys), self.dim, self.dim), dtype=dtype)
        out[0] = np.eye(self.dim)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused below
            for i in range(1, len(e.keys)):
                out[i] = out[e.parent[i]] @ gens[e.parent_gen[i]]
            errors = [np.abs(out @ s - out[e.right[:, j]]) for j, s in enumerate(gens)]
        if not np.all(np.isfinite(out)):
            raise NotAHomomorphismError(
                f"products of these images overflow, so they define no representation of "
                f"{self.group.name}: every element of a finite group has finite order, so its "
                "matrices stay bounded"
            )
        scale = max(1.0, float(np.abs(out).max()))
        for j, diff in enumerate(errors):
            err = diff.max()
            if not err <= 1e-8 * scale * self.dim:  # also refuses NaN and overflow
                i = int(np.argmax(diff.reshape(len(out), -1).max(1)))
                g = self.group.elements()[i]
                raise NotAHomomorphismError(
                    f"these images do not define a representation of {self.group.name}: "
                    f"rho(g*s) != rho(g) rho(s) for g = {g!r} and generator s{j} "
                    f"(max error {err:.3g}); the images must satisfy the group's relations"
                )
        if self.is_exact:
            self._exact_all  # noqa: B018  (an exact check as well)
        out.setflags(write=False)
        return out

    @cached_property
    def _exact_all(self) -> tuple[sympy.ImmutableMatrix, ...]:
        e = self.group._enumeration
        gens = [m.require_exact("a generator image") for m in self.images]
        out = [sympy.ImmutableMatrix.eye(self.dim)]
        for i in range(1, len(e.keys)):
            out.append(sympy.ImmutableMatrix((out[e.parent[i]] * gens[e.parent_gen[i]]).expand()))
        for j, s in enumerate(gens):
            for i in range(len(out)):
                if (out[i] * s - out[e.right[i, j]]).expand() != sympy.zeros(self.dim):
                    raise NotAHomomorphismError(
                        f"these images do not define a representation of {self.group.name}: "
                        f"rho(g*s) != rho(g) rho(s) exactly for g = "
                        f"{self.group.elements()[i]!r} and generator s{j}"
                    )
        return tuple(out)

    def _float(self, key: Any) -> np.ndarray:
        return self._float_all[self.group._enumeration.index[key]]

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        return self._exact_all[self.group._enumeration.index[key]]


def rep_from_generators(group: Group, images: Any, name: str | None = None) -> Representation:
    """A representation of ``group`` defined by the images of its generators.

    Parameters
    ----------
    group : FiniteGroup
        The group; ``images[i]`` is the matrix of ``group.generators[i]``.
    images : sequence of array_like or sympy.Matrix
        Square matrices of one size. Integer and sympy matrices are exact.
    name : str, optional
        A display name.

    Raises
    ------
    NotAHomomorphismError
        If the images do not satisfy the group's relations.
    InvalidValueError, InvalidTypeError, DimensionMismatchError
        If an image has NaN, infinite or non-numeric entries, or the images are not square
        matrices of one size, one per generator.
    GroupMismatchError
        If ``group`` is not a finite group.

    Examples
    --------
    >>> import groupproj as gp
    >>> C4 = gp.cyclic(4)
    >>> rot = gp.rep_from_generators(C4, [[[0, -1], [1, 0]]])
    >>> rot(C4.generators[0] ** 2)
    array([[-1.,  0.],
           [ 0., -1.]])
    """
    return GeneratorRep(group, images, name)
