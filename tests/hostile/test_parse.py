"""Hostile inputs to the group-name and representation-expression parsers, and a fuzz target.

Every malformed name or expression is refused with a GroupprojError, fast, before anything
large is built; the fuzz target checks that random strings from the grammar's alphabet
(plus junk) either parse or are refused so, within the harness's time limit.
"""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import groupproj as gp
from groupproj.limits import size_limit
from groupproj.parse import MAX_DEPTH, MAX_LENGTH, parse_group, parse_rep
from hostile.harness import Case, cases, refuse

S3, SO3, O3, SU2, C2, C4 = (
    gp.symmetric(3),
    gp.SO3(),
    gp.O3(),
    gp.SU2(),
    gp.cyclic(2),
    gp.cyclic(4),
)


def _rep(expr, group=S3):
    return lambda: parse_rep(expr, group)


def _group(name):
    return lambda: parse_group(name)


PARSE = gp.ParseError
UNKNOWN = gp.UnknownNameError
SIZE = gp.SizeLimitError
TYPE = gp.InvalidTypeError
RULE = gp.SelectionRuleError

REPRESENTATIONS = [
    # arithmetic in labels, and numbers that are not ASCII digits
    Case("divide-by-zero", _rep("irrep(1/0)", SU2), PARSE),
    Case("negative-denominator", _rep("irrep(1/-2)", SU2), PARSE),
    Case("double-slash", _rep("irrep(1//2)", SU2), PARSE),
    Case("double-minus", _rep("irrep(--1)", SO3), PARSE),
    Case("superscript-power", _rep("natural^²"), PARSE),
    Case("arabic-indic-power", _rep("natural^٣"), PARSE),
    Case("arabic-indic-label", _rep("irrep(١)", SO3), PARSE),
    Case("superscript-multiplicity", _rep("²xnatural"), PARSE),
    Case("fullwidth-letter", _rep("ｎatural"), PARSE),
    Case("mathematical-digit", _rep("𝟙o", O3), PARSE),
    Case("times-sign", _rep("natural×natural"), PARSE),
    Case("circled-plus", _rep("natural⊕trivial"), PARSE),
    Case("combining-accent", _rep("natural\u0301"), PARSE),
    Case("null-byte", _rep("natural\x00"), PARSE),
    Case("newline", _rep("natural\n+trivial"), PARSE),
    Case("float-power", _rep("natural^2.5"), PARSE),
    Case("hundred-digit-number", _rep("1" * 101 + "xtrivial"), PARSE),
    # empty and unbalanced
    Case("empty", _rep(""), PARSE),
    Case("blank", _rep("   \t "), PARSE),
    Case("only-plus", _rep("+"), PARSE),
    Case("leading-plus", _rep("+natural"), PARSE),
    Case("trailing-plus", _rep("natural+"), PARSE),
    Case("trailing-power", _rep("natural^"), PARSE),
    Case("double-power", _rep("natural^^2"), PARSE),
    Case("trailing-paren", _rep("natural)"), PARSE),
    Case("open-paren", _rep("(natural"), PARSE),
    Case("empty-parens", _rep("()"), PARSE),
    Case("two-names", _rep("natural natural"), PARSE),
    Case("trailing-garbage", _rep("natural+trivial#"), PARSE),
    Case("trailing-word", _rep("natural^2 please"), PARSE),
    Case("empty-irrep", _rep("irrep()", SO3), PARSE),
    Case("trailing-comma", _rep("irrep(1,)", O3), PARSE),
    Case("unclosed-irrep", _rep("irrep(1", SO3), PARSE),
    Case("word-label", _rep("irrep(a)", SU2), gp.InvalidTypeError),  # a name, not a spin
    Case("empty-dual", _rep("dual()"), PARSE),
    Case("space-inside-e3nn", _rep("1 o", O3), UNKNOWN),
    # multiplicities and powers that are not positive integers
    Case("negative-multiplicity", _rep("-3xregular"), PARSE),
    Case("zero-multiplicity", _rep("0xregular"), PARSE),
    Case("zero-multiplicity-e3nn", _rep("0x1o", O3), PARSE),
    Case("dangling-multiplicity", _rep("3x"), PARSE),
    Case("double-multiplicity", _rep("2x3xnatural"), PARSE),
    Case("zero-power", _rep("natural^0"), PARSE),
    Case("negative-power", _rep("natural^-1"), PARSE),
    Case("multiplicity-after-power", _rep("natural^2x3"), PARSE),
    # too long, too deep, too large
    Case("long", _rep("x" * (MAX_LENGTH + 1)), PARSE),
    Case("long-and-valid", _rep("+".join(["trivial"] * 2000)), PARSE),
    Case("5000-parentheses", _rep("(" * 5000 + "natural" + ")" * 5000), PARSE),
    Case("too-deep", _rep("(" * (MAX_DEPTH + 1) + "natural" + ")" * (MAX_DEPTH + 1)), PARSE),
    Case("too-deep-dual", _rep("dual(" * (MAX_DEPTH + 1) + "natural" + ")" * 51), PARSE),
    Case("too-deep-label", _rep("irrep(" + "(" * MAX_DEPTH + "1" + ")" * 51, S3), PARSE),
    Case("huge-power", _rep("regular^99999999", C2), SIZE),
    Case("huge-power-of-a-line", _rep("trivial^99999999", C2), SIZE),
    Case("huge-multiplicity", _rep("99999999999999999999999xregular", C2), SIZE),
    Case("huge-multiplicity-of-a-line", _rep("100000000xtrivial", C2), SIZE),
    Case("huge-e3nn-multiplicity", _rep("10000000x1o", O3), SIZE),
    Case("nested-multiplicities", _rep("1000x(1000x(1000xtrivial))", C2), SIZE),
    Case("huge-degree", _rep("irrep(99999999999)", SO3), SIZE),
    Case("huge-bare-degree", _rep("99999999999", SO3), SIZE),
    Case("huge-e3nn-degree", _rep("99999999999o", O3), SIZE),
    Case("huge-spin", _rep("irrep(99999999999/2)", SU2), SIZE),
    Case("power-of-a-power", _rep("(natural^20)^20"), SIZE),
    Case("huge-grid", _rep("grid99999", C4), SIZE),
    # names the group does not offer
    Case("misspelt", _rep("natral"), UNKNOWN),
    Case("capitalised", _rep("Natural"), UNKNOWN),
    Case("regular-of-so3", _rep("regular", SO3), UNKNOWN),
    Case("sign-of-o3", _rep("sign", O3), UNKNOWN),
    Case("parity-on-so3", _rep("1o", SO3), UNKNOWN),
    Case("no-parity-on-o3", _rep("2x1", O3), UNKNOWN),
    Case("e3nn-on-finite", _rep("1o"), UNKNOWN),
    Case("bare-degree-on-su2", _rep("1", SU2), UNKNOWN),
    Case("o3-name-on-so3", _rep("D1o", SO3), UNKNOWN),
    Case("so3-name-on-o3", _rep("D1", O3), UNKNOWN),
    Case("missing-finite-irrep", _rep("irrep(9)"), UNKNOWN),
    Case("unknown-function", _rep("sqrt(natural)"), UNKNOWN),
    Case("called-name", _rep("natural(1)"), UNKNOWN),
    Case("grid-of-so3", _rep("grid3", SO3), UNKNOWN),
    Case("grid-of-s3", _rep("grid3"), UNKNOWN),
    Case("grid-zero", _rep("grid0", C4), UNKNOWN),
    Case("grid-wrong-dimension", _rep("grid3x3x3", C4), UNKNOWN),
    Case("grid-unequal-sides", _rep("grid3x4", C4), UNKNOWN),
    # labels the group refuses
    Case("half-integer-on-so3", _rep("irrep(1/2)", SO3), RULE),
    Case("bad-parity", _rep("irrep(1,2)", O3), RULE),
    Case("tuple-label-on-so3", _rep("irrep((1,2))", SO3), RULE),
    # not strings, not groups
    Case("none-expression", _rep(None), TYPE),
    Case("bytes-expression", _rep(b"natural"), TYPE),
    Case("list-expression", _rep(["natural"]), TYPE),
    Case("number-group", _rep("natural", 5), TYPE),
    Case("huge-group-by-name", _rep("natural", "C99999999999999999999999"), SIZE),
]

