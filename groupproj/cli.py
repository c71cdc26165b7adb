"""The ``groupproj`` command: projectors offline, libraries planned and checked, groups described.

Commands (``groupproj <command> --help`` for each)::

    groupproj projector --group G --in V --out W [--grid K] [-o FILE] [--format F] ...
    groupproj info --group G [--limit N]
    groupproj batch SPEC -o OUTDIR [--dry-run] [--jobs N] [--cache DIR|off] ...
    groupproj verify PATH [PATH ...]
    groupproj cache info|clear|verify [--cache DIR]

Every command takes ``--max-bytes N`` (e.g. ``16G``), the size limit of
:mod:`groupproj.limits` for that command. ``groupproj --help`` imports nothing beyond the
standard library's argument parser; each command imports what it needs when it runs.

Output and errors
-----------------
Results go to standard output; errors go to standard error, each on its own line(s) (a
parse error adds the expression and a caret under the column), after standard output is
flushed, never with a traceback. Closing the pipe early (``groupproj info --group A5 |
head``) ends quietly with status 0.

Exit status
-----------

======  ===========================================================================
status  meaning
======  ===========================================================================
0       success
1       partial failure: a batch ran but some entries failed or were refused (a dry
        run: some would be), each reported on its own line and in the manifest
2       usage or bad input: unknown option, malformed group or representation, a spec
        file that cannot be read, ``--jobs 0``, a value out of range
3       size limit: the estimate exceeds ``--max-bytes`` (or the group is too large
        to enumerate); the message gives the estimate and what would fit
4       file format: a projector or cache file is damaged, tampered with or not a
        groupproj file (``verify`` found a problem)
5       the file system: an output folder or file cannot be written (read-only, full,
        not a folder), or another operating-system error
6       a missing optional dependency (e.g. ``dask[distributed]`` for
        ``--scheduler dask``)
70      an internal error (a defect in groupproj; please report it)
130     interrupted (Ctrl-C); a batch has written the manifest of what finished
======  ===========================================================================
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from groupproj._version import __version__
from groupproj.errors import (
    FileFormatError,
    GroupprojError,
    GroupTooLargeError,
    OptionalDependencyError,
    OutputNotWritableError,
    SizeLimitError,
)
from groupproj.limits import parse_bytes

__all__ = ["EXIT_STATUS", "build_parser", "main"]

EXIT_STATUS = {
    "ok": 0,
    "partial": 1,
    "usage": 2,
    "size": 3,
    "file": 4,
    "system": 5,
    "dependency": 6,
    "internal": 70,
    "interrupted": 130,
}
"""The exit status of each kind of outcome (see the module docstring)."""
METHODS = ("auto", "orbit", "spectral", "spatial", "quadrature")
"""``groupproj.equivariant.factory.METHODS``, spelt out so that ``--help`` imports nothing."""
FORMATS = ("auto", "orbit", "factored", "basis", "dense", "csr", "coo")
"""``groupproj.equivariant.files.SAVE_FORMATS``, likewise."""
DTYPES = ("float64", "float32")
"""``groupproj.equivariant.files.SAVE_DTYPES``, likewise."""
GROUPS = (
    "a group: C<n>, D<n>, S<n>, A<n>, Q8, K4, T, O, Oh, I, SO2, O2, SO3, O3, SU2, "
    "products of finite groups such as C2xS3, or a crystallographic point group such as "
    "D3h, -6m2 or point:C3"
)
INFO_LIMIT = 20
"""Default of ``info --limit``: classes listed, and the most for a printed character table."""
MAX_TABLE = 100
"""``info`` never prints a character table with more classes than this."""


class _UsageError(Exception):
    """A command line argparse refuses; reported as one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{message} (see {self.prog} --help)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _nbytes(text: str) -> int:
    try:
        return parse_bytes(text)
    except GroupprojError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _out(*lines: str) -> None:
    for line in lines:
        sys.stdout.write(line + "\n")


def _rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    _out(*(f"{k:<{width}}  {v}" for k, v in rows))


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- commands --------------------------------------------------------------------------------


