"""The cleaning rule engine: rules are data (``rules.toml``), this module only applies them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any, Literal, cast, get_args

from ..model import Block, BlockKind, Removal
from .region import ITEM_END

Action = Literal["drop", "drop_rest", "drop_list", "cut", "cut_caption", "cut_sentence"]
ACTIONS: frozenset[str] = frozenset(get_args(Action))
BLOCK_KINDS: frozenset[str] = frozenset(get_args(BlockKind))
# A headline in a list of links: short, and not a finished sentence (or one cut off with an ellipsis).
HEADLINE_WORDS = 25
CAPTION_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“(]?[A-Z0-9])")
CAPTION_OPENING = re.compile(r"(?:(?:A|An|The)\s+)?(?:[A-Z][\w.’'-]*\s+){2,}[A-Z]?[\w’'-]*")
# Where a cut sentence may start: after any stop but an initial's ("Larry B. Stammer"). Unlike
# generator.text's sentence splitter, a stop after an abbreviation ("… in the U.S. Reuters …") ends
# a sentence here, and a sentence may open in lower case (an e-mail address): a cut takes no more
# than the sentence it needs.
CUT_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!\s[A-Z]\.)[\"”’')]*\s+(?=\S)")
SENTENCE_END = re.compile(r"(?<!\.\.)[.!?:][\"”’')\]]*$")
# "drop_rest" says the article has ended, which it cannot have before it began: until this many
# words of text have been kept, a drop_rest rule only drops its own block (menus say "Comments" too).
ARTICLE_STARTED_WORDS = 60
RULE_KEYS = frozenset({"name", "why", "action", "kinds", "hidden", "pattern", "max_words", "after", "and_next", "min_links",
                       "tail"})


class RuleError(ValueError):
    """A rule cannot be used; the message names the rule and the key."""


@dataclass(frozen=True)
class Rule:
    """One named cleaning rule; see the header of ``rules.toml`` for what each field means."""

    name: str
    why: str
    action: Action
    kinds: frozenset[BlockKind] = frozenset()
    hidden: bool | None = None
    pattern: re.Pattern[str] | None = None
    max_words: int | None = None
    after: float = 0.0
    and_next: int = 0
    min_links: float = 0.0
    tail: int | None = None

    def matches(self, block: Block, position: float, words: int | None = None) -> re.Match[str] | bool:
        """Whether this rule applies to ``block`` found at ``position`` (0..1) in the article
        (``words``: the block's word count, when the caller has counted it)."""
        if self.kinds and block.kind not in self.kinds:
            return False
        if self.hidden is not None and block.hidden != self.hidden:
            return False
        if self.max_words is not None and (len(block.text.split()) if words is None else words) > self.max_words:
            return False
        if position < self.after or block.links < self.min_links:
            return False
        if self.pattern is None:
            return True
        start = 0 if self.tail is None else max(0, len(block.text) - self.tail)  # a rule for the block's end reads its end
        return self.pattern.search(block.text, start) or False


def rule_from_mapping(data: dict[str, Any], where: str) -> Rule:
    """Build a rule from one ``[[rule]]`` table, naming any unknown key or bad value."""
    name = str(data.get("name") or "")
    label = f"{where}: rule {name or '(unnamed)'}"
    unknown = sorted(set(data) - RULE_KEYS)
    if unknown:
        raise RuleError(f"{label}: unknown key(s) {', '.join(unknown)}")
    if not name:
        raise RuleError(f"{label}: needs a name")
    action = data.get("action")
    if action not in ACTIONS:
        raise RuleError(f"{label}: action must be one of {', '.join(sorted(ACTIONS))}, got {action!r}")
    pattern = None
    if "pattern" in data:
        try:
            pattern = re.compile(str(data["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise RuleError(f"{label}: pattern is not a valid regular expression: {exc}") from None
    if action in ("cut", "cut_caption", "cut_sentence") and pattern is None:
        raise RuleError(f"{label}: action cut needs a pattern")
    kinds = data.get("kinds", ())
    if not isinstance(kinds, (list, tuple)) or not set(kinds) <= BLOCK_KINDS:
        raise RuleError(f"{label}: kinds must be a list of block kinds ({', '.join(sorted(BLOCK_KINDS))})")
    return Rule(
        name=name,
        why=str(data.get("why", "")),
        action=cast(Action, action),
        kinds=frozenset(cast(list[BlockKind], kinds)),
        hidden=data.get("hidden"),
        pattern=pattern,
        max_words=data.get("max_words"),
        after=float(data.get("after", 0.0)),
        and_next=int(data.get("and_next", 0)),
        min_links=float(data.get("min_links", 0.0)),
        tail=_tail(data.get("tail"), label),
    )


def _tail(value: object, label: str) -> int | None:
    """A rule's ``tail``: a positive whole number of characters, or None when the rule has none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RuleError(f"{label}: tail must be a positive whole number of characters, got {value!r}")
    return value


@cache
def packaged_rules() -> tuple[Rule, ...]:
    """The rules shipped with the package, in order (read and parsed once a process)."""
    text = resources.files(__package__).joinpath("rules.toml").read_text(encoding="utf-8")
    return tuple(rule_from_mapping(r, "rules.toml") for r in tomllib.loads(text).get("rule", []))


def caption_start(text: str, credit_at: int) -> int:
    """Where a caption spliced in before a photo credit at ``credit_at`` begins.

    A caption opens with a run of capitalised words naming its subject ("US Navy Guided
    Missile Destroyer patrols …"); the nearest such sentence among the last three before the
    credit starts it, else the caption is the one sentence before the credit.
    """
    starts = [0] + [m.end() for m in CAPTION_SENTENCE_BREAK.finditer(text, 0, credit_at)]
    starts = [s for s in starts if s < credit_at]
    candidates = starts[-3:]
    for start in reversed(candidates):
        if CAPTION_OPENING.match(text, start):
            return start
    return candidates[-1] if candidates else credit_at


def sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``text[at]`` begins: after the last full stop (or ! or ?) before
    it that ends a sentence, not an initial's ("Larry B. Stammer")."""
    starts = [m.end() for m in CUT_SENTENCE_BREAK.finditer(text, 0, at + 1)]  # a break may end right at ``at``
    return starts[-1] if starts else 0


def _headlines_after(blocks: tuple[Block, ...], index: int) -> int:
    """How many blocks after ``index`` read as headlines (short, no finished sentence). None,
    when they run into a call to buy: those are a product's name and features, the start of the
    article's own shopping list (:data:`generator.clean.region.ITEM_END`), not links to stories."""
    count = 0
    for block in blocks[index + 1:]:
        if ITEM_END.match(block.text.strip()):
            return 0
        if len(block.text.split()) > HEADLINE_WORDS or SENTENCE_END.search(block.text):
            break
        count += 1
    return count


def _cuts(rule: Rule, text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """The spans of ``text`` a cutting rule removes, from its first ``match`` on: the credit and
    the caption before it, the sentence up to it, or, for "cut", every match (a ticker's links
    recur in one paragraph)."""
    if rule.action == "cut_caption":
        return [(caption_start(text, match.start()), match.end())]
    if rule.action == "cut_sentence":
        return [(sentence_start(text, match.start()), match.end())]
    assert rule.pattern is not None
    return [m.span() for m in rule.pattern.finditer(text, match.start())]


def _joined(pieces: list[str]) -> str:
    """The text left between cuts, each piece joined to the next by a space, or without one
    before a mark that closes what went before ("… and Citi." after "Citi (C.N: Quote, …)")."""
    text = pieces[0]
    for piece in pieces[1:]:
        text += piece if piece[:1] in ".,;:!?)" else " " + piece
    return text


def apply_rules(blocks: tuple[Block, ...], rules: tuple[Rule, ...]) -> tuple[list[Block], list[Removal]]:
    """Run ``rules`` over ``blocks``; return the kept blocks and a record of every removal."""
    kept: list[Block] = []
    removed: list[Removal] = []
    kept_words = 0
    total = max(1, len(blocks))
    skip: tuple[str, int] = ("", 0)
    for index, block in enumerate(blocks):
        position = index / total
        if skip[1] > 0:
            removed.append(Removal(skip[0], block.text))
            skip = (skip[0], skip[1] - 1)
            continue
        words = len(block.text.split())  # counted once for every rule that limits it
        for rule in rules:
            match = rule.matches(block, position, words)
            if not match:
                continue
            if rule.action == "drop_rest" and kept_words >= ARTICLE_STARTED_WORDS:
                removed.extend(Removal(rule.name, b.text) for b in blocks[index:] if b.text or b.kind == "image")
                return kept, removed
            if rule.action in ("drop", "drop_rest", "drop_list"):
                removed.append(Removal(rule.name, block.text))
                following = _headlines_after(blocks, index) if rule.action == "drop_list" else rule.and_next
                skip = (rule.name, following)
                break
            assert isinstance(match, re.Match)
            cuts = _cuts(rule, block.text, match)
            removed.extend(Removal(rule.name, block.text[start:end].strip()) for start, end in cuts)
            pieces = [block.text[end:start] for (_s, end), (start, _e) in pairwise([(0, 0), *cuts, (len(block.text), 0)])]
            block = replace(block, text=" ".join(_joined(pieces).split()))
            words = len(block.text.split())
            if not block.text:
                break
        else:
            kept.append(block)
            if len(block.text) > 80:
                kept_words += len(block.text.split())
    return kept, removed
