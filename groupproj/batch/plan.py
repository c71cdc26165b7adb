"""The plan of a batch: for each entry, its back-end, format and estimates, before any build.

What is estimated, from dimensions, the chosen back-end and the group's generators only
(:func:`estimate`; nothing is built):

* the shape (m, n) = (W.dim, V.dim) of a map and the back-end ``method="auto"`` picks;
* an upper bound on dim Hom_G(V, W): mn, and for permutation representations the bounds
  k_W·n and k_V·m from the numbers k of orbits on the points (exact where an earlier run
  knows it);
* an upper bound on the non-zeros of the operator on vec(A): for permutation
  representations mn · max|O|, an orbit O of G on the index pairs having at most |G| and at
  most (largest W-orbit)·(largest V-orbit) members; (mn)² otherwise;
* the bytes of the file's arrays before compression, the peak memory of the build and the
  export (the figures the size checks of :mod:`groupproj.limits` compare), and the time.

Choosing ``format = "auto"``
----------------------------
``csr`` when the operator on vec(A) is small, mn ≤ 1024 (at most 2²⁰ non-zeros, 12 MiB at
most): the one form any sparse library applies directly. Otherwise the structure as the
back-end builds it, the smallest exact form: ``orbit`` ids for permutation representations
(4 bytes per entry of a map), ``factored`` Q_W, Schur blocks, Q_V for the spectral back-end
(m² + n² numbers), and ``basis`` for the group average (dim · mn numbers).

Refusals
--------
An entry whose estimated memory exceeds the size limit (``--max-bytes``, default
:data:`groupproj.limits.DEFAULT_MAX_BYTES`) is refused before anything is built, with the
estimate and the smallest format that fits. The estimates of operator formats are upper
bounds, so an entry near the limit may be refused although its exact size would fit: raise
the limit, and the export's own exact check decides.

The time estimates are rough: a cost model per back-end and format, with constants measured
on the benchmark machine. ``benchmarks/bench_batch.py`` sets them beside the times measured;
on ``examples/library.toml`` the measured times were 0.2 to 2.7 times the estimates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse
import scipy.sparse.csgraph

from groupproj.batch.spec import SpecEntry
from groupproj.equivariant.factory import choose_backend
from groupproj.errors import GroupprojError, SizeLimitError, UnknownNameError
from groupproj.groups.base import Group
from groupproj.limits import format_bytes, max_bytes
from groupproj.parse import parse_group, parse_rep
from groupproj.reps.base import Representation

__all__ = [
    "AUTO_CSR_MAX_MN",
    "Estimate",
    "PlannedEntry",
    "estimate",
    "plan_entries",
    "plan_table",
    "refusal",
    "resolve",
]

AUTO_CSR_MAX_MN = 1024
"""``format="auto"`` writes csr when mn ≤ this (the operator then has at most 2²⁰ non-zeros)."""
NATIVE = {"orbit": "orbit", "spectral": "factored", "spatial": "basis"}
"""The format that stores each back-end's structure as it is built."""
_SECONDS = {
    "entry": 5e-3,  # parse, metadata, digest, an atomic write
    "orbit_build": 2.5e-7,  # per entry of a map and generator
    "spectral_build": 2e-9,  # per m³ + n³ (isotypic decompositions)
    "stack": 1e-9,  # per number of the stacked matrices of the group average
    "average": 4e-8,  # per multiply-add of the group average applied to one map
    "fill": 1e-9,  # per number of a basis filled from orbit ids
    "orbit_csr": 5e-8,  # per non-zero built from orbit ids
    "dense": 2e-9,  # per multiply-add of dense products (bases, B^T B)
    "write": 2e-8,  # per byte compressed and hashed
}
"""Seconds per unit of work, measured on the benchmark machine (see the module docstring)."""


@functools.lru_cache(maxsize=16)
def _group(name: str) -> Group:
    """The group of a name, kept for the next entries of the same group in this process
    (groups are immutable; their derived data, such as the order, is computed once)."""
    return parse_group(name)


def resolve(spec: dict[str, Any]) -> tuple[Group, Representation, Representation, str]:
    """(G, V, W, the recorded expression of V) for a resolved entry spec.

    A ``grid = k`` entry maps from V ⊗ grid<k> (a convolution kernel, as
    :func:`groupproj.kernel_projector` builds it). Raises the parser's errors.
    """
    G = _group(spec["group"]) if isinstance(spec["group"], str) else parse_group(spec["group"])
    expression_in = spec["in"]
    if "grid" in spec:
        expression_in = f"({expression_in})*grid{spec['grid']}"
    return G, parse_rep(expression_in, G), parse_rep(spec["out"], G), expression_in


