"""Metadata finders: title, author, outlet, original source, date and kind, each with its origin.

Lines that only carry metadata (the title, a byline, a dateline) are reported back so the
cleaner takes them out of the body with the finder's name as the rule.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import resources
from urllib.parse import urlsplit

from ..enrich.word_lists import word_list
from ..model import Block, Field, FrontMatter, Metadata, RawDoc
from ..scripts import OTHER_STOPS, word_count
from ..text import ABBREVIATIONS, WIRE_DATELINE
from .region import DUMP_FORMATS, region_bounds

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_DATE = rf"(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}"
BYLINE = re.compile(  # "By Jane Roe", "By Jane Roe, The Herald", "By Jane Roe | March 5, 2024", "By JANE ROE (AP)"
    rf"^(?i:posted |written |words )?(?i:by)\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|and))*)"
    rf"(?:\s*[,|]\s*((?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){{0,4}}))?"
    rf"(?:\s*(?:on|,|\||-|–)\s*(?:{MONTH_DATE}).*)?"
    r"(?:\s*\((?:[Dd]istributed by\s+)?[A-Z][^()]{0,60}\))?\s*$"  # "(AP)", "(Distributed by New York Times Special Features)"
)
ROLE_WORDS = re.compile(r"\b(?:correspondent|writer|reporter|editor|staff|contributor|columnist|analyst|journalist"
                        r"|producer|fellow|professor|director|chief)s?\b", re.IGNORECASE)  # "By Jane Roe, Staff Writer"
DATE_LINE = re.compile(  # a line that is only a date: "March 5, 2024", "Tuesday, 5 March 2024, 10:42 GMT", "Updated: …"
    rf"^(?:(?:Published|Updated|Posted)(?: on)?:?\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?({MONTH_DATE})"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\.?$")
CALENDAR = tomllib.loads(resources.files(__package__).joinpath("calendar.toml").read_text(encoding="utf-8"))
SENTENCE_END = re.compile(f"[.!?:\u3002{OTHER_STOPS}][\"'”’)]*$")  # a line ending a sentence (or a colon)
CITY_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30}?)?\s+(?:—|–|--)\s+")  # "WASHINGTON — "
PROSE_WORDS = 30  # a paragraph this long is the article's prose, not a page's chrome
HEADLINE_BREAK = re.compile(r"\s(?:[-–—|]|--)\s|:\s")  # what parts a headline from what follows it on one line
CLIPPED_LEAD = "clipped lead"  # the removal of a first line that is the opening cut off (:func:`clipped_lead`)
PUBLICATION_WORDS = word_list("publications")  # "Korea Times", "Barents Observer": the keyword stage's list
LANGUAGES = {code: table for code, table in CALENDAR.items() if isinstance(table, dict)}
MONTH_NUMBER = {name: number for table in LANGUAGES.values() for number, names in enumerate(table["months"], 1)
                for name in names.split("|")}  # the other languages' months: "mars" is 3


def _any_of(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CALENDAR_WORDS = frozenset(name for table in LANGUAGES.values() for key in ("months", "weekdays") for names in table[key]
                           for name in names.split("|"))  # "mardi", "März": when, not what (the keyword stage reads them)
WEEKDAY_NAMES = _any_of([name for table in LANGUAGES.values() for names in table["weekdays"] for name in names.split("|")])
LOCAL_DATE = (rf"(\d{{1,2}})\.?\s+(?:de\s+)?({_any_of(list(MONTH_NUMBER))})\.?\s+(?:de\s+)?(\d{{4}})"
              rf"(?:\s*(?:{_any_of(CALENDAR['year_after'])})\.?)?")  # "5 mars 2024", "5. März 2024", "5 de marzo de 2024"
LOCAL_DATE_LINE = re.compile(  # "mardi 5 mars 2024", "Dienstag, 5. März 2024, 10:42 Uhr"
    rf"^(?:(?:{WEEKDAY_NAMES}),?\s+)?({LOCAL_DATE})(?:[,\s]+(?:(?:{_any_of(CALENDAR['time_before'])})\s*)?"
    rf"\d{{1,2}}[:.h]\d{{2}}(?:\s*(?:{_any_of(CALENDAR['time_after'])}))?)?\.?$", re.IGNORECASE)
LOCAL_DATE_ONLY = re.compile(LOCAL_DATE, re.IGNORECASE)  # day, month and year as groups 1 to 3
SITE_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
MONTH_START = re.compile(rf"(?:{MONTHS})\b")
DATELINE = re.compile(rf"^([A-Z][\w .&'’-]{{1,60}}),\s+({MONTH_DATE})$")
FIRST_PUBLISHED = re.compile(r"^(?:this article was )?(?:first|originally) published (?:on |in )?(.*?)(?:\bby\b.*)?$",
                             re.IGNORECASE)
ORIGINAL_SOURCE = re.compile(r"^the original source of this article is\s+(.{2,80}?)\.?(?:\s+copyright\b.*)?$", re.IGNORECASE)
EDITOR_NOTE_AUTHOR = re.compile(
    r"^[Ee]ditor[’']?s [Nn]ote\s*:?\s*([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}) (?:is|was|serves as) (?:an?|the)\b"
)
VIEWS_OF = re.compile(r"not necessarily (?:reflect )?the views of ([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3})")
TITLE_PREFIX = re.compile(r"^((?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}):\s+\S")
SECTION_WORDS = re.compile(r"\b(?:opinions?|editorials?|news|staff|desk|team|world|politics|business|analysis|comment)\b",
                           re.IGNORECASE)
OPINION = re.compile(r"\b(?:opinions?|op-ed|editorials?|commentary|columns?)\b", re.IGNORECASE)
ANALYSIS = re.compile(r"\banalys[ie]s\b", re.IGNORECASE)
KINDS = ("news", "opinion", "analysis", "repost")
WEB_ADDRESS = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
MAX_TITLE_WORDS = 30


def find_metadata(raw: RawDoc) -> tuple[Metadata, dict[int, str]]:
    """Find the article's metadata; return it with the indexes of metadata-only blocks."""
    fm: FrontMatter = raw.frontmatter
    blocks = raw.blocks
    consumed: dict[int, str] = {}
    title = _title(fm, blocks, raw.format, consumed)
    author, section, outlet = _people(fm, blocks, consumed)
    original = _original_source(blocks, title)
    if original.value:
        for i, b in enumerate(blocks[:15]):
            if i not in consumed and b.text == original.value:
                consumed[i] = "source-credit"
    date = _date(fm, blocks, consumed, outlet)
    if outlet.value is None and date[1].value:
        outlet = date[1]
    if outlet.value is None:
        outlet = _wire_outlet(blocks)
    kind = _kind(fm, blocks, section, original)
    language = Field(fm.language, "frontmatter:language") if fm.language else Field("en", "default")
    url = Field(fm.url, "frontmatter:url") if fm.url and WEB_ADDRESS.match(fm.url) else Field(None)
    if outlet.value is None and url.value:  # a scraper's file names its page, not its outlet: the site is the outlet
        outlet = _site_of(url.value)
    image = Field(fm.image, "frontmatter:image") if fm.image and WEB_ADDRESS.match(fm.image) else Field(None)
    meta = Metadata(title=title, author=author, outlet=outlet, section=section, original_source=original,
                    date=date[0], first_published=_first_published(blocks), kind=kind, language=language, url=url,
                    image=image)
    return meta, consumed


