"""Reading a spec file: defaults, entries, sweeps and name templates (see :mod:`groupproj.batch`).

Every problem with one ``[[projector]]`` table is recorded on the entries it yields and never
stops the others; only a file that cannot be read as a spec at all raises
:class:`~groupproj.errors.ParseError`.
"""

from __future__ import annotations

import datetime
import itertools
import math
import os
import re
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from groupproj._frozen import Frozen
from groupproj.equivariant.factory import METHODS
from groupproj.equivariant.files import SAVE_DTYPES, SAVE_FORMATS
from groupproj.errors import ParseError

__all__ = ["DEFAULTS", "ENTRY_KEYS", "MAX_ENTRIES", "MAX_NAME", "SpecEntry", "load_spec"]

ENTRY_KEYS = ("name", "group", "in", "out", "grid", "method", "format", "dtype")
"""The keys an entry takes; any other key is a sweep variable."""
DEFAULTS = {"method": "auto", "format": "auto", "dtype": "float64"}
"""Values of the keys an entry and ``[defaults]`` leave out."""
MAX_ENTRIES = 10_000
"""The most entries a spec may expand to, sweeps multiplied out."""
MAX_NAME = 200
"""The longest entry name (it names a file, ``<name>.npz``)."""
MAX_SPEC_BYTES = 1_000_000
"""The largest spec file read."""
_TEMPLATE_KEYS = ("group", "in", "out", "method", "format", "dtype")
"""String keys whose values may hold ``{variable}``; the name may also use these keys."""
_CHOICES = {"method": METHODS, "format": SAVE_FORMATS, "dtype": SAVE_DTYPES}
_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SYMBOLS = {"^": "pow", "+": "plus", "*": "x"}


class SpecEntry(Frozen):
    """One entry of a spec, sweeps expanded: its number, name, resolved spec and problem.

    Attributes
    ----------
    number : int
        1-based position among all entries of the spec, in file order.
    name : str
        The output file is ``<name>.npz``.
    spec : dict
        ``group``, ``in``, ``out``, ``method``, ``format``, ``dtype`` (and ``grid``) with
        defaults filled in and templates substituted.
    problem : str or None
        Why the entry cannot be built as written; ``None`` if it can be tried.
    table : int
        1-based number of the ``[[projector]]`` table it comes from.
    values : dict
        The sweep variables' values at this point of the sweep.
    """

    _fields = ("number", "name", "problem", "table")
    number: int
    name: str
    spec: dict[str, Any]
    problem: str | None
    table: int
    values: dict[str, Any]

    def __init__(
        self,
        number: int,
        name: str,
        spec: dict[str, Any],
        problem: str | None,
        table: int = 1,
        values: dict[str, Any] | None = None,
    ):
        self._set(
            number=number,
            name=name,
            spec=dict(spec),
            problem=problem,
            table=table,
            values=dict(values or {}),
        )

    def __repr__(self) -> str:
        return f"<SpecEntry {self.number} {self.name!r}>"


class _Problem(Exception):
    """A problem with one table or entry; becomes its ``problem`` text."""


def _describe(value: Any) -> str:
    if isinstance(value, datetime.date | datetime.time):
        return f"the TOML date/time {value.isoformat()} (quote it to make it a string)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _scalar(key: str, value: Any) -> Any:
    """Check one value (of a key, or one item of a sweep list)."""
    if key == "grid":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _Problem(
                f"'grid' is the kernel side k, a positive integer; got {_describe(value)}"
            )
        return value
    if key in ENTRY_KEYS:
        if not isinstance(value, str):
            raise _Problem(f"{key!r} must be a string, got {_describe(value)}")
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise _Problem(f"sweep variable {key!r} must be finite, got {value!r}")
    if not isinstance(value, str | int | float):  # bool is an int
        raise _Problem(f"sweep variable {key!r} takes strings and numbers, got {_describe(value)}")
    return value


