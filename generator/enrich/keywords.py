"""Keyword candidates: the noun phrases and names an article is about, with what ranking needs.

Candidates are noun phrases, kept whole (Hulth 2003; the candidates of TF-IDF-over-noun-phrase,
Kea and MultipartiteRank): maximal runs of adjectives, nouns and names ending in a noun or a
name, up to four words ("Exxon Valdez oil spill", "illegal aliens", "Census Bureau"), and the
shorter phrases inside them that also end in one ("oil spill", "Exxon Valdez", "spill"). A
word's part of speech comes from lemminflect's lexicon; a capital letter mid-sentence marks a
name. Titles before a name go ("Russian President Vladimir Putin" is "Vladimir Putin"); a
possessive ends its phrase ("Alaska's chief environmental officer" is "Alaska" and "chief
environmental officer"); a surname alone joins the one full name the article uses ("Putin"
into "Vladimir Putin").

Never a candidate: stop words, numbers and number words, units, dates and months, month and
other abbreviations, words glued together by extraction ("politicaleconomic"), verbs and
adverbs. Each candidate carries what the ranker (:mod:`.keyword_model`) weighs: its count and
how often it stands as a whole phrase, where it first and last appears, whether the title
uses it, how rare its words are in general English (wordfreq), how often its head word heads
a phrase, and its place among YAKE's key phrases. The corpus adds how many articles use it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lemminflect import getAllLemmas
from wordfreq import zipf_frequency as _zipf_frequency

from ..model import Candidate
from ..tag_keys import DEMONYMS, PLACE_WORDS, TITLE_WORDS, tag_key
from ..text import ABBREVIATIONS, STOPWORDS, split_sentences
from .keyword_model import prior

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\d,.]*\w*|[^\s\w]")
INITIALISM = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]\.?")
POSSESSIVE = re.compile(r"['’]s?$")
WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")
VERB_OR_ADVERB = re.compile(r"(?:ing|ed|ly)$")
PHRASE_WORDS = 4
MIN_LETTERS = 3  # a shorter lone word is an abbreviation or a fragment ("Li" is part of a name)
MAX_CANDIDATES = 120
MAX_ZIPF = 8.0
PERSONAL_ZIPF = 3.5  # a word rarer than this is no common noun ("Shangfu", not "Post")
COMMON_ZIPF = 4.5  # a sentence's first word this common is a word, not a name
JUNK_ZIPF = 4.0  # a lone lowercase word this common is never a tag
GLUED_MIN_LETTERS = 10
OPENERS = frozenset('"“‘(')
WORDS = tomllib.loads(Path(__file__).with_name("keyword_words.toml").read_text(encoding="utf-8"))


def _words(name: str) -> frozenset[str]:
    """A word list of ``keyword_words.toml``."""
    return frozenset(WORDS[name]["words"])


CALENDAR = _words("calendar")
NUMBER_WORDS = _words("number_words")
UNITS = _words("units")
TIME_WORDS = _words("time_words")
ENTITY_WORDS = _words("entity_words")
BREAKS = _words("breaks")
OBJECT_CUES = _words("object_cues")
VERB_CUES = _words("verb_cues")
PERSONAL_TITLES = _words("personal_titles")
TIME_PHRASE = UNITS | TIME_WORDS | _words("time_modifiers")
LOCATIVES = _words("locatives")
ORGANISATIONS = _words("organisations")
PLACES = frozenset(tag_key(place) for place in (*DEMONYMS.values(), *_words("places")))
PUBLICATIONS = _words("publications")
NAME_OPENERS = _words("name_openers")
NOUN, ADJECTIVE, NAME = "N", "A", "P"


@lru_cache(maxsize=131_072)
def zipf_frequency(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of ``word``, memoised (looked up for every word of every article)."""
    return _zipf_frequency(word, language)


@lru_cache(maxsize=65_536)
def _lemmas(word: str) -> tuple[str, ...]:
    """The parts of speech lemminflect knows ``word`` as, memoised."""
    return tuple(getAllLemmas(word))


@lru_cache(maxsize=65_536)
def _verb_lemma(word: str) -> str:
    """The verb ``word`` is a form of ("spoke" → "speak"), or the word itself."""
    return str(getAllLemmas(word).get("VERB", (word,))[0])


