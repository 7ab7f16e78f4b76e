"""Shared fixtures: the repository's folders and a helper that builds a content folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildResult, build
from generator.clean import clean
from generator.config import SiteConfig, cleaning_rules
from generator.enrich.stage import enrich
from generator.model import Article, SourceFile
from generator.parse import parse

try:  # in CI the property tests run derandomised, so a green run is repeatable
    from hypothesis import settings as _hypothesis_settings
    from hypothesis.configuration import set_hypothesis_home_dir

    # Hypothesis keeps its caches and example database in .hypothesis/ of the working folder: no
    # test writes into the repository, so its caches go to the temporary folder and it keeps no database.
    set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "briefing-hypothesis"))
    _hypothesis_settings.register_profile("local", database=None)
    _hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
    _hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "local")
except ImportError:  # the test extras are not installed: the property tests skip themselves
    pass

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = {
    "frontmatter": "000_307e4a936ced7875.txt",
    "comments": "001_599c788b2f42df5e.txt",
    "wordpress": "002_ae8dff6b84fdfa0c.txt",
    "markdown": "003_8f1cf0a67f0836c4.txt",
    "untitled": "004_85046ec8f58ac665.txt",
}
TEST_CONFIG = SiteConfig(title="Test briefing", description="A test site.", base_url="https://example.org")


def articles_in_memory(files: dict[str, str], config: SiteConfig = TEST_CONFIG) -> list[Article]:
    """The articles of ``files`` (name → text) through parse, clean and enrich, in memory."""
    rules = cleaning_rules(config)
    articles = []
    for name, text in files.items():
        data = text.encode("utf-8")
        articles.append(enrich(clean(parse(SourceFile(Path(name), name, data, hashlib.sha256(data).hexdigest())), rules),
                               config))
    return articles


def build_folder(content: Path, output: Path, config: SiteConfig = TEST_CONFIG) -> BuildResult:
    """Build ``content`` into ``output`` with the project's templates."""
    return build(content, output, config, TEMPLATES)


def read_feed(site: Path) -> dict[str, Any]:
    """The built site's JSON Feed."""
    return json.loads((site / "feed.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The five seed articles built once for the whole session."""
    out = tmp_path_factory.mktemp("seeds") / "site"
    return out, build_folder(CONTENT, out)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed content folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target
