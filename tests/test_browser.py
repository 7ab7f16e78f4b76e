"""Search works in a real browser: build content/, serve it, search "Lavrov" through the Pagefind UI.

Runs Debian's Chromium headless (see ``tests/browser.py``); skipped without it,
failed without it when ``$CI`` is set.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from .browser import ChromiumSession, PageErrors, netlify_headers, serve_folder

pytest.importorskip("playwright.sync_api", reason="the playwright package is required: pip install -e '.[test]'")
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CGTN_FILE = "000_307e4a936ced7875.txt"
QUERY = "Lavrov"
WAIT_MS = 15_000

# Console errors the site is known to cause; empty: any error fails the test.
KNOWN_SITE_ERRORS: tuple[str, ...] = ()

RESULT = ".pagefind-ui__result"
SEARCH_INPUT = ".pagefind-ui__search-input"


@dataclass(frozen=True)
class BuiltSite:
    """The seed content built by the real CLI, and what the build reported."""

    folder: Path
    report: dict
    base_url: str

    def url_of(self, source_file: str) -> str:
        """The site path the build gave ``source_file``, from the report's ``published`` list."""
        urls = [p["url"] for p in self.report["published"] if p["file"] == source_file]
        assert len(urls) == 1, f"{source_file} published {len(urls)} times: {self.report['published']}"
        return urls[0]

    def item_of(self, source_file: str) -> dict:
        """The feed item of ``source_file``."""
        feed = json.loads((self.folder / "feed.json").read_text(encoding="utf-8"))
        return next(i for i in feed["items"] if i["_briefing"]["source_file"] == source_file)

    def summary_of(self, source_file: str) -> str:
        """The summary the build wrote for ``source_file``."""
        return self.item_of(source_file)["summary"]

    def page_types(self) -> dict[str, str]:
        """One site path for every page type the build writes."""
        feed = json.loads((self.folder / "feed.json").read_text(encoding="utf-8"))

        def first(folder: str) -> str:
            return next(p.name for p in sorted((self.folder / folder).iterdir()) if p.is_dir())

        return {
            "home": "/", "article": self.url_of(CGTN_FILE), "tags": "/tags/", "tag": f"/tags/{first('tags')}/",
            "hubs": "/hubs/", "hub": f"/hubs/{first('hubs')}/", "outlets": "/outlets/",
            "outlet": f"/outlets/{first('outlets')}/", "archive": "/archive/", "search": f"/search/?q={QUERY}",
            "method": "/method/", "404": "/no/such/page/", "article-2": feed["items"][-1]["url"].split("example.org")[-1],
        }

    def title_of(self, path: str) -> str:
        """The ``<h1>`` of the built page at site path ``path`` (what Pagefind uses as the result title)."""
        html = (self.folder / path.strip("/") / "index.html").read_text(encoding="utf-8")
        h1 = BeautifulSoup(html, "lxml").find("h1")
        assert h1 is not None, f"{path} has no <h1>"
        return h1.get_text(" ", strip=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """Build content/ with ``python -m generator build`` and serve the result on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("browser")
    output, report = tmp / "site", tmp / "report.json"
    cmd = [
        sys.executable, "-m", "generator", "build",
        "--content", str(ROOT / "content"), "--output", str(output), "--report", str(report), "--no-cache",
    ]
    done = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert (output / "search" / "index.html").is_file(), "the build wrote no search page"
    assert (output / "pagefind" / "pagefind-ui.js").is_file(), "the build wrote no Pagefind index"
    with serve_folder(output, headers=netlify_headers(ROOT / "netlify.toml")) as base_url:
        yield BuiltSite(output, json.loads(report.read_text(encoding="utf-8")), base_url)


@pytest.fixture(scope="module")
def chromium() -> Iterator[ChromiumSession]:
    """One Chromium for the module, launched by the first test that asks for a page."""
    session = ChromiumSession()
    yield session
    session.close()


def results(page: Page) -> list[dict[str, str]]:
    """Every Pagefind result on the page: its link's path, title text and excerpt."""
    return page.eval_on_selector_all(
        RESULT,
        """els => els.map(el => {
            const a = el.querySelector('.pagefind-ui__result-link');
            const ex = el.querySelector('.pagefind-ui__result-excerpt');
            return {path: a ? new URL(a.href, location.href).pathname : '',
                    title: a ? a.textContent.trim() : '',
                    excerpt: ex ? ex.textContent.trim() : ''};
        })""",
    )


def wait_for_result(page: Page, path: str) -> dict[str, str]:
    """Wait (bounded) until a result links to ``path``; return that result, or fail listing what was shown."""
    try:
        page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_function(
            """path => [...document.querySelectorAll('.pagefind-ui__result-link')]
                        .some(a => new URL(a.href, location.href).pathname === path)""",
            arg=path,
            timeout=WAIT_MS,
        )
    except PlaywrightTimeout:
        pytest.fail(f"no search result for {path} within {WAIT_MS} ms; results shown: {results(page)}", pytrace=False)
    return next(r for r in results(page) if r["path"] == path)


def assert_cgtn_result(page: Page, site: BuiltSite, errors: PageErrors) -> None:
    """The CGTN article is among the results, titled as its page is, with one excerpt in which
    the search word is marked, and no metadata line repeating the summary."""
    path = site.url_of(CGTN_FILE)
    hit = wait_for_result(page, path)
    assert hit["title"] == site.title_of(path)
    shown = page.evaluate(
        """path => {
            const el = [...document.querySelectorAll('.pagefind-ui__result')]
              .find(r => new URL(r.querySelector('.pagefind-ui__result-link').href, location.href).pathname === path);
            return {marks: [...el.querySelectorAll('.pagefind-ui__result-excerpt mark')].map(m => m.textContent),
                    excerpts: el.querySelectorAll('.pagefind-ui__result-excerpt').length,
                    extra: el.querySelector('.pagefind-ui__result-tags, .pagefind-ui__result-meta')?.textContent || ''};
        }""",
        path,
    )
    assert shown["excerpts"] == 1 and shown["marks"] and all(m.lower() == QUERY.lower() for m in shown["marks"]), shown
    assert "summary" not in shown["extra"].lower(), shown
    assert page.locator(SEARCH_INPUT).input_value() == QUERY
    unexpected = errors.unexpected(KNOWN_SITE_ERRORS)
    assert not unexpected, f"errors on {page.url}:\n" + "\n".join(unexpected)


def test_typing_a_query_finds_the_cgtn_article(chromium: ChromiumSession, site: BuiltSite) -> None:
    """A user types "Lavrov" into the Pagefind box and gets the CGTN article."""
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        page.goto(f"{site.base_url}/search/", wait_until="load")
        box = page.locator(SEARCH_INPUT)
        box.wait_for(state="visible")
        assert box.input_value() == "" and page.locator(RESULT).count() == 0
        box.click()
        page.keyboard.type(QUERY, delay=40)
        assert_cgtn_result(page, site, errors)


def test_query_in_the_url_runs_the_search(chromium: ChromiumSession, site: BuiltSite) -> None:
    """Opening /search/?q=Lavrov (the header's quick search) shows the CGTN article without typing."""
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        page.goto(f"{site.base_url}/search/?q={QUERY}", wait_until="load")
        assert_cgtn_result(page, site, errors)


def test_site_declares_an_icon(chromium: ChromiumSession, site: BuiltSite) -> None:
    """The search page's icon (its <link rel=icon>, else /favicon.ico) loads, so browsers log no 404."""
    with chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.goto(f"{site.base_url}/search/", wait_until="load")
        icon = page.evaluate(
            "() => { const l = document.querySelector('link[rel~=icon]');"
            " return l ? l.href : new URL('/favicon.ico', location.href).href; }"
        )
        status = 200 if icon.startswith("data:") else page.request.get(icon).status
        assert status == 200, f"{icon} answered {status}"


# --- every page type, as served with the CSP and headers of netlify.toml -------------------------

CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def axe_source() -> str:
    """axe-core from npm (installed by `make test`), or skip / fail as for the browser."""
    candidates = [os.environ.get("BRIEFING_AXE", ""), str(ROOT / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8")
    message = "axe-core is required: npm install --prefix .venv/npm axe-core (make test does this)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.parametrize("kind", ["home", "article", "article-2", "tags", "tag", "hubs", "hub", "outlets", "outlet",
                                  "archive", "search", "method", "404"])
def test_page_type_has_no_errors_no_csp_violation_and_no_axe_violation(
        chromium: ChromiumSession, site: BuiltSite, kind: str) -> None:
    """Each page type loads under the production CSP with no console error, no CSP violation, and axe finds nothing."""
    axe = axe_source()
    path = site.page_types()[kind]
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        page.add_init_script(CSP_WATCH)
        response = page.goto(f"{site.base_url}{path}", wait_until="load")
        assert response is not None and response.status == (404 if kind == "404" else 200)
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
        if kind == "search":
            page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.evaluate(axe)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""
        )
        assert violations == [], f"{path}: {violations}"
        assert page.evaluate("window.__cspViolations") == [], path
        unexpected = errors.unexpected(KNOWN_SITE_ERRORS)
        if kind == "404":  # the browser logs the 404 status of the page itself
            unexpected = [e for e in unexpected if "404" not in e]
        assert unexpected == [], f"{path}: {unexpected}"


