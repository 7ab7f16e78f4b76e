"""Topic hubs against labelled stories: B-cubed and pairwise P/R/F1, and brief ROUGE recall.

Usage: python benchmarks/stories.py [FOLDER ...] [--hubs] [--link VALUE ...]

Each FOLDER is either a labelled set laid out as ``../shared/eval/stories-dev/`` (``articles/``,
``gold.json`` mapping article id → story id, and optionally ``references.json`` with human
summaries per story; instead of ``articles/``, a file ``articles.path`` may name the folder of
articles, relative to the set, as the sets in ``benchmarks/stories-labels/`` do, and a file
``dates.json`` may give the publication dates of text files that carry none) or a plain
folder of articles, for which the hub sizes are printed (the largest hub's share of the corpus,
and how many articles are in some hub). With no FOLDER, the
development set ``../shared/eval/stories-dev`` is used. Where ``../shared/eval/score_stories.py``
and ``score_briefs.py`` exist, their own figures are printed too, from the same feed.

B-cubed F1 is also printed for each half of a labelled set's stories (halves A and B, by a
digest of the story id, so the same on every run): a threshold is chosen on one half and checked
on the other. ``--link`` builds each folder at each of the given hub thresholds
(:data:`generator.group.stories.LINK`) in turn, reusing the articles between builds.

An article's predicted story is its first hub (an article in no hub is a story of its own), as
the shared scorer reads it; briefs are cut at 100 words and scored with rouge-score (stemming)
against every reference summary of the story whose articles the hub holds most of. That hub's
title is scored too, by ROUGE-1 precision against the same summaries, or, for a set without
them, against its ``topics.json`` (story id → a list holding a one-line description of the story,
as its labeller wrote it): how much of the title is the story's own words.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import generator.group.stories as stories
from generator.build import BuildOptions, build
from generator.config import SiteConfig

EVAL = ROOT.parent / "shared" / "eval"
BRIEF_WORDS = 100


def article_id(source_file: str) -> str:
    """The id of a content file: its name without folder or extension."""
    return Path(source_file).stem


def predicted(feed: dict[str, Any]) -> dict[str, str]:
    """Each article's predicted story: its first hub, or itself alone."""
    out = {}
    for item in feed["items"]:
        b = item["_briefing"]
        aid = article_id(b["source_file"])
        out[aid] = "hub:" + b["hubs"][0] if b["hubs"] else "single:" + aid
    return out


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the gold articles."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for a in gold:
        by_pred[pred.get(a, "single:" + a)].add(a)
        by_gold[gold[a]].add(a)
    p = r = 0.0
    for a in gold:
        both = len(by_pred[pred.get(a, "single:" + a)] & by_gold[gold[a]])
        p += both / len(by_pred[pred.get(a, "single:" + a)])
        r += both / len(by_gold[gold[a]])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of articles put together."""
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups = defaultdict(list)
        for a in sorted(gold):
            groups[labels.get(a, "single:" + a)].append(a)
        return {(x, y) for g in groups.values() for i, x in enumerate(g) for y in g[i + 1:]}
    got, want = pairs(pred), pairs(gold)
    p = len(got & want) / len(got) if got else 1.0
    r = len(got & want) / len(want) if want else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def story_hubs(feed: dict[str, Any], gold: dict[str, str], stories: list[str]) -> dict[str, dict[str, Any]]:
    """For each story, the hub that holds most of its articles (stories none of whose articles
    is in a hub are left out)."""
    hubs = {h["slug"]: h for h in feed["_briefing"]["hubs"]}
    hub_of = {article_id(i["_briefing"]["source_file"]): i["_briefing"]["hubs"][0]
              for i in feed["items"] if i["_briefing"]["hubs"]}
    out = {}
    for story in stories:
        votes = Counter(hub_of[a] for a, s in gold.items() if s == story and a in hub_of)
        if votes:
            out[story] = hubs[votes.most_common(1)[0][0]]
    return out


def mean_rouge(texts: dict[str, str], references: dict[str, list[str]], measure: str = "recall",
               words: int = 0) -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 ``measure`` ("recall" or "precision", ×100, stemmed) of each
    story's text in ``texts`` against that story's references, each text first cut to its first
    ``words`` words when given; (0, 0) for no text."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    r1, r2 = [], []
    for story, text in texts.items():
        text = " ".join(text.split()[:words]) if words else text
        scores = [scorer.score(ref, text) for ref in references[story]]
        r1.append(statistics.mean(getattr(s["rouge1"], measure) for s in scores))
        r2.append(statistics.mean(getattr(s["rouge2"], measure) for s in scores))
    return (100 * statistics.mean(r1), 100 * statistics.mean(r2)) if texts else (0.0, 0.0)


def brief_recall(feed: dict[str, Any], gold: dict[str, str], references: dict[str, list[str]]) -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 recall (×100) of each story's hub brief, cut at 100 words (a
    story in no hub scores 0)."""
    told = story_hubs(feed, gold, sorted(references))
    texts = {story: " ".join(b["text"] for b in told[story]["brief"]) if story in told else "" for story in sorted(references)}
    return mean_rouge(texts, references, "recall", BRIEF_WORDS)


