"""Related articles: each article's nearest others by TF-IDF cosine.

Articles are compared only when blocking makes them candidates (:func:`candidate_pairs`: they
share one of their weightiest terms, and each keeps its ``CANDIDATES`` best overlaps), so the
work follows the overlap between articles rather than the square of the corpus.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .vectors import (
    CANDIDATES,
    TOP_TERMS,
    Vectors,
    candidate_pairs,
    pair_dots,
    top_terms,
)

MIN_SIMILARITY = 0.05
MIN_RELATED = 3


def build_related(count: int, vectors: Vectors) -> dict[str, tuple[str, ...]]:
    """For each article, up to ``count`` most similar others: those above a minimum similarity,
    topped up to three with the nearest others that share anything. Ties go to the content
    file that sorts first."""
    matrix = vectors.matrix
    n = len(vectors.sources)
    shared = (matrix > 0).sum(axis=0) > 1  # a term of one article connects it to nothing
    top = top_terms(sparse.csr_matrix(matrix.multiply(np.asarray(shared))), TOP_TERMS)
    low, high = candidate_pairs(top, CANDIDATES)
    sims = pair_dots(matrix, low, high)
    by_name = np.empty(n, dtype=np.int64)
    by_name[sorted(range(n), key=vectors.sources.__getitem__)] = np.arange(n)
    rows, others, sims = np.concatenate([low, high]), np.concatenate([high, low]), np.concatenate([sims, sims])
    order = np.lexsort((by_name[others], -sims, rows))
    rows, others, sims = rows[order], others[order], sims[order]
    # Each row's others, nearest first: those at the minimum similarity or above, then the
    # weaker ones that share anything. A row lists its first ``count`` strong ones and, short of
    # three, the first weak ones after them.
    start = np.searchsorted(rows, np.arange(n))
    strong = np.bincount(rows[sims >= MIN_SIMILARITY], minlength=n)
    weak = np.bincount(rows[(sims > 0) & (sims < MIN_SIMILARITY)], minlength=n)
    close = np.clip(count if count >= 0 else strong + count, 0, strong)  # as a slice [:count] keeps
    extra = np.minimum(weak, np.maximum(0, MIN_RELATED - close))
    place = np.arange(rows.size) - start[rows]
    listed = (place < close[rows]) | ((place >= strong[rows]) & (place < (strong + extra)[rows]))
    names = np.array(vectors.sources, dtype=object)[others[listed]].tolist()
    related: dict[str, tuple[str, ...]] = {}
    at = 0
    for source, size in zip(vectors.sources, (close + extra).tolist(), strict=True):
        related[source] = tuple(names[at:at + size])
        at += size
    return related
