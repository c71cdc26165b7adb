"""Baseline regularisers, for comparison with groupproj's projection penalty.

* :class:`DenseQPenalty`: ‖T‖² − ‖Qᵀ vec T‖² with a dense N×D orthonormal basis Q of
  the equivariant maps (D = dim Hom_G, N = number of weights), the form of the
  projection regulariser in its published code.
* :class:`SampledWeightPenalty`: the mean over K sampled g of
  ‖ρ_out(g) T − T ρ_in⊗grid(g)‖² (and ‖ρ_out(g) b − b‖² for a bias), with dense
  representation matrices.
* :class:`SampledBlockWeightPenalty`: the same for linear layers on copies of one
  representation, block by block, from a pool of sampled matrices.

All take torch tensors; torch is imported here.
"""

from __future__ import annotations

import numpy as np
import torch


class DenseQPenalty:
    """Σ_layers ‖v‖² − ‖Q v‖², Q the (D, N) dense orthonormal basis of each layer."""

    def __init__(self, params, projectors):
        self.params = list(params)
        self.Q = [
            torch.as_tensor(P.basis().reshape(P.dim, -1), dtype=p.dtype, device=p.device)
            for p, P in zip(self.params, projectors)
        ]

    @staticmethod
    def entries(projectors) -> int:
        return sum(P.dim * P.shape[0] * P.shape[1] for P in projectors)

    def state_bytes(self) -> int:
        return sum(q.numel() * q.element_size() for q in self.Q)

    def __call__(self):
        total = 0.0
        for p, Q in zip(self.params, self.Q):
            v = p.reshape(-1)
            total = total + v.dot(v) - (Q @ v).pow(2).sum()
        return total


def _stack(rep, dtype, device):
    mats = np.stack([rep(g) for g in rep.group.elements()])
    return torch.as_tensor(mats, dtype=dtype, device=device)


class SampledWeightPenalty:
    """Mean over K sampled g of ‖ρ_out(g) T − T (ρ_in(g) ⊗ ρ_grid(g))‖², per layer.

    Layers are (weight, bias, rep_in, rep_out, grid) with ``grid`` a GridRep (or
    None for a linear layer); matrices of every element are stacked once.
    """

    def __init__(self, layers, K, seed=0):
        self.K = K
        self.layers = []
        for weight, bias, rep_in, rep_out, grid in layers:
            dtype, device = weight.dtype, weight.device
            G = rep_in.group
            perms = None
            if grid is not None:
                perms = torch.as_tensor(
                    np.stack([grid(g).argmax(axis=0) for g in G.elements()]), device=device
                )
            self.layers.append(
                (
                    weight,
                    bias,
                    _stack(rep_in, dtype, device),
                    _stack(rep_out, dtype, device),
                    perms,
                )
            )
        self.order = len(self.layers[0][2])
        self.generator = torch.Generator().manual_seed(seed)

    def state_bytes(self) -> int:
        return sum(
            a.numel() * a.element_size() + b.numel() * b.element_size()
            for _, _, a, b, _ in self.layers
        )

    def __call__(self):
        idx = torch.randint(self.order, (self.K,), generator=self.generator)
        total = 0.0
        for weight, bias, rho_in, rho_out, perms in self.layers:
            R_in, R_out = rho_in[idx], rho_out[idx]
            T = weight.reshape(weight.shape[0], weight.shape[1], -1)
            left = torch.einsum("kab,bcx->kacx", R_out, T)
            if perms is None:
                moved = T.unsqueeze(0).expand(self.K, *T.shape)
            else:  # (T rho_grid(g))[o, c, x] = T[o, c, p_g(x)], p_g(x) = M(g)x
                moved = T[:, :, perms[idx]].permute(2, 0, 1, 3)
            right = torch.einsum("kocx,kcd->kodx", moved, R_in)
            total = total + (left - right).pow(2).sum() / self.K
            if bias is not None:
                total = total + (R_out @ bias - bias).pow(2).sum() / self.K
        return total


class SampledBlockWeightPenalty:
    """Mean over K sampled g of ‖ρ(g) T − T ρ(g)‖² (and ‖ρ(g) b − b‖²) for ρ = copies of D.

    For linear layers on c copies of one representation D of dimension u (ρ(g) =
    I_c ⊗ D(g)), applied block by block: 2·u·mn multiply-adds per sample, no dense
    ρ(g). ``matrices`` is a pool (P, u, u) of D(g) for sampled g; each call draws K.
    """

    def __init__(self, layers, matrices, K, seed=0):
        self.layers, self.K = list(layers), K
        self.D = matrices
        self.generator = torch.Generator().manual_seed(seed)

    def state_bytes(self) -> int:
        return self.D.numel() * self.D.element_size()

    def __call__(self):
        D = self.D[torch.randint(len(self.D), (self.K,), generator=self.generator)]
        u = D.shape[-1]
        total = 0.0
        for weight, bias in self.layers:
            T = weight.reshape(weight.shape[0] // u, u, weight.shape[1] // u, u)
            left = torch.einsum("kab,ibjc->kiajc", D, T)
            right = torch.einsum("iajb,kbc->kiajc", T, D)
            total = total + (left - right).pow(2).sum() / self.K
            if bias is not None:
                b = bias.reshape(-1, u)
                total = total + (torch.einsum("kab,ib->kia", D, b) - b).pow(2).sum() / self.K
        return total
