"""Stage 5: URLs, canonical tags, hubs and related articles across the corpus."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from generator.config import SiteConfig
from generator.group import assign_urls, build_tags, group, tag_key
from generator.model import Article, Block, Metadata

from .test_enrich import article


def stub_article(source: str, title: str, keywords: tuple[str, ...], text: str = "Body text.",
                 date: datetime | None = None) -> Article:
    return Article(source_file=source, format="text", title=title, title_generated=False, slug="same-title",
                   meta=Metadata(), date=date, blocks=(), removed=(), keywords=keywords, keyphrases=keywords,
                   summary=(), word_count=2)


def test_equal_titles_get_distinct_stable_urls() -> None:
    articles = [stub_article(f"{n}.txt", "Same title", ()) for n in ("b", "a", "c")]
    urls = assign_urls(articles)
    assert urls == {"a.txt": "/articles/same-title/", "b.txt": "/articles/same-title-2/", "c.txt": "/articles/same-title-3/"}


def test_tag_variants_merge_into_one_canonical_tag() -> None:
    assert tag_key("Military Exercises") == tag_key("military exercise") == tag_key("military-exercises")
    articles = [stub_article("a.txt", "A", ("Military exercises", "Arctic")),
                stub_article("b.txt", "B", ("military exercise",)),
                stub_article("c.txt", "C", ("Arctic", "Tundra"))]
    tags, by_article = build_tags(articles)
    merged = tags[by_article["b.txt"][0]]
    assert merged.articles == ("a.txt", "b.txt") and merged.has_page
    assert tags[by_article["c.txt"][1]].has_page is False, "a tag of one article gets no page"


def test_seed_hubs_group_articles_from_several_outlets() -> None:
    seeds = [article(k) for k in ("frontmatter", "comments", "wordpress", "markdown", "untitled")]
    site = group(seeds, SiteConfig())
    assert site.hubs, "the seeds share stories"
    for hub in site.hubs.values():
        assert 2 <= len(hub.articles) <= 3
        assert 1 <= len(hub.brief) <= 6
        assert {b.article for b in hub.brief} <= set(hub.articles)
        assert len({b.article for b in hub.brief}) >= 2, hub.name
    for placed in site.articles:
        assert placed.article.source_file not in placed.related
        assert len(placed.related) <= 4
    dated = [p.article.date for p in site.articles if p.article.date]
    assert dated == sorted(dated, reverse=True), "newest first"


def test_related_articles_prefer_the_shared_story() -> None:
    text_a = "Icebreakers escort convoys on the Northern Sea Route through heavy sea ice every winter."
    text_b = "The Northern Sea Route needs icebreakers to escort convoys when sea ice is thick."
    text_c = "The central bank raised interest rates to fight inflation in the euro area."
    articles = [replace(stub_article(name, name.upper(), ()), blocks=(Block("paragraph", text),))
                for name, text in (("a", text_a), ("b", text_b), ("c", text_c))]
    site = group(articles, SiteConfig())
    assert site.by_source()["a"].related[0] == "b"
