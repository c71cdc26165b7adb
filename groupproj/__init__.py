"""groupproj: group representations and exact projectors onto equivariant maps."""

from groupproj._version import __version__
from groupproj.errors import *  # noqa: F403
from groupproj.errors import __all__ as _errors_all

__all__ = ["__version__", *_errors_all]