def test_outlet_filter_narrows_and_the_url_reproduces_the_search(chromium: ChromiumSession, site: BuiltSite) -> None:
    """Filtering by outlet leaves that outlet's articles only; the URL then holds query and filter."""
    cgtn = site.url_of(CGTN_FILE)
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        page.goto(f"{site.base_url}/search/?q=Russia", wait_until="load")
        page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length > 1")
        before = results(page)
        page.locator(".pagefind-ui__filter-name", has_text="Outlet").click()
        page.locator("input.pagefind-ui__filter-checkbox[name='outlet'][value='CGTN']").check()
        page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result').length < n", arg=len(before))
        wait_for_result(page, cgtn)
        after = results(page)
        assert [r["path"] for r in after] == [cgtn], after
        page.wait_for_function("() => location.search.includes('filter')")
        shared = page.url
        assert "q=Russia" in shared and "filter%5Boutlet%5D=CGTN" in shared, shared
        assert errors.unexpected(KNOWN_SITE_ERRORS) == []
    with chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.goto(shared, wait_until="load")
        page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        wait_for_result(page, cgtn)  # a result is drawn as a placeholder first, then filled in
        assert [r["path"] for r in results(page)] == [cgtn]
        assert page.locator("input.pagefind-ui__filter-checkbox[name='outlet'][value='CGTN']").is_checked()


