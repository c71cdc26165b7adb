"""Parsing and checking of angular-momentum labels.

Spins are stored internally as the integer ``2j`` so that half-integers need no
floating point. Accepted inputs are ``int``, ``float`` (``0.5``, ``1.5``, ...),
:class:`fractions.Fraction`, sympy numbers (``sympy.Rational(3, 2)``), numpy scalars and
0-d arrays. Non-numbers raise :class:`~groupproj.errors.InvalidTypeError`, NaN and
infinities :class:`~groupproj.errors.InvalidValueError`, and numbers that are not
non-negative half-integers :class:`~groupproj.errors.SelectionRuleError`.
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import sympy as sp

from groupproj._checks import real, scalar
from groupproj.errors import InvalidTypeError, InvalidValueError, SelectionRuleError

__all__ = ["twice_spin", "spin_text"]


def twice_spin(j: object, name: str = "j") -> int:
    """Return ``2j`` as a non-negative ``int``, checking that ``j`` is a half-integer.

    Parameters
    ----------
    j : int, float, Fraction or sympy number
        The spin. Must be one of 0, 1/2, 1, 3/2, ...
    name : str
        The argument name used in error messages.

    Returns
    -------
    int
        ``2j``.

    Raises
    ------
    InvalidTypeError
        If ``j`` is not a number (a string, ``None``, a bool, a complex number).
    InvalidValueError
        If ``j`` is NaN or infinite.
    SelectionRuleError
        If ``j`` is negative or not a multiple of 1/2.

    Examples
    --------
    >>> twice_spin(1.5), twice_spin(2), twice_spin(Fraction(1, 2))
    (3, 4, 1)
    """
    j = scalar(j)
    if isinstance(j, bool) or not isinstance(j, (numbers.Real, sp.Basic)):
        kind = "a bool" if isinstance(j, bool) else type(j).__name__
        raise InvalidTypeError(f"{name} must be a number (0, 1/2, 1, 3/2, ...), got {kind} {j!r}")
    if isinstance(j, sp.Basic):
        if not j.is_number:
            raise InvalidTypeError(f"{name} must be a number, got the expression {j}")
        if j.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise InvalidValueError(f"{name} must be finite, got {j}")
        if not j.is_Rational:
            raise SelectionRuleError(f"{name} = {j} is not a half-integer")
        value = Fraction(int(j.p), int(j.q))
    elif isinstance(j, numbers.Rational):
        value = Fraction(j)
    else:
        value = Fraction(real(j, name, hint="spins are 0, 1/2, 1, 3/2, ..."))
    if value < 0:
        raise SelectionRuleError(f"{name} = {j!r} is negative; spins are >= 0")
    twice = 2 * value
    if twice.denominator != 1:
        raise SelectionRuleError(
            f"{name} = {j!r} is not a non-negative half-integer (0, 1/2, 1, 3/2, ...)"
        )
    return int(twice)


def spin_text(twice: int) -> str:
    """Format ``j`` from ``2j``: ``'3/2'`` or ``'2'``.

    Examples
    --------
    >>> spin_text(3), spin_text(4)
    ('3/2', '2')
    """
    return f"{twice}/2" if twice % 2 else str(twice // 2)