@dataclass(frozen=True)
class Estimate:
    """What an entry will take, estimated before anything is built (see the module docstring).

    ``dim`` is exact when known (``dim_exact``), else an upper bound; ``nnz`` is an upper
    bound on the non-zeros of the operator on vec(A); ``file_bytes`` the arrays of the file
    before compression; ``memory`` the peak bytes of the build and the export; ``seconds``
    the time to build and write.
    """

    shape: tuple[int, int]
    method: str
    structure: str
    format: str
    itemsize: int
    dim: int
    dim_exact: bool
    nnz: int
    file_bytes: float
    memory: float
    seconds: float
    build_memory: float = 0.0
    alternatives: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Every format the structure can be written in: (file bytes, memory)."""


def _point_orbits(rep: Representation) -> tuple[int, int]:
    """(number, largest size) of the orbits of the group on the basis of a permutation
    representation, from the generators' permutations: O(dim · generators)."""
    d = rep.dim
    perms = rep.generator_permutations()
    if not perms:
        return d, 1
    rows = np.concatenate([np.arange(d)] * len(perms))
    cols = np.concatenate(perms)
    graph = scipy.sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(d, d))
    count, labels = scipy.sparse.csgraph.connected_components(graph, directed=False)
    return int(count), int(np.bincount(labels).max())


def _orbit_bounds(V: Representation, W: Representation, need_nnz: bool) -> tuple[int, int]:
    """Upper bounds on (dim, nnz) of the orbit structure of Hom_G(V, W).

    An orbit of G on the pairs (i, j) meets every W-orbit's points in at most n pairs per
    point of one W-orbit, so dim ≤ k_W·n and likewise ≤ k_V·m (k the numbers of orbits on
    the points); it has at most |G| members and at most (largest W-orbit)·(largest V-orbit),
    and nnz = Σ|O|² ≤ mn · max|O|. |G| is asked for only when ``need_nnz``.
    """
    m, n = W.dim, V.dim
    (k_W, big_W), (k_V, big_V) = _point_orbits(W), _point_orbits(V)
    largest = min(m * n, big_W * big_V)
    if need_nnz and V.group.is_finite:
        try:
            largest = min(largest, int(V.group.order))
        except GroupprojError:  # an order that cannot be known: the bound stands
            pass
    return min(m * n, k_W * n, k_V * m), m * n * largest


def _format_costs(
    fmt: str, structure: str, m: int, n: int, s: int, dim: int, nnz: int, basis_seconds: float
) -> tuple[float, float, float]:
    """(file bytes, export memory, export seconds) of writing ``structure`` as ``fmt``;
    ``basis_seconds`` is the time to get an orthonormal basis from the structure."""
    mn = m * n
    basis = 8.0 * dim * mn
    if fmt == "orbit":
        file = (4.0 if mn < 2**31 else 8.0) * mn
        return file, file, _SECONDS["write"] * file
    if fmt == "factored":
        file = s * (m * m + n * n + 4.0 * min(m, n) ** 2)
        return file, file, _SECONDS["write"] * file
    if fmt == "basis":
        file = s * dim * mn
        return file, basis + file, basis_seconds + _SECONDS["write"] * file
    index = 4.0 if nnz < 2**31 else 8.0
    if fmt == "dense":
        file = s * float(mn) ** 2
    elif fmt == "csr":
        file = nnz * (s + index) + index * (mn + 1)
    else:
        file = nnz * (s + 2 * index)
    if structure == "orbit" and fmt != "dense":
        return file, 12.0 * nnz + file, _SECONDS["orbit_csr"] * nnz + _SECONDS["write"] * file
    work = basis_seconds + _SECONDS["dense"] * dim * float(mn) ** 2
    return file, 8.0 * float(mn) ** 2 + basis + file, work + _SECONDS["write"] * file


def _work_seconds(
    backend: Any, V: Representation, W: Representation, dim: int
) -> tuple[float, float]:
    """(seconds to build the structure, seconds to get an orthonormal basis from it)."""
    m, n = W.dim, V.dim
    if backend.name == "orbit":
        build = _SECONDS["orbit_build"] * m * n * max(1, len(V.group.generators))
        return build, _SECONDS["fill"] * dim * m * n
    if backend.name == "spectral":
        build = _SECONDS["spectral_build"] * (float(m) ** 3 + float(n) ** 3)
        return build, _SECONDS["dense"] * dim * m * n * (m + n)
    maps = 2.0 * dim  # the random maps of range_basis, then their SVD
    basis = _SECONDS["average"] * backend.cost(V, W) * maps + _SECONDS["dense"] * maps**2 * m * n
    return _SECONDS["stack"] * backend.terms(V, W) * (m * m + n * n), basis


