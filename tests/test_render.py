"""Stage 6, render: the project's templates see view models only, escape everything and never
evaluate article text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from generator.config import SiteConfig, from_mapping
from generator.group import group
from generator.render import environment, render

from .conftest import TEMPLATES, TEST_CONFIG, articles_in_memory, build_folder, read_feed


def test_undefined_names_in_templates_are_errors(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text("{{ missing }}")
    with pytest.raises(UndefinedError):
        environment(tmp_path).get_template("t.html").render()


def test_hostile_text_is_escaped_and_template_syntax_is_shown_literally(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "evil.md").write_text(
        "---\ntitle: \"<script>alert(1)</script> {{ 7*7 }}\"\n---\n"
        "<p>Sanctions talk {{ 7*7 }} and {% include 'base.html' %} continued for hours in Geneva on Tuesday.</p>"
        "<p onclick=\"alert(2)\">Diplomats said <img src=x onerror=alert(3)> more talks would follow next week.</p>"
        "<script>alert(4)</script>\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = build_folder(content, site)
    assert result.problems == ()
    page = next((site / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "onerror" not in page and "onclick" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page
    # Evaluated, the expressions would read "Sanctions talk 49" and "&lt;/script&gt; 49"; the page's
    # timestamps may hold a 49 of their own, so the check looks where the expressions stand.
    assert "talk 49" not in page and "&gt; 49" not in page
    assert "{% include &#39;base.html&#39; %}" in page
    feed = read_feed(site)
    assert feed["items"][0]["title"] == "<script>alert(1)</script> {{ 7*7 }}"


def render_in_memory(files: dict[str, str], config: SiteConfig = TEST_CONFIG) -> dict[str, str]:
    """The HTML pages of a site made of ``files`` (name → text), rendered in memory with the
    project's templates: parse, clean, enrich, group and render, without writing or indexing."""
    articles = articles_in_memory(files, config)
    return {f.path: f.content.decode("utf-8") for f in render(group(articles, config), config, TEMPLATES).files
            if f.path.endswith(".html")}


PROSE = ("The harbour authority said on Tuesday that the container terminals would reopen after the storm, "
         "and that the ferries would follow once the breakwater had been inspected by the engineers.")


def test_article_html_renders_each_body_block_as_its_own_element() -> None:
    pages = render_in_memory({"ports.md": (
        "---\ntitle: Ports reopen\noutlet: Harbour News\n---\n"
        f"<p>{PROSE}</p><h2>Tides &amp; winds</h2><p>Pilots said x &lt; y held for the swell, {PROSE}</p>"
        "<blockquote><p>We are open again for every ship that waited out the storm in the bay, the harbour master "
        "said.</p></blockquote>"
        "<ul><li>Ferries resume at noon on Wednesday for all of the island routes</li>"
        "<li>Freight follows on Thursday morning once the cranes are checked</li></ul>"
        f"<p>{PROSE}</p>\n")})
    page = next(html for path, html in pages.items() if path.startswith("articles/"))
    body = page[page.index('<div class="body">'):page.index("</article>")]
    assert "<h2>Tides &amp; winds</h2>" in body
    assert "<p>Pilots said x &lt; y held for the swell," in body
    assert "<blockquote><p>We are open again for every ship" in body
    assert '<p class="item">• Ferries resume at noon' in body and '<p class="item">• Freight follows' in body
    assert body.count(f"<p>{PROSE}</p>") == 2
    assert '<h1 data-pagefind-meta="title">Ports reopen</h1>' in page
    assert '<a href="/outlets/harbour-news/" data-pagefind-filter="outlet">Harbour News</a>' in page


def test_article_html_shows_the_provenance_card() -> None:
    pages = render_in_memory({"ports.txt": (
        f"Ports reopen\n\nBy Jane Roe\n\n{PROSE}\n\n{PROSE}\n\nShare this article on Facebook\n")})
    page = next(html for path, html in pages.items() if path.startswith("articles/"))
    card = page[page.index('<details class="provenance">'):page.index("</details>")]
    assert "<code>ports.txt</code> (text)" in card
    assert '<dt>Author</dt><dd>Jane Roe <span class="meta">from byline</span></dd>' in card
    assert '<span class="rule">byline</span> By Jane Roe' in card


