"""Libraries of projectors from a spec file: planned first, built in parallel, with a manifest.

Spec file
---------
A TOML file (UTF-8, at most 1 MB) with an optional ``[defaults]`` table and one
``[[projector]]`` table per entry or sweep of entries::

    [defaults]
    format = "auto"              # any entry key but name; see below for the values

    [[projector]]
    name = "d4-regular"          # optional; names the output file <name>.npz
    group = "D4"                 # a group name, as groupproj.parse reads it
    in = "regular"               # V, a representation expression ("8x0e+4x1o" on O3)
    out = "regular"              # W
    method = "auto"              # auto, orbit, spectral, spatial (or quadrature)
    format = "auto"              # auto, csr, coo, dense, basis, orbit, factored
    dtype = "float64"            # float64, float32

An optional ``grid = k`` makes the entry a convolution kernel: the projector onto maps from
V ⊗ grid<k> (the k × … × k grid of a finite group) to W, as
:func:`groupproj.kernel_projector` builds it (weights of shape (W.dim, V.dim, k, …, k)).
``format = "auto"`` picks the smallest exact form for the entry (the rule is in
:mod:`groupproj.batch.plan`): csr for small operators, else orbit ids, spectral factors or a
basis, as the back-end builds it.

Sweeps and name templates
-------------------------
Any other key of a ``[[projector]]`` table is a *sweep variable*, and a list value (of a
variable or of an entry key but ``name``) sweeps over its items: the table expands to one
entry per combination, the product of the lists, in the order the keys are written (the
last key varies fastest). ``{variable}`` in ``group``, ``in``, ``out``, ``method``,
``format``, ``dtype`` and ``name`` is replaced by the variable's value; the name may also
use the entry's keys (``{group}``, ``{in}``, ...) after substitution. ``{{`` and ``}}`` are
literal braces. Every variable must appear in some template (so a misspelt key is refused,
not ignored), and the names of all entries must differ::

    [[projector]]                 # 10 x 10 = 100 entries: every O(3) pair l, l' <= 4
    name = "o3-{l}{p}-{k}{q}"
    group = "O3"
    in = "{l}{p}"                 # e3nn notation: 0e, 1o, 2e, ...
    out = "{k}{q}"
    l = [0, 1, 2, 3, 4]
    p = ["e", "o"]
    k = [0, 1, 2, 3, 4]
    q = ["e", "o"]

Values are strings or numbers (``grid`` takes positive integers); TOML dates, tables and
nested lists are refused. A spec expands to at most :data:`~groupproj.batch.spec.MAX_ENTRIES`
entries. Entry names are file names (letters, digits, ``.``, ``_``, ``-``; no folders, no
absolute paths, not starting with ``.``).

Plan
----
Before anything is built, every entry is parsed, its back-end chosen and its dim, non-zeros,
file size, memory and time estimated (:mod:`groupproj.batch.plan`; ``groupproj batch
--dry-run`` prints the plan as a table). An entry whose estimate exceeds the size limit
(``--max-bytes``) is refused at once, with the estimate and the format that would fit. Every
problem with one entry (a malformed expression, an unknown group, a wrong type, a refusal)
fails that entry alone, with its reason; the others are built.

Running
-------
Entries run in worker processes (:mod:`groupproj.batch.pool`), the largest first, as many
at once as ``jobs`` and the size limit allow, or on Dask. Each entry reads its structure
from the cache (:mod:`groupproj.cache`) or builds and caches it, then writes its file
atomically. Progress: :mod:`groupproj.batch.progress`.

Manifest
--------
``manifest.json`` in the output folder (``manifest_version`` 2, the groupproj version, the
spec's name and sha256, the size limit) lists every entry in spec order with its 1-based
``number``, ``name``, ``status`` (``ok`` or ``error``) and resolved ``spec``; for the ones
built: the ``file``, its ``format``, ``sha256`` (the digest recorded in the file,
:func:`groupproj.io.digest`), dim Hom_G(V, W), the back-end, the ``shape`` of a map, the
operator's non-zeros where known without building the operator, whether the structure was
``built`` or read from the ``cache`` (``source``) and the seconds taken; for the others the
``error`` class and its ``message``. ``complete`` is false while a run is in progress or
after it was interrupted. The manifest is rewritten as entries finish; every finished entry
is also appended at once to a journal (``.manifest.journal``), so that a run killed at any
moment (even with ``kill -9``, which its workers notice and exit) is resumed by the next:
an entry whose spec is unchanged and whose file is present with the recorded digest is
not built again. Everything but ``seconds`` and ``source`` depends on the spec alone, so
runs on any scheduler give the same manifest.

``groupproj verify OUTDIR`` (:mod:`groupproj.batch.verify`) re-reads every file with its
digest and checks the projector laws on a sample.
"""

from __future__ import annotations

from groupproj.batch.plan import Estimate, PlannedEntry, estimate, plan_table
from groupproj.batch.runner import MANIFEST, SCHEDULERS, plan_batch, run_batch
from groupproj.batch.spec import MAX_ENTRIES, SpecEntry, load_spec
from groupproj.batch.verify import verify_paths

__all__ = [
    "MANIFEST",
    "MAX_ENTRIES",
    "SCHEDULERS",
    "Estimate",
    "PlannedEntry",
    "SpecEntry",
    "estimate",
    "load_spec",
    "plan_batch",
    "plan_table",
    "run_batch",
    "verify_paths",
]
