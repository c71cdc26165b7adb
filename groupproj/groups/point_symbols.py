r"""Names for the classes and irreps of the crystallographic point groups (chemistry tables).

Classes
-------
Each class is named by its operations, with the class size in front when it exceeds one:
``E``; ``Cn`` (rotation by 2π/n), or ``Cn²``, ``Cn⁵`` for a class of the rotations the other
way round; ``i``; ``σh`` (the mirror normal to the principal axis ``z``; in the cubic groups
the mirrors normal to a cube axis), ``σv``/``σd`` (mirrors containing ``z``: ``σv`` contains a
``C2'`` axis, or in :math:`C_{nv}` the axis ``x``; the cubic ``σd`` are the diagonal mirrors);
``Sn`` (rotation by 2π/n, then the mirror normal to its axis). Two-fold axes perpendicular to
``z`` are ``C2'``, ``C2''`` (plain ``C2`` where the principal axis has no two-fold rotation of
its own); the cubic face-diagonal ones are ``C2'``. ``D2``, ``D2h`` and ``C2v`` name their axes:
``C2(z)``, ``σ(xz)``, ``σv(xz)``, ``σv'(yz)``.

Columns are in the order of the chemistry tables: ``E``, the rotations (higher order first,
the principal axis first), then the improper classes, matched to the rotations where the group
holds the inversion (``i · g``) or ``σh`` (``σh · g``).

Irreps (Mulliken)
-----------------
* ``A``/``B`` (dimension 1): symmetric / antisymmetric under the principal rotation ``Cn``
  (``S4`` in ``S4`` and ``D2d``); ``E`` (2), ``T`` (3). A complex pair of dimension 1 is ``¹E``,
  ``²E``: ``¹E`` has the character :math:`e^{2\pi i k/n}` (``0 < k < n/2``) on ``Cn``, on ``C3``
  in the cubic groups; ``²E`` is its conjugate, and the real irrep of the pair is ``E``.
* subscripts ``1``/``2``: symmetric / antisymmetric under ``C2'`` (else the first vertical
  mirror ``σv``); ``D2``, ``D2h``: ``A`` symmetric under all three two-folds, ``B1``, ``B2``,
  ``B3`` under ``C2(z)``, ``C2(y)``, ``C2(x)`` alone; hexagonal ``E1``, ``E2`` by the character
  :math:`2\cos(2\pi k/6)` on ``C6``; cubic ``A1``/``A2`` symmetric / antisymmetric and
  ``T1``/``T2`` antisymmetric / symmetric under ``C2'`` (``σd`` in ``Td``).
* ``g``/``u``: symmetric / antisymmetric under the inversion; else ``'``/``''`` under ``σh``.

They follow the character tables of F. A. Cotton, *Chemical Applications of Group Theory*, 3rd
ed. (Wiley, 1990), Appendix IIA, in the orientation of :mod:`groupproj.groups.point`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from groupproj.errors import ComputationError

__all__ = ["PointGeometry", "mulliken_sort_key"]

_CUBIC = ("T", "Th", "Td", "O", "Oh")
_AXIS_NAMED = ("D2", "D2h", "C2v")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TOL = 1e-6
_Z, _X = np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])


@dataclass(frozen=True)
class _Operation:
    """An orthogonal 3×3 matrix as an operation: ``E``; a rotation ``C`` by 2π/n about
    ``axis``; ``i``; a mirror ``σ`` with normal ``axis``; ``S``, the rotation by 2π/n about
    ``axis`` followed by the mirror normal to it."""

    kind: str
    n: int
    axis: np.ndarray

    @property
    def proper(self) -> bool:
        return self.kind in ("E", "C")


def _operation(m: np.ndarray) -> _Operation:
    s = int(round(np.linalg.det(m)))
    r = s * m
    phi = float(np.arccos(np.clip((np.trace(r) - 1) / 2, -1, 1)))
    if phi < _TOL:
        axis = np.zeros(3)
    elif abs(phi - np.pi) < _TOL:
        col = (r + np.eye(3))[:, int(np.argmax(np.linalg.norm(r + np.eye(3), axis=0)))]
        axis = col / np.linalg.norm(col)
        axis = axis if _leading_positive(axis) else -axis
    else:
        axis = np.array([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]])
        axis = axis / np.linalg.norm(axis)
    if s == 1:
        return _Operation("E" if phi < _TOL else "C", _order(phi), axis)
    if phi < _TOL:
        return _Operation("i", 2, axis)
    if abs(phi - np.pi) < _TOL:
        return _Operation("σ", 2, axis)
    # m = -r = mirror(axis) · rotation by phi + pi, i.e. by pi - phi about -axis
    return _Operation("S", _order(np.pi - phi), -axis)


def _order(angle: float) -> int:
    return 1 if angle < _TOL else int(round(2 * np.pi / angle))


def _leading_positive(v: np.ndarray) -> bool:
    """Whether the first non-zero coordinate of (z, y, x) is positive."""
    for x in v[::-1]:
        if abs(x) > _TOL:
            return bool(x > 0)
    return True


def _along(v: np.ndarray, direction: np.ndarray) -> bool:
    return abs(abs(float(np.dot(v, direction))) - 1) < _TOL


def _perpendicular(v: np.ndarray, direction: np.ndarray) -> bool:
    return abs(float(np.dot(v, direction))) < _TOL


class PointGeometry:
    """The classes of a point group read as operations: their names, order and the classes
    that decide Mulliken's labels.

    Parameters
    ----------
    name : str
        The Schoenflies name.
    matrices : (N, 3, 3) array
        The group's matrices, by element index.
    classes : tuple of tuple of int
        Its conjugacy classes (element indices), identity first.
    mult : (N, N) int array
        Its Cayley table.
    """

    def __init__(self, name: str, matrices: np.ndarray, classes, mult: np.ndarray):
        self.name = name
        self.classes = tuple(classes)
        self.ops = [[_operation(matrices[i]) for i in c] for c in self.classes]
        position = {x: j for j, c in enumerate(self.classes) for x in c}
        self._position = position
        self._mult = mult
        self.cubic = name in _CUBIC

    def _class_of(self, element: int) -> int:
        return self._position[int(element)]

    def _product(self, a: int, j: int) -> int:
        """The class of a·g for g the representative of class j."""
        return self._class_of(self._mult[a, self.classes[j][0]])

    @cached_property
    def _inverse(self) -> list[int]:
        inv = np.argmin(self._mult, axis=1)
        return [self._class_of(inv[c[0]]) for c in self.classes]

    def _find_element(self, kind: str, direction: np.ndarray | None = None) -> int | None:
        for c, ops in zip(self.classes, self.ops):
            for x, op in zip(c, ops):
                if op.kind == kind and (direction is None or _along(op.axis, direction)):
                    return x
        return None

    @cached_property
    def _perp_twofolds(self) -> list[int]:
        """Classes of two-folds perpendicular to z (axial groups), the one holding C2(x) first."""
        if self.cubic:
            return []
        found = [
            j
            for j, ops in enumerate(self.ops)
            if ops[0].kind == "C" and ops[0].n == 2 and _perpendicular(ops[0].axis, _Z)
        ]
        return sorted(found, key=lambda j: not any(_along(o.axis, _X) for o in self.ops[j]))

    @cached_property
    def base_names(self) -> list[str]:
        """Each class's name without its size."""
        principal_c2 = any(
            ops[0].kind == "C" and ops[0].n == 2 and _along(ops[0].axis, _Z) for ops in self.ops
        )
        out = []
        for j, ops in enumerate(self.ops):
            op = ops[0]
            if op.kind in ("E", "i"):
                out.append(op.kind)
            elif self.name in _AXIS_NAMED:
                out.append(self._axis_named(op))
            elif op.kind == "σ":
                out.append(self._mirror_name(ops))
            elif op.kind == "C" and op.n == 2 and self.cubic:
                out.append("C2" if any(_along(o.axis, _Z) for o in ops) else "C2'")
            elif j in self._perp_twofolds:
                out.append("C2" + "'" * (self._perp_twofolds.index(j) + principal_c2))
            else:
                out.append(self._turn_name(j))
        return out

    def _turn_name(self, j: int) -> str:
        op = self.ops[j][0]
        name = f"{op.kind}{op.n}"
        other = self._inverse[j]
        if op.n > 2 and other != j and _best_axis(self.ops[j]) < _best_axis(self.ops[other]):
            inverse_power = op.n - 1 if op.kind == "C" or op.n % 2 == 0 else 2 * op.n - 1
            name += str(inverse_power).translate(_SUPERSCRIPT)
        return name

    def _axis_named(self, op: _Operation) -> str:
        axis = "xyz"[int(np.argmax(np.abs(op.axis)))]
        if op.kind == "C":
            return f"C2({axis})"
        plane = {"x": "yz", "y": "xz", "z": "xy"}[axis]
        if self.name == "C2v":
            return "σv(xz)" if plane == "xz" else "σv'(yz)"
        return f"σ({plane})"

    def _mirror_name(self, ops: list[_Operation]) -> str:
        normals = [o.axis for o in ops]
        if any(_along(n, _Z) for n in normals):
            return "σh"
        if self.cubic:
            return "σd"
        if self._perp_twofolds:
            axes = [o.axis for o in self.ops[self._perp_twofolds[0]]]
            contains = any(_perpendicular(n, a) for n in normals for a in axes)
        else:
            contains = any(_perpendicular(n, _X) for n in normals)
        return "σv" if contains else "σd"

    @cached_property
    def order(self) -> list[int]:
        """The standard column order (module docstring), as a permutation of the classes."""
        names = self.base_names

        def proper_key(j: int) -> tuple:
            op = self.ops[j][0]
            on_z = any(_along(o.axis, _Z) for o in self.ops[j])
            axis_rank = "zyx".index(names[j][3]) if names[j].startswith("C2(") else 0
            return (op.kind != "E", -op.n, not on_z, names[j].count("'"), axis_rank, names[j])

        proper = sorted((j for j in range(len(names)) if self.ops[j][0].proper), key=proper_key)
        improper = [j for j in range(len(names)) if not self.ops[j][0].proper]
        pivot = self._find_element("i")
        if pivot is None and not self.cubic:
            pivot = self._find_element("σ", _Z)
        if pivot is not None:
            matched = [self._product(pivot, j) for j in proper]
            if sorted(matched) == sorted(improper):
                return proper + matched
        mirrors = ("σh", "σv", "σd")

        def improper_key(j: int) -> tuple:
            name = names[j]
            rank = mirrors.index(name) if name in mirrors else 3
            return (self.ops[j][0].kind == "σ", -self.ops[j][0].n, rank, name.count("'"), name)

        return proper + sorted(improper, key=improper_key)

    def class_names(self, sizes) -> tuple[str, ...]:
        """Names with sizes (``2C3``), for the classes in their given order."""
        out = tuple(f"{h}{n}" if h > 1 else n for n, h in zip(self.base_names, sizes))
        if len(set(out)) != len(out):
            raise ComputationError(f"the class names of {self.name} are not distinct: {out}")
        return out

    # --- Mulliken ---
    def _named(self, name: str) -> int | None:
        return self.base_names.index(name) if name in self.base_names else None

    @cached_property
    def _principal(self) -> tuple[int | None, int]:
        """The class of the principal operation and its order (module docstring)."""
        if self.cubic:
            return self._named("C3"), 3
        plain = self._find_element("i") is not None or self._find_element("σ", _Z) is not None
        best, order = None, 1
        for j, ops in enumerate(self.ops):
            for op in ops:
                if op.kind not in ("C", "S") or (op.kind == "S" and plain):
                    continue
                if _along(op.axis, _Z) and op.axis[2] > 0 and op.n > order:
                    best, order = j, op.n
        return best, order

    @cached_property
    def _secondary(self) -> int | None:
        """The class deciding the subscripts 1 and 2 (module docstring)."""
        if self.cubic:
            return next(
                (j for j in (self._named("C2'"), self._named("σd")) if j is not None), None
            )
        if self._perp_twofolds:
            return self._perp_twofolds[0]
        return self._named("σv") if self.name != "C2v" else self._named("σv(xz)")

    def mulliken(self, chi: np.ndarray) -> str:
        """Mulliken's name of the irreducible character ``chi`` (float, one value per class)."""
        d = int(round(chi[0].real))
        principal, n = self._principal
        parity = self._parity(chi)
        if d == 1:
            value = complex(chi[principal]) if principal is not None else 1
            if abs(value.imag) > _TOL:  # one of a complex pair
                angle = float(np.angle(value))
                k = round(abs(angle) * n / (2 * np.pi))
                sub = str(k) if n == 6 else ""
                return ("¹" if angle > 0 else "²") + "E" + sub + parity
            if self.name in ("D2", "D2h"):
                signs = [chi[self._named(f"C2({a})")].real > 0 for a in "zyx"]
                return ("A" if all(signs) else f"B{signs.index(True) + 1}") + parity
            letter = "A" if value.real > 0 or self.cubic else "B"
            sub = "" if self._secondary is None else "12"[int(chi[self._secondary].real < 0)]
            return letter + sub + parity
        if d == 2:
            sub = ""
            if n == 6:
                sub = str(round(np.arccos(np.clip(chi[principal].real / 2, -1, 1)) * 3 / np.pi))
            return "E" + sub + parity
        sub = "" if self._secondary is None else "21"[int(chi[self._secondary].real < 0)]
        return "T" + sub + parity

    def _parity(self, chi: np.ndarray) -> str:
        inversion = self._named("i")
        if inversion is not None:
            return "g" if chi[inversion].real > 0 else "u"
        mirror = self._named("σh") if not self.cubic else None
        if mirror is not None:
            return "'" if chi[mirror].real > 0 else "''"
        return ""

    def mulliken_labels(self, values: np.ndarray) -> tuple[str, ...]:
        """Mulliken's names of the rows of a character table (floats, columns as classes)."""
        labels = tuple(self.mulliken(row) for row in values)
        if len(set(labels)) != len(labels):
            raise ComputationError(
                f"the Mulliken labels of {self.name} are not distinct: {labels}"
            )
        return labels


def _best_axis(ops: list[_Operation]) -> tuple:
    """The lexicographically largest (z, y, x) axis in a class: of two classes of mutually
    inverse turns, the one with the larger is the positive turn ``Cn``, the other ``Cn^(n-1)``."""
    return max(tuple(np.round(op.axis[::-1], 6)) for op in ops)


def mulliken_sort_key(name: str) -> tuple:
    """The standard row order: g before u, ' before '', then A, B, E, T, subscripts, ¹ then ²."""
    core = name.lstrip("¹²")
    odd = core.endswith("u") or core.endswith("''")
    return (odd, "ABET".index(core[0]), core[1:].rstrip("gu'"), "¹²".find(name[0]))
