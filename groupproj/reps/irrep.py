r"""Irreducible representations of finite groups, complex or real.

A complex irrep is unitary, given by its group's :class:`IrrepFamily`. The real irrep of a
complex irrep :math:`\rho` with Frobenius-Schur indicator :math:`\nu` is orthogonal:

* :math:`\nu = 1`: :math:`\rho` itself where its matrices are real, otherwise its real form
  (:func:`groupproj.finite.real_form`); :math:`\operatorname{End}_G = \mathbb{R}`;
* :math:`\nu = 0`: the realification :math:`R(\rho) = [[\mathrm{Re}, -\mathrm{Im}],
  [\mathrm{Im}, \mathrm{Re}]]` (one for the pair :math:`\rho, \bar\rho`),
  :math:`\operatorname{End}_G = \mathbb{C}`;
* :math:`\nu = -1`: :math:`R(\rho)`, :math:`\operatorname{End}_G = \mathbb{H}`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj.errors import ExactnessError
from groupproj.finite.character_table import REAL_TYPES, latex_label
from groupproj.finite.realify import RealForm, real_form, realification
from groupproj.groups.base import FiniteGroup
from groupproj.reps.base import Representation
from groupproj.reps.irrep_families import format_label


def _exact_realification(m: sympy.Matrix) -> sympy.Matrix:
    re = m.applyfunc(lambda z: sympy.simplify(sympy.re(z)))
    im = m.applyfunc(lambda z: sympy.simplify(sympy.im(z)))
    return sympy.Matrix(sympy.BlockMatrix([[re, -im], [im, re]]))


class Irrep(Representation):
    """An irreducible representation of a finite group over ``field`` ("complex" or "real").

    Built by :meth:`FiniteGroup.irreps`; hashable and picklable, identified by its group,
    family ``label`` and field. Complex irreps are unitary, real ones orthogonal.

    Attributes
    ----------
    label : hashable
        The family's label: a partition for S_n, ``j`` for C_n, a Mulliken name for a point
        group, a character-table row for a group without a closed form (see
        :mod:`groupproj.reps.irrep_families`); ``G.irrep(rho.label, rho.field) == rho``.
    field : str
        ``"complex"`` or ``"real"``.

    Examples
    --------
    >>> import groupproj as gp
    >>> rho = gp.symmetric(3).irreps()[1]
    >>> rho.label, rho.symbol, rho.dim, rho.real_type, rho.is_exact
    ((2, 1), '(2,1)', 2, 'real', True)
    """

    _fields = ("group", "label", "field")

    def __init__(self, group: FiniteGroup, label: Any, field: str):
        self._set(group=group, label=label, field=field)

    @property
    def _family(self):
        return self.group._irrep_family

    @property
    def frobenius_schur(self) -> int:
        """Frobenius-Schur indicator of the complex irrep: 1, 0 or -1."""
        return self._family.indicator(self.label)

    @property
    def real_type(self) -> str:
        """``"real"``, ``"complex"`` or ``"quaternionic"``."""
        return REAL_TYPES[self.frobenius_schur]

    @property
    def _realified(self) -> bool:
        return self.field == "real" and self.frobenius_schur != 1

    @property
    def _needs_real_form(self) -> bool:
        return (
            self.field == "real"
            and self.frobenius_schur == 1
            and not self._family.is_real(self.label)
        )

    @property
    def dim(self) -> int:
        d = self._family.dim(self.label)
        return 2 * d if self._realified else d

    @property
    def name(self) -> str:
        """``irrep(label)`` for a real irrep, ``irrep_c(label)`` for a complex one."""
        tag = "irrep" if self.field == "real" else "irrep_c"
        return f"{tag}({format_label(self.label)})"

    @property
    def symbol(self) -> str:
        """The short name of tables and decompositions: ``(3,1)``, ``A1g``, ``3'``, ``χ1+χ4``."""
        fam = self._family
        return fam.symbol(self.label) if self.field == "complex" else fam.real_symbol(self.label)

    @property
    def latex(self) -> str:
        """:attr:`symbol` in LaTeX, e.g. ``A_{1g}``."""
        return latex_label(self.symbol)

    def __repr__(self) -> str:
        field = "" if self.field == "real" else ", complex"
        return f"<Irrep {self.symbol} of {self.group.name}, dim {self.dim}{field}>"

    @property
    def is_exact(self) -> bool:
        """Whether the matrices and endomorphism basis are known in closed form (a real irrep
        of quaternionic type has its endomorphisms in floating point only)."""
        return (
            self._family.exact_label(self.label)
            and not self._needs_real_form
            and (self.field == "complex" or self.frobenius_schur != -1)
        )

    @property
    def index(self) -> int:
        """Row of :meth:`FiniteGroup.character_table` holding this irrep's complex character.

        For a real irrep of complex type, the row of the first of its pair (the other is the
        row of the conjugate label); nothing is computed.
        """
        return self._family.labels.index(self.label)

    @cached_property
    def _real_form(self) -> RealForm:
        mats = [self._family.matrix(self.label, s.key) for s in self.group.generators]
        if not mats:
            mats = [np.eye(self._family.dim(self.label))]
        return real_form(mats, self.frobenius_schur)

    def _float(self, key: Any) -> np.ndarray:
        m = self._family.matrix(self.label, key)
        if self.field == "complex":
            return m
        if self._realified:
            return realification(m)
        if self._needs_real_form:
            return self._real_form.apply(m).real
        return m

    def _exact(self, key: Any) -> sympy.ImmutableMatrix:
        if self._needs_real_form:
            raise ExactnessError(f"{self.name} of {self.group.name} has no closed real form")
        m = self._family.exact(self.label, key)
        if self._realified:
            m = _exact_realification(m)
        return sympy.ImmutableMatrix(m)

    def endomorphism_basis(self, exact: bool = False) -> Any:
        r"""A basis of :math:`\operatorname{End}_G(\rho)` (over ℝ for real irreps).

        ``(I,)`` for complex irreps and real type; ``(I, J)`` with :math:`J = R(iI)` for
        complex type; ``(I, J, K, JK)`` for quaternionic type (float only). Orthogonal
        matrices, mutually orthogonal for the Frobenius inner product.
        Shape ``(e, dim, dim)`` with ``e`` in {1, 2, 4}.
        """
        d = self.dim
        if self.field == "complex" or self.frobenius_schur == 1:
            return [sympy.eye(d)] if exact else np.eye(d)[None]
        if self.frobenius_schur == 0:
            half = d // 2
            if exact:
                J = sympy.Matrix(
                    sympy.BlockMatrix(
                        [
                            [sympy.zeros(half), -sympy.eye(half)],
                            [sympy.eye(half), sympy.zeros(half)],
                        ]
                    )
                )
                return [sympy.eye(d), J]
            return np.stack([np.eye(d), realification(1j * np.eye(half))])
        if exact:
            raise ExactnessError("quaternionic endomorphism bases are known in floating point")
        return np.stack(self._real_form.endomorphisms)
