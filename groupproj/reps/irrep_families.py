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

Any other finite group: :class:`RegularSplitIrreps`, floating point, from the character table.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from sympy.matrices import kronecker_product

from groupproj.errors import ExactnessError, GroupprojError
from groupproj.finite.classes import class_index
from groupproj.finite.young import irrep_dimension, partitions, young_orthogonal_matrix

if TYPE_CHECKING:
    from groupproj.groups.base import FiniteGroup


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

    def matrix(self, label: tuple, key: int) -> np.ndarray:
        m = np.array(sympy.Matrix(self._entries(label, key)).evalf(), dtype=complex)
        return m.real.copy() if label[0] == "1" else m

    def exact(self, label: tuple, key: int) -> sympy.Matrix:
        return sympy.Matrix(self._entries(label, key))


class SymmetricIrreps(IrrepFamily):
    """S_n in Young's orthogonal form, labelled by partitions; never enumerates S_n."""

    def __init__(self, group: FiniteGroup, n: int):
        super().__init__(group)
        self.labels = partitions(n)

    def dim(self, label: tuple) -> int:
        return irrep_dimension(label)

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
        self.table = group.character_table()
        self.labels = tuple(range(len(self.table.classes)))
        self.seed = seed

    def dim(self, label: int) -> int:
        return self.table.degrees[label]

    def indicator(self, label: int) -> int:
        return self.table.indicators[label]

    def conjugate(self, label: int) -> int:
        x = self.table.values_float
        return int(np.argmin(np.abs(x - x[label].conj()).sum(axis=1)))

    @cached_property
    def _matrices(self) -> tuple[np.ndarray, ...]:
        mult, inv = self.group.cayley_table
        n = len(inv)
        cls = class_index(self.table.classes, n)
        quotient = mult[:, inv]  # x y^{-1}
        left_quotient = mult[inv, :]  # y^{-1} x, as [y, x]
        rng = np.random.default_rng(self.seed)
        out = []
        for label in self.labels:
            d, real = self.dim(label), self.indicator(label) == 1
            chi = self.table.values_float[label][cls]
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
                raise GroupprojError(f"could not split the irrep {label} of {self.group.name}")
            U = basis @ vecs[:, :d]
            mats = np.einsum("xi,gxj->gij", U.conj(), U[mult[inv, :]])
            if not np.allclose(np.trace(mats, axis1=1, axis2=2), chi, atol=1e-8):
                raise GroupprojError(f"the irrep {label} of {self.group.name} failed its check")
            out.append(mats.real.copy() if real else mats)
        return tuple(out)

    def matrix(self, label: int, key: Any) -> np.ndarray:
        return self._matrices[label][self.group._enumeration.index[key]]


def family_of(group: FiniteGroup) -> IrrepFamily:
    """The closed-form family of ``group`` if it has one, else :class:`RegularSplitIrreps`."""
    from groupproj.groups.product import DirectProduct

    if isinstance(group, DirectProduct):
        return ProductIrreps(group)
    tag = getattr(group, "family", ())
    if tag and tag[0] == "cyclic":
        return CyclicIrreps(group, tag[1])
    if tag and tag[0] == "dihedral" and tag[1] >= 3:
        return DihedralIrreps(group, tag[1])
    if tag and tag[0] == "symmetric":
        return SymmetricIrreps(group, tag[1])
    if tag and tag[0] == "quaternion":
        return QuaternionIrreps(group)
    return RegularSplitIrreps(group)
