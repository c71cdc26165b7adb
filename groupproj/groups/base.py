"""The group protocol, group elements, and what every finite group shares.

Multiplication convention
-------------------------
Group elements act on the left and compose as functions: ``g * h`` means
"first ``h``, then ``g``". For permutations given as image lists this is
``(g * h)[i] = g[h[i]]``, and every representation satisfies
``rho(g * h) = rho(g) @ rho(h)``.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupproj._checks import integer
from groupproj._frozen import Frozen
from groupproj.errors import (
    BackendNotApplicableError,
    DimensionMismatchError,
    GroupMismatchError,
    GroupTooLargeError,
    InvalidTypeError,
    InvalidValueError,
    NoLieAlgebraError,
    UnknownNameError,
)
from groupproj.limits import check_bytes, max_bytes

if TYPE_CHECKING:
    from groupproj.finite.character_table import CharacterTable
    from groupproj.reps.base import Representation
    from groupproj.reps.decomposition import Decomposition
    from groupproj.reps.irrep import Irrep
    from groupproj.reps.irrep_families import IrrepFamily

MAX_ENUMERATION = 100_000
"""Largest group order that :meth:`FiniteGroup.elements` enumerates."""

_NOT_AN_ELEMENT = (GroupMismatchError, DimensionMismatchError, InvalidTypeError, InvalidValueError)
"""What :meth:`Group.element` raises for data that is not an element of the group."""

ELEMENT_BYTES = 200
"""Estimated bytes of one stored element (its key and the bookkeeping around it), used to
size enumerations and samples before they are made; groups with large keys add their size."""


def sample_arguments(n: Any, seed: Any, element_bytes: int) -> tuple[int, np.random.Generator]:
    """``n`` checked (an integer >= 0 whose elements fit the size limit) and a generator.

    ``seed`` is ``None``, an integer >= 0, or a :class:`numpy.random.Generator` (or
    ``SeedSequence``) to draw from.
    """
    n = integer(n, "the sample size n", minimum=0)
    check_bytes(n * element_bytes, f"{n} sampled group elements", "sample fewer at a time")
    if isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return n, np.random.default_rng(seed)
    if seed is not None:
        seed = integer(seed, "seed", minimum=0, hint="give None or a non-negative integer")
    return n, np.random.default_rng(seed)


class GroupElement(Frozen):
    """An element of a group: the group and a hashable key that the group interprets.

    Elements multiply with ``g * h`` (first ``h``, then ``g``), invert with
    :meth:`inverse`, and are hashable.
    """

    _fields = ("group", "key")

    def __init__(self, group: Group, key: Any):
        self._set(group=group, key=key)

    def __mul__(self, other: GroupElement) -> GroupElement:
        if not isinstance(other, GroupElement):
            raise InvalidTypeError(
                f"an element of {self.group.name} multiplies only with group elements, got "
                f"{type(other).__name__}; apply a representation first (rho(g) @ x)"
            )
        if other.group != self.group:
            raise GroupMismatchError(
                f"cannot multiply an element of {self.group.name} by one of {other.group.name}"
            )
        return GroupElement(self.group, self.group._mul(self.key, other.key))

    def inverse(self) -> GroupElement:
        """The inverse element g⁻¹."""
        return GroupElement(self.group, self.group._inv(self.key))

    def __rmul__(self, other: Any) -> GroupElement:
        raise InvalidTypeError(
            f"an element of {self.group.name} multiplies only with group elements, got "
            f"{type(other).__name__}"
        )

    def __pow__(self, k: int) -> GroupElement:
        """g^k for an integer k (negative: a power of the inverse), by repeated squaring:
        O(log |k|) multiplications."""
        k = integer(k, "the exponent k of g ** k")
        base = self if k >= 0 else self.inverse()
        result, e = self.group.identity, abs(k)
        while e:
            if e & 1:
                result = result * base
            e >>= 1
            if e:
                base = base * base
        return result

    @property
    def data(self) -> Any:
        """The element in its group's defining terms (image list, matrix, pair, angle)."""
        return self.group._data(self.key)

    def __repr__(self) -> str:
        return f"{self.group.name}[{self.group._format(self.key)}]"