def test_results_can_be_ordered_newest_first(chromium: ChromiumSession, site: BuiltSite) -> None:
    """sort=date orders the results newest first, an undated article by when its file was added."""
    with chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.goto(f"{site.base_url}/search/?q=Russia&sort=date", wait_until="load")
        page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length > 2")
        paths = [r["path"] for r in results(page)]
    feed = json.loads((site.folder / "feed.json").read_text(encoding="utf-8"))
    dates = {i["url"].split("example.org")[-1]: i.get("date_published") or i["_briefing"]["added"] for i in feed["items"]}
    keys = [dates[p] for p in paths]
    assert len(paths) == len(dates) and keys == sorted(keys, reverse=True), paths


@pytest.mark.parametrize("kind", ["home", "article", "hub", "search"])
def test_dark_mode_passes_axe_too(chromium: ChromiumSession, site: BuiltSite, kind: str) -> None:
    """With the system in dark mode the pages still have no axe violation (contrast included)."""
    axe = axe_source()
    with chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.emulate_media(color_scheme="dark")
        page.goto(f"{site.base_url}{site.page_types()[kind]}", wait_until="load")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        if kind == "search":
            page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.evaluate(axe)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id)")
        assert violations == [], violations


# --- a sharded search index: merged in the browser, newest first across shards -------------------

