"""SO(3), O(3) and SU(2): elements, irreps, quadratures."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from groupproj.errors import GroupMismatchError, SelectionRuleError
from groupproj.groups.base import ELEMENT_BYTES, GroupElement, sample_arguments
from groupproj.groups.compact import (
    CompactGroup,
    _angular_momentum,
    _gauss_legendre_beta,
    _require_exact_key,
    angle,
    check_count,
    degree,
    element_matrix,
)
from groupproj.groups.rotations import (
    check_orthogonal,
    euler_from_quaternion,
    quaternion_from_euler,
    quaternion_from_rotation,
    quaternion_from_su2,
    quaternion_product,
    rotation_from_quaternion,
    su2_from_quaternion,
)
from groupproj.harmonic import (
    clebsch_gordan,
    l1_to_cartesian,
    matrix_from_euler,
    real_basis_change,
    wigner_D,
)
from groupproj.harmonic.spins import spin_text, twice_spin
from groupproj.harmonic.wigner import check_size, float_wigner_D

__all__ = ["SO3", "O3", "SU2"]


def _is_float_key(key: Any) -> bool:
    """Rotation keys are a float quaternion (4 floats) or an exact word of Euler triples."""
    return len(key) == 4 and not isinstance(key[0], tuple)


def _quaternion(key: Any) -> np.ndarray:
    if _is_float_key(key):
        return np.array(key)
    q = np.array([1.0, 0.0, 0.0, 0.0])
    for a, b, c in key:
        q = quaternion_product(q, quaternion_from_euler(float(a), float(b), float(c)))
    return q


def _word_product(key: Any, factor) -> sp.ImmutableMatrix:
    mats = [factor(a, b, c) for a, b, c in key]
    out = mats[0]
    for m in mats[1:]:
        out = (out * m).applyfunc(sp.expand)
    return sp.ImmutableMatrix(out)


def _euler_key(alpha: Any, beta: Any, gamma: Any) -> Any:
    """The key of ZYZ angles: a word of one exact triple, or a float quaternion."""
    angles = tuple(angle(x, name) for x, name in zip((alpha, beta, gamma), _ANGLE_NAMES))
    if all(isinstance(x, sp.Basic) for x in angles):
        return (angles,)
    return tuple(float(v) for v in quaternion_from_euler(*(float(x) for x in angles)))


_ANGLE_NAMES = ("the Euler angle alpha", "the Euler angle beta", "the Euler angle gamma")


class _RotationKeys(CompactGroup):
    """Keys shared by SO(3) and SU(2): float unit quaternions or exact words of Euler triples."""

    lie_dim = 3
    _projective = True
    """Whether q and −q are one element (SO(3)) or two (SU(2))."""

    def _canon(self, q: np.ndarray) -> tuple:
        q = q / np.linalg.norm(q)
        if self._projective:
            nz = q[np.abs(q) > 1e-12]
            if nz.size and nz[0] < 0:
                q = -q
        return tuple(float(v) for v in q)

    def euler(self, alpha: Any, beta: Any, gamma: Any) -> GroupElement:
        """The element of ZYZ Euler angles; exact when the three angles are exact."""
        key = _euler_key(alpha, beta, gamma)
        return GroupElement(self, key if not _is_float_key(key) else self._canon(np.array(key)))

    def _mul(self, a: Any, b: Any) -> Any:
        if not _is_float_key(a) and not _is_float_key(b):
            return a + b
        if a == () or b == ():
            return a or b
        return self._canon(quaternion_product(_quaternion(a), _quaternion(b)))

    def _inv(self, a: Any) -> Any:
        if not _is_float_key(a):
            return tuple((-c, -b, -x) for x, b, c in reversed(a))
        q = np.array(a)
        return self._canon(np.concatenate([[q[0]], -q[1:]]))

    def _identity_key(self) -> Any:
        return ()

    def _generator_keys(self) -> tuple:
        return (_euler_key(1.0, 2.0, 0.5), _euler_key(2.5, 0.7, 1.9))

    def _format(self, key: Any) -> str:
        return str(key) if not _is_float_key(key) else "q=" + str(tuple(round(v, 6) for v in key))

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        n, rng = sample_arguments(n, seed, ELEMENT_BYTES)
        return [GroupElement(self, self._canon(q)) for q in rng.standard_normal((n, 4))]

    def _angles(self, key: Any) -> tuple[float, float, float]:
        return euler_from_quaternion(_quaternion(key))

    def _euler_levels(
        self, n_alpha: int, n_beta: int, n_gamma: int, gamma_span: float
    ) -> list[tuple[list[Any], np.ndarray]]:
        """Uniform α in [0, 2π), Gauss–Legendre β in cos β, uniform γ in [0, gamma_span)."""
        for n in (n_alpha, n_beta, n_gamma):
            check_count(n, f"a quadrature level of {n} elements of {self.name}")
        betas, wb = _gauss_legendre_beta(n_beta)
        alphas = [2 * np.pi * k / n_alpha for k in range(n_alpha)]
        gammas = [gamma_span * k / n_gamma for k in range(n_gamma)]
        return [
            (
                [self._canon(quaternion_from_euler(a, 0, 0)) for a in alphas],
                np.full(n_alpha, 1 / n_alpha),
            ),
            ([self._canon(quaternion_from_euler(0, b, 0)) for b in betas], wb),
            (
                [self._canon(quaternion_from_euler(0, 0, c)) for c in gammas],
                np.full(n_gamma, 1 / n_gamma),
            ),
        ]

    def _wigner_float(self, two_j: int, basis: str, key: Any) -> np.ndarray:
        check_size(two_j, 1, False, f"the irrep D^{spin_text(two_j)} of {self.name}")
        return float_wigner_D(two_j, *self._angles(key), basis)

    def _wigner_exact(self, two_j: int, basis: str, key: Any) -> sp.ImmutableMatrix:
        _require_exact_key(not _is_float_key(key))
        j = sp.Rational(two_j, 2)
        if not key:
            return sp.ImmutableMatrix(sp.eye(two_j + 1))
        return _word_product(key, lambda a, b, c: wigner_D(j, a, b, c, basis=basis, exact=True))

    def _wigner_lie(self, two_j: int, basis: str) -> np.ndarray:
        X = -1j * np.stack(_angular_momentum(two_j))
        if basis == "real":
            U = real_basis_change(two_j // 2)
            X = (U @ X @ U.conj().T).real
        return X

    def _wigner_product(self, t1: int, t2: int, basis: str, exact: bool) -> tuple[Any, list]:
        cols, twos = [], []
        for t in range(abs(t1 - t2), t1 + t2 + 1, 2):
            j1, j2, j = (Fraction(x, 2) for x in (t1, t2, t))
            C = clebsch_gordan(j1, j2, j, basis=basis, exact=exact)
            if exact:
                cols.append(sp.Matrix(C.reshape((t1 + 1) * (t2 + 1), t + 1)))
            else:
                cols.append(C.reshape((t1 + 1) * (t2 + 1), t + 1))
            twos.append(t)
        return (sp.Matrix.hstack(*cols) if exact else np.hstack(cols)), twos

    def _wigner_conjugate(self, two_j: int, basis: str, exact: bool) -> Any:
        """W with conj(D^j) = W D^j Wᴴ: W[j+m, j-m] = (-1)^(j-m), the identity if real."""
        n = two_j + 1
        if basis == "real":
            return sp.eye(n) if exact else np.eye(n)
        W = sp.zeros(n, n) if exact else np.zeros((n, n))
        for a in range(n):  # a = j + m, so j - m = two_j - a
            W[a, two_j - a] = -1 if (two_j - a) % 2 else 1
        return W

    def _rotation_matrix_float(self, key: Any) -> np.ndarray:
        return rotation_from_quaternion(_quaternion(key))

    def _rotation_matrix_exact(self, key: Any) -> sp.ImmutableMatrix:
        _require_exact_key(not _is_float_key(key))
        if not key:
            return sp.ImmutableMatrix(sp.eye(3))
        return _word_product(key, lambda a, b, c: matrix_from_euler(a, b, c, exact=True))


def _spin(two: int) -> int | Fraction:
    """The spin j = two / 2 as an SU(2) irrep's label: an int, or a Fraction for half-integers."""
    return two // 2 if two % 2 == 0 else Fraction(two, 2)


