"""Checking projector files: the digest, the manifest, and the projector laws on a sample.

For each file, :func:`verify_file` reads it back with its digest check
(:func:`groupproj.load`), compares the digest with the manifest's record where there is one,
and checks on random maps A, B (seeded, so runs repeat) that

* P is idempotent: ‖P(P(A)) − P(A)‖ ≤ tol · ‖A‖;
* P is self-adjoint: |⟨P(A), B⟩ − ⟨A, P(B)⟩| ≤ tol · ‖A‖ ‖B‖;
* the range commutes with the action: ‖ρ_W(s) P(A) − P(A) ρ_V(s)‖ ≤ tol · ‖A‖ for every
  generator s of the group (topological generators for a compact group), where the file's
  V and W can be rebuilt from its metadata (permutation representations are applied as
  permutations, never as matrices);

with tol = 50 · (m + n) · ε of the stored dtype. Memory: a few maps of shape (m, n).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from groupproj.batch.runner import MANIFEST
from groupproj.equivariant.files import load
from groupproj.equivariant.projector import Projector
from groupproj.errors import FileFormatError, GroupprojError
from groupproj.reps.base import Representation

__all__ = ["FileCheck", "verify_file", "verify_paths"]

SUFFIXES = (".npz", ".mtx")


@dataclass(frozen=True)
class FileCheck:
    """The outcome for one file: ``problems`` is empty when every check passed.

    ``errors`` holds the relative errors measured: ``idempotent``, ``self_adjoint`` and,
    where V and W were rebuilt, ``equivariant``; ``tolerance`` the bound they are held to.
    """

    path: Path
    problems: tuple[str, ...] = ()
    errors: dict[str, float] = field(default_factory=dict)
    tolerance: float = 0.0
    dim: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _actions(rep: Representation) -> list:
    """For each generator s, a function X ↦ ρ(s) X on a batch of maps (left) and the
    matrix or permutation that gives X ρ(s) (right)."""
    if rep.is_permutation:
        return [("permutation", p) for p in rep.generator_permutations()]
    return [("matrix", R) for R in rep.generator_matrices()]


def _left(action: tuple, X: np.ndarray) -> np.ndarray:
    kind, a = action
    if kind == "matrix":
        return a @ X
    out = np.empty_like(X)  # (ρX)[p[i]] = X[i]
    out[:, a, :] = X
    return out


def _right(action: tuple, X: np.ndarray) -> np.ndarray:
    kind, a = action
    return X @ a if kind == "matrix" else X[:, :, a]  # (Xρ)[:, c] = X[:, p[c]]


def _laws(P: Projector, samples: int, seed: int) -> tuple[dict[str, float], float]:
    rng = np.random.default_rng(seed)
    m, n = P.shape
    A = rng.standard_normal((samples, m, n))
    B = rng.standard_normal((samples, m, n))
    if P.is_complex:
        A = A + 1j * rng.standard_normal((samples, m, n))
        B = B + 1j * rng.standard_normal((samples, m, n))
    X, Y = P(A), P(B)
    norm_A = np.linalg.norm(A.reshape(samples, -1), axis=1)
    norm_B = np.linalg.norm(B.reshape(samples, -1), axis=1)
    idem = np.linalg.norm((P(X) - X).reshape(samples, -1), axis=1) / norm_A
    inner = np.abs(np.sum(X.conj() * B, axis=(1, 2)) - np.sum(A.conj() * Y, axis=(1, 2)))
    errors = {
        "idempotent": float(idem.max()),
        "self_adjoint": float((inner / (norm_A * norm_B)).max()),
    }
    if P.V is not None and P.W is not None:
        worst = 0.0
        for w, v in zip(_actions(P.W), _actions(P.V)):
            D = _left(w, X) - _right(v, X)
            worst = max(
                worst, float((np.linalg.norm(D.reshape(samples, -1), axis=1) / norm_A).max())
            )
        errors["equivariant"] = worst
    tol = 50.0 * (m + n) * float(np.finfo(P.dtype).eps)
    return errors, tol


def verify_file(
    path: str | os.PathLike, sha256: str | None = None, samples: int = 2, seed: int = 0
) -> FileCheck:
    """Check one projector file (see the module docstring); ``sha256`` is the digest the
    manifest records for it, if any. Never raises for a bad file: its problems are listed."""
    path = Path(path)
    try:
        P = load(path, verify=True, rebuild=True)
    except (FileFormatError, OSError) as exc:
        return FileCheck(path, (str(exc),))
    problems = []
    if sha256 is not None and P.metadata.get("sha256") != sha256:
        problems.append(
            f"{path}: its digest {str(P.metadata.get('sha256'))[:12]}… is not the manifest's "
            f"{sha256[:12]}…; the file was replaced after the batch wrote it"
        )
    try:
        errors, tol = _laws(P, samples, seed)
    except GroupprojError as exc:  # e.g. maps too large for the size limit
        return FileCheck(path, (*problems, f"{path}: cannot check the laws ({exc})"), dim=P.dim)
    for law, error in errors.items():
        if not error <= tol:
            problems.append(
                f"{path}: not {law.replace('_', '-')}: relative error {error:.3g} > {tol:.3g}"
            )
    return FileCheck(path, tuple(problems), errors, tol, P.dim)


def verify_paths(paths: list[str | os.PathLike], samples: int = 2) -> list[FileCheck]:
    """Check every projector file named, or found in the folders named (not their subfolders).

    A folder's ``manifest.json`` adds its records: each listed file must be there with the
    recorded digest. Files are checked in name order.

    Examples
    --------
    >>> import tempfile, pathlib, groupproj as gp
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> gp.projector(gp.cyclic(4).regular(), gp.cyclic(4).regular()).save(d / "P.npz")
    >>> [(c.path.name, c.ok, c.dim) for c in verify_paths([d])]
    [('P.npz', True, 4)]
    """
    out = []
    for target in map(Path, paths):
        if not target.is_dir():
            out.append(verify_file(target, samples=samples))
            continue
        recorded: dict[str, str | None] = {}
        try:
            manifest = json.loads((target / MANIFEST).read_text())
            for r in manifest.get("entries", []):
                if (
                    isinstance(r, dict)
                    and r.get("status") == "ok"
                    and isinstance(r.get("file"), str)
                ):
                    recorded[r["file"]] = r.get("sha256")
        except FileNotFoundError:  # a folder without a manifest: its files are checked alone
            pass
        except (OSError, ValueError, AttributeError) as exc:
            out.append(FileCheck(target / MANIFEST, (f"{target / MANIFEST}: unreadable ({exc})",)))
        files = {
            p.name for p in target.iterdir() if p.suffix in SUFFIXES and not p.name.startswith(".")
        }
        for name in sorted(files | set(recorded)):
            if name not in files:
                out.append(
                    FileCheck(
                        target / name, (f"{target / name}: listed in the manifest, missing",)
                    )
                )
                continue
            out.append(verify_file(target / name, recorded.get(name), samples))
    return out