def _title(fm: FrontMatter, blocks: tuple[Block, ...], fmt: str, consumed: dict[int, str]) -> Field:
    heading = _headline(blocks, fmt)
    if heading is not None:
        consumed[heading] = "title"
        return Field(fm.title, "frontmatter:title") if fm.title else Field(blocks[heading].text, "h1")
    if fm.title:
        return Field(fm.title, "frontmatter:title" if fmt != "html" else "page:title")
    if fmt == "text" and len(blocks) > 1 and _looks_like_title(blocks[0].text):
        line, parts = _byline_text(blocks, 1)  # the text may open past a byline
        following = blocks[1 + parts].text if BYLINE.match(line) and 1 + parts < len(blocks) else blocks[1].text
        if clipped_lead(blocks[0].text, following):
            consumed[0] = CLIPPED_LEAD
            return Field(None)
        consumed[0] = "title"
        return Field(blocks[0].text, "first line")
    return Field(None)


def clipped_lead(line: str, following: str) -> bool:
    """Whether ``line`` is the opening of the ``following`` paragraph cut off mid-sentence (a
    feed or an export that fills the title with the first words of the text), not a headline:
    the paragraph (after a dateline, "LONDON (Reuters) - " or "WASHINGTON — ") starts with the
    line and goes on within its sentence: with a comma, a semicolon, or a space and a word in
    lower case or a number; with the full stop of an abbreviation the line ends in ("… for
    Gen" of "… for Gen. Augusto Pinochet"); or, in running text, with a capitalised word and no
    break (:func:`_runs_on`: "… Republicans and White" of "… White House officials wrestled").
    Not with a colon or a dash: a headline the text repeats before its site's name ("… - The
    Jerusalem Post") or its dateline ("… dad Lima, Peru - Accused …"); nor inside a word or
    after a sentence's end."""
    head = " ".join(line.split())
    if SENTENCE_END.search(head):
        return False
    texts = {" ".join(dateline.sub("", following.strip(), count=1).split()) for dateline in (WIRE_DATELINE, CITY_DATELINE)}
    return any(_goes_on(head, text[len(head):]) for text in texts if len(text) > len(head) + 1 and text.startswith(head))


