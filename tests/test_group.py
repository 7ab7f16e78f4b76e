"""Stage 5: URLs, ranked keywords and canonical tags, hubs and related articles."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from generator.config import SiteConfig, from_mapping
from generator.enrich.brief_sentences import brief_candidates
from generator.enrich.fingerprint import fingerprint
from generator.enrich.keyword_model import MAX_ZIPF
from generator.enrich.keywords import surname_evidence
from generator.enrich.terms import comparison_terms, name_terms, rarity_weight, sentence_tokens
from generator.enrich.words import zipf_frequency
from generator.group import assign_urls, group
from generator.group.brief import brief
from generator.group.corpus_tags import RANKED, best_keys, build_tags, rank_keywords
from generator.group.hubs import brief_key, oldest_first
from generator.model import WEIGHT, Article, Block, Candidate, Metadata, RankingCandidate, Signals
from generator.tag_keys import strip_titles, tag_key, tokens
from generator.text import split_sentences, stem

from .test_enrich import article
from .test_stories import make_article


def stub_article(source: str, title: str, keywords: tuple[str, ...] = (), text: str = "Body text.",
                 date: datetime | None = None) -> Article:
    candidates = tuple(Candidate(k, tag_key(k), 3, 0.1, False, 4.0, k[:1].isupper()) for k in keywords)
    return Article(source_file=source, format="text", title=title, title_generated=False, slug="same-title",
                   meta=Metadata(), date=date, blocks=(Block("paragraph", text),), removed=(), keywords=keywords,
                   summary=(), word_count=2,
                   signals=Signals(candidates=tuple(c.for_ranking() for c in candidates), fingerprint=fingerprint(tokens(text)),
                                   terms=comparison_terms(tokens(f"{title} {text}"),
                                                          name_terms(title, sentence_tokens(split_sentences(text)))),
                                   brief_candidates=brief_candidates(text), surnames=surname_evidence(candidates)))


def test_equal_titles_get_distinct_stable_urls() -> None:
    """The first added keeps the bare slug; the others' suffixes come from their own paths, so no
    article's URL moves when another with the same title comes or goes."""
    articles = {n: stub_article(f"{n}.txt", "Same title") for n in ("b", "a", "c", "d")}
    added = {f"{n}.txt": datetime(2024, 1, 1 + i, tzinfo=UTC) for i, n in enumerate("abcd")}
    urls = assign_urls(list(articles.values()), added)
    assert urls["a.txt"] == "/articles/same-title/" and len(set(urls.values())) == 4
    assert all(re.fullmatch(r"/articles/same-title-[0-9a-f]{4}/", urls[f"{n}.txt"]) for n in "bcd")
    without_b = assign_urls([articles[n] for n in "acd"], added)
    assert without_b == {k: v for k, v in urls.items() if k != "b.txt"}
    newcomer = stub_article("0.txt", "Same title")  # first by path, but added last
    later = assign_urls([newcomer, *articles.values()], {**added, "0.txt": datetime(2024, 2, 1, tzinfo=UTC)})
    assert {k: v for k, v in later.items() if k != "0.txt"} == urls and later["0.txt"] not in urls.values()
    assert assign_urls([articles["b"], articles["a"]])["a.txt"] == "/articles/same-title/"  # no dates: by path


@pytest.mark.parametrize("a,b", [
    ("China-Russia", "Russia-China"), ("Russian-Chinese", "China-Russia"), ("Military Exercises", "military exercise"),
    ("President Putin", "Putin"), ("U.S.", "US"), ("missile-warning systems", "missile warning system"),
])
def test_keyword_variants_share_one_key(a: str, b: str) -> None:
    assert tag_key(a) == tag_key(b)


def test_titles_are_stripped_from_names() -> None:
    assert strip_titles("Russian President Vladimir Putin") == "Vladimir Putin"
    assert strip_titles("Foreign Minister Sergei Lavrov") == "Sergei Lavrov"
    assert strip_titles("South China Sea") == "South China Sea"


def test_shared_tags_get_pages_and_single_weak_tags_do_not() -> None:
    articles = [stub_article("a.txt", "A", ("Military exercises", "Arctic")),
                stub_article("b.txt", "B", ("military exercise",)),
                stub_article("c.txt", "C", ("Arctic", "tundra"))]
    config = SiteConfig()
    tags, by_article = build_tags(articles, rank_keywords(articles, config), config)
    merged = tags[by_article["b.txt"][0]]
    assert merged.articles == ("a.txt", "b.txt") and merged.has_page
    tundra = next(t for t in tags.values() if t.name == "tundra")
    assert tundra.has_page is False, "a lower-case tag of one article gets no page"


