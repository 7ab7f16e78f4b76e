"""Find where the article is in a whole-page dump: the run of blocks richest in prose.

Menus, link lists, sign-in prompts and teaser lists are short, link-heavy or without sentences;
article paragraphs are long, end in punctuation and use function words. Each block gets a
value (positive for prose, negative otherwise) and the article is the contiguous run with the
largest total (a maximum-subarray search), so a menu above and a footer below fall away while
a short subheading, an aside or a plain list (items of a few words, no links: "England (Group
A): 10th appearance") between paragraphs stays.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from ..model import Block, Removal
from ..text import STOPWORDS, guess_language, stop_words, words

RULE = "outside-article"
# Formats whose files may hold a whole page (menus, footers); saved HTML pages are narrowed by trafilatura.
DUMP_FORMATS = frozenset({"markdown", "text", "frontmatter"})
PROSE_END = re.compile(r"[.!?:;…\"”’')\]]$")
MIN_PROSE_WORDS = 10
MAX_PROSE_LINKS = 0.4
MIN_FUNCTION_WORDS = 0.15
NON_PROSE_COST = 4.0
LONG_BLOCK_WORDS = 40
NEUTRAL_KINDS = frozenset({"image", "caption", "rule"})
LIST_ITEM_WORDS = 4
COUNT_END = re.compile(r"\(\d+\)$")
# A shopping list's item ends in a call to buy ("Buy Now", "Available from Amazon", "Get it at
# Walmart for $49"): a run of such items is the article's own list, not page chrome.
ITEM_END = re.compile(
    r"^(?:buy now|shop now|add to (?:cart|basket)|view deal|see (?:it|deal|price)|check (?:the )?price"
    r"|(?:get (?:it|one|this)\b.{0,40}?|available|buy|shop) (?:on|at|from) \w[\w.&\x27’ -]{1,30}?"
    r"(?: for [$£€]?[\d.,]+)?)[.!]?$", re.IGNORECASE)
MIN_ITEMS = 3  # a list has at least three items
ITEM_TAIL = 3  # blocks between two calls to buy that end the same item
ITEM_BLOCKS = 40  # an item (name, features, price, calls to buy) is at most this many blocks


def function_words(blocks: tuple[Block, ...]) -> frozenset[str]:
    """The function words that mark the page's prose: English ones; and, on a page too few of
    whose words are English function words, those of its language too (YAKE's list for the
    language its text is in), so that French or German paragraphs read as prose."""
    text = " ".join(b.text for b in blocks if b.text)
    tokens = text.lower().split()
    if not tokens or sum(t in STOPWORDS for t in tokens) >= MIN_FUNCTION_WORDS * len(tokens):
        return STOPWORDS
    language = guess_language(text)
    return STOPWORDS if language == "en" else STOPWORDS | stop_words(language)


def block_value(block: Block, function: frozenset[str] = STOPWORDS) -> float:
    """Words of prose count for the block; anything else costs a little, more when link-heavy.
    Prose uses ``function`` words (:func:`function_words`).

    Images, captions, rules and hidden text are neutral: they sit inside articles as often as outside.
    """
    if block.kind in NEUTRAL_KINDS or block.hidden:
        return 0.0
    tokens = words(block.text)
    n = len(tokens)
    function_share = sum(t in function for t in tokens) / n if n else 0.0
    if COUNT_END.search(block.text):
        return -NON_PROSE_COST  # "Headline of another story (142)": a teaser with a comment count
    if block.links <= MAX_PROSE_LINKS and (
        n >= LONG_BLOCK_WORDS
        or (n >= MIN_PROSE_WORDS and function_share >= MIN_FUNCTION_WORDS and (PROSE_END.search(block.text) or n >= 25))
    ):
        return float(n)
    if block.kind == "heading" and n <= 20 and block.links < 0.5:
        return -1.0
    if block.kind == "list_item" and n >= LIST_ITEM_WORDS and block.links == 0:
        return -1.0  # a list the article makes; menus are links or single words
    if block.kind == "table_row":
        return -0.5
    return -(NON_PROSE_COST + 4.0 * block.links + min(n, 12) * 0.25)


def main_region(blocks: tuple[Block, ...], title: str | None = None,
                function: frozenset[str] = STOPWORDS) -> tuple[list[Block], list[Removal]]:
    """Keep the best-scoring contiguous run of blocks (their prose told by ``function`` words);
    report everything else as removed. When a heading repeats the article's ``title``, the
    article starts there, not before."""
    bounds = region_bounds(blocks, _title_at(blocks, title, function), function)
    if bounds is None:
        return list(blocks), []
    first, last = bounds
    removed = [Removal(RULE, b.text) for i, b in enumerate(blocks) if (i < first or i > last) and b.text]
    return list(blocks[first:last + 1]), removed


def region_bounds(blocks: tuple[Block, ...], start_at: int = 0,
                  function: frozenset[str] = STOPWORDS) -> tuple[int, int] | None:
    """The first and last index of the best-scoring contiguous run from ``start_at`` on, or
    ``None`` when no run scores above zero (nothing reads as prose: keep everything). A linked
    block the page holds twice (a ticker, a teaser list shown above and below) is chrome."""
    seen = Counter(b.text for b in blocks if b.links > 0 and b.text)
    values = [-(NON_PROSE_COST + 4.0 * b.links) if seen[b.text] > 1 and b.links > 0 else block_value(b, function) for b in blocks]
    _count_shopping_items(blocks, values)
    best_total, best = float("-inf"), (0, 0)
    total, start = 0.0, start_at
    for i, value in enumerate(values):
        if i < start_at:
            continue
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best_total:
            best_total, best = total, (start, i)
    return best if best_total > 0 else None


def _count_shopping_items(blocks: tuple[Block, ...], values: list[float]) -> None:
    """A shopping list is part of its article: in a run of at least ``MIN_ITEMS`` items, each
    ending in a call to buy, the items' blocks cost nothing and each item counts one, so the
    list stays with the introduction that presents it."""
    calls = [i for i, b in enumerate(blocks) if b.kind != "heading" and ITEM_END.match(b.text.strip())]
    # Calls a line or two apart ("Available from Amazon", then "Buy Now") end one item.
    ends = [i for i, after in pairwise([*calls, None]) if i is not None and (after is None or after - i > ITEM_TAIL)]
    if len(ends) < MIN_ITEMS:
        return
    runs: list[list[int]] = [[ends[0]]]
    for previous, end in pairwise(ends):
        if end - previous <= ITEM_BLOCKS:
            runs[-1].append(end)
        else:
            runs.append([end])
    for run in runs:
        if len(run) < MIN_ITEMS:
            continue
        first = max(0, run[0] - (run[1] - run[0]))  # the first item is as long as the second
        for i in range(first, run[-1] + 1):
            values[i] = max(values[i], 0.0)
        for end in run:
            values[end] = 1.0


def _title_at(blocks: tuple[Block, ...], title: str | None, function: frozenset[str] = STOPWORDS) -> int:
    """The index of the first heading that is the article's title (letters and digits
    compared) and opens it: prose follows before any other heading (the same title in a
    "trending" list below the article heads a teaser, not prose). 0 when there is none."""
    if not title:
        return 0
    key = _letters(title)
    for i, block in enumerate(blocks):
        if block.kind == "heading" and _letters(block.text) == key:
            for after in blocks[i + 1:]:
                if after.kind == "heading":
                    break
                if block_value(after, function) > 0:
                    return i
    return 0


def _letters(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
