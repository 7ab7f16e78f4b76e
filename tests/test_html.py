"""Every page type is valid HTML: the W3C Nu checker (vnu-jar from npm, run on Java) finds no error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import SiteConfig

from .conftest import CONTENT, FIXTURES, ROOT, build_folder

VNU = ROOT / ".venv" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu() -> list[str]:
    """The checker's command, or skip (fail in CI) when Java or vnu.jar is missing."""
    jar = Path(os.environ.get("BRIEFING_VNU", str(VNU)))
    java = shutil.which("java")
    if java and jar.is_file():
        return [java, "-jar", str(jar)]
    message = "the Nu checker needs Java and vnu-jar: npm install --prefix .venv/npm vnu-jar (make test does this)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_every_page_type_passes_the_nu_checker(tmp_path: Path) -> None:
    command = vnu()
    seeds, paged = tmp_path / "seeds", tmp_path / "paged"
    build_folder(CONTENT, seeds)
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "summaries" / "articles", content)
    shutil.copy(content / min(p.name for p in content.iterdir()), content / "a-repost.txt")  # a copy's page
    build_folder(content, paged, replace(SiteConfig(title="Paged", base_url="https://example.org"), page_size=10))
    pages = [p for site in (seeds, paged) for p in site.rglob("*.html") if "pagefind" not in p.parts]
    kinds = {p.relative_to(site).parts[0] if len(p.relative_to(site).parts) > 1 else p.name
             for site in (seeds, paged) for p in pages if p.is_relative_to(site)}
    assert {"index.html", "404.html", "articles", "tags", "hubs", "outlets", "archive", "search", "method", "page"} <= kinds
    run = subprocess.run([*command, "--errors-only", "--format", "json", *map(str, pages)], capture_output=True,
                         text=True, timeout=600, check=False)
    messages = json.loads(run.stderr or "{}").get("messages", [])
    errors = [f"{m.get('url', '').rsplit('/', 3)[-3:]}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert len(pages) > 100 and errors == [], errors[:10]
