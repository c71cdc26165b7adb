"""The training example runs, at tiny sizes, and shows what it claims."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("groupproj.torch")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "train_d4_cnn.py"


@pytest.fixture
def example():
    spec = importlib.util.spec_from_file_location("train_d4_cnn", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    threads = torch.get_num_threads()
    yield module
    torch.set_num_threads(threads)  # main() runs on one thread


def test_training_reports_the_equivariance_of_the_trained_net(example):
    (row,) = example.main(["--steps", "5", "--width", "1", "--n-train", "64"])
    assert row["init"] == "equivariant" and row["lambda_perp"] == 1.0
    assert 0.0 <= row["accuracy"] <= 1.0 and row["|T-P(T)|²"] >= 0.0
    assert row["err proj"] < 1e-5  # float32 rounding once projected
    assert row["error"] >= row["err proj"]


def test_projecting_the_default_init_kills_the_signal_and_the_initialiser_keeps_it(example):
    rows = {r["init"]: r["signal"] for r in example.main(["--signal"])}
    assert set(rows) == set(example.INITS) and all(len(s) == 7 for s in rows.values())
    logits = {init: s[-1] for init, s in rows.items()}
    assert logits["projected"] < 1e-2 * logits["default"]  # the projection shrinks each layer
    assert logits["default"] < 1e-1 * logits["he"]  # torch's default is not He's scaling
    assert logits["equivariant"] > 10 * logits["default"]
