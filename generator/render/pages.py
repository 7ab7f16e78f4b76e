"""The site's HTML pages: every view model through its template, each page written once.

Article pages first (what search indexes), then home, tag, topic, outlet and archive pages
(paged lists go on at ``…/page/N/``), the search, method and 404 pages, and a redirect page for
every earlier hub address and every earlier address of an article whose title changed. The
pages the sitemap lists are collected as they are rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial

from jinja2 import Environment
from markupsafe import Markup

from ..config import SiteConfig
from ..model import OutputFile, PlacedArticle, SiteModel
from ..shards import SearchLayout
from . import hub_views, views
from .head import PageMeta, article_json_ld, page_meta, site_view
from .inputs import (
    archive_page_inputs,
    article_inputs,
    article_redirect_inputs,
    home_page_inputs,
    hub_index_inputs,
    hub_page_inputs,
    hub_redirect_inputs,
    listing_page_inputs,
    tag_index_inputs,
    tag_page_inputs,
)
from .paging import Pager, paginate, paginate_by_age
from .reuse import PageReuse
from .views import page_file

TAGS_PER_PAGE = 300  # a tags index page lists this many tags, most shared first


class Pages:
    """Collects rendered pages; every page gets the site view and its head metadata."""

    def __init__(self, env: Environment, config: SiteConfig, reuse: PageReuse | None = None) -> None:
        self.env, self.config, self.reuse = env, config, reuse
        self.site = site_view(config)
        self._card_html: dict[tuple[int, str], tuple[views.ArticleCard, Markup]] = {}
        self._macros = env.get_template("_macros.html").module  # looked up once, not per card or pager
        env.globals["article_card"] = self.article_card
        env.globals["pager_nav"] = self.pager_nav
        self.files: list[OutputFile] = []
        self.listed: list[str] = []

    def page(self, path: str, template: str, meta: PageMeta, *, listed: bool = True, **context: object) -> None:
        """Render ``template`` to ``path`` (a URL ending in ``/`` becomes ``…/index.html``), unless
        the site already holds it as rendered from the same context (:mod:`.reuse`)."""
        seen = {"site": self.site, "meta": meta, **context}  # all the template sees
        key = None if self.reuse is None else self.reuse.key(template, seen)
        self._add(path, template, key, lambda: (meta, context), listed)

    def page_from(self, path: str, template: str, made_from: tuple[tuple[str, ...], object],
                  context: Callable[[], tuple[PageMeta, dict[str, object]]], *, listed: bool = True) -> None:
        """Render ``template`` to ``path`` with the head metadata and context ``context`` returns,
        unless the site already holds the page as made from the same articles and inputs
        (``made_from``: :meth:`PageReuse.made_from_key`); the view is then never built."""
        sources, inputs = made_from
        key = None if self.reuse is None else self.reuse.made_from_key(template, sources, inputs)
        self._add(path, template, key, context, listed)

    def _add(self, path: str, template: str, key: bytes | None,
             context: Callable[[], tuple[PageMeta, Mapping[str, object]]], listed: bool) -> None:
        """The page at ``path``, rendered unless the site holds it as published with ``key``."""
        target = page_file(path).lstrip("/")
        if listed:
            self.listed.append(path)

        def make() -> bytes:
            meta, seen = context()
            return self.env.get_template(template).render(site=self.site, meta=meta, **seen).encode("utf-8")

        data = make() if self.reuse is None or key is None else self.reuse.keyed(target, key, make)
        if data is not None:
            self.files.append(OutputFile(target, data))

    def article_card(self, card: views.ArticleCard, heading: str = "h3") -> Markup:
        """The ``article_card`` macro of ``_macros.html``, rendered once per card and heading: an
        article listed on a hundred pages is rendered once."""
        key = (id(card), heading)  # the card is held below, so its id is not reused while this lives
        made = self._card_html.get(key)
        if made is None:
            made = self._card_html[key] = (card, Markup(self._macros.article_card(card, heading)))  # type: ignore[attr-defined]
        return made[1]

    def pager_nav(self, pager: Pager) -> Markup:
        """The ``pager_nav`` macro of ``_macros.html``: a paged list's links to its other pages."""
        return Markup(self._macros.pager_nav(pager))  # type: ignore[attr-defined]


