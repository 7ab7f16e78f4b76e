"""Stage 8, search: shards of the index by date ranges that last, reused when unchanged."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import generator.build as build_module
import generator.pagefind as pagefind_module
import generator.search as search_module
from benchmarks.corpus import write
from generator.build import BuildError, BuildOptions, build
from generator.config import ConfigError, SiteConfig, from_mapping
from generator.pagefind import indexed_part
from generator.render import Rendered, Rendering, page_file
from generator.render.reuse import content_digest
from generator.search import Indexing, SearchResult
from generator.shards import (
    NEWEST_SHARE,
    OVERLAY,
    SearchLayout,
    SearchPage,
    assign,
    bundle,
    filter_key,
    plan_shards,
    read_plan,
    shard_count,
    sort_key,
)

from .conftest import TEMPLATES

BBC = Path(__file__).resolve().parent / "fixtures" / "summaries" / "articles"


@pytest.mark.parametrize("pages,size,shards", [(1, 2000, 1), (2000, 2000, 1), (2001, 2000, 2), (4000, 2000, 2),
                                                (4001, 2000, 4), (5000, 2000, 4), (8001, 2000, 8), (5, 2, 4)])
def test_the_shard_count_is_a_power_of_two_keeping_shards_at_most_the_size(pages: int, size: int, shards: int) -> None:
    assert shard_count(pages, size) == shards


def _pages(hours: list[int]) -> list[SearchPage]:
    start = datetime(2024, 1, 1)
    return [SearchPage(f"articles/a{h}/index.html", sort_key(f"/articles/a{h}/", start + timedelta(hours=h)))
            for h in hours]


def _check(shards: list[list[SearchPage]], pages: list[SearchPage], size: int) -> None:
    """Every page in one shard, no shard empty or over ``size``, and the shards date ranges in
    order: newest first within each, newest shard first, is the site's newest-first order."""
    assert all(shards) and all(len(s) <= size for s in shards)
    assert sorted(p.path for s in shards for p in s) == sorted(p.path for p in pages)
    newest_first = sorted(pages, key=lambda p: p.sort_key, reverse=True)
    assert [p for s in reversed(shards) for p in sorted(s, key=lambda p: p.sort_key, reverse=True)] == newest_first


@pytest.mark.parametrize("pages,size", [(5, 2), (3, 2), (9, 4), (2001, 2000), (4097, 1024)])
def test_a_first_plan_splits_the_dates_into_equal_ranges(pages: int, size: int) -> None:
    items = _pages(list(range(pages)))
    shards = assign(items, plan_shards([p.sort_key for p in items], None, size))
    assert len(shards) == shard_count(pages, size) and max(map(len, shards)) - min(map(len, shards)) <= 1
    _check(shards, items, size)


