"""Time searches on a built site in headless Chromium: page load to results, by relevance and by date.

Usage: python benchmarks/search_latency.py SITE [--query WORD ...] [--runs N] [--latency MS]

Each run opens ``/search/?q=WORD`` (and ``&sort=date``) in a fresh browser context, so the index
loads from the site each time, and times the wait until the page says how many results it found;
it also counts the requests the page made and the kilobytes they fetched (each search shard is an
index of its own, and a search fetches the word's index chunk from every one). On a sharded site
the date order asks every shard (see ``generator/search.py``), so this shows what that costs
against Pagefind's own merge. ``--latency MS`` adds that much round-trip time to every request
(Chromium's network emulation); the local server speaks HTTP/1.1, so more than six requests at
once queue, where an HTTP/2 host sends them side by side. Debian's Chromium, as the browser tests use it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch_chromium, netlify_headers, require_chromium, serve_folder

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Request

def _slow_down(context: BrowserContext, page: Page, latency_ms: float) -> None:
    """Add ``latency_ms`` of round-trip time to every request ``page`` makes (none when 0)."""
    if latency_ms:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions",
                     {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1})


def _count(fetched: list[int], request: Request) -> None:
    """Add a finished request and its response's bytes to ``fetched`` (requests, bytes)."""
    sizes = request.sizes()
    fetched[0] += 1
    fetched[1] += sizes["responseBodySize"] + sizes["responseHeadersSize"]


DONE = "() => / results? for /.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"


def main() -> int:
    """Print the median and range of each query's time to results, by relevance and by date."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", nargs="+", default=["government", "oil", "election"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.0, help="round-trip milliseconds added to each request")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    shards = 1 + sum(1 for _ in (args.site / "pagefind").glob("shard-*"))
    print(f"{args.site}: {shards} search shard{'s' * (shards != 1)}")
    with serve_folder(args.site, headers=netlify_headers(ROOT / "netlify.toml")) as base, sync_playwright() as pw:
        browser = launch_chromium(pw, require_chromium())
        try:
            for query in args.query:
                for order, suffix in (("relevance", ""), ("date", "&sort=date")):
                    times, said, fetched = [], "", [0, 0]
                    for _ in range(args.runs):
                        context = browser.new_context()
                        page = context.new_page()
                        _slow_down(context, page, args.latency)
                        page.on("requestfinished", partial(_count, fetched))
                        start = time.perf_counter()
                        page.goto(f"{base}/search/?q={query}{suffix}", wait_until="load")
                        page.wait_for_function(DONE, timeout=60_000)
                        times.append(1000 * (time.perf_counter() - start))
                        said = page.text_content(".pagefind-ui__message") or ""
                        context.close()
                    print(f"  {query:<12} {order:<9} median {statistics.median(times):5.0f} ms "
                          f"(range {min(times):.0f}-{max(times):.0f}), {fetched[0] / args.runs:.0f} requests "
                          f"{fetched[1] / args.runs / 1024:.0f} KB  {said}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
