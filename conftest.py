"""Collection rules and the Hypothesis profiles of the test suite.

The framework adapters' doctests (and the training guide's) need their framework
installed. Hypothesis runs under the ``ci`` profile (derandomised: the same examples on
every run, so the suite cannot flake) when ``CI`` is set, as ``.ci/run`` does, and under
``dev`` (random, with the example database) otherwise; ``HYPOTHESIS_PROFILE`` names
another. No profile has a deadline: a slow first example on a loaded machine is not a
failure.
"""

import importlib.util
import os

from hypothesis import settings

collect_ignore = [
    f"groupproj/{name}.py" for name in ("torch", "jax") if importlib.util.find_spec(name) is None
]
if importlib.util.find_spec("torch") is None:
    collect_ignore.append("docs/training.md")

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
_default = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))
