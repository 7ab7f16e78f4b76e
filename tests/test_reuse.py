"""Page reuse: a rebuild keeps the pages whose context did not change, and its site is byte for
byte the site a build that renders every page makes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from generator import render
from generator.background import Background
from generator.build import BuildOptions, BuildResult, build
from generator.config import SiteConfig
from generator.group import group
from generator.model import PlacedArticle, SiteModel
from generator.render import feeds, views
from generator.render.head import PageMeta
from generator.render.pages import Pages, article_pages, other_pages
from generator.render.reuse import Digests, PageReuse, salt
from generator.render.templates import environment
from generator.render.views import page_file

from .conftest import CONTENT, FIXTURES, TEMPLATES, articles_in_memory

STORIES = FIXTURES / "stories" / "articles"
T = TypeVar("T")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site outside its search index (Pagefind names its files afresh each run)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and "pagefind" not in p.relative_to(site).parts}


def rebuild_and_compare(content: Path, tmp_path: Path, config: SiteConfig, step: str) -> BuildResult:
    """Rebuild the site with its cache; then forget the page keys and the site and build again
    from the same articles and hub history, so that every page is rendered; require the two
    sites to be the same."""
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    again = build(content, tmp_path / "site", config, TEMPLATES, options=options)
    kept = site_files(tmp_path / "site")
    for folder in (tmp_path / "cache" / "pages", tmp_path / "builds", tmp_path / "site"):
        shutil.rmtree(folder)
    rendered = build(content, tmp_path / "site", config, TEMPLATES, options=options)
    assert rendered.cache["pages_kept"] == 0
    fresh = site_files(tmp_path / "site")
    assert kept.keys() == fresh.keys(), step
    assert [p for p in fresh if kept[p] != fresh[p]] == [], step
    return again


def test_rebuilds_keep_unchanged_pages_and_equal_a_build_that_renders_all(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(STORIES, content / "stories")
    shutil.copytree(CONTENT, content / "seeds")
    config = SiteConfig()
    first = build(content, tmp_path / "site", config, TEMPLATES, options=BuildOptions(cache=tmp_path / "cache", jobs=1))
    assert first.cache["pages_kept"] == 0
    pages = first.cache["files_written"]

    story = sorted((content / "stories").glob("*.txt"))[3]
    story.write_text(story.read_text(encoding="utf-8") + "\n\nThe talks are to resume on Monday, officials said.\n",
                     encoding="utf-8")
    changed = rebuild_and_compare(content, tmp_path, config, "change one")
    assert changed.cache["articles_processed"] == 1 and 0 < changed.cache["pages_kept"] < pages

    seed = sorted((content / "seeds").iterdir())[0]
    (content / "seeds" / f"added-{seed.name}").write_text(
        seed.read_text(encoding="utf-8").replace("Russia", "Mongolia"), encoding="utf-8")
    added = rebuild_and_compare(content, tmp_path, config, "add one")
    assert added.cache["articles_processed"] == 1 and added.cache["pages_kept"] > 0

    sorted((content / "stories").glob("*.txt"))[0].unlink()
    removed = rebuild_and_compare(content, tmp_path, config, "remove one")
    assert removed.cache["articles_processed"] == 0 and removed.cache["pages_kept"] > 0

    retitled = rebuild_and_compare(content, tmp_path, replace(config, title="Arctic Desk"), "new title")
    assert retitled.cache["pages_kept"] == 0  # the settings are in every page's key


def test_a_page_changed_or_removed_in_the_site_is_made_again(tmp_path: Path) -> None:
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    site = tmp_path / "site"
    build(CONTENT, site, SiteConfig(), TEMPLATES, options=options)
    before = site_files(site)
    article = next(p for p in sorted(before) if p.startswith("articles/"))
    (site / article).write_bytes(before[article].replace(b"</main>", b"<p>edited by hand</p></main>"))
    (site / "tags" / "index.html").unlink()
    (tmp_path / "builds").rename(tmp_path / "forgotten")  # the build itself must run, not the no-change shortcut
    again = build(CONTENT, site, SiteConfig(), TEMPLATES, options=options)
    assert site_files(site) == before
    assert again.cache["files_written"] == 2 and again.cache["pages_kept"] > 10


def test_a_site_restored_with_new_file_times_keeps_its_pages_by_their_bytes(tmp_path: Path) -> None:
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    site = tmp_path / "site"
    first = build(CONTENT, site, SiteConfig(), TEMPLATES, options=options)
    before = site_files(site)
    for path in site.rglob("*"):  # as a deploy cache restores it: same bytes, new times
        os.utime(path, ns=(10**18, 10**18))
    article = next(p for p in sorted(before) if p.startswith("articles/"))
    same_size = before[article].replace(b"<main", b"<MAIN", 1)  # an edit that keeps the size
    (site / article).write_bytes(same_size)
    shutil.rmtree(tmp_path / "builds")
    again = build(CONTENT, site, SiteConfig(), TEMPLATES, options=options)
    assert site_files(site) == before
    assert again.cache["files_written"] == 1 and again.cache["pages_kept"] > 10
    pages = [p for p in before if p.endswith((".html", "feed.xml"))]  # every page and Atom feed: all kept but one
    assert first.cache["pages_kept"] == 0 and again.cache["pages_kept"] == len(pages) - 1


def test_a_key_changes_with_any_field_the_template_sees_and_only_then() -> None:
    card = views.ArticleCard("Title", "/articles/a/", "2024-01-02", "2 January 2024", "2024", "Outlet",
                             "/outlets/outlet/", "news", "Summary.", (views.Link("Arctic", "/tags/arctic/"),))
    reuse = PageReuse(salt("code", "settings", "templates"), {}, Path("/nonexistent"))
    key = reuse.key("index.html", {"shown": (card,), "page": 1})
    assert reuse.key("index.html", {"shown": (replace(card),), "page": 1}) == key  # an equal card, made anew
    assert reuse.key("index.html", {"shown": (replace(card, summary="Other."),), "page": 1}) != key
    assert reuse.key("index.html", {"shown": (replace(card, tags=(views.Link("Arctic", "/tags/arctic-2/"),)),),
                                    "page": 1}) != key
    assert reuse.key("index.html", {"shown": [card], "page": 1}) != key  # a list is not a tuple
    assert reuse.key("tag.html", {"shown": (card,), "page": 1}) != key
    assert PageReuse(salt("code", "settings", "other templates"), {}, Path("/nonexistent")).key(
        "index.html", {"shown": (card,), "page": 1}) != key
    assert not reuse.unchanged("index.html", key)  # no record, no file: rendered
    recorded = PageReuse(reuse.salt, {"index.html": (key, 1, 1, b"")}, Path("/nonexistent"))
    assert not recorded.unchanged("index.html", key)  # the record stands only with its file


def test_a_shared_view_is_digested_once() -> None:
    digests = Digests()
    page = views.TagPage("Arctic", "/tags/arctic/", "Topic", ())
    first = digests.of(page)
    assert isinstance(first, bytes) and digests.of(page) is first
    assert digests.of(replace(page, name="Antarctic")) != first


def test_feed_items_of_unchanged_articles_are_read_back_from_the_published_feed(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(STORIES, content / "stories")
    config = SiteConfig()
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    build(content, tmp_path / "site", config, TEMPLATES, options=options)
    made: list[str] = []
    item = feeds._item
    monkeypatch.setattr(feeds, "_item", lambda a, placement: made.append(a.source_file) or item(a, placement))

    story = sorted((content / "stories").glob("*.txt"))[3]
    story.write_text(story.read_text(encoding="utf-8") + "\n\nThe talks are to resume on Monday, officials said.\n",
                     encoding="utf-8")
    build(content, tmp_path / "site", config, TEMPLATES, options=options)
    items = len(json.loads((tmp_path / "site" / "feed.json").read_text(encoding="utf-8"))["items"])
    assert f"stories/{story.name}" in made and len(made) < items / 2  # few items made anew, the rest read back
    rebuild_and_compare(content, tmp_path, config, "change one")  # the same feed as one made item by item

    feed = tmp_path / "site" / "feed.json"
    published = feed.read_bytes()
    edited = published.replace(b'"title": "', b'"title": "Edited: ', 1)  # by hand, after the build
    feed.write_bytes(edited)
    shutil.rmtree(tmp_path / "builds")
    made.clear()
    build(content, tmp_path / "site", config, TEMPLATES, options=options)
    assert feed.read_bytes() == published and len(made) == items  # an edited feed is read from no more


class RecordingPages(Pages):
    """Pages rendered whatever their key: each page's key and bytes."""

    def __init__(self, config: SiteConfig, reuse: PageReuse) -> None:
        super().__init__(environment(TEMPLATES), config, reuse)
        self.seen: dict[str, tuple[bytes | None, bytes]] = {}

    def _add(self, path: str, template: str, key: bytes | None,
             context: Callable[[], tuple[PageMeta, Mapping[str, object]]], listed: bool) -> None:
        meta, shown = context()
        self.seen[path] = (key, self.env.get_template(template).render(site=self.site, meta=meta, **shown).encode())


