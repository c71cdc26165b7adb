"""Automorphism groups of networkx graphs."""

from __future__ import annotations

import networkx as nx
from networkx.algorithms import isomorphism

from groupproj.errors import InvalidTypeError, InvalidValueError
from groupproj.groups.permutation import PermutationGroup


def _orbit(point: int, gens: list[tuple[int, ...]]) -> set[int]:
    orbit, frontier = {point}, [point]
    while frontier:
        x = frontier.pop()
        for g in gens:
            y = g[x]
            if y not in orbit:
                orbit.add(y)
                frontier.append(y)
    return orbit


def automorphism_group(graph: nx.Graph) -> PermutationGroup:
    """The automorphism group of a graph, as a permutation group on its nodes.

    Node i of the group is the i-th node of ``graph.nodes``. Node and edge
    attributes are ignored; directed graphs keep their edge directions.

    The generators form a strong generating set found level by level along the
    base (node 0, node 1, …): for each node v outside the orbit found so far,
    one automorphism fixing the earlier base nodes and mapping the base node
    to v is searched for with VF2. At most n² searches, each for a single
    isomorphism; the group itself is never enumerated.

    Examples
    --------
    >>> import networkx as nx, groupproj as gp
    >>> gp.automorphism_group(nx.cycle_graph(5)).order
    10
    """
    if not isinstance(graph, nx.Graph):
        raise InvalidTypeError(f"automorphism_group takes a networkx graph, got {graph!r}")
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        raise InvalidValueError("the graph has no nodes, so no points for its group to permute")
    pos = {v: i for i, v in enumerate(nodes)}
    H = nx.relabel_nodes(graph, pos, copy=True)
    matcher_cls = isomorphism.DiGraphMatcher if H.is_directed() else isomorphism.GraphMatcher
    gens: list[tuple[int, ...]] = []
    for level in reversed(range(n)):
        fixed = range(level)
        orbit = _orbit(level, gens)
        for v in range(level + 1, n):
            if v in orbit:
                continue
            G1, G2 = H.copy(), H.copy()
            for i in fixed:
                G1.nodes[i]["_tag"] = G2.nodes[i]["_tag"] = i
            G1.nodes[level]["_tag"] = G2.nodes[v]["_tag"] = -1
            matcher = matcher_cls(G1, G2, node_match=lambda a, b: a.get("_tag") == b.get("_tag"))
            for mapping in matcher.isomorphisms_iter():
                g = tuple(mapping[i] for i in range(n))
                gens.append(g)
                orbit = _orbit(level, gens)
                break
    return PermutationGroup(gens, degree=n, name=f"Aut(graph on {n} nodes)")
