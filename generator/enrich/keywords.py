"""Keyword candidates: the words and names an article is about, with what ranking needs.

Candidates are the article's content words and the names it uses (capitalised runs, titles
stripped: "Russian President Vladimir Putin" is "Vladimir Putin"). A surname alone merges
into the full name the article uses ("Putin" into "Vladimir Putin"). Junk never becomes a
candidate: stop-word edges, numbers, adverbs, verb forms, fragments. Each candidate carries
its count, where it first appears, whether the title uses it and how rare its words are in
general English (wordfreq); the group stage adds how many articles of the corpus use it and
ranks (:func:`score`). YAKE's phrases, which name topic hubs, are in :mod:`.phrases`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas
from wordfreq import zipf_frequency as _zipf_frequency

from ..model import Candidate
from ..tags import DEMONYMS, TITLE_WORDS, strip_titles, tag_key
from ..text import STOPWORDS, split_sentences

WORD = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")
VERB_OR_ADVERB = re.compile(r"(?:ing|ed|ly)$")
POSSESSIVE = re.compile(r"['’]s$")
PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]—–]+|\s-\s")
CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”—–|/]|\s-\s")
INITIALISM = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]\.?")
MAX_CANDIDATES = 80
TITLE_BOOST = 1.5
COUNT_EXPONENT = 0.8  # the tenth mention says less than the second
# Remnants of HTML entities whose '&' and ';' a scraper dropped ("quot", "amp").
ENTITY_WORDS = frozenset({"quot", "amp", "nbsp", "apos", "mdash", "ndash", "rsquo", "lsquo", "rdquo", "ldquo", "hellip"})
MULTIWORD_MIN_COUNT = 2
MAX_ZIPF = 8.0
COMMON_ZIPF = 4.5
GENERIC_ZIPF = 5.85
CALENDAR = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Christmas", "Easter", "Halloween", "Thanksgiving"])


@lru_cache(maxsize=131_072)
def zipf_frequency(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of ``word``, memoised (looked up for every word of every article)."""
    return _zipf_frequency(word, language)


@lru_cache(maxsize=65_536)
def _lemmas(word: str) -> tuple[str, ...]:
    """The parts of speech lemminflect knows ``word`` as, memoised."""
    return tuple(getAllLemmas(word))


@dataclass(frozen=True)
class _Seen:
    forms: Counter[str]
    count: int
    first: int
    proper: bool
    multiword: bool


def extract_candidates(title: str, text: str, language: str) -> tuple[Candidate, ...]:
    """The article's keyword candidates, best first by their own (corpus-free) score."""
    lang = language if len(language) == 2 else "en"
    title = _sentence_case(title, text, lang)
    sentences = ([title] if title else []) + split_sentences(text)
    seen: dict[str, _Seen] = {}
    mentions: list[tuple[str, list[str], int]] = []  # a name, the words it took, where
    position = 0
    for sentence in sentences:
        for c, clause in enumerate(CLAUSE_BREAK.split(sentence)):
            words = [POSSESSIVE.sub("", w) for w in WORD.findall(clause)]
            names, in_names = _names(words, sentence_start=c == 0)
            mentions.extend((name, [words[i] for i in taken], position) for name, taken in names)
            for i, word in enumerate(words):
                if i not in in_names and _usable_word(word, lang):
                    _add(seen, word, position + i, proper=word[:1].isupper() and not (c == 0 and i == 0), multiword=False)
            position += len(words)
    named = Counter(tag_key(name) for name, _w, _p in mentions)
    for name, words, at in mentions:
        if named[tag_key(name)] >= MULTIWORD_MIN_COUNT:
            _add(seen, name, at, proper=True, multiword=True)
        else:  # a name the article uses once: its words count on their own
            for word in words:
                if _usable_word(word, lang):
                    _add(seen, word, at, proper=True, multiword=False)
    _merge_surnames(seen)
    total = max(1, position)
    title_words = WORD.findall(title)
    title_keys = {tag_key(w) for w in title_words} | {tag_key(n) for n, _r in _names(title_words, True)[0]}
    out = []
    for key, s in seen.items():
        if s.multiword and s.count < MULTIWORD_MIN_COUNT and key not in title_keys:
            continue
        form = max(s.forms.items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0]
        form = form + "." if INITIALISM.fullmatch(form) else form
        out.append(Candidate(text=form, key=key, count=s.count, first=s.first / total, in_title=key in title_keys,
                             rarity=rarity(form, lang), proper=s.proper))
    out.sort(key=lambda c: (-score(c, 1.0), c.key))
    return tuple(out[:MAX_CANDIDATES])


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
        if bare[:1].isupper() and not bare.isupper() and (in_text_lower or (not in_text_upper and zipf_frequency(low, language) >= COMMON_ZIPF - 1)):
            word = word.replace(bare, low, 1)
        out.append(word)
    return " ".join(out)


def score(c: Candidate, corpus_idf: float) -> float:
    """How well ``c`` describes its article: count, rarity (general and in the corpus), position, title."""
    informativeness = 0.5 * corpus_idf + 0.5 * c.rarity
    return c.count ** COUNT_EXPONENT * informativeness * (1.2 - 0.4 * c.first) * (TITLE_BOOST if c.in_title else 1.0)


