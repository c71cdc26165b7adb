r"""Exact unitary irreducible representations of a finite group from its exact character table.

Method
------
Let :math:`\chi` be an irreducible character of degree ``d``, ``H`` a subgroup and
:math:`\lambda` a linear character of ``H`` with :math:`\langle \chi|_H, \lambda \rangle = 1`.
By Frobenius reciprocity the monomial representation :math:`M = \operatorname{Ind}_H^G \lambda`
(dimension :math:`n = [G:H]`; on the cosets :math:`t_j H`, :math:`M(g) e_j = \lambda(h) e_i`
where :math:`g t_j = t_i h`) holds exactly one copy of :math:`\chi`, and its isotypic projector

.. math:: P = \frac{d}{|G|} \sum_g \overline{\chi(g)}\, M(g)

is the orthogonal projector onto that copy. Every column :math:`v_j = P e_j` lies in it, with
:math:`\|v_j\|^2 = P_{jj} = d/n`. When ``d`` columns ``J`` are mutually orthogonal
(:math:`P_{jk} = 0`), :math:`u_k = \sqrt{n/d}\, v_{J_k}` is an orthonormal basis of the copy
and

.. math:: \rho(g)_{kl} = \langle u_k, M(g) u_l \rangle
          = \tfrac{n}{d}\, \lambda(h)\, \overline{P_{i, J_k}} \quad (g t_{J_l} = t_i h),

a unitary irrep with entries in :math:`\mathbb{Q}(\zeta_e)`, ``e`` the exponent, with no square
root anywhere. ``H`` runs over the cyclic and the two-generated abelian subgroups, larger
first, and :math:`\lambda` over their characters; for a character of indicator 1 the
real-valued :math:`\lambda` come first (then ``P`` and :math:`\rho` are real: an orthogonal real
form), and if no abelian subgroup has one, two-generated non-abelian subgroups and their linear
characters are searched as well. ``J`` is found by a depth-first search for ``d`` mutually
orthogonal columns. Where no candidate has them, the columns are made orthogonal by
fraction-free Gram-Schmidt, and the basis vectors' norms :math:`r_k` (positive numbers of the
field, rational for a rational character and a real :math:`\lambda`) enter as
:math:`\rho(g)_{kl} = \langle w_k, M(g) w_l \rangle / \sqrt{r_k r_l}`.

Exactness
---------
All arithmetic is on integers (coefficients in :math:`\mathbb{Q}(\zeta_e)`, see
:mod:`groupproj.finite.cyclotomic`). Each result is verified exactly: its trace is the
character on every class, and :math:`\rho(g)\rho(s) = \rho(gs)` for every element ``g`` and
generator ``s`` (every edge of the Cayley graph), so it is a homomorphism.

Cost
----
Per irrep: ``O(|G| e)`` per column of ``P`` (a few dozen columns at most in practice),
``O(|G| d^2 \varphi(e))`` for the matrices of all elements and ``O(|G|\,|S|\,d^3 \varphi(e)^2)``
for the check; the subgroup search is ``O(r |G|)``. Memory ``O(|G| d^2 \varphi(e))``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from groupproj.errors import NotAHomomorphismError
from groupproj.finite.character_table import CharacterTable
from groupproj.finite.classes import class_index
from groupproj.finite.cyclotomic import conjugation, product_table, reduction

__all__ = ["ExactIrrep", "exact_irreps"]

MAX_SEARCH_NODES = 4000
"""Depth-first search nodes spent on one (subgroup, character) pair before the next is tried."""
MAX_SUBGROUPS = 400
"""Distinct subgroups examined per search (abelian ones; then non-abelian ones for real forms)."""


@dataclass(frozen=True, eq=False)
class ExactIrrep:
    r"""One exact unitary irrep over :math:`\mathbb{Q}(\zeta_e)` and square roots of norms.

    ``rho(g)[k, l] = numerators[g, k, l] / (denominator * sqrt(norms[k] * norms[l]))``, where
    the numerators and the positive real ``norms`` are canonical coefficients in
    :math:`\mathbb{Q}(\zeta_e)` (power basis mod :math:`\Phi_e`, see
    :mod:`groupproj.finite.cyclotomic`).
    The norms are all 1 when ``d`` mutually orthogonal projector columns were found (then the
    entries lie in :math:`\mathbb{Q}(\zeta_e)` itself); otherwise they are those of an
    orthogonal basis found by Gram-Schmidt.

    Attributes
    ----------
    degree : int
    exponent : int
        ``e``.
    numerators : (N, d, d, φ(e)) int array, read-only
        One matrix per element, in element index order.
    denominator : int
    norms : (d, φ(e)) int array, read-only
    real : bool
        Whether every matrix is real (then real orthogonal).
    subgroup_order : int
        ``|H|``: the irrep was cut out of a representation induced from a subgroup of this order.
    """

    degree: int
    exponent: int
    numerators: np.ndarray
    denominator: int
    norms: np.ndarray
    real: bool
    subgroup_order: int

    def __post_init__(self) -> None:
        self.numerators.setflags(write=False)
        self.norms.setflags(write=False)

    def __repr__(self) -> str:
        field = "real" if self.real else f"Q(zeta_{self.exponent})"
        return (
            f"<ExactIrrep degree {self.degree} over {field}, {len(self.numerators)} matrices, "
            f"from a subgroup of order {self.subgroup_order}>"
        )

    @property
    def normalised(self) -> bool:
        """Whether every norm is 1 (entries in the cyclotomic field, no square roots)."""
        return bool(np.all(self.norms[:, 1:] == 0) and np.all(self.norms[:, 0] == 1))


class _Subgroup:
    """A subgroup ``H``: its elements, its left cosets in G and its linear characters.

    ``characters`` holds, per character, the exponent ``s`` of ``lambda(x) = zeta_e^s`` for every
    element ``x`` of G (``-1`` outside ``H``). ``coset[x]`` is the coset of ``x`` and ``part[x]``
    the element ``h`` of ``H`` with ``x = t_coset h``.
    """

    def __init__(self, elements: np.ndarray, characters: list[np.ndarray], mult: np.ndarray):
        n_g = mult.shape[0]
        self.elements = elements
        self.characters = characters
        coset = np.full(n_g, -1, dtype=np.int64)
        part = np.zeros(n_g, dtype=np.int64)
        reps = []
        for x in range(n_g):
            if coset[x] < 0:
                members = mult[x, elements]
                coset[members] = len(reps)
                part[members] = elements
                reps.append(x)
        self.coset, self.part, self.reps = coset, part, np.array(reps, dtype=np.int64)


def _generated(mult: np.ndarray, gens: tuple[int, ...], e: int) -> tuple[np.ndarray, list]:
    """The subgroup generated by ``gens`` and its linear characters.

    The elements are found by breadth-first search, each reached by a word with ``c_t(x)``
    letters ``gens[t]``; a character with ``lambda(gens[t]) = zeta_e^{a_t}`` is then
    ``lambda(x) = sum_t a_t c_t(x)``, kept when it is consistent along every edge
    ``x -> x s`` of the Cayley graph (a linear condition on ``a``, checked for all ``a`` at once).
    """
    k = len(gens)
    units = [tuple(int(t == u) for u in range(k)) for t in range(k)]
    counts: dict[int, tuple[int, ...]] = {0: (0,) * k}
    queue, deltas = [0], set()
    rows = mult[:, list(gens)].tolist()
    while queue:
        x = queue.pop()
        cx = counts[x]
        for t, y in enumerate(rows[x]):
            step = tuple(a + b for a, b in zip(cx, units[t]))
            cy = counts.get(y)
            if cy is None:
                counts[y] = step
                queue.append(y)
            elif cy != step:
                deltas.add(tuple(a - b for a, b in zip(step, cy)))
    orders = [len(_powers(mult, s)) for s in gens]
    grids = np.meshgrid(*(np.arange(0, e, e // o) for o in orders), indexing="ij")
    choices = np.stack([g.ravel() for g in grids], axis=1)  # (choices, k)
    if deltas:
        choices = choices[~((choices @ np.array(sorted(deltas)).T) % e).any(axis=1)]
    elements = np.array(sorted(counts), dtype=np.int64)
    words = np.array([counts[x] for x in elements.tolist()], dtype=np.int64)
    chars = []
    for a in choices:
        lam = np.full(mult.shape[0], -1, dtype=np.int64)
        lam[elements] = (words @ a) % e
        chars.append(lam)
    return elements, chars


def _powers(mult: np.ndarray, g: int) -> list[int]:
    out, x = [0], int(g)
    while x != 0:
        out.append(x)
        x = int(mult[x, g])
    return out


def _pairs(mult: np.ndarray, reps: Sequence[int], commuting: bool):
    """Generating sets (g,) and (g, h): ``g`` a class representative, ``h`` outside ⟨g⟩ (and
    commuting with ``g`` when ``commuting``)."""
    yield from ((int(g),) for g in reps)
    for g in reps:
        if g:
            others = np.flatnonzero(mult[g] == mult[:, g]) if commuting else range(1, len(mult))
            cyclic = set(_powers(mult, int(g)))
            yield from ((int(g), int(h)) for h in others if int(h) not in cyclic)


def _subgroups(mult: np.ndarray, e: int, reps: Sequence[int], commuting: bool, skip=()):
    """Distinct subgroups generated by :func:`_pairs`, at most :data:`MAX_SUBGROUPS`, lazily in
    that order; those whose element sets are in ``skip`` are passed over."""
    seen = set(skip)
    for gens in _pairs(mult, reps, commuting):
        if len(seen) >= MAX_SUBGROUPS:
            return
        elements, chars = _generated(mult, gens, e)
        key = frozenset(elements.tolist())
        if key not in seen:
            seen.add(key)
            yield _Subgroup(elements, chars, mult)


class _Induced:
    """The isotypic projector P of chi in Ind_H^G lambda, column by column, scaled by |G|/d.

    Arithmetic is in Q(zeta_f): ``f`` is the table's exponent, or, for a rational character,
    the order of the values of lambda (so that a rational character induced from a real
    lambda is computed over Q).
    """

    def __init__(self, mult, sub: _Subgroup, lam: np.ndarray, table: CharacterTable, row, cls):
        e = table.exponent
        values = lam[sub.elements]
        rational = table.rational[row]
        f = e // math.gcd(e, *values.tolist()) if rational else e
        self.mult, self.sub, self.f = mult, sub, f
        self.lam = np.where(lam >= 0, lam // (e // f), -1)
        if rational:
            conj_chi = np.zeros((len(cls), f), dtype=np.int64)
            conj_chi[:, 0] = table.values_float[row].real.round().astype(np.int64)[cls]
        else:
            conj_chi = table.coefficients[row][cls][:, (-np.arange(e)) % e]
        self.conj_chi = conj_chi
        self.red = reduction(f)
        self._columns: dict[int, np.ndarray] = {}
        self._zeros: dict[int, set] = {}

    @property
    def index(self) -> int:
        return len(self.sub.reps)

    def image(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """For every g: the coset i and the exponent s with g t_j = t_i h, lambda(h) = zeta_f^s."""
        ys = self.mult[:, self.sub.reps[j]]
        return self.sub.coset[ys], self.lam[self.sub.part[ys]]

    def column(self, j: int) -> np.ndarray:
        """(|G|/d) P e_j in canonical coefficients, shape (n, φ(f))."""
        if j not in self._columns:
            f = self.f
            i, s = self.image(j)
            col = np.zeros((self.index, f), dtype=np.int64)
            shift = (np.arange(f)[None, :] + s[:, None]) % f
            np.add.at(col, (i[:, None], shift), self.conj_chi)
            self._columns[j] = col @ self.red
        return self._columns[j]

    def zeros(self, j: int) -> set:
        """The rows i with P_ij = 0."""
        if j not in self._zeros:
            self._zeros[j] = set(np.flatnonzero(~self.column(j).any(axis=1)).tolist())
        return self._zeros[j]

    def orthogonal_columns(self, d: int) -> list[int]:
        """The largest set (up to d) of mutually orthogonal columns, column 0 first, by a
        depth-first search of at most :data:`MAX_SEARCH_NODES` nodes."""
        best: list[list[int]] = [[0]]
        budget = [MAX_SEARCH_NODES]

        def extend(chosen: list[int], candidates: list[int]) -> bool:
            if len(chosen) > len(best[0]):
                best[0] = chosen
            if len(chosen) == d:
                return True
            for pos, j in enumerate(candidates):
                budget[0] -= 1
                if budget[0] < 0 or len(chosen) + len(candidates) - pos <= len(best[0]):
                    return False
                rest = [k for k in candidates[pos + 1 :] if k in self.zeros(j)]
                if extend([*chosen, j], rest):
                    return True
            return False

        extend([0], sorted(self.zeros(0)))
        return best[0]

    def clique_matrices(self, J: list[int]) -> np.ndarray:
        """(|G|/d)^2 <v_k, M(g) v_l> = (|G|/d) zeta^s conj(column_{J_k}[i]) for every g, with
        g t_{J_l} = t_i h (P is an orthogonal projector), canonical, shape (N, |J|, |J|, φ)."""
        f, d = self.f, len(J)
        out = np.zeros((self.mult.shape[0], d, d, f), dtype=np.int64)
        conj = conjugation(f)
        for l, jl in enumerate(J):
            i, s = self.image(jl)
            phase = self.red[s]
            for k, jk in enumerate(J):
                spanning = np.zeros((len(i), f), dtype=np.int64)
                spanning[:, : phase.shape[1]] = self.column(jk)[i] @ conj
                # multiply by zeta^s: a cyclic shift in the spanning form
                gather = (np.arange(f)[None, :] - s[:, None]) % f
                out[:, k, l, :] = np.take_along_axis(spanning, gather, axis=1)
        return out @ self.red


def _k_mul(a: np.ndarray, b: np.ndarray, ptab: np.ndarray) -> np.ndarray:
    """Products of canonical K elements, broadcast over leading axes."""
    outer = a[..., :, None] * b[..., None, :]
    return outer.reshape(*outer.shape[:-2], -1) @ ptab


def _k_matmul(a: np.ndarray, b: np.ndarray, ptab: np.ndarray) -> np.ndarray:
    """Matrix products over K: ``a (..., p, q, φ)`` times ``b (..., q, r, φ)``."""
    outer = np.einsum("...pqa,...qrb->...prab", a, b)
    return outer.reshape(*outer.shape[:-2], -1) @ ptab


class _GramSchmidt:
    """An orthogonal basis W of the copy of chi and its norms, fraction-free:
    w <- r_k w - <W_k, w> W_k, then divided by its integer content.

    Each ``W_k = sum_a C[k, a] v_{S_a}`` is tracked as a combination of the projector columns
    ``S`` it uses, so that ``<W_k, M(g) W_l> = sum_ab conj(C_ka) C_lb <v_a, M(g) v_b>`` costs
    ``O(d |S|^2)`` per element instead of a sum over the cosets.
    """

    def __init__(self, induced: _Induced, d: int, start: list[int]):
        f = induced.f
        self.ptab, self.conj = product_table(f).astype(object), conjugation(f).astype(object)
        order = start + [j for j in range(induced.index) if j not in start]
        self.columns: list[int] = []
        self.vectors: list[np.ndarray] = []
        self.coefficients: list[np.ndarray] = []  # over self.columns, padded later
        self.norms: list[np.ndarray] = []
        one = np.zeros(self.ptab.shape[1], dtype=object)
        one[0] = 1
        for j in order:
            if len(self.vectors) == d:
                break
            w = induced.column(j).astype(object)
            c = {j: one}
            for v, cv, r in zip(self.vectors, self.coefficients, self.norms):
                x = self.inner(v, w)
                if x.any():
                    w = _k_mul(r, w, self.ptab) - _k_mul(x, v, self.ptab)
                    c = {a: _k_mul(r, y, self.ptab) for a, y in c.items()}
                    for a, y in cv.items():
                        c[a] = c.get(a, 0 * one) - _k_mul(x, y, self.ptab)
            if w.any():
                flat = np.concatenate([w.ravel(), *(y for y in c.values())])
                content = math.gcd(*(int(x) for x in flat[flat != 0]))
                self.vectors.append(w // content)
                self.coefficients.append({a: y // content for a, y in c.items()})
                self.norms.append(self.inner(w // content, w // content))
                self.columns.append(j)

    def inner(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """<x, y> = sum_i conj(x_i) y_i in K."""
        return _k_mul(x @ self.conj, y, self.ptab).sum(axis=0)

    def matrices(self, induced: _Induced) -> np.ndarray:
        """A(g)_kl = <W_k, M(g) W_l> for every g, canonical, shape (N, d, d, φ)."""
        S = self.columns
        zero = np.zeros(self.ptab.shape[1], dtype=object)
        C = np.stack([np.stack([c.get(a, zero) for a in S]) for c in self.coefficients])
        scale = induced.mult.shape[0] // len(self.vectors)  # the columns are (|G|/d) P e_j
        B = induced.clique_matrices(S).astype(object) * scale  # <v_a, M(g) v_b>
        left = _k_matmul((C @ self.conj)[None], B, self.ptab)  # (N, d, |S|, φ)
        return _k_matmul(left, C.transpose(1, 0, 2)[None], self.ptab)


def _verify(A, den, norms, mult, generators, f: int, traces) -> None:
    """Exact checks of U(g) = A(g) / (den sqrt(r_k r_l)): U(g) U(s) = U(g s) on every edge of the
    Cayley graph, i.e. sum_m A(g)_km A(s)_ml prod_{m' != m} r_m' = den prod_m r_m A(gs)_kl, and
    the character on every element."""
    d = A.shape[1]
    small = np.abs(A).max() ** 2 * np.abs(norms).max() ** d * den * d * (d + 1) * f**3 < 2**62
    dtype = np.int64 if small else object  # exact either way: int64 only where it cannot overflow
    ptab = product_table(f).astype(dtype)
    A, norms = A.astype(dtype), norms.astype(dtype)
    one = np.zeros(norms.shape[1], dtype=dtype)
    one[0] = 1
    others = []
    for m in range(d):
        acc = one
        for k in range(d):
            if k != m:
                acc = _k_mul(acc, norms[k], ptab)
        others.append(acc)
    others = np.stack(others)  # (d, φ): prod_{m' != m} r_m'
    total = _k_mul(others[0], norms[0], ptab) * den
    for s in generators:
        right = _k_mul(A[s], others[:, None, :], ptab)  # A(s)_ml prod_{m' != m} r_m'
        prod = _k_matmul(A, right[None], ptab)
        if not np.array_equal(prod, _k_mul(A[mult[:, s]], total, ptab)):
            raise NotAHomomorphismError("an exact irrep failed its homomorphism check")
    diag = np.stack([A[:, k, k, :] for k in range(d)], axis=1)
    trace = _k_mul(diag, others[None, :, :], ptab).sum(axis=1)
    if not np.array_equal(trace, _k_mul(traces.astype(dtype), total, ptab)):
        raise NotAHomomorphismError("an exact irrep does not have its character")


def _candidates(subgroups, chi: np.ndarray, e: int, real_only: bool):
    """(subgroup, character, real) with <chi|_H, lambda> = 1, in the order given; with
    ``real_only``, the first real-valued one only (the subgroups may be a lazy search)."""
    out = []
    for sub in subgroups:
        for lam in sub.characters:
            values = lam[sub.elements]
            real = bool(np.all((2 * values) % e == 0))
            if real_only and not real:
                continue
            zeta = np.exp(-2j * np.pi * values / e)
            if abs(chi[sub.elements] @ zeta / len(values) - 1) < 1e-6:
                out.append((sub, lam, real))
                if real_only:
                    return out
    return out


def _construct(mult, subgroups, row: int, table, cls: np.ndarray, real_only: bool = False):
    """(induced, A, den, norms) for one irrep, or None.

    Preference: for indicator 1, real characters lambda first (orthonormal columns, then
    Gram-Schmidt), so that the irrep comes out real; then, any lambda with orthonormal columns,
    then Gram-Schmidt on the first candidate.
    """
    e, d = table.exponent, table.degrees[row]
    found = _candidates(subgroups, table.values_float[row][cls], e, real_only)
    passes = [[c for c in found if c[2]], found] if table.indicators[row] == 1 else [found]
    for group in passes:
        fallback = None
        for sub, lam, _ in group:
            induced = _Induced(mult, sub, lam, table, row, cls)
            J = induced.orthogonal_columns(d)
            if len(J) == d:
                A = induced.clique_matrices(J)
                norms = np.zeros((d, A.shape[3]), dtype=np.int64)
                norms[:, 0] = 1
                return induced, A, len(sub.elements), norms
            fallback = fallback or (induced, J)
        if fallback is not None:
            induced, J = fallback
            basis = _GramSchmidt(induced, d, J)
            return induced, basis.matrices(induced), 1, np.stack(basis.norms)
    return None


def exact_irreps(
    mult: np.ndarray, inv: np.ndarray, generators: Sequence[int], table: CharacterTable
) -> tuple[ExactIrrep | None, ...]:
    """Exact unitary irreps, one per row of ``table`` (``None`` where no construction was found).

    Parameters
    ----------
    mult, inv : Cayley table and inverses (identity at index 0)
    generators : indices of a generating set
    table : CharacterTable
        The exact table of this Cayley table (with ``coefficients`` and ``classes``).

    See the module docstring for the method, the exact checks and the cost.

    Examples
    --------
    >>> import numpy as np
    >>> from groupproj.finite import character_table
    >>> mult = np.add.outer(np.arange(3), np.arange(3)) % 3
    >>> t = character_table(mult, np.array([0, 2, 1]), [1])
    >>> [r.real for r in exact_irreps(mult, np.array([0, 2, 1]), [1], t)]
    [True, False, False]
    """
    mult = np.asarray(mult, dtype=np.int64)
    cls = class_index(table.classes, mult.shape[0])
    e, reps = table.exponent, table.representatives
    abelian = sorted(_subgroups(mult, e, reps, commuting=True), key=lambda h: -len(h.elements))
    tried = [frozenset(h.elements.tolist()) for h in abelian]
    out: list[ExactIrrep | None] = []
    for row, d in enumerate(table.degrees):
        built = _construct(mult, abelian, row, table, cls)
        if table.indicators[row] == 1 and (built is None or not _is_real(built)):
            # a real form may need a non-abelian subgroup: search them, lazily, for real lambda
            general = _subgroups(mult, e, reps, commuting=False, skip=tried)
            built = _construct(mult, general, row, table, cls, real_only=True) or built
        if built is None:
            out.append(None)
            continue
        induced, A, den, norms = built
        f = induced.f
        if np.all(norms[:, 1:] == 0) and len(set(norms[:, 0].tolist())) == 1:
            den *= int(norms[0, 0])  # equal rational norms fold into the denominator
            norms = np.zeros(norms.shape, dtype=np.int64)
            norms[:, 0] = 1
        traces = _chi_in(table, row, f)[cls]
        _verify(A, den, norms, mult, generators, f, traces)
        real = _is_real(built)
        out.append(ExactIrrep(d, f, A, den, norms, real, len(induced.sub.elements)))
    return tuple(out)


def _is_real(built) -> bool:
    induced, A, _, _ = built
    return bool(np.array_equal(A.astype(object) @ conjugation(induced.f).astype(object), A))


def _chi_in(table: CharacterTable, row: int, f: int) -> np.ndarray:
    """The character's canonical coefficients per class in Q(zeta_f) (f the table's exponent,
    or any f for a rational character)."""
    if f == table.exponent:
        return (table.coefficients[row] @ reduction(f)).astype(object)
    out = np.zeros((len(table.class_sizes), reduction(f).shape[1]), dtype=object)
    out[:, 0] = [int(v) for v in table.values_float[row].real.round()]
    return out
