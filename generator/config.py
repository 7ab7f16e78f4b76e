"""The site configuration: typed, with defaults and a description for every key.

Read from ``[tool.briefing]`` in the project's ``pyproject.toml`` or from ``briefing.toml``
beside it. Keys that are unknown or of the wrong type stop the build with one message that
names every one of them, before any file is read. Curated hubs and the site's cleaning rules
are parsed here, once, into typed values.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, cast, get_type_hints

from .clean.rules import Rule, RuleError, packaged_rules, rule_from_mapping

MAX_KEYWORDS = 10  # ranked keywords an article may keep; the group stage ranks no more

ImagePolicy = Literal["none", "remote"]


class ConfigError(Exception):
    """The configuration cannot be used; the message names every key at fault and the reason."""


@dataclass(frozen=True)
class CuratedHub:
    """A topic hub the site curates: its name, and the phrases whose articles it holds."""

    name: str
    terms: tuple[str, ...]


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
    hubs: tuple[CuratedHub, ...] = _doc(
        "Curated topic hubs, as [[hubs]] tables with a name and the terms that define them.", ())
    tag_aliases: dict[str, str] = field(default_factory=dict,
                                        metadata={"doc": "Keyword → tag it means, e.g. {\"Putin\" = \"Vladimir Putin\"}."})
    stop_tags: tuple[str, ...] = _doc("Keywords that never become tags on this site.", ())
    images: ImagePolicy = _doc('"none" (default): no image is shown or fetched; "remote": an article\'s lead image '
                               "(frontmatter image or thumbnail) is shown from its own server, which the CSP must then "
                               "allow.", "none")
    rules: tuple[Rule, ...] = _doc(
        "Extra cleaning rules for this site's sources, as [[rules]] tables with the keys of clean/rules.toml; "
        "they run before the packaged rules.", ())
    disabled_rules: tuple[str, ...] = _doc("Names of packaged cleaning rules this site does not want.", ())
    page_size: int = _doc("Articles a list page (home, tag, hub, outlet, archive) shows before it goes on at "
                          "…/page/2/.", 20)
    search_shard_pages: int = _doc(
        "Articles per search index shard: a larger site's index is split by date into shards that are built "
        "apart, so indexing memory stays bounded and an added, changed or removed article re-indexes its own "
        "shard only.", 1000)

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Each key and what it does, for ``--help`` and the README."""
        return {f.name: f.metadata["doc"] for f in fields(cls)}


class _Invalid(Exception):
    """One key's value cannot be used; each argument is a message naming the key."""


_TYPES = get_type_hints(SiteConfig)
_RANGES: dict[str, tuple[int, int | None]] = {  # (least, most) of the integer keys that have bounds
    "keywords_per_article": (1, MAX_KEYWORDS), "summary_sentences": (2, 4), "page_size": (5, 500),
    "search_shard_pages": (2, None),
}


def from_mapping(data: dict[str, Any], where: str) -> SiteConfig:
    """Build a config from a mapping. Every unknown key and every value of the wrong type or out
    of range is named, all of them in one :class:`ConfigError`."""
    known = [f.name for f in fields(SiteConfig)]
    errors: list[str] = []
    unknown = sorted(set(data) - set(known))
    if unknown:
        errors.append(f"unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in unknown:
            try:
                values[key] = _PARSERS.get(key, _plain)(key, value)
            except _Invalid as exc:
                errors.extend(str(message) for message in exc.args)
    if errors:
        listed = errors[0] if len(errors) == 1 else f"{len(errors)} errors: " + "; ".join(errors)
        raise ConfigError(f"{where}: {listed}")
    config = replace(SiteConfig(), **values)
    return replace(config, base_url=config.base_url.rstrip("/"))


def _plain(key: str, value: Any) -> Any:
    """A string or an integer key (an integer within its bounds)."""
    expected = _TYPES[key]
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _Invalid(f"key {key} must be an integer, got {value!r}")
    if expected is str and not isinstance(value, str):
        raise _Invalid(f"key {key} must be a string, got {value!r}")
    bounds = _RANGES.get(key)
    if bounds is not None:
        least, most = bounds
        if most is not None and not least <= value <= most:
            raise _Invalid(f"key {key} must be between {least} and {most}")
        if value < least:
            raise _Invalid(f"key {key} must be at least {least}")
    return value


def _images(key: str, value: Any) -> ImagePolicy:
    if value not in ("none", "remote"):
        raise _Invalid(f'key {key} must be "none" or "remote", got {value!r}')
    return cast(ImagePolicy, value)


def _strings(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise _Invalid(f"key {key} must be a list of strings")
    return tuple(value)


def _disabled_rules(key: str, value: Any) -> tuple[str, ...]:
    names = _strings(key, value)
    unknown = sorted(set(names) - {r.name for r in packaged_rules()})
    if unknown:
        raise _Invalid(f"key {key}: no packaged rule is called {', '.join(unknown)}")
    return names


def _tag_aliases(key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _Invalid(f'key {key} must be a table of keyword = "tag"')
    return dict(value)


def _rules(key: str, value: Any) -> tuple[Rule, ...]:
    """The site's own cleaning rules, each parsed (and checked) once, here."""
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise _Invalid(f"key {key} must be a list of tables ([[rules]])")
    rules: list[Rule] = []
    errors: list[str] = []
    for table in value:
        try:
            rules.append(rule_from_mapping(table, f"key {key}"))
        except RuleError as exc:
            errors.append(str(exc))
    if errors:
        raise _Invalid(*errors)
    return tuple(rules)


def _hubs(key: str, value: Any) -> tuple[CuratedHub, ...]:
    """The curated hubs: each a table with a ``name`` and ``terms``, a list of phrases."""
    if not isinstance(value, list):
        raise _Invalid(f"key {key} must be a list of tables ([[hubs]])")
    hubs: list[CuratedHub] = []
    errors: list[str] = []
    for i, hub in enumerate(value, 1):
        try:
            hubs.append(_hub(key, i, hub))
        except _Invalid as exc:
            errors.extend(exc.args)
    if errors:
        raise _Invalid(*errors)
    return tuple(hubs)


def _hub(key: str, i: int, hub: Any) -> CuratedHub:
    if not isinstance(hub, dict):
        raise _Invalid(f"key {key}: entry {i} must be a table")
    unknown = sorted(set(hub) - {"name", "terms"})
    if unknown:
        raise _Invalid(f"key {key}: entry {i}: unknown key(s) {', '.join(unknown)}")
    name, terms = hub.get("name"), hub.get("terms")
    if not isinstance(name, str) or not name.strip():
        raise _Invalid(f"key {key}: entry {i} needs a name")
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise _Invalid(f"key {key}: hub {name!r} needs terms, a list of phrases")
    return CuratedHub(name.strip(), tuple(terms))


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "images": _images, "stop_tags": _strings, "disabled_rules": _disabled_rules, "tag_aliases": _tag_aliases,
    "rules": _rules, "hubs": _hubs,
}


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
    """The site's own rules, then the packaged ones it has not disabled."""
    return config.rules + tuple(r for r in packaged_rules() if r.name not in config.disabled_rules)