@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """content/ built with at most two articles per search shard (four shards for the five seeds)."""
    tmp = tmp_path_factory.mktemp("sharded")
    (tmp / "briefing.toml").write_text(f"search_shard_pages = 2\ntemplates = {json.dumps(str(ROOT / 'templates'))}\n",
                                       encoding="utf-8")
    output, report = tmp / "site", tmp / "report.json"
    cmd = [sys.executable, "-m", "generator", "--root", str(tmp), "build", "--content", str(ROOT / "content"),
           "--output", str(output), "--report", str(report)]
    done = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    with serve_folder(output, headers=netlify_headers(ROOT / "netlify.toml")) as base_url:
        yield BuiltSite(output, json.loads(report.read_text(encoding="utf-8")), base_url)


def test_a_sharded_index_finds_orders_and_filters_like_one_index(chromium: ChromiumSession, site: BuiltSite,
                                                                  sharded_site: BuiltSite) -> None:
    """Four shards merged in the page: the same results as one index, exactly newest first, filters across shards."""
    report = sharded_site.report
    assert report["cache"]["search_shards"] == 4 and report["pages_indexed"] == len(report["published"])
    assert all((sharded_site.folder / f"pagefind/shard-{k}/pagefind-entry.json").is_file() for k in (1, 2, 3))
    orders = []
    for built in (site, sharded_site):
        with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
            page.goto(f"{built.base_url}/search/?q=Russia&sort=date", wait_until="load")
            page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
            page.wait_for_function(  # every result drawn and filled in (a placeholder has no link yet)
                """n => document.querySelectorAll('.pagefind-ui__result').length === n
                        && document.querySelectorAll('.pagefind-ui__result-link').length === n""",
                arg=len(built.report["published"]))
            orders.append([r["path"] for r in results(page)])
            assert errors.unexpected(KNOWN_SITE_ERRORS) == []
    from generator.shards import sort_key
    feed = json.loads((sharded_site.folder / "feed.json").read_text(encoding="utf-8"))
    newest_first = [path for _key, path in sorted(
        ((sort_key(path, datetime.fromisoformat(i.get("date_published") or i["_briefing"]["added"])), path)
         for i in feed["items"] for path in [i["url"].split("example.org")[-1]]), reverse=True)]
    assert orders[1] == newest_first == orders[0], orders
    with chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.goto(f"{sharded_site.base_url}/search/?q=Russia&filter[outlet]=CGTN", wait_until="load")
        page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 1")
        assert [r["path"] for r in results(page)] == [sharded_site.url_of(CGTN_FILE)]


# --- eight shards, forty articles, twenty outlets: what the page loads and when --------------------

DESKS = 20  # outlets: more than a filter group lists at once, so its find box is needed
HARBOUR = "harbour"  # a word every article of the fixture carries


def write_desks(content: Path) -> list[Path]:
    """The forty summary-fixture articles as dated Markdown files in ``content`` from twenty
    outlets ("Desk 01" to "Desk 20", two articles each), every one opening with the harbour,
    oldest first; the files written."""
    content.mkdir()
    sources = sorted((ROOT / "tests" / "fixtures" / "summaries" / "articles").glob("*.txt"))
    assert len(sources) == 2 * DESKS
    written = []
    for i, source in enumerate(sources):
        title, _, body = source.read_text(encoding="utf-8").partition("\n")
        written.append(content / f"{source.stem}.md")
        written[-1].write_text(
            f"---\ntitle: {json.dumps(title.strip())}\noutlet: \"Desk {i % DESKS + 1:02d}\"\n"
            f"date: 2021-03-01T{i // 4:02d}:{i % 4 * 15:02d}:00Z\n---\n\n"
            f"Seen from the {HARBOUR} today. {body.strip()}\n", encoding="utf-8")
    return written


