"""An article's comparison terms: the content-word stems related articles and hubs weigh.

Computed per article, where the result is cached, so the corpus stage builds its TF-IDF matrix
(:mod:`generator.group.vectors`) without reading every text again on every build.
"""

from __future__ import annotations

from ..text import STOPWORDS, stem

MIN_LENGTH = 3  # "un", "eu" and the like say little about what an article is about


def comparison_terms(words: list[str]) -> str:
    """The stems of the content words among ``words`` (the title's and the text's
    :func:`generator.tag_keys.tokens`), in order, space-separated."""
    return " ".join(stem(t) for t in words if t not in STOPWORDS and len(t) >= MIN_LENGTH)
