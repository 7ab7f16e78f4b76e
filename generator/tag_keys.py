"""Canonical tag forms: the one place that decides when two keywords are the same tag.

Case, hyphenation, plural endings, leading titles ("President Putin"), a name written out or
short ("United States" / "U.S." / "US") and the order of a country pair ("China-Russia" /
"Russia-China" / "Russian-Chinese") do not matter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .scripts import LETTER, MARK, SPECIAL, UNSPACED_CHAR, unspaced_bigrams
from .text import stem

TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
MARKED_TOKEN = re.compile(f"[^\\W_]{LETTER}*(?:['’]{LETTER}+)?")  # TOKEN, the combining marks of a word held

# Words that precede a name without being part of it.
TITLE_WORDS = frozenset([
    "president", "presidents", "prime", "minister", "ministers", "foreign", "defence", "defense", "secretary",
    "general", "gen", "mr", "mrs", "ms", "dr", "prof", "chancellor", "king", "queen", "prince", "princess", "sir",
    "lord", "senator", "sen", "rep", "representative", "governor", "gov", "ambassador", "chairman", "chairwoman",
    "chair", "chief", "deputy", "vice", "spokesman", "spokeswoman", "spokesperson", "state", "councilor",
    "councillor", "commander", "admiral", "colonel", "col", "captain", "capt", "lieutenant", "lt", "major", "maj",
    "sergeant", "sgt", "pope", "cardinal", "archbishop", "bishop", "rabbi", "imam", "sheikh", "judge", "justice",
    "mayor", "premier", "leader", "envoy", "director",
])
# Last words that make a title-led name a place's or a company's, not a person's: "Prince William
# Sound", "Prince Edward Island", "General Motors", "General Assembly" keep their first word.
NAME_HEADS = frozenset([
    "sound", "island", "islands", "bay", "county", "river", "lake", "mountains", "strait", "channel", "sea",
    "gulf", "peninsula", "district", "airport", "street", "avenue", "road", "park", "bridge", "square",
    "station", "hospital", "hotel", "hall", "motors", "electric", "dynamics", "mills", "foods", "accident",
    "assembly", "council", "committee", "office", "corporation", "company", "hospitals", "department", "ministry",
])

# Adjectives of place that name the same thing as the country in a tag.
DEMONYMS = {
    "russian": "russia", "chinese": "china", "american": "us", "usa": "us",
    "british": "uk", "ukrainian": "ukraine", "indian": "india", "japanese": "japan", "korean": "korea",
    "german": "germany", "french": "france", "iranian": "iran", "turkish": "turkey", "israeli": "israel",
    "european": "europe", "syrian": "syria", "taiwanese": "taiwan", "sino": "china", "soviet": "ussr",
    "pakistani": "pakistan", "saudi": "saudi arabia", "italian": "italy", "spanish": "spain",
    "canadian": "canada", "australian": "australia", "mexican": "mexico", "brazilian": "brazil",
}


# Names written out and their short forms: one tag ("United States" = "U.S." = "US").
EQUIVALENTS = {
    ("united", "states"): ("us",), ("united", "states", "of", "america"): ("us",), ("america",): ("us",),
    ("united", "kingdom"): ("uk",), ("great", "britain"): ("uk",), ("britain",): ("uk",),
    ("united", "nations"): ("un",), ("european", "union"): ("eu",), ("soviet", "union"): ("ussr",),
}

# Country names and their adjectives, as keys: a place, never someone's surname.
COUNTRIES = frozenset(DEMONYMS.values())
PLACE_WORDS = frozenset(DEMONYMS) | COUNTRIES

INITIALISM = re.compile(r"\b((?:[a-z]\.){1,3}[a-z])\.?")


def tokens(phrase: str) -> list[str]:
    """Lower-case word tokens of a phrase; hyphens separate words; 'U.S.' is one word, 'us';
    Chinese and Japanese in character pairs (:func:`generator.text.unspaced_bigrams`)."""
    low = INITIALISM.sub(lambda m: m.group(1).replace(".", ""), phrase.lower())
    low = low.replace("-", " ").replace("–", " ")
    special = not low.isascii() and SPECIAL.search(low) is not None  # most text: no marks, no Chinese or Japanese
    found = (MARKED_TOKEN if special and MARK.search(low) else TOKEN).findall(low)
    return unspaced_bigrams(found) if special and UNSPACED_CHAR.search(low) else found


@lru_cache(maxsize=65_536)
def tag_key(phrase: str) -> str:
    """The canonical key of a keyword: equal keys are one tag (memoised: a pure function of the phrase)."""
    words = [w.replace("’", "'").removesuffix("'s") for w in tokens(phrase)]
    while len(words) > 1 and words[0] in TITLE_WORDS and words[-1] not in NAME_HEADS:
        words = words[1:]
    words = list(EQUIVALENTS.get(tuple(words), words))
    words = [DEMONYMS.get(w, w) for w in words]
    if len(words) == 2 and all(w in COUNTRIES for w in words):
        words = sorted(words)  # a country pair: the order does not matter
    return " ".join(stem(w) for w in words if w)


def strip_titles(phrase: str) -> str:
    """'Russian President Vladimir Putin' → 'Vladimir Putin': drop everything up to the last title word."""
    words = phrase.split()
    if words and words[-1].lower() in NAME_HEADS:
        return phrase  # "General Motors", "Prince William Sound": no person's title
    last_title = max((i for i, w in enumerate(words) if w.lower().strip(".") in TITLE_WORDS), default=-1)
    rest = words[last_title + 1:]
    return " ".join(rest) if len(rest) >= 1 and last_title >= 0 else phrase
