"""Group names and representation expressions: e3nn notation, multiplicities, precedence,
names that print back, and errors that point at the column."""

import numpy as np
import pytest
import scipy.linalg
import sympy as sp

import groupproj as gp
from groupproj.harmonic import e3nn_change_of_basis, matrix_from_euler
from groupproj.limits import size_limit
from groupproj.parse import parse_group, parse_rep
from groupproj.reps.grid import grid_rep

O3, SO3 = gp.O3(), gp.SO3()
EPS = np.finfo(float).eps


def copies(*pairs):
    """The direct sum of ``m`` copies of each ``rep``, for pairs ``(m, rep)``."""
    return gp.direct_sum(*(rep for m, rep in pairs for _ in range(m)))


# --- e3nn notation ------------------------------------------------------------------------


def test_e3nn_string_on_o3():
    V = parse_rep("8x0e+4x1o+2x2e", O3)
    assert V.dim == 8 + 12 + 10
    assert V == copies((8, O3.irrep(0, 1)), (4, O3.irrep(1, -1)), (2, O3.irrep(2, 1)))
    assert V.decompose().multiplicities == {
        O3.irrep(0, 1): 8,
        O3.irrep(1, -1): 4,
        O3.irrep(2, 1): 2,
    }


def test_e3nn_parity_is_the_sign_of_the_inversion():
    """e = even, o = odd under -I; y = (-1)^l. Read off rho(-I), which is diagonal."""
    V = parse_rep("2x0e + 1o + 1e + 0o + 2y + 3y", O3)
    inversion = V(O3.euler(0, 0, 0, inversion=True), exact=True)
    parities = [1] * 2 + [-1] * 3 + [1] * 3 + [-1] * 1 + [1] * 5 + [-1] * 7
    assert inversion == sp.diag(*parities)
    assert parse_rep("1y", O3) == parse_rep("1o", O3) == O3.irrep(1, -1)
    assert parse_rep("2y", O3) == parse_rep("2e", O3) == O3.irrep(2, 1)


def test_e3nn_string_is_a_homomorphism():
    V = parse_rep("3x0e+2x1o+2e+1x3o", O3)
    g, h = O3.sample(2, seed=4)
    tol = 10 * V.dim * EPS
    assert np.abs(V(g * h) - V(g) @ V(h)).max() <= tol
    assert np.abs(V(g) @ V(g).T - np.eye(V.dim)).max() <= tol


@pytest.mark.parametrize("text", ["8x0e+4x1o+2x2e", "2x1e+0o+1x3o+1y", "16x0e"])
def test_e3nn_strings_against_e3nn(text):
    """e3nn's own Irreps(text) acts, on the same rotations and reflections, as the parsed
    representation in e3nn's basis (docs/conventions.md: D_e3nn = B D Bᵀ per irrep)."""
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        irreps = o3.Irreps(text)
        V = parse_rep(text, O3)
        assert V.dim == irreps.dim
        B = scipy.linalg.block_diag(
            *(e3nn_change_of_basis(ir.l) for mul, ir in irreps for _ in range(mul))
        )
        R = matrix_from_euler(0.3, 1.2, -2.0)
        for M in (R, -R):
            theirs = irreps.D_from_matrix(torch.tensor(M)).numpy()
            assert np.abs(theirs - B @ V(O3.element(M)) @ B.T).max() <= 10 * V.dim * EPS
    finally:
        torch.set_default_dtype(previous)


def test_bare_degrees_on_so3():
    V = parse_rep("2x1+0", SO3)
    assert V.dim == 7
    assert V == copies((2, SO3.irrep(1)), (1, SO3.irrep(0)))
    assert V.decompose().multiplicities == {SO3.irrep(1): 2, SO3.irrep(0): 1}
    assert parse_rep("12", SO3) == SO3.irrep(12)


# --- multiplicities -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["3x regular", "3xregular", "3 x regular", "3 xregular"])
def test_multiplicity_spellings(text):
    D4 = gp.dihedral(4)
    V = parse_rep(text, D4)
    assert V == copies((3, D4.regular()))
    assert V.dim == 24
    assert np.array_equal(V.characters(), 3 * D4.regular().characters())


def test_multiplicity_of_a_parenthesised_sum_is_the_direct_sum():
    S3 = gp.symmetric(3)
    NT = S3.natural() + S3.trivial()
    V = parse_rep("2x(natural+trivial)", S3)
    assert V == gp.direct_sum(NT, NT) == NT + NT
    assert V.dim == 8
    assert parse_rep("1xnatural", S3) == S3.natural()


def test_multiplicity_works_for_every_kind_of_group():
    for G, one in [(gp.cyclic(5), "regular"), (gp.SO2(), "irrep(2)"), (gp.O3(), "natural")]:
        assert parse_rep(f"4x{one}", G).dim == 4 * parse_rep(one, G).dim


