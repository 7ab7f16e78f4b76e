"""Small text helpers shared by the enrich and group stages: sentences, words, slugs."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from .scripts import (
    CJK_CLOSE,
    CJK_STOP,
    MARK,
    MARKED_WORD,
    OTHER_STOPS,
    SPECIAL,
    UNSPACED_CHAR,
    transliterate,
    unspaced_bigrams,
    word_count,
)

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "gov", "sen", "rep", "st",
    "jr", "sr", "vs", "no", "inc", "ltd", "co", "corp", "dept", "est", "fig", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "approx",
    "adm", "pres", "rev", "hon", "mt", "ft",
})
CLOSERS = "\"”’')]"  # what may close a sentence after its full stop
OPENERS = "\"“‘'(["  # what may open a sentence before its first letter
SENTENCE_BREAK = re.compile(  # a stop, closing marks, a space and a letter or digit (split_sentences: not a lower-case one)
    f"(?<=[.!?…{OTHER_STOPS}])[{re.escape(CLOSERS)}]*\\s+(?=[{re.escape(OPENERS)}]*[^\\W_])"
    f"|(?<=[{CJK_STOP}])\\s*(?=[^\\s{CJK_CLOSE}])|(?<=[{CJK_STOP}][{CJK_CLOSE}])\\s*(?=\\S)")  # CJK stops need no space
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
WIRE_DATELINE = re.compile(  # "LONDON (Reuters) - ", "NAIROBI, Kenya (AP) — ", "BEIJING, March 5 (Xinhua) -- "
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30}?)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*\(([A-Z][\w&.' -]{0,30})\)\s*[-–—]{1,2}\s*")
STOPWORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren't",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during",
    "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he",
    "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how", "how's",
    "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's",
    "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
    "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd",
    "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their",
    "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're",
    "they've", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasn't", "we",
    "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where", "where's",
    "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't", "would", "wouldn't", "you",
    "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves", "said", "says", "say",
    "will", "just", "may", "might", "must", "shall", "one", "two", "also", "however", "many", "much", "even",
    "still", "yet", "like", "well", "new", "last", "first", "since", "told", "added", "according", "asked",
    "reported", "tells", "adds", "asks",
])


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations ('U.S.', 'Gen.') and initials ('M. K.')
    intact, and a sentence's closing quotes and brackets with it. A sentence opens with a capital
    ('État', 'Инженеры'), a digit, or a letter of a script without capitals; Chinese and Japanese
    ones need no space after the stop before them. Sentences never run across a line break."""
    return [sentence for paragraph in text.split("\n") for sentence in paragraph_sentences(paragraph)]


