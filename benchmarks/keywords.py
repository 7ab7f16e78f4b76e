"""Keyword quality: build a labelled set and print P/R/F1@10 of the feed's ranked tags.

Usage: python benchmarks/keywords.py ARTICLES_DIR GOLD_JSON

GOLD_JSON maps file names to gold keyphrases, as ``{"gold": {name: [...]}}`` (the layout of
``../shared/eval/keywords-dev/gold.json`` and ``tests/fixtures/keywords/gold.json``).
Needs nltk (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus_build import build_feed
from benchmarks.metrics import keywords_f1_at


def score(articles: Path, gold_file: Path, k: int = 10) -> tuple[float, float, float, int]:
    """Macro P@k, R@k, F1@k over the gold documents, and how many documents were scored."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))["gold"]
    tags = {i["_briefing"]["source_file"].rsplit("/", 1)[-1]: i["tags"] for i in build_feed(articles)}
    rows = [keywords_f1_at(tags.get(name, []), phrases, k) for name, phrases in gold.items()]
    n = max(1, len(rows))
    return sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n, len(rows)


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path)
    parser.add_argument("gold", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    p, r, f, n = score(args.articles, args.gold)
    print(f"{args.articles}: {n} documents, {time.perf_counter() - start:.1f}s")
    print(f"P@10 {p:.4f}  R@10 {r:.4f}  F1@10 {f:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
