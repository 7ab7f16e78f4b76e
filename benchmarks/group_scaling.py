"""Time the group stage (stage 5) as the corpus grows: seconds, milliseconds an article, hubs.

Usage: python benchmarks/group_scaling.py CONTENT_DIR [--sizes 1000 2500 5000 10000] [--cache DIR]

The folder's articles go through stages 1–4 once (kept in ``--cache`` between runs, by default
``.briefing/bench-cache``); then :func:`generator.group.group` runs on the first N of them (in
file order) for each size. A linear stage keeps its milliseconds an article flat. For a
corpus, write one with ``benchmarks/corpus.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.articles import run_articles
from generator.cache import ArticleCache
from generator.config import SiteConfig, cleaning_rules
from generator.discover import discover
from generator.group import group


def main() -> int:
    """Parse the folder once, then time the group stage at each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000, 10000])
    parser.add_argument("--cache", default=str(ROOT / ".briefing" / "bench-cache"))
    args = parser.parse_args()
    config = SiteConfig()
    sources, _problems = discover(Path(args.content).resolve(), config.max_file_bytes)
    run = run_articles(sources, config, cleaning_rules(config), ArticleCache(Path(args.cache), config),
                       os.cpu_count() or 1)
    articles = sorted(run.articles, key=lambda a: a.source_file)
    gc.freeze()  # as the build does during stage 5: collections skip the loaded articles
    group(articles[:50], config)  # warm the word-frequency tables
    print(f"{args.content}: {len(articles)} articles")
    print(f"{'articles':>9}{'group s':>9}{'ms/article':>12}{'hubs':>7}{'largest hub':>13}")
    for size in (s for s in args.sizes if s <= len(articles)):
        start = time.perf_counter()
        site = group(articles[:size], config)
        seconds = time.perf_counter() - start
        largest = max((len(h.articles) for h in site.hubs.values()), default=0)
        print(f"{size:>9}{seconds:>9.2f}{1000 * seconds / size:>12.2f}{len(site.hubs):>7}"
              f"{largest:>7} ({100 * largest / size:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
