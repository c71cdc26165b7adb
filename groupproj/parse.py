r"""Group names and representation expressions, as the command line, spec files and
:func:`parse_rep` read them.

Group names
-----------
Case-insensitive (``so3``, ``SO(3)`` and ``SO3`` are one group), with spaces allowed
around the ``x`` that joins the factors of a direct product::

    group  = factor , { "x" , factor } ;            (* G x H x K = (G x H) x K *)
    factor = letters , [ digits | "(" , digits , ")" ] ;
    letters = letter , { letter } ;   digits = digit , { digit } ;   (* ASCII *)

A factor is one of ``C<n>`` (cyclic), ``D<n>`` (dihedral, order 2n), ``S<n>``
(symmetric), ``A<n>`` (alternating), each with n >= 1; ``Q8``, ``K4`` (also ``V4``),
``T``, ``O``, ``Oh``, ``I``; ``SO2``, ``O2``, ``SO3``, ``O3``, ``SU2`` (also written
``SO(2)`` ... ``SU(2)``, as ``G.name`` prints them). Direct products are of finite
groups; ``parse_group(G.name) == G`` for every group named here.

Representation expressions
--------------------------
Case-sensitive, ASCII, spaces allowed between tokens (not inside ``1o`` or a name).
In ISO EBNF::

    sum     = product , { "+" , product } ;                 (* direct sum *)
    product = scaled , { "*" , scaled } ;                   (* tensor product *)
    scaled  = [ count , "x" ] , power ;                     (* N x V = V + ... + V *)
    power   = atom , { "^" , count } ;                      (* tensor power *)
    atom    = "(" , sum , ")"
            | "dual" , "(" , sum , ")"
            | ( "irrep" | "irrep_c" ) , "(" , labels , ")"
            | digits , [ "e" | "o" | "y" ]                  (* e3nn: 1o, 2e; SO(3): 1 *)
            | name ;
    labels  = label , { "," , label } ;
    label   = [ "-" ] , digits , [ "/" , digits ] | "(" , labels , ")" | letters_digits ;
    name    = "trivial" | "natural" | "regular" | "sign"
            | "D" , digits , [ "e" | "o" ] , [ "c" ]        (* D1o: printed O(3) irreps *)
            | ( "rho" | "exp" ) , digits , [ "c" ] | "det"  (* printed SO(2), O(2) irreps *)
            | "grid" , digits , { "x" , digits } ;          (* grid5, grid5x5 *)
    count   = digits ;                                      (* a positive integer *)

``^`` binds tightest, then the multiplicity ``N x``, then ``*``, then ``+``; all of them
group left to right. So ``2x1o^2*0e+0e`` is ``((2x(1o^2))*0e)+0e``, ``natural^2^3`` is
``natural^6``, and ``2x(natural+trivial)`` is ``natural+trivial+natural+trivial``. The
``x`` of a multiplicity may have spaces around it (``3 x regular``) and needs none
before a name (``3xregular``).

What the atoms build, on a group ``G``:

* ``trivial``, ``natural``, ``regular``, ``sign``: ``G.trivial()`` and so on;
* ``irrep(a, b, ...)``: for a compact group ``G.irrep(a, b, ...)`` in its default basis
  (``irrep(2)`` of SO(3), ``irrep(1,-1)`` of O(3), ``irrep(1/2)`` of SU(2)), and
  ``irrep_c(...)`` the same in the complex basis; for a finite group the irrep of
  ``G.irreps("real")`` (``irrep_c``: of ``G.irreps("complex")``) printed so, e.g.
  ``irrep(2,1)`` of S3 (a partition) or ``irrep((2,1),(1))`` of S3xS1;
* e3nn notation: on O(3), ``l`` followed by the parity letter, ``le`` for
  ``G.irrep(l, 1)``, ``lo`` for ``G.irrep(l, -1)`` and ``ly`` for parity (-1)^l; on
  SO(3), the bare degree ``l`` for ``G.irrep(l)``. So ``"8x0e+4x1o+2x2e"`` on O(3) is
  8 scalars, 4 vectors and 2 even rank-2 irreps, dimension 8 + 12 + 10 = 30;
* ``D<l>``, ``D<l>c`` (SO(3)) and ``D<l>e``, ``D<l>o``, ``D<l>ec``, ``D<l>oc`` (O(3));
  ``rho<k>``, ``exp<k>`` (k ≥ 0, SO(2)) and ``rho<m>``, ``rho<m>c``, ``det`` (O(2)):
  the irreps by the names they print (``c``: the complex basis);
* ``irrep(A1g)``: a finite group's irrep by its printed label (Mulliken names of the point
  groups);
* ``grid<k>``: the permutation representation of a finite group on the points of its
  k x ... x k grid (:func:`groupproj.reps.grid.grid_rep`); ``grid5x5`` as it prints,
  checking that the group acts on a 2D grid;
* ``dual(V)``: ``V.dual()``.

Reading e3nn's labels in groupproj's conventions: e3nn's irrep ``(l, p)`` has parity
p = +1 (``e``) or -1 (``o``), the sign by which the inversion -I acts. groupproj's
O(3) ``irrep(l, parity)`` maps s·R to ``parity^[s = -1] D^l(R)``, the same sign, so
``1o`` is the polar vector ``irrep(1, -1)`` (equivalent to ``natural()``) and ``1e`` the
axial vector ``irrep(1, 1)``. The parser builds groupproj's irreps in groupproj's real
basis; it does not change bases. e3nn orders ``l = 1`` as (x, y, z) where groupproj
orders it (y, z, x); ``groupproj.harmonic.e3nn_change_of_basis(l)`` converts coefficient
vectors and matrices (docs/conventions.md).

Printing back: the names of trivial, natural, regular and sign representations, of
SO(3) and O(3) irreps, of finite groups' irreps, grids, duals, and of sums, tensor
products and powers of these read back as the same representation:
``parse_rep(V.name, V.group) == V``.

Limits and errors
-----------------
Every input is refused up front, before anything large is built:

* an expression longer than :data:`MAX_LENGTH` characters, nested deeper than
  :data:`MAX_DEPTH` parentheses, or with a number of more than :data:`MAX_DIGITS`
  digits raises :class:`ParseError`, as does any syntax error: its message shows the
  expression with a caret under the offending column;
* a name the group does not offer raises :class:`UnknownNameError` (irrep labels the
  group refuses: :class:`SelectionRuleError`), at its column;
* an expression that expands (multiplicities and powers multiplied out) to more than
  :data:`MAX_TERMS` named representations, or whose one matrix would exceed the size
  limit of :mod:`groupproj.limits` (8·d bytes for the image list of a permutation
  representation of dimension d, 8·d² for a dense float64 matrix otherwise; complex
  representations take twice that) raises :class:`SizeLimitError` with the estimate;
  so does a group name whose generators would (about 100 bytes per point and generator);
* a name or expression that is not a ``str`` raises :class:`InvalidTypeError`.

The parse costs O(length) time; the representation it returns is lazy (its matrices are
computed when asked for), except ``grid<k>``, whose permutations are built at once
(O(|G|·k^d)), ``regular``, whose dimension needs the group's order, and finite
``irrep(...)``, which lists the group's irreps.

Examples
--------
>>> import groupproj as gp
>>> from groupproj.parse import parse_group, parse_rep
>>> G = parse_group("O3")
>>> V = parse_rep("8x0e+4x1o+2x2e", G)
>>> V.dim
30
>>> {rho.name: m for rho, m in V.decompose().blocks}
{'D0e': 8, 'D1o': 4, 'D2e': 2}
>>> parse_rep("3x regular", "C2xC2").dim, parse_group("c2xs3").name
(12, 'C2xS3')
>>> parse_rep(V.name, G) == V
True
>>> parse_rep("natural^²", "S3")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
groupproj.errors.ParseError: in ... 'natural^²' at column 9: expected a positive integer power, ...
natural^²
        ^
"""

