"""Exact irreps of finite groups without a closed form (groupproj.finite.exact_irreps).

The groups are built independently here (permutations, quaternion matrices); every irrep is
checked exactly (sympy) on generators, against its float matrices on all elements, for
unitarity (orthogonality over the reals) and against the character table.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import groupproj as gp
from groupproj.finite import character_table
from groupproj.finite.classes import class_index
from groupproj.finite.exact_irreps import _chi_in, _verify, exact_irreps
from groupproj.reps.irrep_families import MAX_EXACT_ORDER


def _quaternions(*gens):
    def left(a, b, c, d):
        return [[a, -b, -c, -d], [b, a, -d, c], [c, d, a, -b], [d, -c, b, a]]

    return gp.matrix_group([left(*q) for q in gens])


def _cycles(n, *cycles):
    p = list(range(n))
    for c in cycles:
        for i, x in enumerate(c):
            p[x] = c[(i + 1) % len(c)]
    return p


HALF, ROOT = sympy.Rational(1, 2), 1 / sympy.sqrt(2)
GROUPS = {
    "A4": lambda: gp.alternating(4),
    "A5": lambda: gp.alternating(5),
    "I": gp.icosahedral,
    "SL(2,3)": lambda: _quaternions((HALF, HALF, HALF, HALF), (0, 1, 0, 0)),
    "2O": lambda: _quaternions((HALF, HALF, HALF, HALF), (ROOT, ROOT, 0, 0)),
    "F20": lambda: gp.permutation_group([_cycles(5, (0, 1, 2, 3, 4)), _cycles(5, (1, 2, 4, 3))]),
}
F21 = lambda: gp.permutation_group(  # noqa: E731  (entries in Q(zeta_21): cos(2π/21), ...)
    [_cycles(7, (0, 1, 2, 3, 4, 5, 6)), _cycles(7, (1, 2, 4), (3, 6, 5))]
)


@pytest.fixture(scope="module", params=sorted(GROUPS))
def group(request):
    return GROUPS[request.param]()


def test_every_irrep_is_exact(group):
    t = group.character_table()
    assert all(r.is_exact for r in group.irreps("complex"))
    for r in group.irreps("real"):  # exact real forms wherever the indicator allows
        assert r.is_exact == (r.frobenius_schur != -1)
    assert [r.index for r in group.irreps("complex")] == list(range(len(t.degrees)))


def _is_zero(z) -> bool:
    z = sympy.expand(z)
    return z == 0 or sympy.simplify(z) == 0


def test_exact_is_a_homomorphism_and_agrees_with_float(group):
    elements = group.elements()
    gens = group.generators
    for field in ("complex", "real"):
        for rho in group.irreps(field):
            for g in elements[:: max(1, len(elements) // 4)]:
                m = rho(g, exact=True)
                assert np.allclose(np.array(m.evalf(), dtype=complex), rho(g), atol=1e-12)
            g = elements[-1]
            for s in gens:
                diff = rho(g, exact=True) * rho(s, exact=True) - rho(g * s, exact=True)
                assert all(_is_zero(z) for z in diff)
            mats = np.stack([rho(g) for g in elements])
            eye = np.eye(rho.dim)
            assert np.allclose(np.einsum("gji,gjk->gik", mats.conj(), mats), eye, atol=1e-12)
            if field == "real" or rho.frobenius_schur == 1:
                assert mats.dtype.kind == "f"


def test_characters_are_the_table_rows(group):
    t = group.character_table()
    for i, rho in enumerate(group.irreps("complex")):
        assert np.allclose(rho.characters(), t.values_float[i], atol=1e-12)
        exact = rho.characters(exact=True)
        assert all(sympy.simplify(a - b) == 0 for a, b in zip(exact, t.values[i]))


def test_fields_sympy_cannot_simplify_are_checked_in_integers():
    """Q(zeta_21) has no radical closed forms sympy simplifies; the constructor's own check is
    exact (integer coefficients mod the cyclotomic polynomial), and it has teeth."""
    G = F21()
    fam = G._irrep_family
    assert all(b is not None for b in fam._built)
    elements = G.elements()
    for rho in G.irreps("complex"):
        for g in elements[::4]:
            assert np.allclose(np.array(rho(g, exact=True).evalf(), dtype=complex), rho(g))
        exact = rho.characters(exact=True)
        assert exact == list(G.character_table().values[rho.index])
    mult, _ = G.cayley_table
    e = G._enumeration
    gens = [e.index[k] for k in G._generator_keys()]
    row = 3
    built, table = fam._built[row], G._dixon_table
    traces = _chi_in(table, row, built.exponent)[class_index(table.classes, G.order)]
    args = (built.denominator, built.norms, mult, gens, built.exponent, traces)
    _verify(built.numerators, *args)  # passes
    wrong = built.numerators.copy()
    wrong[gens[0], 0, 0, 0] += 1
    with pytest.raises(gp.NotAHomomorphismError):
        _verify(wrong, *args)


def test_the_constructor_checks_itself():
    G = gp.alternating(5)
    mult, inv = G.cayley_table
    e = G._enumeration
    gens = [e.index[k] for k in G._generator_keys()]
    built = exact_irreps(mult, inv, gens, character_table(mult, inv, gens))
    assert [b.degree for b in built] == [1, 3, 3, 4, 5]
    assert all(b.real for b in built)  # every irrep of A5 has indicator 1
    wrong = mult.copy()
    wrong[[1, 2]] = wrong[[2, 1]]  # not a group table any more
    with pytest.raises(gp.GroupprojError):
        exact_irreps(wrong, inv, gens, character_table(mult, inv, gens))


def test_beyond_the_exact_order_the_error_names_the_float_path():
    G = gp.alternating(6)
    assert G.order > MAX_EXACT_ORDER
    rho = G.irreps()[1]
    assert not rho.is_exact
    with pytest.raises(gp.ExactnessError, match="without exact=True"):
        rho(G.generators[0], exact=True)
    m = rho(G.generators[0])
    assert np.allclose(m.T @ m, np.eye(rho.dim))
