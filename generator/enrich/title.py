"""Titles for files that have none: a headline drawn from the article's own opening."""

from __future__ import annotations

import re

from ..scripts import CJK_STOP, OTHER_STOPS, word_count
from ..text import split_sentences
from .headline import headline
from .opening import plain_opening

MAX_WORDS = 14
MIN_WORDS = 4
LONG_WORDS = 18  # a trimmed opening up to this long beats a cut-off line, a fragment or a list of keywords
# A comma, semicolon or colon before a space ("200,000" is no break), their fullwidth forms, a spaced dash.
CLAUSE_BREAK = re.compile(r"\s*(?:[,;:](?=\s)|[\uff0c\uff1b\uff1a\u3001]|\s[–—-]\s)\s*")


def write_title(text: str, keywords: tuple[str, ...], language: str = "en", clipped: str = "") -> str:
    """A headline for an untitled article.

    In English, the opening sentence (without its dateline, "LONDON (Reuters) - ", and with words
    a house style set in capitals written as words, :func:`generator.enrich.opening.plain_opening`) trimmed to
    its main clause (:func:`generator.enrich.headline.headline`). Else the opening sentence when it
    is short. Else, in English, the opening trimmed to a longer headline, of up to ``LONG_WORDS``
    words ("Congolese rebels have taken their two-month campaign to oust President Laurent Kabila
    to the Internet"): a whole statement reads better than what follows. Else, when the file's
    first line was that sentence cut off (``clipped``, see :func:`generator.clean.meta.clipped_lead`),
    that line, marked as cut ("…"): the words the file's maker chose to show. Else the sentence's
    first complete clause (cut at a comma, semicolon, colon or dash, never inside a phrase); else
    the leading keywords (joined by "and" in English, listed otherwise), the first of them
    capitalised as a headline's first word is ("Extra year, …", not "extra year, …") unless it is
    a name written with capitals of its own ("iPhone sales").
    """
    sentences = split_sentences(text)
    first = plain_opening(sentences[0], language).rstrip(f".!?…{CJK_STOP}{OTHER_STOPS}").strip() if sentences else ""
    trimmed = headline(first) if language == "en" else None
    if trimmed:
        return trimmed
    if MIN_WORDS <= word_count(first) <= MAX_WORDS:
        return first
    longer = headline(first, LONG_WORDS) if language == "en" else None
    if longer:
        return longer
    if clipped:
        return clipped + "…"  # never ends in a comma, semicolon or colon: not a title then
    clause = CLAUSE_BREAK.split(first, maxsplit=1)[0]
    if MIN_WORDS <= word_count(clause) <= MAX_WORDS:
        return clause
    if keywords:
        lead = list(keywords[:3])
        if lead[0].islower():  # a common phrase; a name as it is written ("iPhone", "eBay")
            lead[0] = lead[0][:1].upper() + lead[0][1:]
        if len(lead) == 1 or language != "en":
            return ", ".join(lead)
        return ", ".join(lead[:-1]) + " and " + lead[-1]
    return "Untitled article"