def _two(j: Any) -> int:
    return int(2 * j)


def _check_l(label: tuple, group: str) -> int:
    if len(label) < 1:
        raise SelectionRuleError(f"{group} irreps need a degree l")
    two = twice_spin(label[0], "l")
    if two % 2:
        raise SelectionRuleError(
            f"l = {spin_text(two)} is half-integer: {group} has integer-spin irreps only; "
            "half-integer spins are representations of SU(2) (use gp.SU2().irrep(j))"
        )
    return two // 2


class SO3(_RotationKeys):
    """The rotation group SO(3).

    Keys are unit quaternions (q and −q identified, stored with the first
    non-zero entry positive) or, for exact elements, words of exact ZYZ Euler
    triples. ``irrep(l)`` is the real Wigner matrix
    ``wigner_D(l, a, b, c, basis="real")`` (real type), ``basis="complex"`` the
    complex one. ``natural()`` is R itself, equal to
    ``Q D^1_real(R) Qᵀ`` with ``Q = l1_to_cartesian()``.

    Examples
    --------
    >>> import groupproj as gp, sympy
    >>> G = gp.SO3()
    >>> G.natural()(G.euler(sympy.pi / 2, 0, 0), exact=True)
    Matrix([
    [0, -1, 0],
    [1,  0, 0],
    [0,  0, 1]])
    >>> P = gp.projector(G.natural() ** 2, G.natural())
    >>> P.dim
    1
    """

    @property
    def name(self) -> str:
        return "SO(3)"

    def _key_of(self, x: Any) -> Any:
        M = element_matrix(x, "an element of SO(3)")
        if M.ndim != 2:
            raise GroupMismatchError(
                f"an element of SO(3) is a 3×3 rotation matrix (or use G.euler), got {x!r}"
            )
        check_orthogonal(M, 3, self.name, (1,))
        return self._canon(quaternion_from_rotation(M))

    def _data(self, key: Any) -> Any:
        return self._rotation_matrix_float(key)

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """α and γ on L + 1 uniform angles, β on the ⌊L/2⌋ + 1 Gauss–Legendre nodes in cos β.

        (L + 1)²(⌊L/2⌋ + 1) elements; exact for every D^l_{m'm} with l ≤ L.
        """
        return self._euler_levels(*self.quadrature_shape(L), 2 * np.pi)

    def quadrature_shape(self, L: Any) -> tuple[int, ...]:
        L = degree(L)
        return (L + 1, L // 2 + 1, L + 1)

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = degree(max_degree, "max_degree")
        check_count(top + 1, f"the irreps of degree <= {top}")
        return list(range(top + 1))

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 1:
            raise SelectionRuleError(f"SO(3) irreps are labelled by one integer l, got {label}")
        return _check_l(label, self.name)

    def _irrep_dim(self, l: int, basis: str) -> int:
        return 2 * l + 1

    def _irrep_name(self, l: int, basis: str) -> str:
        return f"D{l}" + ("" if basis == "real" else "c")

    def _irrep_float(self, l: int, basis: str, key: Any) -> np.ndarray:
        return self._wigner_float(2 * l, basis, key)

    def _irrep_exact(self, l: int, basis: str, key: Any) -> sp.ImmutableMatrix:
        return self._wigner_exact(2 * l, basis, key)

    def _irrep_lie(self, l: int, basis: str) -> np.ndarray:
        return self._wigner_lie(2 * l, basis)

    def _irrep_degree(self, l: int) -> Fraction:
        return Fraction(l)

    def _irrep_product(self, a: int, b: int, basis: str, exact: bool) -> tuple[Any, list]:
        C, twos = self._wigner_product(2 * a, 2 * b, basis, exact)
        return C, [t // 2 for t in twos]

    def _irrep_complexify(self, l: int, exact: bool) -> tuple[Any, list]:
        """D^l_real = U D^l Uᴴ with U = ``real_basis_change(l)``."""
        return real_basis_change(l, exact=exact), [l]

    def _irrep_conjugate(self, l: int, basis: str, exact: bool) -> tuple[Any, Any]:
        return self._wigner_conjugate(2 * l, basis, exact), l

    def _trivial_label(self) -> Any:
        return 0

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._rotation_matrix_float(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return self._rotation_matrix_exact(key)

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        Q = l1_to_cartesian()
        return (sp.Matrix(Q.tolist()) if exact else Q.astype(float)), 1, "real"

    def _natural_lie(self) -> np.ndarray:
        return _so3_lie()


@lru_cache(maxsize=1)
def _so3_lie() -> np.ndarray:
    """L_x, L_y, L_z: (L_i)_{jk} = −ε_{ijk}, the derivatives of rotations about x, y, z."""
    eps = np.zeros((3, 3, 3))
    for i, j, k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        eps[i, j, k], eps[i, k, j] = 1.0, -1.0
    return -eps


class O3(CompactGroup):
    """The orthogonal group O(3) = SO(3) × {±I}.

    Keys are ``(s, k)`` for s·R with ``k`` an SO(3) key. ``irrep(l, parity)``
    maps s·R to ``parity^{[s = −1]} D^l_real(R)``; ``natural()`` is the
    ``(1, −1)`` irrep in Cartesian order (``Q = l1_to_cartesian()``).

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.O3()
    >>> gp.projector(G.natural() ** 2, G.natural()).dim
    0
    """

    lie_dim = 3

    @property
    def name(self) -> str:
        return "O(3)"

    def euler(self, alpha: Any, beta: Any, gamma: Any, inversion: bool = False) -> GroupElement:
        """±R_z(α)R_y(β)R_z(γ), with the minus sign when ``inversion``."""
        return GroupElement(self, (-1 if inversion else 1, SO3().euler(alpha, beta, gamma).key))

    def _key_of(self, x: Any) -> Any:
        M = element_matrix(x, "an element of O(3)")
        if M.ndim != 2:
            raise GroupMismatchError(f"an element of O(3) is a 3×3 orthogonal matrix, got {x!r}")
        s = check_orthogonal(M, 3, self.name, (1, -1))
        return (s, SO3()._key_of(s * M))

    def _mul(self, a: Any, b: Any) -> Any:
        return (a[0] * b[0], SO3()._mul(a[1], b[1]))

    def _inv(self, a: Any) -> Any:
        return (a[0], SO3()._inv(a[1]))

    def _identity_key(self) -> Any:
        return (1, ())

    def _generator_keys(self) -> tuple:
        return (*((1, k) for k in SO3()._generator_keys()), (-1, ()))

    def _data(self, key: Any) -> Any:
        return key[0] * SO3()._data(key[1])

    def _format(self, key: Any) -> str:
        return ("-" if key[0] < 0 else "") + SO3()._format(key[1])

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        n, rng = sample_arguments(n, seed, ELEMENT_BYTES)
        rot = SO3().sample(n, rng.integers(2**32))
        return [GroupElement(self, (int(s), g.key)) for s, g in zip(rng.choice([1, -1], n), rot)]

    def quadrature_shape(self, L: Any) -> tuple[int, ...]:
        return (2, *SO3().quadrature_shape(L))

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """{I, −I} times the SO(3) rule: 2(L + 1)²(⌊L/2⌋ + 1) elements."""
        levels = [([(1, ()), (-1, ())], np.full(2, 0.5))]
        return levels + [([(1, k) for k in keys], w) for keys, w in SO3().quadrature_levels(L)]

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = degree(max_degree, "max_degree")
        check_count(2 * top + 2, f"the irreps of degree <= {top}")
        return [(l, p) for l in range(top + 1) for p in (1, -1)]

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 2:
            raise SelectionRuleError(f"O(3) irreps are irrep(l, parity), got {label}")
        l = _check_l(label, self.name)
        parity = label[1]
        if (
            isinstance(parity, bool)
            or not isinstance(parity, (int, np.integer))
            or parity not in (1, -1)
        ):
            raise SelectionRuleError(f"parity must be +1 or -1, got {label[1]!r}")
        return (l, int(label[1]))

    def _irrep_dim(self, label: Any, basis: str) -> int:
        return 2 * label[0] + 1

    def _irrep_name(self, label: Any, basis: str) -> str:
        return f"D{label[0]}" + ("e" if label[1] == 1 else "o") + ("" if basis == "real" else "c")

    def _irrep_float(self, label: Any, basis: str, key: Any) -> np.ndarray:
        D = SO3()._irrep_float(label[0], basis, key[1])
        return -D if key[0] == -1 and label[1] == -1 else D

    def _irrep_exact(self, label: Any, basis: str, key: Any) -> sp.ImmutableMatrix:
        D = SO3()._irrep_exact(label[0], basis, key[1])
        return -D if key[0] == -1 and label[1] == -1 else D

    def _irrep_symbol(self, label: Any) -> str:
        """e3nn's ``le`` / ``lo``: ``1o`` is the vector, ``1e`` the pseudovector."""
        return f"{label[0]}{'e' if label[1] == 1 else 'o'}"

    def _irrep_lie(self, label: Any, basis: str) -> np.ndarray:
        return SO3()._irrep_lie(label[0], basis)

    def _irrep_degree(self, label: Any) -> Fraction:
        return Fraction(label[0])

    def _irrep_product(self, a: Any, b: Any, basis: str, exact: bool) -> tuple[Any, list]:
        C, ls = SO3()._irrep_product(a[0], b[0], basis, exact)
        return C, [(l, a[1] * b[1]) for l in ls]

    def _irrep_complexify(self, label: Any, exact: bool) -> tuple[Any, list]:
        """D^l_real = U D^l Uᴴ with U = ``real_basis_change(l)``, parity unchanged."""
        return real_basis_change(label[0], exact=exact), [label]

    def _irrep_conjugate(self, label: Any, basis: str, exact: bool) -> tuple[Any, Any]:
        return SO3()._wigner_conjugate(2 * label[0], basis, exact), label

    def _trivial_label(self) -> Any:
        return (0, 1)

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._data(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return key[0] * SO3()._natural_exact(key[1])

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        Q, _, basis = SO3()._natural_parts(exact)
        return Q, (1, -1), basis

    def _natural_lie(self) -> np.ndarray:
        return _so3_lie()


class SU2(_RotationKeys):
    """The spin group SU(2), the double cover of SO(3).

    Keys are unit quaternions (q and −q distinct) or exact words of Euler
    triples; see :mod:`groupproj.groups.rotations` for the quaternion ↔ SU(2)
    ↔ SO(3) convention. ``irrep(j)`` is the complex Wigner matrix D^j for
    j = 0, 1/2, 1, 3/2, … (the default ``basis="complex"``; ``basis="real"``
    for integer j); its label is j (an int, or a Fraction for half-integers).
    ``natural()`` is the 2×2 matrix U(q) = D^{1/2}.

    Examples
    --------
    >>> import groupproj as gp
    >>> G = gp.SU2()
    >>> minus = G.element([-1.0, 0.0, 0.0, 0.0])
    >>> [round(float(G.irrep(j)(minus)[0, 0].real), 9) for j in (0.5, 1)]
    [-1.0, 1.0]
    """

    _projective = False
    default_basis = "complex"

    @property
    def name(self) -> str:
        return "SU(2)"

    def _key_of(self, x: Any) -> Any:
        M = element_matrix(x, "an element of SU(2)", complex_ok=True)
        if M.shape == (4,):
            q = M.real
            if np.abs(M.imag).max() > 0 or not abs(np.linalg.norm(q) - 1) <= 1e-8:
                raise GroupMismatchError(f"an SU(2) quaternion must be real and unit, got {x!r}")
            return self._canon(q)
        if M.shape != (2, 2):
            raise GroupMismatchError(
                f"an element of SU(2) is a unit quaternion or a 2×2 matrix, got shape {M.shape}"
            )
        if not (
            np.abs(M.conj().T @ M - np.eye(2)).max() <= 1e-8 and abs(np.linalg.det(M) - 1) <= 1e-8
        ):
            raise GroupMismatchError(
                "the matrix is not unitary with determinant 1, so not in SU(2)"
            )
        q = quaternion_from_su2(M)
        if not np.abs(su2_from_quaternion(q) - M).max() <= 1e-8:
            raise GroupMismatchError("the matrix is not of the SU(2) form U(q) of this convention")
        return self._canon(q)

    def _data(self, key: Any) -> Any:
        return su2_from_quaternion(_quaternion(key))

    def quadrature_levels(self, L: Any) -> list[tuple[list[Any], np.ndarray]]:
        """For spins j ≤ L: α on ⌊L⌋ + 1 uniform angles in [0, 2π), β on ⌊L⌋//2 + 1
        Gauss–Legendre nodes, γ on 2L + 1 uniform angles in [0, 4π)."""
        return self._euler_levels(*self.quadrature_shape(L), 4 * np.pi)

    def quadrature_shape(self, L: Any) -> tuple[int, ...]:
        two = twice_spin(L, "L")
        return (two // 2 + 1, two // 4 + 1, two + 1)

    def _labels(self, max_degree: Any, basis: str) -> list[Any]:
        top = twice_spin(max_degree, "max_degree")
        check_count(top + 1, f"the irreps of degree <= {spin_text(top)}")
        return [_spin(t) for t in range(top + 1) if basis == "complex" or t % 2 == 0]

    def _check_label(self, label: tuple, basis: str) -> Any:
        if len(label) != 1:
            raise SelectionRuleError(f"SU(2) irreps are labelled by one spin j, got {label}")
        two = twice_spin(label[0])
        if basis == "real" and two % 2:
            raise SelectionRuleError(
                f"j = {spin_text(two)} is half-integer: it has no real form (quaternionic type)"
            )
        return _spin(two)

    def _irrep_dim(self, j: Any, basis: str) -> int:
        return _two(j) + 1

    def _irrep_name(self, j: Any, basis: str) -> str:
        return f"D{spin_text(_two(j))}" + ("r" if basis == "real" else "")

    def _irrep_float(self, j: Any, basis: str, key: Any) -> np.ndarray:
        return self._wigner_float(_two(j), basis, key)

    def _irrep_exact(self, j: Any, basis: str, key: Any) -> sp.ImmutableMatrix:
        return self._wigner_exact(_two(j), basis, key)

    def _irrep_type(self, j: Any, basis: str) -> str:
        return "quaternionic" if _two(j) % 2 else "real"

    def _irrep_symbol(self, j: Any) -> str:
        return spin_text(_two(j))

    def _irrep_lie(self, j: Any, basis: str) -> np.ndarray:
        return self._wigner_lie(_two(j), basis)

    def _irrep_degree(self, j: Any) -> Fraction:
        return Fraction(_two(j), 2)

    def _irrep_product(self, a: Any, b: Any, basis: str, exact: bool) -> tuple[Any, list]:
        C, twos = self._wigner_product(_two(a), _two(b), basis, exact)
        return C, [_spin(t) for t in twos]

    def _irrep_complexify(self, j: Any, exact: bool) -> tuple[Any, list]:
        """D^j_real = U D^j Uᴴ with U = ``real_basis_change(j)`` (integer j)."""
        return real_basis_change(_two(j) // 2, exact=exact), [j]

    def _irrep_conjugate(self, j: Any, basis: str, exact: bool) -> tuple[Any, Any]:
        return self._wigner_conjugate(_two(j), basis, exact), j

    def _trivial_label(self) -> Any:
        return 0

    def _natural_float(self, key: Any) -> np.ndarray:
        return self._data(key)

    def _natural_exact(self, key: Any) -> sp.ImmutableMatrix:
        return self._wigner_exact(1, "complex", key)

    def _natural_parts(self, exact: bool) -> tuple[Any, Any, str]:
        return (sp.eye(2) if exact else np.eye(2)), Fraction(1, 2), "complex"

    def _natural_lie(self) -> np.ndarray:
        return self._wigner_lie(1, "complex")
