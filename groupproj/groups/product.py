"""Direct products of finite groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from groupproj.errors import GroupMismatchError, InvalidTypeError
from groupproj.groups.base import FiniteGroup, Group, GroupElement

if TYPE_CHECKING:
    from groupproj.reps.base import Representation


class DirectProduct(FiniteGroup):
    """The direct product G × H; elements are pairs multiplied componentwise.

    The generators are (s, e) for s in G's generators, then (e, t) for t in
    H's. The order and the stabiliser-chain transversals come from the
    factors, so no enumeration is needed for them.

    Examples
    --------
    >>> import groupproj as gp
    >>> P = gp.direct_product(gp.cyclic(2), gp.symmetric(3))
    >>> P.name, P.order
    ('C2xS3', 12)
    """

    _fields = ("factors",)

    def __init__(self, *factors: FiniteGroup):
        for f in factors:
            if not isinstance(f, Group):
                raise InvalidTypeError(f"direct_product takes two finite groups, got {f!r}")
        if len(factors) != 2 or not all(isinstance(f, FiniteGroup) for f in factors):
            raise GroupMismatchError("direct_product takes two finite groups")
        self._set(factors=tuple(factors))

    @property
    def name(self) -> str:
        return "x".join(f.name for f in self.factors)

    def _known_order(self) -> int:
        """|G × H| = |G|·|H|, from the factors."""
        return self.factors[0].order * self.factors[1].order

    def _element_bytes(self) -> int:
        return sum(f._element_bytes() for f in self.factors)

    def _mul(self, a: tuple, b: tuple) -> tuple:
        G, H = self.factors
        return (G._mul(a[0], b[0]), H._mul(a[1], b[1]))

    def _inv(self, a: tuple) -> tuple:
        G, H = self.factors
        return (G._inv(a[0]), H._inv(a[1]))

    def _identity_key(self) -> tuple:
        G, H = self.factors
        return (G._identity_key(), H._identity_key())

    def _generator_keys(self) -> tuple:
        G, H = self.factors
        eG, eH = G._identity_key(), H._identity_key()
        return tuple((s, eH) for s in G._generator_keys()) + tuple(
            (eG, t) for t in H._generator_keys()
        )

    def _key_of(self, x: Any) -> tuple:
        try:
            g, h = x
        except (TypeError, ValueError):
            raise GroupMismatchError(
                f"an element of {self.name} is a pair (g, h) with g in {self.factors[0].name} "
                f"and h in {self.factors[1].name}"
            ) from None
        return (self.factors[0].key_of(g), self.factors[1].key_of(h))

    def _data(self, key: tuple) -> tuple:
        return (GroupElement(self.factors[0], key[0]), GroupElement(self.factors[1], key[1]))

    def _format(self, key: tuple) -> str:
        G, H = self.factors
        return f"({G._format(key[0])}, {H._format(key[1])})"

    def transversals(self) -> list[list[Any]]:
        G, H = self.factors
        eG, eH = G._identity_key(), H._identity_key()
        return [[(u, eH) for u in level] for level in G.transversals()] + [
            [(eG, v) for v in level] for level in H.transversals()
        ]

    def inflate(self, rep: Representation, factor: int) -> Representation:
        """The representation (g_0, g_1) ↦ rep(g_factor) of a factor's representation."""
        from groupproj.reps.algebra import Inflation

        return Inflation(rep, self, factor)

    def natural(self) -> Representation:
        """The sum of the factors' natural representations, each inflated."""
        return self.inflate(self.factors[0].natural(), 0) + self.inflate(
            self.factors[1].natural(), 1
        )


def direct_product(G: FiniteGroup, H: FiniteGroup) -> DirectProduct:
    """The direct product G × H; see :class:`DirectProduct`."""
    return DirectProduct(G, H)
