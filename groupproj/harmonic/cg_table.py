r"""Clebsch-Gordan coefficients as a labelled matrix, the way tables print them.

:func:`clebsch_gordan_matrix` gives the coefficients :math:`\langle j_1 m_1; j_2 m_2 | J M\rangle`
as a :class:`LabelledMatrix`: a sympy matrix (``.matrix``) with rows labelled by
:math:`(m_1, m_2)` and columns by :math:`M` (one ``J``) or :math:`(J, M)` (all ``J``: the
orthogonal change of basis from the product basis to the coupled one). Entries are read by
label, ``C[(m1, m2), M]``; it prints as a table, with LaTeX and HTML forms for notebooks.
The coefficients are those of :func:`groupproj.harmonic.clebsch_gordan` (Condon-Shortley,
``m`` ascending).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy

from groupproj._display import html_table, text_table
from groupproj._frozen import Frozen
from groupproj.errors import SelectionRuleError
from groupproj.harmonic.clebsch_gordan import clebsch_gordan
from groupproj.harmonic.spins import spin_text, twice_spin

__all__ = ["LabelledMatrix", "clebsch_gordan_matrix"]


def _label_text(label: Any) -> str:
    if isinstance(label, tuple):
        return "(" + ", ".join(_label_text(x) for x in label) + ")"
    return str(sympy.nsimplify(label))


def _label_latex(label: Any) -> str:
    if isinstance(label, tuple):
        return "(" + ", ".join(_label_latex(x) for x in label) + ")"
    return sympy.latex(sympy.nsimplify(label))


class LabelledMatrix(Frozen):
    """A sympy matrix whose rows and columns carry labels.

    Attributes
    ----------
    matrix : sympy.ImmutableMatrix
    rows, columns : tuple
        One label per row and per column.
    title : str
        What the matrix holds (printed above the table).

    Examples
    --------
    >>> C = clebsch_gordan_matrix(1/2, 1/2, 1)
    >>> C[(sympy.Rational(1, 2), -sympy.Rational(1, 2)), 0]
    sqrt(2)/2
    """

    _fields = ("matrix", "rows", "columns", "title")

    def __init__(self, matrix: Any, rows: tuple, columns: tuple, title: str = ""):
        self._set(matrix=sympy.ImmutableMatrix(matrix), rows=tuple(rows), columns=tuple(columns))
        self._set(title=title)

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def __getitem__(self, labels: tuple) -> sympy.Expr:
        row, col = labels
        return self.matrix[self.rows.index(_canon(row)), self.columns.index(_canon(col))]

    def _cells(self) -> tuple[list[str], list[list[str]]]:
        header = ["", *map(_label_text, self.columns)]
        body = [
            [_label_text(r), *(sympy.sstr(self.matrix[i, j]) for j in range(self.shape[1]))]
            for i, r in enumerate(self.rows)
        ]
        return header, body

    def __str__(self) -> str:
        return text_table(*self._cells(), title=self.title)

    def __repr__(self) -> str:
        return f"<LabelledMatrix {self.title or ''} {self.shape[0]}×{self.shape[1]}>".replace(
            "  ", " "
        )

    def _repr_html_(self) -> str:
        return html_table(*self._cells(), title=self.title)

    def _repr_latex_(self) -> str:
        cols = "r|" + "c" * self.shape[1]
        head = " & ".join(["", *map(_label_latex, self.columns)])
        rows = [
            " & ".join(
                [_label_latex(r), *(sympy.latex(self.matrix[i, j]) for j in range(self.shape[1]))]
            )
            for i, r in enumerate(self.rows)
        ]
        body = head + r" \\ \hline " + r" \\ ".join(rows)
        return rf"$\begin{{array}}{{{cols}}} {body} \end{{array}}$"


def _canon(label: Any) -> Any:
    if isinstance(label, tuple):
        return tuple(_canon(x) for x in label)
    return sympy.nsimplify(label)


def _ms(two: int) -> list:
    return [sympy.Rational(m, 2) for m in range(-two, two + 1, 2)]


def clebsch_gordan_matrix(j1, j2, j=None) -> LabelledMatrix:
    r"""The exact Clebsch-Gordan coefficients :math:`\langle j_1 m_1; j_2 m_2 | J M \rangle`.

    Parameters
    ----------
    j1, j2 : spins (int, half-integer float, Fraction or sympy Rational)
    j : spin, optional
        One coupled spin: columns ``M = -j … j``. Omitted: every ``J`` from ``|j1 - j2|`` to
        ``j1 + j2``, columns ``(J, M)``; the matrix is then orthogonal.

    Returns
    -------
    LabelledMatrix
        Rows ``(m1, m2)`` with ``m1`` the slower index (the Kronecker order of ``D1 ⊗ D2``).

    Cost: that of :func:`~groupproj.harmonic.clebsch_gordan` for each ``J``.

    Examples
    --------
    >>> print(clebsch_gordan_matrix(1/2, 1/2))
    <1/2 m1; 1/2 m2 | J M>
                      (0, 0)  (1, -1)     (1, 0)  (1, 1)
    (-1/2, -1/2)           0        1          0       0
     (-1/2, 1/2)  -sqrt(2)/2        0  sqrt(2)/2       0
     (1/2, -1/2)   sqrt(2)/2        0  sqrt(2)/2       0
      (1/2, 1/2)           0        0          0       1
    """
    t1, t2 = twice_spin(j1, "j1"), twice_spin(j2, "j2")
    rows = tuple((a, b) for a in _ms(t1) for b in _ms(t2))
    title = f"<{spin_text(t1)} m1; {spin_text(t2)} m2 | J M>"
    if j is not None:
        t = twice_spin(j, "j")
        C = clebsch_gordan(Fraction(t1, 2), Fraction(t2, 2), Fraction(t, 2), exact=True)
        m = sympy.Matrix(C.reshape((t1 + 1) * (t2 + 1), t + 1).tolist())
        return LabelledMatrix(m, rows, tuple(_ms(t)), title.replace("J", spin_text(t)))
    blocks, columns = [], []
    for t in range(abs(t1 - t2), t1 + t2 + 1, 2):
        C = clebsch_gordan(Fraction(t1, 2), Fraction(t2, 2), Fraction(t, 2), exact=True)
        blocks.append(sympy.Matrix(C.reshape((t1 + 1) * (t2 + 1), t + 1).tolist()))
        columns += [(sympy.Rational(t, 2), m) for m in _ms(t)]
    if not blocks:
        raise SelectionRuleError(f"no spin couples {j1} and {j2}")
    return LabelledMatrix(sympy.Matrix.hstack(*blocks), rows, tuple(columns), title)
