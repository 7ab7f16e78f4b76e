"""View models: the only values templates see. Built from the SiteModel, never the reverse."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..cache import value_digest
from ..model import PlacedArticle, SiteModel
from ..shards import OVERLAY, SearchLayout, bundle, filter_key, sort_key
from ..text import slugify

WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class Link:
    """A labelled internal link."""

    label: str
    url: str


@dataclass(frozen=True)
class ArticleCard:
    """An article in a list: enough to choose whether to read it."""

    title: str
    url: str
    date_iso: str
    date_label: str
    year: str
    outlet: str
    outlet_url: str
    kind: str
    summary: str
    tags: tuple[Link, ...]


@dataclass(frozen=True)
class BodyBlock:
    """One block of the cleaned body, as plain text the template escapes."""

    kind: str
    text: str
    level: int


@dataclass(frozen=True)
class ProvenanceField:
    """A metadata field, its value and where the cleaner found it."""

    name: str
    value: str
    origin: str


@dataclass(frozen=True)
class ArticlePage:
    """Everything on an article page."""

    card: ArticleCard
    author: str
    section: str
    original_source: str
    source_url: str
    reading_minutes: int
    summary: tuple[str, ...]
    body: tuple[BodyBlock, ...]
    hubs: tuple[Link, ...]
    related: tuple[ArticleCard, ...]
    source_file: str
    source_format: str
    title_generated: bool
    fields: tuple[ProvenanceField, ...]
    removed: tuple[ProvenanceField, ...]
    also_published: tuple[ArticleCard, ...]
    copy_of: ArticleCard | None
    image: str
    search_sort: str  # the date sort key of the search index (see generator.shards)
    search_at: str  # the page's own search filter value, its sort key made short (generator.shards.filter_key)
    filter_tags: tuple[str, ...] = ()  # the tags search offers as filters: those several articles share
    language: str = ""  # the article's language (the template marks it where it is not the site's)


@dataclass(frozen=True)
class Moved:
    """Where an earlier address now leads: what was there ("This topic", "This article"), and
    the name and URL of the page it is now."""

    what: str
    name: str
    url: str


@dataclass(frozen=True)
class ListingPage:
    """A named list of articles: an outlet's. A page shows ``count``; the articles themselves are
    shown page by page (the template's ``shown``), so the view holds none of them."""

    name: str
    url: str
    count: int = 0


OutletPage = ListingPage


KIND_NAMES = {"person": "Person", "organisation": "Organisation", "place": "Place", "name": "Name", "topic": "Topic"}
KIND_GROUPS = (("person", "People"), ("organisation", "Organisations"), ("place", "Places"), ("name", "Other names"),
               ("topic", "Topics"))


@dataclass(frozen=True)
class TagPage:
    """A tag's page: what kind of thing it names, how many articles have it, and the topic hubs
    they are in. The articles themselves are shown page by page (the template's ``shown``), so the
    view holds none of them."""

    name: str
    url: str
    kind: str  # "Person", "Organisation", "Place", "Name" or "Topic"
    hubs: tuple[Link, ...]
    count: int = 0


@dataclass(frozen=True)
class TagGroup:
    """One kind of tag on the tags index ("People", "Places" …) and its tag pages."""

    title: str
    tags: tuple[TagPage, ...]


@dataclass(frozen=True)
class MonthGroup:
    """The articles of one month (or the undated ones) in the archive."""

    label: str
    anchor: str
    articles: tuple[ArticleCard, ...]


FILTER_TAG_ARTICLES = 3  # a tag is a search filter when this many articles share it; others are found by typing


def outlet_url(name: str) -> str:
    """URL of an outlet page."""
    return f"/outlets/{slugify(name) or 'outlet'}/"


def outlet_lists(site: SiteModel) -> list[tuple[OutletPage, list[PlacedArticle]]]:
    """One page per outlet, most articles first: its view without articles (which its pages
    show a page at a time), and its articles in the site's order."""
    by_url: dict[str, list[PlacedArticle]] = {}
    for p in site.articles:
        if p.article.meta.outlet.value:
            by_url.setdefault(outlet_url(p.article.meta.outlet.value), []).append(p)
    pages = []
    for url, items in by_url.items():  # names that differ only in case or punctuation share a page
        name = Counter(p.article.meta.outlet.value for p in items).most_common(1)[0][0] or ""
        pages.append((OutletPage(name, url, len(items)), items))
    return sorted(pages, key=lambda oi: (-oi[0].count, oi[0].name.lower()))


def archive(cards: Cards, articles: Sequence[PlacedArticle] | None = None) -> tuple[MonthGroup, ...]:
    """``articles`` (by default the site's) grouped by the month they are listed by (an undated
    article's is when its file was added), newest month first; articles with no date at all last."""
    site = cards.site
    groups: dict[str, list[PlacedArticle]] = {}
    for p in site.articles if articles is None else articles:
        key = p.listed.strftime("%Y-%m") if p.listed else "undated"
        groups.setdefault(key, []).append(p)
    out = []
    for key in sorted((k for k in groups if k != "undated"), reverse=True) + (["undated"] if "undated" in groups else []):
        first = groups[key][0].listed
        label = first.strftime("%B %Y") if key != "undated" and first else "Undated"
        out.append(MonthGroup(label, key, tuple(cards(p) for p in groups[key])))
    return tuple(out)


def page_file(url: str) -> str:
    """The file of the page at site URL ``url``: one ending in ``/`` is that folder's ``index.html``."""
    return url.strip("/") + "/index.html" if url.endswith("/") else url.lstrip("/")


@dataclass(frozen=True)
class SearchView:
    """What the search page merges into the first search bundle: the other shards' bundles
    (URLs, oldest first), the overlay's (or ""), and the stale page copies to leave out
    (``"<shard>:<filter key>"``, :class:`generator.shards.SearchLayout`)."""

    merge: tuple[str, ...]
    overlay: str
    stale: tuple[str, ...]


def search_view(layout: SearchLayout) -> SearchView:
    """The search page's view of the index laid out as ``layout``."""
    return SearchView(tuple(f"/{bundle(k)}/" for k in range(1, layout.shards)),
                      f"/{bundle(OVERLAY)}/" if layout.overlay else "", layout.stale)


def tag_url(slug: str) -> str:
    """URL of a tag page."""
    return f"/tags/{slug}/"


def hub_url(slug: str) -> str:
    """URL of a hub page."""
    return f"/hubs/{slug}/"


def _date_label(date: datetime | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else ""


class Cards:
    """Each article's card, built once for the site and shared by every page that lists the article."""

    def __init__(self, site: SiteModel) -> None:
        self.site = site
        self._made: dict[str, ArticleCard] = {}
        self._inputs: dict[str, bytes] = {}

    def __call__(self, placed: PlacedArticle) -> ArticleCard:
        """The card of ``placed``."""
        made = self._made.get(placed.article.source_file)
        if made is None:
            made = self._made[placed.article.source_file] = card(placed, self.site)
        return made

    def inputs(self, placed: PlacedArticle) -> bytes:
        """A digest of what the card of ``placed`` shows besides its article (which its content
        file fixes): its URL, when its file was added, and its tags' slugs, names and whether
        they have a page. A page listing cards is keyed by these (:mod:`.inputs`)."""
        made = self._inputs.get(placed.article.source_file)
        if made is None:
            tags = self.site.tags
            made = self._inputs[placed.article.source_file] = value_digest(
                (placed.url, placed.added, tuple((s, tags[s].name, tags[s].has_page) for s in placed.tags)))
        return made


def card(placed: PlacedArticle, site: SiteModel) -> ArticleCard:
    """The list view of one article; tags without a page of their own carry no URL."""
    a = placed.article
    tags = tuple(Link(site.tags[s].name, tag_url(s) if site.tags[s].has_page else "") for s in placed.tags)
    return ArticleCard(
        title=a.title,
        url=placed.url,
        date_iso=shown.strftime("%Y-%m-%d") if (shown := placed.listed) else "",
        date_label=_date_label(a.date) if a.date else f"added {_date_label(placed.added)}" if placed.added else "",
        year=str(a.date.year) if a.date else "",
        outlet=a.meta.outlet.value or "",
        outlet_url=outlet_url(a.meta.outlet.value) if a.meta.outlet.value else "",
        kind=a.meta.kind.value or "news",
        summary=" ".join(a.summary),
        tags=tags,
    )


def article_page(placed: PlacedArticle, cards: Cards, images: str = "none") -> ArticlePage:
    """The full view of one article, with its provenance card."""
    site = cards.site
    a = placed.article
    by_source = site.by_source
    meta = a.meta
    fields = tuple(
        ProvenanceField(name, f.value or "", f.origin)
        for name, f in (("title", meta.title), ("author", meta.author), ("outlet", meta.outlet),
                        ("section", meta.section), ("original source", meta.original_source),
                        ("date", meta.date), ("kind", meta.kind), ("language", meta.language),
                        ("image", meta.image))
        if f.value
    )
    return ArticlePage(
        card=cards(placed),
        author=meta.author.value or "",
        section=meta.section.value or "",
        original_source=meta.original_source.value or "",
        source_url=meta.url.value or "",
        reading_minutes=max(1, math.ceil(a.word_count / WORDS_PER_MINUTE)),
        summary=a.summary,
        body=tuple(BodyBlock(b.kind, b.text, min(max(b.level, 2), 4)) for b in a.blocks),
        hubs=tuple(Link(site.hubs[h].name, hub_url(h)) for h in placed.hubs),
        related=tuple(cards(by_source[r]) for r in placed.related),
        source_file=a.source_file,
        language=meta.language.value or "",
        source_format=a.format,
        title_generated=a.title_generated,
        fields=fields,
        removed=tuple(ProvenanceField(r.rule, r.text, "") for r in a.removed),
        also_published=tuple(cards(by_source[c]) for c in placed.copies),
        copy_of=cards(by_source[placed.duplicate_of]) if placed.duplicate_of else None,
        image=(meta.image.value or "") if images == "remote" else "",
        search_sort=(key := sort_key(placed.url, placed.listed)),
        search_at=filter_key(key),
        filter_tags=tuple(sorted((site.tags[s].name for s in placed.tags if len(site.tags[s].articles) >= FILTER_TAG_ARTICLES),
                                 key=str.lower)),  # a set to search: in one order, however the tags rank
    )


def tag_members(slug: str, site: SiteModel) -> list[PlacedArticle]:
    """The articles of a tag, in the site's order (newest first)."""
    by_source, position = site.by_source, site.position
    return [by_source[s] for s in sorted(site.tags[slug].articles, key=position.__getitem__)]


def tag_head(slug: str, site: SiteModel, members: Sequence[PlacedArticle]) -> TagPage:
    """The view of one tag page without its articles (``members``, in the site's order), which
    its pages show a page at a time."""
    tag = site.tags[slug]
    in_hubs = dict.fromkeys(h for m in members for h in m.hubs if h in site.hubs)
    return TagPage(tag.name, tag_url(slug), KIND_NAMES.get(tag.kind, "Topic"),
                   tuple(Link(site.hubs[h].name, hub_url(h)) for h in in_hubs), len(members))


def tag_groups(pages: list[TagPage]) -> tuple[TagGroup, ...]:
    """The tags index: tag pages grouped by kind (people, organisations, places, other names,
    topics), each group in the order given."""
    return tuple(TagGroup(title, tuple(p for p in pages if p.kind == KIND_NAMES[kind]))
                 for kind, title in KIND_GROUPS if any(p.kind == KIND_NAMES[kind] for p in pages))
