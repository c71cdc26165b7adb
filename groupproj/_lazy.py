"""Packages whose public names are imported on first use (PEP 562)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, namespace: dict[str, Any], locations: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package that re-exports ``locations`` lazily.

    ``locations`` maps each public name to the module that defines it; a name is imported
    when first read and then kept in the package's ``namespace``, so later reads cost
    nothing. Submodules of the package stay reachable as attributes, imported on first use.
    """

    def __getattr__(name: str) -> Any:
        if name in locations:
            value = getattr(importlib.import_module(locations[name]), name)
        else:
            try:
                value = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":  # the submodule exists; a dependency not
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *locations})

    return __getattr__, __dir__
