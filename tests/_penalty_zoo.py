"""Projectors for the penalty engine's tests: the library's back-ends, and factored
projectors with rectangular blocks (as steerable kernel blocks have), built here from
their factors and applied, for reference, by the spectral structure's own code."""

from __future__ import annotations

from functools import cache

import numpy as np
import scipy.stats

import groupproj as gp
from groupproj.equivariant.structure import Block, Factors
from groupproj.groups import SO2, SO3


def factored(QW: np.ndarray, blocks: tuple[Block, ...], QV: np.ndarray) -> gp.Projector:
    """The orthogonal projector with factors (Q_W, blocks, Q_V); blocks may be rectangular.

    P(A) = Q_W · S(Q_Wᴴ A Q_V) · Q_Vᴴ, each d_W × d_V sub-block of a block projected onto
    the span of its (orthonormal) basis, applied by the spectral structure's own code.
    """
    return gp.Projector(Factors(QW, blocks, QV), method="spectral")


def _orthonormal(rng, e: int, dW: int, dV: int, complex_: bool = False) -> np.ndarray:
    """e random matrices of shape dW × dV, orthonormal in the Frobenius inner product."""
    X = rng.standard_normal((dW * dV, e))
    if complex_:
        X = X + 1j * rng.standard_normal((dW * dV, e))
    Q, _ = np.linalg.qr(X)
    return Q.T.reshape(e, dW, dV)


def _signed_permutation(order: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Q with Q[order[c], c] = signs[c]."""
    Q = np.zeros((len(order), len(order)))
    Q[order, np.arange(len(order))] = signs
    return Q


def _tiled_layout(copies: int, dims: tuple[int, int]) -> np.ndarray:
    """order[c]: the row of decomposition column c when each tile holds one copy of two
    irreps of dimensions dims, copies contiguous per irrep in the decomposition."""
    a, b = dims
    tile = a + b
    first = [t * tile + k for t in range(copies) for k in range(a)]
    second = [t * tile + a + k for t in range(copies) for k in range(b)]
    return np.array(first + second)


@cache
def rectangular(kind: str) -> gp.Projector:
    """Factored projectors with rectangular blocks, between 2 copies of (2, 1)-dimensional
    irreps in W and 3 copies of (3, 2)-dimensional ones in V (blocks 2×3 and 1×2).

    kind:
      ``"disjoint"``   signed-permutation Q in repeated tiles, block bases of disjoint
                       supports: every form applies;
      ``"dense"``      the same Q, dense block bases: tiled, spectral and basis;
      ``"scattered"``  Q with signs that differ between copies, disjoint supports:
                       permuted (one tile), spectral and basis;
      ``"rotated"``    random orthogonal Q: spectral and basis;
      ``"complex"``    random unitary Q and complex block bases: spectral and basis.
    """
    rng = np.random.default_rng(7)
    cW, cV = 2, 3
    orderW, orderV = _tiled_layout(cW, (2, 1)), _tiled_layout(cV, (3, 2))
    if kind in ("disjoint", "scattered"):
        s = np.sqrt(0.5)
        Ea = np.array([[[s, 0, 0], [0, 0, s]], [[0, 1, 0], [0, 0, 0]], [[0, 0, 0], [s, s, 0]]])
        Eb = np.array([[[s, -s]]])
    else:
        Ea = _orthonormal(rng, 3, 2, 3, kind == "complex")
        Eb = _orthonormal(rng, 1, 1, 2, kind == "complex")
    blocks = (Block("a", 0, cW, 0, cV, Ea), Block("b", 2 * cW, cW, 3 * cV, cV, Eb))
    if kind in ("disjoint", "dense"):
        unit_W, unit_V = rng.choice([-1.0, 1.0], 3), rng.choice([-1.0, 1.0], 5)
        signs_W = np.concatenate([np.tile(unit_W[:2], cW), np.tile(unit_W[2:], cW)])
        signs_V = np.concatenate([np.tile(unit_V[:3], cV), np.tile(unit_V[3:], cV)])
        QW, QV = _signed_permutation(orderW, signs_W), _signed_permutation(orderV, signs_V)
    elif kind == "scattered":
        QW = _signed_permutation(orderW, rng.choice([-1.0, 1.0], 3 * cW))
        QV = _signed_permutation(orderV[rng.permutation(5 * cV)], rng.choice([-1.0, 1.0], 5 * cV))
    elif kind == "rotated":
        QW = scipy.stats.ortho_group.rvs(3 * cW, random_state=1)
        QV = scipy.stats.ortho_group.rvs(5 * cV, random_state=2)
    else:
        QW = scipy.stats.unitary_group.rvs(3 * cW, random_state=1)
        QV = scipy.stats.unitary_group.rvs(5 * cV, random_state=2)
    return factored(QW, blocks, QV)


RECTANGULAR = ("disjoint", "dense", "scattered", "rotated", "complex")


@cache
def library(name: str):
    """Projectors of the library's back-ends, each with a structure the engine reads."""
    if name == "orbit-fields":  # D4 kernels between 3 regular fields: 3 row blocks
        rep = gp.direct_sum(*[gp.dihedral(4).regular()] * 3)
        return gp.kernel_projector(rep, rep, 3)
    if name == "orbit-mixed":  # orbits of several sizes, no repeated rows
        D4 = gp.dihedral(4)
        return gp.projector(D4.regular(), D4.natural() + D4.regular() + D4.trivial())
    if name == "orbit-bias":
        return gp.bias_projector(gp.direct_sum(*[gp.cyclic(4).regular()] * 2))
    if name == "so3-fields":  # copies of l = 0..2 on both sides: repeated tiles
        G = SO3()
        unit = gp.direct_sum(*[G.irrep(l) for l in range(3)])
        return gp.projector(gp.direct_sum(*[unit] * 3), gp.direct_sum(*[unit] * 2))
    if name == "so3-mixed":  # irreps in any order: one tile
        G = SO3()
        V = gp.direct_sum(G.irrep(1), G.irrep(0), G.irrep(2), G.irrep(1))
        return gp.projector(V, gp.direct_sum(G.irrep(2), G.irrep(1), G.irrep(3)))
    if name == "so2-fields":  # complex-type irreps: End = span(I, J)
        G = SO2()
        unit = gp.direct_sum(G.irrep(0), G.irrep(1), G.irrep(2))
        return gp.projector(gp.direct_sum(*[unit] * 2), gp.direct_sum(*[unit] * 3))
    if name == "so3-complex":  # complex irreps: complex factors
        G = SO3()
        V = gp.direct_sum(*G.irreps(2, basis="complex"))
        return gp.projector(V, V)
    if name == "spatial":
        O = gp.octahedral()
        return gp.projector(O.natural() + O.trivial(), O.natural() * O.natural(), "spatial")
    raise KeyError(name)


LIBRARY = (
    "orbit-fields",
    "orbit-mixed",
    "orbit-bias",
    "so3-fields",
    "so3-mixed",
    "so2-fields",
    "so3-complex",
    "spatial",
)


def projector(name: str):
    return rectangular(name) if name in RECTANGULAR else library(name)


ALL = LIBRARY + RECTANGULAR
