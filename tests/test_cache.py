"""The content-addressed cache: keys, hits, corrupt entries, concurrent writers, bad caches."""

import json
import multiprocessing
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupproj as gp
from groupproj import cache as gc
from groupproj.io import read_npz


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROUPPROJ_CACHE", str(tmp_path / "default-cache"))
    monkeypatch.setattr(gc, "_WARNED", set())


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
    d = gc.projector_description(V, W, "orbit")
    # built afresh from the same definitions: same key
    assert gc.Cache.key(d) == gc.Cache.key(gc.projector_description(*_reps(), "orbit"))
    assert d["groupproj_version"] == gp.__version__
    assert d["convention"] == gp.VEC_CONVENTION
    assert (d["V"]["dim"], d["W"]["dim"]) == (V.dim, W.dim)
    variants = [
        gc.projector_description(W, V, "orbit"),
        gc.projector_description(V, W, "spatial"),
        gc.projector_description(gp.cyclic(8).regular(), gp.cyclic(8).regular(), "orbit"),
    ]
    keys = {gc.Cache.key(v) for v in [d, *variants]}
    assert len(keys) == len(variants) + 1


def test_description_sees_the_matrices_not_only_the_name():
    V, W = _reps()
    changed = W.change_basis(np.eye(W.dim)[::-1])
    a = gc.projector_description(V, W, "spectral")
    b = gc.projector_description(V, changed, "spectral")
    assert gc.Cache.key(a) != gc.Cache.key(b)


def test_miss_then_hit_gives_the_projector_with_the_callers_representations(tmp_path):
    V, W = _reps()
    first = gc.cached_projector(V, W, cache=tmp_path)
    files = list(tmp_path.rglob("*.npz"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    second = gc.cached_projector(V, W, cache=tmp_path)
    assert files[0].stat().st_mtime_ns == mtime
    P = gp.projector(V, W)
    assert isinstance(second, gp.Projector) and second == P == first
    assert (second.V, second.W, second.method) == (V, W, "orbit")
    A = np.random.default_rng(0).normal(size=P.shape)
    np.testing.assert_array_equal(second(A), P(A))
    np.testing.assert_array_equal(second.structure.ids, P.structure.ids)


def test_auto_and_the_named_method_share_one_entry(tmp_path):
    V, W = _reps()
    gc.cached_projector(V, W, cache=tmp_path)
    gc.cached_projector(V, W, method="orbit", cache=tmp_path)
    assert len(list(tmp_path.rglob("*.npz"))) == 1
    gc.cached_projector(V, W, method="spatial", cache=tmp_path)
    assert len(list(tmp_path.rglob("*.npz"))) == 2


def test_entry_path_is_the_key():
    V, W = _reps()
    store = gc.Cache(Path("/nonexistent-root"))
    key = store.key(gc.projector_description(V, W, "orbit"))
    assert store.path(key) == Path("/nonexistent-root") / key[:2] / f"{key}.npz"


@pytest.mark.parametrize("damage", ["garbage", "truncate", "tampered-metadata", "wrong-shape"])
def test_corrupt_entry_is_detected_warned_and_rebuilt(tmp_path, damage):
    V, W = _reps()
    gc.cached_projector(V, W, cache=tmp_path)
    (path,) = tmp_path.rglob("*.npz")
    good = read_npz(path)[0]["sha256"]
    if damage == "garbage":
        path.write_bytes(b"not a zip file")
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "tampered-metadata":  # the digest covers the metadata too
        meta, arrays = read_npz(path)
        meta["method"] = "spatial"
        with open(path, "wb") as f:
            np.savez(f, metadata=np.array(json.dumps(meta)), **arrays)
    else:  # a valid file of another projector in this entry's place
        gp.projector(W, V).save(path)
    with pytest.warns(gc.CacheWarning, match="rebuilding"):
        again = gc.cached_projector(V, W, cache=tmp_path)
    assert again.dim == gp.projector(V, W).dim
    assert read_npz(path)[0]["sha256"] == good


def _write_same_key(directory: str) -> str:
    D4 = gp.dihedral(4)
    gc.cached_projector(D4.regular(), D4.natural(), cache=directory)
    (path,) = Path(directory).rglob("*.npz")
    return read_npz(path)[0]["sha256"]


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
    assert read_npz(files[0])[0]["sha256"] == digests[0]


def _unusable(kind: str, tmp_path: Path) -> Path:
    V, W = _reps()
    if kind == "entry-is-a-directory":
        store = gc.Cache(tmp_path / "c")
        store.path(store.key(gc.projector_description(V, W, "orbit"))).mkdir(parents=True)
        return tmp_path / "c"
    if kind == "cache-is-a-file":
        (tmp_path / "c").write_text("a file")
        return tmp_path / "c"
    return Path(os.devnull)


@pytest.mark.parametrize("kind", ["entry-is-a-directory", "cache-is-a-file", "dev-null"])
def test_unusable_cache_warns_once_and_works_without_it(tmp_path, kind):
    directory = _unusable(kind, tmp_path)
    V, W = _reps()
    with pytest.warns(gc.CacheWarning, match="without it|bypassing"):
        P = gc.cached_projector(V, W, cache=directory)
    assert P == gp.projector(V, W)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported once, not on every call
        assert gc.cached_projector(V, W, cache=directory).dim == P.dim


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
