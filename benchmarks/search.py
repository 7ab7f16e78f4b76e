"""What a reader's search costs on built sites: time until results show, and requests made.

Usage: python benchmarks/search.py SITE [SITE ...] [--words W ...] [--rounds N] [--latency MS]

Each SITE is a built site folder (``site/``). It is served over HTTP and opened in headless
Chromium (the Debian package, as the browser tests use it) at ``/search/?q=WORD``, in a fresh
browser context each time, once in relevance order and once newest first (``&sort=date``, which
asks every search shard on its own). For each site and order it prints the search shards the
site has, the median, least and greatest time from navigation until the first result shows, and
the median number of requests and kilobytes the page fetched. ``--latency MS`` adds that much
round-trip time to every request (Chromium's network emulation), to see what more shards cost
over a slow link; the local server speaks HTTP/1.1, so requests beyond six at once queue, where
an HTTP/2 host (Netlify) sends them side by side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch_chromium, require_chromium, serve_folder

WORDS = ("economy", "minister", "football", "oil prices", "election")
RESULT = ".pagefind-ui__result"


def shards(site: Path) -> int:
    """How many Pagefind bundles the site's search merges."""
    root = site / "pagefind"
    return 1 + sum(1 for _ in root.glob("shard-*")) if root.is_dir() else 0


def one_search(browser: object, url: str, latency_ms: float) -> tuple[float, int, int]:
    """Seconds until the first result shows at ``url``, and the requests and bytes it took."""
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        if latency_ms:
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                              "downloadThroughput": -1, "uploadThroughput": -1})
        counts = [0, 0]

        def finished(request: object) -> None:
            counts[0] += 1
            sizes = request.sizes()  # type: ignore[attr-defined]
            counts[1] += sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)

        page.on("requestfinished", finished)
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        page.wait_for_selector(RESULT, timeout=60_000)
        return time.perf_counter() - start, counts[0], counts[1]
    finally:
        context.close()


def main() -> int:
    """Measure each site given; print one line per site and order."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--words", nargs="+", default=list(WORDS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.0, help="added round-trip milliseconds per request")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, require_chromium())
        try:
            for site in args.sites:
                with serve_folder(site) as base:
                    for order in ("relevance", "date"):
                        suffix = "&sort=date" if order == "date" else ""
                        runs = [one_search(browser, f"{base}/search/?q={word}{suffix}", args.latency)
                                for _ in range(args.rounds) for word in args.words]
                        seconds = [r[0] * 1000 for r in runs]
                        print(f"{site}: {shards(site)} shards, {order:9s} first result "
                              f"{statistics.median(seconds):.0f} ms (range {min(seconds):.0f}-{max(seconds):.0f}), "
                              f"{statistics.median(r[1] for r in runs):.0f} requests, "
                              f"{statistics.median(r[2] for r in runs) / 1024:.0f} KB")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
