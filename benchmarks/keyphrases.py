"""YAKE key phrases: the project's YAKE (yake-rust scoring, see generator/enrich/phrases.py)
beside the reference ``yake`` package on the same texts: agreement and milliseconds per text.

Usage: python benchmarks/keyphrases.py ARTICLES_DIR [ARTICLES_DIR ...]

Each .txt, .md or .html file's first 1,500 characters are read as the build's YAKE reads an
article's lead (HTML is read as text: both sides see the same characters). Prints, over all
files: how many get the same top-30 set as the reference, the mean Jaccard overlap of the two
sets, how many get the same ranked list, and the time per text of each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yake

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.enrich import phrases


def leads(folders: list[Path]) -> list[str]:
    """The first 1,500 characters of every article file under ``folders``."""
    files = sorted(f for folder in folders for f in folder.rglob("*") if f.suffix in {".txt", ".md", ".html"})
    return [f.read_text(encoding="utf-8", errors="replace")[: phrases.YAKE_CHARS] for f in files]


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args()
    texts = leads(args.folders)
    if not texts:
        raise SystemExit("no .txt, .md or .html files found")
    reference = yake.KeywordExtractor(lan="en", n=phrases.NGRAMS, top=phrases.PHRASES, dedup_lim=phrases.DEDUP_LIMIT)
    for text in texts[:10]:  # warm both up: stop words, caches
        reference.extract_keywords(text)
        phrases.yake_phrases(text, "en")
    start = time.perf_counter()
    theirs = [[p.lower() for p, _s in reference.extract_keywords(t)] for t in texts]
    reference_ms = (time.perf_counter() - start) / len(texts) * 1000
    start = time.perf_counter()
    ours = [[p.lower() for p, _s in phrases.yake_phrases(t, "en")] for t in texts]
    ours_ms = (time.perf_counter() - start) / len(texts) * 1000
    same_set = sum(set(a) == set(b) for a, b in zip(ours, theirs, strict=True))
    same_list = sum(a == b for a, b in zip(ours, theirs, strict=True))
    jaccard = sum(len(set(a) & set(b)) / max(1, len(set(a) | set(b))) for a, b in zip(ours, theirs, strict=True)) / len(texts)
    print(f"{len(texts)} texts, top {phrases.PHRASES} phrases of up to {phrases.NGRAMS} words")
    print(f"same set as the reference: {same_set}/{len(texts)}; mean Jaccard {jaccard:.4f}; "
          f"same ranked list: {same_list}/{len(texts)}")
    print(f"ms per text: reference yake {reference_ms:.2f}, ours {ours_ms:.2f} ({reference_ms / ours_ms:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