def article_pages(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    """Every article's page; a rebuild builds the view only of a page whose inputs changed."""
    site = cards.site
    for placed in site.articles:
        original = site.by_source[placed.duplicate_of].url if placed.duplicate_of else None

        def context(placed: PlacedArticle = placed, original: str | None = original) -> tuple[PageMeta, dict[str, object]]:
            page = views.article_page(placed, cards, config.images)
            return (page_meta(config, page.card.title, page.card.summary, placed.url, og_type="article",
                              json_ld=article_json_ld(placed, config), canonical_path=original),
                    {"page": page, "section": "article"})

        out.page_from(placed.url, "article.html", article_inputs(placed, cards), context,
                      listed=original is None)  # a copy stays out of the sitemap


def other_pages(out: Pages, cards: views.Cards, config: SiteConfig, search: SearchLayout | None = None) -> None:
    """Every page but the articles': home, tag, topic, outlet and archive pages, the search page
    (over the index laid out as ``search``: one bundle, when not given), the method and 404 pages."""
    site = cards.site
    outlets = views.outlet_lists(site)
    described = config if config.description else replace(config, description=site_description(site, len(outlets)))
    _home(out, cards, [head for head, _members in outlets], described, config.description)
    _tags(out, cards, config)
    _hubs(out, cards, config)
    _moved_articles(out, cards, config)
    _outlets(out, cards, outlets, config)
    _archive(out, cards, config)
    meta = partial(page_meta, config)
    out.page("/search/", "search.html", meta("Search", "Search every article.", "/search/"), section="search",
             search=views.search_view(search or SearchLayout()))
    out.page("/method/", "method.html", meta("Method", "How tags, summaries and topic hubs are made.", "/method/"),
             config=config, section="method")
    out.page("/404.html", "404.html", meta("Page not found", described.description, "/404.html"), listed=False,
             section="404")


def site_description(site: SiteModel, outlets: int) -> str:
    """What the home page says the site is when the config gives no ``description``: its counts
    ("from" its outlets only when every article names one)."""
    articles, hubs = len(site.articles), len(site.hubs)
    every = all(a.article.meta.outlet.value for a in site.articles)
    return (f"{articles:,} article{'s' * (articles != 1)}{' from' if every else ','} {outlets:,} outlet{'s' * (outlets != 1)}, "
            f"{hubs:,} topic hub{'s' * (hubs != 1)}, with tags, summaries and search.")


def _home(out: Pages, cards: views.Cards, outlets: list[views.OutletPage], config: SiteConfig, fixed: str) -> None:
    """The home page and the pages of older articles behind it. Top stories, tags, outlets and the
    site's counts lead the front page only: a page of older articles shows what stays true of
    it (``fixed``, the configured description, or a plain one), so it stands as articles arrive."""
    home = hub_views.home_page(cards, outlets)
    later = replace(home, hubs=(), tags=(), outlets=())
    site_feed = views.Link(f"{config.title} (Atom)", "/feed.xml")
    older = fixed or f"Older articles of {config.title}, newest first."
    for shown, pager in paginate_by_age(hub_views.home_articles(cards.site), config.page_size, "/", _source):
        if pager.front:
            out.page(pager.url, "index.html", page_meta(config, config.title, config.description, pager.url,
                                                        feeds=(site_feed,)),
                     page=home, shown=[cards(p) for p in shown], pager=pager, section="home")
            continue

        def context(shown: Sequence[PlacedArticle] = shown, pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
            return (page_meta(config, _paged(config.title, pager), older, pager.url, feeds=(site_feed,)),
                    {"page": later, "shown": [cards(p) for p in shown], "pager": pager, "section": "home"})

        out.page_from(pager.url, "index.html", home_page_inputs(pager, shown, cards), context)


def _tags(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    """The tags index and every tag's pages. A page's view holds the tag's count, not its cards
    (it shows those it lists, ``shown``), so a change to one of its articles re-renders only the
    pages that list it; a tag's page is keyed by its inputs, so the view of a page that stays is
    never built."""
    site = cards.site
    meta = partial(page_meta, config)
    tags: list[tuple[views.TagPage, list[PlacedArticle]]] = []  # each tag's view without articles, and its articles
    for slug in (slug for slug, tag in site.tags.items() if tag.has_page):
        members = views.tag_members(slug, site)
        tags.append((views.tag_head(slug, site, members), members))
    tags.sort(key=lambda tm: (-tm[0].count, tm[0].name.lower()))
    for chunk, pager in paginate(tags, TAGS_PER_PAGE, "/tags/"):  # the most shared tags first
        heads = [head for head, _members in chunk]

        def index(heads: list[views.TagPage] = heads, pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
            return (meta(_paged("Tags", pager), "Every tag shared by articles.", pager.url),
                    {"groups": views.tag_groups(heads), "pager": pager, "section": "tags"})

        out.page_from(pager.url, "tags.html", tag_index_inputs(heads, pager), index)
    for front, members in tags:
        later = replace(front, hubs=(), count=0)  # older pages: what stays true
        for shown, pager in paginate_by_age(members, config.page_size, front.url, _source):
            page = front if pager.front else later

            def context(page: views.TagPage = page, shown: Sequence[PlacedArticle] = shown,
                        pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
                feed = views.Link(f"{page.name} (Atom)", f"{page.url}feed.xml")
                return (meta(_paged(page.name, pager), f"Articles tagged {page.name}.", pager.url, feeds=(feed,)),
                        {"page": page, "shown": [cards(p) for p in shown], "pager": pager, "section": "tags"})

            out.page_from(pager.url, "tag.html", tag_page_inputs(page, pager, shown, cards), context)


def _hubs(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    """The topics index, every hub's pages, and a redirect from every earlier hub address; each
    keyed by its inputs, so the view of a page that stays is never built."""
    site = cards.site
    meta = partial(page_meta, config)
    made: dict[str, hub_views.HubPage] = {}

    def view(slug: str) -> hub_views.HubPage:
        if slug not in made:
            made[slug] = hub_views.hub_page(slug, cards)
        return made[slug]

    for chunk, pager in paginate(list(site.hubs), config.page_size, "/hubs/"):
        def index(chunk: Sequence[str] = chunk, pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
            return (meta(_paged("Topics", pager), "Topic hubs: one story across outlets.", pager.url),
                    {"hubs": [view(s) for s in chunk], "pager": pager, "section": "hubs"})

        out.page_from(pager.url, "hubs.html", hub_index_inputs(chunk, pager, site), index)
    for slug, hub in site.hubs.items():
        for shown, pager in paginate(hub.articles, config.page_size, views.hub_url(slug)):
            def context(slug: str = slug, shown: Sequence[str] = shown,
                        pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
                h = view(slug)
                feed = views.Link(f"{h.name} (Atom)", f"{h.url}feed.xml")
                return (meta(_paged(h.name, pager), h.lead, pager.url, feeds=(feed,)),
                        {"page": h, "shown": [cards(site.by_source[s]) for s in shown], "pager": pager,
                         "section": "hubs"})

            out.page_from(pager.url, "hub.html", hub_page_inputs(slug, pager, cards), context)
    for old, slug in site.hub_redirects.items():  # a hub that merged or moved: its old URL still leads to it
        def redirect(slug: str = slug) -> tuple[PageMeta, dict[str, object]]:
            target = view(slug)
            return meta(target.name, target.name, target.url), {"page": views.Moved("This topic", target.name, target.url)}

        out.page_from(views.hub_url(old), "redirect.html", hub_redirect_inputs(slug, site), redirect, listed=False)


def _moved_articles(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    """A redirect from every earlier address of an article whose title, and so its URL, changed,
    to its page now: a link to the old address keeps working."""
    site = cards.site
    for old, source in site.article_redirects.items():
        def redirect(source: str = source) -> tuple[PageMeta, dict[str, object]]:
            placed = site.by_source[source]
            title = placed.article.title
            return page_meta(config, title, title, placed.url), {"page": views.Moved("This article", title, placed.url)}

        out.page_from(old, "redirect.html", article_redirect_inputs(source, site), redirect, listed=False)


def _outlets(out: Pages, cards: views.Cards, outlets: list[tuple[views.OutletPage, list[PlacedArticle]]],
             config: SiteConfig) -> None:
    """The outlets index and every outlet's pages (``outlets``: each outlet's view without
    articles, and its articles); a page's view holds the outlet's count, not its cards (as for
    tags), and a page is keyed by its inputs."""
    meta = partial(page_meta, config)
    out.page("/outlets/", "outlets.html", meta("Outlets", "Every outlet in the briefing.", "/outlets/"),
             outlets=[head for head, _members in outlets], section="outlets")
    for front, members in outlets:
        later = replace(front, count=0)
        for shown, pager in paginate_by_age(members, config.page_size, front.url, _source):
            page = front if pager.front else later

            def context(page: views.OutletPage = page, shown: Sequence[PlacedArticle] = shown,
                        pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
                return (meta(_paged(page.name, pager), f"Articles from {page.name}.", pager.url),
                        {"page": page, "shown": [cards(p) for p in shown], "pager": pager, "section": "outlets"})

            out.page_from(pager.url, "outlet.html", listing_page_inputs(page, pager, shown, cards), context)


def _archive(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    """The archive: every article by month, in pages by age, each keyed by its inputs."""
    for chunk, pager in paginate_by_age(cards.site.articles, config.page_size, "/archive/", _source):
        def context(chunk: Sequence[PlacedArticle] = chunk, pager: Pager = pager) -> tuple[PageMeta, dict[str, object]]:
            return (page_meta(config, _paged("Archive", pager), "Every article by month.", pager.url),
                    {"months": views.archive(cards, chunk), "pager": pager, "section": "archive"})

        out.page_from(pager.url, "archive.html", archive_page_inputs(pager, chunk), context)


def _paged(title: str, pager: Pager) -> str:
    """A list page's title: a page behind the front page says which page it is."""
    return title if pager.front else f"{title}, page {pager.number}"


def _source(placed: PlacedArticle) -> str:
    """An article's content file: what places the end of a page of a list cut by age."""
    return placed.article.source_file
