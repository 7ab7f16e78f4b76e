"""The values that flow through the build, one frozen dataclass per stage.

``SourceFile`` (1 discover) ``→ RawDoc`` (2 parse) ``→ CleanDoc`` (3 clean) ``→ Article`` (4
enrich) ``→ SiteModel`` (5 group) ``→ OutputFile`` (6 render, then 7 write and 8 search); a
stage that cannot produce its value for a file returns a :class:`Problem` instead, and the
build goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple

Stage = Literal["discover", "parse", "clean", "enrich", "group", "render", "write", "search"]
Format = Literal["frontmatter", "html", "markdown", "text"]
BlockKind = Literal["heading", "paragraph", "quote", "list_item", "table_row", "image", "caption", "rule"]
TagKind = Literal["person", "organisation", "place", "name", "topic"]


@dataclass(frozen=True)
class Problem:
    """A file the build could not publish, the stage that refused it, and why."""

    file: str
    stage: Stage
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The report's JSON shape: ``{"file", "stage", "reason"}``."""
        return {"file": self.file, "stage": self.stage, "reason": self.reason}


class StageError(Exception):
    """Raised inside a per-file stage when the file cannot go on; becomes a :class:`Problem`."""


class BuildError(Exception):
    """The site as a whole could not be built (not one file's fault); the old site is left as it was."""


@dataclass(frozen=True)
class StageWarning:
    """Something a stage did instead of what the file asked (a key it ignored, a fallback it took)."""

    stage: Stage
    text: str


@dataclass(frozen=True)
class SourceFile:
    """One content file as found on disk."""

    path: Path
    rel: str
    data: bytes
    sha256: str


@dataclass(frozen=True)
class Block:
    """One block of article text: a heading, paragraph, quote, list item, image or caption.

    ``text`` is plain text (markup removed, links reduced to their text); ``hidden`` marks a
    block the page never showed; ``emphasis`` marks a block set wholly in italics or bold;
    ``links`` is the share of its characters that were link text (menus and link lists are high).
    """

    kind: BlockKind
    text: str
    level: int = 0
    hidden: bool = False
    emphasis: bool = False
    links: float = 0.0


@dataclass(frozen=True)
class FrontMatter:
    """The frontmatter fields the build understands, typed; anything else is reported by name.

    ``title``: the headline. ``author``: the writer (a value naming the outlet or a section is
    recognised as such by the cleaner). ``date``: publication date, ISO 8601 or RFC 2822.
    ``outlet``: the publication. ``url``: where the article was published. ``image`` (or
    ``thumbnail``): the lead image's web address (shown only under ``images = "remote"``). ``kind``: news,
    opinion, analysis or repost. ``language``: an ISO 639-1 code. ``categories`` and ``tags``:
    labels the source gave. ``comments``, ``layout``, ``draft``: accepted and not used.
    """

    title: str | None = None
    author: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    kind: str | None = None
    language: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawDoc:
    """A decoded file split into blocks, with its frontmatter (or page metadata) as given."""

    source: SourceFile
    format: Format
    encoding: str
    blocks: tuple[Block, ...]
    frontmatter: FrontMatter
    warnings: tuple[StageWarning, ...] = ()


@dataclass(frozen=True)
class Field:
    """A metadata value and where it was found (``frontmatter:title``, ``h1``, ``byline`` …)."""

    value: str | None
    origin: str = "not found"


@dataclass(frozen=True)
class Removal:
    """A block (or part of one) the cleaner removed, and the rule that removed it."""

    rule: str
    text: str


@dataclass(frozen=True)
class Metadata:
    """What the cleaner found about an article, each field with its origin."""

    title: Field = Field(None)
    author: Field = Field(None)
    outlet: Field = Field(None)
    section: Field = Field(None)
    original_source: Field = Field(None)
    date: Field = Field(None)
    first_published: Field = Field(None)
    kind: Field = Field("news", "default")
    language: Field = Field("en", "default")
    url: Field = Field(None)
    image: Field = Field(None)


@dataclass(frozen=True)
class CleanDoc:
    """The article text the cleaner kept, what it removed, and the metadata it found."""

    source: SourceFile
    format: Format
    blocks: tuple[Block, ...]
    removed: tuple[Removal, ...]
    meta: Metadata
    warnings: tuple[StageWarning, ...] = ()

    @property
    def text(self) -> str:
        """The cleaned body as plain text, blocks separated by blank lines."""
        return "\n\n".join(b.text for b in self.blocks)


