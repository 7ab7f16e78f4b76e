"""The per-article cache and the worker processes: same results, fewer recomputations."""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import generator.cache as cache_module
from generator.articles import ArticleRun, run_articles
from generator.build import BuildOptions, build
from generator.cache import ArticleCache
from generator.config import SiteConfig, cleaning_rules
from generator.discover import discover

from .conftest import CONTENT, TEMPLATES


def _run(cache: ArticleCache, jobs: int = 1) -> ArticleRun:
    config = SiteConfig()
    sources, _ = discover(CONTENT, config.max_file_bytes)
    return run_articles(sources, config, cleaning_rules(config), cache, jobs)


def test_cached_results_equal_fresh_ones(tmp_path: Path) -> None:
    config = SiteConfig()
    first = _run(ArticleCache(tmp_path, config))
    assert first.processed == 5 and first.cache_hits == 0
    second_cache = ArticleCache(tmp_path, config)
    second = _run(second_cache)
    assert second.processed == 0 and second.cache_hits == 5
    assert second.articles == first.articles


def test_a_changed_file_or_setting_misses_the_cache(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache = tmp_path / "cache"
    config = SiteConfig()
    sources, _ = discover(content, config.max_file_bytes)
    run_articles(sources, config, cleaning_rules(config), ArticleCache(cache, config), 1)
    (content / "004_85046ec8f58ac665.txt").write_text("A new first line about shipping.\n" * 3 +
                                                       (CONTENT / "004_85046ec8f58ac665.txt").read_text(), encoding="utf-8")
    sources, _ = discover(content, config.max_file_bytes)
    again = run_articles(sources, config, cleaning_rules(config), ArticleCache(cache, config), 1)
    assert again.processed == 1 and again.cache_hits == 4
    other = replace(config, summary_sentences=2)
    third = run_articles(sources, other, cleaning_rules(other), ArticleCache(cache, other), 1)
    assert third.processed == 5 and all(len(a.summary) == 2 for a in third.articles)


def test_a_damaged_entry_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    config = SiteConfig()
    _run(ArticleCache(tmp_path, config))
    for entry in tmp_path.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    rerun = _run(ArticleCache(tmp_path, config))
    assert rerun.processed == 5 and len(rerun.articles) == 5


def test_worker_processes_give_the_same_articles(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for i in range(3):  # enough files for a pool
        shutil.copytree(CONTENT, content / f"copy{i}")
    config = SiteConfig()
    sources, _ = discover(content, config.max_file_bytes)
    serial = run_articles(sources, config, cleaning_rules(config), ArticleCache(None, config), 1)
    parallel = run_articles(sources, config, cleaning_rules(config), ArticleCache(None, config), 2)
    assert len(serial.articles) == 15 and parallel.articles == serial.articles


def test_a_no_change_rebuild_writes_nothing_and_reuses_everything(tmp_path: Path) -> None:
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    site = tmp_path / "site"
    first = build(CONTENT, site, SiteConfig(), TEMPLATES, options=options)
    assert first.cache["articles_processed"] == 5 and first.cache["files_written"] > 20
    shutil.rmtree(tmp_path / "builds")  # forget the last build, keep the article cache
    second = build(CONTENT, site, SiteConfig(), TEMPLATES, options=options)
    assert first.cache["pages_kept"] == 0 and second.cache["pages_kept"] > 20  # every page and Atom feed stood
    assert second.cache == {"articles_from_cache": 5, "articles_processed": 0, "files_written": 0,
                            "files_unchanged": first.cache["files_written"] + first.cache["files_unchanged"],
                            "pages_kept": second.cache["pages_kept"],
                            "search_index_reused": 1, "search_shards": 1, "search_shards_reused": 1,
                            "search_shards_patched": 0, "search_overlay_pages": 0, "cache_entries_removed": 0}
    assert second.published == first.published


def test_a_build_with_nothing_changed_does_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    site = tmp_path / "site"
    first = build(content, site, SiteConfig(), TEMPLATES, options=options)
    again = build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert again.cache["nothing_changed"] == 1 and again.published == first.published
    assert "group" not in again.timings
    (content / "004_85046ec8f58ac665.txt").write_text("Changed.\n" + (CONTENT / "004_85046ec8f58ac665.txt").read_text(),
                                                       encoding="utf-8")
    changed = build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert "nothing_changed" not in changed.cache and changed.cache["articles_processed"] == 1
    shutil.rmtree(site / "pagefind")  # the search index gone, the pages there: the build does its work
    searchable = build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert "nothing_changed" not in searchable.cache and (site / "pagefind" / "pagefind-entry.json").is_file()
    shutil.rmtree(site)
    rebuilt = build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert "nothing_changed" not in rebuilt.cache and (site / "index.html").is_file()


def _entries(cache: Path) -> set[str]:
    return {p.name for p in cache.glob("[0-9a-f][0-9a-f]/*.pickle")}


def test_the_cache_keeps_only_the_entries_a_site_uses(tmp_path: Path) -> None:
    """A changed, removed or re-keyed article's old entry leaves the cache: it does not grow with every edit."""
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / ".briefing" / "cache"
    shutil.copytree(CONTENT, content)
    options = BuildOptions(cache=cache, jobs=1)
    first = build(content, site, SiteConfig(), TEMPLATES, options=options)
    before = _entries(cache)
    assert len(before) == 5 and first.cache["cache_entries_removed"] == 0
    changed = content / "004_85046ec8f58ac665.txt"
    changed.write_text("A new first line about shipping.\n" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    edited = build(content, site, SiteConfig(), TEMPLATES, options=options)
    after = _entries(cache)
    assert edited.cache["cache_entries_removed"] == 1 and len(after) == 5 and len(after - before) == 1
    changed.unlink()
    removed = build(content, site, SiteConfig(), TEMPLATES, options=options)
    assert removed.cache["cache_entries_removed"] == 1 and _entries(cache) < after
    rekeyed = build(content, site, SiteConfig(summary_sentences=2), TEMPLATES, options=options)
    assert rekeyed.cache["articles_processed"] == 4 and rekeyed.cache["cache_entries_removed"] == 4
    assert len(_entries(cache)) == 4 and not _entries(cache) & after


def test_sites_sharing_a_cache_keep_each_others_entries(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / ".briefing" / "cache"
    shutil.copytree(CONTENT, content)
    options = BuildOptions(cache=cache, jobs=1)
    build(content, tmp_path / "one", SiteConfig(), TEMPLATES, options=options)
    other = build(content, tmp_path / "two", SiteConfig(summary_sentences=2), TEMPLATES, options=options)
    assert other.cache["articles_processed"] == 5 and other.cache["cache_entries_removed"] == 0
    assert len(_entries(cache)) == 10
    again = build(content, tmp_path / "one", SiteConfig(), TEMPLATES, options=BuildOptions(cache=cache, jobs=1))
    assert again.cache.get("cache_entries_removed", 0) == 0 and len(_entries(cache)) == 10


def test_a_cache_without_a_list_of_its_entries_is_swept_once(tmp_path: Path) -> None:
    """Entries from before the cache listed them (or left by a crash) go; other files stay."""
    cache = tmp_path / ".briefing" / "cache"
    stray = cache / "ab" / ("ab" + "0" * 62 + ".pickle")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(pickle.dumps("an entry no site uses"))
    unrelated = cache / "ab" / "notes.txt"
    unrelated.write_text("not an entry", encoding="utf-8")
    result = build(CONTENT, tmp_path / "site", SiteConfig(), TEMPLATES, options=BuildOptions(cache=cache, jobs=1))
    assert result.cache["cache_entries_removed"] == 1 and not stray.exists() and unrelated.is_file()
    assert len(_entries(cache)) == 5


def test_a_new_version_of_a_library_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library upgrade can change what YAKE, trafilatura or wordfreq give: cached results must not survive it."""
    config = SiteConfig()
    sources, _ = discover(CONTENT, config.max_file_bytes)
    run_articles(sources, config, cleaning_rules(config), ArticleCache(tmp_path, config), 1)
    real_version = cache_module.metadata.version

    def upgraded(name: str) -> str:
        return "99.0" if name == "yake-rust" else real_version(name)

    monkeypatch.setattr(cache_module.metadata, "version", upgraded)
    cache_module.code_version.cache_clear()
    try:
        again = run_articles(sources, config, cleaning_rules(config), ArticleCache(tmp_path, config), 1)
    finally:
        monkeypatch.undo()
        cache_module.code_version.cache_clear()
    assert again.cache_hits == 0 and again.processed == len(sources)
    assert "yake-rust" in cache_module.RESULT_LIBRARIES


def test_a_value_digest_depends_on_the_values_only() -> None:
    from generator.cache import value_digest

    word = "icebreaker" * 3
    shared = (word, word, ("convoy", 3, None, 1.5, b"x"))
    equal = ("icebreaker" * 3, "".join(["icebreaker"] * 3), ("convoy", 3, None, 1.5, b"x"))
    assert shared[0] is shared[1] and equal[0] is not equal[1]
    assert pickle.dumps(shared) != pickle.dumps(equal)  # what a plain pickle would get wrong
    assert value_digest(shared) == value_digest(equal)
    assert value_digest(("a", "b")) != value_digest(("ab",)) != value_digest(("a", "b", None))


def test_a_rebuild_starts_its_worker_before_the_other_work_meanwhile(tmp_path: Path) -> None:
    config = SiteConfig()
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    sources, _ = discover(content, config.max_file_bytes)
    run_articles(sources, config, cleaning_rules(config), ArticleCache(tmp_path / "cache", config), 1)
    edited = sorted(content.iterdir())[0]
    edited.write_bytes(edited.read_bytes() + b"\n\nOne more paragraph, added after the first build.\n")
    sources, _ = discover(content, config.max_file_bytes)
    seen: list[int] = []
    again = run_articles(sources, config, cleaning_rules(config), ArticleCache(tmp_path / "cache", config), 2,
                         meanwhile=lambda: seen.append(len(multiprocessing.active_children())))
    assert seen and seen[0] >= 1  # the edited file's worker was already at work
    assert again.processed == 1 and again.cache_hits == len(sources) - 1


def test_a_site_missing_a_shard_of_its_search_index_is_built_again(tmp_path: Path) -> None:
    """With the search index in shards, the build that finds nothing changed still checks every
    shard is there; one removed is indexed again."""
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    options = BuildOptions(cache=tmp_path / ".briefing" / "cache", jobs=1)
    config = SiteConfig(search_shard_pages=2)
    first = build(content, site, config, TEMPLATES, options=options)
    assert first.cache["search_shards"] >= 2
    assert build(content, site, config, TEMPLATES, options=options).cache["nothing_changed"] == 1
    shard = site / "pagefind" / "shard-1"
    shutil.rmtree(shard)
    again = build(content, site, config, TEMPLATES, options=options)
    assert "nothing_changed" not in again.cache and (shard / "pagefind-entry.json").is_file()