def line_precision(feed: dict[str, Any], gold: dict[str, str], references: dict[str, list[str]],
                   which: str, half: str = "") -> tuple[float, float]:
    """Mean ROUGE-1 and ROUGE-2 precision (×100, stemmed) against the story's summaries of the one
    sentence a list of hubs shows of each story's hub: its brief's ``lead``, or (``which`` =
    ``"first"``) the brief's first sentence in date order; over the stories of one ``half`` when given."""
    told = {s: h for s, h in story_hubs(feed, gold, sorted(references)).items() if not half or half_of(s) == half}
    texts = {story: hub["lead"] if which == "lead" else (hub["brief"][0]["text"] if hub["brief"] else "")
             for story, hub in told.items()}
    return mean_rouge(texts, references, "precision")


def title_precision(feed: dict[str, Any], gold: dict[str, str], references: dict[str, list[str]]) -> tuple[float, int]:
    """Mean ROUGE-1 precision (×100, stemmed) of the title of each story's hub against the
    story's references (human summaries, or a description of the story): how much of the
    title is the story's own words. Also how many stories have a hub."""
    told = story_hubs(feed, gold, sorted(references))
    return mean_rouge({story: hub["title"] for story, hub in told.items()}, references, "precision")[0], len(told)


def build_site(articles: Path, site: Path, cache: Path | None = None) -> dict[str, Any]:
    """Build ``articles`` into ``site`` (with the article cache ``cache``) and return its feed."""
    build(articles, site, SiteConfig(), ROOT / "templates", options=BuildOptions(cache=cache, jobs=1))
    return json.loads((site / "feed.json").read_text(encoding="utf-8"))


def articles_of(folder: Path, scratch: Path) -> Path:
    """The articles of a labelled set: its ``articles/`` folder, or the one ``articles.path`` names.
    When the set has ``dates.json`` (article id → publication date, for files that do not carry
    their date), a copy of them in ``scratch`` in which each dated text file is a Markdown file
    whose frontmatter gives its first line as the title and the date."""
    named = folder / "articles.path"
    articles = (folder / named.read_text(encoding="utf-8").strip()).resolve() if named.is_file() else folder / "articles"
    dates_file = folder / "dates.json"
    if not dates_file.is_file():
        return articles
    dates = json.loads(dates_file.read_text(encoding="utf-8"))
    copy = scratch / f"{folder.name}-dated"
    copy.mkdir(parents=True, exist_ok=True)
    for path in sorted(articles.iterdir()):
        if path.suffix == ".txt" and path.stem in dates:
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            (copy / f"{path.stem}.md").write_text(f"---\ntitle: {json.dumps(title.strip())}\ndate: {dates[path.stem]}\n---\n"
                                                  + body.lstrip("\n"), encoding="utf-8")
        elif path.is_file():
            shutil.copy2(path, copy / path.name)
    return copy


def score(folder: Path) -> dict[str, float]:
    """Build a labelled set and return its figures (briefs only when it has references)."""
    with tempfile.TemporaryDirectory() as tmp:
        feed = build_site(articles_of(folder, Path(tmp)), Path(tmp) / "site")
    return figures(feed, folder)


def half_of(story: str) -> str:
    """The half (A or B) a story falls in: by a digest of its id, the same on every run."""
    return "AB"[int(hashlib.md5(story.encode("utf-8")).hexdigest(), 16) % 2]


