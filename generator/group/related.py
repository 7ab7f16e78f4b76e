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
    bounds = np.searchsorted(rows, np.arange(n + 1))
    related: dict[str, tuple[str, ...]] = {}
    for r, source in enumerate(vectors.sources):
        near, value = others[bounds[r]:bounds[r + 1]], sims[bounds[r]:bounds[r + 1]]
        close = [vectors.sources[i] for i in near[value >= MIN_SIMILARITY][:count]]
        if len(close) < MIN_RELATED:
            weak = near[(value > 0) & (value < MIN_SIMILARITY)]
            close += [vectors.sources[i] for i in weak[: MIN_RELATED - len(close)]]
        related[source] = tuple(close)
    return related
