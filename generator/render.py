"""Stage 6, render: view models through Jinja templates into output files."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import views
from .config import SiteConfig
from .feeds import json_feed
from .model import OutputFile, SiteModel

STAGE = "render"


def environment(templates: Path) -> Environment:
    """The Jinja environment: autoescape on, undefined names are errors, article text is never a template."""
    return Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(site: SiteModel, config: SiteConfig, templates: Path) -> list[OutputFile]:
    """Every page, feed and static file of the site."""
    env = environment(templates)
    site_view = views.site_view(config)

    def page(path: str, template: str, **context: object) -> OutputFile:
        html = env.get_template(template).render(site=site_view, **context)
        return OutputFile(path, html.encode("utf-8"))

    out = [page("index.html", "index.html", page=views.home_page(site), section="home")]
    for placed in site.articles:
        out.append(page(_index(placed.url), "article.html", page=views.article_page(placed, site), section="article"))
    tag_pages = [views.tag_page(slug, site) for slug, tag in site.tags.items() if tag.has_page]
    tag_pages.sort(key=lambda t: (-len(t.articles), t.name.lower()))
    out.append(page("tags/index.html", "tags.html", tags=tag_pages, section="tags"))
    out.extend(page(_index(t.url), "tag.html", page=t, section="tags") for t in tag_pages)
    hub_pages = [views.hub_page(slug, site) for slug in site.hubs]
    out.append(page("hubs/index.html", "hubs.html", hubs=hub_pages, section="hubs"))
    out.extend(page(_index(h.url), "hub.html", page=h, section="hubs") for h in hub_pages)
    out.append(page("search/index.html", "search.html", section="search"))
    out.append(page("404.html", "404.html", section="404"))
    out.append(OutputFile("feed.json", json_feed(site, config)))
    static = templates / "static"
    if static.is_dir():
        for file in sorted(static.rglob("*")):
            if file.is_file():
                out.append(OutputFile("static/" + file.relative_to(static).as_posix(), file.read_bytes()))
    return out


def _index(url: str) -> str:
    return url.strip("/") + "/index.html"
