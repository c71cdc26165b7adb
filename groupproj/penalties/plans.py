"""Plans: how the penalty engine applies one projector, compiled once from its structure.

A plan is a frozen dataclass of integers and read-only numpy arrays. It holds no
reference to the projector, to a framework or to a device, so one plan serves numpy,
torch and JAX arrays on any device; :mod:`groupproj.penalties.engine` executes it.
:func:`compile_plan` is the one place where a projector is read.

Every plan describes P through an orthonormal basis of its range, so that the
coefficients c of P(T) in that basis give ‖P(T)‖ = ‖c‖ and P(T) is rebuilt from c. The
forms, fastest first:

``"orbit"`` (:class:`OrbitPlan`, from orbit ids)
    P(T) is the mean of T over each orbit of index pairs. The map is read as ``copies``
    row blocks with the same orbit pattern (a sum of copies of one field type in W, as for
    regular or quotient fields), so one orbit label per entry of one block serves all of
    them: O(mn) time, O(mn / copies) integers.
``"permuted"`` (:class:`PermutedPlan`, from spectral factors with signed-permutation Q)
    When Q_W and Q_V only reorder coordinates and change signs (sums of irreps, in any
    order) and each basis of End_G(irrep) consists of matrices with disjoint supports (as
    for real-type irreps, I; complex-type ones, I and J), every basis element of the
    range is supported on its own few entries. The plan lists them: a gather, a segment
    sum and a scatter. With the map read as copies_W × copies_V tiles of one pattern
    (copies of one field type on both sides), the list covers one tile: O(mn) time,
    O(nnz of a tile) integers.
``"tiled"`` (:class:`TiledPlan`, from spectral factors with signed-permutation Q)
    The map as tiles in which each block of copies is a window (a strided view of T); each
    window is projected onto the span of its basis (any d_W × d_V matrices, as for
    steerable kernel blocks): O(mn·e) time, e = basis size, no index data.
``"spectral"`` (:class:`SpectralPlan`, from spectral factors)
    Q_Wᴴ T Q_V, Schur's block projection, and back: O(m²n + mn²) time, O(m² + n²) memory.
``"basis"`` (:class:`BasisPlan`, any projector)
    The dense N×D basis of the range: O(mn·D) time and memory.

``form="auto"`` takes orbit for orbit ids and, for spectral factors, permuted, else tiled
(at most :data:`MAX_AUTO_WINDOWS` windows), else the cheaper of spectral and basis; basis
for every other structure (a group average, an explicit operator, a basis).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse

from groupproj.equivariant.projector import Projector
from groupproj.equivariant.structure import Factors, Orbits
from groupproj.errors import BackendNotApplicableError, InvalidTypeError, UnknownNameError
from groupproj.limits import check_bytes, max_bytes

__all__ = [
    "FORMS",
    "MAX_AUTO_WINDOWS",
    "BasisPlan",
    "OrbitPlan",
    "PermutedPlan",
    "SpectralBlock",
    "SpectralPlan",
    "Tiles",
    "TiledPlan",
    "Window",
    "compile_plan",
]

FORMS = ("auto", "orbit", "permuted", "tiled", "spectral", "basis")
MAX_AUTO_WINDOWS = 32
"""The most windows (Python-level steps) a tiled plan may have for ``form="auto"`` to take it."""


def _readonly(a: Any) -> np.ndarray:
    a = np.array(a)
    a.setflags(write=False)
    return a


def _tolerance(n: int) -> float:
    """Entries below this are zeros of Q or of a block basis: dimension × float64 eps."""
    return 8.0 * max(n, 1) * np.finfo(np.float64).eps


@dataclass(frozen=True, eq=False)
class Tiles:
    """The map (m, n) as copies_W × copies_V tiles of shape (rows, cols), row-major:
    entry (a·rows + k, b·cols + l) is entry (k, l) of tile (a, b)."""

    copies_W: int
    rows: int
    copies_V: int
    cols: int

    @property
    def count(self) -> int:
        return self.copies_W * self.copies_V


@dataclass(frozen=True, eq=False)
class OrbitPlan:
    """P(T) = orbit means; the map as ``copies`` row blocks of ``mn / copies`` entries.

    Block a's orbits are block 0's, shifted: ``slot[i]`` is the orbit of entry i of a block
    (0 ≤ slot < len(sizes)) and ``sizes`` the orbit sizes. Basis: the indicator of each
    orbit O over √|O|.
    """

    shape: tuple[int, int]
    copies: int
    slot: np.ndarray
    sizes: np.ndarray
    form = "orbit"

    @property
    def dim(self) -> int:
        return self.copies * len(self.sizes)


@dataclass(frozen=True, eq=False)
class PermutedPlan:
    """Range basis elements with disjoint supports, listed over one tile.

    Basis element s of tile (a, b) has entries ``weights[p]`` at tile positions
    ``(rows[p], cols[p])`` for the p with ``segments[p] == s`` (segments sorted, each
    non-empty, 0 ≤ s < count), and zeros elsewhere; positions are distinct.
    """

    shape: tuple[int, int]
    tiles: Tiles
    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray
    segments: np.ndarray
    count: int
    form = "permuted"

    @property
    def dim(self) -> int:
        return self.tiles.count * self.count


@dataclass(frozen=True, eq=False)
class Window:
    """Rows ``row : row + d_W`` and columns ``col : col + d_V`` of every tile, projected onto
    the span of ``basis`` (e, d_W, d_V), orthonormal in the Frobenius inner product."""

    row: int
    col: int
    basis: np.ndarray


@dataclass(frozen=True, eq=False)
class TiledPlan:
    """Projection of disjoint windows of each tile, by strided views of T."""

    shape: tuple[int, int]
    tiles: Tiles
    windows: tuple[Window, ...]
    form = "tiled"

    @property
    def dim(self) -> int:
        return self.tiles.count * sum(len(w.basis) for w in self.windows)


@dataclass(frozen=True, eq=False)
class SpectralBlock:
    """The copies of one irrep: P's part Q_W,b · S_b(Q_W,bᴴ T Q_V,b) · Q_V,bᴴ, with S_b the
    projection of each d_W × d_V sub-block onto the span of ``basis`` (e, d_W, d_V)."""

    Q_W: np.ndarray
    Q_V: np.ndarray
    copies_W: int
    copies_V: int
    basis: np.ndarray


@dataclass(frozen=True, eq=False)
class SpectralPlan:
    """P(T) = Σ_b Q_W,b S_b(Q_W,bᴴ T Q_V,b) Q_V,bᴴ with dense Q."""

    shape: tuple[int, int]
    blocks: tuple[SpectralBlock, ...]
    form = "spectral"

    @property
    def dim(self) -> int:
        return sum(b.copies_W * b.copies_V * len(b.basis) for b in self.blocks)

    @property
    def is_complex(self) -> bool:
        return any(a.dtype.kind == "c" for b in self.blocks for a in (b.Q_W, b.Q_V, b.basis))


@dataclass(frozen=True, eq=False)
class BasisPlan:
    """P(T) = Σ_k ⟨B_k, T⟩ B_k with an orthonormal basis ``basis`` (D, mn) of the range."""

    shape: tuple[int, int]
    basis: np.ndarray
    form = "basis"

    @property
    def dim(self) -> int:
        return len(self.basis)


Plan = OrbitPlan | PermutedPlan | TiledPlan | SpectralPlan | BasisPlan


def compile_plan(P: Any, form: str = "auto") -> Plan:
    """The plan of ``form`` for projector P: the one function that reads a projector.

    It reads ``P.structure``: the orbit ids of an :class:`~groupproj.equivariant.structure.
    Orbits` structure, the factors (Q_W, blocks, Q_V) of a :class:`~groupproj.equivariant.
    structure.Factors` one, or else (and for ``form="basis"``) the orthonormal basis.

    Raises
    ------
    InvalidTypeError
        If P is not a :class:`~groupproj.equivariant.projector.Projector`.
    UnknownNameError
        If ``form`` is not one of :data:`FORMS`.
    BackendNotApplicableError
        If P's structure does not have that form; ``"basis"`` applies to every projector.

    Examples
    --------
    >>> import groupproj as gp
    >>> D4 = gp.dihedral(4)
    >>> plan = compile_plan(gp.kernel_projector(D4.regular(), D4.regular(), 3))
    >>> plan.form, plan.copies, plan.dim
    ('orbit', 1, 72)
    """
    if not isinstance(P, Projector):
        raise InvalidTypeError(
            f"expected a groupproj Projector (gp.projector, gp.load, gp.cached_projector), "
            f"got {type(P).__name__}"
        )
    if form not in FORMS:
        raise UnknownNameError(f"unknown form {form!r}; choose one of {FORMS}")
    structure = P.structure
    shape = (int(structure.shape[0]), int(structure.shape[1]))
    if isinstance(structure, Orbits) and form in ("auto", "orbit"):
        return orbit_plan(np.asarray(structure.ids).reshape(shape))
    if isinstance(structure, Factors) and form in ("auto", "permuted", "tiled", "spectral"):
        QW, blocks, QV = structure.factors
        plan = factored_plan(shape, QW, blocks, QV, form)
        if plan is not None:
            return plan
    if form not in ("auto", "basis"):
        raise BackendNotApplicableError(
            f"form={form!r} does not apply to this projector, which holds a "
            f"{type(structure).__name__} structure: {_NEEDS[form]}; form='basis' applies to "
            "every projector"
        )
    if isinstance(structure, Orbits | Factors):  # dim known without building the basis
        check_bytes(8.0 * structure.dim * shape[0] * shape[1], "the dense basis", "use 'auto'")
    return basis_plan(shape, P.basis())


_NEEDS = {
    "orbit": "it needs orbit ids (an Orbits structure)",
    "permuted": "it needs spectral factors (a Factors structure) with signed-permutation "
    "Q_W, Q_V and block bases of disjoint supports",
    "tiled": "it needs spectral factors (a Factors structure) with signed-permutation Q_W, "
    "Q_V that lay the copies of every irrep out as windows of repeated tiles",
    "spectral": "it needs spectral factors (a Factors structure)",
}


# --- orbit -------------------------------------------------------------------------------


def orbit_plan(ids: np.ndarray) -> OrbitPlan:
    """The orbit plan of an (m, n) array of orbit labels (any numbering).

    Costs O(mn log mn) once (O(mn) when the labels already count up by first occurrence),
    plus O(mn) per divisor of m tried as the number of row blocks.
    """
    m, n = ids.shape
    labels = _by_first_occurrence(ids.ravel())
    dim = int(labels.max()) + 1 if labels.size else 0
    copies = _row_blocks(labels, m, dim)
    block = labels[: labels.size // copies]
    return OrbitPlan((m, n), copies, _readonly(block), _readonly(np.bincount(block)))


def _by_first_occurrence(labels: np.ndarray) -> np.ndarray:
    """Labels renumbered 0, 1, … in order of first occurrence."""
    if labels.size == 0:
        return labels.astype(np.int64)
    running = np.maximum.accumulate(labels)
    if labels[0] == 0 and labels.min() >= 0 and np.all(np.diff(running) <= 1):
        return labels.astype(np.int64, copy=False)
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inverse.ravel()]


def _divisors(n: int) -> list[int]:
    """The divisors of n, largest first."""
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted({*small, *(n // d for d in small)}, reverse=True)


def _row_blocks(labels: np.ndarray, m: int, dim: int) -> int:
    """The most row blocks c | m whose orbit labels are block 0's shifted by a multiple of
    dim / c (first-occurrence numbering makes repeated patterns exactly that)."""
    for c in _divisors(m):
        if c == 1 or dim % c:
            continue
        size, k = labels.size // c, dim // c
        head = labels[:size]
        if head.max() != k - 1:
            continue
        if np.array_equal(labels.reshape(c, size), head + k * np.arange(c)[:, None]):
            return c
    return 1


# --- spectral structures -----------------------------------------------------------------


def factored_plan(
    shape: tuple[int, int], QW: Any, blocks: tuple, QV: Any, form: str
) -> PermutedPlan | TiledPlan | SpectralPlan | BasisPlan | None:
    """The plan of ``form`` ("auto", "permuted", "tiled", "spectral") from P's factors, or
    None where it does not apply."""
    if not blocks:  # Hom_G(V, W) = 0: every form is the empty basis
        return BasisPlan(shape, _readonly(np.zeros((0, shape[0] * shape[1]))))
    real = all(np.asarray(b.endomorphisms).dtype.kind != "c" for b in blocks)
    perm_W = _signed_permutation(QW) if real else None
    perm_V = _signed_permutation(QV) if perm_W is not None else None
    permuted = perm_W is not None and perm_V is not None
    if form in ("auto", "permuted") and permuted:
        plan = permuted_plan(shape, perm_W, blocks, perm_V)
        if plan is not None or form == "permuted":
            return plan
    if form in ("auto", "tiled") and permuted:
        plan = tiled_plan(shape, perm_W, blocks, perm_V)
        if form == "tiled" or (plan is not None and len(plan.windows) <= MAX_AUTO_WINDOWS):
            return plan
    if form in ("permuted", "tiled"):
        return None
    spectral = spectral_plan(shape, QW, blocks, QV)
    if form == "spectral":
        return spectral
    m, n = shape
    spectral_cost = sum(b.Q_W.shape[1] * n * (m + b.Q_V.shape[1]) for b in spectral.blocks)
    if spectral.dim * m * n < spectral_cost and 16 * spectral.dim * m * n <= max_bytes():
        return basis_plan(shape, _spectral_basis(spectral))
    return spectral


def _signed_permutation(Q: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(p, s) with Q[p[c], c] = s[c] = ±1 and no other non-zero entry, or None."""
    n = Q.shape[0]
    if Q.ndim != 2 or Q.shape[1] != n or Q.dtype.kind == "c":
        return None
    tol = _tolerance(n)
    if scipy.sparse.issparse(Q):
        coo = Q.tocoo()
        keep = np.abs(coo.data) > tol
        rows, cols, values = coo.row[keep], coo.col[keep], coo.data[keep]
    else:
        Q = np.asarray(Q)
        rows, cols = np.nonzero(np.abs(Q) > tol)
        values = Q[rows, cols]
    if len(rows) != n or not np.all(np.abs(np.abs(values) - 1.0) <= tol):
        return None
    if not (np.all(np.bincount(rows, minlength=n) == 1)):
        return None
    if not (np.all(np.bincount(cols, minlength=n) == 1)):
        return None
    p, s = np.empty(n, dtype=np.int64), np.empty(n)
    p[cols], s[cols] = rows, np.sign(values)
    return p, s


