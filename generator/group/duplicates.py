"""Near-duplicates: reposts and syndicated copies of one story, found by shared word shingles.

Articles are compared only when they share sampled shingles (an inverted index, not all
pairs); a pair whose shorter text is mostly inside the longer one is the same story. Each
group gets one canonical article — the earliest dated, then the longest — and the others are
its copies.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import datetime

from ..model import Article
from ..tags import tokens

SHINGLE = 5
SAMPLE = 4  # index one shingle in four (by hash), enough to meet every real copy
MIN_SHARED_SAMPLES = 3
CONTAINMENT = 0.6


def shingles(article: Article) -> set[int]:
    """Hashes of the article's overlapping five-word runs."""
    words = tokens(article.text)
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(max(0, len(words) - SHINGLE + 1))}


def near_duplicates(articles: list[Article]) -> dict[str, str]:
    """Map every copy's content file to its canonical article's content file."""
    sets = {a.source_file: shingles(a) for a in articles}
    index: dict[int, list[str]] = defaultdict(list)
    for source, hashes in sets.items():
        for h in hashes:
            if h % SAMPLE == 0:
                index[h].append(source)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for holders in index.values():
        if len(holders) > 1 and len(holders) <= 50:  # a shingle in many articles is boilerplate, not a copy
            for i, a in enumerate(holders):
                for b in holders[i + 1:]:
                    shared[(min(a, b), max(a, b))] += 1
    parent = {a.source_file: a.source_file for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), n in shared.items():
        small = min(len(sets[a]), len(sets[b]))
        if n >= MIN_SHARED_SAMPLES and small and len(sets[a] & sets[b]) / small >= CONTAINMENT:
            parent[root(a)] = root(b)
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        groups[root(a.source_file)].append(a)
    canonical_of: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            first = min(members, key=lambda a: (a.date or datetime.max, -a.word_count, a.source_file))
            for a in members:
                if a is not first:
                    canonical_of[a.source_file] = first.source_file
    return canonical_of
