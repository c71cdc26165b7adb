"""The content-addressed cache: keys, hits, corrupt entries, concurrent writers, off switch."""

import json
import multiprocessing
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupproj as gp
from groupproj import cache as gc
from groupproj.io import arrays_digest, load


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROUPPROJ_CACHE", str(tmp_path / "default-cache"))


def _reps():
    D4 = gp.dihedral(4)
    return D4.regular(), D4.natural()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_key_ignores_insertion_order(description):
    reordered = dict(reversed(list(description.items())))
    key = gc.Cache.key(description)
    assert key == gc.Cache.key(reordered)
    assert len(key) == 64 and int(key, 16) >= 0


def test_description_is_canonical_and_complete():
    V, W = _reps()
    d = gc.projector_description(V, W)
    # built afresh from the same definitions: same key
    assert gc.Cache.key(d) == gc.Cache.key(gc.projector_description(*_reps()))
    assert d["groupproj_version"] == gp.__version__
    assert d["convention"] == gp.VEC_CONVENTION
    assert (d["V"]["dim"], d["W"]["dim"]) == (V.dim, W.dim)
    variants = [
        gc.projector_description(W, V),
        gc.projector_description(V, W, method="orbit"),
        gc.projector_description(V, W, format="coo"),
        gc.projector_description(V, W, dtype="float32"),
        gc.projector_description(gp.cyclic(8).regular(), gp.cyclic(8).regular()),
    ]
    keys = {gc.Cache.key(v) for v in [d, *variants]}
    assert len(keys) == len(variants) + 1


def test_description_sees_the_matrices_not_only_the_name():
    V, W = _reps()
    Q = np.eye(W.dim)[::-1]
    changed = W.change_basis(Q)
    a = gc.projector_description(V, W, expressions=("regular", "natural"))
    b = gc.projector_description(V, changed, expressions=("regular", "natural"))
    assert gc.Cache.key(a) != gc.Cache.key(b)


def test_miss_then_hit_returns_the_same_stored_projector(tmp_path):
    V, W = _reps()
    first = gc.cached_projector(V, W, cache=tmp_path)
    files = list(tmp_path.rglob("*.npz"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    second = gc.cached_projector(V, W, cache=tmp_path)
    assert files[0].stat().st_mtime_ns == mtime
    assert first.metadata == second.metadata
    P = gp.projector(V, W)
    A = np.random.default_rng(0).normal(size=P.shape)
    np.testing.assert_allclose(second(A), P(A), atol=1e-12)
    assert second.dim == P.dim


def test_entry_path_is_the_key():
    V, W = _reps()
    store = gc.Cache(Path("/nonexistent-root"))
    key = store.key(gc.projector_description(V, W))
    assert store.path(key, ".npz") == Path("/nonexistent-root") / key[:2] / f"{key}.npz"


@pytest.mark.parametrize("damage", ["garbage", "truncate", "wrong-digest"])
def test_corrupt_entry_is_detected_warned_and_rebuilt(tmp_path, damage):
    V, W = _reps()
    gc.cached_projector(V, W, cache=tmp_path)
    (path,) = tmp_path.rglob("*.npz")
    good = load(path)
    if damage == "garbage":
        path.write_bytes(b"not a zip file")
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:  # a well-formed file whose arrays no longer match the recorded digest
        arrays = {k: v.copy() for k, v in good.arrays.items()}
        arrays["data"][0] += 1.0
        meta = np.array(json.dumps(good.metadata))
        with open(path, "wb") as f:
            np.savez(f, metadata=meta, **arrays)
    with pytest.warns(gc.CacheWarning, match="corrupt"):
        again = gc.cached_projector(V, W, cache=tmp_path)
    assert again.metadata["sha256"] == good.metadata["sha256"]
    assert arrays_digest(load(path).arrays) == good.metadata["sha256"]


def _write_same_key(directory: str) -> str:
    D4 = gp.dihedral(4)
    return gc.cached_projector(D4.regular(), D4.natural(), cache=directory).metadata["sha256"]


def test_concurrent_writers_leave_one_valid_entry(tmp_path):
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["groupproj.cache"])
    with context.Pool(4) as pool:
        digests = pool.map(_write_same_key, [str(tmp_path)] * 8)
    assert len(set(digests)) == 1
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1, files  # no temporary file left behind
    assert arrays_digest(load(files[0]).arrays) == digests[0]


def test_cache_off(tmp_path, monkeypatch):
    V, W = _reps()
    monkeypatch.setenv("GROUPPROJ_CACHE", "off")
    assert gc.default_cache_dir() is None
    assert not gc.Cache().enabled
    P = gc.cached_projector(V, W)
    assert P.dim == gp.projector(V, W).dim
    monkeypatch.setenv("GROUPPROJ_CACHE", str(tmp_path))
    gc.cached_projector(V, W, cache=False)
    assert not any(tmp_path.iterdir())


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.delenv("GROUPPROJ_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "groupproj"
    if sys.platform.startswith("linux"):
        assert gc.default_cache_dir() == expected
    package = Path(gp.__file__).resolve().parent
    assert package not in gc.default_cache_dir().resolve().parents
    monkeypatch.delenv("XDG_CACHE_HOME")
    if sys.platform.startswith("linux"):
        assert gc.default_cache_dir() == Path.home() / ".cache" / "groupproj"
