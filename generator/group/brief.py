"""A hub's brief: 3–6 sentences from its articles that cover what most of them report.

Concept coverage (Gillick & Favre's "concepts" summariser, solved greedily): a concept is a
word pair (stems, not both stop words) and is worth the number of the hub's articles that use
it, counted only when several do. Sentences are picked one at a time for the most new concept
weight per word, so a sentence that repeats what the brief already says gains nothing; the
brief stops at about ``BRIEF_WORDS`` words. A sentence that opens by referring back ("He was
arrested …", "But his government …") is taken only after an earlier sentence of its own article,
which then stands before it. The chosen sentences are shown in the order of their articles' dates
and their places in them, each citing its article. Which sentences may stand
in a brief, and their stems, are found per article (:mod:`generator.enrich.brief_sentences`).
"""

from __future__ import annotations

import numpy as np

from ..model import Article, BriefSentence
from ..scripts import word_count
from ..text import STOPWORDS
from .vectors import sorted_unique

BRIEF_MIN, BRIEF_MAX = 3, 6
BRIEF_WORDS = 100
END = "\x00"  # between sentences' stems: no stem holds it


def brief(members: list[Article]) -> tuple[BriefSentence, ...]:
    """The brief of a hub whose ``members`` are in the order the brief should follow (by date)."""
    sentences = [(m, c) for m, a in enumerate(members) for c in a.signals.brief_candidates]
    sentence, pair = concepts([c.stems for _m, c in sentences])
    member = np.array([m for m, _c in sentences], dtype=np.int64)
    used = sorted_unique(pair * max(1, len(members)) + member[sentence]) // max(1, len(members))  # (concept, member) once
    starts = np.flatnonzero(np.diff(used, prepend=-1))
    used_by = np.diff(starts, append=used.size)  # how many members use each concept
    worth = np.where(used_by >= (2 if len(members) < 5 else 3), used_by, 0)
    concept = np.searchsorted(used[starts], pair)
    pool: list[int] = []  # a sentence two articles share (a quote, a repost) is one candidate
    seen: set[str] = set()
    for k, (_m, c) in enumerate(sentences):
        if c.text not in seen:
            seen.add(c.text)
            pool.append(k)
    place = np.full(len(sentences), -1, dtype=np.int64)
    place[pool] = np.arange(len(pool))
    in_pool = place[sentence] >= 0
    words = np.array([word_count(sentences[k][1].text) for k in pool], dtype=np.float64)
    member_of = [sentences[k][0] for k in pool]  # the pool runs article by article, each in its order
    refers_back = np.array([sentences[k][1].refers_back for k in pool], dtype=bool)
    chosen = _cover(place[sentence[in_pool]], concept[in_pool], worth, words, refers_back, np.array(member_of, dtype=np.int64))
    _fill(chosen, member_of, len(members), refers_back)
    rank = {i: r for r, i in enumerate(chosen)}  # the order of choice: the first covers the most
    chosen.sort(key=lambda i: (sentences[pool[i]][0], sentences[pool[i]][1].place))
    return tuple(BriefSentence(sentences[pool[i]][1].text, members[sentences[pool[i]][0]].source_file, rank[i])
                 for i in chosen)


def concepts(stems: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The concepts of each sentence, from its stems (space-separated): its word pairs, leaving
    out pairs of two stop words. Returned as (sentence, pair) arrays, sorted, each once; equal
    word pairs have one number."""
    flat = f" {END} ".join(stems).split()  # the sentences' words, each sentence closed by END
    number = dict(zip(dict.fromkeys(flat), range(len(flat)), strict=False))
    ids = np.fromiter(map(number.__getitem__, flat), dtype=np.int64, count=len(flat))
    stop = np.fromiter(map(STOPWORDS.__contains__, number), dtype=bool, count=len(number))
    end = ids == number.get(END, -1)
    first, second = ids[:-1], ids[1:]
    keep = ~(end[:-1] | end[1:] | (stop[first] & stop[second]))  # within a sentence, not two stop words
    width = max(1, len(number)) ** 2
    of = np.cumsum(end)[:-1][keep]  # each pair's sentence
    codes = sorted_unique(of * width + first[keep] * len(number) + second[keep])
    return codes // width, codes % width


def _article_ends(member: np.ndarray) -> np.ndarray:
    """For each pool sentence, where its article's sentences end in the pool (``member``: each
    sentence's article, the pool running article by article)."""
    ends = np.flatnonzero(np.diff(member, append=-1)) + 1  # one past each article's last sentence
    return ends[np.searchsorted(ends, np.arange(member.size), side="right")]


def _cover(sentence: np.ndarray, concept: np.ndarray, worth: np.ndarray, words: np.ndarray,
           refers_back: np.ndarray, member: np.ndarray) -> list[int]:
    """Greedy coverage over the pool's sentences (``sentence``, ``concept``: which sentence has
    which concept; ``words`` each sentence's length; ``member`` its article): repeatedly the
    sentence with the most new concept weight per word (ties to the earlier sentence), until
    ``BRIEF_MAX`` sentences or ``BRIEF_WORDS`` words, or no sentence adds anything. A sentence that
    ``refers_back`` is open only once an earlier sentence of its article is chosen. A brief that
    would quote one article of several quotes a second: the best open sentence of another article
    is added, in place of the last pick when the brief is full (of sentences or of words)."""
    weight = worth[concept].astype(np.float64)
    covered = np.zeros(worth.size, dtype=bool)
    closed = refers_back.copy()
    ends = _article_ends(member)
    chosen: list[int] = []
    total = 0

    def values() -> np.ndarray:
        """Each sentence's new concept weight per word; -1 for one chosen or closed."""
        value: np.ndarray = np.bincount(sentence, weights=np.where(covered[concept], 0.0, weight), minlength=words.size) / words
        value[chosen] = -1.0
        value[closed] = -1.0
        return value

    while words.size and len(chosen) < BRIEF_MAX and total < BRIEF_WORDS:
        value = values()
        i = int(np.argmax(value))
        if value[i] <= 0:
            break
        chosen.append(i)
        closed[i + 1:ends[i]] = False  # the later sentences of its article that refer back
        covered[concept[sentence == i]] = True
        total += int(words[i])
    if chosen and (member != member[chosen[0]]).any() and (member[chosen] == member[chosen[0]]).all():
        value = values()
        value[member == member[chosen[0]]] = -1.0
        if value.max() >= 0:
            if len(chosen) > 1 and (len(chosen) >= BRIEF_MAX or total >= BRIEF_WORDS):
                chosen.pop()  # the brief is full: the second source takes the last pick's place
            chosen.append(int(np.argmax(value)))
    return chosen


def _fill(chosen: list[int], member_of: list[int], members: int, refers_back: np.ndarray) -> None:
    """Short of ``BRIEF_MIN`` sentences (little is shared), add the openings of articles not yet
    cited (``member_of``: each pool sentence's article): first those that do not refer back, and
    only when they run out the others, since a brief of such sentences beats none."""
    for backward in (False, True):
        for i, m in enumerate(member_of):
            if len(chosen) >= BRIEF_MIN:
                return
            cited = {member_of[j] for j in chosen}
            if (m not in cited or len(cited) >= members) and i not in chosen and refers_back[i] == backward:
                chosen.append(i)
