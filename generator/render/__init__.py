"""Stage 6, render: view models through Jinja templates into pages, then the feeds, the
sitemap and the static files. Nothing is written here: every file is an :class:`OutputFile`,
and a page the site already holds as it would be rendered is named, not rendered (:mod:`.reuse`).

It goes in two steps (:class:`Rendering`): the article pages first, which are what search
indexes, so that the search stage can begin on them while everything else renders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..background import Background
from ..config import SiteConfig
from ..model import OutputFile, SiteModel
from ..shards import SearchLayout
from . import views
from .feeds import feed_files
from .pages import Pages, article_pages, other_pages
from .reuse import PageReuse
from .sitemap import robots, sitemap
from .templates import compiled_folder, environment, static_files, template_folders, theme
from .views import page_file

Records = tuple[list[str], Mapping[str, tuple[bytes, bytes]], Mapping[str, tuple[bytes, ...]]]  # kept, made, parts

__all__ = ["PageReuse", "Rendered", "Rendering", "compiled_folder", "environment", "page_file", "render", "template_folders",
           "theme"]


@dataclass(frozen=True)
class Rendered:
    """What stage 6 made: the ``files`` rendered, the pages ``kept`` as the site holds them, and
    every page's key and content digest (rendered or kept) for the next build."""

    files: list[OutputFile]
    kept: tuple[str, ...]
    keys: dict[str, tuple[bytes, bytes]]


class Rendering:
    """Stage 6 in two steps: :meth:`article_pages`, then :meth:`rest`. With ``reuse``, pages
    whose inputs or context are those the site's copy was rendered from are kept instead. The
    templates are kept compiled in ``compiled`` between builds, when given
    (:func:`.templates.environment`)."""

    def __init__(self, site: SiteModel, config: SiteConfig, templates: Path, reuse: PageReuse | None = None,
                 compiled: Path | None = None) -> None:
        self.site, self.config, self.templates, self.reuse = site, config, templates, reuse
        self.pages = Pages(environment(templates, compiled), config, reuse)
        self.cards = views.Cards(site)

    def article_pages(self) -> dict[str, bytes]:
        """Render every article page; return the bytes of each one rendered, by its file (a page
        kept is the site's file as it stands)."""
        start = len(self.pages.files)
        article_pages(self.pages, self.cards, self.config)
        return {f.path: f.content for f in self.pages.files[start:]}

    def page_digests(self) -> dict[str, bytes]:
        """The content digest of every page so far, rendered or kept (none without ``reuse``)."""
        return {path: made[1] for path, made in self.reuse.made.items()} if self.reuse else {}

    def rest(self, search: SearchLayout, apart: bool = False) -> Rendered:
        """Render every other page (the search page for the index laid out as ``search``), the
        feeds, the sitemap and the static files; return all the files of the stage. With ``apart``,
        the feeds are made in a forked child (:class:`Background`, on a core of its own) while this
        process renders the pages."""
        feeds = Background(self._feeds) if apart else None
        other_pages(self.pages, self.cards, self.config, search)
        feed, records = feeds.result() if feeds else self._feeds()
        if self.reuse is not None and records is not None:
            self.reuse.take(*records)
        files = [
            *self.pages.files,
            *feed,
            OutputFile("sitemap.xml", sitemap(self.config, self.pages.listed)),
            OutputFile("robots.txt", robots(self.config)),
            *static_files(self.templates),
        ]
        reuse = self.reuse
        return Rendered(files, tuple(reuse.kept) if reuse else (), dict(reuse.made) if reuse else {})

    def _feeds(self) -> tuple[list[OutputFile], Records | None]:
        """The feed files, and what making them recorded for page reuse (kept, made, parts)."""
        if self.reuse is None:
            return feed_files(self.site, self.config), None
        reuse = self.reuse.apart()
        return feed_files(self.site, self.config, reuse), (reuse.kept, reuse.made, reuse.parts)


def render(site: SiteModel, config: SiteConfig, templates: Path, reuse: PageReuse | None = None,
           search: SearchLayout | None = None) -> Rendered:
    """Every page, feed and static file of the site, in one go (:class:`Rendering`), for a search
    index laid out as ``search`` (one bundle, when not given)."""
    rendering = Rendering(site, config, templates, reuse)
    rendering.article_pages()
    return rendering.rest(search or SearchLayout())