from __future__ import annotations

import math
import re
import unicodedata
from fractions import Fraction
from typing import Any, NamedTuple

from groupproj.errors import (
    GroupprojError,
    InvalidTypeError,
    ParseError,
    SelectionRuleError,
    SizeLimitError,
    UnknownNameError,
)
from groupproj.groups import named, planar, rotation3d
from groupproj.groups.base import FiniteGroup, Group
from groupproj.groups.compact import CompactGroup
from groupproj.groups.point import point_group
from groupproj.groups.product import direct_product
from groupproj.limits import check_bytes
from groupproj.reps.algebra import DirectSum, Inflation, TensorProduct, direct_sum, tensor
from groupproj.reps.base import Representation
from groupproj.reps.basic import PermutationNatural, RegularRep, TrivialRep
from groupproj.reps.grid import GridRep, geometric_action

__all__ = [
    "GROUP_HELP",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_GROUP_NAME",
    "MAX_LENGTH",
    "MAX_TERMS",
    "parse_group",
    "parse_rep",
]

MAX_LENGTH = 10_000
"""The longest representation expression read, in characters."""
MAX_GROUP_NAME = 200
"""The longest group name read, in characters."""
MAX_DEPTH = 50
"""The deepest nesting of parentheses read."""
MAX_DIGITS = 100
"""The most digits a number in an expression may have."""
MAX_TERMS = 100_000
"""The most named representations (irreps, ``natural``, ...) an expression may expand to,
counting ``N x V`` as N copies of V and ``V^k`` as k."""