def _all_pages(site: SiteModel, sources: dict[str, str]) -> dict[str, tuple[bytes | None, bytes]]:
    """Every page of ``site`` but the feeds: its key and its bytes."""
    config = SiteConfig()
    out = RecordingPages(config, PageReuse(salt("code", "settings", "templates"), {}, Path("/nonexistent"), sources))
    cards = views.Cards(site)
    article_pages(out, cards, config)
    other_pages(out, cards, config)
    return out.seen


def test_every_page_is_keyed_by_everything_it_shows() -> None:
    """A page keyed by its inputs (articles, tags, topics, outlets, archive, home, their indexes)
    gets a new key whenever anything it shows changes; other pages keep theirs."""
    config = SiteConfig()
    articles = articles_in_memory({p.name: p.read_text(encoding="utf-8") for p in sorted(STORIES.glob("*.txt"))}, config)
    site = group(articles, config)
    sources = {a.source_file: hashlib.sha256(a.source_file.encode()).hexdigest() for a in articles}
    before = _all_pages(site, sources)
    by_source = site.by_source
    shared = {slug for slug, t in site.tags.items() if len(t.articles) >= views.FILTER_TAG_ARTICLES}
    first = next(p for p in site.articles if p.related and p.hubs and shared & set(p.tags))
    tag = next(t for t in (site.tags[s] for s in first.tags) if len(t.articles) >= views.FILTER_TAG_ARTICLES)
    hub = site.hubs[first.hubs[0]]
    target = by_source[first.related[0]]

    def placed(p: PlacedArticle, **changes: object) -> SiteModel:
        return replace(site, articles=tuple(replace(q, **changes) if q is p else q for q in site.articles))

    def retitled() -> tuple[SiteModel, dict[str, str]]:
        article = replace(target.article, title="Another headline")
        return placed(target, article=article), {**sources, target.article.source_file: "edited"}

    def hub_changed(**changes: object) -> tuple[SiteModel, dict[str, str]]:
        return replace(site, hubs={**site.hubs, hub.slug: replace(hub, **changes)}), sources

    def tag_changed(**changes: object) -> tuple[SiteModel, dict[str, str]]:
        return replace(site, tags={**site.tags, tag.slug: replace(tag, **changes)}), sources

    mutations: dict[str, tuple[SiteModel, dict[str, str]]] = {
        "tag renamed": tag_changed(name="Renamed"),
        "tag of another kind": tag_changed(kind="place" if tag.kind != "place" else "person"),
        "tag page dropped": tag_changed(has_page=not tag.has_page),
        "tag no longer a filter": tag_changed(articles=tag.articles[:1]),
        "hub renamed": hub_changed(name="Another story"),
        "hub brief rewritten": hub_changed(brief=(replace(hub.brief[0], text="Another sentence."), *hub.brief[1:])),
        "hub without top tags": hub_changed(top_tags=()),
        "hub members reordered": hub_changed(articles=tuple(reversed(hub.articles))),
        "related article edited": retitled(),
        "related article moved": (placed(target, url="/articles/elsewhere/"), sources),
        "related article added later": (placed(target, added=datetime(2030, 1, 1)), sources),
        "related list shorter": (placed(first, related=first.related[1:]), sources),
    }
    kinds = {page_file(path).lstrip("/").split("/", 1)[0] for path in before}
    assert {"articles", "tags", "hubs", "outlets", "archive", "index.html"} <= kinds
    for name, (changed, digests) in mutations.items():
        after = _all_pages(changed, digests)
        common = before.keys() & after.keys()
        shown_changed = [p for p in common if before[p][1] != after[p][1]]
        assert shown_changed, name  # the change shows on some page (its bytes differ)
        assert [p for p in shown_changed if before[p][0] == after[p][0]] == [], name  # and changes each one's key
        assert any(before[p][0] == after[p][0] for p in common), name  # other pages keep theirs


