"""The plain baselines of topic hubs and briefs, on any labelled set: where a corpus stands.

Usage: python benchmarks/story_baseline.py [FOLDER ...] [--thresholds VALUE ...]

Each FOLDER is a labelled set as :mod:`benchmarks.stories` reads it (``gold.json``, the articles,
optionally ``references.json``); with none, the development set ``../shared/eval/stories-dev``.
Every folder is built once, and the baselines read the build's cleaned articles (``feed.json``):

- **Grouping**: TF-IDF cosine (raw term counts of the lower-case words that are not stop words,
  times the smoothed inverse document frequency ``ln((1 + n) / (1 + df)) + 1`` of the corpus,
  unit length) and average-linkage clustering cut at one threshold, the baseline the hub issue
  measures (.817 on ``stories-dev`` at its threshold, .854 and .890 on the held-out sets). Its
  B-cubed F1 is printed at each threshold for every folder side by side, with each folder's
  best threshold and every article alone. Where the folders peak says how far apart their
  best thresholds lie for a method with no knowledge of stories, so a corpus labelled here can be
  placed against the held-out figures (every pair is compared: this is for sets of hundreds).
- **Briefs** (folders with references): the first 100 words of a story's first article and
  round-robin leads (the first sentence of each of its articles, then the second of each, …),
  from the labelled stories themselves, ROUGE-1/2 recall at 100 words as
  :func:`benchmarks.stories.brief_recall` scores hubs (the issue gives 5.8 and 7.6 on
  ``stories-dev``).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stories import BRIEF_WORDS, EVAL, article_id, articles_of, bcubed, build_site, mean_rouge
from generator.group.linkage import dense_average_linkage
from generator.text import STOPWORDS, split_sentences

THRESHOLDS = tuple(round(0.06 + 0.04 * k, 2) for k in range(12))  # 0.06 … 0.50
WORD = re.compile(r"[^\W\d_]{2,}")


def tfidf_similarity(texts: list[str]) -> np.ndarray:
    """The TF-IDF cosine of every pair of ``texts`` (a dense matrix, zero diagonal)."""
    counts = [Counter(w for w in WORD.findall(t.lower()) if w not in STOPWORDS) for t in texts]
    df = Counter(w for c in counts for w in c)
    column = {w: k for k, w in enumerate(sorted(df))}
    n = len(texts)
    matrix = np.zeros((n, max(1, len(column))))
    for row, c in enumerate(counts):
        for w, tf in c.items():
            matrix[row, column[w]] = tf * (math.log((1 + n) / (1 + df[w])) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms > 0, norms, 1.0)
    similarity = matrix @ matrix.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


def baseline_f1(similarity: np.ndarray, ids: list[str], gold: dict[str, str], threshold: float) -> float:
    """B-cubed F1 of average linkage over ``similarity`` cut at ``threshold`` (articles ``ids``)."""
    groups = dense_average_linkage(similarity, threshold)
    story = {ids[i]: f"group{k}" for k, g in enumerate(groups) for i in g}
    return bcubed({a: story.get(a, a) for a in ids}, gold)[2]


def lead_briefs(feed: dict[str, Any], gold: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each labelled story's two plain briefs: its first article's opening, and round-robin leads."""
    sentences = {article_id(i["_briefing"]["source_file"]): split_sentences(i["content_text"]) for i in feed["items"]}
    members: dict[str, list[str]] = {}
    for a in sorted(gold):
        if a in sentences:
            members.setdefault(gold[a], []).append(a)
    out = {}
    for story, articles in members.items():
        rounds = max(len(sentences[a]) for a in articles)
        robin = [sentences[a][k] for k in range(rounds) for a in articles if k < len(sentences[a])]
        out[story] = (" ".join(sentences[articles[0]]), " ".join(robin))
    return out


def brief_baselines(feed: dict[str, Any], gold: dict[str, str],
                    references: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    """ROUGE-1 and ROUGE-2 recall (×100) of the plain briefs, cut at 100 words, against each
    story's references (a story with no article in the feed scores 0)."""
    briefs = lead_briefs(feed, gold)
    return {name: mean_rouge({story: briefs[story][k] if story in briefs else "" for story in sorted(references)},
                             references, "recall", BRIEF_WORDS)
            for k, name in enumerate(("first article's opening", "round-robin leads"))}


def measure(folder: Path, thresholds: tuple[float, ...]) -> dict[str, Any]:
    """Build a labelled set and return the baselines' figures: B-cubed F1 at each threshold,
    every article alone, and the plain briefs' ROUGE when the set has references."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        feed = build_site(articles_of(folder, Path(tmp)), Path(tmp) / "site")
    items = [i for i in feed["items"] if article_id(i["_briefing"]["source_file"]) in gold]
    ids = [article_id(i["_briefing"]["source_file"]) for i in items]
    similarity = tfidf_similarity([f"{i['title']}\n{i['content_text']}" for i in items])
    labelled = {a: gold[a] for a in ids}
    out: dict[str, Any] = {"articles": len(ids), "alone": bcubed({a: a for a in ids}, labelled)[2],
                           "f1": {t: baseline_f1(similarity, ids, labelled, t) for t in thresholds}}
    if (folder / "references.json").is_file():
        out["briefs"] = brief_baselines(feed, gold, json.loads((folder / "references.json").read_text(encoding="utf-8")))
    return out


def main() -> int:
    """Print the baselines of each folder given (or of the development set)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[EVAL / "stories-dev"])
    parser.add_argument("--thresholds", type=float, nargs="+", default=list(THRESHOLDS))
    args = parser.parse_args()
    thresholds = tuple(args.thresholds)
    found = {folder: measure(folder, thresholds) for folder in args.folders}
    names = [folder.name for folder in found]
    print("TF-IDF cosine + average linkage, B-cubed F1")
    print("threshold " + " ".join(f"{n[:14]:>14}" for n in names))
    for t in thresholds:
        print(f"{t:>9.2f} " + " ".join(f"{f['f1'][t]:>14.3f}" for f in found.values()))
    for folder, f in found.items():
        f1: dict[float, float] = f["f1"]
        best = max(thresholds, key=lambda t: (f1[t], -t))
        print(f"{folder}: {f['articles']} articles; best {f1[best]:.3f} at {best:.2f}; every article alone {f['alone']:.3f}")
        for name, (r1, r2) in f.get("briefs", {}).items():
            print(f"  brief from {name}: ROUGE-1/2 recall {r1:.2f} / {r2:.2f} at {BRIEF_WORDS} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