GROUP_HELP = (
    "C<n>, D<n>, S<n>, A<n>, Q8, K4, T, O, Oh, I, SO2, O2, SO3, O3, SU2, "
    "products of finite groups such as C2xS3, or a crystallographic point group such as D3h, "
    "-6m2 or point:C3"
)

_FAMILIES = {
    "C": (named.cyclic, 1),
    "D": (named.dihedral, 2),
    "S": (named.symmetric, 2),
    "A": (named.alternating, 2),
}
"""Family letter: (constructor, number of generators)."""
_SINGLETONS = {
    "Q8": named.quaternion,
    "K4": named.klein_four,
    "V4": named.klein_four,
    "T": named.tetrahedral,
    "O": named.octahedral,
    "OH": named.full_octahedral,
    "I": named.icosahedral,
    "SO2": planar.SO2,
    "O2": planar.O2,
    "SO3": rotation3d.SO3,
    "O3": rotation3d.O3,
    "SU2": rotation3d.SU2,
}
_BYTES_PER_POINT = 100
"""Peak bytes per point of one generator of a permutation group: a Python tuple of ints
and the list it is built from (measured with tracemalloc on ``cyclic(10**6)``)."""

_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_REST = _NAME_START | _DIGITS
_SPACE = frozenset(" \t")
_SYMBOLS = frozenset("+*^(),/-")
_PARITIES = {"e": 1, "o": -1}
_NAMED_REPS = ("trivial", "natural", "regular", "sign")
_CALLS = ("irrep", "irrep_c", "dual")
_LOOKALIKES = {
    "²": "^2",
    "³": "^3",
    "×": "x or *",
    "⊗": "*",
    "⊕": "+",
    "−": "-",
    "（": "(",
    "）": ")",
}
"""Non-ASCII characters people paste, and what to write instead."""
_GROUP, _EXPR = "group name", "representation expression"
_WINDOW = 72
"""Widest stretch of an expression an error message shows."""


# --- error messages ---
def _located(
    cls: type[GroupprojError], kind: str, text: str, pos: int, detail: str
) -> GroupprojError:
    """``cls`` with a message that says where and what, then shows ``text`` with a caret
    under column ``pos`` (0-based; the message counts from 1).

    The first line is complete on its own (for logs and one-line reports)::

        in the representation expression 'natural^²' at column 9: expected a positive ...
        natural^²
                ^

    Long texts are cut to a window around the column; in the picture, characters that
    would shift the caret (control, combining and wide characters) show as ``?``.
    """
    start = max(0, min(pos - _WINDOW // 2, len(text) - _WINDOW))
    end = min(len(text), start + _WINDOW)
    before, after = ("..." if start > 0 else ""), ("..." if end < len(text) else "")
    window = text[start:end]
    shown = "".join(
        c
        if c.isprintable()
        and not unicodedata.combining(c)
        and unicodedata.east_asian_width(c) not in "WF"
        else "?"
        for c in window
    )
    caret = " " * (len(before) + pos - start) + "^"
    return cls(
        f"in the {kind} {before + window + after!r} at column {pos + 1}: {detail}\n"
        f"{before}{shown}{after}\n{caret}"
    )


def _describe(c: str) -> str:
    """``'²' (U+00B2 SUPERSCRIPT TWO; write ^2)`` for a character."""
    hint = f"; write {_LOOKALIKES[c]}" if c in _LOOKALIKES else ""
    return f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}{hint})"


def _as_float(n: int | float) -> float:
    """n as a float, ``inf`` where it is too large for one (estimates only)."""
    return float(n) if n < 2**1000 else math.inf


def _dim_text(d: int | float) -> str:
    """A dimension for a message: exact below 10^15, else rounded."""
    if d < 10**15:
        return str(d)
    rounded = _as_float(d)
    return f"about {rounded:.3g}" if math.isfinite(rounded) else "beyond 2^1000"


def _require_str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(f"{what} must be a str, got {type(value).__name__} {value!r:.80}")
    return value