def _values(key: str, value: Any) -> list:
    """The values a key takes: a list sweeps over its items, anything else is one value."""
    if not isinstance(value, list):
        return [_scalar(key, value)]
    if key == "name":
        raise _Problem("'name' is one template string, not a list; put {variables} in it")
    if not value:
        raise _Problem(f"{key!r} is an empty list; a sweep needs at least one value")
    return [_scalar(key, v) for v in value]


def _fields(text: str, where: str) -> list[str]:
    """The variable names in a template; ``{{`` and ``}}`` are literal braces."""
    names = []
    for m in _FIELD.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None or not _IDENTIFIER.fullmatch(m.group(1)):
            raise _Problem(
                f"{where} {_describe(text)}: {token!r} is not a template field; write "
                "{variable} for a value, {{ and }} for literal braces"
            )
        names.append(m.group(1))
    return names


def _substitute(text: str, values: dict[str, Any], where: str) -> str:
    def field(m: re.Match) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = m.group(1)
        if name not in values:
            known = ", ".join(sorted(values)) or "none"
            raise _Problem(f"{where} uses {{{name}}}, which is not defined (defined: {known})")
        return str(values[name])

    _fields(text, where)
    return _FIELD.sub(field, text)


def _default_name(spec: dict[str, Any]) -> str:
    parts = [spec["group"], spec["in"], spec["out"]]
    if "grid" in spec:
        parts.append(f"grid{spec['grid']}")
    parts += [spec[k] for k in ("format", "dtype") if spec[k] != DEFAULTS[k]]
    text = "-".join(str(p) for p in parts)
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    return re.sub(r"[^A-Za-z0-9._-]+", "", text)[:MAX_NAME]


def _entry_problem(spec: dict[str, Any], name: str) -> str | None:
    missing = [k for k in ("group", "in", "out") if k not in spec]
    if missing:
        return f"missing key(s) {missing}; an entry needs a group, 'in' and 'out'"
    for key, allowed in _CHOICES.items():
        if spec[key] not in allowed:
            return f"unknown {key} {spec[key]!r}; choose one of {list(allowed)}"
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        return (
            f"name {_describe(name)} must be a file name of at most {MAX_NAME} letters, "
            "digits, '.', '_' and '-', not starting with '.' (no folders, no absolute paths)"
        )
    return None


def _expand(table: dict[str, Any], defaults: dict[str, Any]) -> list[tuple[str, dict, dict]]:
    """(name, spec, values) for each point of a table's sweep; raises _Problem."""
    lists = {key: _values(key, value) for key, value in table.items()}
    variables = [k for k in table if k not in ENTRY_KEYS]
    used = set()
    for key in ("name", *_TEMPLATE_KEYS):
        for source in (table, defaults):
            if key in source:
                for text in lists[key] if source is table else [source[key]]:
                    used.update(_fields(text, f"{key!r}"))
    unused = [v for v in variables if v not in used]
    if unused:
        raise _Problem(
            f"unknown key(s) {unused}: an entry takes {list(ENTRY_KEYS)}; any other key is a "
            'sweep variable and must appear in a template, e.g. in = "{' + unused[0] + '}"'
        )
    count = math.prod(len(v) for v in lists.values())
    if count > MAX_ENTRIES:
        sizes = " x ".join(str(len(v)) for v in lists.values() if len(v) > 1)
        raise _Problem(
            f"the sweep expands to {count} entries ({sizes}), more than the {MAX_ENTRIES} a "
            "spec may hold; split it"
        )
    out = []
    keys = list(lists)
    for point in itertools.product(*(lists[k] for k in keys)):
        chosen = dict(zip(keys, point))
        values = {k: chosen[k] for k in variables}
        spec = {**DEFAULTS, **defaults, **{k: v for k, v in chosen.items() if k in ENTRY_KEYS}}
        name_template = spec.pop("name", None)
        for key in _TEMPLATE_KEYS:
            if key in spec:
                spec[key] = _substitute(spec[key], values, f"{key!r}")
        if name_template is None:
            name = (
                _default_name(spec) if "group" in spec and "in" in spec and "out" in spec else ""
            )
        else:
            name = _substitute(name_template, {**spec, **values}, "'name'")
        out.append((name, spec, values))
    return out