def _goes_on(head: str, rest: str) -> bool:
    """Whether ``rest``, what the paragraph says after ``head``, goes on within head's sentence."""
    if rest[0] in ",;" or (rest[:2] == ". " and head.rsplit(" ", 1)[-1].lower() in ABBREVIATIONS):
        return True
    return rest[0] == " " and (rest[1].islower() or rest[1].isdigit() or (rest[1].isupper() and _runs_on(head, rest)))


def _runs_on(head: str, rest: str) -> bool:
    """Whether the cut between ``head`` and ``rest`` (which opens with a capitalised word) falls
    inside running text: the head is written in sentence case (most of its words after the
    first in lower case, as a sentence is and a title-case headline is not), and the sentence
    goes on past the cut with no dash, colon or bar: the marks that part a headline from its
    site's name, a dateline or a subtitle."""
    words = head.split()[1:]
    lower = sum(w[:1].islower() for w in words)
    sentence = rest.split(". ", 1)[0]
    return lower * 2 > len(words) and not HEADLINE_BREAK.search(sentence)


def _headline(blocks: tuple[Block, ...], fmt: str) -> int | None:
    """The index of the article's top-level heading. In a file that may hold a whole page, the
    last one above the article's prose (a site-name heading, menus and teasers come first);
    otherwise, or when there is none, the first one among the opening blocks."""
    top = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1]
    if not top:
        return None
    if fmt in DUMP_FORMATS:
        bounds = region_bounds(blocks)
        above = [i for i in top if bounds and i < bounds[0] and 2 <= len(blocks[i].text.split()) <= MAX_TITLE_WORDS]
        if above:
            return above[-1]
    return top[0] if top[0] < 8 else None


def _looks_like_title(text: str) -> bool:
    """A short line that ends no sentence and opens with a capital, a digit or a letter of a
    script without capitals (Arabic, Chinese …). A line of Chinese or Japanese is one run of
    characters: it is short by its characters."""
    words = text.split()
    first = text.lstrip("\"'“‘(«[\u300c\u300e")[:1]  # "'The Medium is the Message': …" starts with a quote
    uncased = first.isalpha() and first.lower() == first.upper()
    short = 2 <= len(words) <= 25 or (uncased and len(words) < 2 and 4 <= word_count(text) <= 40)
    ends_sentence = re.search(f"[.,;\u3002\uff0c\uff1b{OTHER_STOPS}]$", text) is not None
    return short and not ends_sentence and (first.isupper() or first.isdigit() or uncased)