def test_new_articles_fill_a_small_newest_shard() -> None:
    """Articles newer than any (the usual addition) go to a shard of their own, which holds at
    most an eighth of a shard: each addition re-indexes that small shard alone, but for one in
    that many, when it is sealed into its older neighbour (where the two fit) or left standing."""
    size = 16
    hours = list(range(64))
    items = _pages(hours)
    starts = plan_shards([p.sort_key for p in items], None, size)
    newest = max(p.sort_key for p in items)
    sealed = 0
    for hour in range(64, 112):
        before = [{p.path for p in shard} for shard in assign(items, starts)]
        items.append(_pages([hour])[0])
        starts = plan_shards([p.sort_key for p in items], starts, size, newest)
        newest = max(p.sort_key for p in items)
        shards = assign(items, starts)
        _check(shards, items, size)
        after = [{p.path for p in shard} for shard in shards]
        assert items[-1].path in after[-1] and len(after[-1]) <= size // NEWEST_SHARE, hour
        changed = [s for s in after if s not in before]
        assert changed[-1] == after[-1] and len(changed) <= 2, hour
        sealed += len(changed) == 2
        assert len(shards) <= -(-len(items) // size) + 2, hour  # sealed shards fill up
    assert sealed


def test_an_added_or_removed_page_of_any_date_changes_one_shard() -> None:
    """Pages come and go at random dates; each time only the shard the page's date falls in
    changes, but for a shard that splits in two, two small neighbours that join, or a page newer
    than all that seals the newest shard into its neighbour and starts the next."""
    rng = random.Random(7)
    size, hours = 8, rng.sample(range(10_000), 40)
    items = _pages(hours)
    starts = plan_shards([p.sort_key for p in items], None, size)
    newest = max(p.sort_key for p in items)
    splits = joins = 0
    for step in range(400):
        before = [{p.path for p in shard} for shard in assign(items, starts)]
        if rng.random() < 0.55 or len(items) < 3:
            change = _pages([rng.choice([h for h in range(10_000) if h not in hours])])[0]
            hours.append(int(change.path.split("/")[1][1:]))
            items.append(change)
        else:
            change = items.pop(rng.randrange(len(items)))
            hours.remove(int(change.path.split("/")[1][1:]))
        starts = plan_shards([p.sort_key for p in items], starts, size, newest)
        previous_newest, newest = newest, max(p.sort_key for p in items)
        shards = assign(items, starts)
        _check(shards, items, size)
        after = [{p.path for p in shard} for shard in shards]
        moved = [s for s in after if s not in before]
        gone = [s for s in before if s not in after]
        # Pages moved only between the shard that changed and the one it split from or joined.
        assert set().union(*moved) ^ set().union(*gone) <= {change.path} and len(moved) <= 2 and len(gone) <= 2, step
        splits += len(after) > len(before)
        joins += len(after) < len(before)
        if len(after) == len(before):  # one shard changed; or a newest page sealed the newest shard into its neighbour
            sealed = change.path in after[-1] and change.sort_key > previous_newest and len(after[-1]) == 1
            assert (len(moved), len(gone)) == ((2, 2) if sealed else (1, 1)), step
    assert splits and joins  # both happened, and were checked


def test_sort_keys_are_unique_utc_and_undated_last() -> None:
    noon_utc = datetime(2024, 5, 1, 12, tzinfo=UTC)
    same_moment_in_moscow = noon_utc.astimezone(timezone(timedelta(hours=3)))
    assert sort_key("/a/", noon_utc).split()[0] == sort_key("/a/", same_moment_in_moscow).split()[0]
    assert sort_key("/a/", noon_utc) != sort_key("/b/", noon_utc)
    assert sort_key("/z/", None) < sort_key("/a/", datetime(1900, 1, 1))
    assert sort_key("/a/", noon_utc).split()[1].isalpha()


def test_filter_keys_are_short_and_order_as_the_sort_keys_do() -> None:
    """Over dates from year 1 to 9999, seconds apart and undated, and URLs sharing a second."""
    rng = random.Random(5)
    moments = [datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), datetime(2024, 5, 1, 12),
               datetime(2024, 5, 1, 12, 0, 1), None] + [datetime(rng.randint(1900, 2100), rng.randint(1, 12),
                                                                  rng.randint(1, 28), rng.randint(0, 23)) for _ in range(200)]
    keys = sorted({sort_key(f"/a/{i}/", moment) for i, moment in enumerate(moments)}
                  | {sort_key(f"/b/{i}/", datetime(2024, 5, 1, 12)) for i in range(50)})
    short = [filter_key(k) for k in keys]
    assert short == sorted(short) and len(set(short)) == len(short) and {len(k) for k in short} == {15}


def test_a_shard_size_below_two_is_refused() -> None:
    with pytest.raises(ConfigError, match="search_shard_pages"):
        from_mapping({"search_shard_pages": 1}, "briefing.toml")


def index_or_reuse(site_dir: Path, previous: Path, pages: list[SearchPage], starts: Sequence[str]) -> SearchResult:
    """The search stage on its own: the pages of ``site_dir`` indexed into it in the shards
    ``starts`` delimit, each shard the ``previous`` site holds as it would be taken from there."""
    def read(path: str) -> Path:
        return site_dir / path

    return Indexing(previous, pages, starts, read).finish(site_dir, read)


def _stamp_head(site: Path, shard: int) -> str:
    """A shard's digest and page count, as its folder records them."""
    return (site / bundle(shard) / "briefing-pages.txt").read_text(encoding="utf-8").splitlines()[0]


