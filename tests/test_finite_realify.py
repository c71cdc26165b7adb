import numpy as np
import pytest

from finite_groups import binary_icosahedral, q8
from groupproj.errors import GroupMismatchError, NotOrthogonalError
from groupproj.finite.realify import real_form, realification


def su2(q):
    a, b, c, d = q
    return np.array([[a + 1j * b, c + 1j * d], [-c + 1j * d, a - 1j * b]])


def random_unitary(d, seed):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    q, _ = np.linalg.qr(z)
    return q


def commutant_dimension(mats):
    d = mats[0].shape[0]
    eye = np.eye(d)
    system = np.concatenate([np.kron(eye, m) - np.kron(m.T, eye) for m in mats])
    return int(np.sum(np.linalg.svd(system, compute_uv=False) < 1e-9))


def check_form(form, mats_complex):
    real = form.apply(np.asarray(mats_complex))
    d = form.dimension
    for m, r in zip(form.matrices, real):
        assert np.allclose(m, r)
        assert np.allclose(r.imag if np.iscomplexobj(r) else 0, 0)
        assert np.allclose(r @ r.T, np.eye(d))
    gram = np.array(
        [[np.trace(a.T @ b) / d for b in form.endomorphisms] for a in form.endomorphisms]
    )
    assert np.allclose(gram, np.eye(len(form.endomorphisms)))
    for e in form.endomorphisms:
        assert np.allclose(e @ e.T, np.eye(d))
        for r in real:
            assert np.allclose(e @ r, r @ e)
    assert commutant_dimension(list(real)) == len(form.endomorphisms)


def test_realification_is_homomorphism():
    a, b = random_unitary(3, 1), random_unitary(3, 2)
    assert np.allclose(realification(a @ b), realification(a) @ realification(b))
    assert np.allclose(realification(a) @ realification(a).T, np.eye(6))


def test_real_type_made_real():
    # S3's 2-dim irrep in the eigenbasis of the 3-cycle, then a random unitary basis change
    w = np.exp(2j * np.pi / 3)
    gens = [np.diag([w, w.conjugate()]), np.array([[0, 1], [1, 0]], dtype=complex)]
    for seed in range(3):
        u = random_unitary(2, seed)
        mats = [u @ g @ u.conj().T for g in gens]
        form = real_form(mats, 1)
        assert form.real_type == "real" and form.dimension == 2
        assert len(form.endomorphisms) == 1
        check_form(form, mats)
        u = form.complex_basis
        assert np.allclose(u.conj().T @ u, np.eye(2))
        for m, r in zip(mats, form.matrices):
            assert np.allclose(u.conj().T @ m @ u, r)
        # the real form is equivalent: same characters
        assert np.allclose([np.trace(r) for r in form.matrices], [np.trace(m).real for m in mats])


def test_complex_type():
    w = np.exp(2j * np.pi / 3)
    form = real_form([np.array([[w]])], 0)
    assert form.dimension == 2
    check_form(form, [np.array([[w]])])
    one, j = form.endomorphisms
    assert np.allclose(j @ j, -np.eye(2))
    with pytest.raises(GroupMismatchError):
        _ = form.complex_basis


@pytest.mark.parametrize("build", [q8, binary_icosahedral])
def test_quaternionic_type(build):
    elements, _, _, gens = build()
    u = random_unitary(2, 5)
    mats = [u @ su2(elements[g]) @ u.conj().T for g in gens]
    form = real_form(mats, -1)
    assert form.real_type == "quaternionic" and form.dimension == 4
    check_form(form, mats)
    one, i, j, k = form.endomorphisms
    eye = np.eye(4)
    for x in (i, j, k):
        assert np.allclose(x @ x, -eye)
    assert np.allclose(i @ j, k) and np.allclose(j @ k, i) and np.allclose(k @ i, j)
    assert np.allclose(i @ j @ k, -eye)
    # all group elements map consistently
    allm = np.array([u @ su2(q) @ u.conj().T for q in elements])
    real = form.apply(allm)
    assert np.allclose(real @ real.transpose(0, 2, 1), eye)


def test_wrong_indicator_and_non_unitary_raise():
    elements, _, _, gens = q8()
    mats = [su2(elements[g]) for g in gens]
    with pytest.raises(GroupMismatchError):
        real_form(mats, 1)
    with pytest.raises(GroupMismatchError):
        real_form(mats, 2)
    with pytest.raises(NotOrthogonalError):
        real_form([2 * np.eye(2)], 0)
