"""The site's HTML pages: every view model through its template, each page written once.

Article pages first (what search indexes), then home, tag, topic, outlet and archive pages
(paged lists go on at ``…/page/N/``), the search, method and 404 pages, and a redirect page for
every earlier hub address. The pages the sitemap lists are collected as they are rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial

from jinja2 import Environment
from markupsafe import Markup

from ..config import SiteConfig
from ..model import OutputFile, PlacedArticle, SiteModel
from . import views
from .head import PageMeta, article_json_ld, page_meta, site_view
from .paging import Pager, paginate, paginate_by_age
from .reuse import PageReuse

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
        (``made_from``: :meth:`PageReuse.page_made_from`); the view is then never built."""
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


def page_file(url: str) -> str:
    """The file of the page at site URL ``url``: one ending in ``/`` is that folder's ``index.html``."""
    return url.strip("/") + "/index.html" if url.endswith("/") else url.lstrip("/")


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

        out.page_from(placed.url, "article.html", views.article_inputs(placed, site), context,
                      listed=original is None)  # a copy stays out of the sitemap


def other_pages(out: Pages, cards: views.Cards, config: SiteConfig, search_shards: int = 1) -> None:
    """Every page but the articles': home, tag, topic, outlet and archive pages, the search page
    (merging ``search_shards`` index shards), the method and 404 pages."""
    site = cards.site
    outlets = views.outlet_pages(cards)
    described = config if config.description else replace(config, description=site_description(site, len(outlets)))
    _home(out, cards, outlets, described, config.description)
    _tags(out, cards, config)
    _hubs(out, cards, config)
    _outlets(out, outlets, config)
    _archive(out, cards, config)
    meta = partial(page_meta, config)
    out.page("/search/", "search.html", meta("Search", "Search every article.", "/search/"), section="search",
             merge=views.search_bundles(search_shards))
    out.page("/method/", "method.html", meta("Method", "How tags, summaries and topic hubs are made.", "/method/"),
             config=config, section="method")
    out.page("/404.html", "404.html", meta("Page not found", described.description, "/404.html"), listed=False,
             section="404")


def site_description(site: SiteModel, outlets: int) -> str:
    """What the home page says the site is when the config gives no ``description``: its counts."""
    articles, hubs = len(site.articles), len(site.hubs)
    return (f"{articles:,} article{'s' * (articles != 1)} from {outlets:,} outlet{'s' * (outlets != 1)}, "
            f"{hubs:,} topic hub{'s' * (hubs != 1)}, with tags, summaries and search.")


def _home(out: Pages, cards: views.Cards, outlets: list[views.OutletPage], config: SiteConfig, fixed: str) -> None:
    """The home page and the pages of older articles behind it. Top stories, tags, outlets and the
    site's counts lead the front page only: a page of older articles shows what stays true of
    it (``fixed``, the configured description, or a plain one), so it stands as articles arrive."""
    home = views.home_page(cards, outlets)
    later = replace(home, hubs=(), tags=(), outlets=())
    site_feed = views.Link(f"{config.title} (Atom)", "/feed.xml")
    for shown, pager in paginate_by_age(views.home_articles(cards), config.page_size, "/"):
        described = config.description if pager.front else fixed or f"Older articles of {config.title}, newest first."
        out.page(pager.url, "index.html", page_meta(config, _paged(config.title, pager), described, pager.url,
                                                    feeds=(site_feed,)),
                 page=home if pager.front else later, shown=shown, pager=pager, section="home")


def _tags(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    """The tags index and every tag's pages. A page's view holds the tag's count, not its cards
    (it shows those it lists, ``shown``), so a change to one of its articles re-renders only the
    pages that list it."""
    site = cards.site
    meta = partial(page_meta, config)
    tag_pages = sorted((views.tag_page(slug, cards) for slug, tag in site.tags.items() if tag.has_page),
                       key=lambda t: (-t.count, t.name.lower()))
    for chunk, pager in paginate(tag_pages, TAGS_PER_PAGE, "/tags/"):  # the most shared tags first
        out.page(pager.url, "tags.html", meta(_paged("Tags", pager), "Every tag shared by articles.", pager.url),
                 groups=views.tag_groups([replace(t, articles=()) for t in chunk]), pager=pager, section="tags")
    for t in tag_pages:
        feed = views.Link(f"{t.name} (Atom)", f"{t.url}feed.xml")
        front, later = replace(t, articles=()), replace(t, articles=(), hubs=(), count=0)  # older pages: what stays true
        for shown, pager in paginate_by_age(t.articles, config.page_size, t.url):
            out.page(pager.url, "tag.html", meta(_paged(t.name, pager), f"Articles tagged {t.name}.", pager.url,
                                                 feeds=(feed,)),
                     page=front if pager.front else later, shown=shown, pager=pager, section="tags")


def _hubs(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    site = cards.site
    meta = partial(page_meta, config)
    hub_pages = [views.hub_page(slug, cards) for slug in site.hubs]
    for chunk, pager in paginate(hub_pages, config.page_size, "/hubs/"):
        out.page(pager.url, "hubs.html", meta(_paged("Topics", pager), "Topic hubs: one story across outlets.", pager.url),
                 hubs=chunk, pager=pager, section="hubs")
    for h in hub_pages:
        feed = views.Link(f"{h.name} (Atom)", f"{h.url}feed.xml")
        brief = " ".join(line.text for line in h.brief[:2])
        for shown, pager in paginate(h.articles, config.page_size, h.url):
            out.page(pager.url, "hub.html", meta(_paged(h.name, pager), brief, pager.url, feeds=(feed,)),
                     page=h, shown=shown, pager=pager, section="hubs")
    pages = dict(zip(site.hubs, hub_pages, strict=True))
    for old, slug in site.hub_redirects.items():  # a hub that merged or moved: its old URL still leads to it
        target = pages[slug]
        out.page(views.hub_url(old), "redirect.html", meta(target.name, target.name, target.url), listed=False,
                 page=target)


def _outlets(out: Pages, outlets: list[views.OutletPage], config: SiteConfig) -> None:
    """The outlets index and every outlet's pages; a page's view holds the outlet's count, not
    its cards (as for tags)."""
    meta = partial(page_meta, config)
    out.page("/outlets/", "outlets.html", meta("Outlets", "Every outlet in the briefing.", "/outlets/"),
             outlets=[replace(o, articles=()) for o in outlets], section="outlets")
    for o in outlets:
        front, later = replace(o, articles=()), replace(o, articles=(), count=0)
        for shown, pager in paginate_by_age(o.articles, config.page_size, o.url):
            out.page(pager.url, "outlet.html", meta(_paged(o.name, pager), f"Articles from {o.name}.", pager.url),
                     page=front if pager.front else later, shown=shown, pager=pager, section="outlets")


def _archive(out: Pages, cards: views.Cards, config: SiteConfig) -> None:
    for chunk, pager in paginate_by_age(cards.site.articles, config.page_size, "/archive/"):
        out.page(pager.url, "archive.html", page_meta(config, _paged("Archive", pager), "Every article by month.", pager.url),
                 months=views.archive(cards, chunk), pager=pager, section="archive")


def _paged(title: str, pager: Pager) -> str:
    """A list page's title: a page behind the front page says which page it is."""
    return title if pager.front else f"{title}, page {pager.number}"
