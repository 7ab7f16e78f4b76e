"""An article's opening sentence as running text: what a wire's or a paper's house style adds
before the story starts, set aside.

A news report often opens with a dateline, where and when it was filed ("INNSBRUCK, Austria
(AP) -- ", "VIENNA — ", "NEW DELHI : ", "April 1 (Bloomberg) - "), and some papers set the
first words in capitals ("THE FIGHT over the North American Free Trade Agreement …", "SQUADS
of workers …"). The reader's text keeps both. What reads the opening for its words (the keyword
candidates; a title written from it) takes it without the dateline and with those words written
as words, so that neither the city a report was filed from nor a word in capitals becomes a tag
("INNSBRUCK", "FIGHT").
"""

from __future__ import annotations

import re

from ..text import STOPWORDS, WIRE_DATELINE
from .terms import sentence_tokens
from .words import lemmas

# "VIENNA — ", "CLAREMONT, Calif. — ", "SIOUX FALLS, S.D. – ", "NEW DELHI : ": a place in capitals
# (and its region) before a dash or a colon; with a wire's name, WIRE_DATELINE. Broader than
# generator.clean.meta.CITY_DATELINE, which tells a clipped lead and takes a colon for a headline's.
PLACE_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{0,39}[A-Z.](?:,\s*[A-Z][\w.'’ -]{1,30}?)?\s*(?:--?|[–—:])\s+")
# A month, written out or cut short with its full stop ("Oct.", "April").
MONTH = (r"(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.|(?:January|February|March|April|May|June|July|August|September|"
         r"October|November|December)")
# "April 1 (Bloomberg) - ": a wire's date and name, without a place.
DATE_DATELINE = re.compile(rf"^(?:{MONTH})\s+\d{{1,2}}\s*\([A-Z][\w&.' -]{{0,30}}\)\s*[-–—]{{1,2}}\s*")
BULLET_DATELINE = re.compile(r"^(?:[A-Z][\w .'’-]{1,30}\s+[•·|]|[A-Z][A-Z.'’ ]{1,30}\s+-)\s+")  # "Washington • ", "PHOENIX - "
DATELINES = (WIRE_DATELINE, DATE_DATELINE, PLACE_DATELINE, BULLET_DATELINE)  # in this order: the wire's first
KEPT_IN_CAPITALS = frozenset({"WHO", "AID"})  # acronyms that are English words too


def plain_opening(sentence: str, language: str = "en") -> str:
    """``sentence``, an article's first, without its dateline and, in English, with its first
    words out of the capitals a house style set them in (:func:`lead_in_capitals`)."""
    plain = without_dateline(sentence)
    return lead_in_capitals(plain) if language == "en" else plain


def without_dateline(sentence: str) -> str:
    """``sentence`` without the dateline it opens with (:data:`DATELINES`), or whole when it is
    nothing but one."""
    plain = sentence
    for dateline in DATELINES:
        plain = dateline.sub("", plain, count=1)
    return plain if plain.strip() else sentence


def plain_tokens(sentences: list[str], split: list[list[str]], language: str = "en") -> list[list[str]]:
    """The tokens of an article's ``sentences`` (``split``, :func:`generator.enrich.terms.sentence_tokens`)
    with its opening read by :func:`plain_opening`: what the keyword candidates read."""
    if not sentences:
        return split
    opening = plain_opening(sentences[0], language)
    return split if opening == sentences[0] else [*sentence_tokens([opening]), *split[1:]]


def lead_in_capitals(sentence: str) -> str:
    """``sentence`` with its first words out of capitals when a house style set them so
    ("INVESTORS are being asked …", "THE FIGHT over …", "CONSIDER THE following case"): one
    English word of three letters or more in capitals, or two such with a stop word among them,
    before a word in lower case. Acronyms ("US gamers", "NATO forces", "WHO officials") and
    names in capitals ("GENERAL ACCIDENT said") stay."""
    words = sentence.split(" ")
    run = 0
    while run < len(words) and len(words[run]) > 2 and words[run].isupper() and words[run].isalpha():
        run += 1
    if not run or run == len(words) or not words[run][:1].islower():
        return sentence  # "US gamers", "IT is": too short to tell a word from an acronym
    if run > 2 or (run == 2 and not any(w.lower() in STOPWORDS for w in words[:run])):
        return sentence  # "GENERAL ACCIDENT said", "THE BANK OF ENGLAND said": a name
    if any(w in KEPT_IN_CAPITALS or not (w.lower() in STOPWORDS or lemmas(w.lower())) for w in words[:run]):
        return sentence
    lowered = [w.lower() for w in words[:run]]
    return " ".join([lowered[0][:1].upper() + lowered[0][1:], *lowered[1:], *words[run:]])
