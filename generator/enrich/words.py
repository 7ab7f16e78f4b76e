"""What the keyword extractor knows of single words (word lists, parts of speech, frequency) and of
the shape of a phrase that can be a tag (:func:`is_good_keyword`).

A word's part in a noun phrase comes from lemminflect's lexicon and its place in the sentence;
how common it is, from wordfreq. Both are looked up for every word of every article, so both
are memoised. The word lists live in ``keyword_words.toml``, each with why it is there. A
headline in title case is read in the case its words have in the text (:func:`sentence_case`).
"""

from __future__ import annotations

import logging
import math
import re
from functools import cache, lru_cache
from typing import Literal

from lemminflect import getAllLemmas
from wordfreq import get_frequency_dict
from wordfreq import zipf_frequency as _zipf_frequency

from ..clean.meta import CALENDAR_WORDS
from ..scripts import UNSPACED_CHAR
from ..tag_keys import DEMONYMS, tag_key
from ..text import ABBREVIATIONS, STOPWORDS, stop_words
from .keyword_model import MAX_ZIPF
from .word_lists import word_list

# wordfreq says when it reads a language from a neighbour's table ("'af': using 'nl'"): a fact of
# the word tables, which the build's output would repeat for every such article.
logging.getLogger("wordfreq").setLevel(logging.ERROR)

INITIALISM = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]\.?")
CONTRACTION = re.compile(r"(?:n['’]t|['’](?:re|ve|ll|d|m))$")  # "needn't", "they've", "I'm"
WEEKDAYS = word_list("weekdays")
CALENDAR = WEEKDAYS | word_list("calendar")
NUMBER_WORDS = word_list("number_words")
UNITS = word_list("units")
TIME_WORDS = word_list("time_words")
ENTITY_WORDS = word_list("entity_words")
BREAKS = word_list("breaks")
OBJECT_CUES = word_list("object_cues")
VERB_CUES = word_list("verb_cues")
PAST_CUES = word_list("past_cues") | {day.lower() for day in WEEKDAYS}
PERSONAL_TITLES = word_list("personal_titles")
TIME_PHRASE = UNITS | TIME_WORDS | word_list("time_modifiers")
LOCATIVES = word_list("locatives")
ORGANISATIONS = word_list("organisations")
PLACES = frozenset(tag_key(place) for place in (*DEMONYMS.values(), *word_list("places")))
PUBLICATIONS = word_list("publications")
NAME_OPENERS = word_list("name_openers")
NAME_PARTICLES = frozenset({"bin", "ibn", "al", "el", "de", "da", "di", "du", "del", "della", "der", "den", "van", "von",
                            "la", "le", "dos", "das"})  # lower-case words of a name, before a capitalised one
WordKind = Literal["N", "A", "P"]
NOUN: WordKind = "N"
ADJECTIVE: WordKind = "A"
NAME: WordKind = "P"