def test_a_shard_is_reindexed_exactly_when_its_pages_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 40)
    config = replace(SiteConfig(), search_shard_pages=12)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    first = build(content, site, config, TEMPLATES, options=options)
    assert first.cache["search_shards"] == 4 and first.cache["search_shards_reused"] == 0
    assert first.pages_indexed == 40 == len(first.published)
    assert all((site / bundle(k) / "pagefind-entry.json").is_file() for k in range(4))
    # A new article dated among the oldest, then the removal of one of the newest: each time
    # only the shards whose indexed pages changed are indexed again, the others taken as they were.
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    dated = sorted((i["date_published"], i["_briefing"]["source_file"]) for i in feed if i.get("date_published"))
    old_day = datetime.fromisoformat(dated[0][0].rstrip("Z")) + timedelta(minutes=1)
    newest = content / dated[-1][1]
    steps = [lambda: (content / "old-news.md").write_text(
                 f"---\ntitle: Harbour reopens after the storm\ndate: {old_day:%Y-%m-%d %H:%M}\n---\n"
                 + "The harbour reopened on Monday after two days of storms closed it to ferries. " * 6, encoding="utf-8"),
             lambda: newest.unlink()]
    read: list[bytes] = []  # pages read to digest what Pagefind reads of them (not to index them)
    digesting = [False]
    digests = search_module.indexed_digests

    def counted(*args: object) -> dict[str, str]:
        digesting[0] = True
        try:
            return digests(*args)  # type: ignore[arg-type]
        finally:
            digesting[0] = False

    monkeypatch.setattr(search_module, "indexed_digests", counted)
    monkeypatch.setattr(build_module, "NEWEST_SHARE", 100)  # no shard is patched (see the test after this)
    monkeypatch.setattr(search_module, "indexed_part",
                        lambda html: (read.append(html) if digesting[0] else None) or indexed_part(html))
    for step in steps:
        before = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "articles").rglob("index.html")}
        stamps = {k: _stamp_head(site, k) for k in range(first.cache["search_shards"])}
        folders = {k: (site / bundle(k) / "fragment").stat().st_ino for k in stamps}  # a copy's folders are new
        members_before = [{p.path for p in shard} for shard in assign(search_pages_of(site), read_plan(site) or ())]
        step()
        again = build(content, site, config, TEMPLATES, options=options)
        shards = assign(search_pages_of(site), read_plan(site) or ())
        assert again.cache["search_shards"] == len(shards) == len(members_before)
        unchanged = [k for k, members in enumerate(shards)
                     if {p.path for p in members} == members_before[k]
                     and all(indexed_part(before[p.path]) == indexed_part((site / p.path).read_bytes()) for p in members)]
        assert again.cache["search_shards_reused"] == len(unchanged) >= len(shards) - 2, (unchanged, again.cache)
        for k in unchanged:  # left where it was (neither copied nor moved), its record brought up to date
            assert _stamp_head(site, k) == stamps[k]
            assert (site / bundle(k) / "fragment").stat().st_ino == folders[k]
            records = (site / bundle(k) / "briefing-pages.txt").read_text(encoding="utf-8").splitlines()[1:]
            assert {line.split()[0]: line.split()[1] for line in records} == {
                p.path: content_digest((site / p.path).read_bytes()).hex() for p in shards[k]}
        assert not list(tmp_path.glob(".site.*"))  # no staging or replaced files left beside the site
        after = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "articles").rglob("index.html")}
        changed = {path for path, data in after.items() if before.get(path) != data}
        assert 0 < len(read) == len(changed) < len(after) // 2, (len(read), len(changed))  # unchanged pages are not read
        read.clear()


def _search_page(site: Path) -> tuple[str, list[str]]:
    """The overlay bundle and the stale page copies the site's search page names."""
    import re

    html = (site / "search" / "index.html").read_text(encoding="utf-8")
    overlay = re.search(r'data-overlay="([^"]*)"', html)
    stale = re.search(r'data-stale="([^"]*)"', html)
    assert overlay and stale
    return overlay.group(1), stale.group(1).split(",") if stale.group(1) else []


LONERS = {  # articles that share no name, word or date with any other: changing one changes only its page
    "a": ("Quarnvel orchard", "Quarnvel growers in Brastovany picked the first Zeltimar plums on Tuesday."),
    "b": ("Oskridge lighthouse", "Keepers at Oskridge relit the Vendamor lamp after a winter of repairs."),
    "c": ("Tulvenne ferry", "The Tulvenne ferry to Marrowcap resumed its crossings with a new hull."),
    "d": ("Ystrelle glassworks", "Ystrelle glassblowers fired the Korbanth furnace for the first time in years."),
}


def _loner(content: Path, key: str, day: int, extra: str = "") -> None:
    """Write the loner ``key``, dated ``day`` days into 2019 (older than every corpus article)."""
    title, line = LONERS[key]
    (content / f"loner-{key}.md").write_text(
        f"---\ntitle: {title}\ndate: 2019-01-{day:02d} 09:00\n---\n" + f"{line} " * 5 + extra + "\n", encoding="utf-8")


