"""Toy experiment of "Approximate equivariance via projection-based regularisation" (§4.1).

Berndt and Stühmer, arXiv:2601.05028. Binary classification in the plane with a
symmetry-breaking class; a network whose linear layers map between representations of
SO(2) is trained with

* the projection penalty ``lam * sum_layers ||T - P(T)||_F^2`` (``P = gp.projector(V, W)``
  the orthogonal projector onto the equivariant maps, biases projected onto the invariant
  vectors by ``gp.bias_projector``; summed by ``groupproj.torch.ProjectionPenalty``),
* the sample-based regulariser ``mu * mean_{K rotations g, batch x} (f(g x) - f(x))^2``,
* nothing (an unconstrained multilayer perceptron on the raw coordinates).

Run from the repository root, e.g. ``PYTHONPATH=. python benchmarks/paper_toy.py``
(``--quick`` for a short run). Results are printed and written to
``benchmarks/results/paper_toy.json``. torch runs single-threaded so that the wall-clock
per epoch of the settings can be compared.

Data
----
``partial_annulus``: class +1 uniform on the disc ``r <= 1.5``; class -1 uniform (in area)
on the partial annulus ``2.3 <= r <= 3``, ``|theta| <= pi/4``. The labelling rule
"r < 1.9" is rotation-invariant, but the support of class -1 is not.

``wavy_rings``: two full rings whose radius is modulated by ``sigma * sin(5 theta)``:
class +1 at ``r = 1.0 + 0.5 sigma sin(5 theta)``, class -1 at
``r = 2.0 + 0.5 sigma sin(5 theta)``, both with Gaussian radial noise of standard
deviation 0.1. For ``sigma = 0`` the classes are separated by the invariant rule
"r < 1.5"; as ``sigma`` grows the radial ranges overlap, so an invariant classifier
loses accuracy and the best model is only approximately invariant.

Model
-----
The input ``x`` is lifted to circular-harmonic features: ``n_radial`` Gaussian radial
channels ``phi_c(r)`` times ``s^m (cos m theta, sin m theta)`` for ``m = 0..4``, with
``s = r / sqrt(1 + r^2)`` (so the features are smooth at the origin). Under a rotation by
``alpha`` a frequency-``m`` pair transforms by the real irrep ``rho_m(alpha)`` (rotation
by ``m alpha``; ``rho_0`` is the 1-dimensional trivial irrep). Hidden layers carry
``channels`` copies of each of ``rho_0..rho_4``; the output is one ``rho_0`` (the logit).
The nonlinearity is equivariant: SiLU on the ``rho_0`` entries and the norm gate
``v -> v * sigmoid(|v| - 1)`` on each 2-dimensional field. Hence a network whose linear
layers are all equivariant is exactly invariant; the penalty acts on the linear layers
only (weights ``T`` in ``Hom(V_in, V_out)``, biases in ``V_out``).

Training
--------
Adam (learning rate 0.01), batch 256, binary cross-entropy on the logit; 1024 points per
class and 40 epochs (``--quick``: 256 and 10), seeds 0-2 (wavy rings 0-1; ``--quick``: 0).
The sampled regulariser is applied to the same network as the penalty, the angles drawn
uniformly afresh at every step. The baseline "plain MLP" takes ``(x, y)`` directly:
two SiLU layers of width 64.

Equivariance error
------------------
``E = mean over test points x of max over 40 rotations R (angles 2 pi k / 40) of
|f(R x) - f(x)|`` with ``f`` the logit; 0 for an invariant classifier. Also reported: the
same with ``f = sigmoid(logit)`` (the probability, so ``E`` lies in ``[0, 1]``), and the
logit version over a grid filling the disc ``r <= 3`` instead of the test points (the test
points lie where the training data lie; the grid also probes the empty sectors).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded timings, set before numpy loads

import argparse  # noqa: E402
import json  # noqa: E402
import operator  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from functools import cached_property, reduce  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

import groupproj as gp  # noqa: E402
from groupproj.torch import ProjectionPenalty  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "paper_toy.json"
MAX_FREQUENCY = 4
N_ROTATIONS_E = 40

# ----------------------------------------------------------------------------- data


def _rotate(x: np.ndarray, angle) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.stack([c * x[..., 0] - s * x[..., 1], s * x[..., 0] + c * x[..., 1]], axis=-1)


def _polar(r: np.ndarray, theta: np.ndarray) -> np.ndarray:
    return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=-1)


def partial_annulus(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Inner disc (label 1) against an outer partial annulus (label 0), ``n`` points each.

    Returns ``x`` of shape ``(2n, 2)`` (float32) and ``y`` of shape ``(2n,)`` in {0, 1}.
    """
    rng = np.random.default_rng(seed)
    r_in = 1.5 * np.sqrt(rng.uniform(size=n))  # uniform in area on the disc
    t_in = rng.uniform(-np.pi, np.pi, size=n)
    r_out = np.sqrt(rng.uniform(2.3**2, 3.0**2, size=n))  # uniform in area on the annulus
    t_out = rng.uniform(-np.pi / 4, np.pi / 4, size=n)
    x = np.concatenate([_polar(r_in, t_in), _polar(r_out, t_out)])
    y = np.concatenate([np.ones(n), np.zeros(n)])
    return x.astype(np.float32), y.astype(np.float32)


