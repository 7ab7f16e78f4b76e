"""YAKE key phrases: the multi-word phrases an article is about, one feature of keyword ranking.

YAKE is scored by yake-rust, a port of the reference ``yake`` package that runs 4.8 times
faster; on 200 BBC leads the top 30 phrases are the reference's set in 194 and overlap it by
.9975 on average (``python benchmarks/keyphrases.py ../shared/eval/summaries-dev/articles``).
The reference package supplies what makes the result the reference's: its stop-word list for
the article's language (its language-free list when it has none), its reading of the text
(line breaks are spaces) and its similarity for removing near-duplicates.

The port sums floats in hash order, so a score can differ in its last digits from one
process to the next. Scores are therefore rounded to eight significant digits, far above that
noise, and ties are broken by where the phrase first appears, then by its text, before the
near-duplicates are removed here, so a text gives the same phrases in every process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

import yake_rust

from ..tag_keys import strip_titles, tag_key
from .keywords import is_good_keyword

PHRASES = 30
NGRAMS = 3
DEDUP_LIMIT = 0.8  # phrases more alike than this (the reference's similarity) are one
YAKE_CHARS = 1_500  # a news article's key phrases show early; YAKE's cost grows with the text
CANDIDATES = 10_000  # every candidate: near-duplicates are removed here, not by the port
POSSESSIVE = re.compile(r"\s+['’]s\b")


class KeyPhraseError(RuntimeError):
    """YAKE failed on a text (the port panicked)."""


@lru_cache(maxsize=64)
def _extractor(language: str) -> tuple[yake_rust.Yake, Callable[[str, str], float]]:
    """The port, set up with the reference's stop words for ``language``, and the reference's similarity.
    The reference package is imported here, on first use: it loads NetworkX, a tenth of a second
    that a rebuild whose articles all come from the cache never needs."""
    import yake

    reference = yake.KeywordExtractor(lan=language, n=NGRAMS, top=PHRASES, dedup_lim=DEDUP_LIMIT)
    port = yake_rust.Yake(stopwords=set(reference.stopword_set), ngrams=NGRAMS, remove_duplicates=False)
    return port, reference.dedup_function


def yake_phrases(text: str, language: str, top: int = PHRASES) -> list[tuple[str, float]]:
    """YAKE's ``top`` keywords of ``text`` (one to three words, lower score is better), near-duplicates removed."""
    port, similarity = _extractor(language)
    text = text.replace("\n", " ")  # as the reference reads it: sentences end at punctuation only
    try:
        scored = port.get_n_best(text, n=CANDIDATES)
    except BaseException as exc:  # a panic in the port reaches Python as a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise KeyPhraseError(f"YAKE failed on this text ({exc})") from exc
    kept: list[tuple[str, float]] = []
    by_letter: dict[str, list[str]] = {}  # the kept phrases, lower-cased, by their first letter
    short: list[str] = []  # those of three letters or fewer
    for phrase, score in _best_first(scored, text.lower()):
        low = phrase.lower()
        if all(similarity(low, other) <= DEDUP_LIMIT for other in _maybe_like(low, by_letter, short)):
            kept.append((phrase, score))
            by_letter.setdefault(low[:1], []).append(low)
            if len(low) <= 3:
                short.append(low)
            if len(kept) == top:
                break
    return kept


def _maybe_like(low: str, by_letter: dict[str, list[str]], short: list[str]) -> list[str]:
    """The kept phrases (``by_letter``, and the ``short`` ones) the reference's similarity may
    score above 0 against ``low``: those that begin with its letter and, when it is three letters
    or fewer, the other short ones. Its pre-filter scores 0 for two phrases that begin with
    different letters when either is over three characters long: most pairs, settled without
    the call."""
    same = by_letter.get(low[:1], [])
    return same + [other for other in short if other[:1] != low[:1]] if len(low) <= 3 else same


def _best_first(scored: list[tuple[str, float]], lowered: str) -> Iterator[tuple[str, float]]:
    """The port's phrases by their score rounded to eight significant digits, then where
    ``lowered`` (the text, lower-cased) first has them, then their text; worked out as they are
    read (a few dozen of hundreds are): sorted by score, rounding keeps equal rounded scores
    together, so only each run of them is put in that order."""
    scored.sort(key=itemgetter(1))
    for _rounded, run in groupby(scored, key=lambda ks: float(f"{ks[1]:.8g}")):
        yield from sorted(run, key=lambda ks: (lowered.find(ks[0].lower()), ks[0]))


def key_phrases(title: str, text: str, language: str) -> tuple[str, ...]:
    """YAKE's best multi-word phrases that read as tags, best first: where a candidate stands
    among them is one feature of the keyword ranker (:mod:`.keyword_model`). YAKE reads the
    title and the first 1,500 characters."""
    lead = text[:YAKE_CHARS]
    phrases: dict[str, str] = {}
    for phrase, _score in yake_phrases(f"{title}.\n\n{lead}" if title else lead, language):
        phrase = strip_titles(POSSESSIVE.sub("", phrase).strip())
        if len(phrase.split()) >= 2 and is_good_keyword(phrase):
            phrases.setdefault(tag_key(phrase), phrase)
    return tuple(phrases.values())