@dataclass
class _Seen:
    """What one article says of one candidate, gathered as the text is read."""

    forms: Counter[str] = field(default_factory=Counter)
    count: int = 0
    maximal: int = 0
    first: int = 0
    last: int = 0
    in_title: bool = False
    proper: bool = False
    person: bool = False
    place: bool = False


def extract_candidates(title: str, text: str, language: str, key_phrases: tuple[str, ...] = ()) -> tuple[Candidate, ...]:
    """The article's best ``MAX_CANDIDATES`` keyword candidates by their score before the corpus is known.
    ``key_phrases`` are YAKE's phrases for the article, best first (a feature of the ranking)."""
    scored = sorted(all_candidates(title, text, language, key_phrases), key=lambda c: (-c.prior, c.key))
    return tuple(scored[:MAX_CANDIDATES])


def all_candidates(title: str, text: str, language: str, key_phrases: tuple[str, ...] = ()) -> list[Candidate]:
    """Every keyword candidate of the article, in no particular order, each with its prior
    score (the IDF term, the same for all before the corpus is known, left out)."""
    lang = language if len(language) == 2 else "en"
    title = _sentence_case(title, text, lang)
    sentences = ([title] if title else []) + split_sentences(text)
    split = [TOKEN.findall(sentence) for sentence in sentences]
    names = {t for tokens in split for t in tokens[1:] if t[:1].isupper()}  # capitalised mid-sentence
    words = {t for tokens in split for t in tokens if t[:1].islower()}
    written_as_names = frozenset(t for t in names if t.lower() not in words)
    seen: dict[str, _Seen] = {}
    position = 0
    for n, tokens in enumerate(split):
        in_title = bool(title) and n == 0
        for phrase, start, maximal, person, place in _phrases(tokens, lang, written_as_names):
            form = " ".join(phrase)
            key = tag_key(form)
            if not key:
                continue
            s = seen.get(key)
            if s is None:
                s = seen[key] = _Seen(first=position + start)
            s.forms[form] += 1
            s.count += 1
            at = position + start
            s.last = max(s.last, at)
            if maximal:
                s.maximal += 1
                s.person = s.person or person
                s.place = s.place or place
            if in_title:
                s.in_title = True
            if not s.proper and not form.islower():
                s.proper = any(w[:1].isupper() for w in phrase)
        position += len(tokens)
    _merge_surnames(seen)
    heads: Counter[str] = Counter()
    for key, s in seen.items():
        heads[key.rsplit(" ", 1)[-1]] += s.maximal
    yake_rank: dict[str, int] = {}
    for rank, yake_phrase in enumerate(key_phrases):
        yake_rank.setdefault(tag_key(yake_phrase), rank)
    total = max(1, position)
    out = []
    for key, s in seen.items():
        form = next(iter(s.forms)) if len(s.forms) == 1 else max(s.forms.items(), key=lambda kv: (kv[1], kv[0]))[0]
        form = form + "." if INITIALISM.fullmatch(form) and not form.endswith(".") else form
        if not _tag_worthy(form, s, lang):
            continue
        values = {"text": form, "key": key, "count": s.count, "first": s.first / total, "in_title": s.in_title,
                  "rarity": rarity(form, lang), "proper": s.proper, "last": s.last / total, "maximal": s.maximal,
                  "head_count": heads[key.rsplit(" ", 1)[-1]], "yake_rank": yake_rank.get(key, -1),
                  "kind": _kind_of(key, form, s)}
        out.append(Candidate(**values, prior=prior(values)))
    return out


