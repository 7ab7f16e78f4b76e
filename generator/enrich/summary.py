"""Extractive summary: the most central sentences (TextRank over word overlap), in article order."""

from __future__ import annotations

import math
import re

from ..text import content_words, split_sentences

MIN_WORDS, MAX_WORDS = 6, 60
MAX_SENTENCES = 300
PROPER_END = re.compile(r"[.!?][\"”’')\]]*$")


def summarise(text: str, count: int) -> tuple[str, ...]:
    """Pick ``count`` whole sentences that best represent ``text``, in the order they appear."""
    sentences = [s for s in split_sentences(text) if MIN_WORDS <= len(s.split()) <= MAX_WORDS and PROPER_END.search(s)]
    sentences = sentences[:MAX_SENTENCES]  # TextRank is quadratic: a book-length file is summarised from its start
    if len(sentences) <= count:
        return tuple(sentences)
    scores = textrank([set(content_words(s)) for s in sentences])
    best = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))[:count]
    return tuple(sentences[i] for i in sorted(best))


def textrank(bags: list[set[str]], damping: float = 0.85, rounds: int = 50) -> list[float]:
    """PageRank over a graph whose edge weights are normalised word overlaps between sentences."""
    n = len(bags)
    weights = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if len(bags[i]) > 1 and len(bags[j]) > 1:
                overlap = len(bags[i] & bags[j]) / (math.log(len(bags[i])) + math.log(len(bags[j])))
                weights[i][j] = weights[j][i] = overlap
    totals = [sum(row) or 1.0 for row in weights]
    score = [1.0 / n] * n
    for _ in range(rounds):
        score = [(1 - damping) / n + damping * sum(weights[j][i] / totals[j] * score[j] for j in range(n)) for i in range(n)]
    return score
