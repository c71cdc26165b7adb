r"""The 32 crystallographic point groups, by Schoenflies or Hermann-Mauguin name.

``point_group("D3h")`` and ``point_group("-6m2")`` are the same group: a
:class:`~groupproj.groups.matrix.MatrixGroup` of exact 3×3 orthogonal matrices (integers, and
:math:`\sqrt 3/2` for the hexagonal axes), whose irreps are labelled by Mulliken's names and whose
character table names the classes as chemistry tables do (:mod:`groupproj.groups.point_symbols`).

Orientation
-----------
One orientation serves every name (the one of the chemistry tables): the principal axis is
:math:`z`; a two-fold axis perpendicular to it, where there is one, lies along :math:`x`
(``C2'``); a vertical mirror of :math:`C_{nv}` contains :math:`x` (the plane ``xz``,
:math:`y \mapsto -y`); ``σh`` is the plane ``xy``. The cubic groups have their two-fold (or
four-fold) axes along :math:`x, y, z` and the three-fold axis :math:`x \to y \to z` along
:math:`(1, 1, 1)`. A Hermann-Mauguin name names the group; settings that differ by orientation
only (``-6m2`` and ``-62m``, ``-42m`` and ``-4m2``, ``32`` and ``321``) give this one.

=============  ======  =====  ===========  =============  =======  =====  ===========
Schoenflies    H-M     order  system       Schoenflies    H-M      order  system
=============  ======  =====  ===========  =============  =======  =====  ===========
C1             1       1      triclinic    C3             3        3      trigonal
Ci (S2)        -1      2      triclinic    C3i (S6)       -3       6      trigonal
C2             2       2      monoclinic   D3             32       6      trigonal
Cs (C1h)       m       2      monoclinic   C3v            3m       6      trigonal
C2h            2/m     4      monoclinic   D3d            -3m      12     trigonal
D2 (V)         222     4      orthorhombic C6             6        6      hexagonal
C2v            mm2     4      orthorhombic C3h            -6       6      hexagonal
D2h (Vh)       mmm     8      orthorhombic C6h            6/m      12     hexagonal
C4             4       4      tetragonal   D6             622      12     hexagonal
S4             -4      4      tetragonal   C6v            6mm      12     hexagonal
C4h            4/m     8      tetragonal   D3h            -6m2     12     hexagonal
D4             422     8      tetragonal   D6h            6/mmm    24     hexagonal
C4v            4mm     8      tetragonal   T              23       12     cubic
D2d (Vd)       -42m    8      tetragonal   Th             m-3      24     cubic
D4h            4/mmm   16     tetragonal   O              432      24     cubic
                                           Td             -43m     24     cubic
                                           Oh             m-3m     48     cubic
=============  ======  =====  ===========  =============  =======  =====  ===========

Examples
--------
>>> from groupproj.groups import point_group
>>> G = point_group("-6m2")
>>> G.name, G.order, G == point_group("D3h")
('D3h', 12, True)
>>> [rho.symbol for rho in G.irreps()]
["A1'", "A2'", "E'", "A1''", "A2''", "E''"]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import sympy

from groupproj.errors import InvalidTypeError, UnknownNameError
from groupproj.groups.base import ConjugacyClass, GroupElement
from groupproj.groups.matrix import MatrixGroup

if TYPE_CHECKING:
    from groupproj.finite.character_table import CharacterTable
    from groupproj.groups.point_symbols import PointGeometry

__all__ = ["POINT_GROUPS", "PointGroup", "PointGroupInfo", "point_group", "point_group_names"]

_H = sympy.Rational(1, 2)
_S3 = sympy.sqrt(3) / 2

_MATRICES = {
    "E": sympy.eye(3),
    "i": -sympy.eye(3),
    "C2z": sympy.diag(-1, -1, 1),
    "C2x": sympy.diag(1, -1, -1),
    "C4z": sympy.Matrix([[0, -1, 0], [1, 0, 0], [0, 0, 1]]),
    "C3z": sympy.Matrix([[-_H, -_S3, 0], [_S3, -_H, 0], [0, 0, 1]]),
    "C6z": sympy.Matrix([[_H, -_S3, 0], [_S3, _H, 0], [0, 0, 1]]),
    "S4z": sympy.Matrix([[0, -1, 0], [1, 0, 0], [0, 0, -1]]),
    "σh": sympy.diag(1, 1, -1),
    "σxz": sympy.diag(1, -1, 1),
    "C3d": sympy.Matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]]),  # x -> y -> z, about (1, 1, 1)
}


@dataclass(frozen=True)
class PointGroupInfo:
    """A crystallographic point group's names, order, crystal system and generators."""

    schoenflies: str
    hermann_mauguin: str
    order: int
    system: str
    generators: tuple[str, ...]
    aliases: tuple[str, ...] = ()


