"""Group names and representation expressions, as the command line and spec files write them.

Group names: ``C8``, ``D4``, ``S5``, ``A5``, ``Q8``, ``K4``, ``T``, ``O``, ``I``,
and products joined by ``x`` such as ``C2xS3``.

Representation expressions: the names ``trivial``, ``regular``, ``natural``
and ``sign``, and ``irrep(a, b, ...)`` for ``G.irrep(a, b, ...)`` (e.g.
``irrep(2)`` of SO3, ``irrep(1,-1)`` of O3), combined with ``+`` (direct
sum), ``*`` (tensor product) and ``^k`` (tensor power), with parentheses;
``^`` binds tightest, then ``*``, then ``+``. Example: ``natural^2+trivial``.
"""

from __future__ import annotations

import re
from fractions import Fraction

from groupproj.errors import ParseError, UnknownNameError
from groupproj.groups import named, planar, rotation3d
from groupproj.groups.base import Group
from groupproj.groups.product import direct_product
from groupproj.reps.base import Representation

_FAMILIES = {
    "C": named.cyclic,
    "D": named.dihedral,
    "S": named.symmetric,
    "A": named.alternating,
}
_SINGLETONS = {
    "Q8": named.quaternion,
    "K4": named.klein_four,
    "V4": named.klein_four,
    "T": named.tetrahedral,
    "O": named.octahedral,
    "I": named.icosahedral,
    "SO2": planar.SO2,
    "O2": planar.O2,
    "SO3": rotation3d.SO3,
    "O3": rotation3d.O3,
    "SU2": rotation3d.SU2,
}
GROUP_HELP = (
    "C<n>, D<n>, S<n>, A<n>, Q8, K4, T, O, I, SO2, O2, SO3, O3, SU2, "
    "or products of finite groups such as C2xS3"
)


def parse_group(name: str) -> Group:
    """The group a name stands for; raises :class:`UnknownNameError` with the valid forms."""
    parts = [p.strip() for p in name.strip().split("x")]
    groups = [_parse_one_group(p, name) for p in parts]
    G = groups[0]
    for H in groups[1:]:
        G = direct_product(G, H)
    return G


def _parse_one_group(part: str, whole: str) -> Group:
    if part in _SINGLETONS:
        return _SINGLETONS[part]()
    m = re.fullmatch(r"([CDSA])(\d+)", part)
    if m and int(m.group(2)) >= 1:
        return _FAMILIES[m.group(1)](int(m.group(2)))
    raise UnknownNameError(f"unknown group {whole!r}: expected {GROUP_HELP}")


_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z_0-9]*)|(.))")


def _tokens(expr: str) -> list[str]:
    out = []
    for num, word, sym in _TOKEN.findall(expr):
        tok = num or word or sym
        if tok.strip():
            out.append(tok)
    return out


def parse_rep(expr: str, group: Group) -> Representation:
    """The representation of ``group`` an expression stands for.

    Raises :class:`ParseError` for malformed expressions and
    :class:`UnknownNameError` for names the group does not offer.
    """
    tokens = _tokens(expr)
    if not tokens:
        raise ParseError("empty representation expression; try e.g. 'natural^2+trivial'")
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal pos
        tok = peek()
        if tok is None or (expected is not None and tok != expected):
            want = f"{expected!r}" if expected else "more input"
            raise ParseError(f"in {expr!r}: expected {want}, found {tok!r}")
        pos += 1
        return tok

    def atom() -> Representation:
        tok = take()
        if tok == "(":
            rep = sum_()
            take(")")
            return rep
        if not re.fullmatch(r"[A-Za-z_]\w*", tok):
            raise ParseError(f"in {expr!r}: unexpected {tok!r}")
        if tok == "irrep":
            return _irrep(group, arguments())
        return _named_rep(tok, group)

    def arguments() -> list[Fraction]:
        take("(")
        args = []
        while True:
            sign = -1 if peek() == "-" else 1
            if sign < 0:
                take("-")
            num = take()
            if not num.isdigit():
                raise ParseError(f"in {expr!r}: irrep labels are integers or p/q, got {num!r}")
            value = Fraction(int(num))
            if peek() == "/":
                take("/")
                value /= int(take())
            args.append(sign * value)
            if take() == ")":
                return args

    def power() -> Representation:
        rep = atom()
        while peek() == "^":
            take("^")
            k = take()
            if not k.isdigit() or int(k) < 1:
                raise ParseError(f"in {expr!r}: a power needs a positive integer, got {k!r}")
            rep = rep ** int(k)
        return rep

    def product() -> Representation:
        rep = power()
        while peek() == "*":
            take("*")
            rep = rep * power()
        return rep

    def sum_() -> Representation:
        rep = product()
        while peek() == "+":
            take("+")
            rep = rep + product()
        return rep

    rep = sum_()
    if pos != len(tokens):
        raise ParseError(f"in {expr!r}: unexpected {tokens[pos]!r}")
    return rep


def _irrep(group: Group, args: list[Fraction]) -> Representation:
    if not hasattr(group, "irrep"):
        raise UnknownNameError(f"{group.name} offers no irrep(...) labels")
    labels = [int(a) if a.denominator == 1 else a for a in args]
    return group.irrep(*labels)


def _named_rep(name: str, group: Group) -> Representation:
    builders = {"trivial": "trivial", "natural": "natural", "regular": "regular", "sign": "sign"}
    attr = builders.get(name)
    if attr is None or not hasattr(group, attr):
        offered = [n for n in builders if hasattr(group, n)]
        raise UnknownNameError(
            f"{group.name} has no representation named {name!r}; it offers {', '.join(offered)}"
        )
    return getattr(group, attr)()
