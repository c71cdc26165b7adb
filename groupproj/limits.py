"""Size limits: how much memory groupproj allocates before it refuses, and the refusal.

Every operation that could allocate a large array (a Cayley table, a tensor power, a dense
operator, an orbit table, a file read back) first estimates the bytes it needs from
dimensions, orders and family tags alone, never by building, and passes the estimate to
:func:`check_bytes`. Above the limit it raises :class:`~groupproj.errors.SizeLimitError`
with the estimate, the limit and what to do instead.

The limit
---------
:data:`DEFAULT_MAX_BYTES` (4 GiB) unless overridden, innermost first, by

* ``with gp.size_limit(n):`` for the code inside the block (this thread or task only);
* the environment variable ``GROUPPROJ_MAX_BYTES``: bytes, or a number with a suffix
  ``K``, ``M``, ``G`` or ``T`` (powers of 1024), e.g. ``GROUPPROJ_MAX_BYTES=16G``;
* the command line's ``--max-bytes``, which sets the same for one command.

Examples
--------
>>> from groupproj.limits import check_bytes, max_bytes, size_limit
>>> with size_limit("1K"):
...     max_bytes()
1024
>>> with size_limit(1024):
...     check_bytes(8 * 10**6, "a 1000×1000 float64 matrix", "use the operator form")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
groupproj.errors.SizeLimitError: a 1000×1000 float64 matrix would need 7.63 MiB, more than ...
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import re
from collections.abc import Iterator

from groupproj.errors import InvalidValueError, SizeLimitError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LIMIT_ENV",
    "check_bytes",
    "format_bytes",
    "max_bytes",
    "parse_bytes",
    "size_limit",
]

DEFAULT_MAX_BYTES = 4 * 2**30
"""The default size limit, 4 GiB."""
LIMIT_ENV = "GROUPPROJ_MAX_BYTES"
"""Environment variable overriding :data:`DEFAULT_MAX_BYTES`."""

_UNITS = {"": 1, "B": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
_override: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "groupproj_size_limit", default=None
)


def parse_bytes(value: int | float | str) -> int:
    """A byte count from an int or a string such as ``"512M"`` or ``"16G"``.

    Raises
    ------
    InvalidValueError
        If the value is not a positive, finite amount.

    Examples
    --------
    >>> parse_bytes("16G"), parse_bytes(1000)
    (17179869184, 1000)
    """
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*([BKMGT]?)(?:I?B)?\s*", value.upper())
        if m is None:
            raise InvalidValueError(
                f"a size limit is a number of bytes, optionally with a suffix K, M, G or T "
                f"(e.g. '16G'); got {value!r}"
            )
        amount = float(m.group(1)) * _UNITS[m.group(2)]
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(f"a size limit is a number of bytes, got {value!r}")
    else:
        amount = float(value)
    if not math.isfinite(amount) or amount <= 0:
        raise InvalidValueError(f"a size limit must be a positive number of bytes, got {value!r}")
    return int(amount)


def max_bytes() -> int:
    """The size limit in force: the innermost :func:`size_limit`, else the environment, else
    :data:`DEFAULT_MAX_BYTES`."""
    inner = _override.get()
    if inner is not None:
        return inner
    env = os.environ.get(LIMIT_ENV, "").strip()
    return parse_bytes(env) if env else DEFAULT_MAX_BYTES


@contextlib.contextmanager
def size_limit(nbytes: int | float | str) -> Iterator[int]:
    """Set the size limit for the code inside a ``with`` block; yields the limit in bytes."""
    token = _override.set(parse_bytes(nbytes))
    try:
        yield _override.get()  # type: ignore[misc]
    finally:
        _override.reset(token)


def format_bytes(nbytes: float) -> str:
    """A byte count in binary units, e.g. ``format_bytes(3 * 2**30) == '3 GiB'``.

    >>> format_bytes(512), format_bytes(1.5 * 2**20), format_bytes(2.0**70)
    ('512 B', '1.5 MiB', '1.18e+21 B')
    """
    if not math.isfinite(nbytes) or nbytes >= 2**60:
        return f"{nbytes:.3g} B"
    if nbytes < 1024:
        return f"{int(nbytes)} B"
    power = min(int(math.log(nbytes, 1024)), 5)
    value = nbytes / 1024**power
    text = f"{value:.3g}" if value < 1000 else f"{value:.0f}"
    return f"{text} {('KiB', 'MiB', 'GiB', 'TiB', 'PiB')[power - 1]}"


def check_bytes(nbytes: float, what: str, instead: str = "") -> None:
    """Raise :class:`SizeLimitError` if ``nbytes`` exceeds :func:`max_bytes`.

    Parameters
    ----------
    nbytes : float
        The estimate; may be huge (a Python int or ``math.inf``), never computed by allocating.
    what : str
        What would be allocated, e.g. ``"the Cayley table of S8 (40320² int64)"``.
    instead : str
        What the user can do instead (a structured form, a smaller problem).
    """
    limit = max_bytes()
    if nbytes > limit:
        hint = f"; {instead}" if instead else ""
        estimate = float(nbytes) if nbytes < 2**1000 else math.inf  # a huge int has no float
        raise SizeLimitError(
            f"{what} would need {format_bytes(estimate)}, more than the size limit of "
            f"{format_bytes(limit)}{hint} (or raise the limit: gp.size_limit(...) or "
            f"{LIMIT_ENV})"
        )
