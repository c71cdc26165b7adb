"""The projection penalty, projection and equivariant initialisation for torch models.

:class:`ProjectionPenalty` sums λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖ over named parameters of a
``torch.nn.Module`` in one fused pass (see :class:`groupproj.FusedProjection`), on the
parameters' device and differentiable by autograd. It reads each parameter's layer
(``Linear``, ``Conv1d/2d/3d``, ``ConvTranspose1d/2d/3d``, batch norm, biases) and refuses a
projector that does not fit its layout (:mod:`groupproj.layouts`);
:meth:`ProjectionPenalty.for_sequence` builds every projector from the representations
between the layers. :meth:`ProjectionPenalty.project_` snaps the parameters onto their
equivariant parts, and :func:`equivariant_init_` draws them there with He variance.
torch is imported when this module is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from groupproj.equivariant.projector import Projector
from groupproj.errors import LayoutMismatchError, UnknownNameError
from groupproj.export import _require
from groupproj.layouts import Layout, ProjectionShrinkWarning, chain_projectors, warn_if_shrunk
from groupproj.penalties import FusedProjection
from groupproj.reps.base import Representation

torch = _require("torch", "torch")

__all__ = [
    "ProjectionPenalty",
    "ProjectionShrinkWarning",
    "equivariant_init_",
    "layout_of",
]

_CONV = torch.nn.modules.conv._ConvNd
_NORM = torch.nn.modules.batchnorm._NormBase  # batch and instance norm
_LAYERS = (torch.nn.Linear, _CONV, _NORM)


def layout_of(module: Any, attr: str, param: Any) -> Layout:
    """The :class:`~groupproj.layouts.Layout` of ``module.<attr>``, read from the module's type.

    ``Linear.weight`` is a matrix (out, in); a ``Conv{d}d`` weight a kernel (C_out, C_in, k…);
    a ``ConvTranspose{d}d`` weight a kernel stored (C_in, C_out, k…), viewed with its channel
    axes swapped; a batch- or instance-norm weight a per-channel scale; any 1-D ``bias`` an
    additive vector; anything else an ``"array"`` (the trailing-axes rule of
    :mod:`groupproj.penalties`, unchecked).

    Raises
    ------
    LayoutMismatchError
        For a grouped convolution (``groups > 1``), whose weight is block-diagonal.
    """
    shape = tuple(param.shape)
    name = type(module).__name__
    if isinstance(module, _CONV) and attr == "weight":
        if module.groups != 1:
            raise LayoutMismatchError(
                f"{name} with groups={module.groups} stores a block-diagonal kernel, which no "
                "kernel projector describes; use groups=1"
            )
        axes = (1, 0, *range(2, len(shape))) if module.transposed else None
        return Layout(name, "conv", shape, axes)
    if isinstance(module, torch.nn.Linear) and attr == "weight":
        return Layout(name, "linear", shape)
    if isinstance(module, _NORM) and attr == "weight":
        return Layout(f"{name} scale", "scale", shape)
    if attr == "bias" and len(shape) == 1:
        return Layout(f"{name} bias", "vector", shape)
    return Layout(name, "array", shape)


class ProjectionPenalty:
    """The projection penalty over named parameters of a torch model.

    Parameters
    ----------
    model : torch.nn.Module
    projectors : mapping of str to Projector
        Parameter name (as in ``model.named_parameters()``) to the projector of its layer's
        map, (out, in) for every layer: a ``Linear`` weight takes
        ``gp.projector(rep_in, rep_out)``; a ``Conv{d}d`` or ``ConvTranspose{d}d`` weight
        ``gp.kernel_projector(rep_in, rep_out, k)`` (the transposed layer's weight, stored
        (C_in, C_out, k…), is viewed with its channel axes swapped, see
        :mod:`groupproj.layouts`); a bias or batch-norm parameter ``gp.bias_projector(rep)``.
    lambda_G, lambda_perp : float
        Weights of ‖P(T)‖ and ‖T − P(T)‖.
    squared : bool
        Squared Frobenius norms (default) or plain ones.
    form : str
        How each P is applied (see :mod:`groupproj.penalties`).

    Calling it returns a 0-d tensor, the sum over the named parameters. Index data is built
    once, at construction, and moved to a device once, at the first call there. Cost per
    call: one concatenation of the orbit-form parameters, one ``index_add``, one gather,
    O(total entries).

    Attributes
    ----------
    projectors : dict of str to Projector
        The projectors, by parameter name (merge two with ``{**a.projectors, **b.projectors}``).
    layouts : tuple of Layout
        Each parameter's layout, in the order of ``projectors``.

    Raises
    ------
    UnknownNameError
        If a name is not a parameter of the model.
    LayoutMismatchError
        If a projector does not fit its parameter's layer (shape, grid, or a transposed
        convolution's projector given for its stored axes), naming the projector that does.

    Examples
    --------
    >>> import torch, groupproj as gp
    >>> from groupproj.torch import ProjectionPenalty, equivariant_init_
    >>> C4 = gp.cyclic(4)
    >>> _ = torch.manual_seed(0)
    >>> layer = torch.nn.Linear(4, 4)
    >>> reg = ProjectionPenalty(
    ...     layer,
    ...     {"weight": gp.projector(C4.regular(), C4.regular()),
    ...      "bias": gp.bias_projector(C4.regular())},
    ...     lambda_perp=0.5,
    ... )
    >>> equivariant_init_(reg, generator=torch.Generator().manual_seed(0))
    >>> x = torch.randn(16, 4, generator=torch.Generator().manual_seed(1))
    >>> loss = layer(x)[:, 0].mean() + reg()  # a loss that breaks the symmetry
    >>> loss.backward()
    >>> with torch.no_grad():
    ...     _ = [p.sub_(0.1 * p.grad) for p in layer.parameters()]
    >>> float(reg().detach()) > 0
    True
    >>> reg.project_()  # snap back onto the equivariant maps
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
        self.projectors = dict(projectors)
        self.names = tuple(self.projectors)
        self.layouts = tuple(_parameter_layout(model, name) for name in self.names)
        for name, lay in zip(self.names, self.layouts):
            lay.check(self.projectors[name], name)
        self.fused = FusedProjection(
            [self.projectors[n] for n in self.names],
            [lay.view_shape for lay in self.layouts],
            form,
        )
        self.lambda_G = lambda_G
        self.lambda_perp = lambda_perp
        self.squared = squared

    @classmethod
    def for_sequence(
        cls,
        model: Any,
        reps: Sequence[Representation],
        *,
        layers: Sequence[str] | None = None,
        action: Any = None,
        method: str = "auto",
        **kwargs: Any,
    ) -> ProjectionPenalty:
        """The penalty of a chain of layers, declared by the representations between them.

        Layer i (a ``Linear``, ``Conv{d}d`` or ``ConvTranspose{d}d``) maps ``reps[i]`` to
        ``reps[i + 1]``: its weight gets ``gp.projector(reps[i], reps[i + 1])`` (Linear) or
        ``gp.kernel_projector(reps[i], reps[i + 1], k)`` (convolutions, over the group's grid
        action or ``action``), its bias ``gp.bias_projector(reps[i + 1])``. A batch- or
        instance-norm layer after layer i gets ``gp.bias_projector(reps[i + 1])`` for its
        scale and shift (a per-channel scale is equivariant only on a permutation
        representation). Channel counts are checked against the dimensions: layer i's output
        must be layer i + 1's input.

        Parameters
        ----------
        model : torch.nn.Module
        reps : sequence of Representation
            ``len(layers) + 1`` representations of one group.
        layers : sequence of str, optional
            Names of the layers (``model.get_submodule``), in the order the data flows; by
            default every Linear, convolution and normalisation module in registration
            order, which is the order of an ``nn.Sequential``. Other parameters are not
            penalised; merge their projectors by hand (``ProjectionPenalty(model,
            {**seq.projectors, "head.weight": P})``), e.g. for a layer after a flatten,
            whose input is ``rep * gp.grid_rep(G, n)``.
        action : sequence of integer matrices, optional
            The grid action (see :func:`groupproj.grid_rep`), for a group without a known
            geometric action or a kernel of another dimension (a reflection
            ``[[[-1]]]`` for ``Conv1d``).
        method : str
            Projector back-end, as in :func:`groupproj.projector`.
        **kwargs
            ``lambda_G``, ``lambda_perp``, ``squared``, ``form`` as for the constructor.

        Raises
        ------
        DimensionMismatchError
            If the number of layers is not ``len(reps) - 1`` or a channel count does not
            match, naming the layer and the representations.
        LayoutMismatchError
            If a kernel is not a cube of the grid action's dimension, or a convolution is
            grouped.

        Examples
        --------
        >>> import torch, groupproj as gp
        >>> from groupproj.torch import ProjectionPenalty
        >>> D4 = gp.dihedral(4)
        >>> net = torch.nn.Sequential(
        ...     torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(),
        ...     torch.nn.Conv2d(8, 8, 3, padding=1), torch.nn.ReLU(),
        ...     torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(8, 2))
        >>> reg = ProjectionPenalty.for_sequence(
        ...     net, [D4.trivial(), D4.regular(), D4.regular(), D4.trivial() + D4.trivial()])
        >>> reg.names
        ('0.weight', '0.bias', '2.weight', '2.bias', '6.weight', '6.bias')
        """
        if layers is None:
            modules = [(n, m) for n, m in model.named_modules() if isinstance(m, _LAYERS)]
        else:
            modules = [(n, _submodule(model, n)) for n in layers]
        entries = []
        for prefix, module in modules:
            for attr in ("weight", "bias"):
                param = getattr(module, attr, None)
                if isinstance(param, torch.nn.Parameter):
                    name = f"{prefix}.{attr}" if prefix else attr
                    entries.append((name, layout_of(module, attr, param)))
        return cls(model, chain_projectors(entries, reps, action, method), **kwargs)

    def __repr__(self) -> str:
        return f"<ProjectionPenalty over {list(self.names)}>"

    def parameters(self) -> list[Any]:
        """The penalised parameters, in the order of the projectors."""
        return [self.model.get_parameter(name) for name in self.names]

    def views(self) -> list[Any]:
        """Each parameter as its layer's map (out, in, …), a view sharing its storage."""
        return [
            p if lay.axes is None else p.permute(lay.axes)
            for p, lay in zip(self.parameters(), self.layouts)
        ]

    def __call__(self) -> Any:
        """λ_G Σ ‖P(T)‖ + λ_⊥ Σ ‖T − P(T)‖ over the named parameters, a 0-d tensor."""
        return self.fused.penalty(
            self.views(),
            lambda_G=self.lambda_G,
            lambda_perp=self.lambda_perp,
            squared=self.squared,
        )

    def project_(self, preserve_norm: bool = False) -> None:
        """Replace each named parameter by its equivariant part P(T), in place.

        With ``preserve_norm=True`` each projected parameter is rescaled to the Frobenius norm
        it had, ‖T‖ P(T) / ‖P(T)‖ (a parameter with P(T) = 0 stays zero). Warns
        (:class:`ProjectionShrinkWarning`) about parameters with ‖P(T)‖ < ‖T‖ / 10, which
        were mostly outside the equivariant subspace. Costs one projection and two norms
        per parameter.
        """
        with torch.no_grad():
            views = self.views()
            projected = self.fused.project(views)
            before = [float(torch.linalg.vector_norm(v)) for v in views]
            after = [float(torch.linalg.vector_norm(q)) for q in projected]
            for v, q, b, a in zip(views, projected, before, after):
                v.copy_(q * (b / a) if preserve_norm and a > 0 else q)
        warn_if_shrunk(self.names, before, after)


