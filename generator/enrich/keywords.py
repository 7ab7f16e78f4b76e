"""Keyword candidates: the noun phrases and names an article is about, with what ranking needs.

Candidates are noun phrases, kept whole (Hulth 2003; the candidates of TF-IDF-over-noun-phrase,
Kea and MultipartiteRank): maximal runs of adjectives, nouns and names ending in a noun or a
name, up to four words ("Exxon Valdez oil spill", "illegal aliens", "Census Bureau"), and the
shorter phrases inside them that also end in one ("oil spill", "Exxon Valdez", "spill"). A
word's part of speech comes from lemminflect's lexicon; a capital letter mid-sentence marks a
name, and a name's lower-case particles join it ("Osama bin Laden", "E. de la Garza"); an
abbreviation's capital ("Sen. John Kerry") does not, and without its full stop it is a name
("Hun Sen"). Titles before a name go ("Russian President Vladimir Putin" is "Vladimir Putin"); a
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
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Candidate, SurnameEvidence, TagKind
from ..tag_keys import NAME_HEADS, PLACE_WORDS, TITLE_WORDS, tag_key
from ..text import STOPWORDS, split_sentences
from .keyword_model import prior
from .terms import sentence_tokens
from .words import (
    ADJECTIVE,
    CALENDAR,
    INITIALISM,
    LOCATIVES,
    NAME,
    NAME_OPENERS,
    NAME_PARTICLES,
    NOUN,
    NUMBER_WORDS,
    ORGANISATIONS,
    PERSONAL_TITLES,
    PLACES,
    PUBLICATIONS,
    TIME_PHRASE,
    UNITS,
    WordKind,
    abbreviated,
    glued,
    headline_verb,
    inside_name,
    is_good_keyword,
    lemmas,
    particle_of_name,
    rarity,
    sentence_case,
    superlative,
    verb_here,
    word_kind,
    zipf_frequency,
)

__all__ = ["MAX_CANDIDATES", "all_candidates", "extract_candidates", "is_good_keyword", "rarity", "zipf_frequency"]

POSSESSIVE = re.compile(r"['’]s?$")
PHRASE_WORDS = 4
MIN_LETTERS = 3  # a shorter lone word is an abbreviation or a fragment ("Li" is part of a name)
MAX_CANDIDATES = 120
PERSONAL_ZIPF = 3.5  # a word rarer than this is no common noun ("Shangfu", not "Post")
JUNK_ZIPF = 4.0  # a lone lowercase word this common is never a tag
GLUED_MIN_LETTERS = 10
OPENERS = frozenset('"“‘(')
@dataclass
class _Seen:
    """What one article says of one candidate, gathered as the text is read."""

    forms: dict[str, int] = field(default_factory=dict)  # how often each form is written (a dict: made 130 times an article)
    count: int = 0
    maximal: int = 0
    first: int = 0
    last: int = 0
    in_title: bool = False
    proper: bool = False
    person: bool = False
    place: bool = False

    def absorb(self, word: _Seen) -> None:
        """Take in the mentions of the surname ``word`` stands for: its own, not those inside this name."""
        self.count += word.maximal
        self.maximal += word.maximal
        self.first, self.last = min(self.first, word.first), max(self.last, word.last)
        self.in_title = self.in_title or word.in_title
        self.person = self.person or word.person

    def mention(self, phrase: list[str], at: int, maximal: bool, person: bool, place: bool, in_title: bool) -> None:
        """One more mention of the candidate, as ``phrase``, at token ``at`` of the article."""
        form = " ".join(phrase)
        self.forms[form] = self.forms.get(form, 0) + 1
        self.count += 1
        self.last = max(self.last, at)
        if maximal:
            self.maximal += 1
            self.person = self.person or person
            self.place = self.place or place
        if in_title:
            self.in_title = True
        if not self.proper and not form.islower():
            self.proper = any(w[:1].isupper() for w in phrase)


def extract_candidates(title: str, text: str, language: str, key_phrases: tuple[str, ...] = (),
                       split: list[list[str]] | None = None) -> tuple[Candidate, ...]:
    """The article's best ``MAX_CANDIDATES`` keyword candidates by their score before the corpus is known.
    ``key_phrases`` are YAKE's phrases, best first (a ranking feature); ``split`` the text's sentence tokens."""
    scored = sorted(all_candidates(title, text, language, key_phrases, split), key=lambda c: (-c.prior, c.key))
    return tuple(scored[:MAX_CANDIDATES])


def surname_evidence(candidates: tuple[Candidate, ...]) -> SurnameEvidence:
    """What ``candidates`` say of names: the keys of people, the whole names of several words
    (proper, standing as a phrase of their own, written with a capital), and the one-word keys
    written as a name and as a common word."""
    people = tuple(c.key for c in candidates if c.kind == "person")
    full = tuple(c.key for c in candidates if " " in c.key and c.proper and c.maximal and c.text.lstrip()[:1].isupper())
    singles = [c for c in candidates if c.key and " " not in c.key]
    return SurnameEvidence(people, full, tuple(c.key for c in singles if c.proper),
                           tuple(c.key for c in singles if not c.proper))


def all_candidates(title: str, text: str, language: str, key_phrases: tuple[str, ...] = (),
                   split: list[list[str]] | None = None) -> list[Candidate]:
    """Every keyword candidate of the article, in no particular order, each with its prior
    score (the IDF term, the same for all before the corpus is known, left out). ``split`` is
    the text's sentence tokens when the caller has them."""
    lang = language if len(language) == 2 else "en"
    title = sentence_case(title, text, lang)
    split = sentence_tokens(split_sentences(text)) if split is None else split
    seen, length = _mentions([*sentence_tokens([title]), *split] if title else split, bool(title), lang)
    _merge_surnames(seen)
    heads: Counter[str] = Counter()
    for key, s in seen.items():
        heads[key.rsplit(" ", 1)[-1]] += s.maximal
    yake_rank: dict[str, int] = {}
    for rank, yake_phrase in enumerate(key_phrases):
        yake_rank.setdefault(tag_key(yake_phrase), rank)
    total = max(1, length)
    out = []
    for key, s in seen.items():
        form = next(iter(s.forms)) if len(s.forms) == 1 else max(s.forms.items(), key=lambda kv: (kv[1], kv[0]))[0]
        form = form + "." if INITIALISM.fullmatch(form) and not form.endswith(".") else form
        if not _tag_worthy(form, s, lang):
            continue
        values: dict[str, Any] = {
            "text": form, "key": key, "mentions": s.count, "first": s.first / total, "in_title": s.in_title,
            "rarity": rarity(form, lang), "proper": s.proper, "last": s.last / total, "maximal": s.maximal,
            "head_count": heads[key.rsplit(" ", 1)[-1]], "yake_rank": yake_rank.get(key, -1), "kind": _kind_of(key, form, s)}
        out.append(Candidate(**values, prior=prior(values)))  # scored from its values: one tuple made, not two
    return out


