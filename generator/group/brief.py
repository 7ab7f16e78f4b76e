"""A hub's brief: 3–6 sentences from its articles that cover what most of them report.

Concept coverage (Gillick & Favre's "concepts" summariser, solved greedily): a concept is a
word pair (stems, not both stop words) and is worth the number of the hub's articles that use
it, counted only when several do. Sentences are picked one at a time for the most new concept
weight per word, so a sentence that repeats what the brief already says gains nothing; the
brief stops at about ``BRIEF_WORDS`` words. The chosen sentences are shown in the order of their
articles' dates and their places in them, each citing its article. Which sentences may stand
in a brief, and their stems, are found per article (:mod:`generator.enrich.brief_sentences`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import pairwise, repeat

from ..model import Article, BriefSentence
from ..text import STOPWORDS

BRIEF_MIN, BRIEF_MAX = 3, 6
BRIEF_WORDS = 100

Concept = tuple[str, str]


def brief(members: list[Article]) -> tuple[BriefSentence, ...]:
    """The brief of a hub whose ``members`` are in the order the brief should follow (by date)."""
    pool: list[tuple[int, int, str, frozenset[Concept], int]] = []  # (member, place, text, concepts, words)
    seen: set[str] = set()  # a sentence two articles share (a quote, a repost) is one candidate
    used_by: Counter[Concept] = Counter()
    for m, a in enumerate(members):
        concepts_of_member: set[Concept] = set()
        for place, sentence, stems in a.signals.brief_candidates:
            concepts = concepts_of(stems)
            concepts_of_member |= concepts
            if sentence not in seen:
                seen.add(sentence)
                pool.append((m, place, sentence, concepts, len(sentence.split())))
        used_by.update(concepts_of_member)
    floor = 2 if len(members) < 5 else 3
    worth = {c: n for c, n in used_by.items() if n >= floor}
    chosen = _cover(pool, worth)
    _fill(chosen, pool, members)
    chosen.sort(key=lambda i: (pool[i][0], pool[i][1]))
    return tuple(BriefSentence(pool[i][2], members[pool[i][0]].source_file) for i in chosen)


def _cover(pool: list[tuple[int, int, str, frozenset[Concept], int]], worth: dict[Concept, int]) -> list[int]:
    """Greedy coverage: repeatedly the sentence with the most new concept weight per word, until
    ``BRIEF_MAX`` sentences or ``BRIEF_WORDS`` words. Lazy (Minoux): a sentence's value only falls
    as the brief covers more, so a value recomputed at the top of the heap that stays on top wins."""
    def value(i: int, covered: set[Concept]) -> float:
        return sum(map(worth.get, pool[i][3] - covered, repeat(0))) / pool[i][4]

    heap = [(-value(i, set()), i) for i in range(len(pool))]
    heapq.heapify(heap)
    chosen: list[int] = []
    covered: set[Concept] = set()
    fresh: set[int] = set(range(len(pool)))  # values computed against the current coverage
    total = 0
    while heap and len(chosen) < BRIEF_MAX and total < BRIEF_WORDS:
        negative, i = heapq.heappop(heap)
        if negative >= 0:
            break
        if i not in fresh:
            fresh.add(i)
            heapq.heappush(heap, (-value(i, covered), i))
            continue
        chosen.append(i)
        covered |= pool[i][3]
        total += pool[i][4]
        fresh.clear()
    return chosen


def _fill(chosen: list[int], pool: list[tuple[int, int, str, frozenset[Concept], int]], members: list[Article]) -> None:
    """Short of ``BRIEF_MIN`` sentences (little is shared), add the openings of articles not yet cited."""
    for i, (m, _place, _text, _c, _n) in enumerate(pool):
        if len(chosen) >= BRIEF_MIN:
            return
        cited = {pool[j][0] for j in chosen}
        if (m not in cited or len(cited) >= len(members)) and i not in chosen:
            chosen.append(i)


STOP_PAIRS = frozenset((a, b) for a in STOPWORDS for b in STOPWORDS)


def concepts_of(stems: str) -> frozenset[Concept]:
    """The word pairs of a sentence, from its stems (space-separated), leaving out pairs of two
    stop words."""
    return frozenset(pairwise(stems.split())) - STOP_PAIRS