def test_config_aliases_and_stop_tags_apply() -> None:
    articles = [stub_article("a.txt", "A", ("Putin", "world", "Kremlin")), stub_article("b.txt", "B", ("Kremlin",))]
    config = from_mapping({"tag_aliases": {"Putin": "Vladimir Putin"}, "stop_tags": ["world"]}, "test")
    tags, by_article = build_tags(articles, rank_keywords(articles, config), config)
    names = [tags[s].name for s in by_article["a.txt"]]
    assert "Vladimir Putin" in names and "world" not in names


def test_corpus_ranking_prefers_what_sets_an_article_apart() -> None:
    shared = stub_article("a.txt", "A", ("Russia", "hypersonic"))
    others = [stub_article(f"{n}.txt", n, ("Russia",)) for n in "bcdef"]
    ranked = rank_keywords([shared, *others], SiteConfig())
    assert [c.text for c, _s in ranked["a.txt"]] == ["hypersonic", "Russia"]


def test_an_added_article_leaves_the_rankings_it_shares_no_candidate_with() -> None:
    """One article more moves every IDF by the same amount, so an article that shares no
    candidate with it keeps its order and the gaps between its scores: its page, its tag pages
    and its search shard need nothing redone."""
    corpus = [stub_article("a.txt", "A", ("Russia", "missile", "hypersonic")),
              *(stub_article(f"{n}.txt", n, ("Russia", "missile")) for n in "bc"),
              *(stub_article(f"{n}.txt", n, ("Russia", "sanctions")) for n in "def")]
    before = rank_keywords(corpus, SiteConfig())
    after = rank_keywords([*corpus, stub_article("g.txt", "G", ("Arctic", "tundra"))], SiteConfig())
    def gaps(ranked: list[tuple[RankingCandidate, float]]) -> list[float]:
        return [a - b for (_c, a), (_d, b) in pairwise(ranked)]

    for source, ranked in before.items():
        assert [c.key for c, _s in after[source]] == [c.key for c, _s in ranked]
        assert gaps(ranked) and gaps(after[source]) == pytest.approx(gaps(ranked), abs=1e-12)


def test_an_added_article_moves_a_shared_candidate_only_where_its_count_crosses_a_step() -> None:
    """Document frequencies are told apart in steps of a quarter octave: "missile" used by 8
    articles weighs as at 9 (the rankings that hold it keep their gaps when a ninth article uses
    it), and as less at 10. Counts of 1, 2 and 3 stay apart."""
    corpus = [stub_article("a.txt", "A", ("Russia", "missile", "hypersonic")),
              *(stub_article(f"m{n}.txt", f"M{n}", ("missile", "sanctions")) for n in range(7)),
              *(stub_article(f"r{n}.txt", f"R{n}", ("Russia",)) for n in range(20))]
    eight = rank_keywords(corpus, SiteConfig())
    nine = rank_keywords([*corpus, stub_article("z.txt", "Z", ("missile", "tundra"))], SiteConfig())
    ten = rank_keywords([*corpus, *(stub_article(f"z{n}.txt", "Z", ("missile", "tundra")) for n in range(2))],
                        SiteConfig())

    def gaps(ranked: list[tuple[RankingCandidate, float]]) -> list[float]:
        return [a - b for (_c, a), (_d, b) in pairwise(ranked)]

    assert gaps(nine["a.txt"]) == pytest.approx(gaps(eight["a.txt"]), abs=1e-12)
    assert gaps(ten["a.txt"]) != pytest.approx(gaps(eight["a.txt"]), abs=1e-6)
    from generator.enrich.keyword_model import binned_count

    assert len({binned_count(c) for c in (1, 2, 3)}) == 3
    counts = range(1, 2_000)
    assert all(binned_count(c) <= c and binned_count(c) <= binned_count(c + 1) for c in counts)
    assert all((c + 0.5) < 2 ** (1 / 4) * (binned_count(c) + 0.5) + 1e-9 for c in counts)  # within one step


def test_seed_hubs_group_articles_from_several_outlets() -> None:
    seeds = [article(k) for k in ("frontmatter", "comments", "wordpress", "markdown", "untitled")]
    site = group(seeds, SiteConfig())
    assert site.hubs
    titles = {a.source_file: a.title for a in seeds}
    hub_of: dict[str, str] = {}
    for hub in site.hubs.values():
        assert 2 <= len(hub.articles) <= 3
        assert 3 <= len(hub.brief) <= 6
        assert {b.article for b in hub.brief} <= set(hub.articles)
        assert len({b.article for b in hub.brief}) >= 2, hub.name
        assert any(hub.name.rstrip("…") in titles[s] for s in hub.articles), "titled after a member's headline"
        for source in hub.articles:
            assert source not in hub_of, "an article is in at most one hub"
            hub_of[source] = hub.slug
    for placed in site.articles:
        assert placed.article.source_file not in placed.related
        assert len(placed.related) <= 4
    dated = [p.article.date for p in site.articles if p.article.date]
    assert dated == sorted(dated, reverse=True), "newest first"


