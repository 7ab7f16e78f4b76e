"""Frontmatter in YAML (``---``), TOML (``+++``) or JSON (a leading object), read safely and typed.

YAML is read in one pass with the safe loader (libyaml's C reader when installed) after two
checks: aliases are refused (the "billion laughs" bomb needs them and scraped metadata never
does), and so is a block larger than 256 KB. Duplicate keys and unknown or mistyped keys are named in warnings.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import fields
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..clean.meta import parse_date
from ..model import FrontMatter, StageError

MAX_FRONTMATTER_BYTES = 262_144
MAX_TITLE_CHARS = 300
MAX_LIST_ITEMS = 100
YAML_START = re.compile(r"\A\s*---[ \t]*\n")
TOML_START = re.compile(r"\A\s*\+\+\+[ \t]*\n")
JSON_START = re.compile(r"\A\s*\{")
# Keys that scrapers and CMS exports commonly add; accepted, not used.
IGNORED_KEYS = frozenset({"comments", "layout", "draft", "slug", "id", "summary", "description"})
KEY_ALIASES = {"lang": "language", "publisher": "outlet", "source": "outlet", "link": "url", "thumbnail": "image",
               "category": "categories", "tag": "tags"}


def split_frontmatter(text: str) -> tuple[FrontMatter, str, list[str]] | None:
    """(typed frontmatter, body, warnings) when ``text`` opens with frontmatter, else ``None``.

    Raises :class:`StageError` for frontmatter that is opened but broken: unterminated, too
    large, not a mapping, invalid, or using YAML aliases.
    """
    if YAML_START.match(text):
        raw, body = _block(text.lstrip(), "---", ("---", "..."))
        data, warnings = _yaml(raw)
    elif TOML_START.match(text):
        raw, body = _block(text.lstrip(), "+++", ("+++",))
        try:
            data, warnings = tomllib.loads(raw), []
        except tomllib.TOMLDecodeError as exc:
            raise StageError(f"frontmatter is not valid TOML: {exc}") from None
    elif JSON_START.match(text):
        try:
            data, end = json.JSONDecoder().raw_decode(text.lstrip())
        except (json.JSONDecodeError, RecursionError):
            return None  # a page that starts with a brace is just text
        if not isinstance(data, dict):
            return None
        body, warnings = text.lstrip()[end:], []
    else:
        return None
    meta, typed_warnings = typed_frontmatter(data)
    return meta, body, warnings + typed_warnings


def _block(text: str, opener: str, closers: tuple[str, ...]) -> tuple[str, str]:
    lines = text.split("\n")
    for i, line in enumerate(lines[1:], 1):
        if line.strip() in closers:
            raw = "\n".join(lines[1:i])
            if len(raw.encode("utf-8")) > MAX_FRONTMATTER_BYTES:
                raise StageError(f"frontmatter is larger than {MAX_FRONTMATTER_BYTES // 1024} KB")
            return raw, "\n".join(lines[i + 1:])
    raise StageError(f"frontmatter opened with '{opener}' is never closed")


_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C reader when installed


class _LenientLoader(_BASE_LOADER):  # type: ignore[misc]
    """The safe loader (libyaml's when present), with a date that looks like one but is
    impossible ("2023-02-30") read as text, so that the field, not the file, is dropped."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        """A date or datetime, or the text when it names no real day."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_LenientLoader.add_constructor("tag:yaml.org,2002:timestamp", _LenientLoader.construct_yaml_timestamp)


class _Data(dict[str, Any]):
    """A YAML block's data, with the keys it gives more than once."""

    duplicates: tuple[str, ...] = ()


class _Handler(YAMLHandler):
    """python-frontmatter's YAML handler, reading a block in one pass: the node graph is composed
    once, checked (no aliases, a mapping) and its duplicate keys noted, then made into data."""

    def load(self, fm: str, **kwargs: object) -> _Data:
        """The YAML block's data; raises :class:`StageError` for aliases or a non-mapping."""
        loader = _LenientLoader(fm)
        try:
            node = loader.get_single_node()
            if node is None:
                return _Data()
            if not isinstance(node, yaml.MappingNode):
                raise StageError("frontmatter is not a mapping of keys to values")
            _refuse_aliases(node)
            keys = [k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)]
            data = _Data(loader.construct_document(node))
            data.duplicates = tuple(sorted({k for k in keys if keys.count(k) > 1}))
            return data
        finally:
            loader.dispose()


def _refuse_aliases(root: yaml.Node) -> None:
    """Raise when a node is reached twice: an alias (the "billion laughs" bomb is made of them)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise StageError("frontmatter uses YAML anchors or aliases, which are refused")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


_YAML = _Handler()


def _yaml(raw: str) -> tuple[dict[str, Any], list[str]]:
    if not raw.strip():
        return {}, []
    try:
        data = _YAML.load(raw)  # python-frontmatter's handler; keys named "content" or "handler" are plain keys
    except yaml.YAMLError as exc:
        raise StageError(f"frontmatter is not valid YAML: {_first_line(exc)}") from None
    warnings = [f"frontmatter key {k!r} is given more than once; the last value is used" for k in data.duplicates]
    return dict(data), warnings


def typed_frontmatter(raw: dict[str, Any]) -> tuple[FrontMatter, list[str]]:
    """Keep the known keys with the right types; name every unknown or mistyped key in a warning."""
    if not isinstance(raw, dict):
        return FrontMatter(), ["frontmatter is not a mapping; ignored"]
    known = {f.name for f in fields(FrontMatter)}
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in raw.items():
        name = KEY_ALIASES.get(str(key).lower(), str(key).lower())
        if name in IGNORED_KEYS:
            continue
        if name not in known:
            warnings.append(f"unknown frontmatter key {key!r} ignored")
            continue
        typed = _labels(key, value, warnings) if name in {"categories", "tags"} else _scalar(name, key, value, warnings)
        if typed is not _DROPPED:
            values[name] = typed
    return FrontMatter(**values), warnings


_DROPPED = object()  # a value that was refused (and named in a warning)


def _labels(key: object, value: object, warnings: list[str]) -> object:
    """``categories`` or ``tags``: a list of labels (one label alone is a list of one)."""
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
    if items is None or not all(isinstance(i, (str, int, float)) for i in items):
        warnings.append(f"frontmatter key {key!r} must be a list of strings; ignored")
        return _DROPPED
    kept = [str(i).strip() for i in items if str(i).strip()]
    if len(kept) > MAX_LIST_ITEMS:
        warnings.append(f"frontmatter key {key!r} has {len(kept)} entries; the first {MAX_LIST_ITEMS} are kept")
    return tuple(kept[:MAX_LIST_ITEMS])


def _scalar(name: str, key: object, value: object, warnings: list[str]) -> object:
    """A text field: whitespace collapsed, a long title cut at a word, an unreadable date dropped."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        if name == "title" and len(text) > MAX_TITLE_CHARS:
            warnings.append(f"frontmatter title is {len(text):,} characters; cut to {MAX_TITLE_CHARS}")
            text = text[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        if name == "date" and text and parse_date(text) is None:
            warnings.append(f"frontmatter date {text!r} is not a date this build can read; ignored")
            return _DROPPED
        return text or None
    if hasattr(value, "isoformat"):  # YAML and TOML turn bare dates into date/datetime objects
        return value.isoformat()
    warnings.append(f"frontmatter key {key!r} must be text; ignored")
    return _DROPPED


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