def build_desks(tmp: Path, content: Path, shard_pages: int) -> dict[str, Any]:
    """Build ``content`` into ``tmp``/site with the CLI, at most ``shard_pages`` articles a search
    shard; the build's report."""
    (tmp / "briefing.toml").write_text(f"search_shard_pages = {shard_pages}\ntemplates = {json.dumps(str(ROOT / 'templates'))}\n",
                                       encoding="utf-8")
    output, report = tmp / "site", tmp / "report.json"
    cmd = [sys.executable, "-m", "generator", "--root", str(tmp), "build", "--content", str(content),
           "--output", str(output), "--report", str(report)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return cast(dict[str, Any], json.loads(report.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """:func:`write_desks` built with at most five articles a search shard: eight shards."""
    tmp = tmp_path_factory.mktemp("desks")
    write_desks(tmp / "content")
    report = build_desks(tmp, tmp / "content", 5)
    with serve_folder(tmp / "site", headers=netlify_headers(ROOT / "netlify.toml")) as base_url:
        yield BuiltSite(tmp / "site", report, base_url)


def feed_articles(site: BuiltSite) -> list[tuple[str, str, str | None]]:
    """Every article of ``site`` as (site path, search sort key, outlet), from its JSON Feed."""
    from generator.shards import sort_key

    feed = json.loads((site.folder / "feed.json").read_text(encoding="utf-8"))
    out = []
    for item in feed["items"]:
        path = urlsplit(item["url"]).path
        listed = item.get("date_published") or item["_briefing"]["added"]  # undated: when its file was added
        date = datetime.fromisoformat(listed) if listed else None
        out.append((path, sort_key(path, date), item["_briefing"]["outlet"]))
    return out


def newest_first(site: BuiltSite, outlet: str | None = None) -> list[str]:
    """The site's article paths (those from ``outlet`` if given) in the search index's date order, newest first."""
    return [path for path, _key, source in sorted(feed_articles(site), key=lambda a: a[1], reverse=True)
            if outlet is None or source == outlet]


def shard_by_path(site: BuiltSite) -> dict[str, int]:
    """The search shard each article path of ``site`` is in (the date ranges the site was indexed with)."""
    from generator.shards import SearchPage, assign, read_plan

    shards = assign([SearchPage(path, key) for path, key, _outlet in feed_articles(site)], read_plan(site.folder) or ())
    return {page.path: k for k, members in enumerate(shards) for page in members}


def shard_of(url: str) -> str:
    """The search shard a Pagefind request went to: "0" for /pagefind/, else N for /pagefind/shard-N/."""
    path = url.split("/pagefind/", 1)[1]
    return path.split("/", 1)[0].removeprefix("shard-") if path.startswith("shard-") else "0"


def test_eight_shards_give_every_result_newest_first_and_filters_load_when_opened(
        chromium: ChromiumSession, desk_site: BuiltSite) -> None:
    """All forty results arrive, newest first across the eight shards, each with one excerpt marking
    the search word; no filter data is fetched and no filter box drawn until a filter group opens;
    the Outlet group then lists a screenful, the rest are found by typing, and a value found so
    filters across shards and goes into the URL, which reproduces the search."""
    report = desk_site.report
    assert report["cache"]["search_shards"] == 8 and report["pages_indexed"] == 2 * DESKS
    axe = axe_source()
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{desk_site.base_url}/search/?q={HARBOUR}&sort=date", wait_until="load")
        page.wait_for_function("() => document.querySelector('.pagefind-ui__message')?.textContent === '40 results for harbour'")
        while page.locator(".pagefind-ui__button").is_visible():
            count = page.locator(RESULT).count()
            page.click(".pagefind-ui__button")
            page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result').length > n", arg=count)
        assert [r["path"] for r in results(page)] == newest_first(desk_site)
        marks = page.eval_on_selector_all(RESULT, """els => els.map(el => [
            el.querySelectorAll('.pagefind-ui__result-excerpt').length,
            [...el.querySelectorAll('mark')].map(m => m.textContent.toLowerCase())])""")
        assert all(n == 1 and HARBOUR in words for n, words in marks), marks
        summaries = {urlsplit(i["url"]).path: i["summary"]
                     for i in json.loads((desk_site.folder / "feed.json").read_text(encoding="utf-8"))["items"]}
        leads = {r["path"]: r["excerpt"].split(f"Seen from the {HARBOUR}")[0].strip() for r in results(page)}
        noise = {p: lead for p, lead in leads.items()
                 if re.search(r"\d{4}-\d\d-\d\dT\d\d:|min read", lead) or (lead and lead[-30:] in summaries[p])}
        assert not noise, noise  # the search sort key, filters, summary and reading time stay out of excerpts
        fragments = {shard_of(u) for u in requests if "/fragment/" in u}
        assert fragments == {str(k) for k in range(8)}, fragments
        assert not [u for u in requests if "/filter/" in u] and "pagefind-ui.js" not in " ".join(requests)
        assert page.locator(".pagefind-ui__filter-checkbox").count() == 0

        page.locator(".pagefind-ui__filter-name", has_text="Outlet").click()
        boxes = page.locator("input.pagefind-ui__filter-checkbox[name='outlet']")
        boxes.first.wait_for(state="visible")
        listed = boxes.evaluate_all("els => els.map(e => e.value)")
        assert 0 < len(listed) < DESKS and {shard_of(u) for u in requests if "/filter/" in u} == {str(k) for k in range(8)}
        page.evaluate(axe)
        violations = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id)"
        assert page.evaluate(violations) == []
        hidden = min({f"Desk {k:02d}" for k in range(1, DESKS + 1)} - set(listed))
        page.fill(".pagefind-ui__filter-find", hidden)
        page.locator(f"input.pagefind-ui__filter-checkbox[name='outlet'][value='{hidden}']").check()
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 2")
        filtered = [r["path"] for r in results(page)]
        assert len(filtered) == 2 and filtered == newest_first(desk_site, hidden), filtered
        assert len({shard_by_path(desk_site)[p] for p in filtered}) == 2  # the two come from two shards
        page.wait_for_function("() => location.search.includes('filter')")
        shared = page.url
        assert errors.unexpected(KNOWN_SITE_ERRORS) == []
    assert f"filter%5Boutlet%5D={quote(hidden).replace('%20', '+')}" in shared, shared
    with chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.goto(shared, wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 2")
        assert [r["path"] for r in results(page)] == filtered
        box = page.locator(f"input.pagefind-ui__filter-checkbox[name='outlet'][value='{hidden}']")
        box.wait_for(state="visible")
        assert box.is_checked()


# --- a patched index: an old article edited and another removed, without indexing their shard again ---

EDITED_WORD = "zeltimar"  # a word the edited article gains and no article has


@pytest.fixture(scope="module")
def patched_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltSite, str, str]]:
    """:func:`write_desks` built in four shards of ten, then rebuilt with its second-oldest article
    edited (:data:`EDITED_WORD` for "today") and its third-oldest removed: the site,
    and the edited and removed articles' paths."""
    tmp = tmp_path_factory.mktemp("patched")
    files = write_desks(tmp / "content")
    first = build_desks(tmp, tmp / "content", 16)
    assert first["cache"]["search_shards"] == 4
    site = BuiltSite(tmp / "site", first, "")
    paths = {source: path for source, (path, _key, _outlet) in zip(
        [i["_briefing"]["source_file"] for i in json.loads((tmp / "site" / "feed.json").read_text(encoding="utf-8"))["items"]],
        feed_articles(site), strict=True)}
    edited, removed = files[1], files[2]
    edited.write_text(edited.read_text(encoding="utf-8").replace(f"{HARBOUR} today.", f"{HARBOUR}, {EDITED_WORD}."),
                      encoding="utf-8")
    removed.unlink()
    report = build_desks(tmp, tmp / "content", 16)
    with serve_folder(tmp / "site", headers=netlify_headers(ROOT / "netlify.toml")) as base_url:
        yield BuiltSite(tmp / "site", report, base_url), paths[edited.name], paths[removed.name]


def says(page: Page, message: str) -> None:
    """Wait until the search page's message reads ``message``."""
    page.wait_for_function("m => document.querySelector('.pagefind-ui__message')?.textContent === m", arg=message)


def test_a_patched_index_lists_the_edited_article_once_in_its_place_and_the_removed_one_never(
        chromium: ChromiumSession, patched_site: tuple[BuiltSite, str, str]) -> None:
    """Its shard untouched, the edited article is found by its new word, appears once, in its place
    by date, and counts once in the filters; the removed article is not found at all."""
    from generator.render import page_file

    site, edited, removed = patched_site
    assert site.report["cache"]["search_shards_patched"] == 1 and site.report["cache"]["search_overlay_pages"] == 1
    assert site.report["pages_indexed"] == 2 * DESKS - 1
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        page.goto(f"{site.base_url}/search/?q={HARBOUR}&sort=date", wait_until="load")
        says(page, f"{2 * DESKS - 1} results for {HARBOUR}")
        while page.locator(".pagefind-ui__button").is_visible():
            count = page.locator(RESULT).count()
            page.click(".pagefind-ui__button")
            page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result').length > n", arg=count)
        by_date = [r["path"] for r in results(page)]
        assert by_date == newest_first(site) and removed not in by_date and by_date.count(edited) == 1
        page.goto(f"{site.base_url}/search/?q={HARBOUR}", wait_until="load")
        says(page, f"{2 * DESKS - 1} results for {HARBOUR}")
        page.goto(f"{site.base_url}/search/?q={EDITED_WORD}", wait_until="load")
        says(page, f"1 result for {EDITED_WORD}")
        assert [r["path"] for r in results(page)] == [edited]
        tiebreak = {path: key for path, key, _outlet in feed_articles(site)}[edited].split()[1]
        page.goto(f"{site.base_url}/search/?q={tiebreak}", wait_until="load")
        says(page, f"No results for {tiebreak}")  # the sort key is never searchable text
        at = re.findall(r'data-pagefind-filter="at">(\w+)<', (site.folder / page_file(edited)).read_text("utf-8"))
        # Nor the filter value: the page is not found by it. Pagefind, not finding a word, matches the
        # longest start of it that it has (here its first digits), so other pages may be.
        page.goto(f"{site.base_url}/search/?q={at[0]}", wait_until="load")
        page.wait_for_function("() => /results? for/.test(document.querySelector('.pagefind-ui__message').textContent)")
        assert edited not in [r["path"] for r in results(page)]
        outlet = "Desk 02"  # the edited article's outlet: two articles, one of them in the overlay
        page.goto(f"{site.base_url}/search/?q={HARBOUR}&filter[outlet]={quote(outlet)}&sort=date", wait_until="load")
        says(page, f"2 results for {HARBOUR}")
        assert [r["path"] for r in results(page)] == newest_first(site, outlet) and edited in newest_first(site, outlet)
        # the URL's filter opens the Outlet group: the edited article's outlet counts it once
        page.wait_for_function(f"() => document.querySelector('label[for^=filter-outlet]')?.textContent === '{outlet} (2)'")
        assert errors.unexpected(KNOWN_SITE_ERRORS) == []


# --- the hostile build: no page may run a script, open a dialog or navigate away ---------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The hostile fixture folder built by the real CLI, served with the production headers."""
    from .hostile import write_hostile_folder

    root = tmp_path_factory.mktemp("hostile-browser")
    content, _expected = write_hostile_folder(root)
    output = root / "site"
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(output),
                           "--no-cache"], cwd=root, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    with serve_folder(output, headers=netlify_headers(ROOT / "netlify.toml")) as base_url:
        yield output, base_url


