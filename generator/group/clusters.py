"""Clusters of similar articles: spherical k-means on the TF-IDF matrix.

Seeds are chosen farthest-first (deterministic); each round assigns every article to its
nearest centre (and to a second one when it is nearly as close), then moves each centre to
the mean of its articles, kept to its weightiest terms. The work is a few sparse-dense
products per round: linear in the number of articles.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .related import Vectors

ROUNDS = 6
JOIN_SIMILARITY = 0.1
SECOND_HUB_SHARE = 0.9
CENTRE_TERMS = 300
SEED_SAMPLE = 200


def clusters(vectors: Vectors, k: int, min_size: int) -> list[tuple[str, ...]]:
    """Up to ``k`` groups of content files (each sorted); articles close to no centre join none."""
    matrix = vectors.matrix
    n = matrix.shape[0]
    k = min(k, n // max(1, min_size))
    if k <= 0:
        return []
    centres = _seeds(matrix, k)
    groups: list[list[int]] = [[] for _ in range(k)]
    for _round in range(ROUNDS):
        sims = np.asarray(matrix @ centres.T)
        order = np.argsort(-sims, axis=1, kind="stable")
        best = order[:, 0]
        best_sim = sims[np.arange(n), best]
        groups = [[] for _ in range(k)]
        primary: list[list[int]] = [[] for _ in range(k)]
        for row in range(n):
            if best_sim[row] < JOIN_SIMILARITY:
                continue
            groups[best[row]].append(row)
            primary[best[row]].append(row)
            if k > 1:
                second = order[row, 1]
                if sims[row, second] >= SECOND_HUB_SHARE * best_sim[row]:
                    groups[second].append(row)
        centres = np.vstack([centre(matrix, rows) if rows else centres[i] for i, rows in enumerate(primary)])
    return [tuple(sorted(vectors.sources[r] for r in rows)) for rows in groups if rows]


def _seeds(matrix: sparse.csr_matrix, k: int) -> np.ndarray:
    """Farthest-first seeds: the most central article, then repeatedly the one least like any seed."""
    sample = matrix[:SEED_SAMPLE]
    first = int(np.argmax(np.asarray((matrix @ sample.T).sum(axis=1)).ravel()))
    chosen = [first]
    closest = np.asarray((matrix @ matrix[first].T).todense()).ravel()
    while len(chosen) < k:
        nxt = int(np.argmin(closest))
        chosen.append(nxt)
        closest = np.maximum(closest, np.asarray((matrix @ matrix[nxt].T).todense()).ravel())
    return np.vstack([centre(matrix, [r]) for r in chosen])


def centre(matrix: sparse.csr_matrix, rows: list[int]) -> np.ndarray:
    """The unit-length mean of ``rows``, kept to its weightiest terms (a dense row)."""
    total = np.asarray(matrix[rows].sum(axis=0)).ravel()
    if total.size > CENTRE_TERMS:
        cut = np.partition(total, -CENTRE_TERMS)[-CENTRE_TERMS]
        total = np.where(total >= cut, total, 0.0)
    norm = np.linalg.norm(total)
    return total / norm if norm else total


def cohesion(vectors: Vectors, members: tuple[str, ...]) -> float:
    """Mean similarity of ``members`` to their centre: how much they are about one thing."""
    rows = [vectors.row[m] for m in members]
    c = centre(vectors.matrix, rows)
    return float(np.asarray(vectors.matrix[rows] @ c).mean())
