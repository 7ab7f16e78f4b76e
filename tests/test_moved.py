"""Article addresses last: when an article's title, and so its URL, changes, its old URL leads to it."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import BuildOptions, build
from generator.config import SiteConfig
from generator.group import moved_urls
from generator.group.hubs import HubHistory

from .conftest import CONTENT, TEMPLATES, read_feed


def test_moved_urls_follow_an_article_through_its_titles() -> None:
    history = HubHistory(urls={"a.md": "/articles/second/", "b.md": "/articles/bee/", "gone.md": "/articles/gone/"},
                         moved={"/articles/first/": "a.md", "/articles/taken/": "b.md"})
    now = {"a.md": "/articles/third/", "b.md": "/articles/bee/", "c.md": "/articles/taken/"}
    assert moved_urls(now, history) == {"/articles/first/": "a.md", "/articles/second/": "a.md"}
    assert moved_urls(now, HubHistory()) == {}


def _write(path: Path, title: str) -> None:
    path.write_text(f"---\ntitle: {title}\ndate: 2024-03-05\n---\n\nThe port authority said on Tuesday that the "
                    "container terminals would reopen after the storm, and that the ferries would follow once the "
                    "breakwater had been inspected by the engineers.\n", encoding="utf-8")


def _first_build(tmp_path: Path) -> tuple[Path, Path, BuildOptions]:
    """The seeds and a harbour story titled "Harbour reopens after the storm", built with a cache:
    the content folder, the site and the build options."""
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    _write(content / "harbour.md", "Harbour reopens after the storm")
    build(content, site, SiteConfig(), TEMPLATES, options=options)
    return content, site, options


def _url_of(site: Path, source: str) -> str:
    return next(i["url"] for i in read_feed(site)["items"] if i["_briefing"]["source_file"] == source)


def test_an_article_whose_title_changes_keeps_its_old_address_as_a_redirect(tmp_path: Path) -> None:
    content, site, options = _first_build(tmp_path)
    story = content / "harbour.md"
    first = _url_of(site, "harbour.md")
    assert first.endswith("/articles/harbour-reopens-after-the-storm/")

    _write(story, "Harbour reopens after the winter storm")
    build(content, site, SiteConfig(), TEMPLATES, options=options)
    second = _url_of(site, "harbour.md")
    assert second != first
    page = (site / "articles" / "harbour-reopens-after-the-storm" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in page and "/articles/harbour-reopens-after-the-winter-storm/" in page
    assert "This article is now" in page and "Harbour reopens after the winter storm" in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "harbour-reopens-after-the-winter-storm" in sitemap and "harbour-reopens-after-the-storm/" not in sitemap

    _write(story, "Ferries return to the harbour")  # both earlier addresses now lead to the third
    build(content, site, SiteConfig(), TEMPLATES, options=options)
    for old in ("harbour-reopens-after-the-storm", "harbour-reopens-after-the-winter-storm"):
        page = (site / "articles" / old / "index.html").read_text(encoding="utf-8")
        assert "/articles/ferries-return-to-the-harbour/" in page and 'http-equiv="refresh"' in page

    _write(content / "other.md", "Harbour reopens after the storm")  # an article that has the address now wins it
    build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert _url_of(site, "other.md").endswith("/articles/harbour-reopens-after-the-storm/")
    page = (site / "articles" / "harbour-reopens-after-the-storm" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in page
    assert 'http-equiv="refresh"' in (site / "articles" / "harbour-reopens-after-the-winter-storm" / "index.html").read_text(
        encoding="utf-8")

    story.unlink()  # a removed article leaves no redirect behind
    build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert not (site / "articles" / "harbour-reopens-after-the-winter-storm").exists()


def test_a_history_from_before_article_urls_were_kept_takes_them_from_the_last_build(tmp_path: Path) -> None:
    """A site built by a version that kept no article URLs: the first build that keeps them reads
    the last build's result, so a title written anew still leaves a redirect at the old address."""
    from dataclasses import replace

    from generator.cache import dump_atomic
    from generator.group.hubs import load_history
    from generator.site_state import hub_history

    content, site, options = _first_build(tmp_path)
    story = content / "harbour.md"
    path = hub_history(options.cache, site.resolve())
    assert path is not None and load_history(path).urls  # this version keeps them
    dump_atomic(path, replace(load_history(path), urls={}, moved={}))  # as an earlier version left it

    _write(story, "Harbour reopens after the winter storm")
    build(content, site, SiteConfig(), TEMPLATES, options=options)
    page = (site / "articles" / "harbour-reopens-after-the-storm" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in page and "/articles/harbour-reopens-after-the-winter-storm/" in page
