"""Related articles: each article's nearest others by the cosine of their term vectors.

The vectors are those topic hubs compare (log term frequency times the term's rarity in
general use, :func:`generator.group.pairs.story_matrices`), and so are the pairs: articles are
compared only when blocking makes them candidates (they share one of their weightiest terms,
and each keeps its ``CANDIDATES`` best overlaps), so the work follows the overlap between
articles rather than the square of the corpus. No weight depends on the rest of the corpus, so
an article added or removed changes the related articles only of those it is or was close to.
"""

from __future__ import annotations

import numpy as np

from .pairs import Pairs
from .vectors import Vectors

MIN_SIMILARITY = 0.05
MIN_RELATED = 3


def build_related(count: int, vectors: Vectors, pairs: Pairs) -> dict[str, tuple[str, ...]]:
    """For each article of ``vectors``, up to ``count`` most similar others among its compared
    ``pairs`` (by their whole similarity): those above a minimum similarity, topped up to three
    with the nearest others that share anything. Ties go to the content file that sorts first."""
    sources = vectors.sources
    n = len(sources)
    low, high = pairs.low, pairs.high
    sims = pairs.whole
    by_name = np.empty(n, dtype=np.int64)
    by_name[sorted(range(n), key=sources.__getitem__)] = np.arange(n)
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
    names = np.array(sources, dtype=object)[others[listed]].tolist()
    related: dict[str, tuple[str, ...]] = {}
    at = 0
    for source, size in zip(sources, (close + extra).tolist(), strict=True):
        related[source] = tuple(names[at:at + size])
        at += size
    return related