class Candidate(NamedTuple):
    """A keyword candidate of one article and what ranking it needs (a named tuple: an article
    carries dozens, and the cache reads them back three times faster than dataclasses, and
    faster again pickled as :func:`_tuple_reduce` does).

    ``text`` is the form the article uses most; ``key`` the canonical tag key; ``first`` and
    ``last`` where it first and last appears (0 = start, 1 = end); ``rarity`` how rare its words
    are in general use; ``maximal`` how many of its ``mentions`` are a whole noun phrase
    (not part of a longer one); ``head_count`` how many whole phrases end in its last word;
    ``yake_rank`` its place among YAKE's key phrases (-1: not among them); ``prior`` the keyword
    model's score before the corpus is known (all but the IDF term); ``kind`` what it names:
    "person", "organisation", "place", "name" (another name) or "topic".
    """

    text: str
    key: str
    mentions: int
    first: float
    in_title: bool
    rarity: float
    proper: bool
    last: float = 0.0
    maximal: int = 0
    head_count: int = 0
    yake_rank: int = -1
    prior: float = 0.0
    kind: TagKind = "topic"

    def __reduce__(self) -> tuple[Callable[..., tuple[object, ...]], tuple[type, tuple[object, ...]]]:
        return _tuple_reduce(self)

    def for_ranking(self) -> RankingCandidate:
        """What the corpus ranking and the tags read of this candidate."""
        return RankingCandidate(self.text, self.key, self.mentions, self.proper, self.prior, self.kind)


class RankingCandidate(NamedTuple):
    """A keyword candidate as an article keeps it for the corpus stage: what ranking it with the
    corpus in view and naming its tag read (:mod:`generator.group.corpus_tags`), without the
    features its ``prior`` was scored from (:class:`Candidate`). An article keeps dozens and a
    rebuild reads every cached article's back: each field less is thousands of objects fewer
    to make, and pages fewer for the forked comparison to share."""

    text: str
    key: str
    mentions: int
    proper: bool
    prior: float
    kind: TagKind = "topic"

    def __reduce__(self) -> tuple[Callable[..., tuple[object, ...]], tuple[type, tuple[object, ...]]]:
        return _tuple_reduce(self)


class BriefCandidate(NamedTuple):
    """A sentence of an article that may stand in its hub's brief: its place among the article's
    sentences, its text, its word stems (space-separated), from which the brief's concepts come,
    and whether it refers back to a sentence before it (it then stands only after one of them)."""

    place: int
    text: str
    stems: str
    refers_back: bool = False

    def __reduce__(self) -> tuple[Callable[..., tuple[object, ...]], tuple[type, tuple[object, ...]]]:
        return _tuple_reduce(self)


def _tuple_reduce(value: tuple[object, ...]) -> tuple[Callable[..., tuple[object, ...]], tuple[type, tuple[object, ...]]]:
    """How a named tuple pickles: rebuilt by ``tuple.__new__`` from its class and values, in C,
    where the default calls the class's ``__new__`` (Python code) through ``copyreg``: the cache
    reads an article's dozens of candidates in three quarters of the time."""
    return tuple.__new__, (type(value), tuple(value))


COUNT, WEIGHT = "<u4", "<f8"  # how Terms store a count and a weight: the same bytes on every machine


class Terms(NamedTuple):
    """An article's comparison terms (:mod:`generator.enrich.terms`): each distinct one once, in
    the order the article first uses them (space-separated), with how often it uses each and how
    much each says of a story (its rarity in general use), as arrays: ``counts`` of ``COUNT``
    (little-endian unsigned 32-bit integers) and ``weights`` of ``WEIGHT`` (little-endian 64-bit
    floats), one of each a term; and ``names``, a byte a term: 1 where the article writes it as a
    name (:func:`generator.enrich.terms.name_terms`), else 0. The group stage reads them into its
    matrices without splitting or looking up a word twice."""

    text: str
    counts: bytes
    weights: bytes
    names: bytes


class SurnameEvidence(NamedTuple):
    """What an article's keyword candidates say of names, for the corpus's surname aliases
    (:func:`generator.group.corpus_tags.surname_aliases`), gathered per article so that the
    corpus stage only joins sets: the keys it writes as people's, its whole names of several
    words, and its one-word keys written as a name and as a common word."""

    people: tuple[str, ...]
    full_names: tuple[str, ...]
    proper_words: tuple[str, ...]
    common_words: tuple[str, ...]


