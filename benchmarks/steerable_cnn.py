"""An SO(2)-steerable CNN regularised towards its steerable kernels by the projection penalty.

The image setting of "Approximate equivariance via projection-based regularisation"
(Berndt and Stühmer, arXiv:2601.05028): the convolution kernels of a network whose feature
maps are fields of SO(2) irreps are free, and the penalty ``lam * sum ||W - P(W)||_F^2``
pulls each kernel W towards its projection onto the steerable kernels
(``P = gp.kernel_projector(rho_in, rho_out, k)``). This script trains it on rotated
synthetic images for several ``lam`` and measures how far the classifier is from
rotation-invariant, under rotations by arbitrary angles (interpolated) and by multiples of
90° (which map the pixel grid onto itself).

Run from the repository root, e.g. ``PYTHONPATH=. python benchmarks/steerable_cnn.py``
(``--quick`` for a short run). Results are printed and written to
``benchmarks/results/steerable_cnn.json``; torch runs single-threaded.

Data
----
21×21 grey images of four classes: a disc, a ring, a bar and a cross (Gaussian profiles,
widths 1.5 to 5 px), with random size, brightness and pixel noise (0.02). The training
images are turned by angles drawn uniformly in [−30°, 30°], so the data do not show the
network every orientation (as the partial annulus of the paper's toy does not); the test
sets are turned by up to 30° ("accuracy") and by any angle ("rotated accuracy"). Pixel
(i, j) sits at x = (i − 10, j − 10); a rotation by θ acts as (g·f)(x) = f(R(θ)⁻¹x), so
θ = 90° is ``torch.rot90(f, 1, (-2, -1))``; other angles interpolate (bicubic).

Model
-----
Three 5×5 convolutions (zero padding, stride 1): the image (ρ_0) to hidden fields
3ρ_0 + 2ρ_1 + 2ρ_2 (11 channels), hidden to hidden, hidden to 8ρ_0; after the first two an
equivariant nonlinearity (ELU on the ρ_0 channels, v ↦ v·sigmoid(|v| − 1) on each
2-channel field), after the last an ELU; then the spatial mean and a linear layer to four
logits. With steerable kernels every layer commutes with the rotations by 90° exactly and
with other rotations up to the sampling of the kernels and of the image, so the logits are
invariant. Every run starts from the same equivariant initialisation (the projection of a
Kaiming-normal one), so the settings differ only in how they train:

``loss``
    Adam on cross-entropy + ``lam * sum ||W - P(W)||^2`` (``groupproj.torch.ProjectionPenalty``),
    the regulariser as the paper states it.
``step``
    Adam on the cross-entropy, then a plain gradient step on the penalty,
    W ← W − η·2·lam·(W − P(W)) with η = 0.05 (capped at the projection), decoupled from
    Adam's per-coordinate scaling as AdamW decouples weight decay. Adam divides each
    coordinate's step by the size of its recent gradients; the penalty's gradient, large
    and orthogonal to the steerable kernels, then shrinks the steps along them: with the
    penalty in the loss, large ``lam`` stalls the training.
``hard``
    kernels W replaced by P(W) in the forward pass (a steerable CNN of escnn's kind).

Training and error
------------------
Adam (learning rate 0.01), batch 64; 256 training images per class, 8 epochs (``--quick``:
128 and 5). The equivariance error is
``E = mean over x, θ of |f(g_θ x) − f(x)| / mean over x of |f(x) − f̄|`` for the logits f
(f̄ their mean over the test set) on the fully rotated test set, with 24 random angles
(``E_any``) or θ = 90°, 180°, 270° (``E_90``): the change under rotation relative to how
much the logits vary between images.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded timings, set before numpy loads

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

import groupproj as gp  # noqa: E402
from groupproj.torch import ProjectionPenalty  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "steerable_cnn.json"
SIZE = 21
"""Image side; odd, so that the rotations by 90° fix the centre pixel."""
KERNEL = 5
HIDDEN = (3, 2, 2)
"""Copies of ρ_0, ρ_1, ρ_2 in the hidden layers."""
INVARIANT = 8
LAMBDAS = (1e-3, 1e-2, 1e-1, 1.0, 10.0)
MAX_TRAIN_ANGLE = np.pi / 6
SO2 = gp.SO2()

# ----------------------------------------------------------------------------- data

CLASSES = ("disc", "ring", "bar", "cross")


def _shape(kind: str, grid: np.ndarray, angle: float, rng: np.random.Generator) -> np.ndarray:
    """One noiseless image of a class, turned by ``angle``; ``grid`` holds the coordinates."""
    c, s = np.cos(angle), np.sin(angle)
    u = c * grid[..., 0] + s * grid[..., 1]  # coordinates along and across the turned axis
    v = -s * grid[..., 0] + c * grid[..., 1]
    r = np.hypot(grid[..., 0], grid[..., 1])
    scale = rng.uniform(0.85, 1.15)
    if kind == "disc":
        return np.exp(-(r**2) / (2 * (3.0 * scale) ** 2))
    if kind == "ring":
        return np.exp(-((r - 5.0 * scale) ** 2) / (2 * 1.5**2))
    bar = np.exp(-(u**2) / (2 * (5.0 * scale) ** 2) - v**2 / (2 * 1.5**2))
    if kind == "bar":
        return bar
    return np.maximum(bar, np.exp(-(v**2) / (2 * (5.0 * scale) ** 2) - u**2 / (2 * 1.5**2)))


def make_images(
    n_per_class: int, seed: int, max_angle: float = np.pi
) -> tuple[torch.Tensor, torch.Tensor]:
    """``n_per_class`` images of each class turned by uniform angles in [−max_angle, max_angle].

    Returns (images (N, 1, 21, 21) float32, labels (N,)).
    """
    rng = np.random.default_rng(seed)
    c = (SIZE - 1) / 2
    grid = np.stack(np.meshgrid(np.arange(SIZE) - c, np.arange(SIZE) - c, indexing="ij"), -1)
    images, labels = [], []
    for label, kind in enumerate(CLASSES):
        for _ in range(n_per_class):
            angle = rng.uniform(-max_angle, max_angle)
            image = rng.uniform(0.8, 1.2) * _shape(kind, grid, angle, rng)
            images.append(image + 0.02 * rng.normal(size=image.shape))
            labels.append(label)
    order = rng.permutation(len(labels))
    x = torch.tensor(np.array(images)[order, None], dtype=torch.float32)
    return x, torch.tensor(np.array(labels)[order])


def rotate_images(x: torch.Tensor, angle: float) -> torch.Tensor:
    """(g_θ·f)(x) = f(R(θ)⁻¹x) by bicubic interpolation (zero outside), about the centre pixel.

    ``x`` has shape (N, C, H, W) of scalar fields; axis −2 is the first coordinate, so
    θ = 90° gives ``torch.rot90(x, 1, (-2, -1))`` (up to rounding).
    """
    n = x.shape[-1]
    c = (n - 1) / 2
    coords = torch.arange(n, dtype=torch.float64) - c
    y0, y1 = torch.meshgrid(coords, coords, indexing="ij")
    cos, sin = np.cos(angle), np.sin(angle)
    s0, s1 = cos * y0 + sin * y1, -sin * y0 + cos * y1  # R(θ)ᵀ y
    grid = torch.stack([s1 / c, s0 / c], -1).to(x.dtype)  # grid_sample wants (width, height)
    grid = grid.expand(x.shape[0], n, n, 2)
    return nn.functional.grid_sample(x, grid, mode="bicubic", align_corners=True)


# ----------------------------------------------------------------------------- model


def field_rep(mult: tuple[int, ...]) -> gp.Representation:
    """Σ_m mult[m]·ρ_m, the ρ_0 channels first, then the 2-channel fields by frequency."""
    irreps = [SO2.irrep(m) for m, count in enumerate(mult) for _ in range(count)]
    rep = irreps[0]
    for irrep in irreps[1:]:
        rep = rep + irrep
    return rep


class FieldGate(nn.Module):
    """ELU on the first ``n_scalars`` channels, v ↦ v·sigmoid(|v| − 1) on each channel pair."""

    def __init__(self, n_scalars: int):
        super().__init__()
        self.n_scalars = n_scalars

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        scalars, fields = h[:, : self.n_scalars], h[:, self.n_scalars :]
        pairs = fields.unflatten(1, (-1, 2))
        norm = torch.sqrt(pairs.pow(2).sum(2, keepdim=True) + 1e-12)
        gated = (pairs * torch.sigmoid(norm - 1.0)).flatten(1, 2)
        return torch.cat([nn.functional.elu(scalars), gated], 1)


class SteerableCNN(nn.Module):
    """image (ρ_0) → hidden → hidden → 8ρ_0 → spatial mean → 4 logits; see the docstring.

    ``hard=True`` replaces each kernel W by P(W) in the forward pass.
    """

    def __init__(self, hidden: tuple[int, ...] = HIDDEN, hard: bool = False):
        super().__init__()
        self.types = [field_rep((1,)), field_rep(hidden), field_rep(hidden)]
        self.types.append(field_rep((INVARIANT,)))
        self.convs = nn.ModuleList(
            nn.Conv2d(a.dim, b.dim, KERNEL, padding=KERNEL // 2, bias=False)
            for a, b in zip(self.types[:-1], self.types[1:])
        )
        for conv in self.convs:
            nn.init.kaiming_normal_(conv.weight, nonlinearity="relu")
        self.gate = FieldGate(hidden[0])
        self.head = nn.Linear(INVARIANT, len(CLASSES))
        self.hard = hard
        self._projectors = {
            f"convs.{i}.weight": gp.kernel_projector(a, b, KERNEL)
            for i, (a, b) in enumerate(zip(self.types[:-1], self.types[1:]))
        }

    def projectors(self) -> dict[str, gp.Projector]:
        """Parameter name → the projector onto its steerable kernels."""
        return dict(self._projectors)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x
        for i, conv in enumerate(self.convs):
            W = conv.weight
            if self.hard:
                W = gp.equivariant_part(W, self._projectors[f"convs.{i}.weight"])
            h = nn.functional.conv2d(h, W, padding=KERNEL // 2)
            h = self.gate(h) if i < len(self.convs) - 1 else nn.functional.elu(h)
        return self.head(h.mean(dim=(-2, -1)))


# ----------------------------------------------------------------------------- training

LEARNING_RATE = 0.01
PENALTY_STEP = 0.05
"""η of the decoupled penalty step."""
COUPLINGS = ("loss", "step")


def train(
    lam: float, coupling: str, data, epochs: int, seed: int, batch: int = 64
) -> tuple[SteerableCNN, float]:
    """Train one setting; ``coupling`` is ``"loss"``, ``"step"`` or ``"hard"`` (see above).

    Returns the model (in eval mode) and the training time in seconds.
    """
    torch.manual_seed(seed)
    model = SteerableCNN(hard=coupling == "hard")
    projectors = model.projectors()
    penalty = ProjectionPenalty(model, projectors, lambda_perp=lam)
    penalty.project_()  # the equivariant initialisation
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    x, y = data
    generator = torch.Generator().manual_seed(seed)
    shrink = min(1.0, 2 * PENALTY_STEP * lam)
    start = time.perf_counter()
    for _ in range(epochs):
        for idx in torch.randperm(len(y), generator=generator).split(batch):
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            if coupling == "loss" and lam > 0:
                loss = loss + penalty()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            if coupling == "step" and lam > 0:
                _pull(model, projectors, shrink)
    if coupling == "hard":
        _pull(model, projectors, 1.0)  # store the kernels the forward pass uses, P(W)
    return model.eval(), time.perf_counter() - start


@torch.no_grad()
def _pull(model: nn.Module, projectors: dict, fraction: float) -> None:
    """W ← W − fraction·(W − P(W)) for every kernel: a gradient step on the penalty."""
    for name, P in projectors.items():
        W = model.get_parameter(name)
        W -= fraction * (W - gp.equivariant_part(W, P))


@torch.no_grad()
def equivariance_error(model: nn.Module, x: torch.Tensor, angles) -> float:
    """mean over x and θ of |f(g_θ x) − f(x)| / mean |f(x) − f̄|, f the logits, f̄ their mean.

    The change under rotation relative to how much the logits vary between images.
    """
    f = model(x)
    scale = (f - f.mean(0)).norm(dim=1).mean()
    diffs = [(model(rotate_images(x, a)) - f).norm(dim=1).mean() / scale for a in angles]
    return float(torch.stack(diffs).mean())


@torch.no_grad()
def evaluate(model: nn.Module, test, rotated_test, seed: int = 0) -> dict:
    """Accuracies, E_any and E_90 (on ``rotated_test``) and Σ ‖W − P(W)‖² over the kernels."""
    rng = np.random.default_rng(seed)
    x, y = rotated_test
    weights = {n: p.detach().double().numpy() for n, p in model.named_parameters()}
    return {
        "accuracy": float((model(test[0]).argmax(1) == test[1]).float().mean()),
        "rotated_accuracy": float((model(x).argmax(1) == y).float().mean()),
        "E_any": equivariance_error(model, x, rng.uniform(0, 2 * np.pi, 24)),
        "E_90": equivariance_error(model, x, [np.pi / 2, np.pi, 3 * np.pi / 2]),
        "kernel_distance": sum(
            float(gp.penalty(weights[name], P)) for name, P in model.projectors().items()
        ),
    }


def sweep(lambdas, n_per_class: int, epochs: int, seed: int = 0, n_test: int = 128) -> list[dict]:
    """Train and evaluate λ = 0, both couplings at every λ > 0, and ``hard``, on one data set.

    ``n_test`` images per class in each test set.
    """
    train_data = make_images(n_per_class, seed, MAX_TRAIN_ANGLE)
    test = make_images(n_test, seed + 100, MAX_TRAIN_ANGLE)
    rotated_test = make_images(n_test, seed + 200)
    runs = [("loss", 0.0)] + [(c, lam) for c in COUPLINGS for lam in lambdas if lam > 0]
    rows = []
    for coupling, lam in [*runs, ("hard", 0.0)]:
        model, seconds = train(lam, coupling, train_data, epochs, seed)
        row = {"coupling": coupling, "lambda_perp": lam, "train_s": seconds}
        row.update(evaluate(model, test, rotated_test))
        rows.append(row)
        print(
            f"{coupling:>4} lambda_perp={lam:<6g} acc {row['accuracy']:.3f} "
            f"rotated {row['rotated_accuracy']:.3f}  E_any {row['E_any']:.4f}  "
            f"E_90 {row['E_90']:.1e}  ||W-P(W)||^2 {row['kernel_distance']:.1e}  "
            f"train {seconds:.1f} s"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer images and epochs")
    args = parser.parse_args()
    torch.set_num_threads(1)
    n, epochs = (128, 5) if args.quick else (256, 8)
    rows = sweep(LAMBDAS, n, epochs)
    meta = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "threads": 1,
        "images_per_class": n,
        "epochs": epochs,
        "kernel_dims": {name: P.dim for name, P in SteerableCNN().projectors().items()},
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    print(f"wrote {RESULTS.name} in benchmarks/results")


if __name__ == "__main__":
    main()
