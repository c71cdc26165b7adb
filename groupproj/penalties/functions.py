"""``gp.penalty`` and ``gp.equivariant_part``: one projector applied to one array."""

from __future__ import annotations

from typing import Any

from groupproj.penalties.engine import Engine, PerProjector, cached_plan, combine, map_axes
from groupproj.penalties.namespaces import namespace

__all__ = ["equivariant_part", "penalty"]

_ENGINES = PerProjector()


def _engine(P: Any, form: str) -> Engine:
    """The one-layer engine of (P, form), whose per-device constants live as long as P."""
    engines = _ENGINES(P)
    if engines is None:
        return Engine([cached_plan(P, form)])
    if form not in engines:
        engines[form] = Engine([cached_plan(P, form)])
    return engines[form]


def _prepare(T: Any, P: Any, form: str) -> tuple[Any, Any, Any, tuple[int, ...]]:
    ops = namespace([T])
    T = ops.asarray(T)
    engine = _engine(P, form)
    m, n = engine.plans[0].shape
    k = map_axes(tuple(T.shape), m * n)
    return ops, engine, T, tuple(T.shape[:k])


def equivariant_part(T: Any, P: Any, *, form: str = "auto") -> Any:
    """P(T) for a numpy, torch or JAX array, in that framework, differentiable.

    Parameters
    ----------
    T : array
        One map or a batch (see :mod:`groupproj.penalties.engine` for the layout), real or
        complex.
    P : Projector
    form : str
        How P is applied, one of :data:`~groupproj.penalties.plans.FORMS`; see
        :mod:`groupproj.penalties.plans`.

    Cost: that of the plan (O(mn) for orbit, permuted and tiled plans). The plan and its
    constants are kept as long as P lives.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> C3 = gp.cyclic(3)
    >>> P = gp.projector(C3.regular(), C3.regular())
    >>> T = gp.equivariant_part(np.eye(3)[[1, 2, 0]] + np.eye(3), P)
    >>> bool(np.allclose(gp.equivariant_part(T, P), T))
    True
    """
    ops, engine, T, batch = _prepare(T, P, form)
    (out,) = engine.project(ops, [T.reshape(int(_size(batch)), -1)])
    return out.reshape(T.shape)


def penalty(
    T: Any,
    P: Any,
    *,
    lambda_G: float = 0.0,
    lambda_perp: float = 1.0,
    squared: bool = True,
    form: str = "auto",
) -> Any:
    """The projection penalty λ_G ‖P(T)‖ + λ_⊥ ‖T − P(T)‖ of each map in T.

    What is returned, per map (an array over T's batch axes, a 0-d array for one map),
    in T's framework:

    * defaults (λ_G = 0, λ_⊥ = 1, squared): ‖T − P(T)‖_F², the squared distance to
      Hom_G(V, W), equal to ``P.penalty(T)``; its gradient is 2(T − P(T));
    * λ_G = 1, λ_⊥ = 0: ‖P(T)‖_F², the squared size of the equivariant part;
    * in general: λ_G N(P(T)) + λ_⊥ N(T − P(T)) with N = ‖·‖_F² if ``squared`` else
      ‖·‖_F. Since P is orthogonal, ‖T‖² = ‖P(T)‖² + ‖T − P(T)‖².

    For many layers, :class:`~groupproj.penalties.engine.FusedProjection` (or
    :mod:`groupproj.torch`, :mod:`groupproj.jax`) sums the penalties in one pass.

    Parameters
    ----------
    T : array
        numpy, torch or JAX; trailing axes one map (row-major), leading axes a batch.
    P : Projector
    lambda_G, lambda_perp : float
        Weights of the equivariant and the non-equivariant term.
    squared : bool
        Squared Frobenius norms (the default) or plain ones.
    form : str
        How P is applied (see :mod:`groupproj.penalties.plans`); ``"basis"`` is the
        dense-basis form.

    Cost: one pass of the plan over T (O(mn) for orbit, permuted and tiled plans); the
    gradient needs one more buffer of T's size.

    Examples
    --------
    >>> import numpy as np, groupproj as gp
    >>> C2 = gp.cyclic(2)
    >>> P = gp.projector(C2.regular(), C2.regular())
    >>> float(gp.penalty(np.array([[1.0, 0.0], [0.0, 0.0]]), P))
    0.5
    """
    ops, engine, T, batch = _prepare(T, P, form)
    (R,), (Q,) = engine.norms(ops, [T.reshape(int(_size(batch)), -1)], need_part=bool(lambda_G))
    return combine(ops, R, Q, lambda_G, lambda_perp, squared).reshape(batch)


def _size(shape: tuple[int, ...]) -> int:
    out = 1
    for s in shape:
        out *= int(s)
    return out