def _phrases(tokens: list[str], language: str, names: frozenset[str] = frozenset()) -> list[tuple[list[str], int, bool, bool, bool]]:
    """The noun phrases among a sentence's tokens: (words, index of the first, whether it is a
    whole phrase rather than one inside a longer one, whether a personal title names it a
    person: "Mr Kennedy", "leader Charles Kennedy", and whether "in" or "near" puts it on a map). ``names`` are the words the article
    writes capitalised mid-sentence and never in lower case: names even at a sentence's start."""
    found: list[tuple[list[str], int, bool, bool, bool]] = []
    run: list[tuple[str, str, int]] = []  # (word, kind, index)

    def close() -> None:
        words = list(run)
        while words and words[-1][1] == ADJECTIVE:
            words.pop()
        if not words:
            return
        while len(words) > 1 and words[0][0].endswith("ing") and words[1][1] == NAME and "VERB" in _lemmas(words[0][0]):
            words = words[1:]  # "helping Beijing": a verb before a name
        titled = [t for t in range(len(words) - 1) if words[t][0].lower() in TITLE_WORDS and words[t + 1][1] == NAME]
        before = tokens[words[0][2] - 1] if words[0][2] else ""
        person = words[-1][1] == NAME and (before.lower() in PERSONAL_TITLES or any(
            words[t][0].lower() in PERSONAL_TITLES for t in titled))
        if titled:  # "Russian President Vladimir Putin" is "Vladimir Putin"
            words = words[titled[-1] + 1:]
        words = words[-PHRASE_WORDS:]
        place = words[-1][1] == NAME and before.lower() in LOCATIVES
        found.append(([w for w, _k, _i in words], words[0][2], True, person, place))
        if len(words) == 1:
            return
        names = next((n for n, (_w, k, _i) in enumerate(words) if k != NAME), len(words))
        spans = [(i, len(words)) for i in range(1, len(words))]  # what the phrase heads: "oil spill", "spill"
        if 0 < names < len(words):
            spans.append((0, names))  # the name it opens with: "Exxon Valdez" of "Exxon Valdez oil spill"
        for i, j in spans:
            if words[i][1] == ADJECTIVE:
                continue
            if j - i > 1 and words[i - 1][1] == NAME == words[i][1]:
                continue  # a name's tail ("Sea Route" of "Northern Sea Route") is no candidate; a surname alone is
            found.append(([w for w, _k, _i in words[i:j]], words[i][2], False, False, False))

    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        bare = POSSESSIVE.sub("", token) if ("'" in token or "’" in token) and len(token) > 2 else token
        initial = i == 0 or tokens[i - 1] in OPENERS
        kind = _kind(bare, initial, language)
        capital = bare[:1].isupper()
        if capital:
            if kind is None and (bare.lower() in NAME_OPENERS or (bare.lower() in NUMBER_WORDS and not initial)) \
                    and _opens_name(tokens, i):
                kind = NAME  # "New York", "First Lady", "the Six Nations"
            elif initial and kind in (NOUN, ADJECTIVE) and (bare in names or _opens_name(tokens, i)):
                kind = NAME  # "China faces …", "North Slope crude": a name at the start of a sentence
        if kind is not None and i + 1 < last and tokens[i + 1] == "." and not INITIALISM.fullmatch(bare) \
                and (kind != NAME or len(bare) <= 4):
            kind = None  # "the Ark. office": an abbreviation
        if kind == ADJECTIVE and run and run[-1][1] != ADJECTIVE and "VERB" in _lemmas(bare.lower()):
            kind = None  # "the order worried people": a verb after its subject
        elif kind == NAME and run and run[-1][1] != NAME:
            close()  # "oil giant Yukos", "tanker Exxon Valdez": the name is a phrase of its own
            run = []
        elif kind is not None and kind != NAME and _verb_here(bare.lower(), tokens[i - 1] if i else "", run[-1] if run else None,
                                                              tokens[i + 1].lower() if i < last else ""):
            kind = None
        if kind is None:
            if run:
                close()
                run = []
            continue
        run.append((bare if kind == NAME else bare.lower(), kind, i))
        if bare != token:  # a possessive ends its phrase: "Alaska's officer" is two
            close()
            run = []
    if run:
        close()
    return found


def _opens_name(tokens: list[str], i: int) -> bool:
    """Whether the capitalised word at ``i`` starts a run of capitalised words ("North Slope")."""
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    return following[:1].isupper() and following.lower() not in STOPWORDS


