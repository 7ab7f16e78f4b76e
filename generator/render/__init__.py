"""Stage 6, render: view models through Jinja templates into pages, then the feeds, the
sitemap and the static files. Nothing is written here: every file is an :class:`OutputFile`."""

from __future__ import annotations

from pathlib import Path

from ..config import SiteConfig
from ..model import OutputFile, SiteModel
from .feeds import feed_files
from .pages import page_file, render_pages
from .sitemap import robots, sitemap
from .templates import environment, static_files, template_folders, theme

__all__ = ["environment", "page_file", "render", "template_folders", "theme"]


def render(site: SiteModel, config: SiteConfig, templates: Path) -> list[OutputFile]:
    """Every page, feed and static file of the site."""
    pages = render_pages(site, config, environment(templates))
    return [
        *pages.files,
        *feed_files(site, config),
        OutputFile("sitemap.xml", sitemap(config, pages.listed)),
        OutputFile("robots.txt", robots(config)),
        *static_files(templates),
    ]
