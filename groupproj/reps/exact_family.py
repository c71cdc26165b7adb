r"""Exact irreps of finite groups without a closed form, and of the crystallographic point groups.

:class:`ExactIrreps` serves every group of order at most
:data:`~groupproj.reps.irrep_families.MAX_EXACT_ORDER` that has no closed-form family: the
irreps are built once, exactly, by :func:`groupproj.finite.exact_irreps` (cut out of monomial
representations, each checked exactly to be a homomorphism with the right character), labelled
by the rows of the group's (Dixon) character table and named by degree (``1, 3, 3', 4, 5``).
The float matrices are the exact ones evaluated, so ``rho(g)`` and ``rho(g, exact=True)``
agree.

:class:`PointGroupIrreps` is the same for a crystallographic point group, labelled by Mulliken
names (:mod:`groupproj.groups.point_symbols`) and with the character table in the standard
order (``A`` before ``B``, ``E``, ``T``; ``g`` before ``u``; primes after).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from groupproj.finite.character_table import CharacterTable, relabelled
from groupproj.finite.cyclotomic import to_complex, to_expr
from groupproj.finite.exact_irreps import ExactIrrep, exact_irreps
from groupproj.reps.irrep_families import IrrepFamily, RegularSplitIrreps, degree_symbols

if TYPE_CHECKING:
    from groupproj.groups.base import FiniteGroup

__all__ = ["ExactIrreps", "PointGroupIrreps"]


class ExactIrreps(IrrepFamily):
    """Exact unitary irreps of a finite group, one per row of its character table.

    Labels are the rows of the Dixon table (``0`` the trivial irrep). Building them costs what
    :func:`groupproj.finite.exact_irreps` states, once per group; each element's sympy matrix
    is formed on first request.
    """

    def __init__(self, group: FiniteGroup):
        super().__init__(group)
        self.dixon = group._dixon_table
        self.labels = tuple(range(len(self.dixon.class_sizes)))

    def _row(self, label: Any) -> int:
        return label

    @cached_property
    def _built(self) -> tuple[ExactIrrep | None, ...]:
        G = self.group
        mult, inv = G.cayley_table
        e = G._enumeration
        return exact_irreps(mult, inv, [e.index[k] for k in G._generator_keys()], self.dixon)

    @cached_property
    def _fallback(self) -> RegularSplitIrreps:
        return RegularSplitIrreps(self.group)

    def dim(self, label: Any) -> int:
        return self.dixon.degrees[self._row(label)]

    def indicator(self, label: Any) -> int:
        return self.dixon.indicators[self._row(label)]

    def conjugate(self, label: Any) -> Any:
        x = self.dixon.values_float
        row = int(np.argmin(np.abs(x - x[self._row(label)].conj()).sum(axis=1)))
        return self.labels[[self._row(lab) for lab in self.labels].index(row)]

    def is_real(self, label: Any) -> bool:
        built = self._built[self._row(label)]
        return built.real if built is not None else self._fallback.is_real(self._row(label))

    def exact_label(self, label: Any) -> bool:
        return self._built[self._row(label)] is not None

    def symbol(self, label: Any) -> str:
        return degree_symbols(self.dixon.degrees)[self._row(label)]

    def table(self) -> CharacterTable:
        return relabelled(
            self.dixon,
            [self._row(lab) for lab in self.labels],
            tuple(map(self.symbol, self.labels)),
        )

    @cached_property
    def _float(self) -> dict[int, np.ndarray]:
        return {}

    def matrix(self, label: Any, key: Any) -> np.ndarray:
        row = self._row(label)
        built = self._built[row]
        if built is None:
            return self._fallback.matrix(row, key)
        if row not in self._float:
            mats = to_complex(built.numerators, built.exponent, built.denominator)
            norms = to_complex(built.norms, built.exponent).real
            mats = mats / np.sqrt(np.outer(norms, norms))
            self._float[row] = mats.real.copy() if built.real else mats
            self._float[row].setflags(write=False)
        return self._float[row][self.group._enumeration.index[key]]

    @cached_property
    def _exact(self) -> dict[tuple[int, Any], sympy.ImmutableMatrix]:
        return {}

    def exact(self, label: Any, key: Any) -> sympy.Matrix:
        row = self._row(label)
        built = self._built[row]
        if built is None:
            return self._fallback.exact(row, key)
        if (row, key) not in self._exact:
            f, real = built.exponent, built.real
            A = built.numerators[self.group._enumeration.index[key]]
            norms = [to_expr(r, f, real=True) for r in built.norms]
            d = built.degree
            m = sympy.Matrix(
                d,
                d,
                lambda k, l: (
                    to_expr(A[k, l], f, built.denominator, real)
                    / (1 if built.normalised else sympy.sqrt(norms[k] * norms[l]))
                ),
            )
            self._exact[row, key] = sympy.ImmutableMatrix(m)
        return self._exact[row, key]


class PointGroupIrreps(ExactIrreps):
    """:class:`ExactIrreps` of a crystallographic point group, labelled by Mulliken names."""

    def __init__(self, group: FiniteGroup):
        from groupproj.groups.point_symbols import mulliken_sort_key

        super().__init__(group)
        names = group._geometry.mulliken_labels(self.dixon.values_float)
        self._rows = dict(zip(names, range(len(names))))
        self.labels = tuple(sorted(names, key=mulliken_sort_key))

    def _row(self, label: Any) -> int:
        return self._rows[label]

    def symbol(self, label: Any) -> str:
        return label

    def real_symbol(self, label: Any) -> str:
        """``E`` (with its subscripts and primes) for the pair ``¹E, ²E``."""
        return label.lstrip("¹²")
