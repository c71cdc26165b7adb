"""One irreps API on every group: G.irreps(), G.irrep(label), and the table's rows."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import groupproj as gp
from groupproj.groups import point_group

FINITE = {
    "C5": lambda: gp.cyclic(5),
    "C6": lambda: gp.cyclic(6),
    "D4": lambda: gp.dihedral(4),
    "D5": lambda: gp.dihedral(5),
    "Q8": gp.quaternion,
    "S4": lambda: gp.symmetric(4),
    "A4": lambda: gp.alternating(4),
    "I": gp.icosahedral,
    "C2xS3": lambda: gp.direct_product(gp.cyclic(2), gp.symmetric(3)),
    "D3h": lambda: point_group("D3h"),
    "Th": lambda: point_group("Th"),
}


@pytest.mark.parametrize("name", sorted(FINITE))
def test_labels_name_the_irreps_and_rows(name):
    G = FINITE[name]()
    t = G.character_table()
    complex_irreps = G.irreps("complex")
    assert len(complex_irreps) == len(t.class_sizes) == len(t.labels)
    for i, rho in enumerate(complex_irreps):
        assert rho.index == i and t.labels[i] == rho.symbol
        assert np.allclose(rho.characters(), t.values_float[i], atol=1e-12)
        for label in (rho.label, rho.symbol, i):
            assert G.irrep(label, "complex") == rho
    for rho in G.irreps():  # real irreps: the row of their first complex constituent
        assert G.irrep(rho.label) == rho and G.irrep(rho.symbol) == rho
        row = t.values_float[rho.index]
        if rho.frobenius_schur == 1:
            assert np.allclose(rho.characters(), row.real)
        elif rho.frobenius_schur == 0:
            assert np.allclose(rho.characters(), 2 * row.real)
            other = G.irrep(rho._family.conjugate(rho.label))  # the pair's other member
            assert other == rho
        else:
            assert np.allclose(rho.characters(), 2 * row.real)
    if all(r.frobenius_schur == 1 for r in complex_irreps):  # then one list, one order
        assert [r.label for r in G.irreps()] == [r.label for r in complex_irreps]
    with pytest.raises(gp.UnknownNameError, match="row"):
        G.irrep("no such irrep")
    with pytest.raises(gp.UnknownNameError):
        G.irrep(len(complex_irreps))


def test_the_examples_of_the_family_labels():
    S4 = gp.symmetric(4)
    assert S4.irreps()[1].label == (3, 1) and S4.character_table().labels[1] == "(3,1)"
    assert S4.irrep([2, 2]) == S4.irrep("(2, 2)") == S4.irreps()[2]
    assert S4.irrep("(4)") == S4.irrep("1") == S4.irrep((4,))
    C5 = gp.cyclic(5)
    assert C5.irrep(4) == C5.irrep(1) == C5.irrep("χ1+χ4")  # one real irrep for the pair
    assert C5.irrep(4, "complex").symbol == "χ4"
    D4 = gp.dihedral(4)
    assert [r.symbol for r in D4.irreps()] == ["A1", "A2", "B1", "B2", "E"]
    assert D4.irrep(("2", 1)) == D4.irrep("E")
    assert [r.symbol for r in gp.dihedral(6).irreps()][-2:] == ["E1", "E2"]
    assert [r.symbol for r in gp.quaternion().irreps()] == ["1", "χi", "χj", "χk", "2+2"]
    assert [r.symbol for r in gp.icosahedral().irreps()] == ["1", "3", "3'", "4", "5"]
    D3h = point_group("D3h")
    assert D3h.irrep("E''").dim == 2 and D3h.irrep("A2''") == D3h.irreps()[4]
    C3 = point_group("C3")
    assert [r.symbol for r in C3.irreps()] == ["A", "E"]
    assert [r.symbol for r in C3.irreps("complex")] == ["A", "¹E", "²E"]
    assert C3.irrep("E") == C3.irrep("¹E") == C3.irrep("²E")
    with pytest.raises(gp.UnknownNameError):
        C3.irrep("E", "complex")
    with pytest.raises(gp.UnknownNameError):
        S4.irrep((3, 1), field="quaternionic")


COMPACT = [
    (gp.SO2(), 3, ("real", "complex")),
    (gp.O2(), 3, ("real", "complex")),
    (gp.SO3(), 3, ("real", "complex")),
    (gp.O3(), 2, ("real", "complex")),
    (gp.SU2(), 2, ("complex",)),
]


@pytest.mark.parametrize("G, top, bases", COMPACT, ids=lambda x: getattr(x, "name", ""))
def test_compact_labels_name_the_irreps(G, top, bases):
    for basis in bases:
        for rho in G.irreps(top, basis):
            assert G.irrep(rho.label, basis=basis) == rho
            assert isinstance(rho.symbol, str)
    assert gp.O3().irrep(1, -1) == gp.O3().irrep((1, -1))
    assert gp.SU2().irrep(0.5).label == Fraction(1, 2) and gp.SU2().irrep(1).label == 1
    assert [r.symbol for r in gp.O3().irreps(1)] == ["0e", "0o", "1e", "1o"]
    assert [r.symbol for r in gp.O2().irreps(1)] == ["0", "0⁻", "1"]
