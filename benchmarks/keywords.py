"""Tag quality: build labelled sets and print how the feed's ranked tags match their gold.

Usage: python benchmarks/keywords.py [ARTICLES_DIR GOLD_JSON ...]

With no arguments it scores ``../shared/eval/tags-dev`` (DUC-2001, reader-assigned keyphrases)
and ``../shared/eval/keywords-dev`` (500N-KPCrowd). GOLD_JSON maps document ids (file names,
with or without the extension) to gold keyphrases, either directly or under ``"gold"``. For
each set it prints exact and partial F1@5 and F1@10 (the keyphrase protocol: lower case,
Porter stems), the same for the two halves the keyword ranker is trained and held back on
(``benchmarks/train_keywords.py``), and the junk share: tags that are a lone common lower-case
word the article never capitalises (the shared ``junk_tags.py`` rule). Needs nltk
(``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus_build import build_feed
from benchmarks.metrics import junk_tags, tag_scores
from benchmarks.train_keywords import half

EVAL = ROOT.parent / "shared" / "eval"
DEFAULT = [(EVAL / "tags-dev" / "articles", EVAL / "tags-dev" / "gold.json"),
           (EVAL / "keywords-dev" / "articles", EVAL / "keywords-dev" / "gold.json")]


def score(articles: Path, gold_file: Path) -> dict[str, float]:
    """Exact and partial F1@5/@10 over the gold documents (macro), exact F1@10 per half, the
    junk share and the single-word share of the tags, and how many documents were scored."""
    raw = json.loads(gold_file.read_text(encoding="utf-8"))
    gold = {k.rsplit(".", 1)[0] if k.endswith((".txt", ".md", ".html")) else k: v
            for k, v in raw.get("gold", raw).items()}
    items = build_feed(articles)
    tags = {Path(i["_briefing"]["source_file"]).stem: i["tags"] for i in items}
    bodies = {Path(i["_briefing"]["source_file"]).stem: i["content_text"] for i in items}
    rows = {d: {**{f"{m}@5": v for m, v in tag_scores(tags.get(d, []), g, 5).items()},
                **{f"{m}@10": v for m, v in tag_scores(tags.get(d, []), g, 10).items()}} for d, g in gold.items()}
    out = {name: statistics.fmean(r[name] for r in rows.values()) for name in next(iter(rows.values()))}
    for h in (0, 1):
        part = [r["exact_f1@10"] for d, r in rows.items() if half(d) == h]
        out[f"exact_f1@10_half_{'ab'[h]}"] = statistics.fmean(part) if part else 0.0
    every = [t for d in tags for t in tags[d]]
    out["junk_share"] = sum(junk_tags(tags[d], bodies[d]) for d in tags) / max(1, len(every))
    out["single_word_share"] = sum(1 for t in every if len(t.split()) == 1) / max(1, len(every))
    out["documents"] = float(len(rows))
    return out


def main() -> int:
    """Print the figures for each set."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", type=Path, help="ARTICLES_DIR GOLD_JSON pairs")
    args = parser.parse_args()
    if len(args.sets) % 2:
        parser.error("give each articles folder with its gold file")
    pairs = list(zip(args.sets[::2], args.sets[1::2], strict=True)) or DEFAULT
    for articles, gold in pairs:
        start = time.perf_counter()
        f = score(articles, gold)
        name = re.sub(r"/articles/?$", "", str(articles))
        print(f"{name}: {int(f['documents'])} documents, {time.perf_counter() - start:.1f}s")
        print(f"  exact   F1@5 {f['exact_f1@5']:.3f}  F1@10 {f['exact_f1@10']:.3f}"
              f"  (half A {f['exact_f1@10_half_a']:.3f}, held-back half B {f['exact_f1@10_half_b']:.3f})")
        print(f"  partial F1@5 {f['partial_f1@5']:.3f}  F1@10 {f['partial_f1@10']:.3f}")
        print(f"  junk {f['junk_share']:.1%} of tags; single words {f['single_word_share']:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
