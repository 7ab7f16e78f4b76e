"""Stage 8, search: shards of the index, dealt so that newest-first is exact, reused when unchanged."""

from __future__ import annotations

import gzip
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from benchmarks.corpus import file_name, write
from generator.build import BuildOptions, build
from generator.config import ConfigError, SiteConfig, from_mapping
from generator.search import (
    SearchPage,
    SearchResult,
    bundle,
    deal,
    index_or_reuse,
    index_site,
    indexed_part,
    shard_count,
    sort_key,
)

from .conftest import TEMPLATES

BBC = Path(__file__).resolve().parent / "fixtures" / "summaries" / "articles"


@pytest.mark.parametrize("pages,size,shards", [(1, 2000, 1), (2000, 2000, 1), (2001, 2000, 2), (4000, 2000, 2),
                                                (4001, 2000, 4), (5000, 2000, 4), (8001, 2000, 8), (5, 2, 4)])
def test_the_shard_count_is_a_power_of_two_keeping_shards_at_most_the_size(pages: int, size: int, shards: int) -> None:
    assert shard_count(pages, size) == shards


@pytest.mark.parametrize("pages,size", [(5, 2), (3, 2), (9, 4), (2001, 2000), (4097, 1024)])
def test_dealt_shards_are_never_empty_and_keep_the_site_order(pages: int, size: int) -> None:
    start = datetime(2024, 1, 1)
    items = [SearchPage(f"articles/a{i}/index.html", sort_key(f"/articles/a{i}/", start + timedelta(hours=i)))
             for i in range(pages)]
    shards = deal(items, shard_count(pages, size))
    assert all(shards) and sorted(p.path for s in shards for p in s) == sorted(p.path for p in items)
    # A page's position in its shard's date order, times the shard count, plus its shard's offset, is its site rank.
    newest_first = sorted(items, key=lambda p: p.sort_key, reverse=True)
    merged = sorted(((pos_in_shard, -k, p) for k, s in enumerate(shards)
                     for pos_in_shard, p in enumerate(sorted(s, key=lambda p: p.sort_key))),
                    key=lambda t: (t[0], t[1]), reverse=True)
    assert [p for _pos, _k, p in merged] == newest_first


def test_sort_keys_are_unique_utc_and_undated_last() -> None:
    noon_utc = datetime(2024, 5, 1, 12, tzinfo=UTC)
    same_moment_in_moscow = noon_utc.astimezone(timezone(timedelta(hours=3)))
    assert sort_key("/a/", noon_utc).split()[0] == sort_key("/a/", same_moment_in_moscow).split()[0]
    assert sort_key("/a/", noon_utc) != sort_key("/b/", noon_utc)
    assert sort_key("/z/", None) < sort_key("/a/", datetime(1900, 1, 1))
    assert sort_key("/a/", noon_utc).split()[1].isalpha()


def test_a_shard_size_below_two_is_refused() -> None:
    with pytest.raises(ConfigError, match="search_shard_pages"):
        from_mapping({"search_shard_pages": 1}, "briefing.toml")


def test_a_shard_is_reindexed_exactly_when_its_pages_changed(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write(BBC, content, 40)
    config = replace(SiteConfig(), search_shard_pages=12)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    first = build(content, site, config, TEMPLATES, options=options)
    assert first.cache["search_shards"] == 4 and first.cache["search_shards_reused"] == 0
    assert first.pages_indexed == 40 == len(first.published)
    assert all((site / bundle(k) / "pagefind-entry.json").is_file() for k in range(4))
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "articles").rglob("index.html")}
    stamps = {k: (site / bundle(k) / "briefing-pages.txt").read_text() for k in range(4)}
    members_before = [{p.path for p in shard} for shard in deal(search_pages_of(site), 4)]
    # A new file that reposts an older article: a copy, so search skips it, and most shards are kept.
    (content / "a-repost.md").write_text((content / file_name(36)).read_text(encoding="utf-8"), encoding="utf-8")
    second = build(content, site, config, TEMPLATES, options=options)
    assert second.pages_indexed == 40 and second.cache["search_shards"] == 4
    shards = deal(search_pages_of(site), 4)
    unchanged = [k for k, members in enumerate(shards)
                 if {p.path for p in members} == members_before[k]
                 and all(indexed_part(before[p.path]) == indexed_part((site / p.path).read_bytes()) for p in members)]
    assert second.cache["search_shards_reused"] == len(unchanged) >= 1, (unchanged, second.cache)
    for k in unchanged:
        assert (site / bundle(k) / "briefing-pages.txt").read_text() == stamps[k]


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
    assert index_or_reuse(first, tmp_path / "none", pages, 2) == SearchResult(8, 4, 0)
    shards = deal(pages, 4)
    related_changed, text_changed = shards[1][0], shards[3][1]
    second = site("second", {pages.index(related_changed): "<p>Zebra</p>"}, {pages.index(text_changed): "nine days"})
    assert (first / related_changed.path).read_bytes() != (second / related_changed.path).read_bytes()
    assert index_or_reuse(second, first, pages, 2) == SearchResult(8, 4, 3)
    for k in range(4):
        same = (second / bundle(k) / "briefing-pages.txt").read_text() == (first / bundle(k) / "briefing-pages.txt").read_text()
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
        assert index_site(tmp_path / name, tmp_path / f"out-{name}") == 1
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
        key = re.search(r'data-pagefind-sort="date">([^<]+)<', page.read_text(encoding="utf-8"))
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

