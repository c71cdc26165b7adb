"""The action of a finite group on a square or cubic grid, as a permutation representation.

Geometry
--------
A point of the grid {0, …, k−1}^d has coordinates x = i − (k−1)/2, its array
index minus the centre, axis 0 first. A group acts on the grid through integer
d×d matrices M(g) (signed permutation matrices, so that the grid maps onto
itself): the point x goes to M(g) x. On functions on the grid (kernels, feature
maps) g acts by (g·f)(x) = f(M(g)⁻¹ x); as a vector over the grid points in
row-major order that is ρ_grid(g) f, with ρ_grid(g) e_x = e_{M(g) x}, the
permutation representation :class:`GridRep`.

The geometric action of the named groups (:func:`geometric_action`):

* ``gp.cyclic(4)``: the generator (i ↦ i+1 on the square's vertices) is the
  rotation by 90°, M = [[0, −1], [1, 0]]; on a 2D array ``g·f == np.rot90(f)``.
* ``gp.dihedral(4)``: the rotation as above and the reflection i ↦ −i,
  M = [[1, 0], [0, −1]], which reverses axis 1 (``f[:, ::-1]``).
* ``gp.cyclic(2)``: the rotation by 180°, −I.
* matrix groups with integer matrices (``gp.octahedral()``, its 48-element
  extension ``gp.full_octahedral()``, …): their own matrices, acting on
  d = their dimension.

The kernels of a convolution layer transform by this representation on their grid
points; :func:`groupproj.kernel_projector` builds their projector.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj._checks import integer, is_sequence
from groupproj.errors import (
    DimensionMismatchError,
    InvalidTypeError,
    NotAHomomorphismError,
    UnknownNameError,
)
from groupproj.groups.base import FiniteGroup
from groupproj.groups.matrix import MatrixGroup
from groupproj.groups.named import cyclic, dihedral
from groupproj.limits import check_bytes
from groupproj.reps.base import Representation, permutation_matrix

__all__ = ["GridRep", "geometric_action", "grid_points", "grid_rep"]

_ROT90 = ((0, -1), (1, 0))
_FLIP = ((1, 0), (0, -1))


def geometric_action(group: FiniteGroup) -> tuple[np.ndarray, ...]:
    """Integer matrices M(s), one per generator s, by which the group moves a grid.

    Known for ``cyclic(4)``, ``dihedral(4)``, ``cyclic(2)`` (see the module
    docstring) and matrix groups with integer matrices. Raises
    :class:`UnknownNameError` otherwise: pass ``action=`` to :func:`grid_rep`.

    Examples
    --------
    >>> import groupproj as gp
    >>> from groupproj.reps.grid import geometric_action
    >>> [m.tolist() for m in geometric_action(gp.dihedral(4))]
    [[[0, -1], [1, 0]], [[1, 0], [0, -1]]]
    """
    known = {cyclic(4): (_ROT90,), dihedral(4): (_ROT90, _FLIP), cyclic(2): (((-1, 0), (0, -1)),)}
    if group in known:
        return tuple(np.array(m, dtype=np.int64) for m in known[group])
    if isinstance(group, MatrixGroup):
        mats = [np.asarray(m) for m in group.natural().generator_matrices()]
        if all(np.array_equal(m, np.round(m)) for m in mats):
            return tuple(np.round(m).astype(np.int64) for m in mats)
    raise UnknownNameError(
        f"no geometric action on a grid is known for {group.name}; give the integer matrix of "
        "each generator as action=..."
    )


def grid_points(size: int, ndim: int) -> np.ndarray:
    """Twice the centred coordinates 2x = 2i − (k−1) of the k^d grid points, shape (k^d, d).

    Integers, in row-major order of the index i (axis 0 first); see the module docstring.

    Examples
    --------
    >>> from groupproj.reps.grid import grid_points
    >>> grid_points(2, 2).tolist()
    [[-1, -1], [-1, 1], [1, -1], [1, 1]]
    """
    idx = np.indices((size,) * ndim).reshape(ndim, -1).T
    return 2 * idx - (size - 1)


class GridRep(Representation):
    """The permutation representation of G on the points of a k × … × k grid.

    ρ(g) e_x = e_{M(g) x} for the grid points x (centred coordinates, see the
    module docstring), indexed in row-major order. The permutations of all
    elements are composed along the group's search tree, and the action is
    checked to be a homomorphism on every edge of the Cayley graph:
    O(|G|·|S|·k^d) integer work and O(|G|·k^d) memory.

    Parameters
    ----------
    group : FiniteGroup
    size : int
        The side k of the grid.
    action : sequence of integer d×d matrices
        M(s) for each generator s.

    Raises
    ------
    DimensionMismatchError
        If a matrix does not map the grid onto itself.
    NotAHomomorphismError
        If the matrices do not satisfy the group's relations.
    InvalidValueError, InvalidTypeError
        If the size is not an integer >= 1, or an action entry is not an integer.
    SizeLimitError
        If the permutations of all |G| elements (|G|·k^d integers) would exceed the size
        limit; checked from |G|, k and d before anything is built.
    """

    _fields = ("group", "size", "action")
    is_permutation = True

    def __init__(self, group: FiniteGroup, size: int, action: Any):
        if not isinstance(group, FiniteGroup):
            raise InvalidTypeError(f"grid_rep needs a finite group, got {group!r}")
        size = integer(size, "the grid size k", minimum=1)
        if not is_sequence(action):
            raise InvalidTypeError(
                f"action must be a list of integer d×d matrices, one per generator, got {action!r}"
            )
        action = tuple(_integer_matrix(m, i) for i, m in enumerate(action))
        if len(action) != len(group.generators):
            raise DimensionMismatchError(
                f"{group.name} has {len(group.generators)} generators but {len(action)} "
                "matrices were given"
            )
        ndim = len(action[0]) if action else 0
        points = size**ndim
        check_bytes(
            8 * points * (group.order + 4 * ndim),
            f"the permutations of {group.name} on a {size}^{ndim} grid",
            "use a smaller grid",
        )
        self._set(group=group, size=size, action=action)
        self._perms  # noqa: B018  (builds and checks the permutations)

    @property
    def ndim(self) -> int:
        """The dimension d of the grid."""
        return len(self.action[0])

    @property
    def dim(self) -> int:
        return self.size**self.ndim

    @property
    def name(self) -> str:
        return "grid" + "x".join([str(self.size)] * self.ndim)

    def points(self) -> np.ndarray:
        """Twice the centred coordinates 2x = 2i − (k−1), shape (k^d, d), row-major."""
        return grid_points(self.size, self.ndim)

    def _generator_perm(self, M: np.ndarray) -> np.ndarray:
        pts = self.points()
        image = pts @ M.T if M.shape == (self.ndim, self.ndim) else None
        idx = None if image is None else (image + (self.size - 1)) // 2
        if idx is None or np.any(idx < 0) or np.any(idx >= self.size):
            raise DimensionMismatchError(
                f"the matrix {M.tolist()} does not map the {self.name} grid onto itself; grid "
                "actions need signed permutation matrices of one size"
            )
        return np.ravel_multi_index(tuple(idx.T), (self.size,) * self.ndim)

    @cached_property
    def _perms(self) -> np.ndarray:
        gens = [self._generator_perm(np.array(m)) for m in self.action]
        e = self.group._enumeration
        out = np.empty((len(e.keys), self.dim), dtype=np.int64)
        out[0] = np.arange(self.dim)
        for i in range(1, len(e.keys)):
            out[i] = out[e.parent[i]][gens[e.parent_gen[i]]]
        for j, s in enumerate(gens):
            if not np.array_equal(out[:, s], out[e.right[:, j]]):
                raise NotAHomomorphismError(
                    f"these matrices do not define an action of {self.group.name} on the grid: "
                    f"M(g s) != M(g) M(s) for generator s{j}; they must satisfy the group's "
                    "relations"
                )
        out.setflags(write=False)
        return out

    def _perm(self, key: Any) -> np.ndarray:
        return self._perms[self.group._enumeration.index[key]]

    def _float(self, key: Any) -> np.ndarray:
        return permutation_matrix(self._perm(key))

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix(self._float(key).astype(int).tolist())


def _integer_matrix(m: Any, i: int) -> tuple[tuple[int, ...], ...]:
    """The action matrix of generator ``i`` as nested tuples of Python ints."""
    arr = np.asarray(m, dtype=object)
    if arr.ndim != 2:
        raise DimensionMismatchError(
            f"the action of generator {i} must be a d×d integer matrix, got shape {arr.shape}"
        )
    what = f"an entry of the action matrix of generator {i}"
    return tuple(tuple(integer(v, what) for v in row) for row in arr)


def grid_rep(group: FiniteGroup, size: int, action: Any = None) -> GridRep:
    """The permutation representation of ``group`` on a k × … × k grid (k = ``size``).

    ``action`` defaults to :func:`geometric_action`.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> from groupproj.reps.grid import grid_rep
    >>> C4 = gp.cyclic(4)
    >>> R = grid_rep(C4, 3)
    >>> f = np.arange(9.0).reshape(3, 3)
    >>> bool(np.array_equal((R(C4.generators[0]) @ f.ravel()).reshape(3, 3), np.rot90(f)))
    True
    """
    if not isinstance(group, FiniteGroup):
        raise InvalidTypeError(f"grid_rep needs a finite group, got {group!r}")
    return GridRep(group, size, geometric_action(group) if action is None else action)
