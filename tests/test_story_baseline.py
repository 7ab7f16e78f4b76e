"""The plain baselines that place a labelled set of stories (benchmarks/story_baseline.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks.story_baseline import lead_briefs, measure, tfidf_similarity

STORIES = Path(__file__).parent / "fixtures" / "stories"


def test_tfidf_similarity_weighs_rare_words_over_common_ones() -> None:
    texts = ["volcano today", "volcano weather", "today weather", "today", "today news", "volcano today"]
    similarity = tfidf_similarity(texts)
    assert similarity.shape == (6, 6)
    assert np.allclose(np.diag(similarity), 0.0)
    assert np.allclose(similarity, similarity.T)
    assert similarity[0, 5] == pytest.approx(1.0)  # the same words
    assert similarity[1, 4] == 0.0  # no word in common
    # Each pair shares one word; "volcano" is in three texts and "today" in five, so it weighs more.
    assert similarity[0, 1] > similarity[0, 2] > 0.0


def test_round_robin_leads_take_each_article_in_turn() -> None:
    feed = {"items": [
        {"_briefing": {"source_file": "b.txt"}, "content_text": "B one is here. B two is here."},
        {"_briefing": {"source_file": "a.txt"}, "content_text": "A one is here. A two is here. A three is here."},
        {"_briefing": {"source_file": "c.txt"}, "content_text": "C one is here."},
    ]}
    briefs = lead_briefs(feed, {"a": "s", "b": "s", "c": "t"})
    assert briefs["s"] == ("A one is here. A two is here. A three is here.",
                           "A one is here. B one is here. A two is here. B two is here. A three is here.")
    assert briefs["t"] == ("C one is here.", "C one is here.")


def test_baselines_on_the_labelled_fixture() -> None:
    pytest.importorskip("rouge_score", reason="the test extras are needed: pip install -e '.[test]'")
    figures = measure(STORIES, (0.1, 0.5))
    assert figures["articles"] == 50
    # A low threshold groups the fixture's stories; a high one leaves most articles alone.
    assert figures["f1"][0.1] > figures["f1"][0.5] > figures["alone"] > 0.3
    first, robin = figures["briefs"]["first article's opening"], figures["briefs"]["round-robin leads"]
    assert robin[1] > first[1] > 2.0
