"""Quality metrics shared by the benchmarks and the quality-floor tests.

Cleaning uses the metric of the article-extraction benchmark: tokens are ``\\w+`` runs, texts
are compared as multisets of 4-token shingles; corpus precision and recall are means over
cases, F1 is their harmonic mean.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text`` (one short shingle when it is shorter)."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


@dataclass(frozen=True)
class CaseScore:
    """Shares of true positives, false positives and false negatives for one case."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Share of the kept text that is article text (1.0 when both texts are empty)."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of the article text that was kept."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_case(truth: str, predicted: str) -> CaseScore:
    """Compare a cleaned text with the true article text."""
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return CaseScore(tp / total, fp / total, fn / total) if total else CaseScore(0.0, 0.0, 0.0)


def corpus_f1(cases: list[CaseScore]) -> tuple[float, float, float]:
    """Corpus precision, recall and F1 as the benchmark aggregates them."""
    ps = [c.precision for c in cases if c.tp + c.fp > 0]
    rs = [c.recall for c in cases if c.tp + c.fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# Keywords: the usual keyphrase protocol (lower-case, split on non-alphanumerics, Porter stems).
_KEY_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def keyphrase_norm(phrase: str) -> str:
    """A keyphrase in the form the comparison uses."""
    from nltk.stem import PorterStemmer  # benchmark and test dependency only

    stemmer = _STEMMER.setdefault("porter", PorterStemmer())
    return " ".join(stemmer.stem(t) for t in _KEY_TOKEN.findall(phrase.lower()))


_STEMMER: dict[str, object] = {}


def keywords_f1_at(predicted: list[str], gold: list[str], k: int = 10) -> tuple[float, float, float]:
    """P@k, R@k and F1@k of a ranked keyword list against gold keyphrases (duplicates dropped)."""
    def dedup(phrases: list[str]) -> list[str]:
        seen: list[str] = []
        for p in phrases:
            n = keyphrase_norm(p)
            if n and n not in seen:
                seen.append(n)
        return seen

    top, truth = dedup(predicted)[:k], set(dedup(gold))
    hits = sum(1 for p in top if p in truth)
    p = hits / len(top) if top else 0.0
    r = hits / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if hits else 0.0)


def rouge(summary: str, reference: str) -> dict[str, float]:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 (x100) with stemming, as rouge-score computes them."""
    from rouge_score import rouge_scorer  # benchmark and test dependency only

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    return {name: 100 * s.fmeasure for name, s in scorer.score(reference, summary).items()}


def tag_scores(predicted: list[str], gold: list[str], k: int) -> dict[str, float]:
    """Exact and partial P/R/F1@k of ranked tags against gold keyphrases, by the tag protocol
    (Gallina et al.'s: lower case, possessives and initialism periods dropped, Porter stems;
    partial: one phrase's stems all inside the other's)."""
    def norm(phrase: str) -> tuple[str, ...]:
        low = re.sub(r"'s\b", "", phrase.lower().replace("\u2019", "'"))
        low = re.sub(r"\b((?:[a-z]\.){2,})", lambda m: m.group(1).replace(".", ""), low)
        return tuple(keyphrase_norm(w) for w in re.findall(r"[a-z0-9]+", low))

    def dedupe(phrases: list[str]) -> list[tuple[str, ...]]:
        return list(dict.fromkeys(n for n in map(norm, phrases) if n))

    def partial(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return set(a) <= set(b) or set(b) <= set(a)

    top, truth = dedupe(predicted)[:k], dedupe(gold)
    out: dict[str, float] = {}
    for mode, match in (("exact", lambda a, b: a == b), ("partial", partial)):
        correct = sum(1 for p in top if any(match(p, g) for g in truth))
        found = sum(1 for g in truth if any(match(p, g) for p in top))
        p = correct / len(top) if top else 0.0
        r = found / len(truth) if truth else 0.0
        out[f"{mode}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def junk_tags(tags: list[str], body: str) -> int:
    """How many tags are junk: a lone lower-case word that is common English (wordfreq Zipf 4 or
    more) and that the article never capitalises mid-sentence (the shared ``junk_tags.py`` rule)."""
    from wordfreq import zipf_frequency

    caps = {m.group(1).lower() for m in re.finditer(r"\b([A-Z][A-Za-z'\-]*)\b", body)
            if re.search(r"[A-Za-z0-9,]\s+$", body[max(0, m.start() - 3):m.start()])}
    return sum(1 for t in tags if re.fullmatch(r"[a-z][a-z'\-]*", t) and zipf_frequency(t, "en") >= 4.0 and t not in caps)