def estimate(
    V: Representation,
    W: Representation,
    method: str = "auto",
    format: str = "auto",
    dtype: str = "float64",
    known_dim: int | None = None,
) -> Estimate:
    """Estimate the projector onto Hom_G(V, W) and its file without building either.

    Parameters
    ----------
    V, W, method
        As for :func:`groupproj.projector`; the back-end is chosen as it would choose.
    format : str
        A save format or ``"auto"`` (resolved by the rule of the module docstring).
    dtype : {"float64", "float32"}
    known_dim : int, optional
        dim Hom_G(V, W) if known (from an earlier run).

    Costs the back-end choice (family tags and generators) and, for csr/coo exports of
    permutation representations larger than the auto threshold, the group's order.

    Raises
    ------
    BackendNotApplicableError, UnknownNameError
        As :func:`groupproj.equivariant.factory.choose_backend`; UnknownNameError also for an
        ``orbit`` or ``factored`` format the back-end's structure is not.

    Examples
    --------
    >>> import groupproj as gp
    >>> S = gp.symmetric(10)
    >>> e = estimate(S.natural() ** 2, S.natural() ** 2)
    >>> e.method, e.format, e.shape, e.file_bytes
    ('orbit', 'orbit', (100, 100), 40000.0)
    >>> estimate(S.natural(), S.natural()).format
    'csr'
    """
    backend = choose_backend(V, W, method)
    m, n = W.dim, V.dim
    mn = m * n
    structure = NATIVE[backend.name]
    complex_ = not (V.is_real and W.is_real)
    s = (4 if dtype == "float32" else 8) * (2 if complex_ else 1)
    if format == "auto":
        format = "csr" if mn <= AUTO_CSR_MAX_MN else structure
    elif format in ("orbit", "factored") and format != structure:
        need = "permutation representations (the orbit back-end)"
        if format == "factored":
            need = "the spectral back-end"
        raise UnknownNameError(
            f"format {format!r} stores the structure of {need}; this entry is built by the "
            f"{backend.name} back-end: choose 'auto', 'basis', 'dense', 'csr' or 'coo'"
        )
    dim, nnz = mn, mn * mn
    if structure == "orbit":
        dim, nnz = _orbit_bounds(V, W, format in ("csr", "coo") and mn > AUTO_CSR_MAX_MN)
    dim = known_dim if known_dim is not None else dim
    build_memory = float(backend.memory(V, W))
    build_seconds, basis_seconds = _work_seconds(backend, V, W, dim)
    allowed = [structure, "basis", "csr", "coo", "dense"]
    alternatives = {}
    for fmt in dict.fromkeys(allowed):
        file, export_memory, _ = _format_costs(fmt, structure, m, n, s, dim, nnz, basis_seconds)
        alternatives[fmt] = (file, build_memory + export_memory)
    file, export_memory, export_seconds = _format_costs(
        format, structure, m, n, s, dim, nnz, basis_seconds
    )
    return Estimate(
        shape=(m, n),
        method=backend.name,
        structure=structure,
        format=format,
        itemsize=s,
        dim=dim,
        dim_exact=known_dim is not None,
        nnz=nnz,
        file_bytes=file,
        memory=build_memory + export_memory,
        seconds=_SECONDS["entry"] + build_seconds + export_seconds,
        build_memory=build_memory,
        alternatives=alternatives,
    )


def refusal(e: Estimate, limit: int | None = None) -> str | None:
    """Why an estimate exceeds the size limit, with the smallest format that fits; or None."""
    limit = max_bytes() if limit is None else limit
    if e.memory <= limit:
        return None
    what = f"format {e.format!r}"
    if e.build_memory > limit:
        what = f"building the {e.method} structure"
    fits = sorted((file, f) for f, (file, memory) in e.alternatives.items() if memory <= limit)
    instead = (
        f"format {fits[0][1]!r} needs about {format_bytes(fits[0][0])} and fits"
        if fits
        else "no format fits: choose a smaller problem"
    )
    bound = f", at most {e.nnz:.3g} non-zeros" if e.format in ("csr", "coo") else ""
    return (
        f"{what} would need about {format_bytes(e.memory)} (maps {e.shape[0]}×{e.shape[1]}"
        f"{bound}), more than the size limit of {format_bytes(limit)}; {instead} (or raise "
        "--max-bytes)"
    )


@dataclass(frozen=True)
class PlannedEntry:
    """An entry of the spec with its estimate, or the reason it will not be built.

    ``status`` is ``"build"``, ``"up to date"`` (its file is there, from an earlier run),
    ``"refused"`` (over the size limit) or ``"error"`` (the entry is malformed).
    """

    entry: SpecEntry
    status: str
    estimate: Estimate | None = None
    problem: str | None = None
    error: str = ""
    """The class name of the error behind ``problem``."""

    @property
    def number(self) -> int:
        return self.entry.number

    @property
    def name(self) -> str:
        return self.entry.name


