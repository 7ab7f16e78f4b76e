"""Cleaning quality: build labelled sets and print shingle F1 per format, the worst pages, the
pages that lost text, the pages refused, and how many titles were found.

Usage: python benchmarks/cleaning.py [MANIFEST[=INPUTS] ...] [--cases] [--worst N]

With no manifest it scores ``../shared/eval/cleaning-dev``, ``cleaning-dev2`` and
``seeds-truth`` (whose inputs are ``../shared/seeds``), each on its own and all together. A
MANIFEST is a JSON file with ``cases``: ``{"id", "input", "format", "truth"}``, paths relative
to the manifest's folder, or to ``INPUTS`` (or the manifest's ``input_dir_default``) for the
inputs (the layout of ``../shared/eval/cleaning-dev/manifest.json`` and
``tests/fixtures/cleaning/manifest.json``).

A title counts as found when, letters and digits compared, it is the page's title or a part of it
(page titles often add the site's name: "Headline | Site").
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

EVAL = ROOT.parent / "shared" / "eval"
LOST_RECALL = 5 / 6  # a page under this recall lost more than a sixth of its article


def title_found(found: str, page_title: str) -> bool:
    """Whether ``found`` is the page's title or a part of it, letters and digits compared."""
    def norm(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))
    return bool(norm(found)) and norm(found) in norm(page_title)


def inputs_of(manifest: Path, given: Path | None) -> Path:
    """Where a manifest's inputs are: the folder given, the manifest's ``input_dir_default``
    (beside the manifest or its parent), or the manifest's folder."""
    if given:
        return given
    default = json.loads(manifest.read_text(encoding="utf-8")).get("input_dir_default")
    for base in (manifest.parent, manifest.parent.parent):
        if default and (base / default).is_dir():
            return base / default
    return manifest.parent


Scored = list[tuple[dict[str, str], CaseScore, "bool | None"]]


def run(manifest: Path, inputs: Path) -> tuple[Scored, list[str]]:
    """Build the manifest's inputs and score every case against its truth (and its title, when
    known); also the problems the build reported."""
    cases = json.loads(manifest.read_text(encoding="utf-8"))["cases"]
    base = manifest.parent
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        for case in cases:
            shutil.copyfile(inputs / case["input"], content / Path(case["input"]).name)
        result = build(content, Path(tmp) / "site", SiteConfig(), ROOT / "templates")
        feed = json.loads((Path(tmp) / "site" / "feed.json").read_text(encoding="utf-8"))
    texts = {item["_briefing"]["source_file"]: item["content_text"] for item in feed["items"]}
    titles = {item["_briefing"]["source_file"]: item["title"] for item in feed["items"]}
    scored: Scored = []
    for case in cases:
        truth = (base / case["truth"]).read_text(encoding="utf-8")
        name = Path(case["input"]).name
        found = title_found(titles.get(name, ""), case["title"]) if case.get("title") else None
        scored.append((case, score_case(truth, texts.get(name, "")), found))
    return scored, [f"{p.file}: {p.stage}: {p.reason}" for p in result.problems]


def table(label: str, scored: Scored) -> None:
    """Per-format precision, recall, F1 and titles found."""
    groups: dict[str, list[tuple[CaseScore, bool | None]]] = defaultdict(list)
    for case, s, found in scored:
        groups[case["format"]].append((s, found))
        groups["overall"].append((s, found))
    print(f"{label}: {len(scored)} cases")
    print(f"  {'format':<13}{'n':>4}{'F1':>8}{'P':>8}{'R':>8}{'titles':>9}")
    for name in ["overall", *sorted(k for k in groups if k != "overall")]:
        p, r, f = corpus_f1([s for s, _found in groups[name]])
        known = [found for _s, found in groups[name] if found is not None]
        titles = f"{sum(known)}/{len(known)}" if known else "-"
        print(f"  {name:<13}{len(groups[name]):>4}{f:>8.3f}{p:>8.3f}{r:>8.3f}{titles:>9}")


def main() -> int:
    """Print per-format figures for each manifest and for all together, and the worst pages."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("manifests", nargs="*", help="MANIFEST or MANIFEST=INPUTS")
    parser.add_argument("--cases", action="store_true", help="also print every case")
    parser.add_argument("--worst", type=int, default=5, help="how many of the worst pages to print")
    args = parser.parse_args()
    given = args.manifests or [str(EVAL / "cleaning-dev" / "manifest.json"), str(EVAL / "cleaning-dev2" / "manifest.json"),
                               str(EVAL / "seeds-truth" / "manifest.json")]
    everything: Scored = []
    start = time.perf_counter()
    for spec in given:
        path, _, inputs = spec.partition("=")
        manifest = Path(path)
        scored, problems = run(manifest, inputs_of(manifest, Path(inputs) if inputs else None))
        everything += [({**case, "id": f"{manifest.parent.name}/{case['id']}"}, s, found) for case, s, found in scored]
        table(str(manifest.parent.name), scored)
        for problem in problems:
            print(f"  problem: {problem}")
        if args.cases:
            for case, s, found in scored:
                mark = {True: "found", False: "missed", None: ""}[found]
                print(f"  {case['id']:<24}{case['format']:<13}{s.f1:>7.3f}{s.precision:>7.3f}{s.recall:>7.3f}  {mark}")
    if len(given) > 1:
        table("all together", everything)
    print(f"worst {args.worst} pages (F1, P, R):")
    for case, s, _found in sorted(everything, key=lambda t: t[1].f1)[: args.worst]:
        print(f"  {case['id']:<28}{case['format']:<13}{s.f1:>7.3f}{s.precision:>7.3f}{s.recall:>7.3f}")
    lost = [case["id"] for case, s, _f in everything if s.recall < LOST_RECALL]
    print(f"pages that lost more than a sixth of their text (recall < 5/6): {len(lost)} {' '.join(lost)}")
    print(f"built and scored in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