def permuted_plan(
    shape: tuple[int, int],
    perm_W: tuple[np.ndarray, np.ndarray],
    blocks: tuple,
    perm_V: tuple[np.ndarray, np.ndarray],
) -> PermutedPlan | None:
    """The permuted plan, or None if some block basis has overlapping supports."""
    (pW, sW), (pV, sV) = perm_W, perm_V
    rows, cols, weights, segments, offset = [], [], [], [], 0
    for b in blocks:
        E = np.asarray(b.endomorphisms)
        e, dW, dV = E.shape
        support = np.abs(E) > _tolerance(dW * dV)
        if np.any(support.sum(axis=0) > 1):
            return None
        es, ks, ls = np.nonzero(support)
        i = np.arange(b.m_W)[:, None, None]
        j = np.arange(b.m_V)[None, :, None]
        w_index = b.w_start + i * dW + ks
        v_index = b.v_start + j * dV + ls
        full = (b.m_W, b.m_V, len(es))
        rows.append(np.broadcast_to(pW[w_index], full).ravel())
        cols.append(np.broadcast_to(pV[v_index], full).ravel())
        weights.append((sW[w_index] * E[es, ks, ls] * sV[v_index]).ravel())
        segments.append(np.broadcast_to(offset + (i * b.m_V + j) * e + es, full).ravel())
        offset += b.m_W * b.m_V * e
    support = tuple(np.concatenate(a) for a in (rows, cols, weights, segments))
    tiles, pattern = _repeated_tiles(shape, support, [(b.m_W, b.m_V) for b in blocks])
    return PermutedPlan(shape, tiles, *pattern)


