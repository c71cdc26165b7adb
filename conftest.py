"""Collection rules: the framework adapters' doctests need their framework installed."""

import importlib.util

collect_ignore = [
    f"groupproj/{name}.py" for name in ("torch", "jax") if importlib.util.find_spec(name) is None
]