GROUP_NAMES = [
    Case("huge-cyclic", _group("C99999999999999999999999"), SIZE),
    Case("huge-symmetric", _group("S" + "9" * 150), SIZE),
    Case("huge-in-a-product", _group("C2xD999999999999"), SIZE),
    Case("S0", _group("S0"), UNKNOWN),
    Case("C0", _group("C0"), UNKNOWN),
    Case("A0", _group("A0"), UNKNOWN),
    Case("D-1", _group("D-1"), PARSE),
    Case("Cx", _group("Cx"), UNKNOWN),
    Case("letter-only", _group("S"), UNKNOWN),
    Case("unknown-letter", _group("Z8"), UNKNOWN),
    Case("unknown-word", _group("Foo"), UNKNOWN),
    Case("empty", _group(""), PARSE),
    Case("blank", _group("   "), PARSE),
    Case("only-x", _group("x"), PARSE),
    Case("trailing-x", _group("C2x"), PARSE),
    Case("double-x", _group("C2xxC2"), PARSE),
    Case("decimal", _group("C8.5"), PARSE),
    Case("exponent", _group("C1e3"), UNKNOWN),
    Case("cyrillic-C", _group("С8"), PARSE),
    Case("fullwidth-digit", _group("C２"), PARSE),
    Case("times-sign", _group("C2×C2"), PARSE),
    Case("null-byte", _group("C2\x00"), PARSE),
    Case("unclosed-paren", _group("SO(3"), UNKNOWN),
    Case("compact-in-a-product", _group("SO3xC2"), UNKNOWN),
    Case("compact-second", _group("C2xO3"), UNKNOWN),
    Case("long", _group("C2x" * 100 + "C2"), PARSE),
    Case("none", _group(None), TYPE),
    Case("int", _group(8), TYPE),
]


