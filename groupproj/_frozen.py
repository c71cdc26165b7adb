"""Immutable value objects with lazily cached derived data."""

from __future__ import annotations

from abc import ABC
from typing import Any


class Frozen(ABC):  # noqa: B024  (subclasses declare abstract hooks)
    """Base class of groupproj's immutable, hashable, picklable objects.

    A subclass sets its data once in ``__init__`` through :meth:`_set` and
    names the part that defines it in ``_fields``. Equality and hashing use the class and
    the defining data. Derived data is held in ``functools.cached_property``
    slots, which are never pickled: an unpickled object recomputes them.
    """

    _fields: tuple[str, ...] = ()

    def _set(self, **values: Any) -> None:
        stored = self.__dict__.get("_stored", ())
        for name, value in values.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_stored", stored + tuple(values))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    def _key(self) -> tuple:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return type(self) is type(other) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash((type(self).__name__, self._key()))
            object.__setattr__(self, "_hash", h)
        return h

    def __getstate__(self) -> dict:
        return {f: self.__dict__[f] for f in (*self._stored, "_stored")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
