"""A representation that decomposes itself, for the spectral back-end in tests."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.linalg

import groupproj as gp
from groupproj.reps.base import Representation
from groupproj.reps.decomposition import Decomposition


class Irrep:
    """An irrep of C4 with an orthonormal basis of its endomorphism algebra."""

    def __init__(self, rep: Representation, endomorphisms: np.ndarray):
        self.rep = rep
        self.dim = rep.dim
        self._endomorphisms = endomorphisms

    def endomorphism_basis(self) -> np.ndarray:
        return self._endomorphisms


C4 = gp.cyclic(4)
TRIVIAL = Irrep(C4.trivial(), np.ones((1, 1, 1)))
ROTATION = Irrep(
    gp.rep_from_generators(C4, [[[0, -1], [1, 0]]]),
    np.array([np.eye(2), [[0, -1], [1, 0]]]) / np.sqrt(2),
)


class Decomposed(Representation):
    """⊕ copies of C4's trivial and rotation irreps, in a random orthonormal basis."""

    _fields = ("counts", "seed")

    def __init__(self, counts: tuple[int, int], seed: int):
        rng = np.random.default_rng(seed)
        d = counts[0] + 2 * counts[1]
        Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        self._set(counts=counts, seed=seed, group=C4, Q=Q)

    @property
    def dim(self) -> int:
        return self.counts[0] + 2 * self.counts[1]

    name = "decomposed"

    def _float(self, key: Any) -> np.ndarray:
        blocks = [TRIVIAL.rep._float(key)] * self.counts[0]
        blocks += [ROTATION.rep._float(key)] * self.counts[1]
        return self.Q @ scipy.linalg.block_diag(*blocks) @ self.Q.T

    def decompose(self) -> Decomposition:
        return Decomposition(self.Q, ((TRIVIAL, self.counts[0]), (ROTATION, self.counts[1])))


def spectral_projector() -> gp.Projector:
    """The spectral projector between two such representations."""
    return gp.projector(Decomposed((1, 2), 0), Decomposed((2, 1), 1), method="spectral")


def adapter_projectors() -> list:
    """One projector per back-end form the framework adapters must handle: orbit,
    spatial (dense basis) and spectral."""
    D4 = gp.dihedral(4)
    return [
        gp.projector(D4.regular(), D4.natural() + D4.regular()),
        gp.projector(gp.octahedral().natural(), gp.octahedral().natural() ** 2),
        spectral_projector(),
    ]