# --- group names ---
def parse_group(name: str) -> Group:
    """The group a name stands for (grammar in the module docstring).

    Parameters
    ----------
    name : str
        E.g. ``"D4"``, ``"so3"``, ``"C2xS3"``; at most :data:`MAX_GROUP_NAME` characters.

    Raises
    ------
    ParseError
        If the name has characters no group name uses, or an empty factor.
    UnknownNameError
        If a factor names no group (``Z8``, ``S0``) or a product has a compact factor.
    SizeLimitError
        If the group's generators would exceed the size limit (``C99999999999999``).
    InvalidTypeError
        If ``name`` is not a ``str``.

    Examples
    --------
    >>> from groupproj.parse import parse_group
    >>> parse_group("C2xC2xC2").order, parse_group("SO(3)").name
    (8, 'SO(3)')
    """
    name = _require_str(name, "a group name")
    if len(name) > MAX_GROUP_NAME:
        raise ParseError(
            f"a group name has at most {MAX_GROUP_NAME} characters, got {len(name)}; "
            f"expected {GROUP_HELP}"
        )
    if name.strip().lower().startswith("point:"):
        return point_group(name.strip()[len("point:") :].strip())
    try:
        return _parse_named(name)
    except (ParseError, UnknownNameError) as exc:
        try:  # a crystallographic point group by a name no family uses: D3h, -6m2, 4/mmm
            return point_group(name.strip())
        except GroupprojError:
            raise exc from None


def _parse_named(name: str) -> Group:
    for pos, c in enumerate(name):
        if not (c in _NAME_REST or c in _SPACE or c in "()"):
            found = _describe(c) if not c.isascii() else repr(c)
            raise _located(ParseError, _GROUP, name, pos, f"unexpected {found}")
    factors: list[tuple[str, int]] = []
    start = 0
    for piece in re.split(r"[xX]", name):
        factors.append((piece, start))
        start += len(piece) + 1
    groups = [_parse_factor(piece, pos, name) for piece, pos in factors]
    G = groups[0]
    for (_, pos), H in zip(factors[1:], groups[1:]):
        for factor in (G, H):
            if not isinstance(factor, FiniteGroup):
                raise _located(
                    UnknownNameError,
                    _GROUP,
                    name,
                    pos - 1,
                    f"direct products are of finite groups, and {factor.name} is not finite",
                )
        G = direct_product(G, H)
    return G


def _parse_factor(piece: str, pos: int, whole: str) -> Group:
    stripped = piece.strip()
    pos += len(piece) - len(piece.lstrip())
    if not stripped:
        raise _located(ParseError, _GROUP, whole, pos, f"expected a group name: {GROUP_HELP}")
    unknown = _located(
        UnknownNameError, _GROUP, whole, pos, f"unknown group {stripped!r}: expected {GROUP_HELP}"
    )
    m = re.fullmatch(r"([A-Za-z]+)(?:([0-9]+)|\(([0-9]+)\))?", stripped)
    if m is None:
        raise unknown
    letters, digits = m.group(1).upper(), m.group(2) or m.group(3) or ""
    if letters + digits in _SINGLETONS:
        return _SINGLETONS[letters + digits]()
    if letters not in _FAMILIES or not digits:
        raise unknown
    build, generators = _FAMILIES[letters]
    n = int(digits)
    if n < 1:
        raise _located(
            UnknownNameError,
            _GROUP,
            whole,
            pos,
            f"{letters}<n> is a group for n >= 1, not n = {n}",
        )
    check_bytes(
        _as_float(generators * n * _BYTES_PER_POINT),
        f"the group {letters}{n} ({generators} generating permutation(s) of {n} points)",
        "groupproj stores each generator as the list of its images",
    )
    return build(n)


# --- representation expressions: tokens ---
class _Token(NamedTuple):
    kind: str
    """``int``, ``e3nn`` (1o), ``name``, ``x`` (multiplicity), a symbol, ``bad`` (a
    character no token starts with; the last before ``end``) or ``end``."""
    text: str
    pos: int


