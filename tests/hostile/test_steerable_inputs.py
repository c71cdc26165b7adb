"""Hostile inputs to the steerable kernels of kernel_projector and to real_spherical_harmonics."""

import numpy as np

import groupproj as gp
from groupproj.harmonic import real_spherical_harmonics as harmonics
from hostile.harness import Case, cases, refuse

SO2, SO3, SU2 = gp.SO2(), gp.SO3(), gp.SU2()
RHO = SO2.irrep(1)
C4 = gp.cyclic(4)
Value, Shape = gp.InvalidValueError, gp.DimensionMismatchError
NotHere = gp.BackendNotApplicableError


def steerable(size=3, rep_in=RHO, rep_out=RHO, **options):
    return lambda: gp.kernel_projector(rep_in, rep_out, size, **options)


def finite_with_options():
    return gp.kernel_projector(C4.regular(), C4.regular(), 3, band_limit=2)


TABLE = [
    Case("complex-basis", steerable(rep_in=SO2.irrep(1, basis="complex")), NotHere),
    Case("su2-has-no-grid", steerable(rep_in=SU2.irrep(1), rep_out=SU2.irrep(1)), NotHere),
    Case("groups-differ", steerable(rep_out=gp.O2().irrep(1)), gp.GroupMismatchError),
    Case("grid-rep-for-so2", steerable(size=gp.grid_rep(C4, 3)), gp.InvalidTypeError),
    Case("method-orbit", steerable(method="orbit"), gp.UnknownNameError),
    Case("rep-is-a-string", steerable(rep_in="rho1"), gp.InvalidTypeError),
    Case("rep-out-is-none", steerable(rep_out=None), gp.InvalidTypeError),
    Case("options-for-finite", finite_with_options, Value),
    Case("size-zero", steerable(size=0), Value),
    Case("size-fraction", steerable(size=2.5), Value),
    Case("size-bool", steerable(size=True), gp.InvalidTypeError),
    Case("size-huge-2d", steerable(size=10**6), gp.SizeLimitError),
    Case("size-huge-3d", steerable(1001, SO3.irrep(2), SO3.irrep(2)), gp.SizeLimitError),
    Case("radius-negative", steerable(radii=[-1.0]), Value),
    Case("radius-outside", steerable(radii=[5.0]), Value),
    Case("radius-nan", steerable(radii=[np.nan]), Value),
    Case("radii-empty", steerable(radii=[]), Value),
    Case("radii-matrix", steerable(radii=[[0.0, 1.0]]), Shape),
    Case("radii-words", steerable(radii=["one"]), gp.InvalidTypeError),
    Case("width-zero", steerable(widths=0.0), Value),
    Case("width-inf", steerable(widths=np.inf), Value),
    Case("widths-count", steerable(widths=[0.5]), Shape),
    Case("band-negative", steerable(band_limit=-1), Value),
    Case("band-fraction", steerable(band_limit=1.5), Value),
    Case("band-count", steerable(band_limit=[1, 2, 3]), Shape),
    Case("harmonics-origin", lambda: harmonics(1, [[0.0, 0.0, 0.0]]), Value),
    Case("harmonics-2d", lambda: harmonics(1, [[1.0, 0.0]]), Shape),
    Case("harmonics-half-l", lambda: harmonics(0.5, [[1.0, 0.0, 0.0]]), gp.SelectionRuleError),
]


@cases(TABLE)
def test_refused(case):
    refuse(case)


def test_messages_say_what_to_do():
    case = {c.id: c for c in TABLE}
    assert "real" in str(refuse(case["complex-basis"]))
    assert "SO(2), O(2)" in str(refuse(case["su2-has-no-grid"]))
    assert "side k" in str(refuse(case["grid-rep-for-so2"]))
    assert "smaller kernel size" in str(refuse(case["size-huge-2d"]))
    assert "Representations" in str(refuse(case["rep-is-a-string"]))
