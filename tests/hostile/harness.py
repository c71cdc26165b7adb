"""The hostile-input harness: a table of malformed inputs, each refused with a clear error.

A case is a :class:`Case`: an id, a zero-argument callable that feeds one malformed input to
one public entry point, and the :class:`groupproj.GroupprojError` subclass it must raise.
:func:`refuse` runs the callable under a wall-clock limit (``SIGALRM``, so a hang fails the
case instead of the suite) and checks that it raises exactly that kind of error: never a
builtin exception, never a silent result. Each test module holds the table for one entry
point and parametrises one test over it.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass

import pytest

import groupproj as gp

LIMIT_SECONDS = 20
"""Wall-clock limit per case; a refusal must come from a check up front, not a long build."""


@dataclass(frozen=True)
class Case:
    """One malformed input: ``call()`` must raise ``error`` (a GroupprojError subclass)."""

    id: str
    call: Callable[[], object]
    error: type[gp.GroupprojError]


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


def _alarm(signum, frame):
    raise _Timeout


def refuse(case: Case, seconds: int = LIMIT_SECONDS) -> gp.GroupprojError:
    """Run ``case.call`` and check that it raises ``case.error`` within ``seconds``.

    Returns the exception, so a test can check its message too.
    """
    assert issubclass(case.error, gp.GroupprojError), "cases expect groupproj errors"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        case.call()
    except _Timeout:
        pytest.fail(f"{case.id}: no error within {seconds} s (a hang or an unbounded build)")
    except gp.GroupprojError as exc:
        assert isinstance(exc, case.error), (
            f"{case.id}: raised {type(exc).__name__} ({exc}), expected {case.error.__name__}"
        )
        assert str(exc).strip(), f"{case.id}: the error has no message"
        return exc
    except Exception as exc:  # a builtin escaping is exactly the defect this suite catches
        pytest.fail(f"{case.id}: raised the builtin {type(exc).__name__}: {exc}")
    else:
        pytest.fail(f"{case.id}: accepted the malformed input without an error")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    raise AssertionError("unreachable")


def cases(table: list[Case]):
    """``pytest.mark.parametrize`` over a table, with the cases' ids."""
    return pytest.mark.parametrize("case", table, ids=[c.id for c in table])
