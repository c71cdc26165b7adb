"""Hostile inputs to the size limit."""

import groupproj as gp
from groupproj.limits import check_bytes, size_limit
from hostile.harness import Case, cases, refuse

TABLE = [
    Case("limit-negative", lambda: size_limit(-1).__enter__(), gp.InvalidValueError),
    Case("limit-nan", lambda: size_limit(float("nan")).__enter__(), gp.InvalidValueError),
    Case("limit-word", lambda: size_limit("lots").__enter__(), gp.InvalidValueError),
    Case("limit-bool", lambda: size_limit(True).__enter__(), gp.InvalidValueError),
    Case("over-limit", lambda: check_bytes(2.0**80, "a huge array"), gp.SizeLimitError),
]


@cases(TABLE)
def test_refused(case):
    refuse(case)


def test_the_refusal_states_the_estimate_and_the_limit():
    with size_limit("1M"):
        exc = refuse(Case("x", lambda: check_bytes(3 * 2**30, "an array"), gp.SizeLimitError))
    assert "3 GiB" in str(exc) and "1 MiB" in str(exc)