class Group(Frozen):
    """The protocol every group implements, finite or compact.

    Subclasses define ``_mul``, ``_inv``, ``_identity_key``, ``_generator_keys``,
    ``_key_of`` (data to key, validating membership), ``_data``, ``natural`` and
    ``sample``. Everything else is derived here.
    """

    is_finite: bool = False

    @property
    @abstractmethod
    def name(self) -> str:
        """A short name such as ``"D4"`` or ``"SO(3)"``."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    @property
    def order(self) -> int | float:
        """The number of elements (``math.inf`` for a compact Lie group)."""
        return math.inf

    @property
    def identity(self) -> GroupElement:
        """The identity element."""
        return GroupElement(self, self._identity_key())

    @cached_property
    def generators(self) -> tuple[GroupElement, ...]:
        """The generators the group was defined by."""
        return tuple(GroupElement(self, k) for k in self._generator_keys())

    def element(self, x: Any) -> GroupElement:
        """Build an element from its defining data, or re-home an element of a subgroup.

        Raises
        ------
        GroupMismatchError
            If ``x`` is not an element of this group.
        """
        if isinstance(x, GroupElement):
            if x.group == self:
                return x
            try:
                return GroupElement(self, self._key_of(x.data))
            except _NOT_AN_ELEMENT:
                raise GroupMismatchError(
                    f"{x!r} is an element of {x.group.name}, not of {self.name}"
                ) from None
        return GroupElement(self, self._key_of(x))

    def __contains__(self, x: Any) -> bool:
        try:
            self.element(x)
        except _NOT_AN_ELEMENT:
            return False
        return True

    def key_of(self, g: Any) -> Any:
        """The key of ``g``, an element of this group (or data the group understands)."""
        return self.element(g).key

    def decomposition_unavailable(self, rep: Representation) -> str | None:
        """Why ``rep`` has no isotypic decomposition here, or ``None`` if it has one."""
        return f"{self.name} offers no isotypic decomposition"

    def _decompose(self, rep: Representation) -> Decomposition:
        """The isotypic decomposition of ``rep``; see :class:`Decomposition`."""
        raise BackendNotApplicableError(self.decomposition_unavailable(rep))

    def _decompose_exact(self, rep: Representation) -> Decomposition | None:
        """The decomposition of ``rep`` with ``Q_exact``, or ``None`` where none is known."""
        dec = rep.decompose()
        return dec if dec.Q_exact is not None else None

    def trivial(self) -> Representation:
        """The one-dimensional trivial representation."""
        from groupproj.reps.basic import TrivialRep

        return TrivialRep(self)

    def natural(self) -> Representation:
        """The defining representation."""
        raise UnknownNameError(f"{self.name} defines no natural representation")

    @abstractmethod
    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        """``n`` elements drawn independently from the uniform (Haar) distribution."""

    def is_subgroup_of(self, other: Group) -> bool:
        """Whether every generator of this group is an element of ``other`` (for a compact
        group: its topological generators, whose closure is the group)."""
        return all(g.data in other for g in self.generators)

    def lie_algebra(self, rep: Representation) -> np.ndarray:
        """The infinitesimal generators of ``rep``, shape ``(dim Lie(G), d, d)``."""
        raise NoLieAlgebraError(f"{self.name} does not describe a Lie algebra")

    # --- hooks for subclasses ---
    @abstractmethod
    def _mul(self, a: Any, b: Any) -> Any: ...

    @abstractmethod
    def _inv(self, a: Any) -> Any: ...

    @abstractmethod
    def _identity_key(self) -> Any: ...

    @abstractmethod
    def _generator_keys(self) -> tuple: ...

    @abstractmethod
    def _key_of(self, x: Any) -> Any: ...

    def _data(self, key: Any) -> Any:
        return key

    def _format(self, key: Any) -> str:
        return str(key)


@dataclass(frozen=True)
class ConjugacyClass:
    """A conjugacy class: a representative, its size, and its members' indices.

    ``indices`` are the members' positions in ``G.elements()``. A group classified without
    enumerating it (S_n by cycle types) finds them on first use, by enumerating; for a group
    too large to enumerate, asking for them raises :class:`GroupTooLargeError`, never a wrong
    or empty answer.
    """

    representative: GroupElement
    size: int
    _indices: tuple[int, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def indices(self) -> tuple[int, ...]:
        """The members' positions in ``G.elements()`` (enumerates the group if not yet done)."""
        if self._indices is not None:
            return self._indices
        return self.representative.group._class_members(self.representative)

    def __repr__(self) -> str:
        return f"ConjugacyClass({self.representative!r}, size={self.size})"


