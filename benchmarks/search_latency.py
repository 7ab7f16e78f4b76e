"""Time searches on a built site in headless Chromium: page load to results, by relevance and by date.

Usage: python benchmarks/search_latency.py SITE [--query WORD ...] [--runs N]

Each run opens ``/search/?q=WORD`` (and ``&sort=date``) in a fresh browser context, so the index
loads from the site each time, and times the wait until the page says how many results it found.
On a sharded site the date order asks every shard (see ``generator/search.py``), so this shows
what that costs against Pagefind's own merge. Debian's Chromium, as the browser tests use it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch_chromium, netlify_headers, require_chromium, serve_folder

DONE = "() => / results? for /.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"


def main() -> int:
    """Print the median and range of each query's time to results, by relevance and by date."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", nargs="+", default=["government", "oil", "election"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    shards = 1 + sum(1 for _ in (args.site / "pagefind").glob("shard-*"))
    print(f"{args.site}: {shards} search shard{'s' * (shards != 1)}")
    with serve_folder(args.site, headers=netlify_headers(ROOT / "netlify.toml")) as base, sync_playwright() as pw:
        browser = launch_chromium(pw, require_chromium())
        try:
            for query in args.query:
                for order, suffix in (("relevance", ""), ("date", "&sort=date")):
                    times, said = [], ""
                    for _ in range(args.runs):
                        context = browser.new_context()
                        page = context.new_page()
                        start = time.perf_counter()
                        page.goto(f"{base}/search/?q={query}{suffix}", wait_until="load")
                        page.wait_for_function(DONE, timeout=60_000)
                        times.append(1000 * (time.perf_counter() - start))
                        said = page.text_content(".pagefind-ui__message") or ""
                        context.close()
                    print(f"  {query:<12} {order:<9} median {statistics.median(times):5.0f} ms "
                          f"(range {min(times):.0f}-{max(times):.0f})  {said}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