def test_an_old_article_edited_or_removed_patches_its_shard_until_the_patches_outgrow_their_room(tmp_path: Path) -> None:
    """Four shards, room for two patched pages: an edited old article goes into the overlay and its
    shard's copy is named stale, the shard left as it was; a removal adds a stale copy and runs no
    Pagefind at all; past the room, the shard is indexed again, which empties the overlay and the
    stale list."""
    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 38)
    _loner(content, "a", 1)
    _loner(content, "b", 2)
    config = replace(SiteConfig(), search_shard_pages=16)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    first = build(content, site, config, TEMPLATES, options=options)
    assert first.cache["search_shards"] == 4 and _search_page(site) == ("", [])
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    pages = {i["_briefing"]["source_file"]: page_file(urlsplit(i["url"]).path) for i in feed}
    inodes = {k: (site / bundle(k) / "fragment").stat().st_ino for k in range(4)}
    sort_keys = {p.path: p.sort_key for p in search_pages_of(site)}

    def stale_of(*keys: str) -> list[str]:
        return sorted(f"0:{filter_key(sort_keys[pages[f'loner-{k}.md']])}" for k in keys)

    def step() -> dict[str, int]:
        done = build(content, site, config, TEMPLATES, options=options)
        assert done.pages_indexed == len(done.published)
        return {k: done.cache[k] for k in ("search_shards_patched", "search_overlay_pages", "search_index_reused")}

    _loner(content, "a", 1, "The orchard reopened on Monday.")
    assert step() == {"search_shards_patched": 1, "search_overlay_pages": 1, "search_index_reused": 0}
    assert _search_page(site) == ("/pagefind/shard-overlay/", stale_of("a"))
    assert {k: (site / bundle(k) / "fragment").stat().st_ino for k in range(4)} == inodes  # no shard indexed again
    (content / "loner-b.md").unlink()
    assert step() == {"search_shards_patched": 1, "search_overlay_pages": 1, "search_index_reused": 1}  # no Pagefind run
    assert _search_page(site) == ("/pagefind/shard-overlay/", stale_of("a", "b"))
    _loner(content, "c", 3)  # an article of old date added: two stale copies and two new forms, the room's worth
    assert step() == {"search_shards_patched": 1, "search_overlay_pages": 2, "search_index_reused": 0}
    _loner(content, "d", 4)  # past the room: the shard is indexed again
    assert step() == {"search_shards_patched": 0, "search_overlay_pages": 0, "search_index_reused": 0}
    assert _search_page(site) == ("", []) and not (site / bundle(OVERLAY)).exists()
    assert (site / bundle(0) / "fragment").stat().st_ino != inodes[0]
    assert {k: (site / bundle(k) / "fragment").stat().st_ino for k in range(1, 4)} == {k: inodes[k] for k in range(1, 4)}


def test_a_site_missing_its_overlay_bundle_is_built_again(tmp_path: Path) -> None:
    """The build that finds nothing changed checks the overlay is there too; one removed is indexed again."""
    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 38)
    _loner(content, "a", 1)
    config = replace(SiteConfig(), search_shard_pages=16)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    build(content, site, config, TEMPLATES, options=options)
    _loner(content, "a", 1, "The orchard reopened on Monday.")
    assert build(content, site, config, TEMPLATES, options=options).cache["search_overlay_pages"] == 1
    assert build(content, site, config, TEMPLATES, options=options).cache["nothing_changed"] == 1
    shutil.rmtree(site / bundle(OVERLAY))
    again = build(content, site, config, TEMPLATES, options=options)
    assert "nothing_changed" not in again.cache and (site / bundle(OVERLAY) / "pagefind-entry.json").is_file()


def _live_copies(site: Path) -> list[tuple[str, str]]:
    """Every page copy the site's search index lists, by the bundles' own records and the search
    page's stale list: (page, digest of what Pagefind read of it) for each copy a shard holds
    that is not stale there, and for each the overlay holds."""
    overlay, stale = _search_page(site)
    folders = {k: site / bundle(k) for k in range(len(read_plan(site) or ()) + 1)}
    if overlay:
        folders[OVERLAY] = site / bundle(OVERLAY)
    live = []
    for k, folder in folders.items():
        for line in (folder / "briefing-pages.txt").read_text(encoding="utf-8").splitlines()[1:]:
            path, _content, read, key = line.split(" ", 3)
            if k == OVERLAY or f"{k}:{filter_key(key)}" not in stale:
                live.append((path, read))
    return sorted(live)


def test_every_page_is_listed_once_in_its_latest_form_through_any_run_of_changes(tmp_path: Path) -> None:
    """Ten rebuilds, each after a random edit, removal or addition (old or new) over four shards
    with room for two patched pages: after each, by the bundles' records and the stale list, the
    index lists every article page exactly once, in the form it has now."""
    from benchmarks.build import edited

    rng = random.Random(3)
    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 40)
    config = replace(SiteConfig(), search_shard_pages=16)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    build(content, site, config, TEMPLATES, options=options)
    patched = 0
    for step in range(10):
        files = sorted(content.iterdir())
        action = rng.choice(["edit", "edit", "remove", "old", "new"])
        if action == "edit":
            path = rng.choice(files)
            path.write_text(edited(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif action == "remove":
            rng.choice(files).unlink()
        else:
            word = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4)).title()
            (content / f"added-{step}.md").write_text(
                f"---\ntitle: {word} harbour reopens\ndate: {'2019-02-03' if action == 'old' else '2031-02-03'}\n---\n"
                + f"The {word} harbour reopened on Monday after the storm. " * 5, encoding="utf-8")
        done = build(content, site, config, TEMPLATES, options=options)
        patched += done.cache["search_shards_patched"]
        now = sorted((p.path, hashlib.sha256(indexed_part((site / p.path).read_bytes())).hexdigest())
                     for p in search_pages_of(site))
        assert _live_copies(site) == now, (step, action)
        assert done.pages_indexed == len(now) == len(done.published)
    assert patched > 0  # the run went through patched shards, not only re-indexed ones


