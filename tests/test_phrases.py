"""YAKE key phrases: the port agrees with the reference package, always gives the same phrases,
and a failure in it costs an article its phrases, never the article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yake
import yake_rust

from generator.clean import clean, packaged_rules
from generator.config import SiteConfig
from generator.enrich import phrases, stage
from generator.enrich.stage import enrich
from generator.parse import parse

from .test_parse import seed

FIXTURES = Path(__file__).parent / "fixtures"
AGREEMENT_FLOOR = 0.97  # mean Jaccard of the top 30 against the reference (measured .996)


def leads() -> list[str]:
    """The first 1,500 characters of the committed news fixtures (55 stories)."""
    files = [*sorted((FIXTURES / "summaries" / "articles").glob("*.txt")),
             *sorted((FIXTURES / "keywords" / "articles").glob("*.txt"))]
    return [f.read_text(encoding="utf-8")[: phrases.YAKE_CHARS] for f in files]


def test_the_port_agrees_with_the_reference_yake() -> None:
    reference = yake.KeywordExtractor(lan="en", n=phrases.NGRAMS, top=phrases.PHRASES, dedup_lim=phrases.DEDUP_LIMIT)
    overlaps, same = [], 0
    for text in leads():
        ours = {p.lower() for p, _s in phrases.yake_phrases(text, "en")}
        theirs = {p.lower() for p, _s in reference.extract_keywords(text)}
        overlaps.append(len(ours & theirs) / len(ours | theirs))
        same += ours == theirs
    assert sum(overlaps) / len(overlaps) >= AGREEMENT_FLOOR
    assert same >= 0.8 * len(overlaps)


def _index(lows: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Phrases by their first letter, and the short ones, as the near-duplicate check keeps them."""
    by_letter: dict[str, list[str]] = {}
    for low in lows:
        by_letter.setdefault(low[:1], []).append(low)
    return by_letter, [low for low in lows if len(low) <= 3]


def test_phrases_settled_as_unlike_are_unlike_to_the_reference() -> None:
    """The near-duplicate check skips the reference's similarity for pairs it surely scores 0
    (those :func:`generator.enrich.phrases._maybe_like` leaves out): on every pair of the
    fixtures' YAKE candidates so settled, the reference agrees, and it settles most pairs."""
    reference = yake.KeywordExtractor(lan="en", n=phrases.NGRAMS, top=phrases.PHRASES, dedup_lim=phrases.DEDUP_LIMIT)
    port = yake_rust.Yake(stopwords=set(reference.stopword_set), ngrams=phrases.NGRAMS, remove_duplicates=False)
    settled = pairs = 0
    for text in leads()[:12]:
        lows = [p.lower() for p, _s in port.get_n_best(text.replace("\n", " "), n=60)]
        for i, first in enumerate(lows):
            compared = set(phrases._maybe_like(first, *_index(lows[:i])))
            for second in lows[:i]:
                pairs += 1
                if second not in compared:
                    settled += 1
                    assert reference.dedup_function(first, second) <= phrases.DEDUP_LIMIT, (first, second)
    assert settled > 0.8 * pairs


def test_the_phrases_compared_are_those_not_settled_as_unlike() -> None:
    """Each candidate is compared with the kept phrases that begin with its letter (and, when
    short, with the other short ones): exactly those the reference's pre-filter does not score 0
    (different first letters, either phrase over three characters)."""
    lows = sorted({p.lower() for text in leads()[:12] for p, _s in phrases.yake_phrases(text, "en")}
                  | {"eu", "us", "un", "oil", "u.s.", "e"})
    by_letter, short = _index(lows)
    for low in lows:
        unlike = [o for o in lows if low[:1] != o[:1] and max(len(low), len(o)) > 3]
        assert sorted(phrases._maybe_like(low, by_letter, short)) == [o for o in lows if o not in unlike], low


def test_the_same_text_gives_the_same_phrases_in_every_process() -> None:
    """The port's scores vary in their last digits between processes (hash order); the phrases must not."""
    script = ("import json, sys; from generator.enrich.phrases import yake_phrases; "
              "print(json.dumps([[p for p, _s in yake_phrases(t, 'en')] for t in json.load(sys.stdin)]))")
    payload = json.dumps(leads())
    runs = [subprocess.run([sys.executable, "-c", script], input=payload, capture_output=True, text=True,
                           check=True).stdout for _ in range(4)]
    assert len(json.loads(runs[0])) == len(leads())
    assert all(run == runs[0] for run in runs[1:])


def test_a_failing_yake_costs_the_phrases_not_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    class Panicking:
        def get_n_best(self, text: str, *, n: int) -> list[tuple[str, float]]:
            yake_rust.Yake(language="no such language")  # the port panics on a language it lacks
            return []

    def broken(language: str) -> tuple[Panicking, object]:
        return Panicking(), None

    doc = clean(parse(seed("frontmatter")), packaged_rules())
    with_phrases = enrich(doc, SiteConfig())
    monkeypatch.setattr(stage, "key_phrases", lambda title, text, language: ())
    without_phrases = enrich(doc, SiteConfig())
    monkeypatch.undo()
    monkeypatch.setattr(phrases, "_extractor", broken)
    article = enrich(doc, SiteConfig())
    assert article.signals.candidates == without_phrases.signals.candidates  # ranked with no phrase
    assert article.signals.candidates != with_phrases.signals.candidates
    assert article.keywords and article.summary
    assert any(w.stage == "enrich" and w.text.startswith("no key phrases: YAKE failed") for w in article.warnings)


def test_key_phrases_are_multiword_tags_from_the_lead() -> None:
    lead = ("The missile warning system was tested again on Monday. Officials said the missile warning "
            "system failed twice. ") * 15
    assert len(lead) > phrases.YAKE_CHARS
    text = lead + "Later the harbour authority spoke. " * 20
    found = phrases.key_phrases("Missile warning system fails", text, "en")
    assert found and all(len(p.split()) >= 2 for p in found)
    assert any("warning system" in p.lower() for p in found)
    assert not any("harbour authority" in p.lower() for p in found)  # past the first 1,500 characters
