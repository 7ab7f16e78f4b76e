"""The site configuration: typed, with defaults and a description for every key.

Read from ``[tool.briefing]`` in the project's ``pyproject.toml`` or from ``briefing.toml``
beside it. A key that is unknown or of the wrong type stops the build with a message that
names it, before any file is read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from .clean.rules import Rule, RuleError, packaged_rules, rule_from_mapping

MAX_KEYWORDS = 10  # ranked keywords an article may keep; the group stage ranks no more


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key and the reason."""


def _doc(text: str, default: Any) -> Any:
    if isinstance(default, dict):
        return field(default_factory=dict, metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


@dataclass(frozen=True)
class SiteConfig:
    """Everything a site may set. Each field's ``doc`` metadata says what it does."""

    title: str = _doc("Site title shown in the header and feeds.", "Briefing")
    description: str = _doc("One sentence saying what the site follows.", "")
    base_url: str = _doc("Public URL of the site, used for feed item URLs (no trailing slash).", "")
    language: str = _doc("Default article language when a file does not state one.", "en")
    templates: str = _doc("Folder of Jinja templates, relative to the project root.", "templates")
    max_file_bytes: int = _doc("Files larger than this are refused with a reason.", 5_000_000)
    keywords_per_article: int = _doc(f"How many ranked keywords each article keeps (at most {MAX_KEYWORDS}).", 10)
    summary_sentences: int = _doc("Sentences in each article's extractive summary (2 to 4).", 3)
    related_articles: int = _doc("Related articles listed on each article page.", 4)
    hubs: tuple[dict[str, Any], ...] = _doc(
        "Curated topic hubs, as [[hubs]] tables with a name and the terms that define them.", ())
    tag_aliases: dict[str, str] = field(default_factory=dict,
                                        metadata={"doc": "Keyword → tag it means, e.g. {\"Putin\" = \"Vladimir Putin\"}."})
    stop_tags: tuple[str, ...] = _doc("Keywords that never become tags on this site.", ())
    images: str = _doc('"none" (default): no image is shown or fetched; "remote": an article\'s lead image '
                       "(frontmatter image or thumbnail) is shown from its own server, which the CSP must then allow.",
                       "none")
    rules: tuple[dict[str, Any], ...] = _doc(
        "Extra cleaning rules for this site's sources, as [[rules]] tables with the keys of clean/rules.toml; "
        "they run before the packaged rules.", ())
    disabled_rules: tuple[str, ...] = _doc("Names of packaged cleaning rules this site does not want.", ())
    page_size: int = _doc("Articles a list page (home, tag, hub, outlet, archive) shows before it goes on at "
                          "…/page/2/.", 20)
    search_shard_pages: int = _doc(
        "Articles per search index shard: a larger site's index is split in shards (2, 4, 8, …) that are built "
        "apart, so indexing memory stays bounded and a new article re-indexes one shard.", 1000)

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Each key and what it does, for ``--help`` and the README."""
        return {f.name: f.metadata["doc"] for f in fields(cls)}


_TYPES = get_type_hints(SiteConfig)


def from_mapping(data: dict[str, Any], where: str) -> SiteConfig:
    """Build a config from a mapping, naming any unknown key or wrongly typed value."""
    known = {f.name for f in fields(SiteConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        expected = _TYPES[key]
        if key == "rules":
            if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
                raise ConfigError(f"{where}: key rules must be a list of tables ([[rules]])")
            try:
                for rule in value:
                    rule_from_mapping(rule, where)
            except RuleError as exc:
                raise ConfigError(str(exc)) from None
            values[key] = tuple(value)
            continue
        if key in ("disabled_rules", "stop_tags"):
            if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
                raise ConfigError(f"{where}: key {key} must be a list of strings")
            values[key] = tuple(value)
            continue
        if key == "tag_aliases":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"{where}: key tag_aliases must be a table of keyword = \"tag\"")
            values[key] = dict(value)
            continue
        if key == "hubs":
            values[key] = _curated_hubs(value, where)
            continue
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{where}: key {key} must be an integer, got {value!r}")
        if expected is str and not isinstance(value, str):
            raise ConfigError(f"{where}: key {key} must be a string, got {value!r}")
        values[key] = value
    config = replace(SiteConfig(), **values)
    if not 1 <= config.keywords_per_article <= MAX_KEYWORDS:
        raise ConfigError(f"{where}: key keywords_per_article must be between 1 and {MAX_KEYWORDS}")
    if config.images not in ("none", "remote"):
        raise ConfigError(f'{where}: key images must be "none" or "remote", got {config.images!r}')
    if not 5 <= config.page_size <= 500:
        raise ConfigError(f"{where}: key page_size must be between 5 and 500")
    if config.search_shard_pages < 2:
        raise ConfigError(f"{where}: key search_shard_pages must be at least 2")
    if not 2 <= config.summary_sentences <= 4:
        raise ConfigError(f"{where}: key summary_sentences must be between 2 and 4")
    return replace(config, base_url=config.base_url.rstrip("/"))


def _curated_hubs(value: Any, where: str) -> tuple[dict[str, Any], ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: key hubs must be a list of tables ([[hubs]])")
    hubs = []
    for i, hub in enumerate(value, 1):
        if not isinstance(hub, dict):
            raise ConfigError(f"{where}: hubs entry {i} must be a table")
        unknown = sorted(set(hub) - {"name", "terms"})
        if unknown:
            raise ConfigError(f"{where}: hubs entry {i}: unknown key(s) {', '.join(unknown)}")
        terms = hub.get("terms")
        if not isinstance(hub.get("name"), str) or not hub["name"].strip():
            raise ConfigError(f"{where}: hubs entry {i} needs a name")
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise ConfigError(f"{where}: hub {hub['name']!r} needs terms, a list of phrases")
        hubs.append({"name": hub["name"].strip(), "terms": tuple(terms)})
    return tuple(hubs)


def load(root: Path) -> SiteConfig:
    """Load the config of the project at ``root`` (``briefing.toml`` wins over ``pyproject.toml``)."""
    own = root / "briefing.toml"
    if own.is_file():
        return from_mapping(_read_toml(own), str(own))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        section = _read_toml(pyproject).get("tool", {}).get("briefing", {})
        return from_mapping(section, f"{pyproject} [tool.briefing]")
    return SiteConfig()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as TOML: {exc}") from exc


def cleaning_rules(config: SiteConfig) -> tuple[Rule, ...]:
    """The site's own rules, then the packaged ones it has not disabled; unknown names are errors."""
    packaged = packaged_rules()
    names = {r.name for r in packaged}
    unknown = sorted(set(config.disabled_rules) - names)
    if unknown:
        raise ConfigError(f"disabled_rules: no packaged rule is called {', '.join(unknown)}")
    own = tuple(rule_from_mapping(r, "config rules") for r in config.rules)
    return own + tuple(r for r in packaged if r.name not in config.disabled_rules)