@dataclass(frozen=True)
class Signals:
    """What only the group stage reads of an article, never shown on a page: its keyword
    ``candidates`` (best first, before the corpus is known; YAKE's key phrases are one of the
    features they were scored by), the ``fingerprint`` that finds copies (sampled shingle hashes, see
    :mod:`generator.group.duplicates`), the ``terms`` that compare articles (content-word stems
    with their counts, weights and which it writes as names, see :mod:`generator.group.vectors`), the sentences a hub's brief
    may quote (:mod:`generator.enrich.brief_sentences`) with a digest of them (``brief_digest``: a
    hub's brief is keyed by its members' digests, not by every sentence on every build) and what its
    candidates say of surnames (:func:`generator.enrich.keywords.surname_evidence`)."""

    candidates: tuple[RankingCandidate, ...]
    fingerprint: bytes
    terms: Terms
    brief_candidates: tuple[BriefCandidate, ...]
    surnames: SurnameEvidence
    brief_digest: bytes = b""


@dataclass(frozen=True)
class Article:
    """A cleaned, enriched article: what its pages show, and the :class:`Signals` grouping reads."""

    source_file: str
    format: Format
    title: str
    title_generated: bool
    slug: str
    meta: Metadata
    date: datetime | None
    blocks: tuple[Block, ...]
    removed: tuple[Removal, ...]
    keywords: tuple[str, ...]
    summary: tuple[str, ...]
    word_count: int
    signals: Signals
    warnings: tuple[StageWarning, ...] = ()

    @property
    def text(self) -> str:
        """The cleaned body as plain text."""
        return "\n\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class Tag:
    """A canonical tag shared by articles; ``has_page`` when it is strong enough for a page;
    ``kind`` what it names: "person", "organisation", "place", "name" or "topic"."""

    slug: str
    name: str
    articles: tuple[str, ...]
    has_page: bool
    kind: TagKind = "topic"


@dataclass(frozen=True)
class BriefSentence:
    """One sentence of a hub's cross-source brief and the article it came from; ``rank`` is when
    the brief chose it (0 first: the sentence that covers most of what the articles share)."""

    text: str
    article: str
    rank: int = 0


@dataclass(frozen=True)
class Hub:
    """A topic hub: the articles of one story (newest first), titled after it, with a cited brief."""

    slug: str
    name: str
    articles: tuple[str, ...]
    brief: tuple[BriefSentence, ...]
    top_tags: tuple[str, ...]
    brief_key: bytes = b""  # what the brief was made from (the hub history keeps briefs by it)
    named_after: str = ""  # the member whose headline is its name (none for a curated hub)
    lead: str = ""  # the brief's sentence chosen first, which tells the story best: what lists of hubs show


@dataclass(frozen=True)
class PlacedArticle:
    """An article with everything the corpus decided about it: URL, tags, hubs, related."""

    article: Article
    url: str
    tags: tuple[str, ...]
    hubs: tuple[str, ...]
    related: tuple[str, ...]
    duplicate_of: str | None = None
    copies: tuple[str, ...] = ()
    added: datetime | None = None  # when its file was added (first commit, else modification time)

    @property
    def listed(self) -> datetime | None:
        """The date the article is shown, listed and searched by: the one it carries, else when
        its file was added."""
        return self.article.date or self.added


@dataclass(frozen=True)
class SiteModel:
    """The whole site: articles in date order (newest first), tags and hubs by slug, the
    earlier hub slugs that now redirect (old slug → hub slug), and the earlier article URLs that
    now redirect (old URL → content file)."""

    articles: tuple[PlacedArticle, ...]
    tags: dict[str, Tag] = field(default_factory=dict)
    hubs: dict[str, Hub] = field(default_factory=dict)
    hub_redirects: dict[str, str] = field(default_factory=dict)
    article_redirects: dict[str, str] = field(default_factory=dict)

    @cached_property
    def by_source(self) -> dict[str, PlacedArticle]:
        """Articles keyed by their content file path (computed once)."""
        return {p.article.source_file: p for p in self.articles}

    @cached_property
    def position(self) -> dict[str, int]:
        """Each article's place in the newest-first order, by content file path (computed once)."""
        return {p.article.source_file: i for i, p in enumerate(self.articles)}


@dataclass(frozen=True)
class OutputFile:
    """A file to write into the site, relative to the output folder."""

    path: str
    content: bytes