def test_older_pages_of_a_list_by_age_are_not_rendered_again_when_it_gains_a_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles about five to a page: the archive has its front page and pages 1 to ``sealed``.
    One more, the newest, seals the next page (the first count at which one does is taken). The
    pages far back show nothing of that (their links reach two pages either side, and the front
    page as "Latest"), so they are kept unrendered; the pages whose links change, and the front
    page, are rendered, and the site equals one rendered whole."""
    from generator.render import reuse
    from generator.render.paging import age_cuts

    texts = [f.read_text(encoding="utf-8") for f in sorted((FIXTURES / "summaries" / "articles").iterdir())]
    names = [f"d{i:03d}.md" for i in range(90)]  # dated a day apart: the archive's order, oldest first
    n = next(n for n in range(40, 89) if len(age_cuts(names[:n + 1], 5)) > len(age_cuts(names[:n], 5)))
    sealed = len(age_cuts(names[:n], 5)) - 1
    new_page = f"archive/page/{sealed + 1}/index.html"
    content = tmp_path / "content"
    content.mkdir()

    def write_article(i: int) -> None:
        title, _, body = texts[i % len(texts)].partition("\n")
        head = f"title: {json.dumps(f'{title.strip()} ({i})')}\ndate: {date(2021, 1, 1) + timedelta(days=i)}"
        (content / names[i]).write_text(f"---\n{head}\n---\n\n{body.strip()}\n", encoding="utf-8")

    for i in range(n):
        write_article(i)
    config = replace(SiteConfig(), page_size=5)
    build(content, tmp_path / "site", config, TEMPLATES, options=BuildOptions(cache=tmp_path / "cache", jobs=1))
    feed = json.loads((tmp_path / "site" / "feed.json").read_text(encoding="utf-8"))
    assert [i["_briefing"]["source_file"] for i in reversed(feed["items"])] == names[:n]
    before = site_files(tmp_path / "site")
    rendered: list[str] = []
    keyed = reuse.PageReuse.keyed

    def recording(self: PageReuse, path: str, key: bytes, make: Callable[[], bytes]) -> bytes | None:
        def made() -> bytes:
            rendered.append(path)
            return make()
        return keyed(self, path, key, made)

    monkeypatch.setattr(reuse.PageReuse, "keyed", recording)
    write_article(n)
    build(content, tmp_path / "site", config, TEMPLATES, options=BuildOptions(cache=tmp_path / "cache", jobs=1))
    monkeypatch.undo()
    after = site_files(tmp_path / "site")
    archive = {p for p in rendered if p.startswith("archive/")}
    changed = {p for p in before if p.startswith("archive/") and before[p] != after[p]}
    assert sealed >= 6 and new_page not in before and new_page in archive
    assert {"archive/index.html", f"archive/page/{sealed}/index.html"} <= changed
    assert archive - {new_page} == changed
    assert "archive/page/1/index.html" not in archive and "archive/page/2/index.html" not in archive
    rebuild_and_compare(content, tmp_path, config, "add the newest")


class MadeInTheChild(Background[T]):
    """A :class:`Background` whose work must come back from its forked child: done here, it fails."""

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(work)
        assert self._process is not None, "no child was forked"
        self.work = lambda: pytest.fail("the child sent no answer")


def test_feeds_made_in_a_process_of_their_own_are_those_made_in_line(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """With a core to spare the feeds are made in a forked child; the site and the page records
    (what the next build keeps) are those of a build that makes them itself. Both rebuilds start
    from one saved state of the project, restored in place (its paths are in its keys)."""
    project = tmp_path / "project"
    shutil.copytree(STORIES, project / "content" / "stories")

    def rebuild(jobs: int, line: str) -> dict[str, int]:
        story = sorted((project / "content" / "stories").glob("*.txt"))[3]
        story.write_text(story.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")
        os.utime(story, (1_700_000_000, 1_700_000_000))  # its date when added (outside git), the same in both runs
        options = BuildOptions(cache=project / "cache", jobs=jobs)
        return build(project / "content", project / "site", SiteConfig(), TEMPLATES, options=options).cache

    rebuild(1, "")
    shutil.copytree(project, tmp_path / "saved")  # file times included
    in_line = rebuild(1, "The talks resume on Monday, officials said.")
    site = site_files(project / "site")
    in_line_then = rebuild(1, "A second round is planned.")
    shutil.rmtree(project)
    shutil.copytree(tmp_path / "saved", project)
    with monkeypatch.context() as patched:
        patched.setattr(render, "Background", MadeInTheChild)
        apart = rebuild(3, "The talks resume on Monday, officials said.")
    assert site_files(project / "site") == site
    assert apart == in_line and apart["pages_kept"] > 0
    then = rebuild(1, "A second round is planned.")
    assert then == in_line_then, "the child's page records keep as many pages next time"
    assert then["pages_kept"] > sum(p.endswith("feed.xml") for p in site) // 2
