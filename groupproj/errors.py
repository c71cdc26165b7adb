"""The exceptions groupproj raises on purpose.

Every error derives from :class:`GroupprojError`, so ``except gp.GroupprojError``
catches all of them. Subclasses also derive from the built-in exception that
fits (``ValueError``, ``TypeError``, ``ImportError``) so that generic handlers
keep working. Messages say what was expected and how to fix the input.
"""

from __future__ import annotations

__all__ = [
    "GroupprojError",
    "DimensionMismatchError",
    "GroupMismatchError",
    "NotAHomomorphismError",
    "NotOrthogonalError",
    "GroupTooLargeError",
    "UnknownNameError",
    "ParseError",
    "BackendNotApplicableError",
    "SelectionRuleError",
    "ExactnessError",
    "OptionalDependencyError",
    "SizeLimitError",
    "InvalidValueError",
    "InvalidTypeError",
    "NotAPermutationError",
    "NoLieAlgebraError",
    "FileFormatError",
    "ChecksumError",
    "ComputationError",
    "LayoutMismatchError",
    "FrameworkMismatchError",
    "OutputNotWritableError",
]


class GroupprojError(Exception):
    """Base class of every error raised on purpose by groupproj."""


class DimensionMismatchError(GroupprojError, ValueError):
    """An array or representation has the wrong shape or dimension."""


class GroupMismatchError(GroupprojError, ValueError):
    """Objects that must live on the same group (or an element and its group) do not."""


class NotAHomomorphismError(GroupprojError, ValueError):
    """Matrices offered as a representation do not satisfy rho(g h) = rho(g) rho(h)."""


class NotOrthogonalError(GroupprojError, ValueError):
    """A representation is not orthogonal (or unitary) where that is required."""


class GroupTooLargeError(GroupprojError, ValueError):
    """An operation would enumerate more group elements than the set bound."""


class UnknownNameError(GroupprojError, ValueError):
    """A group, representation, method or format name is not known."""


class ParseError(GroupprojError, ValueError):
    """A group name or representation expression could not be parsed."""


class BackendNotApplicableError(GroupprojError, ValueError):
    """The requested projector back-end does not apply to these representations."""


class SelectionRuleError(GroupprojError, ValueError):
    """Angular-momentum arguments violate a selection rule (triangle, spin, parity)."""


class ExactnessError(GroupprojError, ValueError):
    """An exact (sympy) result was requested from data known only in floating point."""


class OptionalDependencyError(GroupprojError, ImportError):
    """An optional extra (torch, jax, matplotlib, dask) is needed but not installed."""


class SizeLimitError(GroupprojError, ValueError):
    """An explicit matrix would exceed the size limit; a structured form serves instead."""


class InvalidValueError(GroupprojError, ValueError):
    """A number is NaN, infinite, not an integer, or out of range where the argument needs
    a finite (integer, positive, …) value; the message names the argument and what it takes."""


class InvalidTypeError(GroupprojError, TypeError):
    """An argument has the wrong type, e.g. a string where a permutation is expected."""


class NotAPermutationError(GroupprojError, ValueError):
    """A representation does not permute a basis where a permutation representation is needed."""


class NoLieAlgebraError(GroupprojError, ValueError):
    """The group or representation has no known Lie algebra (finite groups, or a representation
    not built from irreps by the algebra)."""


class FileFormatError(GroupprojError, ValueError):
    """A file is not a valid groupproj file: truncated, malformed, tampered with, an object
    array, or larger than the size limit. The message names the path and what is wrong."""


class ChecksumError(FileFormatError):
    """A file's arrays or metadata do not match the sha256 digest recorded in it."""


class LayoutMismatchError(DimensionMismatchError):
    """A projector does not fit the layout of the layer parameter it is given for: a Linear
    weight (out, in), a convolution kernel (C_out, C_in, k, …, k) over a grid of the kernel's
    dimension, a transposed convolution's (C_in, C_out, k, …, k), a bias or batch-norm vector
    (C,). The message names the parameter, the layer and the projector that fits."""


class FrameworkMismatchError(GroupprojError, TypeError):
    """Arrays of different frameworks (numpy, torch, JAX) were passed to one call, which
    computes in a single framework; convert them to one framework first."""


class ComputationError(GroupprojError, RuntimeError):
    """A numerical algorithm failed its own check (a character table that does not split,
    irreps that do not match their characters). Not caused by bad input: please report it
    with the group that triggered it."""


class OutputNotWritableError(GroupprojError, OSError):
    """An output folder or file cannot be written: it is read-only, full, or not a folder.
    The message names the path and the reason."""
