"""Summary quality: build a labelled set and print ROUGE-1/2/L F1 of the feed's summaries.

Usage: python benchmarks/summaries.py ARTICLES_DIR REFS_JSON

REFS_JSON holds ``{"refs": {name: reference summary}}`` (the layout of
``../shared/eval/summaries-dev/refs.json`` and ``tests/fixtures/summaries/refs.json``).
Needs rouge-score (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus_build import build_feed
from benchmarks.metrics import rouge


def score(articles: Path, refs_file: Path) -> tuple[dict[str, float], float, int]:
    """Mean ROUGE F1 (x100), mean summary sentences, and how many documents were scored."""
    refs = json.loads(refs_file.read_text(encoding="utf-8"))["refs"]
    items = {i["_briefing"]["source_file"].rsplit("/", 1)[-1]: i for i in build_feed(articles)}
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    sentences = 0
    for name, reference in refs.items():
        item = items.get(name)
        summary = item["summary"] if item else ""
        sentences += len(item["_briefing"].get("summary_sentences", [])) if item else 0
        for key, value in rouge(summary, reference).items():
            totals[key] += value
    n = max(1, len(refs))
    return {k: v / n for k, v in totals.items()}, sentences / n, len(refs)


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path)
    parser.add_argument("refs", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    figures, sentences, n = score(args.articles, args.refs)
    print(f"{args.articles}: {n} documents, {sentences:.1f} sentences a summary, {time.perf_counter() - start:.1f}s")
    print("  ".join(f"{k.upper()} {v:.2f}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
