"""Readable results: decompositions, tables, labelled Clebsch-Gordan matrices, integer counts,
characters without float noise."""

from __future__ import annotations

import html
import itertools

import numpy as np
import sympy

import groupproj as gp
from groupproj.groups import point_group
from groupproj.harmonic import clebsch_gordan, clebsch_gordan_matrix


def test_decompositions_print_as_sums_of_irreps():
    S4 = gp.symmetric(4)
    pairs = list(itertools.combinations(range(4), 2))
    V = S4.action(pairs, lambda g, s: tuple(sorted(g.data[i] for i in s)))
    dec = V.decompose()
    assert str(dec) == "1 ⊕ (3,1) ⊕ (2,2)" and repr(dec) == "Decomposition(1 ⊕ (3,1) ⊕ (2,2))"
    assert "Q" not in repr(dec) and dec.Q.shape == (6, 6)  # Q only on request
    assert dec._repr_latex_() == r"$1 \oplus (3,1) \oplus (2,2)$"
    D3h = point_group("D3h")
    dec = (D3h.natural() + D3h.natural()).decompose()
    assert str(dec) == "2·E' ⊕ 2·A2''"
    assert dec._repr_latex_() == r"$2\,E' \oplus 2\,A_{2}''$"
    assert all(type(m) is int for m in dec.multiplicities.values())
    assert str(point_group("C3").regular().decompose()) == "A ⊕ E"
    assert str(gp.cyclic(5).regular().decompose()) == "1 ⊕ (χ1+χ4) ⊕ (χ2+χ3)"
    assert str((gp.O3().natural() ** 2).decompose()) == "0e ⊕ 1e ⊕ 2e"
    assert str((gp.SU2().natural() ** 2).decompose()) == "0 ⊕ 1"


def test_tables_have_compact_reprs_and_rich_forms():
    t = point_group("C3v").character_table()
    assert repr(t) == "<CharacterTable: order 6, 3 classes, degrees (1, 1, 2)>"
    text = str(t).splitlines()
    assert text[0].split() == ["E", "2C3", "3σv"] and text[2].split()[:2] == ["+", "A1"]
    assert "<th>3σv</th>" in t._repr_html_() and "<td>A2</td>" in t._repr_html_()
    latex = t._repr_latex_()
    assert r"\sigma_{v}" in latex and "A_{2}" in latex and latex.startswith("$")
    s4 = str(gp.symmetric(4).character_table()).splitlines()
    assert s4[0].split() == ["(1,1,1,1)", "(2,1,1)", "(2,2)", "(3,1)", "(4)"]
    assert [line.split()[1] for line in s4[2:]] == ["1", "(3,1)", "(2,2)", "(2,1,1)", "(1,1,1,1)"]
    a5 = str(gp.alternating(5).character_table()).splitlines()
    assert [line.split()[1] for line in a5[2:]] == ["1", "3", "3'", "4", "5"]
    c = gp.symmetric(3).conjugacy_classes()[1]
    assert repr(c) == "ConjugacyClass(S3[[1, 0, 2]], size=3)"


def test_labelled_clebsch_gordan_matrix():
    C = clebsch_gordan_matrix(1, 1)
    half = sympy.Rational(1, 2)
    assert C.shape == (9, 9) and C.rows[0] == (-1, -1) and C.columns[0] == (0, 0)
    assert C[(1, -1), (0, 0)] == sympy.sqrt(3) / 3
    assert C.matrix.T * C.matrix == sympy.eye(9)  # orthogonal: the coupled basis
    one = clebsch_gordan_matrix(1, 1, 2)
    tensor = clebsch_gordan(1, 1, 2, exact=True)
    ms, Ms = enumerate((-1, 0, 1)), enumerate(range(-2, 3))
    for ((i, m1), (j, m2)), (k, M) in itertools.product(itertools.product(ms, repeat=2), Ms):
        assert one[(m1, m2), M] == tensor[i, j, k]
    spin = clebsch_gordan_matrix(half, half)
    assert spin[(half, -half), (1, 0)] == sympy.sqrt(2) / 2
    assert str(spin).splitlines()[0] == "<1/2 m1; 1/2 m2 | J M>"
    assert r"\frac{1}{2}" in spin._repr_latex_() and "<table>" in spin._repr_html_()


def test_counts_are_ints_and_characters_carry_no_noise():
    S4 = gp.symmetric(4)
    value = gp.character_inner_product(S4.natural(), S4.natural())
    assert value == 2 and type(value) is int
    assert type(gp.character_inner_product(S4.natural(), S4.natural(), exact=True)) is int
    I = gp.icosahedral()
    chi = I.natural().characters()
    phi = (1 + np.sqrt(5)) / 2
    assert np.array_equal(chi, np.array([3.0, -1.0, 0.0, phi, 1 - phi]))
    for V in (I.regular(), I.natural() ** 2, point_group("C3").natural()):
        for x in V.characters():
            assert x == 0 or abs(x) > 1e-3  # exact zeros, never 1e-17
    exact = I.natural().characters(exact=True)
    assert sympy.simplify(exact[3] - (1 + sympy.sqrt(5)) / 2) == 0
    C3 = point_group("C3")
    rho = C3.irreps("complex")[1]
    values = rho.characters()
    assert values[0] == 1 and values[1] == complex(-0.5, np.sqrt(3) / 2)
    assert gp.character_inner_product(rho, rho) == 1


def test_reports_have_compact_and_html_forms():
    D4 = gp.dihedral(4)
    report = gp.check_representation(D4.natural())
    assert repr(report) == "<RepresentationReport natural of D4 (dim 4) on all 8 elements: OK>"
    page = report._repr_html_()
    assert page.count("<tr>") == 1 + len(report.checks) and "homomorphism" in page
    errors = gp.equivariance_error(lambda x: x, D4.natural(), D4.natural())
    assert repr(errors) == "<EquivarianceReport max 0.00e+00, mean 0.00e+00>"
    assert html.escape(str(errors)) in errors._repr_html_()
    lie = gp.lie_derivative_error(np.eye(3), gp.SO3().natural(), gp.SO3().natural())
    assert repr(lie).startswith("<LieDerivativeReport max 0.00e+00")
