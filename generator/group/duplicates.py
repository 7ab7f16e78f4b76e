"""Near-duplicates: reposts and syndicated copies of one story, found by shared word shingles.

Each article carries a fingerprint: one in four of its five-word shingles, sampled by hash
(computed and cached per article). Articles are compared only when they share sampled
shingles (an inverted index, not all pairs); a pair whose smaller sample is mostly inside the
other is the same story. Each group gets one canonical article — the earliest dated, then
the longest — and the others are its copies.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from datetime import datetime

from ..model import Article

MIN_SHARED_SAMPLES = 3
CONTAINMENT = 0.6
MAX_HOLDERS = 50  # a shingle in more articles than this is boilerplate, not a copy


def near_duplicates(articles: list[Article]) -> dict[str, str]:
    """Map every copy's content file to its canonical article's content file."""
    sets = {a.source_file: frozenset(array("I", a.fingerprint)) for a in articles}
    index: dict[int, list[str]] = defaultdict(list)
    for source in sorted(sets):
        for h in sets[source]:
            index[h].append(source)
    shared_by = {h: holders for h, holders in index.items() if 1 < len(holders) <= MAX_HOLDERS}
    parent = {source: source for source in sets}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a in sorted(sets):
        shared: Counter[str] = Counter()
        for h in sets[a] & shared_by.keys():
            shared.update(shared_by[h])
        for b, n in shared.items():
            if n < MIN_SHARED_SAMPLES or b <= a or root(a) == root(b):
                continue
            if n / min(len(sets[a]), len(sets[b])) >= CONTAINMENT:
                parent[root(a)] = root(b)
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[root(article.source_file)].append(article)
    canonical_of: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            first = min(members, key=lambda a: (a.date or datetime.max, -a.word_count, a.source_file))
            for article in members:
                if article is not first:
                    canonical_of[article.source_file] = first.source_file
    return canonical_of