def _mentions(split: list[list[str]], titled: bool, language: str) -> tuple[dict[str, _Seen], int]:
    """Every noun phrase of the article's sentences (split into tokens; the first is the title
    when ``titled``), gathered by tag key; and how many tokens the article has."""
    names = {t for tokens in split for t in tokens[1:] if t[:1].isupper()}  # capitalised mid-sentence
    words = {t for tokens in split for t in tokens if t[:1].islower()}
    written_as_names = frozenset(t for t in names if t.lower() not in words)
    seen: dict[str, _Seen] = {}
    position = 0
    for n, tokens in enumerate(split):
        verb = headline_verb(tokens) if titled and n == 0 and language == "en" else -1
        for phrase, start, maximal, person, place in _phrases(tokens, language, written_as_names, verb):
            key = tag_key(" ".join(phrase))
            if not key:
                continue
            s = seen.get(key)
            if s is None:
                s = seen[key] = _Seen(first=position + start)
            s.mention(phrase, position + start, maximal, person, place, titled and n == 0)
        position += len(tokens)
    return seen, position


Phrase = tuple[list[str], int, bool, bool, bool]  # words, index of the first, whole, a person, a place
Run = list[tuple[str, WordKind, int]]  # (word, kind, index) of the phrase being read


def _phrases(tokens: list[str], language: str, names: frozenset[str] = frozenset(), verb: int = -1) -> list[Phrase]:
    """The noun phrases among a sentence's tokens: (words, index of the first, whether it is a
    whole phrase rather than one inside a longer one, whether a personal title names it a
    person: "Mr Kennedy", "leader Charles Kennedy", and whether "in" or "near" puts it on a
    map). ``names`` are the words the article writes capitalised mid-sentence and never in
    lower case: names even at a sentence's start. ``verb`` is the place of a headline's verb."""
    found: list[Phrase] = []
    run: Run = []
    for i, token in enumerate(tokens):
        bare = POSSESSIVE.sub("", token) if ("'" in token or "’" in token) and len(token) > 2 else token
        kind = None if i == verb else _run_kind(tokens, i, bare, language, names, run)
        if kind == NAME and run and run[-1][1] != NAME:
            _close(run, tokens, found)  # "oil giant Yukos", "tanker Exxon Valdez": the name is a phrase of its own
            run = []
        if kind is None:
            if run:
                _close(run, tokens, found)
                run = []
            continue
        run.append((bare if kind == NAME else bare.lower(), kind, i))
        if bare != token:  # a possessive ends its phrase: "Alaska's officer" is two
            _close(run, tokens, found)
            run = []
    if run:
        _close(run, tokens, found)
    return found


