"""Stage 6: templates see view models only, escape everything and never evaluate article text."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from generator.model import Block
from generator.render import environment

from .conftest import TEMPLATES, build_folder, read_feed


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
    assert "{{ 7*7 }}" in page and "49" not in page
    assert "{% include &#39;base.html&#39; %}" in page
    feed = read_feed(site)
    assert feed["items"][0]["title"] == "<script>alert(1)</script> {{ 7*7 }}"


def test_body_blocks_render_as_their_own_elements(tmp_path: Path) -> None:
    env = environment(TEMPLATES)
    html = env.from_string(
        "{% for b in blocks %}{% if b.kind == 'heading' %}<h2>{{ b.text }}</h2>{% else %}<p>{{ b.text }}</p>{% endif %}"
        "{% endfor %}"
    ).render(blocks=[Block("heading", "A & B"), Block("paragraph", "x < y")])
    assert html == "<h2>A &amp; B</h2><p>x &lt; y</p>"


def test_images_are_shown_only_when_the_config_allows_remote_images(tmp_path: Path) -> None:
    from generator.config import SiteConfig

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