def _projector(args: argparse.Namespace) -> int:
    from pathlib import Path

    from groupproj.batch.plan import estimate, refusal, resolve
    from groupproj.batch.worker import known_nnz
    from groupproj.equivariant.factory import projector
    from groupproj.equivariant.files import save

    spec = {"group": args.group, "in": args.rep_in, "out": args.rep_out}
    if args.grid is not None:
        spec["grid"] = args.grid
    G, V, W, expression_in = resolve(spec)
    path = Path(args.output) if args.output else None
    format = args.format
    if path is not None:  # plan the file before building anything
        mtx = path.suffix == ".mtx"
        e = estimate(V, W, args.method, "coo" if mtx else format, args.dtype)
        reason = refusal(e)
        if reason is not None:
            raise SizeLimitError(reason)
        format = format if mtx else e.format
    start = time.perf_counter()
    P = projector(V, W, method=args.method)
    dim = P.dim
    built = time.perf_counter() - start
    rows = [
        ("group", f"{G.name} (order {G.order if G.is_finite else 'infinite'})"),
        ("V (in)", f"{_short(expression_in)} (dim {V.dim})"),
        ("W (out)", f"{_short(W.name)} (dim {W.dim})"),
        ("map shape", f"{P.shape[0]} x {P.shape[1]} (W.dim x V.dim)"),
        ("dim Hom_G(V,W)", str(dim)),
        ("back-end", P.method),
        ("build time", f"{built:.3f} s"),
    ]
    nnz = known_nnz(P, None, "")
    if path is not None:
        start = time.perf_counter()
        written = save(P, path, format=format, dtype=args.dtype)
        nnz = known_nnz(P, path, written["format"])
        rows += [
            ("format", written["format"] if path.suffix != ".mtx" else "MatrixMarket (coo)"),
            ("write time", f"{time.perf_counter() - start:.3f} s"),
            ("wrote", str(path)),
        ]
    bound = f"≤ {P.structure.estimated_nnz()} (a bound; the operator is not built)"
    rows.append(("nnz", str(nnz) if nnz is not None else bound))
    _rows(rows)
    return 0


def _info(args: argparse.Namespace) -> int:
    from groupproj.parse import parse_group

    G = parse_group(args.group)
    gens = ", ".join(_short(repr(g), 60) for g in G.generators[:4])
    more = f", … ({len(G.generators)} in all)" if len(G.generators) > 4 else ""
    rows = [
        ("group", G.name),
        ("order", str(G.order) if G.is_finite else "infinite (compact Lie group)"),
        ("generators", f"{len(G.generators)}: {gens}{more}"),
    ]
    if not G.is_finite:
        _rows([*rows, ("irreps up to degree 3", ", ".join(r.name for r in G.irreps(3)))])
        return 0
    _rows(rows)
    sys.stdout.flush()
    classes = G.conjugacy_classes()
    limit = args.limit
    _rows([("conjugacy classes", str(len(classes)))])
    width = max(len(str(c.size)) for c in classes)
    _out(f"  {'#':>4}  {'size':>{width}}  representative")
    for i, c in enumerate(classes[:limit], start=1):
        _out(f"  {i:>4}  {c.size:>{width}}  {_short(repr(c.representative), 60)}")
    if len(classes) > limit:
        _out(f"  … {len(classes) - limit} more classes (--limit {len(classes)} lists them all)")
    if len(classes) > min(limit, MAX_TABLE):
        hint = (
            f"--limit {len(classes)} prints it"
            if len(classes) <= MAX_TABLE
            else f"tables of more than {MAX_TABLE} classes are never printed"
        )
        _out(
            f"character table  {len(classes)} × {len(classes)}: not printed, more than "
            f"{min(limit, MAX_TABLE)} classes ({hint})"
        )
        return 0
    _out("character table", str(G.character_table()))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from groupproj.batch import plan_batch, plan_table, run_batch

    if args.dry_run:
        plan = plan_batch(args.spec, args.output, args.max_bytes)
        _out(plan_table(plan))
        bad = [p for p in plan if p.status in ("refused", "error")]
        return EXIT_STATUS["partial"] if bad else 0
    if args.output is None:
        raise _UsageError("batch needs -o OUTDIR (or --dry-run) (see groupproj batch --help)")
    cache: Any = False if args.cache == "off" else args.cache
    manifest = run_batch(
        args.spec,
        args.output,
        jobs=args.jobs,
        scheduler=args.scheduler,
        address=args.address,
        cache=cache,
        max_bytes=args.max_bytes,
    )
    summary = manifest["summary"]
    where = os.path.join(args.output, "manifest.json")
    _out(f"{summary['ok']} ok, {summary['error']} failed; manifest in {where}")
    return EXIT_STATUS["partial"] if summary["error"] else 0


