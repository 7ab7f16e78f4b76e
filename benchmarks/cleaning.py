"""Cleaning quality: build a labelled set and print shingle F1 per format.

Usage: python benchmarks/cleaning.py MANIFEST [--cases]

MANIFEST is a JSON file with ``cases``: ``{"id", "input", "format", "truth"}``, paths relative
to the manifest's folder (the layout of ``../shared/eval/cleaning-dev/manifest.json``,
``../shared/eval/seeds-truth/manifest.json`` with ``--inputs ../shared/seeds``, and
``tests/fixtures/cleaning/manifest.json``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.metrics import CaseScore, corpus_f1, score_case
from generator.build import build
from generator.config import SiteConfig


def run(manifest: Path, inputs: Path | None) -> list[tuple[dict[str, str], CaseScore]]:
    """Build the manifest's inputs and score every case against its truth."""
    cases = json.loads(manifest.read_text(encoding="utf-8"))["cases"]
    base = manifest.parent
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        for case in cases:
            source = (inputs / case["input"]) if inputs else base / case["input"]
            shutil.copyfile(source, content / Path(case["input"]).name)
        build(content, Path(tmp) / "site", SiteConfig(), ROOT / "templates")
        feed = json.loads((Path(tmp) / "site" / "feed.json").read_text(encoding="utf-8"))
    texts = {item["_briefing"]["source_file"]: item["content_text"] for item in feed["items"]}
    scored = []
    for case in cases:
        truth = (base / case["truth"]).read_text(encoding="utf-8")
        scored.append((case, score_case(truth, texts.get(Path(case["input"]).name, ""))))
    return scored


def main() -> int:
    """Print per-case (with ``--cases``) and per-format precision, recall and F1."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--inputs", type=Path, help="folder holding the inputs, if not beside the manifest")
    parser.add_argument("--cases", action="store_true", help="also print every case")
    args = parser.parse_args()
    start = time.perf_counter()
    scored = run(args.manifest, args.inputs)
    seconds = time.perf_counter() - start
    if args.cases:
        print(f"{'case':<24}{'format':<13}{'F1':>7}{'P':>7}{'R':>7}")
        for case, s in scored:
            print(f"{case['id']:<24}{case['format']:<13}{s.f1:>7.3f}{s.precision:>7.3f}{s.recall:>7.3f}")
    groups: dict[str, list[CaseScore]] = defaultdict(list)
    for case, s in scored:
        groups[case["format"]].append(s)
        groups["overall"].append(s)
    print(f"{args.manifest}: {len(scored)} cases, built and scored in {seconds:.1f}s")
    print(f"{'format':<13}{'n':>4}{'F1':>8}{'P':>8}{'R':>8}")
    for name in ["overall"] + sorted(k for k in groups if k != "overall"):
        p, r, f = corpus_f1(groups[name])
        print(f"{name:<13}{len(groups[name]):>4}{f:>8.3f}{p:>8.3f}{r:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
