r"""Complex unitary irreducible representations of finite groups, family by family.

An :class:`IrrepFamily` lists the complex irreps of one group by hashable labels and gives
each one's matrices, Frobenius-Schur indicator and conjugate. Closed forms:

* cyclic :math:`C_n = \langle r \rangle`: :math:`\rho_j(r^k) = e^{2\pi i jk/n}`;
* dihedral :math:`D_n = \langle r, s \rangle`, :math:`n \ge 3`: the one-dimensional
  :math:`r \mapsto \pm 1, s \mapsto \pm 1` and, for :math:`1 \le j < n/2`,
  :math:`\rho_j(r^a s^b) = R(2\pi ja/n)\,\mathrm{diag}(1, -1)^b` with the rotation ``R``;
* quaternion :math:`Q_8`: four characters of :math:`Q_8/\{\pm 1\}` and
  :math:`a + bi + cj + dk \mapsto \begin{pmatrix} a + bi & -c - di \\ c - di & a - bi
  \end{pmatrix}` (quaternionic type);
* symmetric :math:`S_n`: Young's orthogonal form, one irrep per partition, matrices of any
  permutation from its word in adjacent transpositions, no enumeration of :math:`S_n`;
* direct products: the outer tensor products of the factors' irreps (Inflation ⊗ Inflation),
  with indicator :math:`\nu_a \nu_b`.

Any other finite group of order at most :data:`MAX_EXACT_ORDER`: :class:`ExactIrreps`, exact
unitary irreps cut out of monomial representations (:mod:`groupproj.finite.exact_irreps`);
beyond it :class:`RegularSplitIrreps`, floating point, from the character table.

Labels and symbols
------------------
Each family lists its complex irreps by ``labels`` (what ``Irrep.label`` holds and
``G.irrep(label)`` takes) and names each by a short ``symbol`` (printed in character tables and
decompositions, also accepted by ``G.irrep``):

========================  ==============================  ====================================
family                    label                           symbol
========================  ==============================  ====================================
cyclic C_n                ``j`` (0 <= j < n)              ``1``, ``χ1``, ``χ2``, ...
dihedral D_n, n >= 3      ``("1", εr, εs)``, ``("2", j)`` ``A1 A2 B1 B2``, ``E`` or ``E1 E2 ...``
quaternion Q_8            ``("1", s, t)``, ``("2",)``     ``1 χi χj χk 2``
symmetric S_n             a partition, e.g. ``(3, 1)``    ``1`` (trivial), ``(3,1)``, ...
direct products           ``(a, b)``                      ``a⊗b``
crystallographic points   the Mulliken name               ``A1g``, ``¹E``, ``T2u``, ...
any other group           the row of the character table  degree and primes: ``1 3 3' 4 5``
========================  ==============================  ====================================

The character table's row ``i`` is the complex irrep ``labels[i]``. A real irrep of complex
type stands for a pair ``χ, χ̄`` and is labelled by the first of the two; its symbol is
``a+b`` (the two symbols), as is that of a quaternionic one (``a+a``), except where the family
names it (Mulliken's ``E`` for the pair ``¹E, ²E``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from sympy.matrices import kronecker_product

from groupproj.errors import ComputationError, ExactnessError
from groupproj.finite.character_table import CharacterTable, relabelled
from groupproj.finite.classes import class_index
from groupproj.finite.symmetric import partition_text, symmetric_character_table
from groupproj.finite.young import irrep_dimension, partitions, young_orthogonal_matrix

if TYPE_CHECKING:
    from groupproj.groups.base import FiniteGroup


MAX_EXACT_ORDER = 256
"""Largest order of a group without a closed form whose irreps are built exactly
(:class:`ExactIrreps`); larger groups get :class:`RegularSplitIrreps` (floating point)."""


def format_label(label: Any) -> str:
    """A label as compact text: tuples as comma lists, nested tuples in parentheses."""
    if isinstance(label, tuple):
        return ",".join(f"({format_label(x)})" if isinstance(x, tuple) else str(x) for x in label)
    return str(label)


class IrrepFamily(ABC):
    """The complex irreps of one finite group, by label.

    Attributes
    ----------
    group : FiniteGroup
    labels : tuple
        Hashable labels, one per irrep.
    is_exact : bool
        Whether :meth:`exact` gives closed-form sympy matrices.
    """

    is_exact = True

    def __init__(self, group: FiniteGroup):
        self.group = group

    labels: tuple = ()

    @abstractmethod
    def dim(self, label: Any) -> int: ...

    def indicator(self, label: Any) -> int:
        """Frobenius-Schur indicator: 1, 0 or -1."""
        return 1

    def conjugate(self, label: Any) -> Any:
        """The label of the complex-conjugate irrep."""
        return label

    def is_real(self, label: Any) -> bool:
        """Whether :meth:`matrix` is real (only possible for indicator 1)."""
        return self.indicator(label) == 1

    @abstractmethod
    def matrix(self, label: Any, key: Any) -> np.ndarray: ...

    def exact(self, label: Any, key: Any) -> sympy.Matrix:
        raise ExactnessError(f"the irreps of {self.group.name} are known in floating point only")

    def exact_label(self, label: Any) -> bool:
        """Whether :meth:`exact` serves this label."""
        return self.is_exact

    def symbol(self, label: Any) -> str:
        """The short name printed in tables and decompositions (see the module docstring)."""
        return format_label(label)

    def real_symbol(self, label: Any) -> str:
        """The symbol of the real irrep of ``label``: its own where real, else ``a+b``."""
        if self.indicator(label) == 1:
            return self.symbol(label)
        return f"{self.symbol(label)}+{self.symbol(self.conjugate(label))}"

    def resolve(self, label: Any, field: str) -> Any:
        """The complex label that ``label`` names: a label, a symbol, or a table row (int).

        Over the reals the real symbols (``a+b``, ``E``) are accepted as well.
        """
        key = tuple(label) if isinstance(label, list) else label
        try:
            if key in self.labels:
                return key
        except TypeError:  # an unhashable label is none of the labels; try the other forms
            pass
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            if 0 <= key < len(self.labels):
                return self.labels[int(key)]
        if isinstance(key, str):
            key = key.replace(" ", "")
            for lab in self.labels:
                if key in (self.symbol(lab), format_label(lab).replace(" ", "")):
                    return lab
            if field == "real":
                for lab in self.real_labels:
                    if key == self.real_symbol(lab):
                        return lab
        from groupproj.errors import UnknownNameError

        names = ", ".join(self.symbol(lab) for lab in self.labels)
        reals = ", ".join(self.real_symbol(lab) for lab in self.real_labels)
        raise UnknownNameError(
            f"{self.group.name} has no {field} irrep {label!r}; its irreps are labelled "
            f"{list(self.labels)} (symbols {names}; over the reals {reals}), or by their row "
            f"0..{len(self.labels) - 1} of the character table"
        )

    def real_label(self, label: Any) -> Any:
        """The label of the real irrep holding the complex irrep ``label`` (first of a pair)."""
        other = self.conjugate(label)
        return min(label, other, key=self.labels.index)

    def table(self) -> CharacterTable:
        """The character table with row ``i`` the irrep ``labels[i]``, labelled by symbols.

        The default reorders the group's Dixon table (:func:`groupproj.finite.character_table`)
        by matching each label's character on the class representatives.
        """
        dixon = self.group._dixon_table
        reps = [c.representative.key for c in self.group.conjugacy_classes()]
        chi = np.array([[np.trace(self.matrix(lab, k)) for k in reps] for lab in self.labels])
        x = dixon.values_float
        order = [int(np.argmin(np.abs(x - row).sum(axis=1))) for row in chi]
        if sorted(order) != list(range(len(order))) or not np.allclose(x[order], chi, atol=1e-8):
            raise ComputationError(f"the irreps of {self.group.name} do not match its table")
        return relabelled(dixon, order, tuple(self.symbol(lab) for lab in self.labels))

    @cached_property
    def real_labels(self) -> tuple:
        """One label per real irrep: every label but the later one of each conjugate pair."""
        position = {label: i for i, label in enumerate(self.labels)}
        return tuple(
            label
            for i, label in enumerate(self.labels)
            if self.indicator(label) != 0 or i < position[self.conjugate(label)]
        )


def _cis(turns: sympy.Expr) -> sympy.Expr:
    """exp(2πi·turns) exactly, as cos + i sin."""
    angle = 2 * sympy.pi * turns
    return sympy.cos(angle) + sympy.I * sympy.sin(angle)


class CyclicIrreps(IrrepFamily):
    """C_n: rho_j(r^k) = exp(2πi jk/n), j = 0..n-1; the key's image of 0 is k."""

    def __init__(self, group: FiniteGroup, n: int):
        super().__init__(group)
        self.n = n
        self.labels = tuple(range(n))

    def dim(self, label: int) -> int:
        return 1

    def indicator(self, label: int) -> int:
        return 1 if (2 * label) % self.n == 0 else 0

    def conjugate(self, label: int) -> int:
        return (-label) % self.n

    def matrix(self, label: int, key: tuple) -> np.ndarray:
        z = np.exp(2j * np.pi * label * key[0] / self.n)
        return np.array([[z.real]]) if self.is_real(label) else np.array([[z]])

    def exact(self, label: int, key: tuple) -> sympy.Matrix:
        return sympy.Matrix([[_cis(sympy.Rational(label * key[0], self.n))]])

    def symbol(self, label: int) -> str:
        return "1" if label == 0 else f"χ{label}"