def _lex(text: str) -> list[_Token]:
    """The tokens of an expression, ending with an ``end`` token; O(len(text))."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
        elif c in _DIGITS:
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j - i > MAX_DIGITS:
                raise _located(
                    ParseError,
                    _EXPR,
                    text,
                    i,
                    f"a number has at most {MAX_DIGITS} digits, not {j - i}",
                )
            if j < n and text[j] in "eoy" and (j + 1 == n or text[j + 1] not in _NAME_REST):
                tokens.append(_Token("e3nn", text[i : j + 1], i))
                i = j + 1
                continue
            tokens.append(_Token("int", text[i:j], i))
            k = j
            while k < n and text[k] in _SPACE:
                k += 1
            if k < n and text[k] == "x":  # a multiplicity: 3x regular, 3xregular
                tokens.append(_Token("x", "x", k))
                j = k + 1
            i = j
        elif c in _NAME_START:
            j = i + 1
            while j < n and text[j] in _NAME_REST:
                j += 1
            tokens.append(_Token("name", text[i:j], i))
            i = j
        elif c in _SYMBOLS:
            tokens.append(_Token(c, c, i))
            i += 1
        else:  # the parser says what it expected here
            tokens.append(_Token("bad", c, i))
            break
    tokens.append(_Token("end", "", n))
    return tokens


# --- representation expressions: parser ---
class _Size(NamedTuple):
    """What the limits need to know of a subexpression, found without building it."""

    dim: int | float
    """Its dimension (``inf`` where too large to matter)."""
    terms: int
    """The named representations it expands to."""
    permutation: bool
    """Whether it is a permutation representation by construction."""

    def plus(self, other: _Size) -> _Size:
        return _Size(
            self.dim + other.dim, self.terms + other.terms, self.permutation and other.permutation
        )

    def times(self, other: _Size) -> _Size:
        return _Size(
            self.dim * other.dim, self.terms + other.terms, self.permutation and other.permutation
        )

    def copies(self, n: int) -> _Size:
        return _Size(n * self.dim, n * self.terms, self.permutation)

    def power(self, k: int) -> _Size:
        d = self.dim
        dim = 1 if d == 1 else (d**k if k * math.log2(d) <= 1000 else math.inf)
        return _Size(dim, k * self.terms, self.permutation)


class _Node(NamedTuple):
    """A parsed subexpression: the representation and its size."""

    rep: Representation
    size: _Size


def _known_permutation(rep: Representation) -> bool:
    """Whether ``rep`` is a permutation representation by construction (no matrices built)."""
    if isinstance(rep, (TrivialRep, RegularRep, PermutationNatural, GridRep)):
        return True
    if isinstance(rep, (DirectSum, TensorProduct)):
        return all(_known_permutation(p) for p in rep.parts)
    return isinstance(rep, Inflation) and _known_permutation(rep.rep)


class _Parser:
    """Recursive descent over the tokens, one method per rule of the grammar."""

    def __init__(self, text: str, group: Group):
        self.text, self.group = text, group
        self.tokens = _lex(text)
        self.i = 0
        self.depth = 0

    # --- tokens ---
    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, tok: _Token, expected: str) -> ParseError:
        if tok.kind == "end":
            found = "the end of the expression"
        elif tok.kind == "bad" and not tok.text.isascii():
            found = f"{_describe(tok.text)}: expressions are ASCII"
        else:
            found = repr(tok.text)
        return _located(
            ParseError, _EXPR, self.text, tok.pos, f"expected {expected}, found {found}"
        )

    def expect(self, kind: str, expected: str) -> _Token:
        if self.tok.kind != kind:
            raise self.fail(self.tok, expected)
        return self.advance()

    def count(self, what: str) -> int:
        tok = self.tok
        if tok.kind != "int":
            raise self.fail(tok, what)
        if int(tok.text) < 1:
            raise _located(
                ParseError, _EXPR, self.text, tok.pos, f"expected {what}, found {tok.text}"
            )
        self.advance()
        return int(tok.text)

    def nest(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _located(
                ParseError, _EXPR, self.text, tok.pos, f"parentheses nest at most {MAX_DEPTH} deep"
            )

    def source(self, start: int) -> str:
        """The expression's text from ``start`` to the current token, cut to 40 characters."""
        text = self.text[start : self.tok.pos].strip()
        return text if len(text) <= 40 else text[:37] + "..."

    # --- limits ---
    def checked(self, size: _Size, start: int) -> None:
        """Refuse the subexpression from ``start`` if it breaks :data:`MAX_TERMS` or one
        matrix of it the size limit."""
        what = self.source(start)
        if size.permutation:
            nbytes, form = 8 * size.dim, "the int64 image list"
        else:
            nbytes, form = 8 * size.dim**2, "a dense float64 matrix"
        try:
            check_bytes(
                _as_float(nbytes),
                f"{form} of {what!r} (dimension {_dim_text(size.dim)})",
                "write a smaller expression",
            )
        except SizeLimitError as exc:
            raise _located(SizeLimitError, _EXPR, self.text, start, str(exc)) from None
        if size.terms > MAX_TERMS:
            raise _located(
                SizeLimitError,
                _EXPR,
                self.text,
                start,
                f"{what!r} expands to {size.terms} named representations, more than the "
                f"{MAX_TERMS} an expression may build",
            )

    def built(self, start: int, build: Any, *args: Any) -> Representation:
        """``build(*args)``, its groupproj errors located at ``start``."""
        try:
            return build(*args)
        except GroupprojError as exc:
            raise _located(type(exc), _EXPR, self.text, start, str(exc)) from None

    # --- rules ---
    def parse(self) -> Representation:
        if self.tok.kind == "end":
            raise self.fail(self.tok, "a representation such as 'natural^2+trivial' or '2x1o'")
        node = self.sum()
        if self.tok.kind != "end":
            raise self.fail(self.tok, "'+', '*', '^' or the end of the expression")
        return node.rep

    def sum(self) -> _Node:
        return self.chain("+", self.product, _Size.plus, direct_sum)

    def product(self) -> _Node:
        return self.chain("*", self.scaled, _Size.times, tensor)

    def chain(self, op: str, operand, grow, build) -> _Node:
        """``operand {op operand}``: the size checked as it grows, then built in one step."""
        start = self.tok.pos
        first = operand()
        reps, size = [first.rep], first.size
        while self.tok.kind == op:
            self.advance()
            node = operand()
            size = grow(size, node.size)
            self.checked(size, start)
            reps.append(node.rep)
        return _Node(build(*reps), size)

    def scaled(self) -> _Node:
        start = self.tok.pos
        if self.tok.kind != "int" or self.tokens[self.i + 1].kind != "x":
            return self.power()
        n = self.count("a positive multiplicity")
        self.advance()  # the x
        node = self.power()
        size = node.size.copies(n)
        self.checked(size, start)
        return _Node(direct_sum(*([node.rep] * n)), size)

    def power(self) -> _Node:
        start = self.tok.pos
        node = self.atom()
        while self.tok.kind == "^":
            self.advance()
            k = self.count("a positive integer power")
            size = node.size.power(k)
            self.checked(size, start)
            node = _Node(node.rep**k, size)
        return node

    def atom(self) -> _Node:
        tok = self.tok
        if tok.kind == "(":
            self.advance()
            self.nest(tok)
            node = self.sum()
            self.expect(")", "')' to close the '(' at column " + str(tok.pos + 1))
            self.depth -= 1
            return node
        if tok.kind == "int" and self.tokens[self.i + 1].kind == "x":
            raise _located(
                ParseError,
                _EXPR,
                self.text,
                tok.pos,
                "expected a representation after the multiplicity, found another multiplicity;"
                " write their product once, e.g. 6x1o for 2x3x1o",
            )
        if tok.kind in ("int", "e3nn"):
            self.advance()
            return self.leaf(tok.pos, self.built(tok.pos, _e3nn, self.group, tok.text))
        if tok.kind != "name":
            raise self.fail(tok, "a representation (a name, an irrep or '(')")
        self.advance()
        if self.tok.kind == "(":
            return self.call(tok)
        return self.leaf(tok.pos, self.built(tok.pos, _named, self.group, tok.text))

    def call(self, name: _Token) -> _Node:
        if name.text not in _CALLS:
            raise _located(
                UnknownNameError,
                _EXPR,
                self.text,
                name.pos,
                f"{name.text!r} takes no arguments; the functions are {', '.join(_CALLS)}",
            )
        paren = self.advance()
        self.nest(paren)
        if name.text == "dual":
            inner = self.sum()
            self.expect(")", "')' to close dual(")
            self.depth -= 1
            return _Node(inner.rep.dual(), inner.size)
        labels = self.labels()
        rep = self.built(name.pos, _irrep, self.group, name.text, labels)
        self.expect(")", f"')' to close {name.text}(")
        self.depth -= 1
        return self.leaf(name.pos, rep)

    def labels(self) -> tuple:
        out = [self.label()]
        while self.tok.kind == ",":
            self.advance()
            out.append(self.label())
        return tuple(out)

    def label(self) -> Any:
        tok = self.tok
        if tok.kind == "(":
            self.advance()
            self.nest(tok)
            inner = self.labels()
            self.expect(")", "')' to close the label's '('")
            self.depth -= 1
            return inner
        if tok.kind == "name":  # a label by name: a Mulliken symbol such as A1g
            self.advance()
            return tok.text
        sign = 1
        if tok.kind == "-":
            self.advance()
            sign = -1
        num = self.expect(
            "int", "an irrep label: integers, fractions p/q or a name, e.g. irrep(1,-1)"
        )
        value = Fraction(int(num.text))
        if self.tok.kind == "/":
            self.advance()
            value /= self.count("a positive denominator")
        value *= sign
        return int(value) if value.denominator == 1 else value

    def leaf(self, start: int, rep: Representation) -> _Node:
        size = _Size(rep.dim, 1, _known_permutation(rep))
        self.checked(size, start)
        return _Node(rep, size)


