"""Quality floors for the fuzzy stages, pinned on small committed fixtures.

Measured figures and the benchmarks that print them are in the README; a floor sits a little
below the figure measured when it was pinned, so a regression fails while noise does not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.build import BuildResult

from .conftest import FIXTURES, ROOT, SEEDS, read_feed

sys.path.insert(0, str(ROOT))
from benchmarks.cleaning import run
from benchmarks.metrics import corpus_f1, score_case

SEED_TRUTH = FIXTURES / "seeds-truth"
SEED_FLOOR = 0.98
CLEANING_FLOORS = {"html": 0.97, "frontmatter": 0.95, "markdown": 0.95, "text": 0.93, "overall": 0.95}
TITLES_FOUND_FLOOR = 0.9  # measured 12 of 12 on the fixture (58 of 60 on the 60-page set)


@pytest.fixture(scope="module")
def seed_items(seeds_site: tuple[Path, BuildResult]) -> dict[str, dict[str, object]]:
    return {item["_briefing"]["source_file"]: item for item in read_feed(seeds_site[0])["items"]}


@pytest.mark.parametrize("name", sorted(SEEDS.values()))
def test_every_seed_cleans_to_its_true_text(seed_items: dict[str, dict[str, object]], name: str) -> None:
    truth = (SEED_TRUTH / name).read_text(encoding="utf-8")
    score = score_case(truth, str(seed_items[name]["content_text"]))
    assert score.f1 >= SEED_FLOOR, f"{name}: F1 {score.f1:.3f} (P {score.precision:.3f}, R {score.recall:.3f})"


@pytest.mark.parametrize("name", sorted(SEEDS.values()))
def test_seed_metadata_matches_what_the_file_states(seed_items: dict[str, dict[str, object]], name: str) -> None:
    meta = json.loads((SEED_TRUTH / "meta.json").read_text(encoding="utf-8"))[name]
    item = seed_items[name]
    briefing = item["_briefing"]
    assert isinstance(briefing, dict)
    if meta["title"]:
        assert item["title"] == meta["title"]
    else:
        assert briefing["title_generated"] is True
    found_author = (item.get("authors") or [{"name": None}])[0]["name"]  # type: ignore[index]
    assert found_author == meta["author"]
    assert briefing["outlet"] == meta["publisher"]
    if meta["date"]:
        assert str(item["date_published"])[:10] == meta["date"][:10]
    else:
        assert "date_published" not in item
    if meta.get("original_source"):
        assert briefing["original_source"] == meta["original_source"]
    if meta.get("source_cited"):
        assert briefing["original_source"] == meta["source_cited"]
    if meta.get("first_published"):
        assert str(briefing["first_published"])[:10] == meta["first_published"]


@pytest.fixture(scope="module")
def cleaning_fixture() -> list:
    scored, problems = run(FIXTURES / "cleaning" / "manifest.json", FIXTURES / "cleaning")
    assert not problems, problems  # every page of the fixture publishes
    return scored


def test_cleaning_floors_per_format(cleaning_fixture: list) -> None:
    groups: dict[str, list] = {"overall": []}
    for case, score, _title in cleaning_fixture:
        groups.setdefault(case["format"], []).append(score)
        groups["overall"].append(score)
    figures = {name: corpus_f1(scores)[2] for name, scores in groups.items()}
    low = {name: round(f, 3) for name, f in figures.items() if f < CLEANING_FLOORS[name]}
    assert not low, f"below the floor: {low} (floors {CLEANING_FLOORS})"


def test_page_titles_are_found_in_every_format(cleaning_fixture: list) -> None:
    """The headline of a saved page, a page dump (below its menus and site name) or a text dump."""
    found = [(case["id"], case["format"], title) for case, _score, title in cleaning_fixture]
    assert all(title is not None for *_x, title in found), "every fixture case states its page title"
    missed = [(case_id, fmt) for case_id, fmt, title in found if not title]
    assert len(found) - len(missed) >= TITLES_FOUND_FLOOR * len(found), f"titles missed: {missed}"


KEYWORDS_F1_FLOOR = 0.085      # KPCrowd's crowd words: measured .100 on the fixture (.094 on the 100-document set)
TAGS_F1_FLOOR = 0.30           # reader keyphrases: measured .364 on the fixture (.261 on the 144-document set)
JUNK_SHARE_CEILING = 0.05
SUMMARY_ROUGE2_FLOOR = 53.0    # measured 56.6 on the fixture (56.1 on the 200-document set)
HUB_PURITY_FLOOR = 0.88        # measured .93 on the fixture (.95 on the 200-document set)


def test_keyword_floor() -> None:
    pytest.importorskip("nltk", reason="the test extras are needed: pip install -e '.[test]'")
    from benchmarks.keywords import score

    figures = score(FIXTURES / "keywords" / "articles", FIXTURES / "keywords" / "gold.json")
    assert figures["documents"] == 15 and figures["exact_f1@10"] >= KEYWORDS_F1_FLOOR, figures


def test_tags_floor_and_no_junk() -> None:
    """Tags an editor would choose: names and key phrases matching readers' keyphrases, never a
    lone common word."""
    pytest.importorskip("nltk", reason="the test extras are needed: pip install -e '.[test]'")
    from benchmarks.keywords import score

    figures = score(FIXTURES / "tags" / "articles", FIXTURES / "tags" / "gold.json")
    assert figures["documents"] == 24 and figures["exact_f1@10"] >= TAGS_F1_FLOOR, figures
    assert figures["junk_share"] <= JUNK_SHARE_CEILING, figures
    assert figures["single_word_share"] < 0.5, figures


def test_summary_floor_and_shape() -> None:
    pytest.importorskip("rouge_score", reason="the test extras are needed: pip install -e '.[test]'")
    from benchmarks.summaries import score

    figures, sentences, n = score(FIXTURES / "summaries" / "articles", FIXTURES / "summaries" / "refs.json")
    assert n == 40 and sentences == 3.0
    assert figures["rouge2"] >= SUMMARY_ROUGE2_FLOOR, figures


def test_hub_purity_floor() -> None:
    from collections import Counter

    from benchmarks.corpus_build import build_feed

    items = build_feed(FIXTURES / "summaries" / "articles")
    members: dict[str, list[str]] = {}
    for item in items:
        for hub in item["_briefing"]["hubs"]:
            members.setdefault(hub, []).append(item["_briefing"]["source_file"].split("_")[0])
    pure = sum(Counter(sections).most_common(1)[0][1] for sections in members.values())
    total = sum(len(sections) for sections in members.values())
    assert members and pure / total >= HUB_PURITY_FLOOR, (pure, total)
    assert all(len(item["_briefing"]["hubs"]) <= 1 for item in items), "an article is in at most one hub"


def test_no_junk_tag_in_any_seed(seed_items: dict[str, dict[str, object]]) -> None:
    from generator.enrich.keywords import is_good_keyword

    for name, item in seed_items.items():
        tags = item["tags"]
        assert isinstance(tags, list) and 5 <= len(tags) <= 10, name
        for tag in tags:
            assert is_good_keyword(tag) and not tag.isdigit(), (name, tag)
            assert not (tag[:1].islower() and tag.endswith(("ly", "ing"))), (name, tag)


@pytest.mark.parametrize("i", range(4))
def test_the_build_benchmark_edits_an_article_s_body_in_every_format(tmp_path: Path, i: int) -> None:
    """The build benchmark's "change one" must change what the site shows: the sentence it adds
    lands in the cleaned body in each seed format, not in a promo or footer cleaning removes."""
    import hashlib

    from benchmarks.build import edited
    from benchmarks.corpus import file_name, load, write_article
    from generator.articles import process
    from generator.config import SiteConfig, cleaning_rules
    from generator.model import Article, SourceFile

    path = write_article(load(FIXTURES / "summaries" / "articles"), tmp_path, i)
    texts = []
    for data in (path.read_bytes(), edited(path.read_text(encoding="utf-8")).encode("utf-8")):
        result, _seconds = process(SourceFile(path, file_name(i), data, hashlib.sha256(data).hexdigest()), SiteConfig(),
                                   cleaning_rules(SiteConfig()))
        assert isinstance(result, Article), result
        texts.append(result.text)
    assert "Officials said more would follow." in texts[1] and "Officials said more would follow." not in texts[0]
