"""Hostile command lines: each ends with one error message (plus, for an expression, the
expression and a caret under the column) and the exit status the cli documents, never a
traceback, within the time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from groupproj.cli import EXIT_STATUS, main
from hostile.harness import LIMIT_SECONDS

ROOT = Path(__file__).resolve().parents[2]
USAGE, SIZE, FILE, SYSTEM = (EXIT_STATUS[k] for k in ("usage", "size", "file", "system"))
P = ["projector", "--group", "S3", "--in", "natural", "--out", "natural"]


def _p(**changes: str) -> list[str]:
    argv = list(P)
    for flag, value in changes.items():
        flag = "--" + flag.replace("_", "-")
        if flag in argv:
            argv[argv.index(flag) + 1] = value
        else:
            argv += [flag, value]
    return argv


GOOD_SPEC = '[[projector]]\ngroup = "C2"\nin = "regular"\nout = "trivial"\n'

CASES: dict[str, tuple[list[str], int]] = {
    "no-command": ([], USAGE),
    "unknown-command": (["nope"], USAGE),
    "unknown-option": (["info", "--group", "S3", "--colour"], USAGE),
    "missing-required": (["projector"], USAGE),
    "unknown-method": (_p(method="magic"), USAGE),
    "unknown-format": (_p(format="png"), USAGE),
    "unknown-dtype": (_p(dtype="float16"), USAGE),
    "grid-zero": (_p(grid="0"), USAGE),
    "grid-negative": (_p(grid="-3"), USAGE),
    "grid-word": (_p(grid="three"), USAGE),
    "unknown-group": (_p(group="Z9"), USAGE),
    "empty-group": (_p(group=""), USAGE),
    "group-nul": (_p(group="S3\x00"), USAGE),
    "group-fullwidth": (_p(group="Ｓ3"), USAGE),
    "group-compact-product": (_p(group="S3xSO3"), USAGE),
    "group-huge": (_p(group="C99999999999999999999999"), SIZE),
    "division-by-zero": (_p(group="SU2", **{"in": "irrep(1/0)"}), USAGE),
    "superscript": (_p(**{"in": "natural^²"}), USAGE),
    "deep-parentheses": (_p(**{"in": "(" * 5000 + "natural" + ")" * 5000}), USAGE),
    "nested-too-deep": (_p(**{"in": "(" * 60 + "natural" + ")" * 60}), USAGE),
    "huge-regular-power": (_p(**{"in": "regular^99999999"}), SIZE),
    "huge-natural-power": (_p(**{"in": "natural^99999999"}), SIZE),
    "empty-expression": (_p(out=""), USAGE),
    "misfit-method": (_p(group="Q8", method="orbit"), USAGE),
    "bad-suffix": (_p(output="P.txt"), USAGE),
    "mtx-orbit": (_p(output="P.mtx", format="orbit"), USAGE),
    "max-bytes-word": (_p(max_bytes="lots"), USAGE),
    "max-bytes-negative": (_p(max_bytes="-1"), USAGE),
    "max-bytes-zero": (_p(max_bytes="0"), USAGE),
    "over-max-bytes": (_p(group="S30", **{"in": "natural^2"}, max_bytes="1K"), SIZE),
    "info-limit-zero": (["info", "--group", "S3", "--limit", "0"], USAGE),
    "info-too-large": (["info", "--group", "A10"], SIZE),
    "batch-missing-spec": (["batch", "{tmp}/missing.toml", "-o", "{tmp}/out"], USAGE),
    "batch-folder-spec": (["batch", "{tmp}", "-o", "{tmp}/out"], USAGE),
    "batch-no-output": (["batch", "{tmp}/good.toml"], USAGE),
    "batch-jobs-zero": (["batch", "{tmp}/good.toml", "-o", "{tmp}/out", "--jobs", "0"], USAGE),
    "batch-jobs-negative": (["batch", "{tmp}/good.toml", "-o", "{tmp}/o", "--jobs", "-2"], USAGE),
    "batch-jobs-word": (["batch", "{tmp}/good.toml", "-o", "{tmp}/out", "--jobs", "all"], USAGE),
    "batch-scheduler": (["batch", "{tmp}/good.toml", "-o", "{tmp}/o", "--scheduler", "x"], USAGE),
    "batch-address": (
        ["batch", "{tmp}/good.toml", "-o", "{tmp}/out", "--address", "tcp://1.2.3.4:1"],
        USAGE,
    ),
    "batch-non-utf8": (["batch", "{tmp}/latin1.toml", "-o", "{tmp}/out"], USAGE),
    "batch-output-under-a-file": (["batch", "{tmp}/good.toml", "-o", "{tmp}/good.toml/x"], SYSTEM),
    "batch-output-device": (["batch", "{tmp}/good.toml", "-o", "/dev/null"], SYSTEM),
    "output-missing-folder": (_p(output="{tmp}/no/such/P.npz"), SYSTEM),
    "output-a-folder": (_p(output="{tmp}/folder.npz"), SYSTEM),
    "verify-missing": (["verify", "{tmp}/missing.npz"], FILE),
    "verify-text": (["verify", "{tmp}/good.toml"], FILE),
    "verify-nothing": (["verify"], USAGE),
    "cache-unknown-action": (["cache", "purge"], USAGE),
}


def _alarm(signum, frame):
    raise TimeoutError


@pytest.mark.parametrize("case", sorted(CASES), ids=sorted(CASES))
def test_one_error_message_and_the_documented_status(case, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GROUPPROJ_CACHE", "off")
    (tmp_path / "good.toml").write_text(GOOD_SPEC)
    (tmp_path / "latin1.toml").write_bytes(b'[[projector]]\ngroup = "S3"\nin = "caf\xe9"\n')
    (tmp_path / "folder.npz").mkdir()
    argv, status = CASES[case]
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT_SECONDS)
    try:
        got = main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    assert got == status, (got, err)
    lines = err.splitlines()
    assert lines and lines[0].startswith("groupproj: error: "), err
    assert len(lines) in (1, 3), err  # one line, or one line and the caret picture
    if len(lines) == 3:
        assert lines[2].strip() == "^"
    assert "Traceback" not in out + err


def _cli(*argv: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GROUPPROJ_CACHE": "off"}
    return subprocess.Popen(
        [sys.executable, "-m", "groupproj.cli", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,
    )


def test_undecodable_arguments_are_an_error_not_a_crash():
    done = _cli("info", "--group", os.fsdecode(b"S\xff3"))
    out, err = done.communicate(timeout=120)
    assert done.returncode == USAGE
    assert err.decode(errors="replace").startswith("groupproj: error: ")
    assert b"Traceback" not in err


def test_ctrl_c_stops_a_batch_with_status_130_and_a_manifest(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        '[[projector]]\nname = "c2"\ngroup = "C2"\nin = "regular"\nout = "regular"\n'
        '[[projector]]\nname = "slow"\ngroup = "S70"\nin = "natural^2"\nout = "natural^2"\n'
    )  # S70 natural² → natural²: seconds of work, still running when c2 is done
    out = tmp_path / "out"
    batch = _cli("batch", str(spec), "-o", str(out), "--jobs", "2")
    journal, deadline = out / ".manifest.journal", time.monotonic() + 120
    while time.monotonic() < deadline and not journal.exists():
        time.sleep(0.05)
    batch.send_signal(signal.SIGINT)
    stdout, stderr = batch.communicate(timeout=120)
    assert batch.returncode == EXIT_STATUS["interrupted"]
    assert stderr.decode().splitlines()[-1] == "groupproj: interrupted"
    assert b"Traceback" not in stderr
    manifest = (out / "manifest.json").read_text()
    assert '"complete": false' in manifest and '"name": "c2"' in manifest
