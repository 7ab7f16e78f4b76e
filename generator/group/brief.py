"""A hub's brief: 3–6 sentences from its articles that cover what most of them report.

Concept coverage (Gillick & Favre's "concepts" summariser, solved greedily): a concept is a
word pair (stems, not both stop words) and is worth the number of the hub's articles that use
it, counted only when several do. Sentences are picked one at a time for the most new concept
weight per word, so a sentence that repeats what the brief already says gains nothing; the
brief stops at about ``BRIEF_WORDS`` words. The chosen sentences are shown in the order of their
articles' dates and their places in them, each citing its article.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from ..model import Article, BriefSentence
from ..text import STOPWORDS, split_sentences, stem, words

BRIEF_MIN, BRIEF_MAX = 3, 6
BRIEF_WORDS = 100
SENTENCE_WORDS = (8, 45)  # shorter is a fragment or a caption, longer a run-on
SENTENCES_READ = 40  # of each article: its opening carries the story
QUOTES = (('"', '"'), ("“", "”"))

Concept = tuple[str, str]


def brief(members: list[Article]) -> tuple[BriefSentence, ...]:
    """The brief of a hub whose ``members`` are in the order the brief should follow (by date)."""
    pool: list[tuple[int, int, str, frozenset[Concept], int]] = []  # (member, place, text, concepts, words)
    used_by: Counter[Concept] = Counter()
    for m, a in enumerate(members):
        concepts_of_member: set[Concept] = set()
        for place, sentence in enumerate(split_sentences(a.text)[:SENTENCES_READ]):
            size = len(sentence.split())
            if SENTENCE_WORDS[0] <= size <= SENTENCE_WORDS[1] and balanced(sentence):
                concepts = concepts_of(sentence)
                pool.append((m, place, sentence, concepts, size))
                concepts_of_member |= concepts
        used_by.update(concepts_of_member)
    floor = 2 if len(members) < 5 else 3
    worth = {c: n for c, n in used_by.items() if n >= floor}
    chosen: list[int] = []
    covered: set[Concept] = set()
    total = 0
    while len(chosen) < BRIEF_MAX and total < BRIEF_WORDS:
        best, best_value = -1, 0.0
        for i, (_m, _p, text, concepts, size) in enumerate(pool):
            if i in chosen or any(pool[j][2] == text for j in chosen):
                continue
            value = sum(worth.get(c, 0) for c in concepts - covered) / size
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
        covered |= pool[best][3]
        total += pool[best][4]
    _fill(chosen, pool, members)
    chosen.sort(key=lambda i: (pool[i][0], pool[i][1]))
    return tuple(BriefSentence(pool[i][2], members[pool[i][0]].source_file) for i in chosen)


def _fill(chosen: list[int], pool: list[tuple[int, int, str, frozenset[Concept], int]], members: list[Article]) -> None:
    """Short of ``BRIEF_MIN`` sentences (little is shared), add the openings of articles not yet cited."""
    for i, (m, _place, text, _c, _n) in enumerate(pool):
        if len(chosen) >= BRIEF_MIN:
            return
        cited = {pool[j][0] for j in chosen}
        if (m not in cited or len(cited) >= len(members)) and i not in chosen and all(pool[j][2] != text for j in chosen):
            chosen.append(i)


def concepts_of(sentence: str) -> frozenset[Concept]:
    """The word pairs of a sentence (stems), leaving out pairs of two stop words."""
    stems = [stem(w) for w in words(sentence)]
    return frozenset((a, b) for a, b in pairwise(stems) if a not in STOPWORDS or b not in STOPWORDS)


def balanced(sentence: str) -> bool:
    """Whether every quotation the sentence opens is closed in it (a quote cut at a sentence
    break would run on into nothing)."""
    if sentence.count('"') % 2:
        return False
    return all(sentence.count(opening) == sentence.count(closing) for opening, closing in QUOTES[1:])
