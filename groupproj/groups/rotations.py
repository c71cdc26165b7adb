r"""Unit quaternions, SU(2) matrices and rotation matrices, with one convention.

A unit quaternion :math:`q = (w, x, y, z)` with :math:`w = \cos\frac\theta2` and
:math:`(x, y, z) = \sin\frac\theta2\,n` stands for the active rotation by
``theta`` about the unit axis ``n``. Quaternions multiply by Hamilton's rule,
and ``q1 * q2`` is the rotation "first ``q2``, then ``q1``".

In the spin-1/2 basis ordered ``m = -1/2, +1/2`` (that of
:func:`groupproj.harmonic.wigner_D`) the SU(2) matrix of ``q`` is

.. math::

    U(q) = w I - 2i(x J_x + y J_y + z J_z)
         = \begin{pmatrix} w + iz & y - ix \\ -y - ix & w - iz \end{pmatrix},

so that ``U(q_z(a) q_y(b) q_z(c)) == wigner_D(1/2, a, b, c)`` with
:math:`q_z(t) = (\cos\frac t2, 0, 0, \sin\frac t2)`, :math:`q_y(t) = (\cos\frac t2, 0,
\sin\frac t2, 0)`, and ``U(q1 q2) = U(q1) U(q2)``. The rotation matrix of ``q``
(the image of ``U(q)`` in SO(3)) is that of :func:`groupproj.harmonic.matrix_from_euler`
for the same Euler angles; ``q`` and ``-q`` give the same rotation.
"""

from __future__ import annotations

import numpy as np

from groupproj.errors import GroupMismatchError


def quaternion_product(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Hamilton product ``p q`` of quaternions ``(w, x, y, z)``. Cost O(1)."""
    w1, v1 = p[0], p[1:]
    w2, v2 = q[0], q[1:]
    return np.concatenate([[w1 * w2 - v1 @ v2], w1 * v2 + w2 * v1 + np.cross(v1, v2)])


def quaternion_from_euler(alpha: float, beta: float, gamma: float) -> np.ndarray:
    """The unit quaternion ``q_z(alpha) q_y(beta) q_z(gamma)`` of ZYZ Euler angles.

    >>> bool(np.allclose(quaternion_from_euler(np.pi, 0, 0), [0, 0, 0, 1]))
    True
    """
    ca, sa = np.cos(alpha / 2), np.sin(alpha / 2)
    cb, sb = np.cos(beta / 2), np.sin(beta / 2)
    cc, sc = np.cos(gamma / 2), np.sin(gamma / 2)
    qz_a = np.array([ca, 0.0, 0.0, sa])
    qy_b = np.array([cb, 0.0, sb, 0.0])
    qz_c = np.array([cc, 0.0, 0.0, sc])
    return quaternion_product(quaternion_product(qz_a, qy_b), qz_c)


def su2_from_quaternion(q: np.ndarray) -> np.ndarray:
    """The 2×2 SU(2) matrix ``U(q)`` in the order ``m = -1/2, +1/2`` (module docstring)."""
    w, x, y, z = q
    return np.array([[w + 1j * z, y - 1j * x], [-y - 1j * x, w - 1j * z]])


def quaternion_from_su2(U: np.ndarray) -> np.ndarray:
    """Inverse of :func:`su2_from_quaternion`."""
    return np.array([U[0, 0].real, -U[0, 1].imag, U[0, 1].real, U[0, 0].imag])


def euler_from_quaternion(q: np.ndarray) -> tuple[float, float, float]:
    r"""ZYZ angles ``(alpha, beta, gamma)`` with ``U(q) = wigner_D(1/2, alpha, beta, gamma)``.

    Read from :math:`U_{00} = \cos\frac\beta2 e^{i(\alpha+\gamma)/2}` and
    :math:`U_{01} = \sin\frac\beta2 e^{i(\alpha-\gamma)/2}`; exact on SU(2), sign included,
    so every Wigner matrix :math:`D^j` evaluated at these angles is that of ``q``.

    >>> a, b, c = euler_from_quaternion(quaternion_from_euler(0.1, 0.2, 0.3))
    >>> bool(np.allclose([a, b, c], [0.1, 0.2, 0.3]))
    True
    """
    w, x, y, z = q
    beta = 2.0 * np.arctan2(np.hypot(x, y), np.hypot(w, z))
    total = 2.0 * np.arctan2(z, w)
    diff = 2.0 * np.arctan2(-x, y)
    return float((total + diff) / 2), float(beta), float((total - diff) / 2)


def rotation_from_quaternion(q: np.ndarray) -> np.ndarray:
    """The 3×3 rotation matrix of the unit quaternion ``q``."""
    w, x, y, z = q
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ]
    )


def quaternion_from_rotation(R: np.ndarray) -> np.ndarray:
    """A unit quaternion of the rotation matrix ``R`` (Shepperd's stable choice of pivot)."""
    t = np.trace(R)
    diag = np.diag(R)
    k = int(np.argmax([t, *diag]))
    if k == 0:
        w = np.sqrt(1 + t) / 2
        q = [w, (R[2, 1] - R[1, 2]) / (4 * w), (R[0, 2] - R[2, 0]) / (4 * w)]
        q.append((R[1, 0] - R[0, 1]) / (4 * w))
        return np.array(q)
    i = k - 1
    j, l = (i + 1) % 3, (i + 2) % 3
    v = np.zeros(3)
    v[i] = np.sqrt(1 + 2 * R[i, i] - t) / 2
    v[j] = (R[j, i] + R[i, j]) / (4 * v[i])
    v[l] = (R[l, i] + R[i, l]) / (4 * v[i])
    w = (R[l, j] - R[j, l]) / (4 * v[i])
    return np.array([w, *v])


def check_orthogonal(M: np.ndarray, n: int, group: str, det: tuple[int, ...]) -> int:
    """Check that ``M`` is an n×n orthogonal matrix with determinant in ``det``; return det."""
    if M.shape != (n, n):
        raise GroupMismatchError(f"an element of {group} is a {n}×{n} matrix, got shape {M.shape}")
    if not np.abs(M.T @ M - np.eye(n)).max() <= 1e-8:  # also refuses NaN
        raise GroupMismatchError(f"the matrix is not orthogonal (MᵀM ≠ I), so not in {group}")
    d = int(round(np.linalg.det(M)))
    if d not in det:
        raise GroupMismatchError(
            f"the matrix has determinant {d}; elements of {group} have determinant "
            + " or ".join(f"{x:+d}" for x in det)
        )
    return d
