"""Hostile inputs to the steerable kernels of kernel_projector and to real_spherical_harmonics."""

import numpy as np

import groupproj as gp
from groupproj.harmonic import real_spherical_harmonics
from hostile.harness import Case, cases, refuse

SO2 = gp.SO2()
RHO = SO2.irrep(1)
C4 = gp.cyclic(4)


def steerable(size=3, rep_in=RHO, rep_out=RHO, **options):
    return lambda: gp.kernel_projector(rep_in, rep_out, size, **options)


TABLE = [
    Case("complex-basis", steerable(rep_in=SO2.irrep(1, basis="complex")), gp.BackendNotApplicableError),
    Case("su2-has-no-grid", steerable(rep_in=gp.SU2().irrep(1), rep_out=gp.SU2().irrep(1)), gp.BackendNotApplicableError),
    Case("groups-differ", steerable(rep_out=gp.O2().irrep(1)), gp.GroupMismatchError),
    Case("grid-rep-for-so2", steerable(size=gp.grid_rep(C4, 3)), gp.InvalidTypeError),
    Case("method-orbit", steerable(method="orbit"), gp.UnknownNameError),
    Case("options-for-finite", lambda: gp.kernel_projector(C4.regular(), C4.regular(), 3, band_limit=2), gp.InvalidValueError),
    Case("size-zero", steerable(size=0), gp.InvalidValueError),
    Case("size-fraction", steerable(size=2.5), gp.InvalidValueError),
    Case("size-bool", steerable(size=True), gp.InvalidValueError),
    Case("size-huge-2d", steerable(size=10**6), gp.SizeLimitError),
    Case("size-huge-3d", steerable(size=1001, rep_in=gp.SO3().irrep(2), rep_out=gp.SO3().irrep(2)), gp.SizeLimitError),
    Case("radius-negative", steerable(radii=[-1.0]), gp.InvalidValueError),
    Case("radius-outside", steerable(radii=[5.0]), gp.InvalidValueError),
    Case("radius-nan", steerable(radii=[np.nan]), gp.InvalidValueError),
    Case("radii-empty", steerable(radii=[]), gp.InvalidValueError),
    Case("radii-matrix", steerable(radii=[[0.0, 1.0]]), gp.DimensionMismatchError),
    Case("radii-words", steerable(radii=["one"]), gp.InvalidValueError),
    Case("width-zero", steerable(widths=0.0), gp.InvalidValueError),
    Case("width-inf", steerable(widths=np.inf), gp.InvalidValueError),
    Case("widths-count", steerable(widths=[0.5]), gp.DimensionMismatchError),
    Case("band-negative", steerable(band_limit=-1), gp.InvalidValueError),
    Case("band-fraction", steerable(band_limit=1.5), gp.InvalidValueError),
    Case("band-count", steerable(band_limit=[1, 2, 3]), gp.DimensionMismatchError),
    Case("harmonics-origin", lambda: real_spherical_harmonics(1, [[0.0, 0.0, 0.0]]), gp.InvalidValueError),
    Case("harmonics-2d", lambda: real_spherical_harmonics(1, [[1.0, 0.0]]), gp.DimensionMismatchError),
    Case("harmonics-half-l", lambda: real_spherical_harmonics(0.5, [[1.0, 0.0, 0.0]]), gp.SelectionRuleError),
]  # fmt: skip


@cases(TABLE)
def test_refused(case):
    refuse(case)


def test_messages_say_what_to_do():
    assert "real" in str(refuse(TABLE[0]))
    assert "SO(2), O(2)" in str(refuse(TABLE[1]))
    assert "side k" in str(refuse(TABLE[3]))
    assert "smaller kernel size" in str(refuse(TABLE[9]))