PAGE = """<!doctype html><html lang="en"><head><title>Storm</title></head><body>
<article data-pagefind-body><h1 data-pagefind-meta="title">Storm closes the port</h1>
<span hidden data-pagefind-filter="kind">news</span><p>The harbour stayed shut for two days.</p></article>
<!-- unindexed --><div class="after-article">{after}</div><!-- /unindexed --></body></html>"""


def test_a_shard_is_kept_when_only_unindexed_regions_changed(tmp_path: Path) -> None:
    """Eight pages in four shards; then one page's related region and another's text change:
    only the second page's shard is indexed again."""
    pages = [SearchPage(f"articles/p{i}/index.html", f"2024-01-0{i + 1}T00:00:00 a") for i in range(8)]

    def site(name: str, after: dict[int, str], text: dict[int, str]) -> Path:
        for i, page in enumerate(pages):
            html = PAGE.format(after=after.get(i, "<p>Ferry</p>")).replace("two days", text.get(i, f"{i + 2} days"))
            (tmp_path / name / page.path).parent.mkdir(parents=True)
            (tmp_path / name / page.path).write_text(html, encoding="utf-8")
        return tmp_path / name

    first = site("first", {}, {})
    starts = plan_shards([p.sort_key for p in pages], None, 2)
    assert index_or_reuse(first, tmp_path / "none", pages, starts) == SearchResult(8, 4, 0, runs=4)
    shards = assign(pages, starts)
    related_changed, text_changed = shards[1][0], shards[3][1]
    second = site("second", {pages.index(related_changed): "<p>Zebra</p>"}, {pages.index(text_changed): "nine days"})
    assert (first / related_changed.path).read_bytes() != (second / related_changed.path).read_bytes()
    assert index_or_reuse(second, first, pages, starts) == SearchResult(8, 4, 3, runs=1)
    for k in range(4):
        same = _stamp_head(second, k) == _stamp_head(first, k)
        assert same == (k != 3), k


def test_pagefind_reads_nothing_of_an_unindexed_region(tmp_path: Path) -> None:
    """The rule shard reuse rests on, checked with the real binary: two pages that differ only in
    their unindexed regions (after the body, and an ignored list inside it) give the same
    fragments and word index."""
    bundles = []
    for name, after, tags in (("a", "<h2 id='r'>Related</h2><p>Ferry timetable</p>", "Ferry"),
                              ("b", "<p>Zebra crossing quartz</p>", "Zebra quartz")):
        page = tmp_path / name / "articles" / "storm" / "index.html"
        page.parent.mkdir(parents=True)
        ignored_list = f'<!-- unindexed --><ul class="tags" data-pagefind-ignore><li>{tags}</li></ul><!-- /unindexed -->'
        page.write_text(PAGE.format(after=after).replace("<p>The harbour", ignored_list + "<p>The harbour"), encoding="utf-8")
        assert pagefind_module.PagefindRun(lambda path, name=name: tmp_path / name / path, ["articles/storm/index.html"],
                                           tmp_path / f"out-{name}").wait() == 1
        bundles.append({f"{part}/{f.name}": gzip.decompress(f.read_bytes())
                        for part in ("fragment", "index") for f in (tmp_path / f"out-{name}" / part).iterdir()})
    assert bundles[0] == bundles[1] and any(b"harbour" in v for v in bundles[0].values())
    a, b = (PAGE.format(after=x).encode() for x in ("<p>Ferry</p>", "<p>Zebra</p>"))
    assert indexed_part(a) == indexed_part(b) and a != b
    listed = [PAGE.replace("<p>The harbour", '<!-- unindexed --><ul class="tags" data-pagefind-ignore><li>{tags}</li></ul>'
                             "<!-- /unindexed --><p>The harbour").format(after="", tags=t).encode() for t in ("Ferry", "Zebra")]
    assert indexed_part(listed[0]) == indexed_part(listed[1]) and listed[0] != listed[1]
    filtered = PAGE.format(after='<span data-pagefind-filter="tag">Ferry</span>').encode()
    assert indexed_part(filtered) == filtered, "a region Pagefind reads is never left out"
    assert indexed_part(a.replace(b" data-pagefind-body", b"")) == a.replace(b" data-pagefind-body", b"")