def test_no_page_of_the_hostile_build_runs_a_script(chromium: ChromiumSession, hostile_site: tuple[Path, str]) -> None:
    """Every page, under the CSP: no dialog, no navigation away, no CSP violation, no page error."""
    output, base = hostile_site
    paths = sorted("/" + p.relative_to(output).as_posix().removesuffix("index.html")
                   for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts)
    assert len(paths) > 40
    with chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.add_init_script(CSP_WATCH)
        for path in paths:
            url = f"{base}{quote(path)}"
            page.goto(url, wait_until="load")
            page.wait_for_timeout(50)
            assert page.url == url, f"{path} navigated to {page.url}"
            assert page.evaluate("window.__cspViolations") == [], path
        assert dialogs == []
        assert [e for e in errors.unexpected(KNOWN_SITE_ERRORS) if "404" not in e] == []


def test_a_reader_pages_through_the_latest_articles(chromium: ChromiumSession, tmp_path: Path) -> None:
    """Forty articles, ten a page: "Older" leads from the home page to /page/3/, /page/2/ and
    /page/1/ (pages are numbered from the oldest), "Newer" back, each page passes axe under the
    production headers."""
    from dataclasses import replace

    from generator.build import build
    from generator.config import SiteConfig

    output = tmp_path / "site"
    config = replace(SiteConfig(title="Paged briefing"), page_size=10)
    build(ROOT / "tests" / "fixtures" / "summaries" / "articles", output, config, ROOT / "templates")
    axe = axe_source()
    with serve_folder(output, headers=netlify_headers(ROOT / "netlify.toml")) as base_url, \
            chromium.page(timeout_ms=WAIT_MS) as (page, errors):
        page.goto(f"{base_url}/", wait_until="load")
        seen: list[str] = []
        for expected in ("/page/3/", "/page/2/", "/page/1/"):
            seen += page.eval_on_selector_all("section[aria-labelledby=latest] article.card h3 a",
                                              "els => els.map(a => a.pathname)")
            page.click("nav.pager a[rel=next]")
            page.wait_for_url(f"{base_url}{expected}")
            page.evaluate(axe)
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id)")
            assert violations == [], (expected, violations)
        seen += page.eval_on_selector_all("section[aria-labelledby=latest] article.card h3 a", "els => els.map(a => a.pathname)")
        assert len(seen) == len(set(seen)) == 40
        assert page.locator("nav.pager a[rel=next]").count() == 0  # page 1 holds the oldest
        page.click("nav.pager a[rel=prev]")
        page.wait_for_url(f"{base_url}/page/2/")
        assert page.locator('nav.pager a[aria-current="page"]').inner_text() == "2"
        assert errors.unexpected(KNOWN_SITE_ERRORS) == []