def _verify(args: argparse.Namespace) -> int:
    from groupproj.batch.verify import verify_paths

    checks = verify_paths(args.paths, samples=args.samples)
    for c in checks:
        if c.ok:
            errors = ", ".join(f"{k.replace('_', '-')} {v:.1e}" for k, v in c.errors.items())
            _out(f"ok  {c.path}: dim {c.dim}; digest; {errors} (tolerance {c.tolerance:.1e})")
        else:
            sys.stdout.flush()
            for problem in c.problems:
                print(f"groupproj: error: {problem}", file=sys.stderr)
    failed = sum(not c.ok for c in checks)
    _out(f"{len(checks) - failed} of {len(checks)} files ok")
    return EXIT_STATUS["file"] if failed else 0


def _cache(args: argparse.Namespace) -> int:
    from groupproj.cache import Cache
    from groupproj.limits import format_bytes

    store = Cache(False if args.cache == "off" else args.cache)
    if not store.enabled:
        _out("the cache is off (GROUPPROJ_CACHE=off or --cache off)")
        return 0
    if args.action == "info":
        info = store.info()
        groups = sorted(info["groups"].items(), key=lambda kv: -kv[1]["bytes"])
        by_group = ", ".join(
            f"{name} {g['entries']} ({format_bytes(g['bytes'])})" for name, g in groups[:8]
        )
        more = f", … {len(groups) - 8} more groups" if len(groups) > 8 else ""
        _rows(
            [
                ("cache", info["directory"]),
                ("entries", f"{info['entries']} ({format_bytes(info['bytes'])})"),
                ("by group", (by_group + more) or "-"),
                (
                    "temporaries",
                    f"{info['temporaries']} left by killed writers "
                    f"({format_bytes(info['temporary_bytes'])})",
                ),
            ]
        )
        return 0
    if args.action == "clear":
        removed, freed = store.clear()
        _out(f"removed {removed} files ({format_bytes(freed)}) from {store.directory}")
        return 0
    results = store.verify()
    bad = [(p, problem) for p, problem in results if problem]
    sys.stdout.flush()
    for _, problem in bad:
        print(f"groupproj: error: {problem}", file=sys.stderr)
    _out(f"{len(results) - len(bad)} of {len(results)} cache entries ok")
    return EXIT_STATUS["file"] if bad else 0


