"""Near-duplicates: reposts and syndicated copies of one story, found by shared word shingles.

Each article carries a fingerprint: one in four of its five-word shingles, sampled by hash
(computed and cached per article). Articles are compared only when they share sampled
shingles (a sparse product over the samples held by at most ``MAX_HOLDERS`` articles, not all
pairs); a pair whose smaller sample is mostly inside the other is the same story. Each group
gets one canonical article — the earliest dated, then the longest — and the others are its
copies.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..model import Article
from .vectors import sorted_unique

MIN_SHARED_SAMPLES = 3
CONTAINMENT = 0.6
MAX_HOLDERS = 50  # a shingle in more articles than this is boilerplate, not a copy


def near_duplicates(articles: list[Article]) -> dict[str, str]:
    """Map every copy's content file to its canonical article's content file."""
    prints = [a.signals.fingerprint for a in articles]
    held_by = np.repeat(np.arange(len(articles), dtype=np.int64), [len(p) // 4 for p in prints])
    # Each article's distinct samples, by one sort of (article, sample) codes.
    codes = sorted_unique((held_by << 32) | np.frombuffer(b"".join(prints), dtype=np.uint32))
    docs, hashes = codes >> 32, (codes & 0xFFFFFFFF).astype(np.uint32)
    sizes = np.bincount(docs, minlength=len(articles))
    values, column, holders = np.unique(hashes, return_inverse=True, return_counts=True)
    useful = (holders[column] > 1) & (holders[column] <= MAX_HOLDERS)
    held = sparse.csr_matrix((np.ones(int(useful.sum())), (docs[useful], column[useful])),
                             shape=(len(articles), max(1, values.size)))
    shared = sparse.triu(held @ held.T, k=1).tocoo()  # samples each pair shares
    smaller = np.minimum(sizes[shared.row], sizes[shared.col])
    copies = (shared.data >= MIN_SHARED_SAMPLES) & (shared.data >= CONTAINMENT * smaller)
    graph = sparse.csr_matrix((np.ones(int(copies.sum())), (shared.row[copies], shared.col[copies])),
                              shape=(len(articles), len(articles)))
    _count, label = connected_components(graph, directed=False)
    groups: dict[int, list[Article]] = defaultdict(list)
    for article, group in zip(articles, label, strict=True):
        groups[int(group)].append(article)
    canonical_of: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            first = min(members, key=lambda a: (a.date or datetime.max, -a.word_count, a.source_file))
            for article in members:
                if article is not first:
                    canonical_of[article.source_file] = first.source_file
    return canonical_of
