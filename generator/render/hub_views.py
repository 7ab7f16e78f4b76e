"""View models of topic hubs: a hub's page, and the home page that leads with the largest and newest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import PlacedArticle, SiteModel
from .views import ArticleCard, Cards, Link, OutletPage, hub_url, outlet_url, tag_url

HOME_HUBS = 8  # the largest and most recent topics lead the home page


@dataclass(frozen=True)
class BriefLine:
    """A sentence of a hub brief, the article it cites and that article's outlet ("" when unknown)."""

    text: str
    source: Link
    outlet: str


@dataclass(frozen=True)
class HubPage:
    """A topic hub: its brief, members by date, top tags and outlets."""

    name: str
    url: str
    brief: tuple[BriefLine, ...]
    lead: str  # the brief's sentence that tells the story best (:attr:`generator.model.Hub.lead`)
    articles: tuple[ArticleCard, ...]
    timeline: tuple[ArticleCard, ...]  # the articles oldest first, how the story developed; none with fewer than two dates
    tags: tuple[Link, ...]
    outlets: tuple[OutletShare, ...]  # the outlets its articles name, most articles first
    unnamed: int  # how many of its articles name no outlet


@dataclass(frozen=True)
class OutletShare:
    """An outlet among a hub's articles, and how many of them it gave."""

    name: str
    count: int


@dataclass(frozen=True)
class HomePage:
    """The home page beside its list of articles: hubs with their briefs, top tags, outlets."""

    hubs: tuple[HubPage, ...]
    tags: tuple[Link, ...]
    outlets: tuple[tuple[Link, int], ...]


def hub_page(slug: str, cards: Cards) -> HubPage:
    """The view of one topic hub."""
    site = cards.site
    hub = site.hubs[slug]
    by_source = site.by_source
    members = [by_source[s] for s in hub.articles]
    outlets: dict[str, str] = {}  # names that differ only in case or punctuation are one outlet
    counts: Counter[str] = Counter()
    for m in members:
        if name := m.article.meta.outlet.value:
            counts[outlets.setdefault(outlet_url(name), name)] += 1
    dated = [m for m in reversed(members) if m.article.date]  # oldest first
    # A timeline needs two dates: the day an undated file was added tells nothing of the story.
    timeline = dated + [m for m in members if not m.article.date] if len(dated) >= 2 else []
    return HubPage(
        name=hub.name,
        url=hub_url(slug),
        brief=tuple(BriefLine(b.text, Link(by_source[b.article].article.title, by_source[b.article].url),
                              by_source[b.article].article.meta.outlet.value or "") for b in hub.brief),
        lead=hub.lead,
        articles=tuple(cards(m) for m in members),
        timeline=tuple(cards(m) for m in timeline),
        tags=tuple(Link(site.tags[t].name, tag_url(t)) for t in hub.top_tags if t in site.tags and site.tags[t].has_page),
        outlets=tuple(OutletShare(name, count) for name, count in sorted(counts.items(), key=lambda c: (-c[1], c[0].lower()))),
        unnamed=len(members) - counts.total(),
    )


def home_articles(site: SiteModel) -> tuple[PlacedArticle, ...]:
    """The home page's list: every article but copies, newest first."""
    return tuple(p for p in site.articles if not p.duplicate_of)


def home_page(cards: Cards, outlets: list[OutletPage]) -> HomePage:
    """The home page view; ``outlets`` are the site's outlet pages (:func:`outlet_lists`)."""
    site = cards.site
    tags = sorted((t for t in site.tags.values() if t.has_page), key=lambda t: (-len(t.articles), t.name.lower()))
    return HomePage(
        hubs=tuple(hub_page(slug, cards) for slug in list(site.hubs)[:HOME_HUBS]),
        tags=tuple(Link(t.name, tag_url(t.slug)) for t in tags[:30]),
        outlets=tuple((Link(o.name, o.url), o.count) for o in outlets),
    )
