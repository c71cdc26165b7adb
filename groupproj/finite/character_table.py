r"""Exact character tables of finite groups by Dixon's method.

Method
------
Let :math:`C_1 = \{1\}, \dots, C_r` be the conjugacy classes with sizes :math:`h_j`,
representatives :math:`g_j`, and let :math:`e` be the group exponent. The central character
:math:`\omega_\chi(C_j) = h_j \chi(g_j) / \chi(1)` of each irreducible character is a common
eigenvector of the class matrices :math:`(M_j)_{ik} = c_{ijk}` (Burnside). Dixon's method
computes these eigenvectors over GF(p) for a prime :math:`p \equiv 1 \pmod e` with
:math:`p > 2\sqrt{N}`, by splitting GF(p)^r into simultaneous eigenspaces. The degree follows
from :math:`\chi(1)^2 \sum_j \omega_j \omega_{j'} / h_j = N` (:math:`j'` the class of inverses),
which has a unique solution :math:`0 < \chi(1) < p/2`. Fixing a primitive e-th root of unity
:math:`z` in GF(p) as the image of :math:`\zeta_e = e^{2\pi i/e}`, the multiplicity of
:math:`\zeta_o^k` as an eigenvalue of :math:`\rho(g)` for :math:`g` of order :math:`o` is

.. math:: m_k = \frac{1}{o} \sum_{l=0}^{o-1} \chi(g^l)\, \zeta_o^{-kl},

an integer in :math:`[0, \chi(1)]`, hence recovered exactly from its residue mod p, and
:math:`\chi(g) = \sum_k m_k \zeta_o^k`.

The result is checked exactly: row and column orthogonality hold in :math:`\mathbb{Z}[\zeta_e]`
(verified under every embedding into GF(q) for a prime :math:`q \equiv 1 \pmod e` larger than
the coefficient bound :math:`N^2 + N`, which forces the cyclotomic integers to vanish), the
degrees divide :math:`N` and their squares sum to :math:`N`.

Row order: by degree, then by decreasing float values class by class, so the trivial character
comes first. Columns follow :func:`groupproj.finite.classes.conjugacy_classes`.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import sympy

from groupproj._display import html_table, text_table
from groupproj.errors import (
    ComputationError,
    GroupTooLargeError,
    NotAHomomorphismError,
)
from groupproj.finite.classes import (
    class_index,
    class_quotients,
    conjugacy_classes,
    element_orders,
)
from groupproj.finite.modular import charpoly_mod, nullspace_mod, roots_mod, rref_mod

__all__ = ["CharacterTable", "character_table", "relabelled", "reordered_classes", "REAL_TYPES"]

REAL_TYPES = {1: "real", 0: "complex", -1: "quaternionic"}
_INDICATOR_MARK = {1: "+", 0: "o", -1: "-"}


@dataclass(frozen=True, eq=False)
class CharacterTable:
    """Character table of a finite group.

    Attributes
    ----------
    order : int
        Group order ``N``.
    exponent : int
        Group exponent ``e`` (lcm of element orders).
    classes : tuple of tuple of int, or None
        Conjugacy classes (element indices), identity class first; ``None`` for a table
        computed without enumerating the group (S_n by cycle types).
    class_sizes : tuple of int
        Class sizes ``h_j``.
    class_orders : tuple of int
        Order of the elements of each class.
    values : tuple of tuple of sympy.Expr
        ``values[i][j] = chi_i(g_j)`` exactly, as sums of roots of unity.
    values_float : (r, r) complex128 array, read-only
        The same values in floating point.
    indicators : tuple of int
        Frobenius-Schur indicators (1, 0 or -1).
    coefficients : (r, r, exponent) int array or None, read-only
        ``values[i][j] = sum_k coefficients[i, j, k] * zeta_e^k`` with
        ``zeta_e = exp(2 pi i / exponent)``: the multiplicities of the eigenvalues, the exact
        form used for arithmetic (:mod:`groupproj.finite.cyclotomic`). ``None`` for a table
        given by integer values alone.
    labels : tuple of str or None
        A name for each row (the irrep's label, printed in place of ``X.1, X.2, ...``).
    class_labels : tuple of str or None
        A name for each column, printed in place of :attr:`class_names`' ATLAS names.
    """

    order: int
    exponent: int
    classes: tuple[tuple[int, ...], ...]
    class_sizes: tuple[int, ...]
    class_orders: tuple[int, ...]
    values: tuple[tuple[sympy.Expr, ...], ...]
    values_float: np.ndarray
    indicators: tuple[int, ...]
    coefficients: np.ndarray | None = None
    labels: tuple[str, ...] | None = None
    class_labels: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        self.values_float.setflags(write=False)
        if self.coefficients is not None:
            self.coefficients.setflags(write=False)

    def __repr__(self) -> str:
        return (
            f"<CharacterTable: order {self.order}, {len(self.class_sizes)} classes, "
            f"degrees {self.degrees}>"
        )

    @property
    def representatives(self) -> tuple[int, ...]:
        """Smallest element index of each class."""
        if self.classes is None:
            raise GroupTooLargeError(
                "this table was computed without enumerating the group, so its classes have "
                "no element indices; use G.conjugacy_classes() for representatives"
            )
        return tuple(c[0] for c in self.classes)

    @property
    def row_labels(self) -> tuple[str, ...]:
        """:attr:`labels`, or ``X.1, X.2, ...`` where none were given."""
        return self.labels or tuple(f"X.{i + 1}" for i in range(len(self.class_sizes)))

    @property
    def degrees(self) -> tuple[int, ...]:
        """Degrees ``chi_i(1)``."""
        return tuple(int(v) for v in self.values_float[:, 0].real.round())

    @cached_property
    def rational(self) -> tuple[bool, ...]:
        """Whether each character takes rational (hence integer) values only."""
        if self.coefficients is None:
            return (True,) * len(self.class_sizes)
        from groupproj.finite.cyclotomic import reduction

        canonical = self.coefficients @ reduction(self.exponent)
        return tuple(bool(x) for x in ~canonical[..., 1:].any(axis=(1, 2)))

    @property
    def real_types(self) -> tuple[str, ...]:
        """``"real"``, ``"complex"`` or ``"quaternionic"`` for each character."""
        return tuple(REAL_TYPES[i] for i in self.indicators)

    @property
    def class_names(self) -> tuple[str, ...]:
        """:attr:`class_labels` if given, else ATLAS-style names: element order then a letter,
        e.g. ``1a, 2a, 2b, 3a``."""
        if self.class_labels is not None:
            return self.class_labels
        names = []
        seen: dict[int, int] = {}
        for o in self.class_orders:
            k = seen.get(o, 0)
            seen[o] = k + 1
            names.append(f"{o}{_letters(k)}")
        return tuple(names)

    def _cells(self) -> tuple[list[str], list[list[str]]]:
        header = ["", "", *self.class_names]
        rows = [["", "size", *map(str, self.class_sizes)]]
        for i, row in enumerate(self.values):
            mark = _INDICATOR_MARK[self.indicators[i]]
            rows.append([mark, self.row_labels[i], *(sympy.sstr(v) for v in row)])
        return header, rows

    def __str__(self) -> str:
        return text_table(*self._cells())

    def _repr_html_(self) -> str:
        return html_table(*self._cells())

    def _repr_latex_(self) -> str:
        cols = "c" * (len(self.class_sizes) + 2)
        lines = [
            " & ".join(["", "", *(latex_label(c) for c in self.class_names)]),
            " & ".join(["", r"|C|", *map(str, self.class_sizes)]),
        ]
        for i, row in enumerate(self.values):
            mark = _INDICATOR_MARK[self.indicators[i]]
            name = latex_label(self.labels[i]) if self.labels else rf"\chi_{{{i + 1}}}"
            lines.append(" & ".join([mark, name, *(sympy.latex(v) for v in row)]))
        body = r" \\ ".join(lines)
        return rf"$\begin{{array}}{{{cols}}} {body} \end{{array}}$"


def relabelled(
    table: CharacterTable, order: Sequence[int], labels: tuple[str, ...]
) -> CharacterTable:
    """The same table with rows ``order[0], order[1], ...`` and the given row labels."""
    order = [int(i) for i in order]
    coefficients = None if table.coefficients is None else table.coefficients[order].copy()
    return dataclasses.replace(
        table,
        values=tuple(table.values[i] for i in order),
        values_float=np.ascontiguousarray(table.values_float[order]),
        indicators=tuple(table.indicators[i] for i in order),
        coefficients=coefficients,
        labels=labels,
    )


def reordered_classes(
    table: CharacterTable, order: Sequence[int], class_labels: tuple[str, ...] | None = None
) -> CharacterTable:
    """The same table with columns ``order[0], order[1], ...`` (the identity's stays first)."""
    order = [int(j) for j in order]
    if order[0] != 0 or sorted(order) != list(range(len(order))):
        raise ComputationError(
            f"{order} is not a reordering of the classes keeping the identity first"
        )
    return dataclasses.replace(
        table,
        classes=None if table.classes is None else tuple(table.classes[j] for j in order),
        class_sizes=tuple(table.class_sizes[j] for j in order),
        class_orders=tuple(table.class_orders[j] for j in order),
        values=tuple(tuple(row[j] for j in order) for row in table.values),
        values_float=np.ascontiguousarray(table.values_float[:, order]),
        coefficients=None if table.coefficients is None else table.coefficients[:, order].copy(),
        class_labels=class_labels,
    )


_SUPERSCRIPT = {"¹": "1", "²": "2"}


def latex_label(text: str) -> str:
    r"""A label written for LaTeX: Mulliken subscripts and primes, pre-superscripts, Greek.

    >>> latex_label("A1g"), latex_label("E''"), latex_label("¹E'"), latex_label("2C3")
    ('A_{1g}', "E''", "{}^{1}E'", '2C_{3}')
    """
    pre = ""
    if text[:1] in _SUPERSCRIPT:
        pre, text = f"{{}}^{{{_SUPERSCRIPT[text[0]]}}}", text[1:]
    text = text.replace("χ", r"\chi_").replace("σ", r"\sigma_").replace("⊗", r"\otimes ")
    match = re.fullmatch(r"(\d*)([A-Z]|\\sigma_|\\chi_)([0-9a-z]*)(.*)", text)
    if match and match.group(3):
        count, letter, sub, rest = match.groups()
        return f"{pre}{count}{letter.rstrip('_')}_{{{sub}}}{rest}"
    return pre + text.replace("_", "")


def _letters(k: int) -> str:
    s = ""
    k += 1
    while k:
        k, rem = divmod(k - 1, 26)
        s = chr(ord("a") + rem) + s
    return s


def _prime_one_mod(e: int, above: int) -> int:
    """Smallest prime ``q = 1 (mod e)`` with ``q > above``."""
    q = (above // e + 1) * e + 1
    while not sympy.isprime(q):
        q += e
    return q


def _root_multiplicity(poly: np.ndarray, lam: int, p: int) -> int:
    """Multiplicity of the root ``lam`` of ``poly`` (coefficients lowest first) over GF(p)."""
    coeffs = [int(c) for c in poly]
    count = 0
    while len(coeffs) > 1:
        quotient = [0] * (len(coeffs) - 1)
        carry = 0
        for i in range(len(coeffs) - 1, 0, -1):
            carry = (coeffs[i] + lam * carry) % p
            quotient[i - 1] = carry
        if (coeffs[0] + lam * carry) % p:
            break
        coeffs, count = quotient, count + 1
    return count


def _eigenspaces(a: np.ndarray, roots: list[int], mults: list[int], p: int, rng) -> list:
    """Basis (columns) of each eigenspace of the diagonalisable ``a``, or ``None`` if missed.

    With ``g(t) = prod (t - lam)`` over the distinct eigenvalues and random ``X`` with
    ``max(mults)`` columns, ``prod_{mu != lam}(a - mu) X = sum_i b_{lam,i} a^i X`` lies in
    the ``lam``-eigenspace and generically spans it, where ``b_lam`` holds the coefficients of
    ``g(t) / (t - lam)``. Cost ``O(s^2 k b)`` for ``k`` eigenvalues and ``b`` columns.
    """
    s, k, b = a.shape[0], len(roots), max(mults)
    krylov = np.zeros((k, s, b), dtype=np.int64)
    krylov[0] = rng.integers(0, p, (s, b))
    for i in range(1, k):
        krylov[i] = a @ krylov[i - 1] % p
    lam = np.array(roots, dtype=np.int64)
    g = np.array([1], dtype=np.int64)
    for mu in roots:
        g = (np.concatenate([[0], g]) - mu * np.concatenate([g, [0]])) % p
    quotients = np.zeros((k, k), dtype=np.int64)
    quotients[k - 1] = 1
    for i in range(k - 1, 0, -1):
        quotients[i - 1] = (g[i] + lam * quotients[i]) % p
    images = np.tensordot(quotients.T, krylov, axes=1) % p  # (k, s, b)
    spaces = []
    for image, m in zip(images, mults):
        ech, piv = rref_mod(image.T, p)
        spaces.append(ech[:m].T.copy() if len(piv) == m else None)
    return spaces


def _split_eigenspaces(cls: np.ndarray, quotients: np.ndarray, p: int) -> np.ndarray:
    """Common eigenvectors of the class matrices over GF(p), normalised to 1 at the identity.

    ``sum_j w_j M_j`` has entries ``sum_{x in C_i} w[class of x^{-1} z_k]``, computed from the
    class quotients in ``O(N r)`` without the ``r^3`` coefficient tensor. A random combination
    usually has distinct eigenvalues and splits everything at once; the class matrices
    themselves then split what is left. Returns an ``(r, r)`` array whose rows are the central
    characters mod p.
    """
    r = quotients.shape[1]
    members = np.zeros((r, len(cls)))
    members[cls, np.arange(len(cls))] = 1.0

    def class_matrix(weights: np.ndarray) -> np.ndarray:
        return np.rint(members @ (weights % p)[quotients].astype(float)).astype(np.int64) % p

    rng = np.random.default_rng(0)
    mats = itertools.chain(
        [class_matrix(rng.integers(0, p, r))],
        (class_matrix(np.eye(r, dtype=np.int64)[j]) for j in range(1, r)),
    )
    spaces = [(np.eye(r, dtype=np.int64), list(range(r)))]
    for m in mats:
        if all(b.shape[1] == 1 for b, _ in spaces):
            break
        new = []
        for basis, pivots in spaces:
            s = basis.shape[1]
            if s == 1:
                new.append((basis, pivots))
                continue
            a = (m @ basis % p)[pivots]
            poly = charpoly_mod(a, p)
            roots = roots_mod(poly, p)
            mults = [_root_multiplicity(poly, lam, p) for lam in roots]
            found = _eigenspaces(a, roots, mults, p, rng)
            pieces = []
            for lam, kernel in zip(roots, found):
                if kernel is None:
                    kernel = nullspace_mod(a - lam * np.eye(s, dtype=np.int64), p)
                ech, piv = rref_mod((basis @ kernel % p).T, p)
                pieces.append((ech[: len(piv)].T.copy(), piv))
            if sum(b.shape[1] for b, _ in pieces) != s:
                raise ComputationError("class algebra is not split semisimple mod p")
            new.extend(pieces)
        spaces = new
    if any(b.shape[1] != 1 for b, _ in spaces):
        raise ComputationError("class matrices do not separate the characters mod p")
    omegas = np.array([b[:, 0] for b, _ in spaces], dtype=np.int64)
    return omegas * np.array([pow(int(w), -1, p) for w in omegas[:, 0]])[:, None] % p


@lru_cache(maxsize=4096)
def _cyclotomic_expr(exponents: tuple[tuple[int, int], ...], e: int) -> sympy.Expr:
    """``sum m * zeta_e^k`` for pairs ``(k, m)`` as a sympy expression."""
    total = sympy.Integer(0)
    for k, m in exponents:
        angle = 2 * sympy.pi * sympy.Rational(k, e)
        total += m * (sympy.cos(angle) + sympy.I * sympy.sin(angle))
    return sympy.expand(total)


def _embeddings(mults: np.ndarray, e: int, q: int) -> dict[int, np.ndarray]:
    """Images of the cyclotomic integers ``mults @ zeta_e^l`` under every embedding into GF(q).

    Returns ``{k: (r, r) int array}`` for ``k`` coprime to ``e``, where ``zeta_e -> w^k``.
    """
    w = pow(int(sympy.primitive_root(q)), (q - 1) // e, q)
    r = mults.shape[0]
    flat = mults.reshape(r * r, e)
    out = {}
    for k in range(e):
        if math.gcd(k, e) == 1:
            powers = np.array([[pow(w, k * l, q)] for l in range(e)], dtype=np.int64)
            out[k] = _matmul_mod(flat, powers, q).reshape(r, r)
    return out


def _matmul_mod(a: np.ndarray, b: np.ndarray, q: int) -> np.ndarray:
    """``a @ b mod q`` for entries in ``0 .. q-1``, exactly (float64 BLAS when it is exact)."""
    if q * q * a.shape[1] < 2**53:
        return np.rint(a.astype(float) @ b.astype(float)).astype(np.int64) % q
    return a.astype(object) @ b.astype(object) % q


def _verify(
    emb: dict[int, np.ndarray], sizes: np.ndarray, degrees: np.ndarray, n: int, e: int, q: int
) -> None:
    """Exact checks of the table; raises if any fails."""
    r = len(sizes)
    if sum(int(d) ** 2 for d in degrees) != n or any(n % int(d) for d in degrees):
        raise ComputationError("degrees do not satisfy sum d^2 = N with d | N")
    row_target = np.diag([n % q] * r)
    col_target = np.diag([n // int(x) % q for x in sizes])
    for k, vals in emb.items():
        conj = emb[(-k) % e]
        if (_matmul_mod(vals * np.asarray(sizes) % q, conj.T, q) != row_target).any():
            raise ComputationError("row orthogonality fails")
        if (_matmul_mod(vals.T, conj, q) != col_target).any():
            raise ComputationError("column orthogonality fails")


def character_table(
    mult: np.ndarray, inv: np.ndarray, generators: Sequence[int]
) -> CharacterTable:
    """Exact character table of a finite group from its Cayley table (Dixon's method).

    Cost: ``O(N r)`` for classes and class quotients, ``O(N r^2)`` per class matrix,
    ``O(r^3)`` for the eigenspace splitting mod p when one random combination of class
    matrices separates the characters (``O(r^4)`` at worst), ``O(p r)`` per root search, and
    ``O(r^2 e phi(e))`` for the exact verification; ``r`` classes, exponent ``e``, and
    ``p = 1 (mod e)`` the smallest prime above ``max(2 sqrt(N), min(r^2, 10^5))``.

    Parameters
    ----------
    mult : (N, N) int array
        Cayley table, ``mult[a, b]`` the index of ``a*b``; identity at index 0.
    inv : (N,) int array
        Index of each inverse.
    generators : sequence of int
        Indices of a generating set.

    Returns
    -------
    CharacterTable

    Examples
    --------
    >>> import numpy as np
    >>> mult = np.add.outer(np.arange(3), np.arange(3)) % 3
    >>> t = character_table(mult, np.array([0, 2, 1]), [1])
    >>> t.values[1]
    (1, -1/2 + sqrt(3)*I/2, -1/2 - sqrt(3)*I/2)
    >>> t.indicators
    (1, 0, 0)
    """
    mult = np.asarray(mult, dtype=np.int64)
    inv = np.asarray(inv, dtype=np.int64)
    n = mult.shape[0]
    if (mult[np.arange(n), inv] != 0).any():
        raise NotAHomomorphismError("inv[a] is not the inverse of a in mult")
    classes = conjugacy_classes(mult, inv, generators)
    r = len(classes)
    cls = class_index(classes, n)
    sizes = np.array([len(c) for c in classes], dtype=np.int64)
    reps = np.array([c[0] for c in classes], dtype=np.int64)
    orders = element_orders(mult)[reps]
    e = math.lcm(*(int(o) for o in orders))
    p = _prime_one_mod(e, max(2 * math.isqrt(n) + 1, min(r * r, 10**5)))

    omegas = _split_eigenspaces(cls, class_quotients(mult, inv, classes), p)
    if omegas.shape[0] != r:
        raise ComputationError("number of characters differs from number of classes")
    inv_class = cls[inv[reps]]
    inv_sizes = np.array([pow(int(h), -1, p) for h in sizes], dtype=np.int64)
    norms = (omegas * omegas[:, inv_class] % p) @ inv_sizes % p
    degrees = np.zeros(r, dtype=np.int64)
    for i, s in enumerate(norms):
        target = n * pow(int(s), -1, p) % p
        found = [d for d in range(1, math.isqrt(n) + 1) if d * d % p == target]
        if len(found) != 1:
            raise ComputationError("no unique degree mod p; the table data may be inconsistent")
        degrees[i] = found[0]
    theta = omegas * degrees[:, None] % p * inv_sizes % p

    z = pow(int(sympy.primitive_root(p)), (p - 1) // e, p)
    mults = np.zeros((r, r, e), dtype=np.int64)
    for j, g in enumerate(reps):
        o = int(orders[j])
        power_classes = []
        x = 0
        for _ in range(o):
            power_classes.append(int(cls[x]))
            x = int(mult[x, g])
        zo = pow(z, e // o, p)
        table = np.array([[pow(zo, -k * l % o, p) for k in range(o)] for l in range(o)])
        m = theta[:, power_classes] @ table % p * pow(o, -1, p) % p
        if (m > degrees[:, None]).any():
            raise ComputationError("eigenvalue multiplicities out of range")
        mults[:, j, :: e // o] = m

    q = _prime_one_mod(e, n * n + n)
    emb = _embeddings(mults, e, q)
    _verify(emb, sizes, degrees, n, e, q)
    indicators = []
    squares = cls[mult[reps, reps]]
    for i in range(r):
        totals = {int(v[i, squares] @ sizes % q) for v in emb.values()}
        nu = {t if t <= q // 2 else t - q for t in totals}
        if len(nu) != 1 or next(iter(nu)) not in (-n, 0, n):
            raise ComputationError("Frobenius-Schur indicator is not in {1, 0, -1}")
        indicators.append(next(iter(nu)) // n)

    angles = 2 * np.pi * np.arange(e) / e
    flat = mults.reshape(r * r, e).astype(float)
    values_float = (flat @ np.cos(angles) + 1j * (flat @ np.sin(angles))).reshape(r, r)
    rounded = -np.round(values_float, 8)
    keys = np.stack([rounded.real, rounded.imag], axis=2).reshape(r, 2 * r)
    order = np.lexsort([*keys.T[::-1], degrees]).tolist()
    exprs: dict[bytes, sympy.Expr] = {}
    for vec in mults.reshape(r * r, e):
        key = vec.tobytes()
        if key not in exprs:
            exprs[key] = _cyclotomic_expr(
                tuple((int(k), int(vec[k])) for k in np.nonzero(vec)[0]), e
            )
    values = tuple(tuple(exprs[mults[i, j].tobytes()] for j in range(r)) for i in order)
    return CharacterTable(
        order=n,
        exponent=e,
        classes=classes,
        class_sizes=tuple(int(h) for h in sizes),
        class_orders=tuple(int(o) for o in orders),
        values=values,
        values_float=np.ascontiguousarray(values_float[order]),
        indicators=tuple(indicators[i] for i in order),
        coefficients=np.ascontiguousarray(mults[order]),
    )