def search_pages_of(site: Path) -> list[SearchPage]:
    """The article pages of a built site with the sort keys written into them."""
    import re

    pages = []
    for page in sorted((site / "articles").rglob("index.html")):
        key = re.search(r'data-pagefind-sort="date"[^>]*>([^<]+)<', page.read_text(encoding="utf-8"))
        assert key, page
        pages.append(SearchPage(page.relative_to(site).as_posix(), key.group(1)))
    return pages


def test_only_content_named_index_files_are_cached_for_good() -> None:
    """netlify.toml: hashed index files (every shard's) are immutable; files that keep their name revalidate."""
    from .browser import headers_for, netlify_headers

    rules = netlify_headers(Path(__file__).resolve().parents[1] / "netlify.toml")
    for path in ("/pagefind/fragment/en_1a2b3c.pf_fragment", "/pagefind/index/en_1a2b3c.pf_index",
                 "/pagefind/filter/en_1a2b3c.pf_filter", "/pagefind/shard-3/fragment/en_1a2b3c.pf_fragment"):
        assert "immutable" in headers_for(path, rules).get("Cache-Control", ""), path
    for path in ("/pagefind/pagefind-entry.json", "/pagefind/pagefind.js", "/pagefind/pagefind-ui.js",
                 "/pagefind/shard-1/pagefind-entry.json", "/pagefind/wasm.en.pagefind"):
        assert "Cache-Control" not in headers_for(path, rules), path


def test_feeds_are_served_with_their_media_types() -> None:
    from .browser import headers_for, netlify_headers

    rules = netlify_headers(Path(__file__).resolve().parents[1] / "netlify.toml")
    assert headers_for("/feed.json", rules)["Content-Type"].startswith("application/feed+json")
    for path in ("/feed.xml", "/tags/russia/feed.xml", "/hubs/a-story/feed.xml"):
        assert headers_for(path, rules)["Content-Type"].startswith("application/atom+xml"), path
    assert "Content-Type" not in headers_for("/sitemap.xml", rules)



@pytest.mark.parametrize("damage", ["", "not json", '{"starts": "2024"}', '{"starts": [1, 2]}', '{"other": []}'])
def test_a_damaged_shard_plan_is_planned_afresh(tmp_path: Path, damage: str) -> None:
    pages = _pages(list(range(9)))
    starts = plan_shards([p.sort_key for p in pages], None, 4)
    first = tmp_path / "first"
    for page in pages:
        (first / page.path).parent.mkdir(parents=True)
        (first / page.path).write_text(PAGE.format(after=""), encoding="utf-8")
    index_or_reuse(first, tmp_path / "none", pages, starts)
    assert read_plan(first) == starts and len(starts) == 3
    (first / bundle(0) / "briefing-shards.json").write_text(damage, encoding="utf-8")
    assert read_plan(first) is None
    assert plan_shards([p.sort_key for p in pages], read_plan(first), 4) == starts  # as a first build would


