"""An article's comparison terms: the content-word stems related articles and hubs weigh.

Computed per article, where the result is cached, so the corpus stage builds its term vectors
(:mod:`generator.group.vectors`) without reading every text again on every build: each distinct
term once, with its count and its rarity in general use (which hubs weigh it by), so that the
corpus stage neither counts words nor looks up a word's frequency. Which of them
the article writes as names is found here too: hubs weigh what two articles say of whom apart
from what they say happened (:mod:`generator.group.stories`). Both read the sentences' tokens,
split once an article with the keyword candidates (:mod:`generator.enrich.keywords`).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

from ..model import COUNT, WEIGHT, Terms
from ..scripts import LETTER, MARK, MARKS, UNSPACED_CHAR
from ..text import COMPARISON_MIN_LENGTH, STOPWORDS, comparison_stems, stem, written_forms
from .keyword_model import MAX_ZIPF
from .words import WEEKDAYS, unspaced_zipf, zipf_frequency

SENTENCE_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\d,.]*\w*|[^\s\w]")
MARKED_SENTENCE_TOKEN = re.compile(  # SENTENCE_TOKEN, the combining marks of a word held
    f"(?:[A-Za-z]\\.){{2,}}|[^\\W\\d_](?:[\\w{MARKS}'’-]*{LETTER})?|\\d[\\d,.]*\\w*|[^\\s\\w{MARKS}]")
CALENDAR = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december", *(day.lower() for day in WEEKDAYS)])  # capitalised, yet they name no one
MIN_ZIPF = 1.0  # words wordfreq does not know count as this rare, no rarer
NOUNS_CAPITALISED = frozenset(["de", "lb"])  # German and Luxembourgish: a capital marks a noun, not a name


def comparison_terms(words: list[str], names: str = "") -> Terms:
    """The stems of the content words among ``words`` (the title's and the text's
    :func:`generator.tag_keys.tokens`): each once, with its count, its :func:`rarity_weight` and
    whether it is among ``names`` (the article's :func:`name_terms`)."""
    counts = Counter(comparison_stems(words))
    named = frozenset(names.split())
    return Terms(" ".join(counts), np.fromiter(counts.values(), dtype=COUNT, count=len(counts)).tobytes(),
                 np.fromiter(map(rarity_weight, counts), dtype=WEIGHT, count=len(counts)).tobytes(),
                 bytes(term in named for term in counts))


@lru_cache(maxsize=131_072)
def rarity_weight(term: str) -> float:
    """How much a comparison term says about a story: its rarity in general English, that of the
    commonest word it stands for (:func:`generator.text.written_forms`: the stem "thoma" is as
    common as "thomas", "angele" as "angeles"). A number, such as a year or an amount, says
    nothing of which story it is. Memoised: a term's weight never changes."""
    if any(ch.isdigit() for ch in term):
        return 0.0
    zipf = unspaced_zipf(term) if UNSPACED_CHAR.match(term) else max(zipf_frequency(word, "en") for word in written_forms(term))
    return max(0.0, MAX_ZIPF - max(zipf, MIN_ZIPF))


def sentence_tokens(sentences: list[str]) -> list[list[str]]:
    """Each sentence's tokens, case kept: words (hyphenated ones whole), initialisms, numbers and
    marks. The keyword candidates (:mod:`generator.enrich.keywords`) and :func:`name_terms` read
    them, split once an article."""
    marked = any(not s.isascii() and MARK.search(s) for s in sentences)
    return [(MARKED_SENTENCE_TOKEN if marked else SENTENCE_TOKEN).findall(sentence) for sentence in sentences]


def name_terms(title: str, split: list[list[str]], language: str = "en") -> str:
    """The comparison terms that ``title`` and the text (its :func:`sentence_tokens`, ``split``)
    write as names: capitalised inside a sentence more often than written in lower case (a
    sentence's first word says nothing either way), months and weekdays aside. Sorted,
    space-separated. None in a ``language`` that capitalises every noun; a sentence written in
    capitals is passed over."""
    if language.split("-")[0].lower() in NOUNS_CAPITALISED:
        return ""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for sentence in [*sentence_tokens([title]), *split]:
        if _shouted(sentence):
            continue  # in capitals throughout, a sentence says nothing of which words are names
        initial = True
        for token in sentence:
            if not token[0].isalpha():
                continue
            for word in token.split("-"):
                low = word.lower()
                if low and low not in STOPWORDS and len(low) >= COMPARISON_MIN_LENGTH and low not in CALENDAR and "." not in low:
                    if not word[0].isupper():
                        lower[stem(low)] += 1
                    elif not initial:
                        upper[stem(low)] += 1
                initial = False
    return " ".join(sorted(t for t, n in upper.items() if n > lower[t]))


def _shouted(sentence: list[str]) -> bool:
    """Whether most words of a sentence (its tokens) are written in capitals."""
    letters = [t for t in sentence if len(t) > 1 and t[0].isalpha()]
    return sum(t.isupper() for t in letters) * 2 > len(letters)