WAVY_RADII = (1.0, 2.0)
WAVY_AMPLITUDE = 0.5
WAVY_NOISE = 0.1


def wavy_rings(n: int, sigma: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two rings ``r = r_k + 0.5 sigma sin(5 theta) + noise``; label 1 for the inner ring."""
    rng = np.random.default_rng(seed)
    parts = []
    for radius in WAVY_RADII:
        t = rng.uniform(-np.pi, np.pi, size=n)
        r = radius + WAVY_AMPLITUDE * sigma * np.sin(5 * t) + WAVY_NOISE * rng.normal(size=n)
        parts.append(_polar(np.abs(r), t))
    y = np.concatenate([np.ones(n), np.zeros(n)])
    return np.concatenate(parts).astype(np.float32), y.astype(np.float32)


# ------------------------------------------------------------------- representations


SO2 = gp.SO2()


@dataclass(frozen=True)
class FieldType:
    """``mult[m]`` copies of the real SO(2) irrep ``rho_m``, laid out by frequency.

    The first ``mult[0]`` entries are invariant scalars; then for ``m = 1, 2, ...`` come
    ``mult[m]`` consecutive pairs, each rotating by ``m * alpha``.
    """

    mult: tuple[int, ...]

    @property
    def dim(self) -> int:
        return self.rep.dim

    @property
    def n_scalars(self) -> int:
        return self.mult[0]

    @cached_property
    def rep(self) -> gp.Representation:
        """The representation ``sum_m mult[m] rho_m`` in this layout."""
        return reduce(
            operator.add, (SO2.irrep(m) for m, c in enumerate(self.mult) for _ in range(c))
        )

    def matrix(self, angle: float) -> np.ndarray:
        """``rho(angle)``, a block-diagonal orthogonal matrix of shape ``(dim, dim)``."""
        return self.rep(SO2.element(angle))


# ----------------------------------------------------------------------------- model


class CircularHarmonicLift(nn.Module):
    """``x -> phi_c(r) s^m (cos m theta, sin m theta)`` for ``m <= MAX_FREQUENCY``.

    Output type ``FieldType((n_radial,) * (MAX_FREQUENCY + 1))``; cost ``O(n dim)``.
    """

    def __init__(self, n_radial: int = 6, r_max: float = 3.5):
        super().__init__()
        self.field_type = FieldType((n_radial,) * (MAX_FREQUENCY + 1))
        self.register_buffer("centres", torch.linspace(0.0, r_max, n_radial))
        self.width = r_max / (n_radial - 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = torch.complex(x[..., 0], x[..., 1])
        r2 = x.pow(2).sum(-1)
        radial = torch.exp(-((r2.sqrt()[..., None] - self.centres) ** 2) / (2 * self.width**2))
        parts = [radial]
        unit = z / torch.sqrt(1 + r2)  # s e^{i theta}
        power = torch.ones_like(unit)
        for _ in range(MAX_FREQUENCY):
            power = power * unit  # s^m e^{i m theta}
            pair = torch.stack([power.real, power.imag], -1)  # (n, 2)
            parts.append((radial[..., None] * pair[..., None, :]).flatten(-2))
        return torch.cat(parts, -1)


class NormGate(nn.Module):
    """SiLU on the invariant scalars, ``v -> v sigmoid(|v| - 1)`` on each 2-d field."""

    def __init__(self, field_type: FieldType):
        super().__init__()
        self.n_scalars = field_type.n_scalars

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        scalars, fields = h[..., : self.n_scalars], h[..., self.n_scalars :]
        pairs = fields.unflatten(-1, (-1, 2))
        norm = torch.sqrt(pairs.pow(2).sum(-1, keepdim=True) + 1e-12)
        gated = (pairs * torch.sigmoid(norm - 1.0)).flatten(-2)
        return torch.cat([nn.functional.silu(scalars), gated], -1)


class SO2Net(nn.Module):
    """Lift, then ``depth`` hidden layers of ``channels`` copies of ``rho_0..rho_4``.

    ``self.linears[i]`` maps ``self.types[i]`` to ``self.types[i + 1]``; the last type is a
    single ``rho_0`` (the logit).
    """

    def __init__(self, n_radial: int = 6, channels: int = 6, depth: int = 2):
        super().__init__()
        self.lift = CircularHarmonicLift(n_radial)
        hidden = FieldType((channels,) * (MAX_FREQUENCY + 1))
        self.types = [self.lift.field_type] + [hidden] * depth + [FieldType((1,))]
        self.linears = nn.ModuleList(
            nn.Linear(a.dim, b.dim) for a, b in zip(self.types[:-1], self.types[1:])
        )
        self.gates = nn.ModuleList(NormGate(t) for t in self.types[1:-1])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.lift(x)
        for linear, gate in zip(self.linears[:-1], self.gates):
            h = gate(linear(h))
        return self.linears[-1](h).squeeze(-1)

    def projectors(self) -> dict[str, gp.Projector]:
        """Parameter name -> projector onto its equivariant part.

        A weight maps ``V_in -> V_out``; a bias is a map from the trivial representation to
        ``V_out``, whose equivariant part is its invariant (``rho_0``) component.
        """
        out = {}
        for i, (a, b) in enumerate(zip(self.types[:-1], self.types[1:])):
            out[f"linears.{i}.weight"] = gp.projector(a.rep, b.rep)
            out[f"linears.{i}.bias"] = gp.bias_projector(b.rep)
        return out


def plain_mlp(width: int = 64, depth: int = 2) -> nn.Module:
    """Unconstrained baseline on the raw coordinates: ``depth`` SiLU layers of ``width``."""
    layers, d = [], 2
    for _ in range(depth):
        layers += [nn.Linear(d, width), nn.SiLU()]
        d = width
    return nn.Sequential(*layers, nn.Linear(d, 1), nn.Flatten(0))


def project_model(model: SO2Net) -> None:
    """Replace every linear layer by its equivariant part, in place."""
    ProjectionPenalty(model, model.projectors()).project_()


def rotate_torch(x: torch.Tensor, angles: torch.Tensor) -> torch.Tensor:
    """Rotate ``x`` of shape ``(n, 2)`` by each angle: result ``(len(angles), n, 2)``."""
    c, s = torch.cos(angles)[:, None], torch.sin(angles)[:, None]
    return torch.stack([c * x[:, 0] - s * x[:, 1], s * x[:, 0] + c * x[:, 1]], -1)


def sample_penalty(model: nn.Module, x: torch.Tensor, logits: torch.Tensor, k: int):
    """``mean over k uniform random rotations g and the batch of (f(g x) - f(x))^2``."""
    angles = 2 * np.pi * torch.rand(k)
    rotated = model(rotate_torch(x, angles).reshape(-1, 2)).reshape(k, -1)
    return ((rotated - logits) ** 2).mean()


# ------------------------------------------------------------------------ training


@dataclass(frozen=True)
class Setting:
    method: str  # "plain", "penalty" or "sample"
    weight: float = 0.0  # lambda (penalty) or mu (sample)
    k: int = 0  # rotations per step (sample)

    @property
    def label(self) -> str:
        if self.method == "plain":
            return "plain MLP"
        if self.method == "penalty":
            return f"penalty lam={self.weight:g}"
        return f"sample K={self.k} mu={self.weight:g}"


@torch.no_grad()
def equivariance_error(model: nn.Module, x: torch.Tensor, probability: bool = False) -> float:
    """Mean over ``x`` of the max over 40 rotations ``R`` of ``|f(R x) - f(x)|``.

    ``f`` is the logit, or the probability ``sigmoid(logit)`` when ``probability`` is true.
    Cost: ``40 len(x)`` forward evaluations.
    """
    out = torch.sigmoid if probability else (lambda t: t)
    angles = 2 * np.pi * torch.arange(N_ROTATIONS_E) / N_ROTATIONS_E
    f = out(model(rotate_torch(x, angles).reshape(-1, 2))).reshape(N_ROTATIONS_E, -1)
    return float((f - out(model(x))).abs().amax(0).mean())


def disc_grid(radius: float = 3.0, n: int = 41) -> np.ndarray:
    """The points of an ``n x n`` square grid on ``[-radius, radius]^2`` inside the disc."""
    t = np.linspace(-radius, radius, n)
    g = np.stack(np.meshgrid(t, t), -1).reshape(-1, 2)
    return g[(g**2).sum(-1) <= radius**2].astype(np.float32)


@torch.no_grad()
def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return float(((model(x) > 0).float() == y).float().mean())


def make_model(setting: Setting, size: dict) -> nn.Module:
    if setting.method == "plain":
        return plain_mlp(size["width"])
    return SO2Net(size["n_radial"], size["channels"])


def train(setting: Setting, data, size: dict, epochs: int, seed: int, batch: int = 256):
    """Train one model; returns the model and the mean wall-clock seconds per epoch."""
    torch.manual_seed(seed)
    x, y = (torch.from_numpy(a) for a in data)
    model = make_model(setting, size)
    if setting.method == "penalty" and setting.weight > 0:
        penalty = ProjectionPenalty(model, model.projectors(), lambda_perp=setting.weight)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = nn.BCEWithLogitsLoss()
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            idx = order[i : i + batch]
            logits = model(x[idx])
            loss = loss_fn(logits, y[idx])
            if setting.method == "penalty" and setting.weight > 0:
                loss = loss + penalty()
            elif setting.method == "sample":
                loss = loss + setting.weight * sample_penalty(model, x[idx], logits, setting.k)
            opt.zero_grad()
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
    return model, float(np.mean(times))


def evaluate(model, setting: Setting, test, seed: int, sec_per_epoch: float) -> dict:
    x, y = (torch.from_numpy(a) for a in test)
    rng = np.random.default_rng(seed + 1000)
    x_rot = torch.from_numpy(_rotate(test[0], rng.uniform(0, 2 * np.pi, len(x))))
    row = {
        "method": setting.method,
        "weight": setting.weight,
        "k": setting.k,
        "label": setting.label,
        "seed": seed,
        "accuracy": accuracy(model, x, y),
        "rotated_accuracy": accuracy(model, x_rot.float(), y),
        "equivariance_error": equivariance_error(model, x),
        "equivariance_error_prob": equivariance_error(model, x, probability=True),
        "equivariance_error_grid": equivariance_error(model, torch.from_numpy(disc_grid())),
        "sec_per_epoch": sec_per_epoch,
    }
    if isinstance(model, SO2Net):
        with torch.no_grad():
            row["penalty"] = float(ProjectionPenalty(model, model.projectors())())
    return row


LAMBDAS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0)
MUS = (1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0)
SIGMAS = (0.0, 0.25, 0.5, 0.75, 1.0)


def toy_settings() -> list[Setting]:
    return (
        [Setting("plain")]
        + [Setting("penalty", lam) for lam in LAMBDAS]
        + [Setting("sample", mu, k) for k in (1, 4) for mu in MUS]
    )


def summarise(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Mean and standard deviation over seeds of each metric, grouped by ``keys``."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    metrics = (
        "accuracy",
        "rotated_accuracy",
        "equivariance_error",
        "equivariance_error_prob",
        "equivariance_error_grid",
        "sec_per_epoch",
    )
    out = []
    for key, members in groups.items():
        entry = dict(zip(keys, key))
        for m in metrics:
            values = np.array([r[m] for r in members])
            entry[m] = float(values.mean())
            entry[m + "_std"] = float(values.std())
        entry["n_seeds"] = len(members)
        out.append(entry)
    return out


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(
        f"{'setting':>26} {'acc':>6} {'rot acc':>7} {'E (logit)':>15} {'E (prob)':>8} "
        f"{'E grid':>8} {'s/epoch':>8}"
    )
    for r in rows:
        e = f"{r['equivariance_error']:.4f}+-{r['equivariance_error_std']:.4f}"
        head = r["label"] if "sigma" not in r else f"s={r['sigma']:g} {r['label']}"
        print(
            f"{head:>26} {r['accuracy']:6.3f} {r['rotated_accuracy']:7.3f} {e:>15} "
            f"{r['equivariance_error_prob']:8.4f} {r['equivariance_error_grid']:8.4f} "
            f"{r['sec_per_epoch']:8.4f}"
        )


def matched_cost(summary: list[dict], thresholds=(10.0, 1.0, 0.1, 0.01)) -> list[dict]:
    """For each ``E`` threshold, the cheapest penalty and sample setting reaching it."""
    out = []
    for tau in thresholds:
        entry = {"threshold": tau}
        for method in ("penalty", "sample"):
            ok = [r for r in summary if r["method"] == method and r["equivariance_error"] <= tau]
            best = min(ok, key=lambda r: r["sec_per_epoch"], default=None)
            entry[method] = None if best is None else best["label"]
            entry[method + "_sec_per_epoch"] = None if best is None else best["sec_per_epoch"]
        out.append(entry)
    return out


def sparse_penalty(model: SO2Net):
    """``sum ||T - P(T)||_F^2`` with each ``P`` applied as its sparse matrix (torch COO).

    For comparison with the library's forms in :func:`step_costs` only: for sums of SO(2)
    irreps ``P`` has two nonzeros per row, so one application costs ``O(W.dim V.dim)``.
    """
    params = dict(model.named_parameters())
    mats = {}
    for name, p in model.projectors().items():
        coo = p.matrix(format="coo")
        idx = torch.from_numpy(np.stack([coo.row, coo.col]).astype(np.int64))
        values = torch.tensor(coo.data, dtype=torch.float32)
        mats[name] = torch.sparse_coo_tensor(idx, values, coo.shape, check_invariants=True)

    def penalty() -> torch.Tensor:
        total = 0.0
        for name, m in mats.items():
            t = params[name].reshape(-1, 1)
            total = total + ((t - torch.sparse.mm(m, t)) ** 2).sum()
        return total

    return penalty


def step_costs(size: dict, batches=(64, 256, 1024), repeat: int = 30) -> list[dict]:
    """Best-of-``repeat`` seconds of one training step (forward, regulariser, backward).

    Regularisers: none, the penalty (library forms ``"auto"`` and ``"basis"``, and
    :func:`sparse_penalty`) and sampling with ``K = 1, 4``; for each batch size. The
    penalty does not depend on the batch; sampling costs ``K`` extra passes over it.
    """
    torch.manual_seed(0)
    model = SO2Net(size["n_radial"], size["channels"])
    regs = {
        "none": lambda x, f: 0.0,
        "penalty (auto)": (lambda r: lambda x, f: r())(
            ProjectionPenalty(model, model.projectors())
        ),
        "penalty (basis)": (lambda r: lambda x, f: r())(
            ProjectionPenalty(model, model.projectors(), form="basis")
        ),
        "penalty (sparse)": (lambda r: lambda x, f: r())(sparse_penalty(model)),
        "sample K=1": lambda x, f: sample_penalty(model, x, f, 1),
        "sample K=4": lambda x, f: sample_penalty(model, x, f, 4),
    }
    rows = []
    for batch in batches:
        x = torch.randn(batch, 2)
        for name, reg in regs.items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                f = model(x)
                (f.sum() + reg(x, f)).backward()
                times.append(time.perf_counter() - start)
            rows.append({"batch": batch, "regulariser": name, "sec_per_step": min(times)})
    return rows


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    if args.quick:
        cfg = {"n": 256, "epochs": 10, "seeds": (0,), "wavy_seeds": (0,), "sigmas": (0.0, 1.0)}
    else:
        cfg = {"n": 1024, "epochs": 40, "seeds": (0, 1, 2), "wavy_seeds": (0, 1), "sigmas": SIGMAS}
    size = {"n_radial": 6, "channels": 6, "width": 64}

    toy_rows = []
    for seed in cfg["seeds"]:
        train_data = partial_annulus(cfg["n"], seed)
        test_data = partial_annulus(cfg["n"], seed + 100)
        for s in toy_settings():
            model, spe = train(s, train_data, size, cfg["epochs"], seed)
            toy_rows.append(evaluate(model, s, test_data, seed, spe))
            print(f"seed {seed} {s.label}: E={toy_rows[-1]['equivariance_error']:.4f}")

    wavy_rows = []
    wavy_settings = [Setting("plain")] + [Setting("penalty", lam) for lam in LAMBDAS]
    for sigma in cfg["sigmas"]:
        for seed in cfg["wavy_seeds"]:
            train_data = wavy_rings(cfg["n"], sigma, seed)
            test_data = wavy_rings(cfg["n"], sigma, seed + 100)
            for s in wavy_settings:
                model, spe = train(s, train_data, size, cfg["epochs"], seed)
                wavy_rows.append(evaluate(model, s, test_data, seed, spe) | {"sigma": sigma})

    costs = step_costs(size)
    toy_summary = summarise(toy_rows, ("label", "method", "weight", "k"))
    wavy_summary = summarise(wavy_rows, ("sigma", "label", "method", "weight"))
    print_table("partial annulus (mean over seeds)", toy_summary)
    print_table("wavy rings (mean over seeds)", wavy_summary)
    print("\nseconds per training step (best of 30)")
    for c in costs:
        print(f"batch {c['batch']:5d} {c['regulariser']:>16} {c['sec_per_step'] * 1e3:8.3f} ms")
    matched = matched_cost(toy_summary)
    print("\ncheapest setting with E (logit) <= threshold, partial annulus")
    for m in matched:
        cells = [
            f"{m[k]} ({m[k + '_sec_per_epoch']:.4f} s/epoch)" if m[k] else "none"
            for k in ("penalty", "sample")
        ]
        print(f"E <= {m['threshold']:<5g} penalty: {cells[0]:<36} sample: {cells[1]}")
    result = {
        "config": cfg | {"size": size, "quick": args.quick},
        "machine": {"platform": platform.platform(), "torch": torch.__version__},
        "definitions": {
            "equivariance_error": "mean over test x of max over 40 rotations |f(Rx) - f(x)|, "
            "f the logit",
            "equivariance_error_prob": "the same with f the probability sigmoid(logit)",
            "equivariance_error_grid": "the same (logit) over a 41x41 grid inside r <= 3",
            "rotated_accuracy": "accuracy on the test set, each point rotated at random",
            "sec_per_epoch": "mean wall-clock training time per epoch, one thread",
        },
        "partial_annulus": {"runs": toy_rows, "summary": toy_summary, "matched": matched},
        "wavy_rings": {"runs": wavy_rows, "summary": wavy_summary},
        "step_costs": costs,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1))
    print(f"wrote {args.output}")
    return result


if __name__ == "__main__":
    main()