CLS_WATCH = """window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) { window.__cls += e.value; } } })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("width", [1350, 412])
def test_search_results_arrive_without_moving_the_page(chromium: ChromiumSession, tmp_path: Path, width: int) -> None:
    """Forty articles with their tag and outlet filters: the results and the filter column arrive
    in room kept for them (cumulative layout shift under 0.1, Lighthouse's "good"), on a desktop and
    a phone screen; the Tag filter lists only tags several articles share."""
    from generator.build import build
    from generator.config import SiteConfig

    output = tmp_path / "site"
    build(ROOT / "tests" / "fixtures" / "summaries" / "articles", output, SiteConfig(), ROOT / "templates")
    with serve_folder(output, headers=netlify_headers(ROOT / "netlify.toml")) as base_url, \
            chromium.page(timeout_ms=WAIT_MS) as (page, _errors):
        page.set_viewport_size({"width": width, "height": 900})
        page.add_init_script(CLS_WATCH)
        page.goto(f"{base_url}/search/?q=government", wait_until="load")
        page.locator(RESULT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_timeout(1500)  # let late filters and excerpts settle
        assert page.evaluate("window.__cls") < 0.1
        tags = page.eval_on_selector_all("input.pagefind-ui__filter-checkbox[name='tag']", "els => els.length")
        feed = json.loads((output / "feed.json").read_text(encoding="utf-8"))
        shared = {t for t, n in Counter(t for i in feed["items"] for t in i["tags"]).items() if n >= 3}
        assert tags <= len(shared)