POINT_GROUPS: tuple[PointGroupInfo, ...] = (
    PointGroupInfo("C1", "1", 1, "triclinic", ("E",)),
    PointGroupInfo("Ci", "-1", 2, "triclinic", ("i",), ("S2",)),
    PointGroupInfo("C2", "2", 2, "monoclinic", ("C2z",)),
    PointGroupInfo("Cs", "m", 2, "monoclinic", ("σh",), ("C1h",)),
    PointGroupInfo("C2h", "2/m", 4, "monoclinic", ("C2z", "σh")),
    PointGroupInfo("D2", "222", 4, "orthorhombic", ("C2z", "C2x"), ("V",)),
    PointGroupInfo("C2v", "mm2", 4, "orthorhombic", ("C2z", "σxz")),
    PointGroupInfo("D2h", "mmm", 8, "orthorhombic", ("C2z", "C2x", "i"), ("Vh",)),
    PointGroupInfo("C4", "4", 4, "tetragonal", ("C4z",)),
    PointGroupInfo("S4", "-4", 4, "tetragonal", ("S4z",)),
    PointGroupInfo("C4h", "4/m", 8, "tetragonal", ("C4z", "σh")),
    PointGroupInfo("D4", "422", 8, "tetragonal", ("C4z", "C2x")),
    PointGroupInfo("C4v", "4mm", 8, "tetragonal", ("C4z", "σxz")),
    PointGroupInfo("D2d", "-42m", 8, "tetragonal", ("S4z", "C2x"), ("Vd", "-4m2")),
    PointGroupInfo("D4h", "4/mmm", 16, "tetragonal", ("C4z", "C2x", "i")),
    PointGroupInfo("C3", "3", 3, "trigonal", ("C3z",)),
    PointGroupInfo("C3i", "-3", 6, "trigonal", ("C3z", "i"), ("S6",)),
    PointGroupInfo("D3", "32", 6, "trigonal", ("C3z", "C2x"), ("321", "312")),
    PointGroupInfo("C3v", "3m", 6, "trigonal", ("C3z", "σxz"), ("3m1", "31m")),
    PointGroupInfo("D3d", "-3m", 12, "trigonal", ("C3z", "C2x", "i"), ("-3m1", "-31m")),
    PointGroupInfo("C6", "6", 6, "hexagonal", ("C6z",)),
    PointGroupInfo("C3h", "-6", 6, "hexagonal", ("C3z", "σh")),
    PointGroupInfo("C6h", "6/m", 12, "hexagonal", ("C6z", "σh")),
    PointGroupInfo("D6", "622", 12, "hexagonal", ("C6z", "C2x")),
    PointGroupInfo("C6v", "6mm", 12, "hexagonal", ("C6z", "σxz")),
    PointGroupInfo("D3h", "-6m2", 12, "hexagonal", ("C3z", "σh", "C2x"), ("-62m",)),
    PointGroupInfo("D6h", "6/mmm", 24, "hexagonal", ("C6z", "C2x", "i")),
    PointGroupInfo("T", "23", 12, "cubic", ("C3d", "C2z")),
    PointGroupInfo("Th", "m-3", 24, "cubic", ("C3d", "C2z", "i"), ("m3",)),
    PointGroupInfo("O", "432", 24, "cubic", ("C3d", "C4z")),
    PointGroupInfo("Td", "-43m", 24, "cubic", ("C3d", "S4z")),
    PointGroupInfo("Oh", "m-3m", 48, "cubic", ("C3d", "C4z", "i"), ("m3m",)),
)


def _normal(name: str) -> str:
    """A name as looked up: no spaces, the overbar written as a leading minus."""
    return name.replace(" ", "").replace("\u0304", "").replace("\u0305", "")


