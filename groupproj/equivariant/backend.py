"""What a projector back-end provides to the factory: applicability, a price, a build."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from groupproj.equivariant.structure import Structure
    from groupproj.reps.base import Representation

__all__ = ["Backend"]


class Backend(ABC):
    """A way to build the projector onto Hom_G(V, W).

    :meth:`unsuitable` and :meth:`cost` read family tags, dimensions and the structure of
    the representations only, never building anything, so that ``method="auto"`` costs far
    less than the build it chooses.
    """

    name: str = ""

    @classmethod
    @abstractmethod
    def unsuitable(cls, V: Representation, W: Representation) -> str | None:
        """Why this back-end cannot serve (V, W), or ``None`` if it can."""

    @classmethod
    @abstractmethod
    def cost(cls, V: Representation, W: Representation) -> float:
        """Estimated multiply-adds to apply P to one map."""

    @classmethod
    @abstractmethod
    def memory(cls, V: Representation, W: Representation) -> float:
        """Estimated peak bytes to build the structure, checked against the size limit."""

    @classmethod
    @abstractmethod
    def build(cls, V: Representation, W: Representation) -> Structure:
        """The structure of P."""
