"""Stage 3, clean: keep the article, remove the cruft, find the metadata.

Every removal is recorded with the rule that made it, so ``briefing clean --explain`` can
show an editor why a piece of text is gone.
"""

from __future__ import annotations

import re

from ..model import Block, CleanDoc, RawDoc, Removal, StageError
from .meta import find_metadata
from .rules import Rule, apply_rules, packaged_rules

__all__ = ["clean", "packaged_rules", "Rule"]

STAGE = "clean"
SENTENCE_END = re.compile(r"[.!?:;…\"”’')\]]$")
BODY_KINDS = frozenset({"paragraph", "heading", "quote", "list_item"})


def clean(raw: RawDoc, rules: tuple[Rule, ...]) -> CleanDoc:
    """Clean one parsed document with ``rules``; raise :class:`StageError` if no text is left."""
    meta, consumed = find_metadata(raw)
    removed: list[Removal] = [Removal(consumed[i], raw.blocks[i].text) for i in sorted(consumed)]
    remaining = tuple(b for i, b in enumerate(raw.blocks) if i not in consumed)
    kept, by_rules = apply_rules(remaining, rules)
    removed.extend(by_rules)
    body = rejoin_broken(tuple(b for b in kept if b.kind in BODY_KINDS and b.text))
    if not body:
        raise StageError("no article text is left after cleaning")
    return CleanDoc(raw.source, raw.format, body, tuple(removed), meta, raw.warnings)


def rejoin_broken(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Join paragraphs split mid-sentence: one ends without closing punctuation, the next starts lower-case."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == block.kind == "paragraph"
            and not SENTENCE_END.search(prev.text)
            and block.text[:1].islower()
        ):
            out[-1] = Block(prev.kind, f"{prev.text} {block.text}", prev.level, prev.hidden, prev.emphasis and block.emphasis)
        else:
            out.append(block)
    return tuple(out)