# --- atoms ---
def _named(group: Group, name: str) -> Representation:
    if name in _NAMED_REPS:
        build = getattr(group, name, None)
        if build is None:
            offered = [n for n in _NAMED_REPS if hasattr(group, n)]
            raise UnknownNameError(
                f"{group.name} has no {name} representation; it offers {', '.join(offered)}"
                + ("" if isinstance(group, FiniteGroup) else ", irrep(...)")
            )
        return build()
    m = re.fullmatch(r"D([0-9]+)([eo]?)(c?)", name)
    if m is not None:
        return _rotation_irrep(group, name, int(m.group(1)), m.group(2), m.group(3))
    m = re.fullmatch(r"(rho|exp)([0-9]+)(c?)|det", name)
    if m is not None:
        return _planar_irrep(group, name, m.group(1), int(m.group(2) or 0), m.group(3))
    m = re.fullmatch(r"grid([0-9]+)((?:x[0-9]+)*)", name)
    if m is not None:
        return _grid(group, name, [int(m.group(1))] + [int(s) for s in m.group(2).split("x")[1:]])
    hint = f" (names are lower case: {name.lower()!r})" if name.lower() in _NAMED_REPS else ""
    raise UnknownNameError(
        f"{group.name} has no representation named {name!r}{hint}; expressions use "
        f"{', '.join(_NAMED_REPS)}, irrep(...), irrep_c(...), dual(...), grid<k>, and the "
        "e3nn irreps 1o, 2e of O(3) or 1, 2 of SO(3)"
    )