def paragraph_sentences(paragraph: str) -> list[str]:
    """The sentences of one line of text (:func:`split_sentences`), each a substring of it."""
    paragraph = paragraph.strip()
    out: list[str] = []
    start = 0
    for m in SENTENCE_BREAK.finditer(paragraph):
        if paragraph[m.end():].lstrip(OPENERS)[:1].islower():
            continue  # a capital opens a sentence, in any script that has capitals; a digit, or a letter of one without
        before = paragraph[start:m.start()].rstrip(CLOSERS)
        last = before.rsplit(None, 1)[-1].lower().rstrip(".") if before.split() else ""
        if before.endswith(".") and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        closers = len(m.group()) - len(m.group().lstrip(CLOSERS))
        out.append(paragraph[start:m.start() + closers].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, apostrophes and inner hyphens kept, and the combining
    marks of Indic and other scripts (:mod:`generator.scripts`); Chinese and Japanese as
    :func:`generator.scripts.unspaced_bigrams`."""
    if text.isascii():  # lower-casing ASCII never changes where a word starts or ends
        return WORD.findall(text.lower())
    special = SPECIAL.search(text) is not None  # most text: no combining marks, no Chinese or Japanese
    found = [w.lower().replace("’", "'") for w in (MARKED_WORD if special and MARK.search(text) else WORD).findall(text)]
    return unspaced_bigrams(found) if special and UNSPACED_CHAR.search(text) else found


def content_words(text: str) -> list[str]:
    """Lower-cased words without stop words, numbers or one-letter tokens, lightly stemmed."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


COMPARISON_MIN_LENGTH = 3  # "un", "eu" and the like say little about what an article is about


def comparison_stems(words: list[str]) -> list[str]:
    """The stems of the content words among ``words`` (:func:`generator.tag_keys.tokens`), in
    order and repeated as they come: stop words and words under three letters left out (two
    Chinese or Japanese characters, a word of their own, stay). An article's comparison terms
    (:mod:`generator.enrich.terms`) are these of its title and text."""
    kept = (stem(t) for t in words if t not in STOPWORDS and (len(t) >= COMPARISON_MIN_LENGTH or _character_pair(t)))
    return [s for s in kept if s]


def _character_pair(token: str) -> bool:
    """Whether ``token`` is two Chinese or Japanese characters (:func:`unspaced_bigrams`)."""
    return len(token) == 2 and UNSPACED_CHAR.match(token) is not None


@lru_cache(maxsize=131_072)
def stem(word: str) -> str:
    """A light English stemmer: plural and possessive endings only, so stems stay readable."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def written_forms(term: str) -> list[str]:
    """The words :func:`stem` makes ``term`` of, bar possessives: the stem itself, its plural in
    "-s" ("thomas" for "thoma") and, for a stem in "-y", its plural in "-ies"."""
    plurals = [term + "s", *([term[:-1] + "ies"] if term.endswith("y") else [])]
    return [term, *(word for word in plurals if stem(word) == term)]


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower-case, hyphen-separated; empty when nothing usable is left. Accents go
    ("Café" is "cafe"); a letter that is no Latin letter under its accents ("Путин", "北京", "ß")
    is transliterated (:func:`transliterate`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if not text.isascii() and _letters(ascii_text) < _letters(text):
        ascii_text = transliterate(text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def article_slug(title: str, path: str, max_length: int = 80) -> str:
    """A slug from ``title``, or, when nothing of it is left, from the name of the file at
    ``path`` (without its extension); "article" when neither gives one."""
    return (slugify(title, max_length) or slugify(posixpath.splitext(posixpath.basename(path))[0], max_length)
            or "article")


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop words YAKE ships for ``language`` (none for a language it has no list of), read
    from its package without importing it (the import loads NetworkX)."""
    spec = find_spec("yake")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    lists = Path(next(iter(spec.submodule_search_locations))) / "core" / "StopwordsList"
    try:
        data = (lists / f"stopwords_{language[:2].lower()}.txt").read_bytes()
    except OSError:
        return frozenset()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # as YAKE reads its lists: UTF-8, else Latin-1
        text = data.decode("iso-8859-1")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


ENGLISH_SHARE = 0.2  # of a sample's words English function words: English prose has a third or more
ENGLISH_SAMPLE_WORDS = 30  # fewer words than this go to the model


def guess_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in: English when a fifth of its
    opening's words are English function words, else py3langid's model. On the labelled sets
    English texts have 36% or more at the 5th percentile and texts in other languages at most
    3.4%, and the model agreed with the shortcut on all of them; the shortcut spares most
    articles the model (half a millisecond a text) and most processes its loading (a third of
    a second)."""
    sample = text[:1500]  # plenty for the model; the time grows with the text
    found = words(sample)
    if len(found) >= ENGLISH_SAMPLE_WORDS and sum(w in STOPWORDS for w in found) >= ENGLISH_SHARE * len(found):
        return "en"
    import py3langid  # its model loads on first use: a build with nothing to do never needs it

    if word_count(sample) < 5:
        return "en"
    code, _score = py3langid.classify(sample)
    return str(code)


QUOTE_PAIRS = (("“", "”"),)
QUOTE_SENTENCES = 4  # a quotation running over more sentences than this is not used whole


def balanced(sentence: str) -> bool:
    """Whether every quotation the sentence opens is closed in it (a quote cut at a sentence
    break would run on into nothing)."""
    if sentence.count('"') % 2:
        return False
    return all(sentence.count(opening) == sentence.count(closing) for opening, closing in QUOTE_PAIRS)


def whole_quotes(paragraph: str, sentences: list[str] | None = None) -> list[str]:
    """A paragraph's sentences (``sentences``, its :func:`paragraph_sentences` when the caller
    has them), with a quotation that runs over several of them as one unit (kept whole, as the
    paragraph writes it); a quotation still open after ``QUOTE_SENTENCES`` sentences or at the
    paragraph's end leaves its sentences out."""
    units: list[str] = []
    start = end = at = 0
    pending = 0
    for sentence in paragraph_sentences(paragraph) if sentences is None else sentences:
        found = paragraph.find(sentence, at)  # the splitter returns the paragraph's own substrings, in order
        if not pending:
            start = found
        end = at = found + len(sentence)
        pending += 1
        if balanced(paragraph[start:end]):
            units.append(paragraph[start:end])
            pending = 0
        elif pending >= QUOTE_SENTENCES:
            pending = 0
    return units
