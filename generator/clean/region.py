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

from ..model import Block, Removal
from ..text import STOPWORDS, words

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


def block_value(block: Block) -> float:
    """Words of prose count for the block; anything else costs a little, more when link-heavy.

    Images, captions, rules and hidden text are neutral: they sit inside articles as often as outside.
    """
    if block.kind in NEUTRAL_KINDS or block.hidden:
        return 0.0
    tokens = words(block.text)
    n = len(tokens)
    function_share = sum(t in STOPWORDS for t in tokens) / n if n else 0.0
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


def main_region(blocks: tuple[Block, ...]) -> tuple[list[Block], list[Removal]]:
    """Keep the best-scoring contiguous run of blocks; report everything else as removed."""
    bounds = region_bounds(blocks)
    if bounds is None:
        return list(blocks), []
    first, last = bounds
    removed = [Removal(RULE, b.text) for i, b in enumerate(blocks) if (i < first or i > last) and b.text]
    return list(blocks[first:last + 1]), removed


def region_bounds(blocks: tuple[Block, ...]) -> tuple[int, int] | None:
    """The first and last index of the best-scoring contiguous run, or ``None`` when no run
    scores above zero (nothing reads as prose: keep everything)."""
    best_total, best = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, block in enumerate(blocks):
        value = block_value(block)
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best_total:
            best_total, best = total, (start, i)
    return best if best_total > 0 else None