@cases(REPRESENTATIONS)
def test_representation_refused(case):
    _check_picture(refuse(case))


@cases(GROUP_NAMES)
def test_group_name_refused(case):
    _check_picture(refuse(case))


def _check_picture(exc: gp.GroupprojError) -> None:
    """A located error: one complete line, the input, and a caret under a column of it."""
    lines = str(exc).splitlines()
    if " at column " not in lines[0]:
        assert len(lines) == 1
        return
    summary, shown, caret = lines
    assert re.search(r"['\"] at column [1-9][0-9]*: ", summary)
    assert caret.strip() == "^" and len(caret) <= len(shown) + 1


# --- fuzzing ------------------------------------------------------------------------------

_PIECES = [
    *"0123456789",
    "12",
    "x",
    "e",
    "o",
    "y",
    " ",
    "+",
    "*",
    "^",
    "(",
    ")",
    ",",
    "/",
    "-",
    "trivial",
    "natural",
    "regular",
    "sign",
    "irrep(",
    "irrep_c(",
    "dual(",
    "D",
    "D1o",
    "grid",
    *"²٣×é\x00\n#@.ｎ",
    "𝟙",
    "Natural",
]
_GROUPS = {name: parse_group(name) for name in ("O3", "SO3", "S3", "D4", "C4", "C2xC2", "SU2")}
_EXPRESSIONS = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    st.text(max_size=40),
)
_NAME_PIECES = [*"CDSAQKTIOxX() -.é", "SO", "SU", "Oh", "V4", *"0123456789", "99999999999"]


class _Parsed(gp.GroupprojError):
    """Raised by the fuzz targets when the input parses, so that :func:`refuse` times and
    checks both outcomes alike: a Representation or Group, or a GroupprojError, never a
    builtin exception and never a hang."""


def _parse_rep_or_refuse(expr: str, group: gp.Group) -> None:
    with size_limit("64M"):
        rep = parse_rep(expr, group)
    assert isinstance(rep, gp.Representation) and rep.dim >= 1 and rep.group == group
    raise _Parsed(f"{expr!r} parsed as {rep.name}")


def _parse_group_or_refuse(name: str) -> None:
    with size_limit("64M"):
        G = parse_group(name)
    assert isinstance(G, gp.Group)
    raise _Parsed(f"{name!r} parsed as {G.name}")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(expr=_EXPRESSIONS, group=st.sampled_from(sorted(_GROUPS)))
def test_fuzz_parse_rep(expr, group):
    call = lambda: _parse_rep_or_refuse(expr, _GROUPS[group])  # noqa: E731
    exc = refuse(Case("fuzz", call, gp.GroupprojError))
    if not isinstance(exc, _Parsed):
        _check_picture(exc)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.lists(st.sampled_from(_NAME_PIECES), max_size=8).map("".join))
def test_fuzz_parse_group(name):
    exc = refuse(Case("fuzz", lambda: _parse_group_or_refuse(name), gp.GroupprojError))
    if not isinstance(exc, _Parsed):
        _check_picture(exc)