def _repeated_tiles(shape: tuple[int, int], support: tuple, copies: list) -> Any:
    """(tiles, pattern of one tile) with the most row copies, then the most column copies,
    over which the support repeats (see :func:`_tile_pattern`). A copy count divides the
    multiplicity of every irrep, so only divisors of their gcd are tried; one tile always
    repeats."""
    m, n = shape
    for cW in _divisors(math.gcd(m, *(c[0] for c in copies))):
        found = _tile_pattern(Tiles(cW, m // cW, 1, n), *support)
        if found is not None:
            break
    for cV in _divisors(math.gcd(n, *(c[1] for c in copies))):  # ends with 1
        tiles = Tiles(cW, m // cW, cV, n // cV)
        pattern = found if cV == 1 else _tile_pattern(tiles, *support)
        if pattern is not None:
            return tiles, pattern


def _tile_pattern(tiles: Tiles, rows, cols, weights, segments) -> tuple | None:
    """(rows, cols, weights, segments, count) of tile (0, 0) if every tile holds the same
    pattern (positions, weights, and a partition into segments of its own), else None."""
    n_tiles = tiles.count
    tile = (rows // tiles.rows) * tiles.copies_V + cols // tiles.cols
    local = (rows % tiles.rows) * tiles.cols + cols % tiles.cols
    if len(rows) % n_tiles or np.any(np.bincount(tile, minlength=n_tiles) != len(rows) // n_tiles):
        return None
    order = np.lexsort((local, tile))
    per = len(rows) // n_tiles
    loc = local[order].reshape(n_tiles, per)
    w = weights[order].reshape(n_tiles, per)
    seg = segments[order].reshape(n_tiles, per)
    if not (
        np.array_equal(loc, np.broadcast_to(loc[0], loc.shape))
        and np.array_equal(w, np.broadcast_to(w[0], w.shape))
    ):
        return None
    _, first, canon = np.unique(seg[0], return_index=True, return_inverse=True)
    if not np.array_equal(seg, seg[:, first][:, canon]):  # constant on tile 0's segments
        return None
    if len(np.unique(seg)) != n_tiles * len(first):  # as many in each tile, none shared
        return None
    by_segment = np.argsort(canon, kind="stable")
    return (
        _readonly(loc[0][by_segment] // tiles.cols),
        _readonly(loc[0][by_segment] % tiles.cols),
        _readonly(w[0][by_segment]),
        _readonly(canon[by_segment]),
        len(first),
    )


def tiled_plan(
    shape: tuple[int, int],
    perm_W: tuple[np.ndarray, np.ndarray],
    blocks: tuple,
    perm_V: tuple[np.ndarray, np.ndarray],
) -> TiledPlan | None:
    """The tiled plan, or None if some copy of an irrep is not a window of a repeated tile."""
    side_W = _windows(shape[0], perm_W, [(b.w_start, b.m_W, b.d_W) for b in blocks])
    side_V = _windows(shape[1], perm_V, [(b.v_start, b.m_V, b.d_V) for b in blocks])
    if side_W is None or side_V is None:
        return None
    (cW, starts_W), (cV, starts_V) = side_W, side_V
    windows = []
    for b, (rW, signs_W), (rV, signs_V) in zip(blocks, starts_W, starts_V):
        E = np.asarray(b.endomorphisms)
        for i in range(len(rW)):
            for j in range(len(rV)):
                signed = E * signs_W[i][None, :, None] * signs_V[j][None, None, :]
                windows.append(Window(int(rW[i]), int(rV[j]), _readonly(signed)))
    return TiledPlan(shape, Tiles(cW, shape[0] // cW, cV, shape[1] // cV), tuple(windows))


def _windows(size: int, perm: tuple[np.ndarray, np.ndarray], blocks: list) -> tuple | None:
    """(copies, [(window starts, window signs) per block]) for the most copies c such that
    every copy of every irrep is a window [a, a + d) of a tile of size / c, repeated."""
    p, s = perm
    g = math.gcd(size, *(mult for _, mult, _ in blocks))
    for c in _divisors(g):
        tile, found = size // c, []
        for start, mult, d in blocks:
            R = p[start : start + mult * d].reshape(c, mult // c, d)
            S = s[start : start + mult * d].reshape(c, mult // c, d)
            base = R[0]
            if not (
                np.array_equal(R, base + tile * np.arange(c)[:, None, None])
                and np.array_equal(base, base[:, :1] + np.arange(d))
                and base.max(initial=-1) < tile
                and np.array_equal(S, np.broadcast_to(S[0], S.shape))
            ):
                break
            found.append((base[:, 0], S[0]))
        else:
            return c, found
    return None


def spectral_plan(shape: tuple[int, int], QW: Any, blocks: tuple, QV: Any) -> SpectralPlan:
    """The spectral plan: the columns of Q_W and Q_V of each block, dense."""
    m, n = shape
    columns = sum(b.m_W * b.d_W for b in blocks) * m + sum(b.m_V * b.d_V for b in blocks) * n
    check_bytes(16 * columns, "the dense Q_W and Q_V", "use a sparse Q or form='basis'")
    out = []
    for b in blocks:
        QWb = QW[:, b.w_start : b.w_start + b.m_W * b.d_W]
        QVb = QV[:, b.v_start : b.v_start + b.m_V * b.d_V]
        dense = [q.toarray() if scipy.sparse.issparse(q) else np.asarray(q) for q in (QWb, QVb)]
        out.append(
            SpectralBlock(
                _readonly(dense[0]),
                _readonly(dense[1]),
                b.m_W,
                b.m_V,
                _readonly(np.asarray(b.endomorphisms)),
            )
        )
    return SpectralPlan(shape, tuple(out))


def _spectral_basis(plan: SpectralPlan) -> np.ndarray:
    """The orthonormal basis Q_W,b[:, i] E_e Q_V,b[:, j]ᴴ of the range, (D, mn)."""
    out = []
    for b in plan.blocks:
        e, dW, dV = b.basis.shape
        W = b.Q_W.reshape(-1, b.copies_W, dW)
        V = b.Q_V.reshape(-1, b.copies_V, dV)
        out.append(
            np.einsum("xik,ekl,yjl->ijexy", W, b.basis, V.conj()).reshape(
                -1, plan.shape[0] * plan.shape[1]
            )
        )
    return np.concatenate(out)


def basis_plan(shape: tuple[int, int], basis: Any) -> BasisPlan:
    B = np.asarray(basis)
    return BasisPlan(shape, _readonly(B.reshape(len(B), shape[0] * shape[1])))
