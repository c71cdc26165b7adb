"""Agreement as a law: every back-end that applies gives the same projector.

Hypothesis draws a group from every family (finite and compact), two representations of it
in the real or the complex basis, each possibly in a random orthonormal (unitary) basis, and
a real or complex map; every applicable back-end must give the same dim and the same P(A).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import ortho_group, unitary_group

import groupproj as gp
from groupproj.equivariant.factory import BACKENDS


def _finite_reps(G):
    nat = G.natural()
    out = [G.trivial(), nat, nat + G.trivial(), G.irreps("real")[-1]]
    if G.order <= 12:
        out.append(G.regular())
    if nat.dim <= 4:
        out.append(nat * nat)
    out.append(G.irreps("complex")[-1])
    return out


def _compact_reps(G):
    nat = G.natural()
    one = G.irreps(1)[-1]
    label = one.label if isinstance(one.label, tuple) else (one.label,)
    complex_one = G.irrep(*label, basis="complex")
    return [G.trivial(), nat, one, complex_one, nat * one, one + complex_one, nat.dual() * nat]


FAMILIES = {
    "C5": lambda: gp.cyclic(5),
    "D4": lambda: gp.dihedral(4),
    "S4": lambda: gp.symmetric(4),
    "A4": lambda: gp.alternating(4),
    "Q8": gp.quaternion,
    "T": gp.tetrahedral,
    "C2xS3": lambda: gp.direct_product(gp.cyclic(2), gp.symmetric(3)),
    "SO2": gp.SO2,
    "O2": gp.O2,
    "SO3": gp.SO3,
    "O3": gp.O3,
    "SU2": gp.SU2,
}


def _reps(G):
    return _finite_reps(G) if G.is_finite else _compact_reps(G)


@st.composite
def representation(draw, G):
    rep = draw(st.sampled_from(_reps(G)))
    basis = draw(st.sampled_from(["as is", "rotated"]))
    if basis == "rotated" and rep.dim > 1:
        seed = draw(st.integers(0, 2**16))
        if rep.is_real:
            Q = ortho_group.rvs(rep.dim, random_state=seed)
        else:
            Q = unitary_group.rvs(rep.dim, random_state=seed)
        rep = rep.change_basis(Q)
    return rep


@st.composite
def problem(draw):
    G = FAMILIES[draw(st.sampled_from(sorted(FAMILIES)))]()
    V, W = draw(representation(G)), draw(representation(G))
    seed = draw(st.integers(0, 2**16))
    complex_map = draw(st.booleans())
    return V, W, seed, complex_map


@settings(max_examples=60)
@given(problem())
def test_every_applicable_back_end_gives_the_same_projector(case):
    V, W, seed, complex_map = case
    applicable = [name for name, b in BACKENDS.items() if b.unsuitable(V, W) is None]
    assert applicable, "the group average applies to every orthogonal representation"
    projectors = [gp.projector(V, W, method=name) for name in applicable]
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((2, W.dim, V.dim))
    if complex_map:
        A = A + 1j * rng.standard_normal(A.shape)
    tol = 500 * np.finfo(np.float64).eps * W.dim * V.dim
    reference = projectors[0]
    for P in projectors[1:]:
        assert P.dim == reference.dim, (P.method, reference.method)
        assert np.abs(P(A) - reference(A)).max() <= tol, (P.method, reference.method)
    for P in projectors:  # complex maps stay complex; real maps of real reps stay real
        assert np.iscomplexobj(P(A)) == (complex_map or P.is_complex)
        assert np.abs(P(P(A)) - P(A)).max() <= tol
