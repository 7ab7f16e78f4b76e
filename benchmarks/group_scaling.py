"""Time the group stage (stage 5) as the corpus grows: seconds, milliseconds an article, hubs.

Usage: python benchmarks/group_scaling.py CONTENT_DIR [--sizes 1000 2500 5000 10000] [--cache DIR] [--runs N]

The folder's articles go through stages 1–4 once (kept in ``--cache`` between runs, by default
``.briefing/bench-cache``); then :func:`generator.group.group` runs on the first N of them (in
file order) for each size, ``--runs`` times (the sizes in turn each round, so a busy spell of the
machine touches every size alike); each size's median is printed with the fastest and slowest
run. A linear stage keeps its milliseconds an article flat. For a corpus, write one with
``benchmarks/corpus.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
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
    parser.add_argument("--runs", type=int, default=1, help="rounds of every size; the median is printed")
    args = parser.parse_args()
    config = SiteConfig()
    sources, _problems = discover(Path(args.content).resolve(), config.max_file_bytes)
    run = run_articles(sources, config, cleaning_rules(config), ArticleCache(Path(args.cache), config),
                       os.cpu_count() or 1)
    articles = sorted(run.articles, key=lambda a: a.source_file)
    gc.freeze()  # as the build does during stage 5: collections skip the loaded articles
    group(articles[:50], config)  # warm the word-frequency tables
    print(f"{args.content}: {len(articles)} articles")
    sizes = [s for s in args.sizes if s <= len(articles)]
    seconds: dict[int, list[float]] = {size: [] for size in sizes}
    hubs: dict[int, tuple[int, int]] = {}
    for _round in range(args.runs):
        for size in sizes:
            start = time.perf_counter()
            site = group(articles[:size], config)
            seconds[size].append(time.perf_counter() - start)
            hubs[size] = (len(site.hubs), max((len(h.articles) for h in site.hubs.values()), default=0))
    print(f"{'articles':>9}{'group s':>9}{'(fastest–slowest)':>19}{'ms/article':>12}{'hubs':>7}{'largest hub':>13}")
    for size in sizes:
        median = statistics.median(seconds[size])
        count, largest = hubs[size]
        print(f"{size:>9}{median:>9.2f}{f'({min(seconds[size]):.2f}–{max(seconds[size]):.2f})':>19}"
              f"{1000 * median / size:>12.2f}{count:>7}{largest:>7} ({100 * largest / size:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
