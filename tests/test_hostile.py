"""Hostile and broken input: the build finishes, reports every refused file, publishes the rest,
writes nothing outside the output folder, and no page can run a script that is not the site's own."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT
from .hostile import JUNK, write_hostile_folder

ALLOWED_SCRIPTS = {"/pagefind/pagefind-ui.js", "/static/search.js"}
DANGEROUS_TAGS = ["iframe", "object", "embed", "base", "svg", "math", "style", "frame", "frameset", "applet"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, Path, dict[str, str], dict, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("hostile")
    content, expected = write_hostile_folder(root)
    site, report = root / "site", root / "report.json"
    before = set(root.rglob("*"))
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--content", str(content),
                          "--output", str(site), "--report", str(report), "--no-cache"], cwd=root, capture_output=True,
                         text=True, timeout=600, check=False)
    after = set(root.rglob("*"))
    new = {p for p in after - before if site not in p.parents and p not in (site, report)}
    assert new == set(), f"written outside the site: {sorted(map(str, new))[:10]}"
    return content, site, expected, json.loads(report.read_text(encoding="utf-8")), run


def test_the_build_finishes_and_accounts_for_every_file(hostile) -> None:  # type: ignore[no-untyped-def]
    _content, _site, expected, report, run = hostile
    assert run.returncode == 0, run.stderr[-3000:]
    published = {p["file"] for p in report["published"]}
    problems = {p["file"]: p for p in report["problems"]}
    assert published.isdisjoint(problems)
    for name, outcome in expected.items():
        if outcome == "publish":
            assert name in published, (name, problems.get(name))
        else:
            assert name in problems, (name, "published" if name in published else "missing from the report")
            assert problems[name]["reason"] and problems[name]["stage"], problems[name]
    for junk in JUNK:
        assert junk not in published and junk not in problems
    assert set(published) | set(problems) == set(expected), "every file is published or named with a reason"


def test_reasons_say_what_is_wrong(hostile) -> None:  # type: ignore[no-untyped-def]
    problems = {p["file"]: p["reason"] for p in hostile[3]["problems"]}
    assert "aliases" in problems["alias-bomb.md"]
    assert "never closed" in problems["unterminated.md"]
    assert "binary" in problems["image.md"] and "binary" in problems["archive.md"]
    assert "empty" in problems["empty.md"]
    assert "over the limit" in problems["huge.txt"]
    assert "nested" in problems["deep.html"]
    assert "symlink" in problems["link-file.txt"] and "symlink" in problems["link-folder"]
    assert "YAML" in problems["python-tag.md"] or "frontmatter" in problems["python-tag.md"]


def test_no_page_can_run_a_foreign_script(hostile) -> None:  # type: ignore[no-untyped-def]
    _content, site, _expected, _report, _run = hostile
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts]
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "lxml")
        for script in doc.find_all("script"):
            assert script.get("src") in ALLOWED_SCRIPTS or script.get("type") == "application/ld+json", (page, script)
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # data, and well-formed
                assert "</" not in script.string
        for tag in doc.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (page, tag.name, tag.attrs)
            for attr in ("href", "src", "action", "formaction", "data"):
                value = re.sub(r"[\s\x00-\x1f]", "", str(tag.get(attr, ""))).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), (page, tag)
        assert not doc.find_all(DANGEROUS_TAGS), (page, [t.name for t in doc.find_all(DANGEROUS_TAGS)])
        assert not doc.find("meta", attrs={"http-equiv": re.compile("refresh", re.IGNORECASE)}), page
        assert all(f.get("action") == "/search/" for f in doc.find_all("form")), page


def test_template_syntax_and_markup_show_as_text(hostile) -> None:  # type: ignore[no-untyped-def]
    _content, site, _expected, report, _run = hostile
    url = next(p["url"] for p in report["published"] if p["file"] == "template.txt")
    html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html and "{% include &#39;x&#39; %}" in html
    xss = next(p["url"] for p in report["published"] if p["file"] == "xss.md")
    page = (site / xss.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page


def test_no_article_overwrites_another(hostile) -> None:  # type: ignore[no-untyped-def]
    _content, site, _expected, report, _run = hostile
    urls = [p["url"] for p in report["published"]]
    assert len(urls) == len({u.lower() for u in urls})
    for url in urls:
        assert url.startswith("/articles/") and url.endswith("/") and ".." not in url and "//" not in url[1:]
        assert (site / url.strip("/") / "index.html").is_file()
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert len(feed["items"]) == len(urls)


def test_shell_characters_in_names_run_nothing(hostile) -> None:  # type: ignore[no-untyped-def]
    content, _site, _expected, _report, _run = hostile
    assert not (ROOT / "pwned").exists() and not (content.parent / "pwned").exists()


def test_strict_fails_on_the_hostile_folder(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    content = hostile[0]
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--content", str(content),
                          "--output", str(tmp_path / "site"), "--strict", "--no-cache"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600, check=False)
    assert run.returncode == 1 and "problem: alias-bomb.md: parse:" in run.stderr