def _rotation(turns: float) -> np.ndarray:
    c, s = np.cos(2 * np.pi * turns), np.sin(2 * np.pi * turns)
    return np.array([[c, -s], [s, c]])


class DihedralIrreps(IrrepFamily):
    """D_n, n >= 3: labels ("1", εr, εs) for the characters and ("2", j) for 1 <= j < n/2.

    The key (image list p with p(i) = a + (-1)^b i) is the element r^a s^b.
    """

    def __init__(self, group: FiniteGroup, n: int):
        super().__init__(group)
        self.n = n
        signs = (1, -1) if n % 2 == 0 else (1,)
        ones = tuple(("1", er, es) for er in signs for es in (1, -1))
        self.labels = ones + tuple(("2", j) for j in range(1, (n + 1) // 2))

    def dim(self, label: tuple) -> int:
        return int(label[0])

    def _ab(self, key: tuple) -> tuple[int, int]:
        a = key[0]
        return a, 0 if key[1] == (a + 1) % self.n else 1

    def matrix(self, label: tuple, key: tuple) -> np.ndarray:
        a, b = self._ab(key)
        if label[0] == "1":
            return np.array([[float(label[1] ** a * label[2] ** b)]])
        return _rotation(label[1] * a / self.n) @ np.diag([1.0, (-1.0) ** b])

    def symbol(self, label: tuple) -> str:
        """Mulliken's names for C_nv / D_n: A (r ↦ 1) or B, subscript 1 (s ↦ 1) or 2; E_j."""
        if label[0] == "1":
            return ("A" if label[1] == 1 else "B") + ("1" if label[2] == 1 else "2")
        return "E" if self.n <= 4 else f"E{label[1]}"

    def exact(self, label: tuple, key: tuple) -> sympy.Matrix:
        a, b = self._ab(key)
        if label[0] == "1":
            return sympy.Matrix([[label[1] ** a * label[2] ** b]])
        angle = 2 * sympy.pi * sympy.Rational(label[1] * a, self.n)
        c, s = sympy.cos(angle), sympy.sin(angle)
        return sympy.Matrix([[c, -s], [s, c]]) * sympy.diag(1, (-1) ** b)


class QuaternionIrreps(IrrepFamily):
    """Q_8: labels ("1", s, t) (i ↦ s, j ↦ t) and ("2",), read off the quaternion q = g·1."""

    def __init__(self, group: FiniteGroup):
        super().__init__(group)
        self.labels = (("1", 1, 1), ("1", 1, -1), ("1", -1, 1), ("1", -1, -1), ("2",))

    def dim(self, label: tuple) -> int:
        return 1 if label[0] == "1" else 2

    def indicator(self, label: tuple) -> int:
        return 1 if label[0] == "1" else -1

    def _quaternion(self, key: int) -> list[int]:
        return [int(round(x)) for x in self.group.matrices[key][:, 0]]

    def _entries(self, label: tuple, key: int) -> list[list[Any]]:
        a, b, c, d = self._quaternion(key)
        if label[0] == "1":
            s, t = label[1], label[2]
            return [[abs(a) + s * abs(b) + t * abs(c) + s * t * abs(d)]]
        i = sympy.I
        return [[a + b * i, -c - d * i], [c - d * i, a - b * i]]

    def symbol(self, label: tuple) -> str:
        names = {(1, 1): "1", (1, -1): "χi", (-1, 1): "χj", (-1, -1): "χk"}
        return names[label[1:]] if label[0] == "1" else "2"

    def matrix(self, label: tuple, key: int) -> np.ndarray:
        m = np.array(sympy.Matrix(self._entries(label, key)).evalf(), dtype=complex)
        return m.real.copy() if label[0] == "1" else m

    def exact(self, label: tuple, key: int) -> sympy.Matrix:
        return sympy.Matrix(self._entries(label, key))


class SymmetricIrreps(IrrepFamily):
    """S_n in Young's orthogonal form, labelled by partitions; never enumerates S_n."""

    def __init__(self, group: FiniteGroup, n: int):
        super().__init__(group)
        self.n = n
        self.labels = partitions(n)

    def dim(self, label: tuple) -> int:
        return irrep_dimension(label)

    def symbol(self, label: tuple) -> str:
        return "1" if label == self.labels[0] else partition_text(label)

    def resolve(self, label: Any, field: str) -> Any:
        """Also ``"(4)"`` for the trivial irrep, whose symbol is ``1``."""
        if isinstance(label, str) and label.replace(" ", "") == partition_text(self.labels[0]):
            return self.labels[0]
        return super().resolve(label, field)

    def table(self) -> CharacterTable:
        """The Murnaghan-Nakayama table (:mod:`groupproj.finite.symmetric`), no enumeration."""
        return symmetric_character_table(self.n)

    def matrix(self, label: tuple, key: tuple) -> np.ndarray:
        return young_orthogonal_matrix(label, key)

    def exact(self, label: tuple, key: tuple) -> sympy.Matrix:
        return sympy.Matrix(young_orthogonal_matrix(label, key, exact=True))


class ProductIrreps(IrrepFamily):
    """G × H: labels (a, b), the tensor product of inflated factor irreps."""

    def __init__(self, group: FiniteGroup):
        super().__init__(group)
        self.factors = tuple(f._irrep_family for f in group.factors)
        F, H = self.factors
        self.labels = tuple((a, b) for a in F.labels for b in H.labels)
        self.is_exact = F.is_exact and H.is_exact

    def dim(self, label: tuple) -> int:
        return self.factors[0].dim(label[0]) * self.factors[1].dim(label[1])

    def indicator(self, label: tuple) -> int:
        return self.factors[0].indicator(label[0]) * self.factors[1].indicator(label[1])

    def conjugate(self, label: tuple) -> tuple:
        return (self.factors[0].conjugate(label[0]), self.factors[1].conjugate(label[1]))

    def is_real(self, label: tuple) -> bool:
        return self.factors[0].is_real(label[0]) and self.factors[1].is_real(label[1])

    def exact_label(self, label: tuple) -> bool:
        return self.factors[0].exact_label(label[0]) and self.factors[1].exact_label(label[1])

    def symbol(self, label: tuple) -> str:
        return f"{self.factors[0].symbol(label[0])}⊗{self.factors[1].symbol(label[1])}"

    @cached_property
    def _reps(self) -> dict:
        from groupproj.reps.irrep import Irrep

        G = self.group
        return {
            (a, b): G.inflate(Irrep(G.factors[0], a, "complex"), 0)
            * G.inflate(Irrep(G.factors[1], b, "complex"), 1)
            for a, b in self.labels
        }

    def matrix(self, label: tuple, key: tuple) -> np.ndarray:
        return self._reps[label]._float(key)

    def exact(self, label: tuple, key: tuple) -> sympy.Matrix:
        F, H = self.factors
        return kronecker_product(F.exact(label[0], key[0]), H.exact(label[1], key[1]))


class RegularSplitIrreps(IrrepFamily):
    r"""Any enumerable finite group: irreps cut out of the regular representation.

    For each row :math:`\chi` (degree d) of the character table, the isotypic projector
    :math:`P = \frac{d}{N}\sum_g \overline{\chi(g)} L(g)` of the left regular representation
    has rank :math:`d^2`, and there :math:`L \cong \rho \otimes I_d`. Right convolution by a
    random Hermitian element ``a`` of the group algebra commutes with ``L`` and acts as
    :math:`I_d \otimes \rho^*(a)`, so each of its eigenspaces on the range of ``P`` (generically
    ``d`` distinct eigenvalues) is one copy of :math:`\rho`; its orthonormal basis ``U``
    gives the unitary :math:`\rho(g) = U^H L(g) U`. Real-type characters use real ``a``, so
    their matrices come out real orthogonal. Floating point; cost per irrep
    :math:`O(N^2 d^2)` for the range, :math:`O(d^6)` for the eigenproblem and
    :math:`O(N^2 d^2)` for all matrices; memory :math:`O(N^2)`.
    """

    is_exact = False

    def __init__(self, group: FiniteGroup, seed: int = 0):
        super().__init__(group)
        self.dixon = group._dixon_table
        self.labels = tuple(range(len(self.dixon.class_sizes)))
        self.seed = seed

    def dim(self, label: int) -> int:
        return self.dixon.degrees[label]

    def indicator(self, label: int) -> int:
        return self.dixon.indicators[label]

    def conjugate(self, label: int) -> int:
        x = self.dixon.values_float
        return int(np.argmin(np.abs(x - x[label].conj()).sum(axis=1)))

    def symbol(self, label: int) -> str:
        return degree_symbols(self.dixon.degrees)[label]

    def table(self) -> CharacterTable:
        return relabelled(self.dixon, self.labels, degree_symbols(self.dixon.degrees))

    def exact(self, label: int, key: Any) -> sympy.Matrix:
        raise ExactnessError(
            f"the irreps of {self.group.name} (order {self.group.order}, more than "
            f"{MAX_EXACT_ORDER}) are built in floating point only: use rho(g) without "
            "exact=True; the character table (G.character_table()) is exact"
        )

    @cached_property
    def _matrices(self) -> tuple[np.ndarray, ...]:
        mult, inv = self.group.cayley_table
        n = len(inv)
        cls = class_index(self.dixon.classes, n)
        quotient = mult[:, inv]  # x y^{-1}
        left_quotient = mult[inv, :]  # y^{-1} x, as [y, x]
        rng = np.random.default_rng(self.seed)
        out = []
        for label in self.labels:
            d, real = self.dim(label), self.indicator(label) == 1
            chi = self.dixon.values_float[label][cls]
            proj = (d / n) * chi.conj()[quotient]
            for _ in range(8):
                u = rng.standard_normal(n) + (0 if real else 1j * rng.standard_normal(n))
                a = u + u[inv].conj()
                x = rng.standard_normal((n, d * d))
                basis, _ = np.linalg.qr(proj.real @ x if real else proj @ x)
                h = basis.conj().T @ a[left_quotient] @ basis
                vals, vecs = np.linalg.eigh((h + h.conj().T) / 2)
                gap = vals[d] - vals[d - 1] if d < d * d else np.inf
                if gap > 1e-6 * max(1.0, np.abs(vals).max()):
                    break
            else:
                raise ComputationError(f"could not split the irrep {label} of {self.group.name}")
            U = basis @ vecs[:, :d]
            mats = np.einsum("xi,gxj->gij", U.conj(), U[mult[inv, :]])
            if not np.allclose(np.trace(mats, axis1=1, axis2=2), chi, atol=1e-8):
                raise ComputationError(f"the irrep {label} of {self.group.name} failed its check")
            out.append(mats.real.copy() if real else mats)
        return tuple(out)

    def matrix(self, label: int, key: Any) -> np.ndarray:
        return self._matrices[label][self.group._enumeration.index[key]]


def degree_symbols(degrees: tuple[int, ...]) -> tuple[str, ...]:
    """Symbols by degree, primes telling equal degrees apart: ``1, 3, 3', 4, 5``."""
    seen: dict[int, int] = {}
    out = []
    for d in degrees:
        out.append(f"{d}" + "'" * seen.get(d, 0))
        seen[d] = seen.get(d, 0) + 1
    return tuple(out)


def family_of(group: FiniteGroup) -> IrrepFamily:
    """The closed-form family of ``group`` if it has one, else :class:`ExactIrreps` up to
    :data:`MAX_EXACT_ORDER` and :class:`RegularSplitIrreps` beyond."""
    from groupproj.groups.product import DirectProduct
    from groupproj.reps.exact_family import ExactIrreps, PointGroupIrreps

    if isinstance(group, DirectProduct):
        return ProductIrreps(group)
    tag = getattr(group, "family", ())
    if tag and tag[0] == "point":
        return PointGroupIrreps(group)
    if tag and tag[0] == "cyclic":
        return CyclicIrreps(group, tag[1])
    if tag and tag[0] == "dihedral" and tag[1] >= 3:
        return DihedralIrreps(group, tag[1])
    if tag and tag[0] == "symmetric":
        return SymmetricIrreps(group, tag[1])
    if tag and tag[0] == "quaternion":
        return QuaternionIrreps(group)
    if group.order <= MAX_EXACT_ORDER:
        return ExactIrreps(group)
    return RegularSplitIrreps(group)