@lru_cache(maxsize=131_072)
def _usable_word(word: str, language: str = "en") -> bool:
    low = word.lower()
    if INITIALISM.fullmatch(word):
        return True
    if len(low) < 3 or low in STOPWORDS or low in TITLE_WORDS or word in CALENDAR or low in ENTITY_WORDS:
        return False
    if "." in low:
        return False
    if word.islower() and zipf_frequency(low, language) >= GENERIC_ZIPF:
        return False  # "time", "people", "year": in every text, about none
    if word.islower() and VERB_OR_ADVERB.search(low):
        forms = _lemmas(low)
        return bool(forms) and "NOUN" in forms  # "forming", "rapidly", "advanced" are no tags; "warning" is
    return True


def _names(words: list[str], sentence_start: bool) -> tuple[list[tuple[str, list[int]]], set[int]]:
    """Runs of two to four capitalised words, titles stripped: the names a clause uses, each
    with the positions of its words. A sentence's first word joins a run only when it is not
    a common word ("Last Wednesday"); longer runs are headline case, not names.
    """
    names: list[tuple[str, list[int]]] = []
    taken: set[int] = set()
    run: list[int] = []
    for i, word in enumerate(words + [""]):
        if word[:1].isupper() and word.lower() not in STOPWORDS and word not in CALENDAR:
            if not (i == 0 and sentence_start and zipf_frequency(word.lower(), "en") >= COMMON_ZIPF):
                run.append(i)
                continue
        if 2 <= len(run) <= 4:
            name = strip_titles(" ".join(words[j] for j in run))
            if len(name.split()) >= 2:
                names.append((name, run))
                taken.update(run)
        run = []
    return names, taken


def noun_phrases(text: str) -> set[str]:
    """Two- and three-word runs of content words ending in a noun: 'warning system', 'military exercises'."""
    found: set[str] = set()
    for clause in PHRASE_BREAK.split(text):
        words = [w.strip("\"'“”‘’") for w in clause.split()]
        content = [w.isalpha() and len(w) > 2 and w.lower() not in STOPWORDS for w in words]
        for size in (2, 3):
            for i in range(len(words) - size + 1):
                if all(content[i:i + size]) and _nounish(words[i + size - 1]):
                    found.add(" ".join(words[i:i + size]))
    return found


def _nounish(word: str) -> bool:
    forms = _lemmas(word.lower())
    return not forms or "NOUN" in forms or "PROPN" in forms


def is_good_keyword(phrase: str) -> bool:
    """False for fragments readers cannot use as tags: stop-word edges, numbers, verb and adverb bits."""
    words = phrase.split()
    if not words or len(phrase) < 3 or len(phrase) > 60:
        return False
    lowered = [w.lower() for w in words]
    if lowered[0] in STOPWORDS or lowered[-1] in STOPWORDS:
        return False
    if any(not (WORD.fullmatch(w) or INITIALISM.fullmatch(w)) for w in words):
        return False
    if phrase.islower() and (VERB_OR_ADVERB.search(lowered[0]) or (VERB_OR_ADVERB.search(lowered[-1]) and len(words) < 3)):
        return False
    inner = [w.lower() for w in words[1:-1] if w.lower() in STOPWORDS]
    if any(w in ("and", "or", "but", "nor") for w in inner):
        return False  # a coordination ("China and Russia") is two keywords, not one
    return not inner or all(w[:1].isupper() for w in words if w.lower() not in STOPWORDS)


def _add(seen: dict[str, _Seen], form: str, at: int, proper: bool, multiword: bool, count: int = 1) -> None:
    key = tag_key(form)
    if not key:
        return
    old = seen.get(key)
    if old is None:
        seen[key] = _Seen(Counter({form: count}), count, at, proper, multiword)
    else:
        old.forms[form] += count
        seen[key] = _Seen(old.forms, old.count + count, min(old.first, at), old.proper or proper, old.multiword)


def _merge_surnames(seen: dict[str, _Seen]) -> None:
    """A capitalised single word that starts or ends exactly one of the article's names joins
    that name ("Putin" into "Vladimir Putin"); place adjectives never do."""
    names = [k for k, s in seen.items() if s.multiword and s.proper]
    for key in [k for k, s in seen.items() if not s.multiword and s.proper]:
        if any(form.lower() in DEMONYMS for form in seen[key].forms):
            continue
        owners = [n for n in names if n.split()[-1] == key]
        if len(owners) == 1:
            owner, word = seen[owners[0]], seen.pop(key)
            seen[owners[0]] = _Seen(owner.forms, owner.count + word.count, min(owner.first, word.first), True, True)


def rarity(phrase: str, language: str) -> float:
    """How rare the words of ``phrase`` are in general English: 8 minus their mean Zipf frequency."""
    words = phrase.split()
    return sum(MAX_ZIPF - zipf_frequency(w, language) for w in words) / len(words) if words else 0.0


def idf(documents: int, containing: int) -> float:
    """Inverse document frequency of a candidate used by ``containing`` of ``documents`` articles."""
    return math.log((documents + 1) / (containing + 0.5))