def _submodule(model: Any, name: str) -> Any:
    try:
        return model.get_submodule(name)
    except AttributeError:
        names = [n for n, _ in model.named_modules() if n]
        raise UnknownNameError(f"the model has no module {name!r}; it has {names}") from None


def _parameter_layout(model: Any, name: str) -> Layout:
    prefix, _, attr = name.rpartition(".")
    try:
        param = model.get_parameter(name)
    except AttributeError:
        names = [n for n, _ in model.named_parameters()]
        raise UnknownNameError(f"the model has no parameter {name!r}; it has {names}") from None
    return layout_of(model.get_submodule(prefix), attr, param)


def equivariant_init_(
    penalty: ProjectionPenalty,
    gain: float = math.sqrt(2.0),
    *,
    names: Sequence[str] | None = None,
    generator: Any = None,
) -> None:
    """Draw each penalised weight from the equivariant subspace, with He variance.

    For a weight with map (m, n) (fan-in n: ``in`` or C_in·k^d) and projector P of rank
    D = dim Hom_G, He initialisation draws G with i.i.d. N(0, gain²/n) entries, so that
    E‖G x‖² = gain²·(m/n)·‖x‖² and E‖G‖²_F = gain²·m. This draws

        T = √(mn/D) · P(G),

    i.e. T = Σ_k c_k B_k over an orthonormal basis B of the range of P with
    c_k i.i.d. N(0, s²), s² = gain²·m/D: the coefficients ⟨B_k, G⟩ of P(G) are i.i.d.
    N(0, gain²/n). Then E‖T‖²_F = s²·D = gain²·m, He's value, and for every input x

        E‖T x‖² = s²·xᵀ M x,  M = Σ_k B_kᵀ B_k,  tr M = D,

    so for x isotropic in V (E xxᵀ ∝ I) E‖T x‖² = gain²·(m/n)·‖x‖², He's scaling. For
    regular fields (V = reg^a, or reg^a ⊗ grid ≅ reg^(a·k^d) by a permutation) M = (D/n)·I,
    so that holds for every x; for other fields M is a scalar on each isotypic component.
    Biases and batch-norm parameters are replaced by their equivariant part (torch's
    defaults, zeros and ones, are invariant already). A weight with D = 0 becomes zero.
    Costs one fused projection and one normal sample per weight.

    Parameters
    ----------
    penalty : ProjectionPenalty
        Says which parameters, with which projectors.
    gain : float
        √2 for ReLU (He et al.), 1 for linear or tanh-like layers and for logits.
    names : sequence of str, optional
        Initialise only these parameters (e.g. the last layer again, with gain 1); by
        default all of the penalty's.
    generator : torch.Generator, optional
        For reproducible draws.

    Examples
    --------
    >>> import torch, groupproj as gp
    >>> from groupproj.torch import ProjectionPenalty, equivariant_init_
    >>> D4 = gp.dihedral(4)
    >>> layer = torch.nn.Linear(16, 16)
    >>> reg = ProjectionPenalty.for_sequence(layer, [D4.regular() + D4.regular()] * 2)
    >>> equivariant_init_(reg, generator=torch.Generator().manual_seed(0))
    >>> float(reg().detach()) < 1e-10, 1 < float(layer.weight.detach().norm() ** 2) / 16 < 3
    (True, True)
    """
    chosen = set(penalty.names if names is None else names)
    unknown = sorted(chosen - set(penalty.names))
    if unknown:
        raise UnknownNameError(f"{unknown} are not penalised; the penalty has {penalty.names}")
    with torch.no_grad():
        views = penalty.views()
        draws = []
        for lay, v, name in zip(penalty.layouts, views, penalty.names):
            if lay.kind in ("vector", "scale") or name not in chosen:
                draws.append(v)
            else:
                n = penalty.projectors[name].shape[1]
                noise = torch.randn(v.shape, generator=generator, dtype=v.dtype, device=v.device)
                draws.append(noise * (gain / math.sqrt(n)))
        projected = penalty.fused.project(draws)
        for lay, v, q, name in zip(penalty.layouts, views, projected, penalty.names):
            if name not in chosen:
                continue
            if lay.kind in ("vector", "scale"):
                v.copy_(q)
            else:
                P = penalty.projectors[name]
                m, n = P.shape
                v.copy_(q * math.sqrt(m * n / P.dim) if P.dim else torch.zeros_like(q))