def _e3nn(group: Group, text: str) -> Representation:
    """``1o``, ``2e``, ``1y`` on O(3); ``1`` on SO(3)."""
    l, letter = (int(text[:-1]), text[-1]) if text[-1] in "eoy" else (int(text), "")
    if isinstance(group, rotation3d.O3):
        if not letter:
            raise UnknownNameError(
                f"O(3) irreps carry a parity: write {l}e (even) or {l}o (odd), as e3nn does"
            )
        parity = _PARITIES[letter] if letter != "y" else (-1) ** l
        return group.irrep(l, parity)
    if isinstance(group, rotation3d.SO3):
        if letter:
            raise UnknownNameError(
                f"SO(3) irreps have no parity: write {l} for irrep({l}) (parities e, o, y "
                "label O(3) irreps)"
            )
        return group.irrep(l)
    raise UnknownNameError(
        f"e3nn irrep notation ({text!r}) names irreps of O(3) (1o, 2e) and SO(3) (1, 2); "
        f"for {group.name} write irrep(...) or a name such as natural"
    )


def _rotation_irrep(group: Group, name: str, l: int, letter: str, c: str) -> Representation:
    """``D1``, ``D1c`` of SO(3) and ``D1o``, ``D1ec`` of O(3), as their irreps print."""
    basis = "complex" if c else "real"
    if isinstance(group, rotation3d.O3) and letter:
        return group.irrep(l, _PARITIES[letter], basis=basis)
    if isinstance(group, rotation3d.SO3) and not letter:
        return group.irrep(l, basis=basis)
    raise UnknownNameError(
        f"{name!r} is not an irrep of {group.name}: D<l>[c] names SO(3) irreps and "
        "D<l>e, D<l>o (with c: complex basis) O(3) irreps"
    )


def _planar_irrep(group: Group, name: str, kind: str, k: int, c: str) -> Representation:
    """``rho2``, ``exp2`` of SO(2) and ``rho2``, ``rho2c``, ``det`` of O(2), as they print."""
    if isinstance(group, planar.SO2) and kind and not c:
        return group.irrep(k, basis="real" if kind == "rho" else "complex")
    if isinstance(group, planar.O2) and kind != "exp":
        return (
            group.irrep(0, -1)
            if name == "det"
            else group.irrep(k, basis="complex" if c else "real")
        )
    raise UnknownNameError(
        f"{name!r} is not an irrep of {group.name}: rho<k> and exp<k> name SO(2) irreps, "
        "rho<m>, rho<m>c and det O(2) irreps"
    )