def _verb_here(low: str, previous: str, before: tuple[str, str, int] | None, following: str = "") -> bool:
    """Whether a word that can be a verb is one here: after "to", a modal or a pronoun ("to
    unload", "they call"); ending in "s" after a noun or name and before an object or particle
    ("Lavrov kicks off"); after a name, when it is a past form or no noun ("Arafat spoke",
    "Murphy denied", but "House seats"); or, as "-ing", a word that is no noun, or before an
    object, after a plural noun ("Hispanics living", "coasts show the", but "pensions reform")."""
    forms = _lemmas(low)
    if "VERB" not in forms:
        return False
    if previous.lower() in VERB_CUES:
        return True
    if before is not None and before[1] != ADJECTIVE and low.endswith("s") and following in OBJECT_CUES:
        return True  # "Lavrov kicks off", "Arafat accuses the US": a verb with its object
    if before is not None and before[1] == NAME:  # a past form, or no noun at all ("House seats" is one)
        return "NOUN" not in forms or (_verb_lemma(low) != low and not low.endswith("s"))
    if before is None or before[1] != NOUN or not before[0].endswith("s") or before[0].endswith("ss"):
        return False
    return not low.endswith("s") and (low.endswith("ing") or "NOUN" not in forms or following in OBJECT_CUES)


@lru_cache(maxsize=131_072)
def _kind(word: str, initial: bool, language: str) -> str | None:
    """A word's part in a noun phrase: a name, a noun, an adjective, or ``None`` (it ends one)."""
    low = word.lower()
    if not word[:1].isalpha() or low in STOPWORDS or low in BREAKS or low in ENTITY_WORDS or low in NUMBER_WORDS:
        return None
    if word in CALENDAR or low in TIME_WORDS or low in ABBREVIATIONS or "." in word.rstrip(".") and not INITIALISM.fullmatch(word):
        return None
    if INITIALISM.fullmatch(word) or (word.isupper() and len(word) > 1):
        return NAME
    if word[:1].isupper() and (not initial or not _lemmas(low)):  # a capital mid-sentence, or no English word
        return NAME
    if language != "en":
        return NOUN if len(low) > 2 else None
    forms = _lemmas(low)
    if not forms:
        return NOUN if len(low) > 2 else None
    if low.endswith("ed") and "VERB" in forms and "NOUN" not in forms:
        return ADJECTIVE  # a participle ("armed forces", "injured") describes; it names nothing alone
    if "NOUN" in forms or "PROPN" in forms:
        return None if low.endswith("ly") and "ADV" in forms else NOUN
    return ADJECTIVE if "ADJ" in forms else None


def _kind_of(key: str, form: str, s: _Seen) -> str:
    """What a candidate names: a person (a personal title says so), an organisation (an
    acronym, or a name ending in "Bureau", "Party", "Bank" …), a place (a country, or "in" or
    "near" before it), another name, or a topic (a phrase in lower case)."""
    if not s.proper:
        return "topic"
    if key in PLACES:
        return "place"
    if s.person:
        return "person"
    if form.split()[-1].lower() in ORGANISATIONS or (form.replace(".", "").isupper() and len(form) > 1):
        return "organisation"
    return "place" if s.place else "name"


def _tag_worthy(form: str, s: _Seen, language: str) -> bool:
    """Whether a candidate can be a tag at all: never a unit, a title ("Councilor") alone, a word under three letters (an
    abbreviation, or part of a name it did not join), a glued fragment, or a lone common
    lowercase word ("crash", "study", "people": the phrase it heads says what it is about)."""
    words = form.split()
    if len(words) > 1 and all(w.lower() in TIME_PHRASE for w in words):
        return False  # "next year", "last week": when, not what
    if len(words) > 1 and s.proper and words[-1].lower() in PUBLICATIONS:
        return False  # a publication's name ("Korea Times", "Washington Post") is a source, not a subject
    if len(words) == 1:
        low = form.lower()
        if form.islower() and low.endswith("ing") and "VERB" in _lemmas(low):
            return False  # "weighing": an action, not a thing
        if low in UNITS or low in TITLE_WORDS or (len(low) < MIN_LETTERS and not (INITIALISM.fullmatch(form) or form.isupper())):
            return False
        if form.islower() and zipf_frequency(low, language) >= JUNK_ZIPF:
            return False
        if form.islower() and len(low) >= GLUED_MIN_LETTERS and zipf_frequency(low, language) == 0 and _glued(low, language):
            return False
    return True


