"""End to end: the seeds build into a complete site; bad files become problems, never crashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import BuildResult

from .conftest import (
    CONTENT,
    FIXTURES,
    SEEDS,
    TEST_CONFIG,
    build_folder,
    read_feed,
)


def test_every_seed_is_in_the_feed_with_the_contract_fields(seeds_site: tuple[Path, BuildResult]) -> None:
    site, result = seeds_site
    feed = read_feed(site)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["items"]
    by_source = {item["_briefing"]["source_file"]: item for item in feed["items"]}
    assert set(by_source) == set(SEEDS.values())
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("https://example.org/articles/")
        assert len(item["content_text"]) > 1000
        assert item["summary"] and item["summary"][:80] in item["content_text"]
        assert 1 <= len(item["tags"]) <= 10
        assert item["_briefing"]["kind"] in {"news", "opinion", "analysis", "repost"}
        assert set(item["_briefing"]) >= {"source_file", "outlet", "kind", "hubs", "related"}
        for rid in item["_briefing"]["related"]:
            assert rid in {i["id"] for i in feed["items"]}
    assert by_source[SEEDS["frontmatter"]]["authors"] == [{"name": "Andrew Korybko"}]
    assert by_source[SEEDS["frontmatter"]]["date_published"] == "2021-03-22T00:57:29Z"
    assert by_source[SEEDS["untitled"]]["_briefing"]["title_generated"] is True
    assert result.problems == ()


def test_every_page_type_is_written(seeds_site: tuple[Path, BuildResult]) -> None:
    site, result = seeds_site
    assert (site / "index.html").is_file() and (site / "404.html").is_file()
    assert (site / "search" / "index.html").is_file()
    for _file, url in result.published:
        page = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in page
    feed = read_feed(site)
    hub_slugs = {h for item in feed["items"] for h in item["_briefing"]["hubs"]}
    assert hub_slugs and all((site / "hubs" / h / "index.html").is_file() for h in hub_slugs)
    assert all(len(item["_briefing"]["hubs"]) <= 1 for item in feed["items"])
    listed = feed["_briefing"]["hubs"]
    ids = {item["id"] for item in feed["items"]}
    assert {h["slug"] for h in listed} == hub_slugs
    for hub in listed:
        assert set(hub) >= {"slug", "title", "url", "articles", "brief"} and hub["url"].endswith(f"/hubs/{hub['slug']}/")
        assert len(hub["articles"]) >= 2 and set(hub["articles"]) <= ids
        assert hub["brief"] and all(b["item_id"] in hub["articles"] and b["text"] for b in hub["brief"])
        assert hub["lead"] in [b["text"] for b in hub["brief"]]
    assert list((site / "tags").glob("*/index.html")), "at least one tag shared by two articles has a page"


def test_internal_links_resolve(seeds_site: tuple[Path, BuildResult]) -> None:
    import re

    site, _ = seeds_site
    missing = []
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        for href in re.findall(r'(?:href|src)="(/[^"#?]*)', page.read_text(encoding="utf-8")):
            target = site / href.lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                missing.append((page.relative_to(site).as_posix(), href))
    assert missing == []


def test_search_index_covers_every_article(seeds_site: tuple[Path, BuildResult]) -> None:
    site, result = seeds_site
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert result.pages_indexed == len(SEEDS)


def test_bad_files_are_problems_and_every_good_file_still_publishes(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "empty.md").write_bytes(b"")
    (content_copy / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (content_copy / "broken.md").write_text("---\ntitle: [oops\n---\nText.\n", encoding="utf-8")
    (content_copy / "only-cruft.txt").write_text("Related Posts\nLeave a Reply\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_folder(content_copy, site)
    assert sorted(f for f, _ in result.published) == sorted(SEEDS.values())
    reasons = {p.file: p for p in result.problems}
    assert set(reasons) == {"empty.md", "image.md", "broken.md", "only-cruft.txt"}
    assert reasons["image.md"].stage == "parse" and "binary" in reasons["image.md"].reason
    assert reasons["only-cruft.txt"].stage == "clean"
    assert len(read_feed(site)["items"]) == len(SEEDS)


def _cli(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``briefing`` run in ``project`` (a folder of the test's own, never the repository), as its root."""
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args], cwd=project,
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def test_cli_report_and_strict(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "empty.txt").write_text("   \n", encoding="utf-8")
    report = tmp_path / "report.json"
    site = tmp_path / "site"
    loose = _cli(tmp_path, "build", "--content", str(content_copy), "--output", str(site), "--report", str(report))
    assert loose.returncode == 0, loose.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {p["file"] for p in data["published"]} == set(SEEDS.values())
    assert data["problems"] == [{"file": "empty.txt", "stage": "parse", "reason": "file is empty or holds only whitespace"}]
    assert list(data["timings"]) == ["discover", "parse", "clean", "enrich", "articles_wall", "group", "render", "write",
                                     "search"]
    assert data["cache"]["articles_processed"] + data["cache"]["articles_from_cache"] == len(SEEDS) + 1
    assert "problem: empty.txt: parse:" in loose.stderr
    strict = _cli(tmp_path, "build", "--content", str(content_copy), "--output", str(site), "--strict")
    assert strict.returncode == 1
    clean_run = _cli(tmp_path, "build", "--content", str(CONTENT), "--output", str(site), "--strict")
    assert clean_run.returncode == 0, clean_run.stderr


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    broken_templates = tmp_path / "templates"
    broken_templates.mkdir()
    (broken_templates / "index.html").write_text("{{ no_such_value }}", encoding="utf-8")
    from generator.build import BuildError, build
    from generator.config import SiteConfig

    with pytest.raises(BuildError, match=r"render stage failed.*no_such_value"):
        build(CONTENT, site, SiteConfig(), broken_templates)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_output_inside_content_is_refused(tmp_path: Path) -> None:
    run = _cli(tmp_path, "build", "--content", str(CONTENT), "--output", str(CONTENT / "site"))
    assert run.returncode == 1 and "must not contain or sit inside" in run.stderr
    assert not (CONTENT / "site").exists()


