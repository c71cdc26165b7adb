"""Hostile batch specs: a file that is no spec is refused whole with a ParseError; a bad
entry fails alone, with its reason, and the entries around it are planned and built."""

from __future__ import annotations

import io
import signal
from pathlib import Path

import pytest

import groupproj as gp
from groupproj.batch import load_spec, plan_batch, run_batch
from groupproj.batch.spec import MAX_ENTRIES
from hostile.harness import LIMIT_SECONDS, Case, refuse

GOOD = '[[projector]]\nname = "good"\ngroup = "C2"\nin = "regular"\nout = "trivial"\n'
ENTRY = '[[projector]]\nname = "bad"\ngroup = "S3"\nin = "natural"\nout = "natural"\n'


def _with(**changes: str) -> str:
    """The bad entry with some keys' TOML values replaced (or added)."""
    lines = {k: v for k, v in (line.split(" = ", 1) for line in ENTRY.splitlines()[1:])}
    lines.update(changes)
    return "[[projector]]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items())


# --- whole files that are not specs: ParseError ---------------------------------------------

FILES: dict[str, bytes | None] = {
    "not-toml": b"[[projector]\n",
    "dangling-key": b"a = \n",
    "unterminated-string": b'[[projector]]\ngroup = "S3\n',
    "duplicate-key": b'[[projector]]\ngroup = "S3"\ngroup = "S4"\n',
    "non-utf8": b'[[projector]]\ngroup = "S3"\nin = "caf\xe9"\n',
    "utf16": '[[projector]]\ngroup = "S3"\n'.encode("utf-16"),
    "binary": bytes(range(256)),
    "empty": b"",
    "only-comments": b"# nothing\n",
    "single-table": b'[projector]\ngroup = "S3"\nin = "natural"\nout = "natural"\n',
    "projector-a-string": b'projector = "S3"\n',
    "projector-empty": b"projector = []\n",
    "unknown-top-level": GOOD.encode() + b"\n[extra]\nx = 1\n",
    "defaults-not-a-table": b"defaults = 3\n" + GOOD.encode(),
    "defaults-unknown-key": b'[defaults]\nfromat = "csr"\n' + GOOD.encode(),
    "defaults-name": b'[defaults]\nname = "x"\n' + GOOD.encode(),
    "defaults-date": b"[defaults]\ndtype = 1979-05-27\n" + GOOD.encode(),
    "defaults-list": b'[defaults]\nformat = ["csr"]\n' + GOOD.encode(),
    "deep-arrays": b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "deep-tables": b"a = " + b"{b = " * 50_000 + b"1" + b"}" * 50_000 + b"\n",
    "too-large": b"# " + b"x" * 2_000_000 + b"\n" + GOOD.encode(),
    "missing": None,
}


@pytest.mark.parametrize("case", sorted(FILES), ids=sorted(FILES))
def test_a_file_that_is_no_spec_is_refused_whole(case, tmp_path):
    path = tmp_path / "spec.toml"
    if FILES[case] is not None:
        path.write_bytes(FILES[case])
    exc = refuse(Case(case, lambda: load_spec(path), gp.ParseError))
    assert str(path) in str(exc)
    refuse(
        Case(case, lambda: run_batch(path, tmp_path / "out", stdout=io.StringIO()), gp.ParseError)
    )
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_folder_is_no_spec(tmp_path):
    refuse(Case("folder", lambda: load_spec(tmp_path), gp.ParseError))


# --- bad entries: each fails alone ---------------------------------------------------------------