def test_a_rebuild_indexes_its_one_changed_shard_while_the_rest_of_the_site_renders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, site, memory = tmp_path / "content", tmp_path / "site", tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind_module, "MEMORY_FOLDER", memory)
    write(BBC, content, 40)
    config = replace(SiteConfig(), search_shard_pages=12)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    build(content, site, config, TEMPLATES, options=options)
    assert not list(memory.iterdir())
    events: list[str] = []
    runs: list[pagefind_module.PagefindRun] = []
    start_run, rest = pagefind_module.PagefindRun.__init__, Rendering.rest

    def started(self: pagefind_module.PagefindRun, *args: object, **kwargs: object) -> None:
        start_run(self, *args, **kwargs)  # type: ignore[arg-type]
        events.append("pagefind")
        runs.append(self)

    monkeypatch.setattr(pagefind_module.PagefindRun, "__init__", started)

    def rest_after(self: Rendering, search: SearchLayout, apart: bool = False) -> Rendered:
        events.append("rest")
        return rest(self, search, apart)

    def failing_rest(self: Rendering, search: SearchLayout, apart: bool = False) -> Rendered:
        events.append("rest")
        raise RuntimeError("boom")

    monkeypatch.setattr(Rendering, "rest", rest_after)
    (content / "zz-old-news.md").write_text("---\ntitle: Quarry reopens\ndate: 1990-01-02\n---\n"
                                            + "The quarry at Tarnwick reopened on Monday after a long dispute. " * 6,
                                            encoding="utf-8")
    again = build(content, site, config, TEMPLATES, options=options)
    # one Pagefind run: the changed shard's, or the overlay's where that shard is patched
    reused = again.cache["search_shards_reused"] - again.cache["search_shards_patched"]
    assert events == ["pagefind", "rest"] and reused == again.cache["search_shards"] - 1
    assert runs[0].process is not None  # started beside the build, at a lower priority where `nice` exists
    assert (Path(str(runs[0].process.args[0])).name == "nice") == bool(shutil.which("nice"))
    fragments = [gzip.decompress(f.read_bytes()) for f in (site / "pagefind").rglob("*.pf_fragment")]
    assert sum(b"Tarnwick" in f for f in fragments) == 1  # the new page is indexed
    assert runs[0].scratch.parent == memory and not list(memory.iterdir())
    assert not list(tmp_path.glob(".*pagefind*")) and not list(tmp_path.glob(".site.*"))

    # A build that fails while Pagefind runs stops it, leaves no scratch folder and no change to the site.
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    events.clear()
    (content / "zz-old-news.md").write_text("---\ntitle: Quarry closes\ndate: 1990-01-03\n---\n"
                                            + "The quarry at Tarnwick closed again on Friday. " * 6, encoding="utf-8")
    monkeypatch.setattr(Rendering, "rest", failing_rest)
    with pytest.raises(BuildError, match=r"render stage failed.*boom"):
        build(content, site, config, TEMPLATES, options=options)
    assert events == ["pagefind", "rest"] and runs[-1].process.poll() is not None
    assert not list(tmp_path.glob(".*pagefind*")) and not list(tmp_path.glob(".site.*")) and not list(memory.iterdir())
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_first_build_indexes_beside_the_render_and_never_runs_more_pagefinds_than_jobs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build with a core to spare starts one Pagefind run while the rest of the site
    renders; the runs added once the site is written wait for a place, so at most ``jobs`` go
    at once (each holds its pages' index in memory)."""
    import threading

    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 40)
    config = replace(SiteConfig(), search_shard_pages=3)
    events: list[str] = []
    going, most, lock = [0], [0], threading.Lock()
    wait, rest = pagefind_module.PagefindRun.wait, Rendering.rest

    def counted(self: pagefind_module.PagefindRun) -> int:
        with lock:
            going[0] += 1
            most[0] = max(most[0], going[0])
            events.append("pagefind")
        try:
            return wait(self)
        finally:
            with lock:
                going[0] -= 1

    def rest_noted(self: Rendering, search: SearchLayout, apart: bool = False) -> Rendered:
        done = rest(self, search, apart)
        with lock:
            events.append("rendered")
        return done

    monkeypatch.setattr(pagefind_module.PagefindRun, "wait", counted)
    monkeypatch.setattr(Rendering, "rest", rest_noted)
    result = build(content, site, config, TEMPLATES, options=BuildOptions(jobs=2))
    assert result.cache["search_shards"] >= 8 and result.cache["search_shards_reused"] == 0
    assert result.pages_indexed == len(result.published)
    assert events.index("pagefind") < events.index("rendered")  # one run went beside the render
    assert events.count("pagefind") == result.cache["search_shards"] and 1 < most[0] <= 2


@pytest.mark.parametrize("memory_folder", ["present", "missing", "full"])
def test_a_run_indexes_its_pages_from_memory_when_it_can_and_from_disk_when_it_cannot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_folder: str) -> None:
    """A run's scratch folder is in the memory folder when there is one, its pages written there;
    where there is none, or it is full (a container's small /dev/shm), it is beside the output,
    its pages linked to the site's files. Either way Pagefind indexes every page under its URL,
    and the scratch folder is gone once the run is over."""
    import errno

    memory, site = tmp_path / "memory", tmp_path / "site"
    if memory_folder != "missing":
        memory.mkdir()
    monkeypatch.setattr(pagefind_module, "MEMORY_FOLDER", memory)
    if memory_folder == "full":
        fill = pagefind_module._scratch

        def no_space(read: pagefind_module.PageSource, paths: list[str], parent: Path, copy: bool,
                     readable: Callable[[bytes], bytes] | None = None) -> Path:
            if parent == memory:
                raise OSError(errno.ENOSPC, "No space left on device")
            return fill(read, paths, parent, copy, readable)

        monkeypatch.setattr(pagefind_module, "_scratch", no_space)
    paths = [f"articles/a{i}/index.html" for i in range(5)]
    for i, path in enumerate(paths):
        (site / path).parent.mkdir(parents=True)
        (site / path).write_text(PAGE.format(after="").replace("two days", f"{i + 2} days"), encoding="utf-8")
    (tmp_path / "out").mkdir()
    run = pagefind_module.PagefindRun(lambda path: site / path, paths, tmp_path / "out" / "pagefind")
    first = run.scratch / paths[0]
    assert run.scratch.parent == (memory if memory_folder == "present" else tmp_path / "out")
    assert (first.stat().st_ino == (site / paths[0]).stat().st_ino) == (memory_folder != "present")
    assert run.wait() == len(paths)
    assert not run.scratch.exists() and (not memory.exists() or not list(memory.iterdir()))
    fragments = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for f in (tmp_path / "out" / "pagefind").rglob("*.pf_fragment")]
    assert sorted(f["url"] for f in fragments) == [f"/articles/a{i}/" for i in range(5)]