def _glued(word: str, language: str) -> bool:
    """Whether ``word`` is two known words run together ("politicaleconomic")."""
    return any(zipf_frequency(word[:i], language) >= 3 and zipf_frequency(word[i:], language) >= 3
               for i in range(3, len(word) - 2))


def _sentence_case(title: str, text: str, language: str) -> str:
    """A headline-case title ("Icebreakers Decide the Future") in the case its words have in
    running text, so capitals mark names, not headline style."""
    words = title.split()
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) < max(3, 0.6 * len(words)):
        return title
    out = []
    for word in words:
        bare = word.strip("\"'“”‘’:;,.!?()")
        low = bare.lower()
        in_text_lower = re.search(rf"\b{re.escape(low)}\b", text) is not None
        in_text_upper = re.search(rf"\b{re.escape(bare)}\b", text) is not None
        known = bool(_lemmas(low)) or zipf_frequency(low, language) >= COMMON_ZIPF
        if bare[:1].isupper() and not bare.isupper() and not in_text_upper and (in_text_lower or known):
            word = word.replace(bare, low, 1)
        out.append(word)
    return " ".join(out)


def _merge_surnames(seen: dict[str, _Seen]) -> None:
    """A name's last word alone joins the one full name of the article that ends in it
    ("Putin" into "Vladimir Putin"), and so does the first word of a two-word personal name
    written family name first ("Li" into "Li Shangfu"); place names and their adjectives never do."""
    ending: dict[str, list[str]] = {}
    starting: dict[str, list[str]] = {}
    for k, s in seen.items():
        if s.proper and s.maximal and " " in k:
            ending.setdefault(k.rsplit(" ", 1)[1], []).append(k)
            starting.setdefault(k.split(" ", 1)[0], []).append(k)
    for key in [k for k, s in seen.items() if s.proper and " " not in k and (k in ending or k in starting)]:
        if key in PLACE_WORDS or any(form.lower() in PLACE_WORDS for form in seen[key].forms):
            continue
        owners = ending.get(key, []) + [n for n in starting.get(key, []) if _personal(seen[n])]
        if len(owners) == 1:
            owner, word = seen[owners[0]], seen.pop(key)
            owner.count += word.maximal  # the surname's own mentions, not those inside the name
            owner.maximal += word.maximal
            owner.first, owner.last = min(owner.first, word.first), max(owner.last, word.last)
            owner.in_title = owner.in_title or word.in_title
            owner.person = owner.person or word.person


def _personal(name: _Seen) -> bool:
    """Whether a name reads as a person's written family name first ("Li Shangfu"): two words,
    the first no English word, the second a rare one."""
    words = max(name.forms, key=name.forms.__getitem__).split()
    return len(words) == 2 and not _lemmas(words[0].lower()) and zipf_frequency(words[1].lower(), "en") < PERSONAL_ZIPF


def is_good_keyword(phrase: str) -> bool:
    """False for fragments readers cannot use as tags: stop-word edges, numbers, verb and adverb bits."""
    words = phrase.split()
    if not words or (len(phrase) < 3 and not phrase.isupper()) or len(phrase) > 60:
        return False
    lowered = [w.lower() for w in words]
    if lowered[0] in STOPWORDS or lowered[-1] in STOPWORDS:
        return False
    if any(not (WORD.fullmatch(w) or INITIALISM.fullmatch(w)) for w in words):
        return False
    opener_verb = VERB_OR_ADVERB.search(lowered[0]) and "ADJ" not in _lemmas(lowered[0])
    if phrase.islower() and (opener_verb or (VERB_OR_ADVERB.search(lowered[-1]) and len(words) < 3)):
        return False
    inner = [w.lower() for w in words[1:-1] if w.lower() in STOPWORDS]
    if any(w in ("and", "or", "but", "nor") for w in inner):
        return False  # a coordination ("China and Russia") is two keywords, not one
    return not inner or all(w[:1].isupper() for w in words if w.lower() not in STOPWORDS)


def rarity(phrase: str, language: str) -> float:
    """How rare the words of ``phrase`` are in general English: 8 minus their mean Zipf frequency."""
    words = phrase.split()
    return sum(MAX_ZIPF - zipf_frequency(w.lower(), language) for w in words) / len(words) if words else 0.0
