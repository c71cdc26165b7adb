r"""The standard inclusions between the compact groups, as explicit maps of elements.

=============  ===========================================================================
inclusion      map
=============  ===========================================================================
SO(2) ⊂ SO(3)  the rotation by θ ↦ the rotation by θ about z, :math:`R_z(\theta)`
SO(2) ⊂ O(3)   the same, in O(3)
O(2) ⊂ O(3)    :math:`A \mapsto \operatorname{diag}(A, 1)`: rotations about z and the mirrors
               containing z (:math:`C_{\infty v}`); the reflection ``O2().reflection(θ)``
               is :math:`-R_z(\theta/2) R_y(\pi) R_z(-\theta/2)`
SO(2) ⊂ O(2)   the rotations
SO(3) ⊂ O(3)   the rotations
=============  ===========================================================================

A finite group given by matrices is a subgroup of the compact group whose elements its
matrices are (a point group in O(3), its rotations in SO(3)); it needs no entry here.
Exact angles map to exact elements.
"""

from __future__ import annotations

from typing import Any

import sympy

from groupproj.groups.base import Group

__all__ = ["embed", "lie_component", "standard_inclusion"]

_PAIRS = {
    ("SO(2)", "SO(3)"),
    ("SO(2)", "O(3)"),
    ("O(2)", "O(3)"),
    ("SO(2)", "O(2)"),
    ("SO(3)", "O(3)"),
}


def standard_inclusion(subgroup: Group, group: Group) -> bool:
    """Whether ``subgroup`` sits in ``group`` by one of the inclusions of the table."""
    return (subgroup.name, group.name) in _PAIRS and not subgroup.is_finite


def embed(subgroup: Group, group: Group, key: Any) -> Any:
    """The key in ``group`` of the element of ``subgroup`` with key ``key`` (the table)."""
    from groupproj.groups.rotation3d import SO3

    pair = (subgroup.name, group.name)
    if pair == ("SO(2)", "O(2)"):
        return (1, key)
    if pair == ("SO(3)", "O(3)"):
        return (1, key)
    if pair in (("SO(2)", "SO(3)"), ("SO(2)", "O(3)")):
        rotation = SO3().euler(key, 0, 0).key
        return rotation if pair[1] == "SO(3)" else (1, rotation)
    # O(2) in O(3): (s, θ) is R(θ) diag(1, -1)^((1-s)/2)
    sign, angle = key
    if sign == 1:
        return (1, SO3().euler(angle, 0, 0).key)
    pi = sympy.pi if isinstance(angle, sympy.Basic) else float(sympy.pi)
    return (-1, SO3().euler(angle / 2, pi, -angle / 2).key)


def lie_component(subgroup: Group, group: Group) -> int:
    """Which generator of ``group``'s Lie algebra is that of ``subgroup`` (SO(2), O(2): the
    rotations about z, index 2 of x, y, z; SO(3) in O(3): all three, returned as -1)."""
    if subgroup.name == "SO(3)":
        return -1
    return 2 if group.name in ("SO(3)", "O(3)") else 0