@dataclass(frozen=True)
class Enumeration:
    """All elements of a finite group, found by breadth-first search from the identity.

    ``keys[0]`` is the identity. ``parent[i]`` and ``parent_gen[i]`` give the
    spanning tree: ``keys[i] = keys[parent[i]] * generators[parent_gen[i]]``.
    ``right[i, j]`` is the index of ``keys[i] * generators[j]``.
    """

    keys: tuple
    index: dict
    parent: np.ndarray
    parent_gen: np.ndarray
    right: np.ndarray


def breadth_first_closure(
    identity, generators, mul, key, limit, too_large, item_bytes=ELEMENT_BYTES, what="a group"
):
    """Close ``{identity}`` under right multiplication by ``generators``.

    Items are compared through ``key(item)``. Returns the items in search order
    and an :class:`Enumeration` whose ``keys`` are their positions. Raises
    ``too_large(limit)`` when more than ``limit`` items appear, and
    :class:`SizeLimitError` before the items (``item_bytes`` each) outgrow the size limit.
    """
    affordable = min(limit, max_bytes() // max(int(item_bytes), 1))
    items = [identity]
    index = {key(identity): 0}
    parent, parent_gen, right = [-1], [-1], []
    queue = deque([0])
    while queue:
        i = queue.popleft()
        row = []
        for j, s in enumerate(generators):
            x = mul(items[i], s)
            k = key(x)
            t = index.get(k)
            if t is None:
                t = len(items)
                if t >= affordable:
                    if t >= limit:
                        raise too_large(limit)
                    check_bytes(
                        (t + 1) * item_bytes,
                        f"enumerating the elements of {what} (more than {t} so far)",
                        "work from the generators instead (orbits, the orbit projector)",
                    )
                index[k] = t
                items.append(x)
                parent.append(i)
                parent_gen.append(j)
                queue.append(t)
            row.append(t)
        right.append(row)
    n = len(items)
    enum = Enumeration(
        keys=tuple(range(n)),
        index=index,
        parent=np.array(parent),
        parent_gen=np.array(parent_gen),
        right=np.array(right, dtype=np.int64).reshape(n, len(generators)),
    )
    return items, enum


def check_label_arguments(name: Any, family: Any) -> None:
    """Refuse a display name that is not a string and a family tag that is not a tuple."""
    if name is not None and not isinstance(name, str):
        raise InvalidTypeError(f"name must be a string or None, got {name!r}")
    if not isinstance(family, tuple):
        raise InvalidTypeError(f"family must be a tuple tag, got {family!r}")


def _field(field: str) -> str:
    if not isinstance(field, str) or field not in ("real", "complex"):
        raise UnknownNameError(f"field must be 'real' or 'complex', got {field!r}")
    return field


class FiniteGroup(Group):
    """What every finite group shares: enumeration, Cayley table, classes, words.

    Enumeration is lazy and bounded by :data:`MAX_ENUMERATION`; operations that
    do not need it (order, membership, orbits for permutation groups) never
    trigger it.
    """

    is_finite = True

    @property
    def order(self) -> int:
        """|G|: from the family tag or the factors where known (no work), else by enumeration."""
        known = self._known_order()
        return known if known is not None else len(self._enumeration.keys)

    def _known_order(self) -> int | None:
        """|G| where it is known without enumerating the group, else ``None``."""
        return None

    def _element_bytes(self) -> int:
        """Estimated bytes of one stored element, for size checks before enumerating."""
        return ELEMENT_BYTES

    def _enumerate(self) -> Enumeration:
        """Breadth-first closure under right multiplication by the generators.

        Refused before any work when the order is known to exceed :data:`MAX_ENUMERATION`
        or the elements would outgrow the size limit.
        """
        known = self._known_order()
        if known is not None:
            if known > MAX_ENUMERATION:
                raise self._too_large(MAX_ENUMERATION)
            check_bytes(
                known * self._element_bytes(),
                f"the {known} elements of {self.name}",
                "work from the generators instead (orbits, the orbit projector)",
            )
        keys, enum = breadth_first_closure(
            self._identity_key(),
            self._generator_keys(),
            self._mul,
            lambda k: k,
            MAX_ENUMERATION,
            self._too_large,
            self._element_bytes(),
            self.name,
        )
        return Enumeration(
            keys=tuple(keys),
            index=enum.index,
            parent=enum.parent,
            parent_gen=enum.parent_gen,
            right=enum.right,
        )

    def _too_large(self, limit: int) -> GroupTooLargeError:
        known = self._known_order()
        size = f"{known} elements, more than" if known else "more elements than"
        return GroupTooLargeError(
            f"{self.name} has {size} the {limit} that groupproj enumerates; use an operation "
            "that works from the generators (orbits, the orbit projector, order, membership)"
        )

    @cached_property
    def _enumeration(self) -> Enumeration:
        return self._enumerate()

    def elements(self) -> tuple[GroupElement, ...]:
        """Every element, identity first, in breadth-first order from the generators.

        Costs O(|G|·|S|) group multiplications once; raises
        :class:`GroupTooLargeError` above :data:`MAX_ENUMERATION` elements.
        """
        return tuple(GroupElement(self, k) for k in self._enumeration.keys)

    def index(self, g: Any) -> int:
        """The position of ``g`` in :meth:`elements`."""
        return self._enumeration.index[self.key_of(g)]

    @cached_property
    def cayley_table(self) -> tuple[np.ndarray, np.ndarray]:
        """``(mult, inv)``: ``mult[a, b]`` is the index of a·b, ``inv[a]`` that of a⁻¹.

        Built column by column along the search tree, ``mult[:, b] =
        right[mult[:, parent(b)], gen(b)]``: O(|G|²) integer work, O(|G|²) memory, checked
        against the size limit (from the order, before enumerating) first.
        """
        n = self.order
        check_bytes(
            n * n * 8,
            f"the Cayley table of {self.name} ({n}² int64 entries)",
            "use operations that work from the generators (orbits, the orbit projector, "
            "membership) or a smaller group",
        )
        e = self._enumeration
        mult = np.empty((n, n), dtype=np.int64)
        mult[:, 0] = np.arange(n)
        for b in range(1, n):
            mult[:, b] = e.right[mult[:, e.parent[b]], e.parent_gen[b]]
        inv = np.argmin(mult, axis=1)  # the identity has index 0
        for arr in (mult, inv):
            arr.setflags(write=False)
        return mult, inv

    def word(self, g: Any) -> list[tuple[int, int]]:
        """A word for ``g`` in the generators.

        Returns pairs ``(j, e)`` with ``e = ±1`` such that
        ``g = s_{j1}^{e1} * s_{j2}^{e2} * ...``.
        """
        e = self._enumeration
        i = self.index(g)
        word = []
        while i > 0:
            word.append((int(e.parent_gen[i]), 1))
            i = int(e.parent[i])
        return word[::-1]

    def transversals(self) -> list[list[Any]]:
        """Keys of subsets U_0, …, U_k with G = U_0·U_1·…·U_k, each element uniquely.

        The group average then factorises into averages over each U_i
        (the factored Reynolds operator), at cost Σ|U_i| instead of |G|.
        The default is the single factor G.
        """
        return [list(self._enumeration.keys)]

    @cached_property
    def _classes(self) -> tuple[ConjugacyClass, ...]:
        from groupproj.finite.classes import conjugacy_classes

        mult, inv = self.cayley_table
        e = self._enumeration
        gens = [e.index[k] for k in self._generator_keys()]
        return tuple(
            ConjugacyClass(GroupElement(self, e.keys[c[0]]), len(c), c)
            for c in conjugacy_classes(mult, inv, gens)
        )

    def conjugacy_classes(self) -> tuple[ConjugacyClass, ...]:
        """The conjugacy classes: the identity's first, then by element order, size and index.

        The order of :func:`groupproj.finite.conjugacy_classes`, which is also the column
        order of :meth:`character_table`; the representative is the smallest element index.
        S_n is the exception: its classes are its cycle types, in the order of
        :func:`groupproj.finite.symmetric.class_types`, found without enumerating it.
        """
        return self._classes

    def _class_members(self, representative: GroupElement) -> tuple[int, ...]:
        """The indices of the class of ``representative`` (groups that classify lazily)."""
        raise GroupTooLargeError(f"the classes of {self.name} carry no element indices")

    @cached_property
    def _dixon_table(self) -> CharacterTable:
        """The character table by Dixon's method, in its own row order (degree first)."""
        from groupproj.finite.character_table import character_table

        mult, inv = self.cayley_table
        e = self._enumeration
        return character_table(mult, inv, [e.index[k] for k in self._generator_keys()])

    @cached_property
    def _character_table(self) -> CharacterTable:
        return self._irrep_family.table()

    def character_table(self) -> CharacterTable:
        """The exact character table: row ``i`` is the character of ``G.irreps("complex")[i]``.

        Columns follow :meth:`conjugacy_classes`; each row is labelled by its irrep's symbol
        (see :meth:`irrep`), with its Frobenius-Schur indicator; see
        :class:`groupproj.finite.CharacterTable`. For a group whose irreps are all of real type
        (S_n, D_n, most point groups) ``G.irreps()`` (over the reals) lists the same irreps in
        the same order; otherwise a real irrep's :attr:`~groupproj.reps.irrep.Irrep.index` is
        the row of its first complex constituent. S_n's table comes from the
        Murnaghan-Nakayama rule without enumerating the group
        (:func:`groupproj.finite.symmetric.symmetric_character_table`); every other group's
        from its Cayley table by Dixon's method: O(|G|²) memory, computed once.

        Examples
        --------
        >>> import groupproj as gp
        >>> t = gp.symmetric(3).character_table()
        >>> t.labels, t.degrees
        (('1', '(2,1)', '(1,1,1)'), (1, 2, 1))
        """
        return self._character_table

    @cached_property
    def _irrep_family(self) -> IrrepFamily:
        from groupproj.reps.irrep_families import family_of

        return family_of(self)

    def irreps(self, field: str = "real") -> tuple[Irrep, ...]:
        """All irreducible representations over ``field`` ("real" or "complex").

        Complex irreps are unitary: ``irreps("complex")[i]`` has the character of row ``i`` of
        :meth:`character_table` (``irrep.index == i``). Real irreps are orthogonal: a real-type
        irrep as it is, a complex-type pair (chi, conj chi) as one realification of twice the
        dimension, a quaternionic-type irrep realified (twice the dimension); their
        endomorphism algebras have dimension 1, 2 and 4. Each is named by its label
        (:meth:`irrep`).

        Named families (cyclic, dihedral, quaternion, symmetric and direct products of
        them) have closed forms, exact (``irrep.is_exact``) and, for S_n, built without
        enumerating the group. Any other group of order up to 256 (the point groups among
        them) gets exact irreps from its character table
        (:func:`groupproj.finite.exact_irreps`); a larger one floating-point irreps, by
        splitting the regular representation.

        Examples
        --------
        >>> import groupproj as gp
        >>> [r.dim for r in gp.cyclic(5).irreps("real")]
        [1, 2, 2]
        >>> [r.dim for r in gp.cyclic(5).irreps("complex")]
        [1, 1, 1, 1, 1]
        """
        from groupproj.reps.irrep import Irrep

        fam = self._irrep_family
        labels = fam.labels if _field(field) == "complex" else fam.real_labels
        return tuple(Irrep(self, label, field) for label in labels)

    def irrep(self, label: Any, field: str = "real") -> Irrep:
        """The irreducible representation named by ``label``, over ``field``.

        ``label`` is the irrep's family label (``rho.label``: a partition for S_n, a Mulliken
        name for a point group, ...; see :mod:`groupproj.reps.irrep_families`), its symbol as
        printed in the character table (``"(3,1)"``, ``"A1g"``, ``"3'"``), or an integer: the
        row of :meth:`character_table`. Over the reals, the label of either member of a
        complex pair names the pair's real irrep. ``G.irrep(rho.label, rho.field) == rho``
        for every ``rho`` in ``G.irreps(field)``.

        Raises
        ------
        UnknownNameError
            If no irrep has this label, naming the labels that exist.

        Examples
        --------
        >>> import groupproj as gp
        >>> S4 = gp.symmetric(4)
        >>> S4.irrep((3, 1)) == S4.irrep("(3,1)") == S4.irrep(1) == S4.irreps()[1]
        True
        """
        from groupproj.reps.irrep import Irrep

        fam = self._irrep_family
        lab = fam.resolve(label, _field(field))
        return Irrep(self, fam.real_label(lab) if field == "real" else lab, field)

    def decomposition_unavailable(self, rep: Representation) -> str | None:
        from groupproj.reps.decompose import decomposition_unavailable

        return decomposition_unavailable(rep)

    def _decompose(self, rep: Representation) -> Decomposition:
        from groupproj.reps.decompose import decompose

        return decompose(rep)

    def _decompose_exact(self, rep: Representation) -> Decomposition | None:
        from groupproj.reps.decompose import decompose_exact

        return decompose_exact(rep)

    def lie_algebra(self, rep: Representation) -> np.ndarray:
        """A finite group's Lie algebra is zero: shape ``(0, d, d)``."""
        return np.zeros((0, rep.dim, rep.dim))

    def action(self, points: Any, act: Any, name: str | None = None) -> Representation:
        """The permutation representation of the action ``g · x = act(g, x)`` on ``points``.

        See :func:`groupproj.reps.action.action`; ``act`` is called while building, not kept.
        """
        from groupproj.reps.action import action

        return action(self, points, act, name)

    def coset_action(self, subgroup: FiniteGroup) -> Representation:
        """The permutation representation on the left cosets ``gH`` of ``subgroup``.

        See :func:`groupproj.reps.action.coset_action`; equivalent to
        ``subgroup.trivial().induce(self)``.
        """
        from groupproj.reps.action import coset_action

        return coset_action(self, subgroup)

    def regular(self) -> Representation:
        """The left regular representation on R[G]: rho(g) e_h = e_{gh}."""
        from groupproj.reps.basic import RegularRep

        return RegularRep(self)

    def sample(self, n: int, seed: int | None = None) -> list[GroupElement]:
        """``n`` uniformly random elements, each a product of one random coset
        representative per level of :meth:`transversals`."""
        n, rng = sample_arguments(n, seed, self._element_bytes())
        factors = self.transversals()
        out = []
        for _ in range(n):
            key = self._identity_key()
            for level in factors:
                key = self._mul(key, level[rng.integers(len(level))])
            out.append(GroupElement(self, key))
        return out
