"""docs/file-format.md is the truth: its recipes, run where groupproj cannot be imported,
read every layout and give P(A) exactly as groupproj does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import groupproj as gp
from groupproj.batch import run_batch, verify_paths

DOC = Path(__file__).resolve().parents[1] / "docs" / "file-format.md"

DRIVER = r"""
import json, sys
sys.modules["groupproj"] = None  # any import of groupproj now fails
jobs = json.loads(open(sys.argv[1]).read())
results = {}
for job in jobs:
    A = np.load(job["A"])
    if job["how"] == "apply":
        out = apply(job["path"], A)
    elif job["how"] == "csr-numpy":
        meta, arrays = read(job["path"])
        out = apply_csr_numpy(meta, arrays, A)
    elif job["how"] == "mtx":
        meta, M = read_mtx(job["path"])
        out = (M @ A.reshape(len(A), -1).T).T.reshape(A.shape)
        assert str(M.dtype) == meta["dtype"], (M.dtype, meta["dtype"])
    elif job["how"] == "tampered":
        try:
            read(job["path"])
        except AssertionError as exc:
            out = np.array(str(exc))
        else:
            out = np.array("accepted")
    results[job["key"]] = out
assert not [m for m in sys.modules if m.startswith("groupproj") and sys.modules[m] is not None]
np.savez(sys.argv[2], **results)
"""


def _recipes() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) >= 7, "the document lost its recipes"
    return "\n\n".join(blocks)


def _run_recipes(tmp_path: Path, jobs: list[dict]) -> dict[str, np.ndarray]:
    script = tmp_path / "recipes.py"
    script.write_text(_recipes() + "\n" + DRIVER)
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    out = tmp_path / "results.npz"
    done = subprocess.run(
        [sys.executable, "-I", str(script), str(tmp_path / "jobs.json"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with np.load(out, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _maps(
    tmp_path: Path, key: str, P: gp.Projector, complex_: bool = False, count: int = 3
) -> str:
    rng = np.random.default_rng(abs(hash(key)) % 2**32)
    A = rng.standard_normal((count, *P.shape))
    if complex_:
        A = A + 1j * rng.standard_normal((count, *P.shape))
    path = tmp_path / f"{key}-A.npy"
    np.save(path, A)
    return str(path)


def _tolerance(P: gp.Projector, dtype: str) -> float:
    m, n = P.shape
    return 50.0 * (m + n) * float(np.finfo(np.dtype(dtype)).eps)


def _cases() -> list[tuple[str, gp.Projector, str, str, bool]]:
    """(key, P, format, dtype, complex maps)."""
    D4, S4, O3 = gp.dihedral(4), gp.symmetric(4), gp.O3()
    orbit = gp.projector(D4.natural() * D4.natural(), D4.regular())
    big_orbit = gp.projector(S4.natural() ** 2, S4.natural())
    spectral = gp.projector(O3.irrep(1, -1) + O3.irrep(0, 1), O3.irrep(1, -1) * O3.irrep(1, 1))
    C2 = gp.cyclic(2)
    sparse_q = gp.projector(C2.regular() ** 12, C2.trivial(), "spectral")
    spatial = gp.projector(gp.quaternion().natural(), gp.quaternion().natural(), "spatial")
    c5 = gp.cyclic(5).irreps("complex")[1]
    complex_ = gp.projector(c5 + c5, c5, "spatial")
    assert complex_.is_complex and not isinstance(sparse_q.structure.QV, np.ndarray)
    cases = []
    for dtype in ("float64", "float32"):
        for fmt in ("dense", "csr", "coo", "orbit", "basis"):
            cases.append((f"d4-{fmt}-{dtype}", orbit, fmt, dtype, False))
        cases.append((f"s4-orbit-{dtype}", big_orbit, "orbit", dtype, False))
        cases.append((f"o3-factored-{dtype}", spectral, "factored", dtype, False))
        cases.append((f"o3-csr-{dtype}", spectral, "csr", dtype, False))
    cases.append(("c2-sparse-q-factored", sparse_q, "factored", "float64", False))
    cases.append(("q8-basis", spatial, "basis", "float64", False))
    for fmt in ("basis", "dense", "csr", "coo"):
        cases.append((f"c5-complex-{fmt}", complex_, fmt, "float64", True))
    return cases


def test_recipes_read_every_layout_without_groupproj(tmp_path):
    jobs, expected = [], {}
    for key, P, fmt, dtype, complex_ in _cases():
        path = tmp_path / f"{key}.npz"
        written = gp.save(P, path, format=fmt, dtype=dtype)
        assert written["format"] == fmt
        A = _maps(tmp_path, key, P, complex_)
        jobs.append({"key": key, "path": str(path), "A": A, "how": "apply"})
        expected[key] = (P(np.load(A)), _tolerance(P, dtype))
        if fmt == "csr":
            jobs.append({"key": f"{key}-numpy", "path": str(path), "A": A, "how": "csr-numpy"})
            expected[f"{key}-numpy"] = expected[key]
            with np.load(path, allow_pickle=False) as z:  # scipy's own layout, key for key
                assert {"data", "indices", "indptr", "format", "shape"} <= set(z.files)
    results = _run_recipes(tmp_path, jobs)
    assert set(results) == set(expected)
    for key, (want, tol) in expected.items():
        got = results[key]
        assert got.shape == want.shape, key
        scale = max(1.0, float(np.abs(want).max(initial=0.0)))
        assert np.abs(got - want).max(initial=0.0) <= tol * scale, key


def _real_cases():
    return [c for c in _cases() if not c[1].is_complex]


def test_safetensors_files_reload_in_every_real_layout(tmp_path):
    for key, P, fmt, dtype, _ in _real_cases():
        path = tmp_path / f"{key}.safetensors"
        written = gp.save(P, path, format=fmt, dtype=dtype)
        Q = gp.load(path)
        assert Q.dtype == np.dtype(dtype) and Q.metadata["sha256"] == written["sha256"]
        assert (Q.V, Q.W, Q.dim) == (P.V, P.W, P.dim)
        A = np.random.default_rng(3).standard_normal(P.shape)
        assert np.abs(Q(A) - P(A)).max() <= _tolerance(P, dtype) * max(1.0, np.abs(P(A)).max())
    complex_ = next(c[1] for c in _cases() if c[1].is_complex)
    with pytest.raises(gp.UnknownNameError, match=".npz"):
        complex_.save(tmp_path / "c.safetensors")
    good = tmp_path / "d4-csr-float64.safetensors"
    raw = good.read_bytes()
    (tmp_path / "tampered.safetensors").write_bytes(raw[:-8] + np.float64(0.5).tobytes())
    with pytest.raises(gp.ChecksumError):
        gp.load(tmp_path / "tampered.safetensors")
    for name, data in {
        "truncated": raw[:-3],
        "empty": b"",
        "huge-header": (2**62).to_bytes(8, "little") + raw[8:],
        "not-json": (4).to_bytes(8, "little") + b"{{{{" + raw[12:],
    }.items():
        (tmp_path / f"{name}.safetensors").write_bytes(data)
        with pytest.raises(gp.FileFormatError, match=f"{name}.safetensors"):
            gp.load(tmp_path / f"{name}.safetensors")


def test_safetensors_recipe_without_groupproj(tmp_path):
    pytest.importorskip("safetensors")
    jobs, expected = [], {}
    for key, P, fmt, dtype, _ in _real_cases():
        path = tmp_path / f"{key}.safetensors"
        gp.save(P, path, format=fmt, dtype=dtype)
        A = _maps(tmp_path, key, P)
        jobs.append({"key": key, "path": str(path), "A": A, "how": "apply"})
        expected[key] = (P(np.load(A)), _tolerance(P, dtype))
    results = _run_recipes(tmp_path, jobs)
    for key, (want, tol) in expected.items():
        assert np.abs(results[key] - want).max(initial=0.0) <= tol * max(1.0, np.abs(want).max())
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file

    tensors = load_file(str(tmp_path / "d4-csr-float32.safetensors"))
    assert tensors["data"].dtype == torch.float32 and tensors["indptr"].dtype == torch.int32


def test_matrix_market_recipe_and_the_digest_refusing_a_changed_file(tmp_path):
    D4 = gp.dihedral(4)
    P = gp.projector(D4.natural(), D4.natural() + D4.trivial(), "spatial")
    jobs, expected = [], {}
    for dtype in ("float64", "float32"):
        path = tmp_path / f"P-{dtype}.mtx"
        P.save(path, dtype=dtype)
        A = _maps(tmp_path, f"mtx-{dtype}", P)
        jobs.append({"key": f"mtx-{dtype}", "path": str(path), "A": A, "how": "mtx"})
        expected[f"mtx-{dtype}"] = (P(np.load(A)), _tolerance(P, dtype))
    good = tmp_path / "good.npz"
    P.save(good, format="csr", compress=False)
    tampered = tmp_path / "tampered.npz"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "data.npy":
                data = data[:-8] + np.float64(0.5).tobytes()
            dst.writestr(item, data)
    jobs.append({"key": "tampered", "path": str(tampered), "A": A, "how": "tampered"})
    results = _run_recipes(tmp_path, jobs)
    for key, (want, tol) in expected.items():
        assert np.abs(results[key] - want).max() <= tol, key
    assert "changed" in str(results["tampered"])
    with pytest.raises(gp.ChecksumError):
        gp.load(tampered)


def test_every_file_of_a_batch_library_reads_without_groupproj(tmp_path):
    spec = tmp_path / "library.toml"
    spec.write_text(
        """
