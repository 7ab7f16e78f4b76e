"""Train the keyword ranker on the development halves of two labelled sets; write its weights.

Usage: python benchmarks/train_keywords.py [--write] [--train-on SET ...]

Each labelled set (``../shared/eval/tags-dev``: DUC-2001 newswire with reader-assigned
keyphrases; ``../shared/eval/keywords-dev``: 500N-KPCrowd web news with crowd keywords) is split
in two by a hash of the document id. The model is fitted on half A of both and scored on both
halves, so the B figures are held back from training. A candidate is a positive example when
its stemmed form equals a gold phrase's (the sets' exact-match protocol). Both sets count
equally: each set's examples are weighted so its positives weigh the same in total. The fit is
L2-regularised logistic regression (L-BFGS). It runs twice: first on every candidate with
document frequencies over all of them, then on the candidates the build keeps (the best
``MAX_CANDIDATES`` of each article by the first model's score before the corpus), as the build
ranks them. ``--write`` stores the second model in ``generator/enrich/keyword_model.json``.
``--train-on keywords-dev`` fits on one set alone: how far the candidates can go on that set;
``--admit-common-words`` lets a lone common word be a candidate, as the build never does. Each
figure comes with the share of the ten best that are such words (``junk_tags.py``'s junk).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.metrics import keyphrase_norm, keywords_f1_at
from generator.clean import clean
from generator.config import SiteConfig, cleaning_rules
from generator.discover import discover
from generator.enrich import keyword_model, keywords
from generator.enrich.keywords import MAX_CANDIDATES, all_candidates, zipf_frequency
from generator.enrich.phrases import KeyPhraseError, key_phrases
from generator.model import Candidate
from generator.parse import parse

EVAL = ROOT.parent / "shared" / "eval"
SETS = {"tags-dev": EVAL / "tags-dev", "keywords-dev": EVAL / "keywords-dev"}
L2 = 1.0
TOP = 10
COMMON_ZIPF = 4.0  # junk_tags.py: a lone lower-case word this common is junk

Docs = dict[str, list[Candidate]]


def half(doc_id: str) -> int:
    """The half (0 = A, trained on; 1 = B, held back) a document falls in."""
    return int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 2


def load(folder: Path) -> tuple[Docs, dict[str, list[str]]]:
    """Every candidate of every article of a labelled set (parse → clean → candidates), and its gold."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    gold = {k.rsplit(".", 1)[0]: v for k, v in gold.get("gold", gold).items()}
    config = SiteConfig()
    rules = cleaning_rules(config)
    sources, _problems = discover((folder / "articles").resolve(), config.max_file_bytes)
    docs: Docs = {}
    for source in sources:
        doc = clean(parse(source), rules)
        title, language = doc.meta.title.value or "", doc.meta.language.value or "en"
        language = language if len(language) == 2 else "en"
        try:
            phrases = key_phrases(title, doc.text, language)
        except KeyPhraseError:
            phrases = ()
        docs[Path(source.rel).stem] = all_candidates(title, doc.text, language, phrases)
    return docs, gold


def kept(docs: Docs) -> Docs:
    """Each article's candidates as the build keeps them: the best ``MAX_CANDIDATES`` by the score before the corpus is known."""
    return {d: sorted(cs, key=lambda c: (-keyword_model.prior(c), c.key))[:MAX_CANDIDATES]
            for d, cs in docs.items()}


def matrix(docs: Docs) -> dict[str, np.ndarray]:
    """Each article's feature rows, with document frequencies over these candidates."""
    df = Counter(c.key for cs in docs.values() for c in {c.key: c for c in cs}.values())
    n = len(docs)
    return {d: np.array([keyword_model.features(c, keyword_model.scaled_idf(n, df[c.key])) for c in cs]).reshape(
        len(cs), len(keyword_model.FEATURES)) for d, cs in docs.items()}