@lru_cache(maxsize=131_072)
def zipf_frequency(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of ``word``, memoised (looked up for every word of every article).
    A lower-case English word of ASCII letters is its own one token in wordfreq, so it is looked up
    in wordfreq's table directly, without its tokeniser: the same figure, a tenth of the time."""
    if language == "en" and word.isascii() and word.isalpha() and word.islower():
        frequency = _english().get(word, 0.0)
        return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0
    try:
        return _zipf_frequency(word, language)
    except ImportError:  # wordfreq reads Chinese and Japanese with tokenisers of its "cjk" extra
        return 0.0


@lru_cache(maxsize=131_072)
def unspaced_zipf(term: str) -> float:
    """The Zipf frequency of a piece of Chinese or Japanese (a word, or two characters of
    :func:`generator.text.unspaced_bigrams`), read from wordfreq's Chinese and Japanese tables
    without their tokenisers: a word's own frequency, and for two characters at least how often
    the two would meet by chance (their frequencies multiplied), so that a pair spanning two
    common words ("的国" of "的国家") counts as common, not as an unknown word."""
    own = _unspaced_table_zipf(term)
    if len(term) == 2:
        first, second = _unspaced_table_zipf(term[0]), _unspaced_table_zipf(term[1])
        if first and second:
            own = max(own, first + second - 9)  # Zipf is log10 of the frequency per billion words
    return round(own, 2)


def _unspaced_table_zipf(word: str) -> float:
    frequency = max(table.get(word, 0.0) for table in _unspaced_tables())
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@cache
def _unspaced_tables() -> tuple[dict[str, float], ...]:
    """wordfreq's tables of Chinese and Japanese word frequencies."""
    return get_frequency_dict("zh"), get_frequency_dict("ja")


@cache
def _english() -> dict[str, float]:
    """wordfreq's table of English word frequencies (its default word list)."""
    return get_frequency_dict("en")


@lru_cache(maxsize=65_536)
def lemmas(word: str) -> tuple[str, ...]:
    """The parts of speech lemminflect knows ``word`` as, memoised."""
    return tuple(getAllLemmas(word))


def rarity(phrase: str, language: str) -> float:
    """How rare the words of ``phrase`` are in general English: 8 minus their mean Zipf frequency."""
    words = phrase.split()
    return sum(MAX_ZIPF - zipf_frequency(w.lower(), language) for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=65_536)
def superlative(word: str) -> bool:
    """Whether ``word`` is an adjective's superlative ("biggest", "latest", "best", "worst")."""
    low = word.lower()
    adjective = getAllLemmas(low).get("ADJ", (low,))[0]
    return low.endswith("st") and adjective != low


@lru_cache(maxsize=65_536)
def verb_lemma(word: str) -> str:
    """The verb ``word`` is a form of ("spoke" → "speak"), or the word itself."""
    return str(getAllLemmas(word).get("VERB", (word,))[0])


@lru_cache(maxsize=131_072)
def word_kind(word: str, initial: bool, language: str) -> WordKind | None:
    """A word's part in a noun phrase: a name, a noun, an adjective, or ``None`` (it ends one)."""
    low = word.lower()
    if _never_in_phrase(word, low) or UNSPACED_CHAR.search(word):  # Chinese, Japanese: words not told apart
        return None
    if language != "en" and (low in stop_words(language) or low in CALENDAR_WORDS):  # "после", "der"; "mardi", "März"
        return None
    if INITIALISM.fullmatch(word) or (word.isupper() and len(word) > 1):
        return NAME
    if word[:1].isupper() and (not initial or not lemmas(low)):  # a capital mid-sentence, or no English word
        return NAME
    if language != "en":
        return NOUN if len(low) > 2 else None
    return _english_kind(low)


def _never_in_phrase(word: str, low: str) -> bool:
    """Stop words, phrase breaks, numbers, calendar and time words, abbreviations, contractions
    ("needn't", "they've"): no part of a name or topic."""
    if not word[:1].isalpha() or low in STOPWORDS or low in BREAKS or low in ENTITY_WORDS or low in NUMBER_WORDS:
        return True
    return (word in CALENDAR or low in TIME_WORDS or (low in ABBREVIATIONS and not word[:1].isupper())
            or ("." in word.rstrip(".") and not INITIALISM.fullmatch(word)) or CONTRACTION.search(low) is not None)


def _english_kind(low: str) -> WordKind | None:
    """A lower-case (or sentence-initial) English word's part, from the parts of speech it can be."""
    forms = lemmas(low)
    if not forms:
        return NOUN if len(low) > 2 else None
    if low.endswith("ed") and "VERB" in forms and "NOUN" not in forms:
        return ADJECTIVE  # a participle ("armed forces", "injured") describes; it names nothing alone
    if "NOUN" in forms or "PROPN" in forms:
        return None if low.endswith("ly") and "ADV" in forms else NOUN
    return ADJECTIVE if "ADJ" in forms else None


def glued(word: str, language: str) -> bool:
    """Whether ``word`` is two known words run together ("politicaleconomic")."""
    return any(zipf_frequency(word[:i], language) >= 3 and zipf_frequency(word[i:], language) >= 3
               for i in range(3, len(word) - 2))


def verb_here(low: str, previous: str, before: tuple[str, WordKind, int] | None, following: str = "") -> bool:
    """Whether a word that can be a verb is one here: after "to", a modal or a pronoun ("to
    unload", "they call"); a past form after the perfect's auxiliary, "it" or a report's day
    ("has settled charges", "on Friday rejected"); ending in "s" after a noun or name and before
    an object or particle ("Lavrov kicks off"); after a name, when it is a past form or no noun
    ("Arafat spoke", "Murphy denied", but "House seats"); or, as "-ing", a word that is no noun,
    or before an object, or a past form, after a plural noun ("Hispanics living", "coasts show
    the", "prices rose", but "pensions reform")."""
    forms = lemmas(low)
    if "VERB" not in forms:
        return False
    cue = previous.lower()
    if cue in VERB_CUES:
        return True
    if cue in PAST_CUES and verb_lemma(low) != low and not low.endswith(("s", "ing")):
        return True  # "has authorized prosecutors", "on Friday rejected": a past form
    if _with_object(low, before, following):
        return True
    if before is not None and before[1] == NAME:  # a past form, or no noun at all ("House seats" is one)
        return "NOUN" not in forms or (verb_lemma(low) != low and not low.endswith("s"))
    if before is None or before[1] != NOUN or not before[0].endswith("s") or before[0].endswith("ss"):
        return False
    return not low.endswith("s") and (low.endswith("ing") or "NOUN" not in forms or following in OBJECT_CUES
                                      or verb_lemma(low) != low)  # "prices rose", "shares fell": a past form


def _with_object(low: str, before: tuple[str, WordKind, int] | None, following: str) -> bool:
    """Whether a word after a noun or a name is a verb with its object: one ending in "s" before
    an object or a particle ("Lavrov kicks off", "Arafat accuses the US"), or an "-ing" form
    before one or before "that" ("a lawmaker saying that …", "officials accusing the minister")."""
    if before is None:
        return False
    if low.endswith("s") and before[1] != ADJECTIVE:
        return following in OBJECT_CUES
    return low.endswith("ing") and (following in OBJECT_CUES or following == "that")


def headline_verb(tokens: list[str]) -> int:
    """The place of a headline's verb in the present tense right after its subject, which its
    noun reading would join to the subject as one phrase ("Wenger signs new deal", "ECB holds
    rates amid growth fears", "Jobless rate falls to 8.8%"); -1 when there is none. It is the
    first word in lower case ending in "s" that can be a verb, before any stop word, "to" or other
    verb, and followed by a word or nothing ("Melcher dies"), not by a verb of its own ("US
    interest rates increased to 2%", "Hurricane insurers expect record claims") nor an "-ing"
    form ("7 key questions heading into …")."""
    for i, token in enumerate(tokens[1:], 1):
        low = token.lower()
        if not token[:1].isalpha():
            return -1  # a mark ends the subject: "Campaign 'cold calls' questioned"
        if not token.islower() or not low.isalpha():
            continue
        if low in STOPWORDS or _only_a_verb(low):
            return -1
        if "VERB" in lemmas(low) and low.endswith("s") and not low.endswith("ss"):
            following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
            if (following and not following[:1].isalpha()) or following.endswith("ing") or _only_a_verb(following):
                return -1
            return i
    return -1


def _only_a_verb(low: str) -> bool:
    """Whether a word in lower case is a verb and no noun, or a past form ("expect", "increased"),
    not ending in "s" (the form that reads as a plural noun too)."""
    forms = lemmas(low)
    return ("VERB" in forms or "AUX" in forms) and not low.endswith("s") and ("NOUN" not in forms or low.endswith("ed"))


def abbreviated(tokens: list[str], i: int, bare: str, kind: WordKind) -> bool:
    """Whether the word at ``i`` (``bare``, read as ``kind``) is an abbreviation: its full stop
    follows ("the Ark. office", "Sen. John Kerry"), and no sentence starts after it ("… at Hun
    Sen. The …"); an initialism ("U.S.") or a longer name is none."""
    if i + 2 >= len(tokens) or tokens[i + 1] != "." or INITIALISM.fullmatch(bare):
        return False
    return (kind != NAME or len(bare) <= 4) and tokens[i + 2].lower() not in STOPWORDS


def particle_of_name(tokens: list[str], i: int) -> bool:
    """Whether the name particle before ``tokens[i]`` belongs to a name: a capitalised word comes
    next, after at most one more particle ("de la Garza")."""
    following = tokens[i] if i < len(tokens) else ""
    if following in NAME_PARTICLES:
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
    return following[:1].isupper()


def joins_organisation(tokens: list[str], i: int) -> bool:
    """Whether the capitalised words from ``tokens[i]`` on end, within two words, in an
    organisation's last word ("Drug Administration", "Exchange Commission"): the "and" before
    them joins one organisation's name, not two names."""
    for token in tokens[i:i + 2]:
        if not token[:1].isupper():
            return False
        if token.lower() in ORGANISATIONS:
            return True
    return False


def inside_name(tokens: list[str], i: int, bare: str, language: str, run: list[tuple[str, WordKind, int]]) -> bool:
    """Whether a lower-case word belongs to the name around it: a particle before a capitalised
    word ("Osama bin Laden", "bin Laden's", "de la Garza"; in English), or "and" between the words
    of one organisation's name ("Food and Drug Administration", "Securities and Exchange Commission")."""
    if bare in NAME_PARTICLES:
        return language == "en" and particle_of_name(tokens, i + 1)
    return bare in ("and", "&") and bool(run) and run[-1][1] == NAME and joins_organisation(tokens, i + 1)


COMMON_ZIPF = 4.5  # a headline's capitalised word this common is a word, not a name
WORD_RUN = re.compile(r"\w+")


@lru_cache(maxsize=4)
def sentence_case(title: str, text: str, language: str) -> str:
    """A headline-case title ("Icebreakers Decide the Future") in the case its words have in
    running text, so capitals mark names, not headline style. Memoised for the last articles:
    their keyword candidates and their names both read it."""
    words = title.split()
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) < max(3, 0.6 * len(words)):
        return title
    runs = set(WORD_RUN.findall(text))  # the text's words, once: a plain word is in it when it is a run

    def in_text(word: str) -> bool:
        if WORD_RUN.fullmatch(word):
            return word in runs
        return re.search(rf"\b{re.escape(word)}\b", text) is not None

    out = []
    for word in words:
        bare = word.strip("\"'“”‘’:;,.!?()")
        low = bare.lower()
        in_text_lower, in_text_upper = in_text(low), in_text(bare)
        known = bool(lemmas(low)) or zipf_frequency(low, language) >= COMMON_ZIPF
        if bare[:1].isupper() and not bare.isupper() and not in_text_upper and (in_text_lower or known):
            word = word.replace(bare, low, 1)
        out.append(word)
    return " ".join(out)


