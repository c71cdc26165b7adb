r"""Isotypic decomposition of real orthogonal representations of finite groups.

``decompose(V)`` returns a :class:`~groupproj.equivariant.spectral.Decomposition`: the
multiplicity of each real irrep of ``V.group`` and an orthogonal ``Q`` with
:math:`V(g) = Q\,(\bigoplus_i I_{m_i} \otimes \rho_i(g))\,Q^T`, every copy in exactly the basis
of ``V.group.irreps("real")``.

A permutation representation is first split into its orbits (each an orthogonal summand);
orbits with the same point stabiliser are equivalent by the equivariant bijection
:math:`g x_0 \mapsto g y_0`, so each stabiliser is decomposed once. Then per summand:

* :math:`S_n` (Gelfand-Tsetlin): the Jucys-Murphy elements :math:`X_k = \sum_{j<k} (j\,k)`
  act with integer eigenvalues (the contents of the letter ``k``), and their joint
  eigenspaces, found one ``k`` at a time, are indexed by standard tableaux. An orthonormal
  basis of the eigenspace of the first tableau :math:`T_0` of each shape is continued to every
  tableau by Young's rule :math:`v_{s_i T} = (\rho(s_i) v_T - v_T/r)/\sqrt{1 - 1/r^2}`, which
  puts each copy in exactly Young's orthogonal form. Uses transpositions only, never the
  whole group; cost :math:`O(n D^3)` for a summand of dimension ``D``.
* any other group: :func:`groupproj.finite.isotypic_decomposition` on the matrices of all
  ``N`` elements, :math:`O(N D^2)` memory.

Small permutation representations of groups with exact irreps (dimension at most
:data:`MAX_EXACT_DIM`, ``|G|·dim`` at most :data:`MAX_EXACT_WORK`) also have an exact
decomposition, :func:`decompose_exact`, by exact intertwiners; the spectral back-end uses it
to project sympy matrices in closed form.

``Q`` is a dense array up to :data:`DENSE_Q_LIMIT` rows and a ``scipy.sparse`` CSC matrix
with :math:`\sum_O |O|^2` non-zeros (orbit blocks) above it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse
import scipy.sparse.csgraph
import sympy

from groupproj.errors import NotAHomomorphismError
from groupproj.finite.classes import class_index
from groupproj.finite.isotypic import isotypic_decomposition
from groupproj.finite.young import standard_tableaux
from groupproj.groups.base import FiniteGroup
from groupproj.reps.base import Representation
from groupproj.reps.decomposition import Decomposition

MAX_DECOMPOSITION_ENTRIES = 50_000_000
"""Largest N·D² (enumerative path) or D² (symmetric groups) per summand."""
MAX_TABLE_ORDER = 5000
"""Largest group order decomposed by enumeration (its Cayley table has |G|² entries)."""
MAX_EXACT_DIM = 16
MAX_EXACT_WORK = 400
"""Permutation representations with dim <= MAX_EXACT_DIM and |G|·dim <= MAX_EXACT_WORK of
groups with exact irreps have :func:`decompose_exact`."""
DENSE_Q_LIMIT = 2048
"""Largest dimension for which ``Q`` is returned as a dense array."""


def _orbits(rep: Representation) -> list[np.ndarray]:
    """Point orbits of a permutation representation (sorted points), else the whole space."""
    if not rep.is_permutation:
        return [np.arange(rep.dim)]
    d = rep.dim
    perms = rep.generator_permutations()
    rows = np.concatenate([np.arange(d)] * len(perms)) if perms else np.arange(0)
    cols = np.concatenate(perms) if perms else np.arange(0)
    graph = scipy.sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(d, d))
    k, labels = scipy.sparse.csgraph.connected_components(graph, directed=True, connection="weak")
    order = np.argsort(labels, kind="stable")
    return np.split(order, np.cumsum(np.bincount(labels, minlength=k))[:-1])


def _is_symmetric(G: FiniteGroup) -> bool:
    """Whether G is a named symmetric group (read from its tag, building nothing)."""
    return getattr(G, "family", ())[:1] == ("symmetric",)


def decomposition_unavailable(rep: Representation) -> str | None:
    """Why :func:`decompose` cannot serve ``rep``, or ``None``."""
    G = rep.group
    if not isinstance(G, FiniteGroup):
        return f"{G.name} is not a finite group"
    if not rep.is_real:
        return "only real representations are decomposed into real irreps"
    largest = max(len(o) for o in _orbits(rep))
    if _is_symmetric(G):
        size = largest**2
    elif G.order > MAX_TABLE_ORDER:
        return (
            f"{G.name} has more than {MAX_TABLE_ORDER} elements, too many to decompose by "
            "enumeration"
        )
    else:
        size = G.order * largest**2
    if size > MAX_DECOMPOSITION_ENTRIES:
        return (
            f"the decomposition of {rep.name} would hold {size:.3g} numbers (more than "
            f"{MAX_DECOMPOSITION_ENTRIES:.3g})"
        )
    return None


def decompose(rep: Representation) -> Decomposition:
    """The isotypic decomposition of a real orthogonal representation of a finite group.

    See the module docstring for the method and cost.

    Examples
    --------
    >>> import groupproj as gp
    >>> S3 = gp.symmetric(3)
    >>> dec = S3.natural().decompose()
    >>> [(irrep.label, m) for irrep, m in dec.blocks]
    [((3,), 1), ((2, 1), 1)]
    """
    G = rep.group
    irreps = G.irreps("real")
    orbits = _orbits(rep)
    if _is_symmetric(G):
        pieces = [_symmetric_piece(rep, pts, irreps) for pts in orbits]
    else:
        pieces = _enumerated_pieces(rep, orbits, irreps)
    return _assemble(rep.dim, irreps, orbits, pieces)


def decompose_exact(rep: Representation) -> Decomposition | None:
    """The decomposition with ``Q_exact`` where feasible (see the module docstring), else None.

    Examples
    --------
    >>> import groupproj as gp
    >>> dec = decompose_exact(gp.symmetric(3).natural())
    >>> dec.Q_exact[:, 0].T
    Matrix([[sqrt(3)/3, sqrt(3)/3, sqrt(3)/3]])
    """
    dec = rep.decompose()
    feasible = (
        rep.is_permutation
        and rep.dim <= MAX_EXACT_DIM
        and rep.group.order * rep.dim <= MAX_EXACT_WORK
        and all(irrep.is_exact for irrep, _ in dec.blocks)
    )
    return _exact_decomposition(rep, dec) if feasible else None


def _exact_decomposition(rep: Representation, dec: Decomposition) -> Decomposition | None:
    r"""The decomposition with ``Q_exact``: exact intertwiners and Gram-Schmidt over End_G.

    For each irrep :math:`\sigma` and point ``p``,
    :math:`\Psi = \sum_g \rho(g) e_p e_0^T \sigma(g)^T` intertwines :math:`\sigma \to \rho`.
    Subtracting :math:`\Phi\, \pi(\Phi^T \Psi)` for the copies :math:`\Phi` found so far
    (:math:`\pi` the orthogonal projection onto :math:`\operatorname{End}_G(\sigma)`) and
    dividing by :math:`\sqrt{c}`, where :math:`\Psi^T \Psi = c I`, gives the next isometric
    copy; points are tried until the multiplicity is reached. Exact sympy arithmetic,
    O(|G| · d · d_σ) entries per trial.
    """
    G = rep.group
    keys = G._enumeration.keys
    perms = [rep._perm(k) for k in keys]
    columns = []
    for irrep, m in dec.blocks:
        d = irrep.dim
        sigmas = [irrep._exact(k) for k in keys]
        endos = [sympy.Matrix(e) for e in irrep.endomorphism_basis(exact=True)]
        copies: list[sympy.Matrix] = []
        for p in range(rep.dim):
            if len(copies) == m:
                break
            psi = sympy.zeros(rep.dim, d)
            for perm, sigma in zip(perms, sigmas):
                psi[int(perm[p]), :] += sigma[:, 0].T
            for phi in copies:
                x = phi.T * psi
                proj = sum(
                    ((e.T * x).trace() / (e.T * e).trace() * e for e in endos), sympy.zeros(d, d)
                )
                psi = psi - phi * proj
            psi = psi.applyfunc(lambda z: sympy.radsimp(sympy.expand(z)))
            c = sympy.radsimp(sympy.expand((psi.T * psi).trace() / d))
            if c != 0:
                copies.append((psi / sympy.sqrt(c)).applyfunc(sympy.radsimp))
        if len(copies) != m:
            return None
        columns.extend(copies)
    Q_exact = sympy.Matrix.hstack(*columns)
    Q = np.array(Q_exact.evalf(), dtype=float)
    return Decomposition(Q=Q, blocks=dec.blocks, Q_exact=sympy.ImmutableMatrix(Q_exact))


def _assemble(dim, irreps, orbits, pieces) -> Decomposition:
    rows, cols, vals, blocks = [], [], [], []
    start = 0
    for i, irrep in enumerate(irreps):
        m = 0
        for pts, (columns, mults) in zip(orbits, pieces):
            block = columns[i]
            if block.shape[1] == 0:
                continue
            r, c = np.meshgrid(pts, np.arange(block.shape[1]) + start, indexing="ij")
            rows.append(r.ravel())
            cols.append(c.ravel())
            vals.append(block.ravel())
            start += block.shape[1]
            m += mults[i]
        if m:
            blocks.append((irrep, m))
    Q = scipy.sparse.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(dim, dim)
    )
    return Decomposition(Q=Q.toarray() if dim <= DENSE_Q_LIMIT else Q, blocks=tuple(blocks))


def _split_columns(q: np.ndarray, mults, irreps) -> list[np.ndarray]:
    out, start = [], 0
    for m, irrep in zip(mults, irreps):
        out.append(q[:, start : start + m * irrep.dim])
        start += m * irrep.dim
    return out


def _enumerated_pieces(rep, orbits, irreps):
    G = rep.group
    keys = G._enumeration.keys
    n = len(keys)
    cls = class_index([c.indices for c in G.conjugacy_classes()], n)
    sigmas = [np.stack([r._float(k) for k in keys]) for r in irreps]
    endos = [list(r.endomorphism_basis()) for r in irreps]

    def split(rho: np.ndarray):
        dec = isotypic_decomposition(rho, cls, sigmas, endos)
        return _split_columns(dec.basis, dec.multiplicities, irreps), dec.multiplicities

    if not rep.is_permutation:
        return [split(np.stack([rep._float(k) for k in keys]))]
    perms = np.stack([rep._perm(k) for k in keys])
    cache: dict[bytes, tuple] = {}
    pieces = []
    for pts in orbits:
        images = perms[:, pts[0]]
        points, first = np.unique(images, return_index=True)
        canon = images[np.sort(first)]
        stabiliser = np.flatnonzero(images == pts[0]).tobytes()
        if stabiliser not in cache:
            pos = np.empty(rep.dim, dtype=np.int64)
            pos[canon] = np.arange(len(canon))
            local = pos[perms[:, canon]]  # g maps position t to local[g, t]
            rho = np.zeros((n, len(canon), len(canon)))
            rho[np.arange(n)[:, None], local, np.arange(len(canon))[None, :]] = 1.0
            cache[stabiliser] = split(rho)
        columns, mults = cache[stabiliser]
        order = np.argsort(canon)  # rows of the canonical basis in sorted-point order
        pieces.append(([c[order] for c in columns], mults))
    return pieces


def _transposition_action(rep: Representation, pts: np.ndarray) -> Callable:
    """(j, k, B) ↦ rho((j k)) B on the span of the points ``pts`` of ``rep``."""
    n = rep.group.degree
    if rep.is_permutation:
        pos = np.empty(rep.dim, dtype=np.int64)
        pos[pts] = np.arange(len(pts))
        cache: dict = {}

        def act(j: int, k: int, B: np.ndarray) -> np.ndarray:
            if (j, k) not in cache:
                t = list(range(n))
                t[j], t[k] = k, j
                cache[j, k] = pos[rep._perm(tuple(t))[pts]]
            return B[cache[j, k]]  # an involution: rho(t) B = B[t^-1] = B[t]

        return act

    def act_dense(j: int, k: int, B: np.ndarray) -> np.ndarray:
        t = list(range(n))
        t[j], t[k] = k, j
        return rep._float(tuple(t)) @ B

    return act_dense


def _contents(tableau) -> tuple[int, ...]:
    out = {}
    for r, row in enumerate(tableau):
        for c, letter in enumerate(row):
            out[letter] = c - r
    return tuple(out[k] for k in range(len(out)))


def _swap(tableau, i: int):
    sw = {i: i + 1, i + 1: i}
    return tuple(tuple(sw.get(x, x) for x in row) for row in tableau)


def _first_split(act: Callable, dim: int, permutation: bool) -> dict:
    """Eigenspaces of X_1 = (0 1), keyed by the contents (0, ±1) of the letters 0 and 1.

    For a permutation representation they are explicit: e_i for the fixed points and
    (e_i ± e_j)/√2 for the swapped pairs, no eigenproblem; otherwise ``eigh``.
    """
    if not permutation:
        vals, vecs = np.linalg.eigh(act(0, 1, np.eye(dim)))
        spaces = {(0, int(c)): vecs[:, np.rint(vals) == c] for c in (1, -1)}
    else:
        image = act(0, 1, np.arange(dim)[:, None])[:, 0]
        fixed = np.flatnonzero(image == np.arange(dim))
        i = np.flatnonzero(image > np.arange(dim))
        j = image[i]
        plus, minus = np.zeros((dim, len(fixed) + len(i))), np.zeros((dim, len(i)))
        plus[fixed, np.arange(len(fixed))] = 1.0
        cols = np.arange(len(i))
        plus[i, len(fixed) + cols] = plus[j, len(fixed) + cols] = np.sqrt(0.5)
        minus[i, cols], minus[j, cols] = np.sqrt(0.5), -np.sqrt(0.5)
        spaces = {(0, 1): plus, (0, -1): minus}
    return {c: B for c, B in spaces.items() if B.shape[1]}


def _symmetric_piece(rep: Representation, pts: np.ndarray, irreps):
    n = rep.group.degree
    act = _transposition_action(rep, pts)
    spaces = _first_split(act, len(pts), rep.is_permutation) if n > 1 else {(0,): np.eye(1)}
    for k in range(2, n):
        new = {}
        for prefix, B in spaces.items():
            XB = sum(act(j, k, B) for j in range(k))
            M = B.T @ XB
            vals, vecs = np.linalg.eigh((M + M.T) / 2)
            contents = np.rint(vals)
            if not np.abs(vals - contents).max(initial=0.0) <= 1e-6:
                raise NotAHomomorphismError(
                    f"Jucys-Murphy eigenvalues of {rep.name} are not integers: not a rep of S_n"
                )
            for c in np.unique(contents):
                new[(*prefix, int(c))] = B @ vecs[:, contents == c]
        spaces = new
    columns, mults = [], []
    for irrep in irreps:
        tableaux = standard_tableaux(irrep.label)
        start = spaces.get(_contents(tableaux[0]))
        m = 0 if start is None else start.shape[1]
        mults.append(m)
        if m == 0:
            columns.append(np.zeros((len(pts), 0)))
            continue
        vectors = {tableaux[0]: start}
        queue = [tableaux[0]]
        while queue:
            T = queue.pop()
            cont = _contents(T)
            for i in range(n - 1):
                r = cont[i + 1] - cont[i]
                S = _swap(T, i)
                if abs(r) > 1 and S not in vectors:
                    v = vectors[T]
                    vectors[S] = (act(i, i + 1, v) - v / r) / np.sqrt(1 - 1 / r**2)
                    queue.append(S)
        stack = np.stack([vectors[T] for T in tableaux], axis=2)  # (D, m, f)
        columns.append(stack.reshape(len(pts), m * len(tableaux)))
    return columns, mults