# --- precedence and the existing syntax ---------------------------------------------------


def _s3():
    S3 = gp.symmetric(3)
    return S3, S3.natural(), S3.trivial(), S3.sign()


@pytest.mark.parametrize(
    "text, build",
    [
        ("natural^2+trivial", lambda N, T, S: N**2 + T),
        ("natural+trivial*sign", lambda N, T, S: N + T * S),
        ("natural*trivial^2", lambda N, T, S: N * T**2),
        ("(natural+trivial)^2", lambda N, T, S: (N + T) ** 2),
        ("natural^2^2", lambda N, T, S: N**4),
        ("2xnatural^2", lambda N, T, S: N**2 + N**2),
        ("2xnatural*sign", lambda N, T, S: (N + N) * S),
        ("sign*2xnatural", lambda N, T, S: S * (N + N)),
        ("trivial+2xnatural+sign", lambda N, T, S: T + N + N + S),
        ("dual(natural)*sign", lambda N, T, S: N.dual() * S),
        (" ( natural + trivial ) ^ 2 ", lambda N, T, S: (N + T) ** 2),
    ],
)
def test_precedence(text, build):
    S3, N, T, S = _s3()
    assert parse_rep(text, S3) == build(N, T, S)


def test_irrep_calls():
    assert parse_rep("irrep(1,-1)", O3) == O3.irrep(1, -1)
    assert parse_rep("irrep(1/2)*irrep(1/2)", gp.SU2()).dim == 4
    assert parse_rep("irrep_c(2)", SO3) == SO3.irrep(2, basis="complex")
    S4 = gp.symmetric(4)
    assert parse_rep("irrep(2,1,1)", S4).label == (2, 1, 1)
    C3 = gp.cyclic(3)
    assert parse_rep("irrep_c(1)", C3) == C3.irreps("complex")[1]


def test_the_group_may_be_given_by_name():
    assert parse_rep("1o", "O3") == O3.irrep(1, -1)
    assert (
        parse_rep("natural", "c2 x s3")
        == gp.direct_product(gp.cyclic(2), gp.symmetric(3)).natural()
    )


# --- names print back ---------------------------------------------------------------------


def _printed_reps():
    S4, D4, C5, C4 = gp.symmetric(4), gp.dihedral(4), gp.cyclic(5), gp.cyclic(4)
    P = gp.direct_product(gp.cyclic(2), gp.symmetric(3))
    reps = [
        O3.irrep(2, -1),
        O3.irrep(3, 1, basis="complex"),
        O3.irrep(1, -1) ** 2 + O3.irrep(0, 1),
        SO3.irrep(4),
        SO3.irrep(1, basis="complex") * SO3.irrep(2, basis="complex"),
        copies((3, O3.irrep(0, 1)), (2, O3.irrep(1, -1))),
        S4.natural() ** 2 + S4.trivial(),
        (S4.natural() + S4.sign()) ** 3,
        S4.regular().dual(),
        P.regular() * P.trivial(),
        grid_rep(C4, 5) * C4.regular(),
        grid_rep(gp.full_octahedral(), 3),
        *S4.irreps("real"),
        *S4.irreps("complex"),
        *D4.irreps("real"),
        *C5.irreps("complex"),
        *C5.irreps("real"),
        *P.irreps("real"),
    ]
    return [pytest.param(rep, id=f"{rep.group.name}:{rep.name}") for rep in reps]


@pytest.mark.parametrize("rep", _printed_reps())
def test_names_print_back(rep):
    assert parse_rep(rep.name, rep.group) == rep


GROUPS = [
    gp.cyclic(8),
    gp.dihedral(4),
    gp.dihedral(1),
    gp.symmetric(5),
    gp.alternating(5),
    gp.quaternion(),
    gp.klein_four(),
    gp.tetrahedral(),
    gp.octahedral(),
    gp.full_octahedral(),
    gp.icosahedral(),
    gp.SO2(),
    gp.O2(),
    gp.SO3(),
    gp.O3(),
    gp.SU2(),
    gp.direct_product(gp.cyclic(2), gp.symmetric(3)),
    gp.direct_product(gp.direct_product(gp.cyclic(2), gp.cyclic(2)), gp.cyclic(2)),
]


@pytest.mark.parametrize("G", GROUPS, ids=[G.name for G in GROUPS])
def test_group_names_print_back(G):
    assert parse_group(G.name) == G


@pytest.mark.parametrize(
    "name, G",
    [
        ("so3", gp.SO3()),
        ("So(3)", gp.SO3()),
        ("o(3)", gp.O3()),
        ("oh", gp.full_octahedral()),
        ("V4", gp.klein_four()),
        ("c(8)", gp.cyclic(8)),
        (" C2 X s3 ", gp.direct_product(gp.cyclic(2), gp.symmetric(3))),
    ],
)
def test_group_names_ignore_case_and_spacing(name, G):
    assert parse_group(name) == G


