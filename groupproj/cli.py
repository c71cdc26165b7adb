"""The ``groupproj`` command: generate projectors offline, describe groups."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from groupproj.equivariant.factory import BACKENDS, projector
from groupproj.equivariant.files import SAVE_FORMATS
from groupproj.errors import GroupprojError
from groupproj.parse import GROUP_HELP, parse_group, parse_rep


def _projector(args: argparse.Namespace) -> None:
    G = parse_group(args.group)
    V, W = parse_rep(args.rep_in, G), parse_rep(args.rep_out, G)
    start = time.perf_counter()
    P = projector(V, W, method=args.method)
    dim = P.dim
    built = time.perf_counter() - start
    rows = [
        ("group", f"{G.name} (order {G.order if G.is_finite else 'infinite'})"),
        ("V (in)", f"{V.name} (dim {V.dim})"),
        ("W (out)", f"{W.name} (dim {W.dim})"),
        ("map shape", f"{P.shape[0]} x {P.shape[1]} (W.dim x V.dim)"),
        ("dim Hom_G(V,W)", str(dim)),
        ("back-end", P.method),
        ("build time", f"{built:.3f} s"),
    ]
    if args.output:
        start = time.perf_counter()
        P.save(args.output, format=args.format)
        rows += [
            ("format", args.format),
            ("nnz", str(P.nnz()) if args.format in ("csr", "coo", "dense") else "-"),
            ("write time", f"{time.perf_counter() - start:.3f} s"),
            ("wrote", str(args.output)),
        ]
    else:
        rows.append(("nnz", str(P.nnz())))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


def _info(args: argparse.Namespace) -> None:
    G = parse_group(args.group)
    print(f"group  {G.name}")
    print(f"order  {G.order if G.is_finite else 'infinite (compact Lie group)'}")
    print(f"generators  {len(G.generators)}: " + ", ".join(map(repr, G.generators)))
    if not G.is_finite:
        print("irreps up to degree 3  " + ", ".join(r.name for r in G.irreps(3)))
        return
    classes = G.conjugacy_classes()
    print(f"conjugacy classes  {len(classes)}")
    for i, c in enumerate(classes):
        print(f"  {i:>3}  size {c.size:>5}  representative {c.representative!r}")
    table = getattr(G, "character_table", None)
    if table is not None:
        print("character table")
        print(table())


def _batch(args: argparse.Namespace) -> int:
    from groupproj.batch import run_batch

    cache = False if args.cache == "off" else args.cache
    try:
        manifest = run_batch(
            args.spec,
            args.output,
            jobs=args.jobs,
            scheduler=args.scheduler,
            address=args.address,
            cache=cache,
        )
    except KeyboardInterrupt:
        print("groupproj: interrupted; the manifest lists the entries finished", file=sys.stderr)
        return 130
    summary = manifest["summary"]
    print(f"{summary['ok']} ok, {summary['error']} failed; manifest in {args.output}")
    return 1 if summary["error"] else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="groupproj",
        description="Exact projectors onto equivariant linear maps, generated offline.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("projector", help="build the projector onto Hom_G(V, W) and save it")
    p.add_argument("--group", required=True, help=GROUP_HELP)
    p.add_argument("--in", dest="rep_in", required=True, help="V, e.g. 'natural^2+trivial'")
    p.add_argument("--out", dest="rep_out", required=True, help="W, e.g. 'regular'")
    p.add_argument("--method", default="auto", choices=["auto", *BACKENDS])
    p.add_argument("--format", default="csr", choices=SAVE_FORMATS)
    p.add_argument("-o", "--output", help="file to write (.npz or .mtx)")
    p.set_defaults(run=_projector)
    i = sub.add_parser("info", help="order, conjugacy classes and character table of a group")
    i.add_argument("--group", required=True, help=GROUP_HELP)
    i.set_defaults(run=_info)
    b = sub.add_parser("batch", help="build every projector of a TOML spec file, with a manifest")
    b.add_argument("spec", help="TOML spec file (see examples/projectors.toml)")
    b.add_argument("-o", "--output", required=True, help="output folder")
    b.add_argument("--jobs", type=int, help="parallel workers (default: the CPUs available)")
    b.add_argument("--scheduler", default="processes", choices=["processes", "dask"])
    b.add_argument("--address", help="address of a running dask.distributed scheduler")
    b.add_argument(
        "--cache", help="cache folder, or 'off' (default: $GROUPPROJ_CACHE or ~/.cache)"
    )
    b.set_defaults(run=_batch)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (GroupprojError, OSError) as exc:
        print(f"groupproj: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
