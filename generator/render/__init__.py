"""Stage 6, render: view models through Jinja templates into pages, then the feeds, the
sitemap and the static files. Nothing is written here: every file is an :class:`OutputFile`,
and a page the site already holds as it would be rendered is named, not rendered (:mod:`.reuse`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..model import OutputFile, SiteModel
from .feeds import feed_files
from .pages import page_file, render_pages
from .reuse import PageReuse
from .sitemap import robots, sitemap
from .templates import environment, static_files, template_folders, theme

__all__ = ["PageReuse", "Rendered", "environment", "page_file", "render", "template_folders", "theme"]


@dataclass(frozen=True)
class Rendered:
    """What stage 6 made: the ``files`` rendered, the pages ``kept`` as the site holds them, and
    every page's key and content digest (rendered or kept) for the next build."""

    files: list[OutputFile]
    kept: tuple[str, ...]
    keys: dict[str, tuple[bytes, bytes]]


def render(site: SiteModel, config: SiteConfig, templates: Path, reuse: PageReuse | None = None,
           search_shards: int = 1) -> Rendered:
    """Every page, feed and static file of the site; with ``reuse``, pages whose context is
    what the site's copy was rendered from are kept instead. The search index comes in
    ``search_shards`` shards."""
    pages = render_pages(site, config, environment(templates), reuse, search_shards)
    files = [
        *pages.files,
        *feed_files(site, config, reuse),
        OutputFile("sitemap.xml", sitemap(config, pages.listed)),
        OutputFile("robots.txt", robots(config)),
        *static_files(templates),
    ]
    return Rendered(files, tuple(reuse.kept) if reuse else (), dict(reuse.made) if reuse else {})
