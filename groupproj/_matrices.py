"""Matrix data shared by exact (sympy) and float (numpy) code paths.

:class:`Mat` is where a user's matrix enters: it must be a non-empty 2-d array of finite
numbers (or a sympy matrix of numbers), else :class:`~groupproj.errors.InvalidTypeError`,
:class:`~groupproj.errors.InvalidValueError` or
:class:`~groupproj.errors.DimensionMismatchError` says what is wrong. Integer entries,
and floats that are exact integers, are kept exact as Python integers of any size.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj._checks import finite_array
from groupproj._frozen import Frozen
from groupproj.errors import (
    DimensionMismatchError,
    ExactnessError,
    InvalidTypeError,
    InvalidValueError,
)

_FLOAT_MAX = np.finfo(np.float64).max


def _python_ints(rows: Any) -> Any:
    """Nested lists of integer-valued numbers as nested lists of Python ints (any size)."""
    if isinstance(rows, list):
        return [_python_ints(r) for r in rows]
    return int(rows)


def to_exact(x: Any) -> sympy.ImmutableMatrix | None:
    """Convert ``x`` to an exact sympy matrix, or ``None`` if it holds inexact floats.

    Integer-valued floats are taken as the integers they equal (as Python integers, so
    ``1e19`` stays ``10**19``); other floats are not rationalised, since guessing exact
    values from float noise is unsafe.
    """
    if isinstance(x, sympy.MatrixBase):
        if any(isinstance(v, sympy.Float) for v in x.atoms(sympy.Float)):
            return None
        return sympy.ImmutableMatrix(x)
    arr = np.asarray(x)
    if arr.dtype == object:
        try:
            return to_exact(sympy.Matrix(arr.tolist()))
        except (TypeError, ValueError, sympy.SympifyError):
            return None
    if arr.dtype.kind in "biu":
        return sympy.ImmutableMatrix(_python_ints(arr.tolist()))
    if arr.dtype.kind in "fc":
        if arr.dtype.kind == "c" and np.any(arr.imag != 0):
            re, im = to_exact(arr.real), to_exact(arr.imag)
            return None if re is None or im is None else sympy.ImmutableMatrix(re + sympy.I * im)
        real = arr.real
        if np.all(np.isfinite(real)) and np.all(real == np.round(real)):
            return sympy.ImmutableMatrix(_python_ints(real.tolist()))
    return None


def _checked_sympy(m: sympy.MatrixBase, what: str) -> sympy.MatrixBase:
    """``m`` if its entries are finite numbers, else the error that says which is not."""
    for v in m:
        if not getattr(v, "is_number", False):
            raise InvalidTypeError(
                f"{what} must have numeric entries, got {v!r}; substitute values for symbols "
                "(m.subs(...)) first"
            )
        if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise InvalidValueError(f"{what} must have finite entries, got {v}")
    return m


def _checked(data: Any, what: str) -> Any:
    """``data`` as a sympy matrix or a numeric numpy array, checked: 2-d, non-empty, finite."""
    if isinstance(data, sympy.MatrixBase):
        out: Any = _checked_sympy(data, what)
    else:
        if isinstance(data, (str, bytes)) or data is None:
            raise InvalidTypeError(f"{what} must be a 2-d array of numbers, got {data!r}")
        try:
            arr = np.asarray(data)
        except ValueError:
            raise DimensionMismatchError(
                f"{what} must be a 2-d array with rows of one length, got {data!r}"
            ) from None
        if arr.ndim != 2:
            raise DimensionMismatchError(f"{what} must be a 2-d matrix, got shape {arr.shape}")
        if arr.dtype == object:
            try:
                entries = [sympy.sympify(v, strict=True) for v in arr.flat]
            except sympy.SympifyError:
                raise InvalidTypeError(
                    f"{what} must have numeric entries (numbers or sympy numbers), got {data!r}"
                ) from None
            out = _checked_sympy(sympy.Matrix(*arr.shape, entries), what)
        else:
            finite_array(arr, what, complex_ok=True)
            out = arr
    if len(out.shape) != 2 or 0 in out.shape:
        raise DimensionMismatchError(
            f"{what} must be a non-empty 2-d matrix, got shape {tuple(out.shape)}"
        )
    return out


def to_float(m: sympy.MatrixBase) -> np.ndarray:
    """Evaluate an exact matrix to float64, or complex128 when any entry is non-real."""
    arr = np.array(sympy.N(m, 17).tolist(), dtype=np.complex128)
    if arr.size and np.all(arr.imag == 0):
        return np.ascontiguousarray(arr.real)
    return arr


class Mat(Frozen):
    """A hashable matrix: exact when it was given exactly, float always.

    Parameters
    ----------
    data : array_like or sympy.Matrix
        A non-empty 2-d matrix of finite numbers. Integer and sympy input is kept exact;
        float input is available in float only and ``exact`` is then ``None``.
    what : str
        What the matrix is, for error messages (``"generator 0"``, ``"Q"``).

    Raises
    ------
    InvalidTypeError
        If an entry is not a number (a string, ``None``, a sympy symbol).
    InvalidValueError
        If an entry is NaN or infinite.
    DimensionMismatchError
        If ``data`` is not a non-empty 2-d matrix.
    """

    _fields = ("_data",)

    def __init__(self, data: Any, what: str = "a matrix"):
        data = _checked(data, what)
        exact = to_exact(data)
        if exact is not None:
            if any(abs(v) > _FLOAT_MAX for v in exact.atoms(sympy.Integer)):
                raise InvalidValueError(
                    f"{what} has entries beyond the float64 range (about 1.8e308), so it has "
                    "no floating-point value; scale it down"
                )
            stored: Any = exact
        else:
            arr = to_float(data) if isinstance(data, sympy.MatrixBase) else data
            if arr.dtype.kind not in "fc":
                arr = arr.astype(np.float64)
            stored = (arr.shape, arr.dtype.str, arr.tobytes())
        self._set(_data=stored)

    @property
    def exact(self) -> sympy.ImmutableMatrix | None:
        """The exact matrix, or ``None`` if only a float value is known."""
        return self._data if isinstance(self._data, sympy.MatrixBase) else None

    def require_exact(self, what: str) -> sympy.ImmutableMatrix:
        """The exact matrix, or :class:`ExactnessError` naming ``what``."""
        if self.exact is None:
            raise ExactnessError(
                f"{what} was given in floating point, so no exact value exists; "
                "pass integer arrays or sympy matrices (e.g. sympy.sqrt(2)/2) for exact results"
            )
        return self.exact

    @cached_property
    def float(self) -> np.ndarray:
        """The matrix as a read-only float64 (or complex128) array."""
        if self.exact is not None:
            arr = to_float(self.exact)
        else:
            shape, dtype, raw = self._data
            arr = np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()
        arr.setflags(write=False)
        return arr

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.float.shape)  # type: ignore[return-value]