def test_images_are_shown_only_when_the_config_allows_remote_images(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(
        "---\ntitle: Ports reopen\nthumbnail: 'https://img.example.net/port.jpg'\n---\n"
        "<p>The harbour authority said the container terminals would reopen on Tuesday after the storm.</p>\n",
        encoding="utf-8")
    for policy, shown in (("none", False), ("remote", True)):
        site = tmp_path / f"site-{policy}"
        build_folder(content, site, SiteConfig(images=policy))
        page = next((site / "articles").glob("*/index.html")).read_text(encoding="utf-8")
        assert ('src="https://img.example.net/port.jpg"' in page) is shown, policy


def test_an_outlet_spelled_two_ways_is_one_outlet_everywhere(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    stories = {"a": ("BBC News", "Ferries stopped at Dover as the storm closed the harbour for two days."),
               "b": ("bbc news", "Flights resumed at Heathrow after fog grounded planes for most of Monday."),
               "c": ("Reuters", "Wheat prices rose in Chicago as traders weighed drought in the plains.")}
    for name, (outlet, text) in stories.items():
        (content / f"{name}.md").write_text(f"---\ntitle: Story {name}\noutlet: {outlet}\n---\n{text} {text}\n",
                                            encoding="utf-8")
    site = tmp_path / "site"
    assert build_folder(content, site).problems == ()
    home = (site / "index.html").read_text(encoding="utf-8")
    listed = home[home.index('id="outlets"'):]
    assert listed.count('href="/outlets/bbc-news/"') == 1 and "(2)" in listed, listed[:600]
    assert sorted(p.parent.name for p in (site / "outlets").glob("*/index.html")) == ["bbc-news", "reuters"]


def test_a_site_without_a_description_describes_itself_on_the_home_page() -> None:
    config = replace(TEST_CONFIG, description="")
    pages = render_in_memory({"ports.md": f"---\ntitle: Ports reopen\noutlet: Harbour News\n---\n<p>{PROSE}</p>\n",
                              "tides.txt": f"Tides turn\n\n{PROSE}\n"}, config)
    head = pages["index.html"][:pages["index.html"].index("</head>")]
    # One of the two names no outlet: the site does not say both come from the one that is named.
    assert re.search(r'<meta name="description" content="2 articles, 1 outlet, \d+ topic hubs?, with tags, summaries '
                     r'and search.">', head), head
    assert '<meta name="description" content="">' not in pages["404.html"]
    named = render_in_memory({"ports.md": f"---\ntitle: Ports reopen\noutlet: Harbour News\n---\n<p>{PROSE}</p>\n",
                              "tides.md": f"---\ntitle: Tides turn\noutlet: Harbour News\n---\n<p>{PROSE}</p>\n"}, config)
    assert 'content="2 articles from 1 outlet, ' in named["index.html"]


def test_a_hub_says_how_many_of_its_articles_each_outlet_gave() -> None:
    config = replace(TEST_CONFIG, hubs=from_mapping({"hubs": [{"name": "Harbour", "terms": ["harbour"]}]}, "test").hubs)
    files = {f"{name}.md": f"---\ntitle: Harbour {name}\n{outlet}---\n<p>The harbour {name}. {PROSE}</p>\n"
             for name, outlet in (("opens", "outlet: Harbour News\n"), ("closes", "outlet: Harbour News\n"),
                                  ("floods", "outlet: Coast Radio\n"), ("dries", ""))}
    pages = render_in_memory(files, config)
    hub = pages["hubs/harbour/index.html"]
    assert '<p class="meta">4 articles: 2 from Harbour News, 1 from Coast Radio, 1 naming no outlet</p>' in hub, hub[:3000]
    assert "4 articles · Harbour News, Coast Radio</p>" in pages["hubs/index.html"]


def test_templates_compiled_once_are_loaded_by_the_next_build_until_their_source_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with a cache keeps the templates compiled: the next build compiles none, a
    template edited since is compiled again (and its edit shows), and a damaged file is compiled
    afresh rather than read."""
    import shutil

    from jinja2 import Environment

    from generator.build import BuildOptions, build

    from .conftest import CONTENT

    templates, content, cache = tmp_path / "templates", tmp_path / "content", tmp_path / "cache"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(CONTENT, content)
    compiled: list[str | None] = []
    compile_template = Environment.compile

    def counted(self: Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return compile_template(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counted)

    def build_once() -> list[str | None]:
        compiled.clear()
        (content / "zz.md").write_text(f"---\ntitle: Build {len(list(tmp_path.glob('site*')))}\n---\n\n{PROSE}\n")
        build(content, tmp_path / f"site{len(list(tmp_path.glob('site*')))}", TEST_CONFIG, templates,
              options=BuildOptions(cache=cache, jobs=1))
        return sorted(n for n in compiled if n)

    first = build_once()
    assert "article.html" in first and "base.html" in first
    assert build_once() == []
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<p>Edited footer</p></footer>"), encoding="utf-8")
    assert build_once() == ["base.html"]
    assert "Edited footer" in (tmp_path / "site2" / "index.html").read_text(encoding="utf-8")
    for kept in (cache / "templates").glob("*/*"):
        kept.write_bytes(b"not a compiled template")
    assert build_once() == first


def test_a_hub_has_a_timeline_only_when_two_of_its_articles_carry_dates() -> None:
    config = replace(TEST_CONFIG, hubs=from_mapping({"hubs": [{"name": "Harbour", "terms": ["harbour"]}]}, "test").hubs)

    def files(dates: tuple[str, ...]) -> dict[str, str]:
        return {f"{name}.md": f"---\ntitle: Harbour {name}\n{date}---\n<p>The harbour {name}. {PROSE}</p>\n"
                for name, date in zip(("opens", "closes", "floods"), dates, strict=True)}

    undated = render_in_memory(files(("", "", "")), config)["hubs/harbour/index.html"]
    assert "Timeline" not in undated and undated.count('class="card') >= 3, "no timeline of the days files were added"
    dated = render_in_memory(files(("date: 2024-03-05\n", "date: 2024-03-01\n", "")), config)["hubs/harbour/index.html"]
    timeline = dated[dated.index('id="timeline-h"'):dated.index('id="members-h"')]
    assert re.findall(r'datetime="([\d-]+)"', timeline)[:2] == ["2024-03-01", "2024-03-05"], timeline
    assert timeline.index("Harbour closes") < timeline.index("Harbour opens") < timeline.index("Harbour floods")
