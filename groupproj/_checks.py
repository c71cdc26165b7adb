"""Checks of user input shared by every layer: integers, finite reals, finite arrays.

Each check returns the value in one canonical type or refuses it, naming the argument and
what it takes:

* :class:`~groupproj.errors.InvalidTypeError` for the wrong kind of thing: a string, ``None``,
  a bool, or a complex number where a real one is needed;
* :class:`~groupproj.errors.InvalidValueError` for a number of the right kind with a bad value:
  NaN, an infinity, a fraction where an integer is needed, or a value out of range.

Numpy scalars and 0-d arrays count as the Python numbers they hold, and integer-valued floats
(``3.0``) as integers. Python integers are never squeezed into 64 bits, so a huge size is
reported as huge, by whatever limit applies to it, instead of wrapping around.

Examples
--------
>>> integer(np.int64(3), "n"), integer(4.0, "n"), real(np.array(0.5), "angle")
(3, 4, 0.5)
>>> integer(float("nan"), "n")
Traceback (most recent call last):
    ...
groupproj.errors.InvalidValueError: n must be an integer, got nan
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from groupproj.errors import InvalidTypeError, InvalidValueError

__all__ = ["finite_array", "integer", "is_sequence", "real", "scalar"]


def scalar(value: Any) -> Any:
    """The Python number a numpy scalar or 0-d array holds; anything else as it is."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, np.generic):
        return value.item()
    return value


def is_sequence(value: Any) -> bool:
    """Whether ``value`` is an ordered collection to iterate over: a list, tuple, array with
    at least one axis or other iterable, but not a string, a set, a mapping or a 0-d array."""
    if isinstance(value, (str, bytes, set, frozenset, Mapping)):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim > 0
    return isinstance(value, Iterable)


def _describe(minimum: int | float | None, maximum: int | float | None, what: str) -> str:
    if minimum is not None and maximum is not None:
        return f"{what} in [{minimum}, {maximum}]"
    if minimum is not None:
        return f"{what} >= {minimum}"
    if maximum is not None:
        return f"{what} <= {maximum}"
    return what


def integer(
    value: Any,
    name: str,
    minimum: int | None = None,
    maximum: int | None = None,
    hint: str = "",
) -> int:
    """``value`` as a Python int, checked to lie in ``[minimum, maximum]``.

    Accepts ints, numpy integers, integer-valued floats and fractions (``4.0``,
    ``Fraction(4)``), numpy scalars and 0-d arrays of these.

    Raises
    ------
    InvalidTypeError
        For ``None``, strings, bools, complex numbers and other non-numbers.
    InvalidValueError
        For NaN, infinities, non-integers and values out of range.
    """
    want = _describe(minimum, maximum, "an integer")
    tail = f"; {hint}" if hint else ""
    v = scalar(value)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        kind = "a bool" if isinstance(v, bool) else type(v).__name__
        raise InvalidTypeError(f"{name} must be {want}, got {kind} {value!r}{tail}")
    if isinstance(v, numbers.Integral):
        n = int(v)
    elif isinstance(v, numbers.Rational):
        if v.denominator != 1:
            raise InvalidValueError(f"{name} must be {want}, got {value!r}{tail}")
        n = int(v.numerator)
    else:
        f = float(v)
        if not math.isfinite(f) or not f.is_integer():
            raise InvalidValueError(f"{name} must be {want}, got {value!r}{tail}")
        n = int(f)
    if (minimum is not None and n < minimum) or (maximum is not None and n > maximum):
        raise InvalidValueError(f"{name} must be {want}, got {n}{tail}")
    return n


def real(value: Any, name: str, hint: str = "") -> float:
    """``value`` as a finite Python float.

    Raises
    ------
    InvalidTypeError
        For ``None``, strings, bools and complex numbers.
    InvalidValueError
        For NaN and infinities (and numbers too large for a float).
    """
    tail = f"; {hint}" if hint else ""
    v = scalar(value)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        kind = "a bool" if isinstance(v, bool) else type(v).__name__
        raise InvalidTypeError(f"{name} must be a real number, got {kind} {value!r}{tail}")
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise InvalidValueError(f"{name} must be finite, got {value!r}{tail}")
    return f


def finite_array(value: Any, name: str, complex_ok: bool = False, hint: str = "") -> np.ndarray:
    """``value`` as a float64 (or, if ``complex_ok``, complex128) array of finite numbers.

    Raises
    ------
    InvalidTypeError
        If the entries are not numbers (strings, ``None``, bools, objects), or complex where
        ``complex_ok`` is false.
    InvalidValueError
        If an entry is NaN or infinite.
    """
    tail = f"; {hint}" if hint else ""
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        raise InvalidTypeError(
            f"{name} must be an array of numbers, got {value!r}{tail}"
        ) from None
    if arr.dtype == object:
        bad = [v for v in arr.flat if v is None or isinstance(v, (bool, str, bytes))]
        if bad:
            raise InvalidTypeError(f"{name} must hold numbers only, got {bad[0]!r} in it{tail}")
        try:
            arr = arr.astype(np.complex128 if complex_ok else np.float64)
        except OverflowError:
            raise InvalidValueError(f"{name} has entries too large for a float{tail}") from None
        except (TypeError, ValueError):
            raise InvalidTypeError(f"{name} must hold numbers only, got {value!r}{tail}") from None
    if arr.dtype.kind == "c" and not complex_ok:
        if np.any(arr.imag != 0):
            raise InvalidTypeError(f"{name} must be real, got complex values{tail}")
        arr = arr.real
    if arr.dtype.kind not in "iufc":
        raise InvalidTypeError(
            f"{name} must be an array of numbers, got dtype {arr.dtype} ({value!r}){tail}"
        )
    arr = arr.astype(np.complex128 if arr.dtype.kind == "c" else np.float64)
    if not np.all(np.isfinite(arr)):
        raise InvalidValueError(f"{name} must be finite, got NaN or infinite entries{tail}")
    return arr
