"""The typed site config: defaults, and errors that name the key."""

from __future__ import annotations

import re
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
    ({"related_articles": "ten"}, "key related_articles must be an integer"),
    ({"title": 3}, "key title must be a string"),
    ({"summary_sentences": 9}, "key summary_sentences must be between 2 and 4"),
    ({"search_shard_pages": 1}, "key search_shard_pages must be at least 2"),
    ({"disabled_rules": ["no-such-rule"]}, "key disabled_rules: no packaged rule is called no-such-rule"),
])
def test_bad_keys_are_named(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_mapping(data, "briefing.toml")


def test_unreadable_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text("title = \n")
    with pytest.raises(ConfigError, match=r"briefing\.toml"):
        load(tmp_path)


def test_site_rules_run_first_and_packaged_rules_can_be_disabled(tmp_path: Path) -> None:
    from generator.config import cleaning_rules

    (tmp_path / "briefing.toml").write_text(
        'disabled_rules = ["advert"]\n\n[[rules]]\nname = "outlet-promo"\naction = "drop"\n'
        'pattern = "^support independent journalism"\n', encoding="utf-8")
    rules = cleaning_rules(load(tmp_path))
    assert rules[0].name == "outlet-promo"
    assert "advert" not in {r.name for r in rules}


@pytest.mark.parametrize("toml,message", [
    ('[[rules]]\nname = "x"\naction = "drop"\ncolour = "red"\n', "rule x: unknown key(s) colour"),
    ('rules = "drop everything"\n', "key rules must be a list of tables"),
    ('disabled_rules = ["no-such-rule"]\n', "no packaged rule is called no-such-rule"),
])
def test_bad_site_rules_are_named(tmp_path: Path, toml: str, message: str) -> None:
    from generator.config import cleaning_rules

    (tmp_path / "briefing.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        cleaning_rules(load(tmp_path))


def test_every_bad_key_is_named_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        from_mapping({"titel": "x", "page_size": 2, "images": "all", "hubs": [{"name": "Arctic"}], "stop_tags": "x"},
                     "briefing.toml")
    message = str(caught.value)
    assert message.startswith("briefing.toml: 5 errors: unknown key(s) titel")
    for named in ("key page_size must be between 5 and 500", 'key images must be "none" or "remote"',
                  "key hubs: hub 'Arctic' needs terms", "key stop_tags must be a list of strings"):
        assert named in message, message


def test_curated_hubs_and_site_rules_are_parsed_once_into_typed_values() -> None:
    from generator.clean.rules import Rule
    from generator.config import CuratedHub

    config = from_mapping({"hubs": [{"name": " Arctic ", "terms": ["sea ice"]}],
                           "rules": [{"name": "promo", "action": "drop", "pattern": "^donate"}]}, "briefing.toml")
    assert config.hubs == (CuratedHub("Arctic", ("sea ice",)),)
    assert isinstance(config.rules[0], Rule) and config.rules[0].pattern is not None