def _irrep(group: Group, call: str, labels: tuple) -> Representation:
    if isinstance(group, CompactGroup):
        if any(isinstance(x, tuple) for x in labels):
            raise SelectionRuleError(
                f"{group.name} irreps are labelled by numbers, not tuples; got {labels}"
            )
        return group.irrep(*labels, basis="complex" if call == "irrep_c" else None)
    if not isinstance(group, FiniteGroup):
        raise UnknownNameError(f"{group.name} offers no irrep(...) labels")
    field = "complex" if call == "irrep_c" else "real"
    wanted = f"{call}({_label_text(labels)})"
    irreps = group.irreps(field)
    for rho in irreps:
        if rho.name == wanted:
            return rho
    names = [rho.name for rho in irreps[:8]] + (["..."] if len(irreps) > 8 else [])
    raise UnknownNameError(
        f"{group.name} has no {field} irrep {wanted}; its {field} irreps are {', '.join(names)}"
    )


def _label_text(labels: tuple) -> str:
    """``2,1`` for (2, 1) and ``(2,1),(1)`` for ((2, 1), (1,)), as finite irreps print."""
    return ",".join(f"({_label_text(x)})" if isinstance(x, tuple) else str(x) for x in labels)


def _grid(group: Group, name: str, sizes: list[int]) -> Representation:
    if not isinstance(group, FiniteGroup):
        raise UnknownNameError(
            f"{name} needs a finite group acting on a grid, not {group.name}; the steerable "
            f"kernels of {group.name} are built in Python: gp.kernel_projector(V, W, k)"
        )
    action = geometric_action(group)
    ndim, k = len(action[0]), sizes[0]
    if k < 1:
        raise UnknownNameError(f"a grid has a positive side, not {k}")
    if len(sizes) > 1 and (len(sizes) != ndim or len(set(sizes)) != 1):
        side = "x".join([str(k)] * ndim)
        raise UnknownNameError(
            f"{group.name} acts on a {ndim}-dimensional grid of equal sides: write grid{k} "
            f"or grid{side}, not {name}"
        )
    points = k**ndim
    check_bytes(
        _as_float(8 * points * (group.order + 3 * ndim + 1)),
        f"the permutations of {group.name} on the {k}^{ndim} grid points of {name}",
        "use a smaller grid",
    )
    return GridRep(group, k, action)


def parse_rep(expr: str, group: Group | str) -> Representation:
    """The representation of ``group`` an expression stands for (grammar in the module
    docstring).

    Parameters
    ----------
    expr : str
        E.g. ``"natural^2+trivial"``, ``"8x0e+4x1o"`` (O(3)), ``"2x1+0"`` (SO(3)),
        ``"3x regular"``; at most :data:`MAX_LENGTH` characters.
    group : Group or str
        The group, or its name for :func:`parse_group`.

    Returns
    -------
    Representation
        Built lazily by the algebra (``+``, ``*``, ``**``); ``N x V`` is the direct sum
        of N copies of V. O(len(expr)) time beyond the named representations themselves.

    Raises
    ------
    ParseError
        For a malformed expression, with the expression and a caret under the column.
    UnknownNameError
        For a name the group does not offer (``regular`` of SO(3), ``1o`` of SO(3)).
    SelectionRuleError
        For irrep labels the group refuses (``irrep(1/2)`` of SO(3)).
    SizeLimitError
        If the expression expands to more than :data:`MAX_TERMS` representations or one
        matrix of it would exceed the size limit (:mod:`groupproj.limits`).
    InvalidTypeError
        If ``expr`` is not a ``str`` or ``group`` neither a Group nor a ``str``.

    Examples
    --------
    >>> import groupproj as gp
    >>> from groupproj.parse import parse_rep
    >>> parse_rep("2x1+0", gp.SO3()).dim
    7
    >>> parse_rep("2x(natural+trivial)", "S3") == gp.direct_sum(*2 * [gp.symmetric(3).natural()
    ...     + gp.symmetric(3).trivial()])
    True
    """
    expr = _require_str(expr, "a representation expression")
    if isinstance(group, str):
        group = parse_group(group)
    elif not isinstance(group, Group):
        raise InvalidTypeError(
            f"parse_rep needs a Group or a group name, got {type(group).__name__} {group!r:.80}"
        )
    if len(expr) > MAX_LENGTH:
        raise ParseError(
            f"a representation expression has at most {MAX_LENGTH} characters, got "
            f"{len(expr)}; build large representations with the algebra (V + W, V * W, V ** k)"
        )
    return _Parser(expr, group).parse()
