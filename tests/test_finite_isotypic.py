import numpy as np
import pytest
from scipy.linalg import block_diag
from sympy.combinatorics.named_groups import SymmetricGroup

from finite_groups import cyclic, q8, sympy_group
from groupproj.errors import DimensionMismatchError
from groupproj.finite import (
    class_index,
    conjugacy_classes,
    isotypic_decomposition,
    real_form,
    young_orthogonal_matrix,
)


def su2(q):
    a, b, c, d = q
    return np.array([[a + 1j * b, c + 1j * d], [-c + 1j * d, a - 1j * b]])


def random_orthogonal(d, seed):
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
    return q


def q8_real_irreps():
    elements, mult, inv, gens = q8()
    cls = class_index(conjugacy_classes(mult, inv, gens), len(inv))
    signs = []
    for axis in (1, 2, 3):
        # 1-dim: +1 on {+-1, +-axis}, -1 on the rest
        signs.append(
            np.array([[[1.0 if abs(q[0]) == 1 or abs(q[axis]) == 1 else -1.0]] for q in elements])
        )
    one = np.ones((8, 1, 1))
    complex_mats = np.array([su2(q) for q in elements])
    form = real_form(complex_mats[gens], -1)
    quat = form.apply(complex_mats)
    irreps = [one, *signs, quat]
    endos = [[np.eye(1)]] * 4 + [list(form.endomorphisms)]
    return cls, irreps, endos


def c3_real_irreps():
    _, mult, inv, gens = cyclic(3)
    cls = class_index(conjugacy_classes(mult, inv, gens), 3)
    # element k of the test group is the rotation by k steps; find k from the table
    powers = [0]
    for _ in range(2):
        powers.append(int(mult[powers[-1], gens[0]]))
    k_of = {e: k for k, e in enumerate(powers)}
    w = np.exp(2j * np.pi / 3)
    complex_mats = np.array([[[w ** k_of[e]]] for e in range(3)])
    form = real_form(complex_mats, 0)
    return cls, [np.ones((3, 1, 1)), form.apply(complex_mats)], [[np.eye(1)], form.endomorphisms]


def s3_real_irreps():
    elements, mult, inv, gens = sympy_group(SymmetricGroup(3))
    cls = class_index(conjugacy_classes(mult, inv, gens), 6)
    irreps = [
        np.array([young_orthogonal_matrix(shape, g.array_form) for g in elements])
        for shape in ((3,), (1, 1, 1), (2, 1))
    ]
    return cls, irreps, [[np.eye(1)], [np.eye(1)], [np.eye(2)]]


CASES = {
    "C3": (c3_real_irreps, (1, 3)),
    "Q8": (q8_real_irreps, (0, 2, 1, 0, 2)),
    "S3": (s3_real_irreps, (2, 1, 3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("seed", [0, 1])
def test_decomposition_in_exact_irrep_bases(name, seed):
    build, mults = CASES[name]
    cls, irreps, endos = build()
    blocks = [irrep for irrep, m in zip(irreps, mults) for _ in range(m)]
    n = len(cls)
    direct = np.array([block_diag(*(b[g] for b in blocks)) for g in range(n)])
    d = direct.shape[1]
    o = random_orthogonal(d, seed + 10)
    rho = o @ direct @ o.T
    dec = isotypic_decomposition(rho, cls, irreps, endos, seed=seed)
    assert dec.multiplicities == mults
    q = dec.basis
    assert np.allclose(q.T @ q, np.eye(d), atol=1e-10)
    assert np.allclose(q.T @ rho @ q, direct, atol=1e-10)


def test_projector_normalisation_complex_and_quaternionic():
    for build in (c3_real_irreps, q8_real_irreps):
        cls, irreps, endos = build()
        n = len(cls)
        sigma, e = irreps[-1], len(endos[-1])
        chi = np.trace(sigma, axis1=1, axis2=2)
        assert np.isclose(chi @ chi / n, e)
        rho = np.array([np.kron(np.eye(2), s) for s in sigma])
        p = np.tensordot(chi, rho, axes=1) * sigma.shape[1] / (n * e)
        assert np.allclose(p @ p, p) and np.isclose(np.trace(p), rho.shape[1])


def test_missing_irrep_raises():
    cls, irreps, endos = s3_real_irreps()
    rho = np.array([np.kron(np.eye(1), s) for s in irreps[2]])
    with pytest.raises(DimensionMismatchError):
        isotypic_decomposition(rho, cls, irreps[:2], endos[:2])


def test_regular_representation_of_s4():
    elements, mult, inv, gens = sympy_group(SymmetricGroup(4))
    n = len(inv)
    cls = class_index(conjugacy_classes(mult, inv, gens), n)
    shapes = [(4,), (3, 1), (2, 2), (2, 1, 1), (1, 1, 1, 1)]
    irreps = [
        np.array([young_orthogonal_matrix(s, g.array_form) for g in elements]) for s in shapes
    ]
    endos = [[np.eye(i.shape[1])] for i in irreps]
    regular = np.zeros((n, n, n))
    for g in range(n):
        regular[g, mult[g], np.arange(n)] = 1.0
    dec = isotypic_decomposition(regular, cls, irreps, endos)
    assert dec.multiplicities == (1, 3, 2, 3, 1)
    expected = np.array(
        [
            block_diag(*(i[g] for i, m in zip(irreps, dec.multiplicities) for _ in range(m)))
            for g in range(n)
        ]
    )
    q = dec.basis
    assert np.allclose(q.T @ regular @ q, expected, atol=1e-10)