def _run_kind(tokens: list[str], i: int, bare: str, language: str, names: frozenset[str], run: Run) -> WordKind | None:
    """The part the token at ``i`` (``bare``: without a possessive) plays in the phrase being read."""
    last = len(tokens) - 1
    if inside_name(tokens, i, bare, language, run):
        return NAME
    initial = i == 0 or tokens[i - 1] in OPENERS
    kind = word_kind(bare, initial, language)
    if bare[:1].isupper():
        kind = _capitalised(tokens, i, bare, kind, initial, names)
    if kind is not None and abbreviated(tokens, i, bare, kind):
        return None
    if kind == ADJECTIVE and run and run[-1][1] != ADJECTIVE and "VERB" in lemmas(bare.lower()):
        return None  # "the order worried people": a verb after its subject
    if kind is not None and kind != NAME and verb_here(bare.lower(), tokens[i - 1] if i else "", run[-1] if run else None,
                                                       tokens[i + 1].lower() if i < last else ""):
        return None
    return kind


def _capitalised(tokens: list[str], i: int, bare: str, kind: WordKind | None, initial: bool,
                 names: frozenset[str]) -> WordKind | None:
    """A capitalised word's part: a name when it opens one ("New York", "First Lady", "the Six
    Nations"), when a sentence starts with it and it is a name ("China faces …", "North Slope crude"), or
    when it is a name's particle ("Van der Sloot", "De Beers")."""
    if kind is None and (bare.lower() in NAME_OPENERS or (bare.lower() in NUMBER_WORDS and not initial)) \
            and _opens_name(tokens, i):
        return NAME
    if initial and kind in (NOUN, ADJECTIVE) and (bare in names or _opens_name(tokens, i)):
        return NAME
    return NAME if bare.lower() in NAME_PARTICLES and particle_of_name(tokens, i + 1) else kind  # "Van der Sloot", "De Beers"


def _trimmed(run: Run) -> Run:
    """The phrase read so far without its adjectives at the end, a superlative at its start
    ("biggest oil spill" is "oil spill": how a thing ranks is no part of what it is) and a verb
    before a name ("helping Beijing")."""
    words = list(run)
    while words and words[-1][1] == ADJECTIVE:
        words.pop()
    while len(words) > 1 and words[0][1] != NAME and superlative(words[0][0]):
        words = words[1:]
    while len(words) > 1 and words[0][0].endswith("ing") and words[1][1] == NAME and "VERB" in lemmas(words[0][0]):
        words = words[1:]
    return words


def _close(run: Run, tokens: list[str], found: list[Phrase]) -> None:
    """The phrase read so far, trimmed (:func:`_trimmed`), without titles before a name ("Russian
    President Vladimir Putin" is "Vladimir Putin"); then the shorter phrases it holds."""
    words = _trimmed(run)
    if not words:
        return
    titled = [t for t in range(len(words) - 1) if words[t][0].lower() in TITLE_WORDS and words[t + 1][1] == NAME
              and words[-1][0].lower() not in NAME_HEADS]  # "General Motors", "Prince William Sound" keep theirs
    before = tokens[words[0][2] - 1] if words[0][2] else ""
    person = words[-1][1] == NAME and (before.lower() in PERSONAL_TITLES or any(
        words[t][0].lower() in PERSONAL_TITLES for t in titled))
    if titled:  # "Russian President Vladimir Putin" is "Vladimir Putin"
        words = words[titled[-1] + 1:]
    words = words[-PHRASE_WORDS:]
    place = words[-1][1] == NAME and before.lower() in LOCATIVES
    found.append(([w for w, _k, _i in words], words[0][2], True, person, place))
    if len(words) > 1:
        _inner(words, found)


def _inner(words: Run, found: list[Phrase]) -> None:
    """The phrases inside a whole one: what it heads ("oil spill", "spill") and the name it opens
    with ("Exxon Valdez" of "Exxon Valdez oil spill"), never a name's tail."""
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


