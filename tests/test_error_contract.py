"""The error contract: groupproj raises its own errors, never bare builtins, on user input.

Every ``raise`` in ``groupproj/`` is read from the source. One that raises a builtin exception
class must be on the allow-list below, with the reason it is not reachable from user input or
why Python's protocols require that exact class; the base class ``GroupprojError`` itself is
never raised (a subclass names what went wrong).
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import groupproj as gp

PACKAGE = Path(gp.__file__).resolve().parent
BUILTIN_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
ALLOWED = {
    ("_frozen.py", "Frozen.__setattr__", "AttributeError"): (
        "immutability: Python's attribute protocol (setattr, copy, dataclasses) expects it"
    ),
    ("_frozen.py", "Frozen.__delattr__", "AttributeError"): "likewise, for del",
    ("_lazy.py", "lazy_names.__getattr__", "AttributeError"): (
        "the module attribute protocol: hasattr(gp, name) and from-imports rely on it"
    ),
    ("testing.py", "assert_equivariant", "AssertionError"): (
        "the pytest form of a check: failing the user's assertion is its purpose"
    ),
    ("harmonic/clebsch_gordan.py", "_exact_flat", "AssertionError"): (
        "an internal invariant (real-basis couplings are real), not reachable by any input"
    ),
}


def _raises(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    scopes: list[str] = []

    def visit(node):
        named = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        if named:
            scopes.append(node.name)
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name):
                yield ".".join(scopes), exc.id, node.lineno
        for child in ast.iter_child_nodes(node):
            yield from visit(child)
        if named:
            scopes.pop()

    yield from visit(tree)


def test_no_bare_builtin_raises_outside_the_allow_list():
    found, used = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = str(path.relative_to(PACKAGE))
        for scope, name, line in _raises(path):
            if name not in BUILTIN_ERRORS and name != "GroupprojError":
                continue
            key = (relative, scope, name)
            if key in ALLOWED:
                used.add(key)
            else:
                found.append(f"{relative}:{line} {scope} raises {name}")
    assert not found, "raise a GroupprojError subclass instead:\n" + "\n".join(found)
    assert used == set(ALLOWED), f"stale allow-list entries: {set(ALLOWED) - used}"


def test_every_error_class_is_a_groupproj_error_and_exported():
    for name in gp.errors.__all__:
        cls = getattr(gp, name)
        assert issubclass(cls, gp.GroupprojError) and cls.__doc__, name
