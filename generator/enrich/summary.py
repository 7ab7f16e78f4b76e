"""Extractive summary: the most central sentences (TextRank over word overlap), in article order.

A quotation that runs over several sentences is one unit, used whole or not at all, so a summary
never opens a quote it does not close. A summary never opens with a sentence that refers back to
one before it ("But the organisers say …", "It is the nineteenth month …": see
:func:`generator.enrich.brief_sentences.refers_back`) unless the article itself does: the next most
central sentence takes its place."""

from __future__ import annotations

import re

import numpy as np

from ..scripts import CJK_CLOSE, CJK_STOP, OTHER_STOPS, word_count
from ..text import content_words, whole_quotes
from .brief_sentences import refers_back

MIN_WORDS, MAX_WORDS = 6, 60
MAX_SENTENCES = 300
PROPER_END = re.compile(f"[.!?{CJK_STOP}{OTHER_STOPS}][\"”’')\\]{CJK_CLOSE}]*$")


def summarise(text: str, count: int, paragraphs: list[list[str]] | None = None, language: str = "en") -> tuple[str, ...]:
    """Pick ``count`` whole sentences that best represent ``text``, in the order they appear, the
    first not one that refers back (English word lists). ``paragraphs`` are the sentences of each
    of its lines (:func:`generator.text.paragraph_sentences`) when the caller has them."""
    lines = text.split("\n")
    split = [None] * len(lines) if paragraphs is None else paragraphs
    units = [u for line, sentences in zip(lines, split, strict=True) for u in whole_quotes(line, sentences)]
    sentences = [s for s in units if MIN_WORDS <= word_count(s) <= MAX_WORDS and PROPER_END.search(s)]
    sentences = sentences[:MAX_SENTENCES]  # TextRank is quadratic: a book-length file is summarised from its start
    if len(sentences) <= count:
        return tuple(sentences)
    scores = textrank([set(content_words(s)) for s in sentences])
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    best = ranked[:count]
    if language == "en":
        best = _opening_stands(best, ranked[count:], sentences)
    return tuple(sentences[i] for i in sorted(best))


def _opening_stands(best: list[int], rest: list[int], sentences: list[str]) -> list[int]:
    """``best`` (sentence numbers) with its earliest sentence, while it refers back and is not the
    first of ``sentences`` (the article's first that a summary may use), replaced by the next most
    central of ``rest`` (in their order)."""
    best, rest = list(best), list(rest)
    while rest and (first := min(best)) > 0 and refers_back(sentences[first]):
        best.remove(first)
        best.append(rest.pop(0))
    return best


def textrank(bags: list[set[str]], damping: float = 0.85, rounds: int = 50) -> list[float]:
    """PageRank over a graph whose edge weights are normalised word overlaps between sentences."""
    n = len(bags)
    vocabulary: dict[str, int] = {}
    incidence = np.zeros((n, sum(len(b) for b in bags) or 1))
    for i, bag in enumerate(bags):
        for word in bag:
            incidence[i, vocabulary.setdefault(word, len(vocabulary))] = 1.0
    overlap = incidence @ incidence.T
    sizes = np.array([len(b) for b in bags], dtype=float)
    usable = sizes > 1
    logs = np.log(np.where(usable, sizes, 2.0))
    weights = np.where(usable[:, None] & usable[None, :], overlap / (logs[:, None] + logs[None, :]), 0.0)
    np.fill_diagonal(weights, 0.0)
    totals = weights.sum(axis=1)
    transition = (weights / np.where(totals > 0, totals, 1.0)[:, None]).T
    score = np.full(n, 1.0 / n)
    for _ in range(rounds):
        score = (1 - damping) / n + damping * (transition @ score)
    return [float(x) for x in score]
