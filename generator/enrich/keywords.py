"""Keywords: YAKE candidates, with fragments that make poor tags filtered out."""

from __future__ import annotations

import re

import yake

from ..text import STOPWORDS

CANDIDATES = 60
KEYPHRASES = 30
POSSESSIVE = re.compile(r"\s+(['’]s)\b")
VERB_OR_ADVERB = re.compile(r"(?:ing|ed|ly)$")
TOKEN = re.compile(r"^[\w][\w.'’&-]*$")


def extract_keyphrases(title: str, text: str, language: str, limit: int = KEYPHRASES) -> tuple[str, ...]:
    """The article's ``limit`` best keyphrases, best first, without junk or near-duplicates.

    A phrase whose words are all inside a better-ranked phrase (or the reverse) adds nothing
    and is skipped, so "Northern Sea" does not follow "Northern Sea Route".
    """
    extractor = yake.KeywordExtractor(lan=language if len(language) == 2 else "en", n=3, top=CANDIDATES, dedup_lim=0.8)
    document = f"{title}.\n\n{text}" if title else text
    ranked: list[str] = []
    chosen: list[frozenset[str]] = []
    for phrase, _score in extractor.extract_keywords(document):
        phrase = POSSESSIVE.sub(r"\1", str(phrase)).strip()
        if not is_good_keyword(phrase):
            continue
        words = frozenset(w.lower() for w in phrase.split())
        if any(words <= other or other <= words for other in chosen):
            continue
        chosen.append(words)
        ranked.append(phrase)
        if len(ranked) == limit:
            break
    return tuple(ranked)


def is_good_keyword(phrase: str) -> bool:
    """False for fragments readers cannot use as tags: stop-word edges, numbers, verb and adverb bits."""
    tokens = phrase.split()
    if not tokens or len(phrase) < 3 or len(phrase) > 60:
        return False
    lowered = [t.lower() for t in tokens]
    if lowered[0] in STOPWORDS or lowered[-1] in STOPWORDS:
        return False
    if any(not TOKEN.match(t) or t.replace(".", "").replace(",", "").isdigit() for t in tokens):
        return False
    if any("'" in t or "’" in t for t in lowered):
        return False
    if phrase.islower() and (VERB_OR_ADVERB.search(lowered[0]) or (VERB_OR_ADVERB.search(lowered[-1]) and len(lowered) < 3)):
        return False
    inner = [t for t in tokens[1:-1] if t.lower() in STOPWORDS]
    if inner and not all(t[:1].isupper() for t in tokens if t.lower() not in STOPWORDS):
        return False
    return True
