"""Stage 6, render: view models through Jinja templates into pages, feeds and the sitemap."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from ..config import SiteConfig
from ..model import OutputFile, PlacedArticle, SiteModel
from . import views
from .feeds import json_feed
from .sitemap import atom_feed, robots, sitemap

STAGE = "render"


def theme() -> Path:
    """The default theme: the ``theme`` folder an installed package carries (the wheel maps the
    project's ``templates/`` there), or, run from the source tree, ``templates/`` itself."""
    packaged = Path(__file__).resolve().parents[1] / "theme"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def template_folders(templates: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the site's own folder (when it has one),
    then the default theme, so a site overrides one template or static file at a time."""
    folders = [templates] if templates.is_dir() else []
    return folders + [t for t in [theme()] if t.is_dir() and all(t.resolve() != f.resolve() for f in folders)]


def environment(templates: Path) -> Environment:
    """The Jinja environment: autoescape on, undefined names are errors, article text is never a template."""
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in template_folders(templates)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _Pages:
    """Collects rendered pages; every page gets the site view and its head metadata."""

    def __init__(self, env: Environment, config: SiteConfig) -> None:
        self.env, self.config = env, config
        self.site = views.site_view(config)
        self._card_html: dict[tuple[int, str], tuple[views.ArticleCard, Markup]] = {}
        env.globals["article_card"] = self.article_card
        env.globals["pager_nav"] = self.pager_nav
        self.files: list[OutputFile] = []
        self.listed: list[str] = []

    def page(self, path: str, template: str, meta: views.PageMeta, *, listed: bool = True, **context: object) -> None:
        """Render ``template`` to ``path`` (a URL ending in ``/`` becomes ``…/index.html``)."""
        html = self.env.get_template(template).render(site=self.site, meta=meta, **context)
        target = page_file(path)
        self.files.append(OutputFile(target.lstrip("/"), html.encode("utf-8")))
        if listed:
            self.listed.append(path)

    def article_card(self, card: views.ArticleCard, heading: str = "h3") -> Markup:
        """The ``article_card`` macro of ``_macros.html``, rendered once per card and heading: an
        article listed on a hundred pages is rendered once."""
        key = (id(card), heading)  # the card is held below, so its id is not reused while this lives
        made = self._card_html.get(key)
        if made is None:
            macro = self.env.get_template("_macros.html").module.article_card  # type: ignore[attr-defined]
            made = self._card_html[key] = (card, Markup(macro(card, heading)))
        return made[1]

    def pager_nav(self, pager: views.Pager) -> Markup:
        """The ``pager_nav`` macro of ``_macros.html``: a paged list's links to its other pages."""
        macro = self.env.get_template("_macros.html").module.pager_nav  # type: ignore[attr-defined]
        return Markup(macro(pager))

    def add(self, path: str, content: bytes) -> None:
        """Add a non-HTML file."""
        self.files.append(OutputFile(path.lstrip("/"), content))


def page_file(url: str) -> str:
    """The file of the page at site URL ``url``: one ending in ``/`` is that folder's ``index.html``."""
    return url.strip("/") + "/index.html" if url.endswith("/") else url.lstrip("/")


def render(site: SiteModel, config: SiteConfig, templates: Path) -> list[OutputFile]:
    """Every page, feed and static file of the site."""
    out = _Pages(environment(templates), config)
    meta = partial(views.page_meta, config)
    site_feed = views.Link(f"{config.title} (Atom)", "/feed.xml")
    cards = views.Cards(site)
    outlets = views.outlet_pages(cards)
    home = views.home_page(cards, outlets)
    for shown, pager in views.paginate(home.articles, config.page_size, "/"):
        out.page(pager.url, "index.html", meta(_paged(config.title, pager), config.description, pager.url,
                                               feeds=(site_feed,)),
                 page=home, shown=shown, pager=pager, section="home")
    for placed in site.articles:
        page = views.article_page(placed, cards, config.images)
        original = site.by_source[placed.duplicate_of].url if placed.duplicate_of else None
        out.page(placed.url, "article.html", meta(page.card.title, page.card.summary, placed.url, og_type="article",
                                                  json_ld=views.article_json_ld(placed, config), canonical_path=original),
                 page=page, section="article", listed=original is None)  # a copy stays out of the sitemap
    _tags(out, cards, config)
    _hubs(out, cards, config)
    out.page("/outlets/", "outlets.html", meta("Outlets", "Every outlet in the briefing.", "/outlets/"),
             outlets=outlets, section="outlets")
    for o in outlets:
        for shown, pager in views.paginate(o.articles, config.page_size, o.url):
            out.page(pager.url, "outlet.html", meta(_paged(o.name, pager), f"Articles from {o.name}.", pager.url), page=o,
                     shown=shown, pager=pager, section="outlets")
    for chunk, pager in views.paginate(site.articles, config.page_size, "/archive/"):
        out.page(pager.url, "archive.html", meta(_paged("Archive", pager), "Every article by month.", pager.url),
                 months=views.archive(cards, chunk), pager=pager, section="archive")
    out.page("/search/", "search.html", meta("Search", "Search every article.", "/search/"), section="search",
             merge=views.search_bundles(len(site.articles), config.search_shard_pages))
    out.page("/method/", "method.html", meta("Method", "How tags, summaries and topic hubs are made.", "/method/"),
             config=config, section="method")
    out.page("/404.html", "404.html", meta("Page not found", config.description, "/404.html"), listed=False,
             section="404")
    out.add("feed.json", json_feed(site, config))
    out.add("feed.xml", atom_feed(config, config.title, "/", "/feed.xml", list(site.articles)))
    out.add("sitemap.xml", sitemap(config, out.listed))
    out.add("robots.txt", robots(config))
    static_files: dict[str, bytes] = {}
    for folder in reversed(template_folders(templates)):  # the theme's, then the site's over them
        for file in sorted((folder / "static").rglob("*")):
            if file.is_file():
                static_files["static/" + file.relative_to(folder / "static").as_posix()] = file.read_bytes()
    for path, data in sorted(static_files.items()):
        out.add(path, data)
    return out.files


def _tags(out: _Pages, cards: views.Cards, config: SiteConfig) -> None:
    site = cards.site
    meta = partial(views.page_meta, config)
    by_source = site.by_source
    tag_pages = sorted((views.tag_page(slug, cards) for slug, tag in site.tags.items() if tag.has_page),
                       key=lambda t: (-len(t.articles), t.name.lower()))
    for chunk, pager in views.paginate(tag_pages, TAGS_PER_PAGE, "/tags/"):  # the most shared tags first
        out.page(pager.url, "tags.html", meta(_paged("Tags", pager), "Every tag shared by articles.", pager.url),
                 groups=views.tag_groups(list(chunk)), pager=pager, section="tags")
    for t in tag_pages:
        feed = f"{t.url}feed.xml"
        for shown, pager in views.paginate(t.articles, config.page_size, t.url):
            out.page(pager.url, "tag.html", meta(_paged(t.name, pager), f"Articles tagged {t.name}.", pager.url,
                                            feeds=(views.Link(f"{t.name} (Atom)", feed),)),
                     page=t, shown=shown, pager=pager, section="tags")
        members = [by_source[s] for s in site.tags[t.url.strip("/").split("/")[-1]].articles]
        out.add(feed, atom_feed(config, f"{config.title}: {t.name}", t.url, feed, _newest(site, members)))


def _hubs(out: _Pages, cards: views.Cards, config: SiteConfig) -> None:
    site = cards.site
    meta = partial(views.page_meta, config)
    by_source = site.by_source
    hub_pages = [views.hub_page(slug, cards) for slug in site.hubs]
    for chunk, pager in views.paginate(hub_pages, config.page_size, "/hubs/"):
        out.page(pager.url, "hubs.html", meta(_paged("Topics", pager), "Topic hubs: one story across outlets.", pager.url),
                 hubs=chunk, pager=pager, section="hubs")
    for slug, h in zip(site.hubs, hub_pages):
        feed = f"{h.url}feed.xml"
        brief = " ".join(line.text for line in h.brief[:2])
        for shown, pager in views.paginate(h.articles, config.page_size, h.url):
            out.page(pager.url, "hub.html", meta(_paged(h.name, pager), brief, pager.url,
                                            feeds=(views.Link(f"{h.name} (Atom)", feed),)),
                     page=h, shown=shown, pager=pager, section="hubs")
        members = [by_source[s] for s in site.hubs[slug].articles]
        out.add(feed, atom_feed(config, f"{config.title}: {h.name}", h.url, feed, _newest(site, members)))
    pages = dict(zip(site.hubs, hub_pages))
    for old, slug in site.hub_redirects.items():  # a hub that merged or moved: its old URL still leads to it
        target = pages[slug]
        out.page(views.hub_url(old), "redirect.html", meta(target.name, target.name, target.url), listed=False,
                 page=target)


TAGS_PER_PAGE = 300  # a tags index page lists this many tags, most shared first


def _paged(title: str, pager: views.Pager) -> str:
    """A list page's title: page 2 on says which page it is."""
    return title if pager.number == 1 else f"{title}, page {pager.number}"


def _newest(site: SiteModel, members: list[PlacedArticle]) -> list[PlacedArticle]:
    return sorted(members, key=lambda p: site.position[p.article.source_file])
