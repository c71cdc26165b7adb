"""Exact square roots of rationals, built cheaply.

Angular-momentum coefficients are of the form ``sign * sqrt(q)`` with ``q`` a
non-negative rational whose prime factors are small (they come from
factorials) apart from perfect squares. :func:`signed_sqrt` splits ``q`` by
trial division over the small primes only, checks the leftover is a perfect
square with :func:`math.isqrt`, and hands sympy a square-free integer, which is
much faster than ``sympy.sqrt(Rational(...))`` on large numerators.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import sympy as sp

__all__ = ["signed_sqrt"]


@lru_cache(maxsize=256)
def _primes_upto(bound: int) -> tuple[int, ...]:
    sieve = bytearray([1]) * (bound + 1)
    sieve[: min(2, bound + 1)] = b"\x00" * min(2, bound + 1)
    for p in range(2, math.isqrt(bound) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytearray(len(sieve[p * p :: p]))
    return tuple(i for i, flag in enumerate(sieve) if flag)


@lru_cache(maxsize=4096)
def _sqrt_squarefree(n: int) -> sp.Expr:
    return sp.sqrt(sp.Integer(n))


def _split_square(n: int, bound: int) -> tuple[int, int]:
    """Write ``n = root**2 * free`` using primes up to ``bound``; ``free`` is square-free."""
    root, free = 1, 1
    for p in _primes_upto(bound):
        if n < p * p:
            break
        e = 0
        while n % p == 0:
            n //= p
            e += 1
        root *= p ** (e // 2)
        if e % 2:
            free *= p
    r = math.isqrt(n)
    if r * r == n:
        return root * r, free
    return root, free * n  # leftover not a square: sympy sorts it out


def signed_sqrt(sign: int, square: Fraction, bound: int = 64) -> sp.Expr:
    """Return ``sign * sqrt(square)`` as a sympy number in canonical form.

    Parameters
    ----------
    sign : int
        ``+1``, ``-1`` or ``0``.
    square : Fraction
        Non-negative rational.
    bound : int
        Largest prime tried by trial division; pass the largest factorial
        argument involved. Larger primes must occur squared (otherwise the
        result is still correct, only slower).

    Returns
    -------
    sympy.Expr
        ``Rational * sqrt(squarefree integer)``.

    Notes
    -----
    Cost: ``O(pi(bound))`` big-integer divisions plus one cached sympy call.

    Examples
    --------
    >>> signed_sqrt(-1, Fraction(8, 3))
    -2*sqrt(6)/3
    """
    if sign == 0 or square == 0:
        return sp.Integer(0)
    num, den = square.numerator, square.denominator
    root, free = _split_square(num * den, bound)
    coeff = sp.Rational(sign * root, den)
    if free == 1:
        return coeff
    if coeff == 1:
        return _sqrt_squarefree(free)
    # Rational times sqrt(square-free integer) is already in canonical order: skip Mul.flatten
    return sp.Mul._from_args((coeff, _sqrt_squarefree(free)), is_commutative=True)