def test_a_run_writes_only_what_pagefind_reads_and_indexes_the_same(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages written into a scratch folder are cut to what Pagefind reads of them (their
    unindexed regions left out) when the run is given that cut, as the search stage gives it;
    Pagefind makes the same fragments and word index from them as from the whole pages."""
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind_module, "MEMORY_FOLDER", memory)
    pages = {f"articles/a{i}/index.html": PAGE.format(after=f"<h2>Related</h2><p>Ferry timetable {i}</p>")
             .replace("two days", f"{i + 2} days").encode() for i in range(4)}
    bundles = []
    for name, readable in (("whole", None), ("cut", indexed_part)):
        run = pagefind_module.PagefindRun(pages.__getitem__, list(pages), tmp_path / name / "pagefind", readable=readable)
        first = next(iter(pages))
        written = (run.scratch / first).read_bytes()
        assert written == (pages[first] if readable is None else indexed_part(pages[first]))
        assert run.wait() == len(pages)
        bundles.append({f"{part}/{f.name}": gzip.decompress(f.read_bytes())
                        for part in ("fragment", "index") for f in (tmp_path / name / "pagefind" / part).iterdir()})
    assert len(indexed_part(pages[first])) < len(pages[first])
    assert bundles[0] == bundles[1] and any(b"harbour" in v for v in bundles[0].values())
    assert not any(b"Ferry" in v for v in bundles[0].values())


def test_stopping_a_run_while_a_thread_waits_on_it_raises_nothing(tmp_path: Path) -> None:
    """A failed build stops the Pagefind run a background thread is waiting on. Reading the
    process's pipes from both threads raced: the build failed with "Bad file descriptor" or, when
    the pipe's number had gone to a folder being removed, "Is a directory", instead of its own
    error. Stopping only kills and reaps the process; the waiting thread sees a stopped run."""
    import threading
    import time

    page = PAGE.format(after="").encode()
    for attempt in range(20):
        run = pagefind_module.PagefindRun(lambda _path: page, [f"articles/a{i}/index.html" for i in range(30)],
                                          tmp_path / f"out-{attempt}")
        outcome: dict[str, BaseException | int] = {}

        def wait(run: pagefind_module.PagefindRun = run, outcome: dict[str, BaseException | int] = outcome) -> None:
            try:
                outcome["pages"] = run.wait()
            except BaseException as exc:  # what the waiting thread sees is checked below
                outcome["error"] = exc

        waiter = threading.Thread(target=wait)
        waiter.start()
        while run.process is None and waiter.is_alive():
            time.sleep(0.001)
        run.stop()  # raises nothing
        waiter.join(timeout=60)
        error = outcome.get("error")
        assert error is None or isinstance(error, pagefind_module.SearchIndexError), repr(error)


def test_the_feeds_go_apart_only_when_pagefind_has_little_to_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two cores, the feeds are made in a forked process when Pagefind indexes no more pages
    than the newest shard may hold (a new article, or an older one edited, its shard patched: the
    render is what the build waits for), and here when it re-indexes an older shard (Pagefind is
    what it waits for)."""
    from benchmarks.build import edited

    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 40)
    config = replace(SiteConfig(), search_shard_pages=16)  # shards of 10, the newest of 2 pages at most
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=2)
    build(content, site, config, TEMPLATES, options=options)
    made: list[bool] = []
    rest = Rendering.rest

    def recorded(self: Rendering, search: SearchLayout, apart: bool = False) -> Rendered:
        made.append(apart)
        return rest(self, search, apart)

    monkeypatch.setattr(Rendering, "rest", recorded)
    (content / "zz-new.md").write_text("---\ntitle: Quarry reopens at Tarnwick\ndate: 2031-01-02\n---\n"
                                       + "The quarry at Tarnwick reopened on Monday after a long dispute. " * 6,
                                       encoding="utf-8")
    added = build(content, site, config, TEMPLATES, options=options)
    older, other = sorted(content.glob("a0000*"))[:2]
    older.write_text(edited(older.read_text(encoding="utf-8")), encoding="utf-8")
    patched = build(content, site, config, TEMPLATES, options=options)
    monkeypatch.setattr(build_module, "NEWEST_SHARE", 100)  # no room for patches: the shard is indexed again
    other.write_text(edited(other.read_text(encoding="utf-8")), encoding="utf-8")
    changed = build(content, site, config, TEMPLATES, options=options)
    assert added.cache["search_shards"] - added.cache["search_shards_reused"] == 1
    assert (patched.cache["search_shards_patched"], patched.cache["search_overlay_pages"]) == (1, 1)
    assert changed.cache["search_shards"] - changed.cache["search_shards_reused"] >= 1
    assert made == [True, True, False]