def _index() -> dict[str, PointGroupInfo]:
    out: dict[str, PointGroupInfo] = {}
    for info in POINT_GROUPS:
        for name in (info.schoenflies, *info.aliases):
            out[name.lower()] = info
        out[_normal(info.hermann_mauguin)] = info
    return out


_BY_NAME = _index()


def point_group_names() -> tuple[tuple[str, str], ...]:
    """The (Schoenflies, Hermann-Mauguin) names of the 32 groups, in the table's order."""
    return tuple((info.schoenflies, info.hermann_mauguin) for info in POINT_GROUPS)


def _overbar_to_minus(name: str) -> str:
    """``6̄m2`` (a digit with a combining overline) as ``-6m2``."""
    out = []
    for ch in name:
        if ch in "\u0304\u0305" and out:
            out.insert(len(out) - 1, "-")
        else:
            out.append(ch)
    return "".join(out)


class PointGroup(MatrixGroup):
    """A crystallographic point group: a :class:`MatrixGroup` whose classes are in the order of
    the chemistry tables and named as they name them (``2C3``, ``3σv``), and whose irreps carry
    Mulliken's names. Built by :func:`point_group`.
    """

    @property
    def info(self) -> PointGroupInfo:
        """Names, order, crystal system and generators."""
        return _BY_NAME[self.name.lower()]

    @property
    def hermann_mauguin(self) -> str:
        """The Hermann-Mauguin (international) symbol, e.g. ``-6m2``."""
        return self.info.hermann_mauguin

    @cached_property
    def _geometry(self) -> PointGeometry:
        """The classes as operations, in the standard column order."""
        from groupproj.groups.point_symbols import PointGeometry

        return PointGeometry(
            self.name, self.matrices, self._dixon_table.classes, self.cayley_table[0]
        )

    @cached_property
    def _dixon_table(self) -> CharacterTable:
        """Dixon's table with its columns in the standard order, named (module docstring)."""
        from groupproj.finite.character_table import reordered_classes
        from groupproj.groups.point_symbols import PointGeometry

        table = super()._dixon_table
        first = PointGeometry(self.name, self.matrices, table.classes, self.cayley_table[0])
        table = reordered_classes(table, first.order)
        names = PointGeometry(self.name, self.matrices, table.classes, self.cayley_table[0])
        return reordered_classes(
            table, range(len(table.classes)), names.class_names(table.class_sizes)
        )

    @cached_property
    def _classes(self) -> tuple[ConjugacyClass, ...]:
        """The classes in the columns' order: the identity, rotations, improper operations."""
        e = self._enumeration
        return tuple(
            ConjugacyClass(GroupElement(self, e.keys[c[0]]), len(c), c)
            for c in self._dixon_table.classes
        )


def point_group(name: str) -> PointGroup:
    """The crystallographic point group of a Schoenflies or Hermann-Mauguin name.

    Parameters
    ----------
    name : str
        Schoenflies (``"D3h"``, ``"Oh"``, ``"C3i"``/``"S6"``, case-insensitive) or
        Hermann-Mauguin (``"-6m2"``, ``"m-3m"``, ``"4/mmm"``; an overbar may be written
        ``6̄``).

    Returns
    -------
    MatrixGroup
        Named by its Schoenflies symbol, with exact 3×3 matrices in the orientation of the
        module docstring and irreps labelled by Mulliken's names (``G.irrep("A1g")``).

    Raises
    ------
    UnknownNameError
        For a name that is none of the 32, listing them.

    Examples
    --------
    >>> Oh = point_group("m-3m")
    >>> Oh.name, Oh.order, Oh.character_table().labels[:5]
    ('Oh', 48, ('A1g', 'A2g', 'Eg', 'T1g', 'T2g'))
    """
    if not isinstance(name, str):
        raise InvalidTypeError(f"a point group is named by a string such as 'D3h', got {name!r}")
    key = _normal(_overbar_to_minus(name))
    info = _BY_NAME.get(key) or _BY_NAME.get(key.lower())
    if info is None:
        names = ", ".join(f"{s} ({h})" for s, h in point_group_names())
        raise UnknownNameError(
            f"{name!r} is not a crystallographic point group; the 32 are {names}"
        )
    return PointGroup(
        [_MATRICES[g] for g in info.generators],
        name=info.schoenflies,
        family=("point", info.schoenflies),
    )