def figures(feed: dict[str, Any], folder: Path) -> dict[str, float]:
    """B-cubed and pairwise figures of a built labelled set (B-cubed F1 also per half of its
    stories), and brief ROUGE when it has references."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    pred = predicted(feed)
    out = dict(zip(("bcubed_p", "bcubed_r", "bcubed_f1"), bcubed(pred, gold), strict=True))
    for half in "AB":
        part = {a: s for a, s in gold.items() if half_of(s) == half}
        out[f"bcubed_f1_{half}"] = bcubed({a: pred[a] for a in part if a in pred}, part)[2]
    out.update(zip(("pair_p", "pair_r", "pair_f1"), pairwise(pred, gold), strict=True))
    if (folder / "references.json").is_file():
        references = json.loads((folder / "references.json").read_text(encoding="utf-8"))
        out["brief_rouge1"], out["brief_rouge2"] = brief_recall(feed, gold, references)
    else:  # a set without summaries may describe its stories (benchmarks/stories-labels/*/topics.json)
        described = folder / "topics.json"
        references = json.loads(described.read_text(encoding="utf-8")) if described.is_file() else {}
    if (folder / "references.json").is_file():
        for which in ("lead", "first"):
            for half in ("", "A", "B"):
                key = f"{which}{'_' + half if half else ''}"
                out[f"{key}_rouge1"], out[f"{key}_rouge2"] = line_precision(feed, gold, references, which, half)
    if references:
        out["title_precision"], out["titled_stories"] = title_precision(feed, gold, references)
        out["described_stories"] = len(references)
    return out


def main() -> int:
    """Print the figures of each folder given (or of the development set)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[EVAL / "stories-dev"])
    parser.add_argument("--hubs", action="store_true", help="list every hub with its size and title")
    parser.add_argument("--link", type=float, nargs="+", default=[stories.LINK],
                        help="hub thresholds to build at, in turn (default: the build's own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        for link in args.link:
            stories.LINK = link
            if len(args.link) > 1:
                print(f"LINK {link}")
            for folder in args.folders:
                report(folder, Path(cache), args.hubs)
    return 0


def report(folder: Path, cache: Path, hubs: bool) -> None:
    """Build one folder and print its figures."""
    labelled = (folder / "gold.json").is_file()
    with tempfile.TemporaryDirectory() as tmp:
        articles = articles_of(folder, Path(tmp)) if labelled else folder
        site = Path(tmp) / "site"
        feed = build_site(articles, site, cache)
        n = len(feed["items"])
        print(f"{folder}: {n} articles, {len(feed['_briefing']['hubs'])} hubs")
        if labelled:
            f = figures(feed, folder)
            print(f"  B-cubed  P {f['bcubed_p']:.3f}  R {f['bcubed_r']:.3f}  F1 {f['bcubed_f1']:.3f}"
                  f"  (halves A {f['bcubed_f1_A']:.3f}, B {f['bcubed_f1_B']:.3f})")
            print(f"  pairwise P {f['pair_p']:.3f}  R {f['pair_r']:.3f}  F1 {f['pair_f1']:.3f}")
            if "brief_rouge2" in f:
                print(f"  brief ROUGE-1/2 recall {f['brief_rouge1']:.2f} / {f['brief_rouge2']:.2f} at {BRIEF_WORDS} words")
            for which, name in (("lead", "hub lead"), ("first", "brief's first sentence by date")):
                if f"{which}_rouge1" in f:
                    print(f"  {name}: ROUGE-1/2 precision {f[which + '_rouge1']:.1f} / {f[which + '_rouge2']:.1f}"
                          f" (halves A {f[which + '_A_rouge1']:.1f} / {f[which + '_A_rouge2']:.1f},"
                          f" B {f[which + '_B_rouge1']:.1f} / {f[which + '_B_rouge2']:.1f})")
            if "title_precision" in f:
                print(f"  hub title ROUGE-1 precision {f['title_precision']:.1f} against the stories' references "
                      f"({f['titled_stories']:.0f} of {f['described_stories']:.0f} stories in a hub)")
            shared_scores(folder, site)
        sizes = Counter(h for i in feed["items"] for h in i["_briefing"]["hubs"][:1])
        largest = max(sizes.values(), default=0)
        print(f"  in a hub {sum(sizes.values())} of {n}; "
              f"largest hub {largest} ({100 * largest / max(1, n):.1f}% of the corpus)")
        if hubs:
            for h in feed["_briefing"]["hubs"]:
                print(f"    {len(h['articles']):>3}  {h['title']}")


def shared_scores(folder: Path, site: Path) -> None:
    """The shared scorers' own figures for a built labelled set, where they exist."""
    for scorer in ("score_stories.py", "score_briefs.py"):
        if (EVAL / scorer).is_file() and (scorer == "score_stories.py" or (folder / "references.json").is_file()):
            arg = str(folder / "gold.json") if scorer == "score_stories.py" else str(folder)
            shared = subprocess.run([sys.executable, str(EVAL / scorer), arg, str(site / "feed.json")],
                                    capture_output=True, text=True, check=False)
            print("  shared " + scorer + ": " + " | ".join(shared.stdout.strip().splitlines()))


if __name__ == "__main__":
    raise SystemExit(main())
