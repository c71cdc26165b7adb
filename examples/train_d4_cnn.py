"""Train a D4-equivariant CNN with the projection penalty, and check the trained net.

A small CNN classifies 12×12 images of three shapes (an L, a T and a bar of four pixels),
each turned and reflected by a random element of D4, placed at random, with Gaussian
noise. Its layers map between D4 field types: the image is one trivial field, the hidden
layers carry ``width`` regular fields (8 channels each), global max pooling (a maximum over
all pixels, unchanged when they are permuted) keeps the regular fields, and the head maps
them to three trivial logits. ReLU acts on each channel, which the regular representation
permutes, so the net is D4-invariant exactly when every layer is equivariant.

The script

1. declares the net by its representations: ``ProjectionPenalty.for_sequence``;
2. initialises it (``--init``, see :data:`INITS`), by default with ``equivariant_init_``
   (He variance on the equivariant subspace);
3. trains with cross-entropy + λ_⊥ Σ ‖T − P(T)‖² (Adam);
4. reports the test accuracy, the penalty, and the equivariance error of the trained net in
   one grid-aware call, ``gp.equivariance_error(net, trivial, 3 trivial, grid=12)``, before
   and after ``project_()``.

``python examples/train_d4_cnn.py`` trains one net (a few seconds on one CPU core);
``--sweep --seeds 3`` prints the table of inits × λ_⊥ and ``--signal`` the signal through a
deeper net at initialisation, both quoted in docs/training.md; ``--help`` lists the rest.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import torch
from torch import nn

import groupproj as gp
from groupproj.torch import ProjectionPenalty, ProjectionShrinkWarning, equivariant_init_

D4 = gp.dihedral(4)
SHAPES = {
    "L": [(0, 0), (1, 0), (2, 0), (2, 1)],
    "T": [(0, 0), (0, 1), (0, 2), (1, 1)],
    "bar": [(0, 0), (0, 1), (0, 2), (0, 3)],
}
INITS = ("default", "projected", "rescaled", "he", "equivariant")
"""torch's default; that projected onto the equivariant part (``project_()``); projected and
rescaled to its former norms (``project_(preserve_norm=True)``); He's (not equivariant, for
reference); ``equivariant_init_`` (He's variance on the equivariant subspace)."""


def make_data(n: int, size: int = 12, noise: float = 0.3, seed: int = 0):
    """``n`` images (n, 1, size, size) and their labels: a shape moved by a random D4 element."""
    rng = np.random.default_rng(seed)
    images = noise * rng.standard_normal((n, 1, size, size))
    labels = rng.integers(len(SHAPES), size=n)
    stamps = [np.zeros((4, 4)) for _ in SHAPES]
    for stamp, pixels in zip(stamps, SHAPES.values()):
        stamp[tuple(np.array(pixels).T)] = 1.0
    for image, label in zip(images, labels):
        stamp = np.rot90(stamps[label], rng.integers(4))
        if rng.integers(2):
            stamp = stamp[:, ::-1]
        i, j = rng.integers(size - 3, size=2)
        image[0, i : i + 4, j : j + 4] += stamp
    return torch.tensor(images, dtype=torch.float32), torch.tensor(labels)


def d4_cnn(width: int = 4, depth: int = 3) -> tuple[nn.Sequential, list[gp.Representation]]:
    """The net and the representations between its layers: ``depth`` 3×3 convolutions of
    ``width`` regular fields, global max pooling, and a linear head to the logits."""
    c = 8 * width
    layers: list[nn.Module] = []
    for i in range(depth):
        layers += [nn.Conv2d(1 if i == 0 else c, c, 3, padding=1), nn.ReLU()]
    layers += [nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(c, len(SHAPES))]
    hidden = gp.direct_sum(*[D4.regular()] * width)
    logits = gp.direct_sum(*[D4.trivial()] * len(SHAPES))
    return nn.Sequential(*layers), [D4.trivial()] + [hidden] * depth + [logits]


def build(init: str, lambda_perp: float, width: int = 4, depth: int = 3, seed: int = 0):
    """The net, its representations and its penalty, initialised as ``init`` says."""
    torch.manual_seed(seed)
    net, reps = d4_cnn(width, depth)
    penalty = ProjectionPenalty.for_sequence(net, reps, lambda_perp=lambda_perp)
    head = penalty.names[-2]  # the logits' weight: gain 1, the others √2 (ReLU follows)
    if init in ("projected", "rescaled"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProjectionShrinkWarning)
            penalty.project_(preserve_norm=init == "rescaled")
    elif init == "he":
        for name, p in net.named_parameters():
            gain = 1.0 if name == head else 2**0.5
            nn.init.normal_(p, std=gain / p[0].numel() ** 0.5) if p.ndim > 1 else nn.init.zeros_(p)
    elif init == "equivariant":
        equivariant_init_(penalty)
        equivariant_init_(penalty, 1.0, names=[head])
    return net, reps, penalty


@torch.no_grad()
def spread(x: torch.Tensor) -> float:
    """The signal in a batch of features: the std over the inputs, averaged over features."""
    return float(x.std(0).mean())


@torch.no_grad()
def signal(init: str, width: int = 4, depth: int = 6, seed: int = 0) -> list[float]:
    """:func:`spread` after each ReLU and of the logits, at initialisation."""
    x, _ = make_data(256, seed=seed + 1)
    net, _, _ = build(init, 0.0, width, depth, seed)
    out = []
    for layer in net:
        x = layer(x)
        if isinstance(layer, (nn.ReLU, nn.Linear)):
            out.append(spread(x))
    return out


@torch.no_grad()
def accuracy(net: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return float((net(x).argmax(1) == y).float().mean())


def run(
    init: str = "equivariant",
    lambda_perp: float = 1.0,
    steps: int = 400,
    width: int = 4,
    n_train: int = 2048,
    batch: int = 32,
    lr: float = 3e-3,
    seed: int = 0,
) -> dict:
    """Train one net; returns the figures the script prints."""
    x, y = make_data(n_train, seed=seed)
    x_test, y_test = make_data(512, seed=seed + 1)
    net, reps, penalty = build(init, lambda_perp, width, seed=seed)
    logits_at_init = spread(net(x_test))
    optimiser = torch.optim.Adam(net.parameters(), lr=lr)
    rng = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(steps):
        idx = torch.randint(len(x), (batch,), generator=rng)
        loss = nn.functional.cross_entropy(net(x[idx]), y[idx])
        if lambda_perp > 0:
            loss = loss + penalty()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    seconds = time.perf_counter() - start
    images = x_test[:64].numpy()
    distance = ProjectionPenalty(net, penalty.projectors, lambda_perp=1.0)
    result = {
        "logits at init": logits_at_init,
        "accuracy": accuracy(net, x_test, y_test),
        "|T-P(T)|²": float(distance().detach()),
        "error": gp.equivariance_error(net, reps[0], reps[-1], inputs=images, grid=12).max,
    }
    penalty.project_()
    result["acc proj"] = accuracy(net, x_test, y_test)
    result["err proj"] = gp.equivariance_error(net, reps[0], reps[-1], inputs=images, grid=12).max
    result["s"] = seconds
    return result


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--init", choices=INITS, default="equivariant")
    parser.add_argument("--lambda-perp", type=float, default=1.0)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--width", type=int, default=4, help="regular fields per layer")
    parser.add_argument("--n-train", type=int, default=2048)
    parser.add_argument("--seeds", type=int, default=1, help="average over seeds 0, 1, …")
    parser.add_argument("--sweep", action="store_true", help="every init × λ_⊥ in 0, 0.1, 1")
    parser.add_argument("--signal", action="store_true", help="signal per layer at init")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # a net this small runs fastest on one thread
    if args.signal:
        print("std over inputs after each conv + ReLU (6 layers) and of the logits, at init")
        rows = [{"init": init, "signal": signal(init, args.width)} for init in INITS]
        for row in rows:
            print(f"{row['init']:>11} " + " ".join(f"{v:8.1e}" for v in row["signal"]))
        return rows
    settings = [(args.init, args.lambda_perp)]
    if args.sweep:
        settings = [(init, lam) for init in INITS for lam in (0.0, 0.1, 1.0)]
    size = {"steps": args.steps, "width": args.width, "n_train": args.n_train}
    rows = []
    for init, lam in settings:
        runs = [run(init, lam, seed=seed, **size) for seed in range(args.seeds)]
        row = {key: float(np.mean([r[key] for r in runs])) for key in runs[0]}
        if not rows:
            print(f"{'init':>11} {'lambda':>6} " + " ".join(f"{key:>14}" for key in row))
        rows.append({"init": init, "lambda_perp": lam, **row})
        print(f"{init:>11} {lam:>6g} " + " ".join(f"{v:>14.3g}" for v in row.values()), flush=True)
    return rows


if __name__ == "__main__":
    main()