def plan_entries(
    entries: list[SpecEntry],
    known: dict[str, dict] | None = None,
    limit: int | None = None,
) -> list[PlannedEntry]:
    """Plan every entry: parse its group and representations, choose, estimate, refuse.

    ``known`` maps names of entries whose file is up to date to their manifest record; their
    dim is exact. Never raises for a bad entry: its problem is on its :class:`PlannedEntry`.
    """
    known = known or {}
    limit = max_bytes() if limit is None else limit
    out = []
    for entry in entries:
        if entry.problem is not None:
            out.append(PlannedEntry(entry, "error", problem=entry.problem, error="ParseError"))
            continue
        spec = entry.spec
        record = known.get(entry.name)
        try:
            _, V, W, _ = resolve(spec)
            e = estimate(
                V,
                W,
                spec["method"],
                spec["format"],
                spec["dtype"],
                record.get("dim") if record else None,
            )
        except GroupprojError as exc:
            out.append(PlannedEntry(entry, "error", problem=str(exc), error=type(exc).__name__))
            continue
        except (RecursionError, MemoryError, OverflowError) as exc:
            problem = f"the entry is too large or deep to plan ({type(exc).__name__})"
            out.append(PlannedEntry(entry, "error", problem=problem, error=type(exc).__name__))
            continue
        if record is not None:
            out.append(PlannedEntry(entry, "up to date", e))
            continue
        reason = refusal(e, limit)
        if reason is not None:
            error = SizeLimitError.__name__
            out.append(PlannedEntry(entry, "refused", e, problem=reason, error=error))
        else:
            out.append(PlannedEntry(entry, "build", e))
    return out


def _count(x: float) -> str:
    if x < 1e5:
        return str(int(x))
    return f"{x:.2g}".replace("e+", "e")


def _seconds(t: float) -> str:
    if t < 1:
        return f"{t * 1000:.0f} ms" if t >= 0.001 else "<1 ms"
    if t < 120:
        return f"{t:.0f} s"
    return f"{t / 60:.0f} min" if t < 7200 else f"{t / 3600:.0f} h"


def plan_table(plan: list[PlannedEntry], width: int = 40) -> str:
    """The plan as a text table, one row per entry, and a total line.

    Columns: number, name, maps (m×n), back-end, format, dim Hom (``≤`` an upper bound),
    non-zeros of the operator (an upper bound), file (before compression), memory, time,
    status; a refused or malformed entry's reason follows its row.
    """
    header = ("#", "name", "maps", "method", "format", "dim", "nnz", "file", "memory", "time")
    rows, notes = [], {}
    for p in plan:
        e = p.estimate
        if e is None:
            cells = ("", "", "", "", "", "", "", "")
        else:
            dim = str(e.dim) if e.dim_exact else f"≤{_count(e.dim)}"
            nnz = f"≤{_count(e.nnz)}" if e.format in ("csr", "coo", "dense") else ""
            cells = (
                f"{e.shape[0]}×{e.shape[1]}",
                e.method,
                e.format,
                dim,
                nnz,
                format_bytes(e.file_bytes),
                format_bytes(e.memory),
                "~" + _seconds(e.seconds),
            )
        name = p.name if len(p.name) <= width else p.name[: width - 1] + "…"
        rows.append((str(p.number), name, *cells, p.status))
        if p.problem:
            notes[len(rows) - 1] = p.problem.splitlines()[0]
    header = (*header, "status")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {0, 5, 6, 7, 8, 9}

    def line(cells: tuple) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(parts).rstrip()

    out = [line(header)]
    for i, row in enumerate(rows):
        out.append(line(row))
        if i in notes:
            out.append(" " * (widths[0] + 2) + "↳ " + notes[i])
    todo = [p for p in plan if p.status == "build"]
    counts = {s: sum(p.status == s for p in plan) for s in ("build", "up to date", "refused")}
    errors = sum(p.status == "error" for p in plan)
    total_file = sum(p.estimate.file_bytes for p in todo)
    total_time = sum(p.estimate.seconds for p in todo)
    work = (
        f" (files ≤ {format_bytes(total_file)} before compression, ~{_seconds(total_time)} of "
        "work)"
        if todo
        else ""
    )
    out.append(
        f"{len(plan)} entries: {counts['build']} to build{work}, {counts['up to date']} up to "
        f"date, {counts['refused']} refused, {errors} malformed"
    )
    return "\n".join(out)