def test_products_of_three_groups_nest():
    G = parse_group("C2xC2xC2")
    assert G.order == 8
    assert all(g * h == h * g for g in G.elements() for h in G.elements())
    assert len(G.irreps("complex")) == 8


# --- errors point at the column -----------------------------------------------------------


def test_caret_under_the_offending_column():
    with pytest.raises(gp.ParseError) as info:
        parse_rep("natural^²", "S3")
    summary, shown, caret = str(info.value).splitlines()
    assert "at column 9: expected a positive integer power, found '²'" in summary
    assert "U+00B2 SUPERSCRIPT TWO; write ^2" in summary
    assert shown == "natural^²"
    assert caret == "        ^"


@pytest.mark.parametrize(
    "text, column, error",
    [
        ("natural+", 8, gp.ParseError),
        ("natural^0", 8, gp.ParseError),
        ("2x(natural", 10, gp.ParseError),
        ("natural+regulr", 8, gp.UnknownNameError),
        ("irrep(1/0)", 8, gp.ParseError),
        ("trivial + irrep(5)", 10, gp.UnknownNameError),
        ("natural*regular^20", 8, gp.SizeLimitError),
        ("trivial+" * 300 + "bogus", 2400, gp.UnknownNameError),
        ("(" * 60 + "natural" + ")" * 60, 50, gp.ParseError),
    ],
)
def test_errors_show_the_column(text, column, error):
    with pytest.raises(error) as info:
        parse_rep(text, "S3")
    summary, shown, caret = str(info.value).splitlines()
    assert f"at column {column + 1}:" in summary
    assert caret.strip() == "^"
    at = len(caret) - 1
    offset = 3 if shown.startswith("...") else 0  # a long expression shows a window
    assert (shown + " ")[at] == (text + " ")[column]
    assert shown[offset:].rstrip(".") in text
    assert len(shown) <= 72 + 6


def test_group_name_errors_show_the_column():
    with pytest.raises(gp.UnknownNameError) as info:
        parse_group("C2xZ8")
    summary, shown, caret = str(info.value).splitlines()
    assert "unknown group 'Z8'" in summary and shown == "C2xZ8" and caret == "   ^"


# --- size: permutation representations by their image lists, others dense ----------------


def test_the_size_limit_counts_image_lists_for_permutation_representations():
    S5 = gp.symmetric(5)
    with size_limit("64K"):
        assert parse_rep("natural^4", S5).dim == 625  # 625 int64 images: 5 KiB
        with pytest.raises(gp.SizeLimitError, match="dense float64 matrix"):
            parse_rep("sign*natural^4", S5)  # 625² float64: 3 MiB
        with pytest.raises(gp.SizeLimitError, match="image list"):
            parse_rep("natural^7", S5)  # 5^7 int64 images: 610 KiB
    assert parse_rep("sign*natural^4", S5).dim == 625


def test_a_group_family_checks_its_size_before_building():
    with size_limit("1M"):
        with pytest.raises(gp.SizeLimitError, match="C100000"):
            parse_group("C100000")
        assert parse_group("C1000").order == 1000


@pytest.mark.parametrize(
    "name, schoenflies",
    [
        ("D3h", "D3h"),
        ("-6m2", "D3h"),
        ("m-3m", "Oh"),
        ("4/mmm", "D4h"),
        ("C2v", "C2v"),
        ("point:C3", "C3"),
        ("point: D4", "D4"),
    ],  # fmt: skip
)
def test_point_groups_by_name(name, schoenflies):
    """Names no family claims read as point groups; ``point:`` reads any Schoenflies name
    (C3, D4, Oh are also the cyclic, dihedral and full octahedral groups of groupproj)."""
    G = parse_group(name)
    assert G == gp.point_group(schoenflies) == parse_group("point:" + G.name)


def test_irreps_by_their_mulliken_names():
    C2v = gp.point_group("C2v")
    for rho in C2v.irreps():
        assert parse_rep(f"irrep({rho.label})", C2v) == rho
    with pytest.raises(gp.UnknownNameError):
        parse_rep("irrep(T2g)", C2v)


@pytest.mark.parametrize("G", [gp.SO2(), gp.O2()], ids=lambda G: G.name)
def test_planar_irreps_read_back_by_their_names(G):
    for rho in G.irreps(3) + G.irreps(3, basis="complex"):
        if rho.dim == 2 or rho.name not in ("trivial", "det") and "-" not in rho.name:
            assert parse_rep(rho.name, G) == rho
        elif "-" not in rho.name:  # a 1-dim irrep reads back as the same matrices
            assert np.array_equal(parse_rep(rho.name, G)(G.generators[1]), rho(G.generators[1]))