def labels(docs: Docs, gold: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """1 for a candidate whose stemmed form is a gold phrase's, else 0."""
    out = {}
    for d, cs in docs.items():
        truth = {keyphrase_norm(g) for g in gold.get(d, [])}
        out[d] = np.array([keyphrase_norm(c.text) in truth for c in cs], dtype=float)
    return out


def fit(parts: list[tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[str]]]) -> np.ndarray:
    """Logistic regression over the given (features, labels, documents) parts, each part's
    positives weighing the same in total."""
    xs, ys, ws = [], [], []
    positives = [sum(float(y[d].sum()) for d in docs) for _x, y, docs in parts]
    for (rows, truth, docs), pos in zip(parts, positives, strict=True):
        for d in docs:
            xs.append(rows[d])
            ys.append(truth[d])
            ws.append(np.full(len(truth[d]), max(positives) / max(pos, 1.0)))
    a, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    bias = np.ones(a.shape[1])
    bias[-1] = 0.0  # the intercept is not regularised

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        z = a @ beta
        p = 1 / (1 + np.exp(-z))
        value = -np.sum(w * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))) + L2 * np.sum(bias * beta ** 2)
        return float(value), a.T @ (w * (p - y)) + 2 * L2 * bias * beta

    return np.asarray(minimize(loss, np.zeros(a.shape[1]), jac=True, method="L-BFGS-B").x)


def f1_at(docs: Docs, x: dict[str, np.ndarray], gold: dict[str, list[str]], ids: list[str],
          beta: np.ndarray) -> tuple[float, float]:
    """Mean exact-match F1@10 of the model's ten best candidates over ``ids``, and the share of
    those candidates that are a lone common lower-case word (what ``junk_tags.py`` counts)."""
    scores, junk, shown = [], 0, 0
    for d in ids:
        order = np.argsort(-(x[d] @ beta), kind="stable") if len(docs.get(d, [])) else np.zeros(0, dtype=int)
        top = [docs[d][int(i)].text for i in order][:TOP]
        scores.append(keywords_f1_at(top, gold[d], TOP)[2])
        junk += sum(1 for t in top if " " not in t and t.islower() and zipf_frequency(t, "en") >= COMMON_ZIPF)
        shown += len(top)
    return sum(scores) / max(1, len(scores)), junk / max(1, shown)


def report(name: str, beta: np.ndarray, data: dict[str, tuple[Docs, dict[str, np.ndarray], dict[str, list[str]]]],
           show: Callable[[str], None] = print) -> None:
    """Print F1@10 (and the junk share of the ten best) on both halves of both sets."""
    row = []
    for set_name, (docs, x, gold) in data.items():
        ids = [d for d in gold if d in docs]
        a, junk_a = f1_at(docs, x, gold, [d for d in ids if half(d) == 0], beta)
        b, junk_b = f1_at(docs, x, gold, [d for d in ids if half(d) == 1], beta)
        row.append(f"{set_name} A {a:.3f} B {b:.3f} (junk {junk_a:.1%} / {junk_b:.1%})")
    show(f"{name}: " + " | ".join(row))


def main() -> int:
    """Fit twice, print the halves' figures, and write the weights when asked."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="store the weights in generator/enrich/keyword_model.json")
    parser.add_argument("--train-on", nargs="+", choices=sorted(SETS), default=sorted(SETS),
                        help="fit on half A of these sets only (the figures still cover both sets)")
    parser.add_argument("--admit-common-words", action="store_true",
                        help="let a lone common lower-case word be a candidate, as the build never does")
    args = parser.parse_args()
    if args.write and (sorted(args.train_on) != sorted(SETS) or args.admit_common_words):
        parser.error("the shipped weights are fitted on both sets, on the build's own candidates")
    if args.admit_common_words:
        keywords.JUNK_ZIPF = math.inf
    loaded = {name: load(folder) for name, folder in SETS.items()}
    beta = np.zeros(len(keyword_model.FEATURES))
    for round_ in (1, 2):
        data = {}
        for name, (docs, gold) in loaded.items():
            use = docs if round_ == 1 else kept(docs)
            data[name] = (use, matrix(use), gold)
        parts = [(x, labels(docs, gold), [d for d in gold if d in docs and half(d) == 0])
                 for name, (docs, x, gold) in data.items() if name in args.train_on]
        beta = fit(parts)
        report(f"round {round_}", beta, data)
        if round_ == 1:  # the build keeps candidates by this model's score before the corpus
            keyword_model.weights.cache_clear()
            keyword_model.weights = lambda b=tuple(beta): b  # type: ignore[assignment]
    print(" ".join(f"{f}={w:.3f}" for f, w in zip(keyword_model.FEATURES, beta, strict=True)))
    if args.write:
        keyword_model.MODEL.write_text(json.dumps({
            "about": "Keyword ranker: logistic weights over generator.enrich.keyword_model.FEATURES, fitted by "
                     "benchmarks/train_keywords.py on half A of tags-dev and keywords-dev.",
            "features": list(keyword_model.FEATURES),
            "weights": [round(float(w), 6) for w in beta],
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {keyword_model.MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
