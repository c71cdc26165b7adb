"""The projection penalty for torch models.

:class:`ProjectionPenalty` sums λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖ over named
parameters of a ``torch.nn.Module`` in one fused pass (see
:class:`groupproj.FusedProjection`), on the parameters' device and
differentiable by autograd; :meth:`ProjectionPenalty.project_` snaps the
parameters onto their equivariant parts. torch is imported when this module is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from groupproj.equivariant.projector import Projector
from groupproj.export import _require
from groupproj.penalties import FusedProjection

torch = _require("torch", "torch")

__all__ = ["ProjectionPenalty"]


class ProjectionPenalty:
    """The projection penalty over named parameters of a torch model.

    Parameters
    ----------
    model : torch.nn.Module
    projectors : mapping of str to Projector
        Parameter name (as in ``model.named_parameters()``) to its projector. A
        ``Linear`` weight (out, in) takes ``gp.projector(rep_in, rep_out)``; a
        ``Conv2d`` weight (C_out, C_in, k, k) a
        :func:`groupproj.kernel_projector`; a bias a
        :func:`groupproj.bias_projector`.
    lambda_G, lambda_perp : float
        Weights of ‖P(T)‖ and ‖T − P(T)‖.
    squared : bool
        Squared Frobenius norms (default) or plain ones.
    form : str
        How each P is applied (see :mod:`groupproj.penalties`).

    Calling it returns a 0-d tensor, the sum over the named parameters. Index
    data is built once, at construction, and moved to a device once, at the first
    call there. Cost per call: one concatenation of the orbit-form parameters,
    one ``index_add``, one gather, O(total entries).

    Examples
    --------
    >>> import torch, groupproj as gp
    >>> from groupproj.torch import ProjectionPenalty
    >>> C4 = gp.cyclic(4)
    >>> layer = torch.nn.Linear(4, 4)
    >>> reg = ProjectionPenalty(
    ...     layer,
    ...     {"weight": gp.projector(C4.regular(), C4.regular()),
    ...      "bias": gp.bias_projector(C4.regular())},
    ... )
    >>> reg().backward()
    >>> reg.project_()
    >>> float(reg().detach()) < 1e-12
    True
    """

    def __init__(
        self,
        model: Any,
        projectors: Mapping[str, Projector],
        *,
        lambda_G: float = 0.0,
        lambda_perp: float = 1.0,
        squared: bool = True,
        form: str = "auto",
    ):
        self.model = model
        self.names = tuple(projectors)
        shapes = [tuple(model.get_parameter(name).shape) for name in self.names]
        self.fused = FusedProjection([projectors[n] for n in self.names], shapes, form)
        self.lambda_G = lambda_G
        self.lambda_perp = lambda_perp
        self.squared = squared

    def __repr__(self) -> str:
        return f"<ProjectionPenalty over {list(self.names)}>"

    def parameters(self) -> list[Any]:
        """The penalised parameters, in the order of the projectors."""
        return [self.model.get_parameter(name) for name in self.names]

    def __call__(self) -> Any:
        """λ_G Σ ‖P(T)‖ + λ_⊥ Σ ‖T − P(T)‖ over the named parameters, a 0-d tensor."""
        return self.fused.penalty(
            self.parameters(),
            lambda_G=self.lambda_G,
            lambda_perp=self.lambda_perp,
            squared=self.squared,
        )

    def project_(self) -> None:
        """Replace each named parameter by its equivariant part P(T), in place."""
        params = self.parameters()
        with torch.no_grad():
            for p, projected in zip(params, self.fused.project(params)):
                p.copy_(projected)
