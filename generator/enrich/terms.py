"""An article's comparison terms: the content-word stems related articles and hubs weigh.

Computed per article, where the result is cached, so the corpus stage builds its TF-IDF matrix
(:mod:`generator.group.vectors`) without reading every text again on every build. Which of them
the article writes as names is found here too: hubs weigh what two articles say of whom apart
from what they say happened (:mod:`generator.group.stories`).
"""

from __future__ import annotations

from collections import Counter

from ..tag_keys import TOKEN
from ..text import STOPWORDS, split_sentences, stem

MIN_LENGTH = 3  # "un", "eu" and the like say little about what an article is about
CALENDAR = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday", "sunday"])  # capitalised, yet they name no one


def comparison_terms(words: list[str]) -> str:
    """The stems of the content words among ``words`` (the title's and the text's
    :func:`generator.tag_keys.tokens`), in order, space-separated."""
    return " ".join(stem(t) for t in words if t not in STOPWORDS and len(t) >= MIN_LENGTH)


def name_terms(title: str, text: str) -> str:
    """The comparison terms that ``title`` and ``text`` write as names: capitalised inside a
    sentence more often than written in lower case (a sentence's first word says nothing either
    way), months and weekdays aside. Sorted, space-separated."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for sentence in [title, *split_sentences(text)]:
        for place, word in enumerate(TOKEN.findall(sentence.replace("-", " ").replace("–", " "))):
            low = word.lower()
            if low in STOPWORDS or len(low) < MIN_LENGTH or low in CALENDAR:
                continue
            if not word[0].isupper():
                lower[stem(low)] += 1
            elif place:
                upper[stem(low)] += 1
    return " ".join(sorted(t for t, n in upper.items() if n > lower[t]))
