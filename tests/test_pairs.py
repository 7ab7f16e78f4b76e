"""Compared pairs: the memo of their similarities between builds, and related articles from them."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from generator.config import SiteConfig
from generator.group import group, newest_first
from generator.group.pairs import Memo, Pairs, compare, signatures
from generator.group.related import build_related
from generator.group.vectors import Vectors, term_vectors
from generator.model import Article

from .test_stories import STORIES, make_article


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    """The committed labelled stories, dated a day apart (some undated), newest first."""
    start = datetime(2024, 5, 1)
    files = sorted((STORIES / "articles").glob("*.txt"))
    articles = [make_article(f.name, f.read_text(encoding="utf-8"), start + timedelta(days=i) if i % 4 else None)
                for i, f in enumerate(files)]
    return sorted(articles, key=newest_first)


def _same(a: tuple[Vectors, Pairs], b: tuple[Vectors, Pairs]) -> bool:
    """The same vectors, and the same pairs with figures equal to the last bit."""
    (va, pa), (vb, pb) = a, b
    vectors = [(x.counts.indptr, x.counts.indices, x.counts.data, x.names.indptr, x.names.indices, x.weights)
               for x in (va, vb)]
    return (va.sources == vb.sources and va.counts.shape == vb.counts.shape
            and all(np.array_equal(x, y) for x, y in zip(*vectors, strict=True))
            and all(np.array_equal(getattr(pa, f.name).view(np.uint8), getattr(pb, f.name).view(np.uint8))
                    for f in dataclasses.fields(Pairs)))


def test_remembered_figures_are_those_computing_gives_to_the_last_bit(corpus: list[Article], tmp_path: Path) -> None:
    memo = tmp_path / "pairs.pickle"
    earlier = [a for i, a in enumerate(corpus) if i % 7]  # a build without some of today's articles
    compare(earlier, memo)
    assert memo.is_file()
    fresh = compare(corpus)
    assert fresh[1].low.size > 100
    assert _same(compare(corpus, memo), fresh)
    vectors = term_vectors(corpus)
    assert _same((vectors, compare(corpus)[1]), fresh)


@pytest.mark.parametrize("keep", [3, 50])
def test_candidates_from_a_memo_are_those_found_afresh(corpus: list[Article], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, keep: int) -> None:
    """Each article's best overlaps come from the memo where they still hold: with articles
    added, removed, or both since, and with lists cut short (``keep`` 3: full lists that lose
    an article are found again), the pairs and their figures are those found afresh."""
    import generator.group.pairs as pairs

    today = [a for i, a in enumerate(corpus) if i % 5]
    every = compare(today)  # no list is full: every pair that shares a term
    monkeypatch.setattr(pairs, "CANDIDATES", keep)
    fresh = compare(today)
    assert (fresh[1].low.size < every[1].low.size) == (keep < len(today) - 1)
    earlier = {"fewer": [a for i, a in enumerate(today) if i % 6],
               "more": corpus,
               "both": [a for i, a in enumerate(corpus) if i % 6 and i != 9]}
    for name, then in earlier.items():
        memo = tmp_path / f"{name}.pickle"
        compare(then, memo)
        assert _same(compare(today, memo), fresh), name


def test_a_remembered_figure_is_taken_and_only_new_pairs_are_computed(corpus: list[Article], tmp_path: Path) -> None:
    """A memo whose figures were altered gives its altered figures back for the pairs it holds,
    so it is read; every pair with an article it does not hold gets its computed figures."""
    memo = tmp_path / "pairs.pickle"
    earlier = corpus[1:]
    compare(earlier, memo)
    stored = pickle.loads(memo.read_bytes())
    memo.write_bytes(pickle.dumps(dataclasses.replace(stored, whole=stored.whole + 7.0,
                                                      similarity=stored.similarity + 7.0)))
    fresh = compare(corpus)
    taken = compare(corpus, tmp_path / "other.pickle")
    assert _same(taken, fresh)
    mixed, fresh_pairs = compare(corpus, memo)[1], fresh[1]
    new = mixed.low == 0  # the newest article, row 0, is the one the memo lacks
    assert new.any() and (~new).any()
    assert np.array_equal(mixed.whole[new], fresh_pairs.whole[new])
    assert np.array_equal(mixed.similarity[~new], fresh_pairs.similarity[~new] + 7.0)


def test_a_memo_made_by_other_code_or_damaged_is_not_read(corpus: list[Article], tmp_path: Path) -> None:
    memo = tmp_path / "pairs.pickle"
    compare(corpus, memo)
    stored = pickle.loads(memo.read_bytes())
    assert isinstance(stored, Memo) and stored.signatures == tuple(signatures(corpus))
    memo.write_bytes(pickle.dumps(dataclasses.replace(stored, code="other", similarity=stored.similarity + 7.0)))
    fresh = compare(corpus)
    assert _same(compare(corpus, memo), fresh)
    memo.write_bytes(b"not a memo")
    assert _same(compare(corpus, memo), fresh)
    damaged = [dataclasses.replace(stored, columns=stored.columns[:-5]),
               dataclasses.replace(stored, column_starts=stored.column_starts[:-1]),
               dataclasses.replace(stored, whole=stored.whole[:-1]),
               dataclasses.replace(stored, best=(stored.best[0] + len(corpus), *stored.best[1:])),
               dataclasses.replace(stored, terms=stored.terms[:3])]
    for bad in damaged:
        memo.write_bytes(pickle.dumps(bad))
        assert _same(compare(corpus, memo), fresh)


def test_an_article_added_changes_only_the_related_articles_of_those_it_joins(corpus: list[Article]) -> None:
    """Related articles are ranked by figures of the two articles alone: adding one changes the
    lists of the articles it now appears in, and no other (a corpus-wide IDF would move others)."""
    before = build_related(4, *compare(corpus[1:]))
    after = build_related(4, *compare(corpus))
    new = corpus[0].source_file
    changed = {s for s in before if before[s] != after[s]}
    assert changed, "the new article is related to some"
    assert all(new in after[s] for s in changed)
    assert {s for s in after if new in after[s]} >= changed


def test_a_build_with_a_memo_places_every_article_as_one_without(corpus: list[Article], tmp_path: Path) -> None:
    memo = tmp_path / "pairs.pickle"
    group(corpus[2:], SiteConfig(), memo=memo)
    with_memo, without = group(corpus, SiteConfig(), memo=memo), group(corpus, SiteConfig())
    assert [(p.related, p.hubs) for p in with_memo.articles] == [(p.related, p.hubs) for p in without.articles]
    assert any(p.related for p in without.articles) and without.hubs
