"""The keyword ranker: a logistic model over Kea-style features of a candidate in its article.

Features (Witten et al.'s Kea, Hulth's and Florescu & Caragea's position features, YAKE's
rank): how often the candidate appears and how often as a whole phrase, where it first
appears and how far its mentions spread, whether the title uses it, its length, whether it is
a name, how rare its words are in general English, how many of the corpus's articles use it
(IDF, scaled to the corpus so the weight means the same at 10 or 10,000 articles), how often
its head word heads a phrase, and where YAKE ranks it. The weights are learned on the
development halves of two labelled sets and shipped as ``keyword_model.json``
(``python benchmarks/train_keywords.py`` writes it and prints the held-back halves' figures).
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..model import Candidate

MODEL = Path(__file__).with_name("keyword_model.json")
DF_STEPS = 4  # document frequencies are told apart in steps of a quarter octave (19%)
MAX_ZIPF = 8.0  # wordfreq's Zipf scale tops out below this: 8 minus a word's frequency is its rarity
FEATURES = ("yake", "yake_rank", "spread", "first_single", "maximal_share", "log_maximal", "log_count", "first",
            "log_first", "title", "single", "words", "proper", "idf", "rarity", "log_head", "bias")


def features(c: Candidate, idf: float) -> list[float]:
    """The candidate's feature vector, in ``FEATURES`` order; ``idf`` is its scaled corpus IDF
    (:func:`scaled_idf`, 1.0 for a candidate no other article uses)."""
    return feature_vector(c._asdict(), idf)


def feature_vector(v: Mapping[str, Any], idf: float) -> list[float]:
    """:func:`features` of a candidate's field values (before the candidate is made)."""
    words = v["text"].split()
    single = len(words) == 1
    first, yake_rank = v["first"], v["yake_rank"]
    log_first = -math.log(first + 0.01)
    return [float(yake_rank >= 0), 1 / (1 + yake_rank) if yake_rank >= 0 else 0.0, v["last"] - first,
            log_first * single, v["maximal"] / max(1, v["mentions"]), math.log(1 + v["maximal"]), math.log(1 + v["mentions"]),
            first, log_first, float(v["in_title"]), float(single), float(len(words)), float(v["proper"]), idf,
            v["rarity"] / MAX_ZIPF, math.log(1 + v["head_count"]), 1.0]


def scaled_idf(documents: int, containing: int) -> float:
    """IDF of a candidate used by ``containing`` of ``documents`` articles, divided by the
    largest it can be in a corpus of ``documents`` rounded down to a power of two: from 0 (every
    article) to about 1 (one article) at any corpus size.

    The divisor moves only when the corpus crosses a power of two. An article added or removed
    then adds the same amount to every IDF of the others (the numerator's ``documents``), so
    their candidates keep their order except where the article changed a candidate's count:
    a rebuild's ranking changes only for the articles it touches, and only their pages are
    rendered and indexed again. The count itself is rounded down to a grid of ``DF_STEPS``
    steps an octave (:func:`binned_count`), so that one article more or less moves it, and
    another article's tags, only where it crosses a step."""
    if documents <= 0:
        return 1.0
    scale = 1 << (documents.bit_length() - 1)
    return math.log((documents + 1) / (binned_count(containing) + 0.5)) / math.log((scale + 1) / 1.5)


def binned_count(containing: int) -> float:
    """``containing`` (a document frequency) rounded down to the grid of ``DF_STEPS`` steps an
    octave, measured with the half an article the IDF adds: counts within a step of each other
    may weigh the same (1, 2 and 3 stay apart; 8 and 9 are one, as are 11 and 12)."""
    if containing <= 0:
        return float(containing)
    return 2 ** (math.floor(DF_STEPS * math.log2(containing + 0.5)) / DF_STEPS) - 0.5


@cache
def weights() -> tuple[float, ...]:
    """The shipped weights, in ``FEATURES`` order."""
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise RuntimeError(f"{MODEL.name} was trained on other features; run benchmarks/train_keywords.py")
    return tuple(float(w) for w in model["weights"])


def prior(c: Candidate | Mapping[str, Any]) -> float:
    """The score without its IDF term: what the article alone says (kept with the candidate,
    so the corpus stage adds only ``idf_weight() * idf``); of a candidate or its field values."""
    values = c._asdict() if isinstance(c, Candidate) else c
    return math.fsum(map(operator.mul, weights(), feature_vector(values, 0.0)))


def idf_weight() -> float:
    """The weight of the scaled IDF."""
    return weights()[FEATURES.index("idf")]