def _people(fm: FrontMatter, blocks: tuple[Block, ...], consumed: dict[int, str]) -> tuple[Field, Field, Field]:
    author, section, outlet = Field(None), Field(None), Field(None)
    if fm.outlet:
        outlet = Field(fm.outlet, "frontmatter:outlet")
    if fm.author:
        if " - " in fm.author or SECTION_WORDS.search(fm.author):
            section = Field(fm.author, "frontmatter:author (a section)")
            if outlet.value is None:
                outlet = Field(fm.author.split(" - ")[0].strip(), "frontmatter:author (outlet part)")
        else:
            author = Field(fm.author, "frontmatter:author")
    for i, b in enumerate(blocks[:15]):
        author, outlet = _read_byline(blocks, i, consumed, author, outlet)
        note = EDITOR_NOTE_AUTHOR.match(b.text)
        if note and author.value is None:
            author = Field(note.group(1), "editor's note")
        views = VIEWS_OF.search(b.text)
        if views and outlet.value is None:
            outlet = Field(views.group(1), "editor's note")
    for i in _far_byline_places(blocks):
        author, outlet = _read_byline(blocks, i, consumed, author, outlet)
    if section.value is None and fm.categories:
        section = Field(fm.categories[-1], "frontmatter:categories")
    return author, section, outlet


def _far_byline_places(blocks: tuple[Block, ...]) -> range:
    """Where else a byline may be, past the first 15 blocks: among the 15 blocks
    above the first long paragraph and the 2 after it (menus and a site's header can push the
    article far down)."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "paragraph" and len(b.text.split()) >= PROSE_WORDS), 0)
    return range(max(15, first - 15), min(len(blocks), first + 3))


def _read_byline(blocks: tuple[Block, ...], i: int, consumed: dict[int, str], author: Field,
                 outlet: Field) -> tuple[Field, Field]:
    """The author and outlet once the block at ``i`` is read as a byline, if it is one. Among the
    first 15 blocks a byline leaves the body; further down, of one name of two words or more, it is
    left where it is, for the article to be found among the page's own blocks."""
    line, parts = _byline_text(blocks, i)
    m = BYLINE.match(line)
    if not m or len(line.split()) > 16 or (i >= 15 and len(m.group(1).split()) < 2):
        return author, outlet
    if i < 15:
        consumed.update(dict.fromkeys(range(i, i + parts), "byline"))
    if author.value is None:
        author = Field(_name_case(_dedupe_name(m.group(1).strip())), "byline")
    named = m.group(2)
    if outlet.value is None and named and not ROLE_WORDS.search(named) and not MONTH_START.match(named):
        outlet = Field(named, "byline")
    return author, outlet


def _byline_text(blocks: tuple[Block, ...], i: int) -> tuple[str, int]:
    """The byline the block at ``i`` may start, and how many blocks it takes: a lone "By" takes
    the name in the block after it ("By" / "Ana Swanson")."""
    if blocks[i].text.strip().lower() == "by" and i + 1 < len(blocks) and len(blocks[i + 1].text.split()) <= 8:
        return f"By {blocks[i + 1].text.strip()}", 2
    return blocks[i].text, 1


def _site_of(url: str) -> Field:
    """The site a page's address names, without a leading "www." or "m." ("reuters.com")."""
    host = (urlsplit(url).hostname or "").lower()
    host = SITE_PREFIX.sub("", host)
    return Field(host, "url") if "." in host else Field(None)


def _wire_outlet(blocks: tuple[Block, ...]) -> Field:
    """The agency a wire story's dateline names ("LONDON (Reuters) - …", "BEIJING, March 5 (Xinhua) --")."""
    for b in blocks[:15]:
        m = WIRE_DATELINE.match(b.text)
        if m and b.kind == "paragraph":
            return Field(m.group(1).strip(), "wire dateline")
    return Field(None)


def _name_case(name: str) -> str:
    """A name of several words a byline writes in capitals ("DAVID PLOTZ") as a name is written ("David Plotz")."""
    if not (name.isupper() and " " in name):
        return name
    return " ".join(w.capitalize() if w.isalpha() else w.title() for w in name.split())