# --- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``groupproj`` command (see the module docstring)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--max-bytes",
        type=_nbytes,
        metavar="N",
        help="size limit, e.g. 16G (default: $GROUPPROJ_MAX_BYTES or 4G)",
    )
    parser = _Parser(
        prog="groupproj",
        description="Exact projectors onto equivariant linear maps, generated offline.",
        epilog="Exit status: 0 ok, 1 some entries failed, 2 usage or bad input, 3 size limit, "
        "4 file format, 5 file system, 6 missing optional dependency, 70 internal error, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"groupproj {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser(
        "projector", parents=[common], help="build the projector onto Hom_G(V, W) and save it"
    )
    p.add_argument("--group", required=True, help=GROUPS)
    p.add_argument("--in", dest="rep_in", required=True, help="V, e.g. 'natural^2+trivial'")
    p.add_argument("--out", dest="rep_out", required=True, help="W, e.g. 'regular' or '2x1o'")
    p.add_argument("--grid", type=_positive, metavar="K", help="kernel side: maps V ⊗ grid<K> → W")
    p.add_argument("--method", default="auto", choices=METHODS)
    p.add_argument("--format", default="auto", choices=FORMATS, help="for -o (default: auto)")
    p.add_argument("--dtype", default="float64", choices=DTYPES, help="for -o")
    p.add_argument("-o", "--output", help="file to write (.npz, or .mtx for the operator)")
    p.set_defaults(run=_projector)

    i = sub.add_parser(
        "info", parents=[common], help="order, conjugacy classes and character table of a group"
    )
    i.add_argument("--group", required=True, help=GROUPS)
    i.add_argument(
        "--limit",
        type=_positive,
        default=INFO_LIMIT,
        help=f"classes to list, and the most for a printed table (default {INFO_LIMIT})",
    )
    i.set_defaults(run=_info)

    b = sub.add_parser(
        "batch", parents=[common], help="plan and build every projector of a TOML spec file"
    )
    b.add_argument("spec", help="TOML spec file (see examples/library.toml)")
    b.add_argument("-o", "--output", help="output folder")
    b.add_argument(
        "--dry-run", action="store_true", help="print the plan as a table; build nothing"
    )
    b.add_argument("--jobs", type=_positive, help="worker processes (default: the CPUs available)")
    b.add_argument("--scheduler", default="processes", choices=["processes", "dask"])
    b.add_argument("--address", help="address of a running dask.distributed scheduler")
    b.add_argument(
        "--cache", help="cache folder, or 'off' (default: $GROUPPROJ_CACHE or ~/.cache)"
    )
    b.set_defaults(run=_batch)

    v = sub.add_parser(
        "verify",
        parents=[common],
        help="re-check files' digests and the projector laws on a sample",
    )
    v.add_argument("paths", nargs="+", metavar="PATH", help="projector files or output folders")
    v.add_argument("--samples", type=_positive, default=2, help="random maps per file (default 2)")
    v.set_defaults(run=_verify)

    c = sub.add_parser("cache", parents=[common], help="look at, check or clear the cache")
    c.add_argument("action", choices=["info", "clear", "verify"])
    c.add_argument("--cache", help="cache folder (default: $GROUPPROJ_CACHE or ~/.cache)")
    c.set_defaults(run=_cache)
    return parser


def _status(exc: BaseException) -> int:
    if isinstance(exc, OutputNotWritableError):
        return EXIT_STATUS["system"]
    if isinstance(exc, SizeLimitError | GroupTooLargeError):
        return EXIT_STATUS["size"]
    if isinstance(exc, FileFormatError):
        return EXIT_STATUS["file"]
    if isinstance(exc, OptionalDependencyError):
        return EXIT_STATUS["dependency"]
    if isinstance(exc, GroupprojError | _UsageError):
        return EXIT_STATUS["usage"]
    return EXIT_STATUS["system"]


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, GroupprojError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    return str(exc)


def _quiet_stdout() -> None:
    """After a broken pipe: send what is left of standard output nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
        pass


def _report(text: str) -> None:
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        _quiet_stdout()
    sys.stderr.write(f"groupproj: {text}\n")
    sys.stderr.flush()


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0)
    if args.max_bytes is None:
        return args.run(args) or 0
    from groupproj.limits import size_limit

    with size_limit(args.max_bytes):
        return args.run(args) or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    try:
        status = _run(argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:  # the reader went away: nothing left to say
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        _report("interrupted")
        return EXIT_STATUS["interrupted"]
    except (GroupprojError, _UsageError, OSError) as exc:
        _report(f"error: {_message(exc)}")
        return _status(exc)
    except Exception as exc:  # a defect; one line, no traceback
        _report(f"internal error: {type(exc).__name__}: {exc} (please report this)")
        return EXIT_STATUS["internal"]


if __name__ == "__main__":
    sys.exit(main())
