"""Cleaning quality: build a labelled set and print shingle F1 per format, and how many titles
were found (when the manifest gives each page's title).

Usage: python benchmarks/cleaning.py MANIFEST [--cases]

A title counts as found when, letters and digits compared, it is the page's title or a part of it
(page titles often add the site's name: "Headline | Site").

MANIFEST is a JSON file with ``cases``: ``{"id", "input", "format", "truth"}``, paths relative
to the manifest's folder (the layout of ``../shared/eval/cleaning-dev/manifest.json``,
``../shared/eval/seeds-truth/manifest.json`` with ``--inputs ../shared/seeds``, and
``tests/fixtures/cleaning/manifest.json``).
"""

from __future__ import annotations

import argparse
import json
import re
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


def title_found(found: str, page_title: str) -> bool:
    """Whether ``found`` is the page's title or a part of it, letters and digits compared."""
    def norm(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))
    return bool(norm(found)) and norm(found) in norm(page_title)


def run(manifest: Path, inputs: Path | None) -> list[tuple[dict[str, str], CaseScore, bool | None]]:
    """Build the manifest's inputs and score every case against its truth (and its title, when known)."""
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
    titles = {item["_briefing"]["source_file"]: item["title"] for item in feed["items"]}
    scored = []
    for case in cases:
        truth = (base / case["truth"]).read_text(encoding="utf-8")
        name = Path(case["input"]).name
        found = title_found(titles.get(name, ""), case["title"]) if case.get("title") else None
        scored.append((case, score_case(truth, texts.get(name, "")), found))
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
        print(f"{'case':<24}{'format':<13}{'F1':>7}{'P':>7}{'R':>7}  title")
        for case, s, found in scored:
            mark = {True: "found", False: "missed", None: ""}[found]
            print(f"{case['id']:<24}{case['format']:<13}{s.f1:>7.3f}{s.precision:>7.3f}{s.recall:>7.3f}  {mark}")
    groups: dict[str, list[tuple[CaseScore, bool | None]]] = defaultdict(list)
    for case, s, found in scored:
        groups[case["format"]].append((s, found))
        groups["overall"].append((s, found))
    print(f"{args.manifest}: {len(scored)} cases, built and scored in {seconds:.1f}s")
    print(f"{'format':<13}{'n':>4}{'F1':>8}{'P':>8}{'R':>8}{'titles':>9}")
    for name in ["overall"] + sorted(k for k in groups if k != "overall"):
        p, r, f = corpus_f1([s for s, _found in groups[name]])
        known = [found for _s, found in groups[name] if found is not None]
        titles = f"{sum(known)}/{len(known)}" if known else "-"
        print(f"{name:<13}{len(groups[name]):>4}{f:>8.3f}{p:>8.3f}{r:>8.3f}{titles:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
