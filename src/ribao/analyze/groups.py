"""Grouping items by a relation, once for every stage that needs it (reprints, stories)."""
from __future__ import annotations

from typing import Callable, Iterable

from scipy.cluster.hierarchy import DisjointSet


def join(n: int, pairs: Iterable[tuple[int, int]], related: Callable[[int, int], bool] | None = None
         ) -> list[list[int]]:
    """Indices 0..n-1 grouped by the transitive closure of the related pairs, each group sorted,
    groups in order of their first member. A pair already in one group is not tested again."""
    sets = DisjointSet(range(n))
    for i, j in pairs:
        if not sets.connected(i, j) and (related is None or related(i, j)):
            sets.merge(i, j)
    return sorted((sorted(g) for g in sets.subsets()), key=lambda g: g[0])