def _dedupe_name(name: str) -> str:
    """'Sean Martin Sean Martin' (a byline link and its text) is 'Sean Martin'."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if len(words) % 2 == 0 and words[:half] == words[half:] else name


def _original_source(blocks: tuple[Block, ...], title: Field) -> Field:
    for b in blocks:
        m = ORIGINAL_SOURCE.match(b.text)
        if m:
            return Field(m.group(1).strip(), "original-source line")
    m = TITLE_PREFIX.match(title.value or "")
    if m:  # "Korea Times: Russia and China …": a publication's name, not a desk's label or a subject ("Study: …")
        name = m.group(1)
        if not name.startswith("The ") and any(f"The {name}" in b.text for b in blocks):
            name = f"The {name}"
        if name.startswith("The ") or name.rsplit(None, 1)[-1].lower() in PUBLICATION_WORDS:
            return Field(name, "title prefix")
    return Field(None)


def _date(fm: FrontMatter, blocks: tuple[Block, ...], consumed: dict[int, str], outlet: Field) -> tuple[Field, Field]:
    """The publication date, and the outlet when a dateline names it."""
    dateline_outlet = Field(None)
    for i, b in enumerate(blocks[:15]):
        m = DATELINE.match(b.text)
        if m:
            consumed[i] = "dateline"
            dateline_outlet = Field(m.group(1).strip(), "dateline")
            if not fm.date:
                parsed = parse_date(m.group(2))
                if parsed:
                    return Field(parsed.isoformat(), "dateline"), dateline_outlet
    if fm.date:
        parsed = parse_date(fm.date)
        if parsed:
            return Field(parsed.isoformat(), "frontmatter:date"), dateline_outlet
    for b in blocks[:20]:
        m = FIRST_PUBLISHED.match(b.text)
        if m:
            parsed = parse_date(m.group(1))
            if parsed:
                return Field(parsed.isoformat(), "first-published line"), dateline_outlet
    for i, b in enumerate(blocks[:10]):
        m = DATE_LINE.match(b.text) or LOCAL_DATE_LINE.match(b.text)
        parsed = parse_date(m.group(1)) if m else None
        if parsed:
            consumed[i] = "date line"
            return Field(parsed.isoformat(), "date line"), dateline_outlet
    return Field(None), dateline_outlet


def _first_published(blocks: tuple[Block, ...]) -> Field:
    for b in blocks[:40]:
        m = FIRST_PUBLISHED.match(b.text)
        parsed = parse_date(m.group(1)) if m else None
        if parsed:
            return Field(parsed.isoformat(), "first-published line")
    return Field(None)


def parse_date(text: str) -> datetime | None:
    """Parse ISO 8601, RFC 2822 or 'April 23, 2023' / '23 April 2023'; ``None`` if it is none of these."""
    text = text.strip().rstrip(".")
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)  # Python 3.11 reads a trailing "Z" as UTC
    except ValueError:
        value = None
    if value is None:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            value = None
    if value is None:
        value = _local_date(text)
    if value is None:
        m = re.fullmatch(MONTH_DATE, text)
        if m:
            cleaned = text.replace(",", "").replace(".", "")
            for fmt in ("%B %d %Y", "%d %B %Y"):
                try:
                    value = datetime.strptime(cleaned, fmt)
                    break
                except ValueError:
                    continue
    if value is None or not 1900 <= value.year <= 2200:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _local_date(text: str) -> datetime | None:
    """A date written in one of the other languages of ``calendar.toml`` ("5 mars 2024")."""
    m = LOCAL_DATE_ONLY.fullmatch(text)
    if m is None:
        return None
    try:
        return datetime(int(m.group(3)), MONTH_NUMBER[m.group(2).lower()], int(m.group(1)))
    except ValueError:  # "31 février"
        return None


def _kind(fm: FrontMatter, blocks: tuple[Block, ...], section: Field, original: Field) -> Field:
    if fm.kind and fm.kind.lower() in KINDS:
        return Field(fm.kind.lower(), "frontmatter:kind")
    labels = " ".join([section.value or "", *fm.categories])
    if OPINION.search(labels):
        return Field("opinion", "section")
    if ANALYSIS.search(labels):
        return Field("analysis", "section")
    for b in blocks[:6]:
        if re.search(r"reflects? the author['’]?s? (?:own )?opinions?", b.text, re.IGNORECASE):
            return Field("opinion", "editor's note")
    if original.value and original.origin == "original-source line":
        return Field("repost", "original-source line")
    for b in blocks[:20]:
        if FIRST_PUBLISHED.match(b.text):
            return Field("repost", "first-published line")
    return Field("news", "default")
