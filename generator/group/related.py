"""Related articles: the most similar others by TF-IDF cosine over content words."""

from __future__ import annotations

import math
from collections import Counter

from ..model import Article
from ..tags import tokens
from ..text import STOPWORDS, stem

MIN_SIMILARITY = 0.05
MIN_RELATED = 3


Vector = dict[str, float]


def tfidf_vectors(articles: list[Article]) -> dict[str, Vector]:
    """Unit-length TF-IDF vectors over each article's content-word stems, by content file."""
    bags = {a.source_file: Counter(stem(t) for t in tokens(a.title + " " + a.text) if t not in STOPWORDS and len(t) > 2)
            for a in articles}
    df = Counter(t for bag in bags.values() for t in bag)
    n = len(articles)
    vectors: dict[str, Vector] = {}
    for source, bag in bags.items():
        vec = {t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t])) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[source] = {t: v / norm for t, v in vec.items() if v > 0}
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two sparse vectors (their cosine when both have unit length)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def build_related(articles: list[Article], count: int, vectors: dict[str, Vector]) -> dict[str, tuple[str, ...]]:
    """For each article, up to ``count`` most similar others (above a minimum similarity)."""
    related: dict[str, tuple[str, ...]] = {}
    for source, vec in vectors.items():
        scores = sorted((-cosine(vec, other_vec), other) for other, other_vec in vectors.items() if other != source)
        close = [o for s, o in scores if -s >= MIN_SIMILARITY][:count]
        if len(close) < MIN_RELATED:  # a short list is topped up with the nearest others that share anything
            close += [o for s, o in scores if 0 < -s < MIN_SIMILARITY][: MIN_RELATED - len(close)]
        related[source] = tuple(close)
    return related