ENTRIES: dict[str, tuple[str, str]] = {
    # (the bad [[projector]] table(s), a fragment of its message)
    "projector-a-number": (
        'projector = [1, { name = "good", group = "C2", in = "regular", out = "trivial" }]\n',
        "must be a table",
    ),
    "date": (_with(**{"in": "1979-05-27"}), "TOML date"),
    "datetime": (_with(out="1979-05-27T07:32:00Z"), "TOML date"),
    "time": (_with(group="07:32:00"), "TOML date"),
    "integer-expression": (_with(**{"in": "3"}), "must be a string"),
    "bool-expression": (_with(**{"in": "true"}), "must be a string"),
    "inline-table": (_with(out="{ a = 1 }"), "a table"),
    "nested-table": (ENTRY + "[projector.sub]\nx = 1\n", "a table"),
    "nested-list": (_with(**{"in": '[["natural"]]'}), "must be a string, got a list"),
    "empty-list": (_with(**{"in": "[]"}), "empty list"),
    "name-list": (_with(name='["a", "b"]'), "one template string"),
    "name-number": (_with(name="3"), "must be a string"),
    "unknown-group": (_with(group='"Z9"'), "Z9"),
    "group-zero": (_with(group='"S0"'), "n >= 1"),
    "group-huge": (_with(group='"C99999999999999999999999"'), "size limit"),
    "group-compact-product": (_with(group='"S3xSO3"'), "finite"),
    "group-unicode": (_with(group='"Ｓ3"'), "unexpected"),
    "division-by-zero": (_with(group='"SU2"', **{"in": '"irrep(1/0)"'}), "denominator"),
    "superscript": (_with(**{"in": '"natural^²"'}), "write ^2"),
    "deep-parentheses": (
        _with(**{"in": '"' + "(" * 1000 + "natural" + ")" * 1000 + '"'}),
        "nest at most",
    ),
    "huge-power": (_with(**{"in": '"regular^99999999"'}), "size limit"),
    "huge-tensor": (_with(**{"in": '"natural^40"'}), "size limit"),
    "empty-expression": (_with(out='""'), "expected"),
    "trailing-operator": (_with(**{"in": '"natural^"'}), "expected"),
    "grid-zero": (_with(grid="0"), "kernel side"),
    "grid-negative": (_with(grid="-3"), "kernel side"),
    "grid-float": (_with(grid="1.5"), "kernel side"),
    "grid-string": (_with(grid='"3"'), "kernel side"),
    "grid-bool": (_with(grid="true"), "kernel side"),
    "grid-compact": (_with(group='"SO3"', grid="3"), "grid"),
    "unknown-method": (_with(method='"magic"'), "unknown method"),
    "unknown-format": (_with(format='"png"'), "unknown format"),
    "unknown-dtype": (_with(dtype='"float16"'), "unknown dtype"),
    "format-misfit": (_with(group='"O"', format='"orbit"'), "orbit"),
    "method-misfit": (_with(group='"Q8"', method='"orbit"'), "does not apply"),
    "missing-out": ('[[projector]]\nname = "bad"\ngroup = "S3"\nin = "natural"\n', "missing"),
    "parent-folder": (_with(name='"../evil"'), "no folders"),
    "absolute": (_with(name='"/etc/evil"'), "no absolute paths"),
    "subfolder": (_with(name='"a/b"'), "no folders"),
    "hidden": (_with(name='".hidden"'), "not starting with '.'"),
    "empty-name": (_with(name='""'), "file name"),
    "long-name": (_with(name='"' + "x" * 300 + '"'), "at most 200"),
    "unicode-name": (_with(name='"é"'), "file name"),
    "templated-traversal": (_with(name='"{d}x"', d='"../"'), "no folders"),
    "duplicate-name": (ENTRY + GOOD.replace('"good"', '"bad"'), "already used"),
    "sweep-same-name": (_with(**{"in": '"{r}"'}, r='["natural", "trivial"]'), "already used"),
    "typo-key": (_with(fromat='"csr"'), "unknown key"),
    "unused-variable-list": (_with(l="[1, 2]"), "must appear in a template"),
    "undefined-variable": (_with(name='"x-{nope}"'), "not defined"),
    "open-brace": (_with(name='"x-{"'), "not a template field"),
    "attribute-field": (_with(name='"{a.b}"', a='"x"'), "not a template field"),
    "positional-field": (_with(name='"{0}"'), "not a template field"),
    "empty-field": (_with(name='"{}"'), "not a template field"),
    "nan-variable": (_with(name='"x{v}"', v="nan"), "finite"),
    "table-variable": (_with(name='"x{v}"', v="{ a = 1 }"), "a table"),
    "huge-sweep": (
        _with(name='"{a}{b}{c}{d}{e}"', **{k: str(list(range(10))) for k in "abcde"}),
        f"more than the {MAX_ENTRIES}",
    ),
    "size-refusal": (
        _with(group='"S30"', **{"in": '"natural^2"', "out": '"natural^2"'}, format='"csr"'),
        "fits",
    ),
}


def _alarm(signum, frame):
    raise TimeoutError


@pytest.mark.parametrize("case", sorted(ENTRIES), ids=sorted(ENTRIES))
def test_a_bad_entry_fails_alone_with_its_reason(case, tmp_path):
    table, fragment = ENTRIES[case]
    spec = tmp_path / "spec.toml"
    spec.write_text(table if table.startswith("projector =") else table + GOOD)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT_SECONDS)
    try:
        plan = plan_batch(spec)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    *bad, good = plan
    assert good.name == "good" and good.status == "build"
    failed = [p for p in bad if p.status in ("error", "refused")]
    assert failed and all(p.problem and "Traceback" not in p.problem for p in failed)
    assert any(fragment in p.problem for p in failed), [p.problem for p in failed]
    assert len(failed) == len(bad) or "name" in case  # only a duplicate's first use is fine


def test_every_bad_entry_in_one_batch_fails_alone_and_the_good_ones_are_built(tmp_path):
    spec = tmp_path / "spec.toml"
    tables = [
        t
        for name, (t, _) in sorted(ENTRIES.items())
        if "name" not in name and not t.startswith("projector =")
    ]
    text = ""
    for i, t in enumerate(tables):
        text += t.replace('"bad"', f'"bad{i}"') if "duplicate" not in t else t
    spec.write_text(GOOD.replace('"good"', '"first"') + text + GOOD)
    err = io.StringIO()
    manifest = run_batch(
        spec, tmp_path / "out", jobs=2, cache=False, stdout=io.StringIO(), stderr=err
    )
    records = manifest["entries"]
    ok = [r["name"] for r in records if r["status"] == "ok"]
    assert ok[0] == "first" and ok[-1] == "good"
    failed = [r for r in records if r["status"] == "error"]
    assert failed and all(r["message"] and r["error"] for r in failed)
    assert not [r for r in failed if r["error"] in ("TypeError", "KeyError", "ValueError")]
    lines = [line for line in err.getvalue().splitlines() if ": error: " in line]
    assert len(lines) == len(failed)
    total = manifest["summary"]["ok"] + manifest["summary"]["error"]
    assert all(line.startswith("[") and f"/{total}] " in line for line in lines)
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert written <= {f"{name}.npz" for name in ok} | {"manifest.json"}
    assert not any(Path("/etc/evil.npz").exists() for _ in [0])