def test_briefs_made_on_two_cores_are_each_hub_s_own() -> None:
    folder = Path(__file__).parent / "fixtures" / "stories" / "articles"
    articles = [make_article(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())]
    by_source = {a.source_file: a for a in articles}
    site = group(articles, SiteConfig())
    assert len(site.hubs) >= 4, "half the hubs' briefs are made in another process, half here"
    for hub in site.hubs.values():
        told = oldest_first([by_source[s] for s in hub.articles])
        assert hub.brief == brief(told), hub.name
        assert hub.brief_key == brief_key(told)


def test_curated_hubs_are_honoured() -> None:
    seeds = [article(k) for k in ("frontmatter", "comments", "wordpress", "markdown", "untitled")]
    config = from_mapping({"hubs": [{"name": "Space cooperation", "terms": ["lunar base", "satellite"]}]}, "test")
    hub = group(seeds, config).hubs["space-cooperation"]
    assert hub.name == "Space cooperation"
    assert set(hub.articles) >= {"000_307e4a936ced7875.txt", "004_85046ec8f58ac665.txt"}


def test_related_articles_prefer_the_shared_story() -> None:
    texts = {"a": "Icebreakers escort convoys on the Northern Sea Route through heavy sea ice every winter.",
             "b": "The Northern Sea Route needs icebreakers to escort convoys when sea ice is thick.",
             "c": "The central bank raised interest rates to fight inflation in the euro area."}
    articles = [stub_article(name, name.upper(), text=text) for name, text in texts.items()]
    site = group(articles, SiteConfig())
    assert site.by_source["a"].related[0] == "b"


def test_reposts_are_one_story_with_copies() -> None:
    base = replace(article("untitled"), date=datetime(2024, 5, 1))
    repost = replace(base, source_file="repost.txt", date=datetime(2024, 5, 20),
                     blocks=(*base.blocks, Block("paragraph", "Republished with permission.")),
                     meta=replace(base.meta, outlet=replace(base.meta.outlet, value="Mirror Site")))
    seeds = [article(k) for k in ("frontmatter", "comments", "wordpress", "markdown")] + [base, repost]
    site = group(seeds, SiteConfig())
    by_source = site.by_source
    assert by_source["repost.txt"].duplicate_of == base.source_file, "the earlier article is the canonical one"
    assert by_source[base.source_file].copies == ("repost.txt",)
    for tag in site.tags.values():
        assert "repost.txt" not in tag.articles
    for hub in site.hubs.values():
        assert "repost.txt" not in hub.articles
    assert by_source["repost.txt"].tags == by_source[base.source_file].tags


def test_best_keys_stop_early_only_where_no_later_candidate_can_count() -> None:
    """Reading an article's candidates best prior first and stopping at the floor gives the
    ranking that scoring every candidate gives (same keys, candidates and scores), over many
    random articles whose keys alias to others or are stopped."""
    draw = random.Random(7)
    keys = [f"k{n}" for n in range(30)]
    for _ in range(1500):
        candidates = tuple(sorted((RankingCandidate(k, k, 1, False, draw.uniform(-3, 3))
                                   for k in draw.choices(keys, k=draw.randint(1, 80))), key=lambda c: -c.prior))
        counted = {k: None if draw.random() < 0.2 else (draw.choice(keys), draw.uniform(0, 2)) for k in keys}
        every: dict[str, tuple[float, str, RankingCandidate]] = {}
        for c in candidates:
            entry = counted[c.key]
            if entry is not None and (entry[0] not in every or c.prior + entry[1] > -every[entry[0]][0]):
                every[entry[0]] = (-(c.prior + entry[1]), entry[0], c._replace(key=entry[0]))
        most = max(e[1] for e in counted.values() if e is not None)
        assert best_keys(candidates, counted, most) == [(c, -score) for score, _key, c in sorted(every.values())[:RANKED]]


@pytest.mark.parametrize(("written", "common"), [("Thomas", True), ("Angeles", True), ("Texas", True), ("companies", True),
                                                 ("kudus", False)])
def test_a_stem_is_as_rare_as_the_word_it_stands_for(written: str, common: bool) -> None:
    """Stemming "Thomas" leaves "thoma", a string English never writes; its weight in a story's
    comparison is that of "thomas", a common name, or one man would bind every story he is in."""
    terms = comparison_terms(tokens(f"{written} spoke"), name_terms("", [[written, "spoke"]]))
    weight = dict(zip(terms.text.split(), np.frombuffer(terms.weights, dtype=WEIGHT), strict=True))
    term = stem(written.lower())
    assert term in weight
    zipf = max(zipf_frequency(written.lower(), "en"), zipf_frequency(term, "en"), 1.0)
    assert weight[term] == pytest.approx(max(0.0, MAX_ZIPF - zipf), abs=1e-4)
    assert bool(weight[term] < rarity_weight("kudu") - 1.0) is common  # a rare word's plural stays rare
