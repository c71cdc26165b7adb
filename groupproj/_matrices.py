"""Matrix data shared by exact (sympy) and float (numpy) code paths."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import sympy

from groupproj._frozen import Frozen
from groupproj.errors import DimensionMismatchError, ExactnessError


def to_exact(x: Any) -> sympy.ImmutableMatrix | None:
    """Convert ``x`` to an exact sympy matrix, or ``None`` if it holds inexact floats.

    Integer-valued floats are taken as the integers they equal; other floats are
    not rationalised, since guessing exact values from float noise is unsafe.
    """
    if isinstance(x, sympy.MatrixBase):
        if any(isinstance(v, sympy.Float) for v in x.atoms(sympy.Float)):
            return None
        return sympy.ImmutableMatrix(x)
    arr = np.asarray(x)
    if arr.dtype == object:
        try:
            return to_exact(sympy.Matrix(arr.tolist()))
        except (TypeError, ValueError):
            return None
    if arr.dtype.kind in "biu":
        return sympy.ImmutableMatrix(arr.astype(np.int64).tolist())
    if arr.dtype.kind in "fc":
        if arr.dtype.kind == "c" and np.any(arr.imag != 0):
            re, im = to_exact(arr.real), to_exact(arr.imag)
            return None if re is None or im is None else sympy.ImmutableMatrix(re + sympy.I * im)
        real = arr.real
        if np.all(np.isfinite(real)) and np.all(real == np.round(real)):
            return sympy.ImmutableMatrix(real.astype(np.int64).tolist())
    return None


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
        A 2-d matrix. Integer and sympy input is kept exact; float input is
        available in float only and ``exact`` is then ``None``.
    """

    _fields = ("_data",)

    def __init__(self, data: Any):
        exact = to_exact(data)
        if exact is not None:
            stored: Any = exact
        else:
            arr = np.asarray(data)
            if arr.dtype == object:
                arr = to_float(sympy.Matrix(arr.tolist()))
            if arr.dtype.kind not in "fc":
                arr = arr.astype(np.float64)
            if arr.ndim != 2:
                raise DimensionMismatchError(f"expected a 2-d matrix, got shape {arr.shape}")
            stored = (arr.shape, arr.dtype.str, arr.tobytes())
        if isinstance(stored, sympy.MatrixBase) and len(stored.shape) != 2:
            raise DimensionMismatchError(f"expected a 2-d matrix, got shape {stored.shape}")
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
