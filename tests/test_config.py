"""The typed site config: defaults, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ConfigError, SiteConfig, from_mapping, load


def test_defaults_and_every_field_is_documented() -> None:
    config = SiteConfig()
    assert config.language == "en" and config.templates == "templates"
    assert all(SiteConfig.describe().values())


def test_reads_tool_briefing_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.briefing]\ntitle = "Arctic brief"\nbase_url = "https://x.org/"\n')
    config = load(tmp_path)
    assert config.title == "Arctic brief" and config.base_url == "https://x.org"


def test_briefing_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.briefing]\ntitle = "A"\n')
    (tmp_path / "briefing.toml").write_text('title = "B"\n')
    assert load(tmp_path).title == "B"


@pytest.mark.parametrize("data,message", [
    ({"titel": "x"}, "unknown key(s) titel"),
    ({"max_hubs": "ten"}, "key max_hubs must be an integer"),
    ({"title": 3}, "key title must be a string"),
    ({"summary_sentences": 9}, "key summary_sentences must be between 2 and 4"),
])
def test_bad_keys_are_named(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_mapping(data, "briefing.toml")


def test_unreadable_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text("title = \n")
    with pytest.raises(ConfigError, match="briefing.toml"):
        load(tmp_path)
