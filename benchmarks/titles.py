"""Written titles against the real headlines: how well a title written for an untitled file reads.

Usage: python benchmarks/titles.py [ARTICLES_DIR ...]

Each file of a folder is a headline, a blank line and the article (the layout of
``../shared/eval/summaries-dev/articles``, ``tags-dev/articles`` and ``keywords-dev/articles``,
the defaults). The headlines are taken off, the bodies are built as untitled plain-text files,
and each title the build writes is scored against the headline the outlet gave it: ROUGE-1
precision, recall and F1 (stemmed), the mean length in words, and the share made of keywords
because no sentence or clause of the opening would do. The figures are printed for the whole
folder and for its two halves (by a hash of the file name), so a change is judged on one half
and confirmed on the other.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus_build import build_feed

DEFAULTS = [ROOT.parent / "shared" / "eval" / name / "articles" for name in ("summaries-dev", "tags-dev", "keywords-dev")]


def half_of(name: str) -> str:
    """The half ("A" or "B") a file belongs to, by a hash of its name."""
    return "A" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "B"


def written_titles(folder: Path) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Each file's real headline and the title the build writes for its body alone; and the
    titles made of the article's leading keywords (the last resort of
    :func:`generator.enrich.title.write_title`)."""
    headlines: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp) / "content"
        bodies.mkdir()
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            headline, _, body = path.read_text(encoding="utf-8", errors="replace").strip().partition("\n\n")
            if not body.strip():
                continue
            headlines[path.stem] = " ".join(headline.split())
            (bodies / f"{path.stem}.txt").write_text(body.strip() + "\n", encoding="utf-8")
        items = build_feed(bodies)
    titles = {Path(i["_briefing"]["source_file"]).stem: (headlines[Path(i["_briefing"]["source_file"]).stem], i["title"])
              for i in items}
    return titles, {i["title"] for i in items if i["title"].lower() in {_listed(i["tags"][:n]).lower() for n in (1, 2, 3)}}


def _listed(tags: list[str]) -> str:
    """Keywords listed as a title lists them: "a, b and c"."""
    return ", ".join(tags[:-1]) + " and " + tags[-1] if len(tags) > 1 else "".join(tags)


def scores(pairs: list[tuple[str, str]], keyword_titles: set[str]) -> str:
    """ROUGE-1 P/R/F1, mean words and the share made of keywords, as one line."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    found = [scorer.score(real, written)["rouge1"] for real, written in pairs]
    return (f"P {100 * statistics.mean(s.precision for s in found):5.1f}  "
            f"R {100 * statistics.mean(s.recall for s in found):5.1f}  "
            f"F1 {100 * statistics.mean(s.fmeasure for s in found):5.1f}  "
            f"words {statistics.mean(len(w.split()) for _r, w in pairs):4.1f}  "
            f"keywords {100 * sum(w in keyword_titles for _r, w in pairs) / len(pairs):4.1f}%  (n={len(pairs)})")


def main() -> int:
    """Score the written titles of each folder given (or of the three labelled sets)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--show", type=int, default=0, help="print this many titles of each folder beside their headlines")
    args = parser.parse_args()
    for folder in args.folders:
        titles, keyword_titles = written_titles(folder)
        print(folder.parent.name if folder.name == "articles" else folder.name)
        print(f"  all  {scores(list(titles.values()), keyword_titles)}")
        for half in "AB":
            print(f"  {half}    {scores([t for n, t in titles.items() if half_of(n) == half], keyword_titles)}")
        for name, (real, written) in sorted(titles.items())[: args.show]:
            print(f"    {name}: {real!r} | {written!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