def _opens_name(tokens: list[str], i: int) -> bool:
    """Whether the capitalised word at ``i`` starts a run of capitalised words ("North Slope"); a
    month or a day after it is no more of a name ("Last December", "Early Monday")."""
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    return following[:1].isupper() and following.lower() not in STOPWORDS and following not in CALENDAR


def _kind_of(key: str, form: str, s: _Seen) -> TagKind:
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
    """Whether a candidate can be a tag at all: never a time phrase ("next year"), a
    publication's name, a name's one word that never stands alone ("Union" of "European Union",
    "Republic" of "Kyrgyz Republic" and "Soviet republic": a fragment, not a name), or a lone word
    that says too little (:func:`_lone_word_worthy`)."""
    words = form.split()
    if len(words) == 1 and s.proper and not s.maximal:
        return False
    if len(words) > 1 and all(w.lower() in TIME_PHRASE for w in words):
        return False  # "next year", "last week": when, not what
    if len(words) > 1 and s.proper and words[-1].lower() in PUBLICATIONS:
        return False  # a publication's name ("Korea Times", "Washington Post") is a source, not a subject
    return len(words) != 1 or _lone_word_worthy(form, language)


def _lone_word_worthy(form: str, language: str) -> bool:
    """Whether one word alone can be a tag: never a unit, a title ("Councilor") alone, a word
    under three letters (an abbreviation, or part of a name it did not join), a glued fragment,
    or a lone common lowercase word ("crash", "study", "people": the phrase it heads says what
    it is about)."""
    low = form.lower()
    if form.islower() and low.endswith("ing") and "VERB" in lemmas(low):
        return False  # "weighing": an action, not a thing
    if low in UNITS or low in TITLE_WORDS or (len(low) < MIN_LETTERS and not (INITIALISM.fullmatch(form) or form.isupper())):
        return False
    if form.islower() and zipf_frequency(low, language) >= JUNK_ZIPF:
        return False
    return not (form.islower() and len(low) >= GLUED_MIN_LETTERS and zipf_frequency(low, language) == 0
                and glued(low, language))


def _merge_surnames(seen: dict[str, _Seen]) -> None:
    """A name's last word alone joins the one full name of the article that ends in it
    ("Putin" into "Vladimir Putin", "bin Laden" into "Osama bin Laden": with its particles), and so
    does the first word of a two-word personal name written family name first ("Li" into "Li
    Shangfu"); place names and their adjectives never do."""
    ending: dict[str, list[str]] = {}
    starting: dict[str, list[str]] = {}
    for k, s in seen.items():
        if s.proper and s.maximal and " " in k:
            ending.setdefault(k.rsplit(" ", 1)[1], []).append(k)
            starting.setdefault(k.split(" ", 1)[0], []).append(k)
    for key in [k for k, s in seen.items() if s.proper and _surname(k, ending, starting)]:
        if key in PLACE_WORDS or any(form.lower() in PLACE_WORDS for form in seen[key].forms):
            continue
        owners = _owners(key, ending, starting, seen)
        if len(owners) == 1:
            seen[owners[0]].absorb(seen.pop(key))


def _owners(key: str, ending: dict[str, list[str]], starting: dict[str, list[str]], seen: dict[str, _Seen]) -> list[str]:
    """The article's names a surname ``key`` may stand for: those ending in it, and a personal name
    written family name first that starts with it; a name that is another of them with words
    before it counts as that one ("Ukraine Marie Yovanovitch" is "Marie Yovanovitch")."""
    owners = [n for n in ending.get(key.rsplit(" ", 1)[-1], []) if n != key and n.endswith(" " + key) and n in seen] \
        + [n for n in starting.get(key, []) if n in seen and _personal(seen[n])]  # a name merged already is gone
    return [n for n in owners if not any(n != m and n.endswith(" " + m) for m in owners)]


def _surname(key: str, ending: dict[str, list[str]], starting: dict[str, list[str]]) -> bool:
    """Whether a key may stand for a longer name: one word that ends or starts one (``ending``,
    ``starting``: the article's names of several words by their last and first words), or a
    surname with its particles ("bin laden")."""
    if " " not in key:
        return key in ending or key in starting
    return set(key.split()[:-1]) <= NAME_PARTICLES


def _personal(name: _Seen) -> bool:
    """Whether a name reads as a person's written family name first ("Li Shangfu"): two words,
    the first no English word, the second a rare one."""
    words = max(name.forms, key=name.forms.__getitem__).split()
    return len(words) == 2 and not lemmas(words[0].lower()) and zipf_frequency(words[1].lower(), "en") < PERSONAL_ZIPF