def test_a_build_in_a_process_that_goes_on_frees_what_it_made(tmp_path: Path) -> None:
    """Only the command, whose process ends with the build, leaves the corpus to that end; a
    build called as a library (the server's rebuilds, tests) keeps nothing."""
    import generator.build as building

    build_folder(CONTENT, tmp_path / "site")
    assert building.LEFT_TO_EXIT == []
    run = _cli(tmp_path, "build", "--content", str(CONTENT), "--output", str(tmp_path / "site2"), "--strict")
    assert run.returncode == 0 and run.stderr.rstrip().splitlines()[-1].startswith("built "), run.stderr


def test_an_output_folder_whose_parents_do_not_exist_yet_is_made(tmp_path: Path) -> None:
    site = tmp_path / "not" / "yet" / "site"
    run = _cli(tmp_path, "build", "--content", str(CONTENT), "--output", str(site))
    assert run.returncode == 0, run.stderr
    assert (site / "feed.json").is_file() and (site / "pagefind" / "pagefind.js").is_file()


def _pages(site: Path) -> list[Path]:
    """Every file the generator writes itself (Pagefind names its filter shards differently per run)."""
    return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] != "pagefind")


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_of_the_same_input_is_byte_identical_search_index_included(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_folder(CONTENT, site)
    before = _tree(site)
    build_folder(CONTENT, site)
    assert _tree(site) == before
    assert any(name.startswith("pagefind/filter/") for name in before)


def test_identical_input_gives_identical_output(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    build_folder(CONTENT, first)
    build_folder(CONTENT, second)
    files = _pages(first)
    assert len(files) > 10 and files == _pages(second)
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_clean_command_explains_every_removal(tmp_path: Path) -> None:
    run = _cli(tmp_path, "clean", str(CONTENT / SEEDS["markdown"]), "--explain")
    assert run.returncode == 0, run.stderr
    assert "# China, Russia Circle Wagons in Asia-Pacific" in run.stdout
    assert "author: M. K. Bhadrakumar   [byline]" in run.stdout
    assert "[disclaimer] Disclaimer:" in run.stdout and "[translate-promo]" in run.stdout
    as_json = json.loads(_cli(tmp_path, "clean", str(CONTENT / SEEDS["comments"]), "--json").stdout)
    assert as_json["removed"][0]["rule"] == "title"
    assert any(r["rule"] == "comment-thread" for r in as_json["removed"])
    assert "Offline" not in as_json["text"]
    fallback = _cli(tmp_path, "clean", str(FIXTURES / "pages" / "reprint-notice.html"), "--explain")
    assert "--- warnings (1) ---" in fallback.stdout and "balanced extraction" in fallback.stdout


def test_article_pages_show_every_tag_and_link_only_those_with_pages(seeds_site: tuple[Path, BuildResult]) -> None:
    import html

    site, _ = seeds_site
    feed = read_feed(site)
    pages = {p.name for p in (site / "tags").iterdir() if p.is_dir()}
    for item in feed["items"]:
        page = (site / item["url"].split("example.org/")[1] / "index.html").read_text(encoding="utf-8")
        for name, slug in zip(item["tags"], item["_briefing"]["tag_slugs"], strict=True):
            assert html.escape(name, quote=False) in page, name
            assert (f'href="/tags/{slug}/"' in page) == (slug in pages), slug


def test_feeds_sitemap_and_robots_are_valid(seeds_site: tuple[Path, BuildResult]) -> None:
    import xml.etree.ElementTree as ET

    feedparser = pytest.importorskip("feedparser", reason="the test extras are needed: pip install -e '.[test]'")
    site, result = seeds_site
    atom_files = [site / "feed.xml", *site.glob("tags/*/feed.xml"), *site.glob("hubs/*/feed.xml")]
    assert len(atom_files) >= 3
    for path in atom_files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10" and parsed.feed.title and parsed.entries, path
        for entry in parsed.entries:
            assert entry.id.startswith("https://example.org/articles/") and entry.link == entry.id and entry.title
    main = feedparser.parse((site / "feed.xml").read_bytes())
    assert len(main.entries) == len(result.published)
    urls = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/" in urls and all(u.startswith("https://example.org/") for u in urls)
    assert all(f"https://example.org{url}" in urls for _f, url in result.published)
    assert "https://example.org/404.html" not in urls
    assert "Sitemap: https://example.org/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_pages_carry_canonical_open_graph_and_news_article_data(seeds_site: tuple[Path, BuildResult]) -> None:
    from bs4 import BeautifulSoup

    site, result = seeds_site
    _file, url = result.published[0]
    soup = BeautifulSoup((site / url.strip("/") / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.find("link", rel="canonical")["href"] == f"https://example.org{url}"
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"] == soup.find("h1").get_text(strip=True)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle" and data["headline"] == soup.find("h1").get_text(strip=True)
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        inline = [s for s in doc.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"]
        assert inline == [], f"{page}: inline script"
        loaded = [t.get("src") for t in doc.find_all(src=True)]
        loaded += [t.get("href") for t in doc.find_all("link") if set(t.get("rel") or []) & {"stylesheet", "icon"}]
        assert all(u.startswith("/") and not u.startswith("//") for u in loaded), f"{page}: {loaded}"


def test_a_netlify_build_takes_the_site_url_netlify_sets(tmp_path: Path) -> None:
    import os

    site = tmp_path / "site"
    env = {**os.environ, "NETLIFY": "true", "URL": "https://briefing.example.net/"}
    run = _cli(tmp_path, "build", "--content", str(CONTENT), "--output", str(site), "--no-cache", env=env)
    assert run.returncode == 0, run.stderr
    assert "Sitemap: https://briefing.example.net/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    assert "<loc>https://briefing.example.net/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_copys_page_points_to_the_original_and_stays_out_of_sitemap_and_search(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    text = (CONTENT / SEEDS["untitled"]).read_text(encoding="utf-8")
    (content / "original.txt").write_text(text, encoding="utf-8")
    (content / "repost.txt").write_text(text, encoding="utf-8")
    (content / "other.txt").write_text((CONTENT / SEEDS["comments"]).read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    result = build_folder(content, site)
    feed = read_feed(site)
    copy = next(i for i in feed["items"] if i["_briefing"].get("duplicate_of"))
    original_url = copy["_briefing"]["duplicate_of"].removeprefix("https://example.org")
    copy_url = copy["url"].removeprefix("https://example.org")
    page = (site / copy_url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert f'rel="canonical" href="https://example.org{original_url}"' in page
    assert "data-pagefind-body" not in page and f'A copy of <a href="{original_url}">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert original_url in sitemap and copy_url not in sitemap
    assert result.pages_indexed == 2


def test_list_pages_are_paged_with_stable_urls_and_prev_next_links(tmp_path: Path) -> None:
    """Forty articles, ten a page: the front page holds the newest ten, then /page/3/ to /page/1/,
    numbered from the oldest, each linked to its newer and older neighbours."""
    from dataclasses import replace as with_

    from bs4 import BeautifulSoup

    site = tmp_path / "site"
    build_folder(FIXTURES / "summaries" / "articles", site, with_(TEST_CONFIG, page_size=10))
    feed = read_feed(site)
    listed = [i for i in feed["items"] if not i["_briefing"].get("duplicate_of")]
    assert len(listed) == 40
    urls = ["/", "/page/3/", "/page/2/", "/page/1/"]
    pages = [site / "index.html", *(site / u.strip("/") / "index.html" for u in urls[1:])]
    assert all(p.is_file() for p in pages) and not (site / "page" / "4").exists()
    cards = []
    for n, path in enumerate(pages):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cards += [a["href"] for a in soup.select("section[aria-labelledby=latest] article.card h3 a")]
        prev, nxt = soup.find("link", rel="prev"), soup.find("link", rel="next")
        assert (prev["href"] if prev else None) == (urls[n - 1] if n else None), n
        assert (nxt["href"] if nxt else None) == (urls[n + 1] if n < 3 else None), n
        assert soup.select_one('nav.pager a[aria-current="page"]').get_text() == ("Latest" if n == 0 else urls[n][6])
        assert (soup.find(id="topics") is not None) == (n == 0), "the top stories lead the front page only"
    assert len(cards) == 40 and len(set(cards)) == 40, "every article on exactly one page"
    assert cards == [urlsplit(i["url"]).path for i in listed], "newest first, page after page"
    assert "/page/1/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    archive = sorted(p.relative_to(site).as_posix() for p in (site / "archive").rglob("index.html"))
    assert archive == ["archive/index.html", *(f"archive/page/{k}/index.html" for k in (1, 2, 3))]


def test_an_older_article_removed_changes_its_own_page_not_every_newer_one(tmp_path: Path) -> None:
    """Where a page of a list cut by age ends is chosen by its articles: removing one of the
    older articles changes the page it was on (and at most the next), and the newer pages of the
    home list and the archive keep their addresses and bytes."""
    import shutil
    from dataclasses import replace as with_

    from generator.render.paging import age_cuts

    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(FIXTURES / "summaries" / "articles", content)
    config = with_(TEST_CONFIG, page_size=5)
    build_folder(content, site, config)
    feed = read_feed(site)
    oldest_first = [i["_briefing"]["source_file"] for i in reversed(feed["items"]) if not i["_briefing"].get("duplicate_of")]
    runs = age_cuts(oldest_first, 5)
    assert len(runs) >= 5 and len(set(runs)) > 1 and all(4 <= n <= 7 for n in runs), runs
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("page/*/index.html")}
    (content / oldest_first[1]).unlink()  # on page 1 of the home list
    build_folder(content, site, config)
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("page/*/index.html")}
    home = sorted((n for n in before if n.startswith("page/")), key=lambda n: int(n.split("/")[1]))
    changed = [n for n in home if after.get(n) != before[n]]
    assert changed and set(changed) <= {"page/1/index.html", "page/2/index.html"}, changed
    assert len(home) >= 4 and all(after[n] == before[n] for n in home[2:])


def test_a_new_article_changes_the_front_of_each_list_and_no_older_page(tmp_path: Path) -> None:
    """Lists are cut from their oldest end: a newer article changes the front page of the lists it
    is in; every page of older articles keeps its address and its bytes."""
    import shutil
    from dataclasses import replace as with_

    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(FIXTURES / "summaries" / "articles", content)
    config = with_(TEST_CONFIG, page_size=10)
    build_folder(content, site, config)
    older = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("page/*/index.html")}
    assert len(older) >= 6  # home and archive pages 1 to 3 at least
    fronts = {name: (site / name).read_bytes() for name in ("index.html", "archive/index.html")}
    (content / "zz-latest.md").write_text(
        "---\ntitle: Harbour reopens after the storm\ndate: 2031-01-05 09:00\n---\n\n"
        + "The harbour reopened on Monday after two days of storms closed it to ferries. " * 5, encoding="utf-8")
    build_folder(content, site, config)
    again = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("page/*/index.html")}
    assert again == older
    assert all((site / name).read_bytes() != data for name, data in fronts.items())


def _threads_after(code: str, environment: dict[str, str]) -> str:
    """What a fresh interpreter prints after running ``code`` in ``environment``."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], env=environment, cwd=root, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_the_package_gives_numpys_blas_one_thread_unless_the_environment_sets_it() -> None:
    blas = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
    clean_env = {k: v for k, v in os.environ.items() if k not in blas}
    count = "import os, generator, numpy; print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])"
    assert _threads_after(count, clean_env) == "1 1"  # the main thread alone: no BLAS threads to spin
    assert _threads_after(count, {**clean_env, "OPENBLAS_NUM_THREADS": "2"}).endswith(" 2")  # a set value stands


def test_rebuilds_load_trafilatura_and_scipys_clustering_only_when_they_use_them() -> None:
    """A worker reading markdown and text never imports trafilatura (the first saved web page
    does); loading the hub stage for a rebuild leaves SciPy's dense clustering unloaded, which
    its first use then loads and runs."""
    code = """
import sys
from pathlib import Path
from generator.articles import process
from generator.config import SiteConfig, cleaning_rules
from generator.model import Article, SourceFile
from generator.group.linkage import dense_average_linkage
import numpy as np

def source(path):
    data = path.read_bytes()
    return SourceFile(path, path.name, data, "0" * 64)

config = SiteConfig()
rules = cleaning_rules(config)
seen = []
for name in ("content/003_8f1cf0a67f0836c4.txt", "content/004_85046ec8f58ac665.txt", "tests/fixtures/pages/reprint-notice.html"):
    result, _seconds = process(source(Path(name)), config, rules)
    seen.append(f"{isinstance(result, Article)}:{'trafilatura' in sys.modules}")
seen.append(str("scipy.cluster.hierarchy" in sys.modules))
groups = dense_average_linkage(np.array([[0, 0.9, 0.1], [0.9, 0, 0.2], [0.1, 0.2, 0]]), 0.5)
seen.append(f"{[g.tolist() for g in groups]}:{'scipy.cluster.hierarchy' in sys.modules}")
print(" ".join(seen))
"""
    assert _threads_after(code, dict(os.environ)) == "True:False True:False True:True False [[0, 1]]:True"


def test_the_group_stage_loads_scipy_without_the_numpy_submodules_it_never_uses() -> None:
    """SciPy's NumPy namespace reads every NumPy submodule: loading the group stage leaves the
    unused ones (the Fortran wrapper generator, testing with unittest) unexecuted, and each
    still works as NumPy's own on first use."""
    code = """
import sys
import generator.group
import numpy
loaded = ["numpy.f2py.crackfortran" in sys.modules, "unittest" in sys.modules, "numpy.ma.core" in sys.modules]
numpy.testing.assert_array_equal(numpy.ma.masked_array([1, 2], mask=[0, 1]).compressed(), [1])
print(loaded, numpy.f2py.get_include().endswith("src"), "unittest" in sys.modules)
"""
    assert _threads_after(code, dict(os.environ)) == "[False, False, False] True True"


def test_the_cleaning_rules_are_read_only_where_a_file_is_cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with nothing to do never reads the cleaning rules; one that cleans a file reads them."""
    import shutil

    import generator.config as config_module
    from generator.build import BuildOptions, build

    from .conftest import CONTENT, TEMPLATES, TEST_CONFIG

    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    options = BuildOptions(cache=tmp_path / "cache", jobs=1)
    read, rules = [], config_module.cleaning_rules
    monkeypatch.setattr(config_module, "cleaning_rules", lambda config: read.append(1) or rules(config))
    first = build(content, site, TEST_CONFIG, TEMPLATES, options=options)
    assert first.cache["articles_processed"] == len(read) == len(first.published) > 0
    read.clear()
    again = build(content, site, TEST_CONFIG, TEMPLATES, options=options)
    assert again.cache["articles_processed"] == 0 and read == []
