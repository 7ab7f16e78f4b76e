"""Titles for files that have none: a headline drawn from the article's own opening."""

from __future__ import annotations

import re

from ..text import split_sentences

MAX_WORDS = 14
MIN_WORDS = 4
CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[–—-]\s)\s*")


def write_title(text: str, keywords: tuple[str, ...]) -> str:
    """A headline for an untitled article.

    The opening sentence when it is short; else its first complete clause (cut at a comma,
    semicolon, colon or dash, never inside a phrase); else the leading keywords.
    """
    sentences = split_sentences(text)
    if sentences:
        first = sentences[0].rstrip(".!?…").strip()
        if MIN_WORDS <= len(first.split()) <= MAX_WORDS:
            return first
        clause = CLAUSE_BREAK.split(first, maxsplit=1)[0]
        if MIN_WORDS <= len(clause.split()) <= MAX_WORDS:
            return clause
    if keywords:
        lead = list(keywords[:3])
        return lead[0] if len(lead) == 1 else ", ".join(lead[:-1]) + " and " + lead[-1]
    return "Untitled article"