PHRASE_WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")
VERB_OR_ADVERB = re.compile(r"(?:ing|ed|ly)$")


def is_good_keyword(phrase: str) -> bool:
    """False for fragments readers cannot use as tags: stop-word edges, numbers, verb and adverb bits."""
    words = phrase.split()
    if not words or (len(phrase) < 3 and not phrase.isupper()) or len(phrase) > 60:
        return False
    lowered = [w.lower() for w in words]
    if lowered[0] in STOPWORDS or lowered[-1] in STOPWORDS:
        return False
    if any(not (PHRASE_WORD.fullmatch(w) or INITIALISM.fullmatch(w)) for w in words):
        return False
    opener_verb = VERB_OR_ADVERB.search(lowered[0]) and "ADJ" not in lemmas(lowered[0])
    if phrase.islower() and (opener_verb or (VERB_OR_ADVERB.search(lowered[-1]) and len(words) < 3)):
        return False
    return _inner_words_fit(words)


def _inner_words_fit(words: list[str]) -> bool:
    """Stop words inside a phrase fit only in a name ("Bank of England"), never as a
    coordination ("China and Russia" is two keywords, not one) but in an organisation's name
    ("Food and Drug Administration")."""
    inner = [w.lower() for w in words[1:-1] if w.lower() in STOPWORDS]
    named = all(w[:1].isupper() for w in words if w.lower() not in STOPWORDS)
    if any(w in ("or", "but", "nor") for w in inner) or ("and" in inner and not (named and words[-1].lower() in ORGANISATIONS)):
        return False  # "Food and Drug Administration" is one organisation's name
    return not inner or named