[[projector]]
name = "o3-{l}{p}-{k}o-{form}"
group = "O3"
in = "{l}{p}"
out = "{k}o"
format = "{form}"
l = [0, 1, 2]
p = ["e", "o"]
k = [1, 2]
form = ["auto", "factored", "basis"]

[[projector]]
name = "s{n}-nat{a}-nat2-{form}"
group = "S{n}"
in = "natural^{a}"
out = "natural^2"
format = "{form}"
n = [4, 6]
a = [1, 2]
form = ["auto", "orbit", "coo"]
"""
    )
    out = tmp_path / "out"
    manifest = run_batch(spec, out, jobs=2, cache=False, stdout=_Sink(), stderr=_Sink())
    assert manifest["summary"] == {"ok": 48, "error": 0}
    formats = {r["format"] for r in manifest["entries"]}
    assert formats == {"csr", "factored", "basis", "orbit", "coo"}
    jobs, expected = [], {}
    for r in manifest["entries"]:
        P = gp.load(out / r["file"])  # and the same projector built afresh:
        fresh = gp.projector(P.V, P.W)
        A = _maps(tmp_path, r["name"], P)
        jobs.append({"key": r["name"], "path": str(out / r["file"]), "A": A, "how": "apply"})
        expected[r["name"]] = (fresh(np.load(A)), _tolerance(P, "float64"))
    results = _run_recipes(tmp_path, jobs)
    for key, (want, tol) in expected.items():
        assert np.abs(results[key] - want).max(initial=0.0) <= tol, key


class _Sink:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def test_the_example_library_builds_and_every_file_reads_without_groupproj(tmp_path):
    """The whole of examples/library.toml, S_60 natural² → natural² included (about 15 s)."""
    spec = Path(__file__).resolve().parents[1] / "examples" / "library.toml"
    out = tmp_path / "library"
    manifest = run_batch(spec, out, cache=False, stdout=_Sink(), stderr=_Sink())
    assert manifest["summary"] == {"ok": 112, "error": 0}
    assert all(check.ok for check in verify_paths([out], samples=1))
    jobs, expected = [], {}
    for r in manifest["entries"]:
        P = gp.load(out / r["file"])
        A = _maps(tmp_path, r["name"], P, count=1)
        jobs.append({"key": r["name"], "path": str(out / r["file"]), "A": A, "how": "apply"})
        expected[r["name"]] = (P(np.load(A)), _tolerance(P, "float64"))
    results = _run_recipes(tmp_path, jobs)
    for key, (want, tol) in expected.items():
        assert np.abs(results[key] - want).max(initial=0.0) <= tol, key
