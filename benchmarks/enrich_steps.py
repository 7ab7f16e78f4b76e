"""Where an article's CPU goes: parse, clean and enrich per article, and each step of enrich.

Usage: python benchmarks/enrich_steps.py [CONTENT_DIR] [--articles N]

The articles go through parse, clean and enrich one at a time in this process, as a build's
worker takes them (:func:`generator.articles.process`), after one that warms the caches and
is not counted. Each step that :func:`generator.enrich.stage.enrich` calls is timed for the run
by a wrapper around it. Prints milliseconds an article: the three stages, then each step of
enrich, largest first (a step that calls another counts it too: the summary's sentences, say).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import generator.articles as articles
import generator.enrich.stage as stage
from generator.config import load
from generator.discover import discover

STEPS = ("key_phrases", "extract_candidates", "summarise", "name_terms", "comparison_terms", "brief_candidates",
         "fingerprint", "paragraph_sentences", "tokens", "sentence_tokens", "plain_tokens", "write_title",
         "sentence_case", "surname_evidence", "brief_digest", "word_count", "article_slug")


def timed(name: str, step: Callable[..., Any], totals: dict[str, float]) -> Callable[..., Any]:
    """``step``, adding the seconds each call takes to ``totals[name]``."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - start
    return wrapper


def main() -> int:
    """Run the articles of a folder through the per-article stages and print where the time goes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--articles", type=int, default=600, help="how many of the folder's files to run")
    args = parser.parse_args()
    config = load(ROOT)
    sources, _problems = discover(Path(args.content), config.max_file_bytes)
    sources = sources[: args.articles + 1]
    if len(sources) < 2:
        print(f"{args.content}: too few articles to time", file=sys.stderr)
        return 1
    steps: dict[str, float] = {}
    for name in STEPS:
        if hasattr(stage, name):
            setattr(stage, name, timed(name, getattr(stage, name), steps))
    articles.process(sources[0], config, None)  # warms the word tables and the YAKE port
    steps.clear()
    stages: dict[str, float] = {}
    for source in sources[1:]:
        _result, seconds = articles.process(source, config, None)
        for name, value in seconds.items():
            stages[name] = stages.get(name, 0.0) + value
    count = len(sources) - 1
    print(f"{args.content}: {count} articles, ms an article")
    for name, value in stages.items():
        print(f"  {name:<22}{value / count * 1000:8.3f}")
    print(f"  {'all three':<22}{sum(stages.values()) / count * 1000:8.3f}")
    print("enrich steps:")
    for name, value in sorted(steps.items(), key=lambda item: -item[1]):
        print(f"  {name:<22}{value / count * 1000:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