def _read(path: str | os.PathLike) -> dict[str, Any]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise ParseError(
                f"{path}: {size} bytes, more than the {MAX_SPEC_BYTES} a spec may have"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ParseError(f"{path}: no such spec file") from None
    except OSError as exc:
        raise ParseError(f"{path}: cannot read the spec ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{path}: not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start}); TOML "
            "files are UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ParseError(f"{path}: not valid TOML: nested too deeply") from None


def load_spec(path: str | os.PathLike) -> list[SpecEntry]:
    """Read a spec file into its entries, sweeps expanded (see :mod:`groupproj.batch`).

    Each entry carries its resolved spec and any problem with it; problems with one table
    never affect the others. Costs O(size of the file + number of entries).

    Raises
    ------
    ParseError
        If the file cannot be read, is not UTF-8 or not TOML, is larger than 1 MB, has keys
        other than ``defaults`` and ``projector``, a malformed ``[defaults]`` table, or no
        ``[[projector]]`` list.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "spec.toml"
    >>> _ = p.write_text('''
    ... [[projector]]
    ... name = "s{n}-{rep}"
    ... group = "S{n}"
    ... in = "{rep}"
    ... out = "trivial"
    ... n = [3, 4]
    ... rep = ["natural", "regular"]
    ... ''')
    >>> [(e.number, e.name, e.spec["group"]) for e in load_spec(p)][1:]
    [(2, 's3-regular', 'S3'), (3, 's4-natural', 'S4'), (4, 's4-regular', 'S4')]
    """
    data = _read(path)
    extra = sorted(set(data) - {"defaults", "projector"})
    if extra:
        raise ParseError(
            f"{path}: unknown top-level key(s) {extra}; a spec holds a [defaults] table and "
            "[[projector]] entries"
        )
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ParseError(f"{path}: [defaults] must be a table, got {_describe(defaults)}")
    for key, value in defaults.items():
        if key not in ENTRY_KEYS or key == "name":
            raise ParseError(
                f"{path}: [defaults] takes {[k for k in ENTRY_KEYS if k != 'name']}, not {key!r}"
            )
        try:
            _scalar(key, value)
        except _Problem as exc:
            raise ParseError(f"{path}: [defaults]: {exc}") from None
    tables = data.get("projector")
    if isinstance(tables, dict):
        raise ParseError(f"{path}: write [[projector]] (an array of tables), not [projector]")
    if not isinstance(tables, list) or not tables:
        raise ParseError(f"{path}: no [[projector]] entries")
    entries: list[SpecEntry] = []
    seen: dict[str, int] = {}
    for t, table in enumerate(tables, start=1):
        label = f"table-{t}"
        try:
            if not isinstance(table, dict):
                raise _Problem(
                    f"[[projector]] number {t} must be a table of keys, got {_describe(table)}"
                )
            if isinstance(table.get("name"), str):
                label = table["name"]
            points = _expand(table, defaults)
            if len(entries) + len(points) > MAX_ENTRIES:
                raise _Problem(
                    f"the spec expands to more than the {MAX_ENTRIES} entries a spec may hold"
                )
        except _Problem as exc:
            entries.append(SpecEntry(len(entries) + 1, label, {}, str(exc), t))
            continue
        for name, spec, values in points:
            problem = _entry_problem(spec, name)
            if problem is None and name in seen:
                problem = (
                    f"name {name!r} is already used by entry {seen[name]}; give each entry its "
                    "own name (in a sweep, put the swept {variables} in the name)"
                )
            number = len(entries) + 1
            seen.setdefault(name, number)
            entries.append(SpecEntry(number, name or label, spec, problem, t, values))
    return entries
