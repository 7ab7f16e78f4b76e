"""Time each pipeline stage on a content folder: median and spread over several cold builds, and
the per-article CPU (parse, clean and enrich in one process, in ms an article).

Usage: python benchmarks/stages.py [CONTENT_DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import get_args

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build
from generator.config import load
from generator.model import Stage

STAGES = get_args(Stage)  # in pipeline order: discover, parse, clean, enrich, group, render, write, search


def main() -> int:
    """Build the folder ``--runs`` times and print seconds per stage."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = load(ROOT)
    samples: dict[str, list[float]] = {s: [] for s in (*STAGES[:4], "articles_wall", *STAGES[4:])}
    totals: list[float] = []
    published = 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            result = build(Path(args.content), Path(tmp) / "site", config, ROOT / config.templates)
        published = len(result.published)
        for stage, seconds in result.timings.items():
            samples[stage].append(seconds)
        totals.append(sum(v for k, v in result.timings.items() if k not in ("parse", "clean", "enrich")))
    print(f"{args.content}: {published} articles, {args.runs} cold builds")
    print(f"{'stage':<10}{'median s':>10}{'min s':>10}{'max s':>10}")
    for stage, values in samples.items():
        print(f"{stage:<10}{statistics.median(values):>10.4f}{min(values):>10.4f}{max(values):>10.4f}")
    print(f"{'total':<10}{statistics.median(totals):>10.4f}{min(totals):>10.4f}{max(totals):>10.4f}")
    per_article = [sum(samples[s][run] for s in STAGES[1:4]) / max(1, published) * 1000 for run in range(args.runs)]
    print(f"per-article CPU (parse + clean + enrich, one process): median {statistics.median(per_article):.2f} ms, "
          f"best {min(per_article):.2f} ms an article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
