"""Average-linkage clustering of a similarity graph, stopped at a similarity.

Average linkage merges, again and again, the two clusters whose articles are on average the most
alike, and stops when no two clusters are on average at least ``threshold`` alike. Pairs that
were never compared count as similarity 0, so two clusters with no compared pair between them
are never merged, and every average is a sum over the compared pairs divided by the product of
the sizes. Kept as sums per pair of neighbouring clusters, the whole run costs time and memory in
proportion to the compared pairs, not to the square of the articles: a corpus on one subject,
where thousands of articles connect, is clustered without a matrix of every pair. The merges are
those of the dense algorithm (:func:`scipy.cluster.hierarchy.linkage` with ``"average"``, cut at
``1 - threshold``), which average linkage's monotone merge heights make equal to stopping at the
threshold; the dense one, in compiled code, is faster up to ``DENSE_ROWS`` rows and is used there.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
from scipy import sparse

DENSE_ROWS = 2_000  # up to this many rows a dense matrix (32 MB) is clustered in compiled code


def average_linkage(similarity: sparse.csr_matrix, threshold: float) -> list[np.ndarray]:
    """The row groups (two or more rows each, ascending) that average linkage forms over the
    symmetric ``similarity`` matrix (zero diagonal) before the best average falls below ``threshold``."""
    if similarity.shape[0] <= DENSE_ROWS:
        return dense_average_linkage(similarity.toarray(), threshold)
    return sparse_average_linkage(similarity, threshold)


def dense_average_linkage(block: np.ndarray, threshold: float) -> list[np.ndarray]:
    """:func:`average_linkage` of a dense similarity block, by SciPy."""
    if block.shape[0] < 2:
        return []
    if block.shape[0] == 2:
        return [np.arange(2)] if block[0, 1] >= threshold else []
    # SciPy's clustering is loaded here, on first use: a fifth of a second that a rebuild, whose
    # stories start from those it knows (sparse_average_linkage), seldom needs.
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - block, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), "average"), 1.0 - threshold, "distance")
    groups = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    return [g for g in groups if g.size >= 2]


Clusters = tuple[list[dict[int, float]], list[int], list[list[int]], list[tuple[float, int, int]]]


def _clusters(similarity: sparse.csr_matrix, threshold: float, start: Sequence[Sequence[int]]) -> Clusters:
    """The starting clusters (those of ``start``, every other row alone; a cluster is numbered by
    its first row): each one's summed similarity to its neighbours, its size and rows, and the
    heap of neighbouring pairs whose average reaches ``threshold``."""
    n = similarity.shape[0]
    cluster = np.arange(n)
    members: list[list[int]] = [[i] for i in range(n)]
    for group in start:
        rows = sorted(group)
        cluster[rows] = rows[0]
        members[rows[0]] = rows
        for r in rows[1:]:
            members[r] = []
    size = [len(m) for m in members]
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    coo = sparse.triu(similarity, k=1).tocoo()
    for i, j, s in zip(cluster[coo.row].tolist(), cluster[coo.col].tolist(), coo.data.tolist(), strict=True):
        if s > 0 and i != j:
            neighbours[i][j] = neighbours[j][i] = neighbours[i].get(j, 0.0) + s
    heap = [(-total / (size[i] * size[j]), i, j) for i in range(n) for j, total in neighbours[i].items()
            if i < j and total / (size[i] * size[j]) >= threshold]  # only such a pair can merge; the rest count in sums
    heapq.heapify(heap)
    return neighbours, size, members, heap


def sparse_average_linkage(similarity: sparse.csr_matrix, threshold: float,
                           start: Sequence[Sequence[int]] = ()) -> list[np.ndarray]:
    """:func:`average_linkage` over the compared pairs only, with sums per pair of neighbouring
    clusters; begun from the clusters ``start`` (disjoint rows; every other row alone) when given."""
    neighbours, size, members, heap = _clusters(similarity, threshold, start)
    alive = [bool(m) for m in members]
    while heap:
        negative, a, b = heapq.heappop(heap)
        if -negative < threshold:
            break
        if not (alive[a] and alive[b]) or neighbours[a].get(b, 0.0) / (size[a] * size[b]) != -negative:
            continue  # a cluster merged since this entry was pushed: its fresh entry is in the heap
        merged = len(size)
        sums: dict[int, float] = {}
        for other in (a, b):
            for d, s in neighbours[other].items():
                if d not in (a, b):
                    sums[d] = sums.get(d, 0.0) + s
                    del neighbours[d][other]
        size.append(size[a] + size[b])
        members.append(members[a] + members[b])
        alive += [True]
        alive[a] = alive[b] = False
        neighbours.append(sums)
        for d, s in sums.items():
            neighbours[d][merged] = s
            average = s / (size[merged] * size[d])
            if average >= threshold:
                heapq.heappush(heap, (-average, d, merged))
        neighbours[a], neighbours[b], members[a], members[b] = {}, {}, [], []
    return [np.array(sorted(group)) for group, live in zip(members, alive, strict=True) if live and len(group) >= 2]
