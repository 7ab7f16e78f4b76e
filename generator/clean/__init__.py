"""Stage 3, clean: keep the article, remove the cruft, find the metadata.

Every removal is recorded with the rule that made it, so ``briefing clean --explain`` can
show an editor why a piece of text is gone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, CleanDoc, Field, RawDoc, Removal, StageError, StageWarning
from ..scripts import word_count
from ..text import STOPWORDS, guess_language
from .meta import find_metadata
from .region import DUMP_FORMATS, block_value, function_words, main_region
from .rules import Rule, apply_rules, packaged_rules

__all__ = ["Rule", "clean", "packaged_rules"]

SENTENCE_END = re.compile(r"[.!?:;…\"”’')\]]$")
CLOSE_PUNCT = re.compile(r"^[,.;:!?)\]”’%]")
POSSESSIVE_END = re.compile(r"\w['’]s$")
MIN_ARTICLE_WORDS = 8
BODY_KINDS = frozenset({"paragraph", "heading", "quote", "list_item", "table_row"})


def clean(raw: RawDoc, rules: tuple[Rule, ...]) -> CleanDoc:
    """Clean one parsed document with ``rules``; raise :class:`StageError` if no text is left."""
    meta, consumed = find_metadata(raw)
    removed: list[Removal] = [Removal(consumed[i], raw.blocks[i].text) for i in sorted(consumed)]
    remaining = rejoin_broken(tuple(b for i, b in enumerate(raw.blocks) if i not in consumed))
    function = STOPWORDS  # what marks prose; a page dump in another language adds its own
    if raw.format in DUMP_FORMATS:
        function = function_words(raw.blocks)
        region, outside = main_region(remaining, meta.title.value, function)
        removed.extend(outside)
        remaining = tuple(region)
    kept, by_rules = apply_rules(remaining, rules)
    removed.extend(by_rules)
    body = rejoin_broken(tuple(b for b in kept if b.kind in BODY_KINDS and b.text))
    warnings = raw.warnings
    words = sum(word_count(b.text) for b in body)
    if words < MIN_ARTICLE_WORDS:  # never refuse a file with prose because the rules took it all
        body, removed, note = _prose_instead(raw, words, removed, function)
        warnings = (*warnings, StageWarning("clean", note))
    if meta.language.origin == "default":
        meta = replace(meta, language=Field(guess_language(" ".join(b.text for b in body)), "detected"))
    return CleanDoc(raw.source, raw.format, body, tuple(removed), meta, warnings)


def _prose_instead(raw: RawDoc, words: int, removed: list[Removal],
                   function: frozenset[str]) -> tuple[tuple[Block, ...], list[Removal], str]:
    """When cleaning left ``words`` words, too few: the page's prose blocks (told by ``function``
    words), the removals without them, and a note saying so; or :class:`StageError` when the page
    has no more prose than that either."""
    prose = rejoin_broken(tuple(b for b in raw.blocks if b.kind in BODY_KINDS and block_value(b, function) > 0))
    prose_words = sum(word_count(b.text) for b in prose)
    if prose_words < MIN_ARTICLE_WORDS:
        raise StageError(f"no article text is left after cleaning ({words} words)")
    kept_text = {b.text for b in prose}
    note = (f"cleaning left {words} words; the page's {prose_words} words of prose are kept instead, "
            "without the cleaning rules")
    return prose, [r for r in removed if r.text not in kept_text], note


def rejoin_broken(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Join paragraphs split mid-sentence (by a page break, a link or a hard wrap).

    Two paragraphs join when the first does not end a sentence and either the second goes on
    with a lower-case word or punctuation, or the first stops on a word no sentence ends with
    ("the", "of", "has", a possessive).
    """
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == block.kind == "paragraph" and _continues(prev.text, block.text):
            glue = "" if CLOSE_PUNCT.match(block.text) else " "
            links = (prev.links * len(prev.text) + block.links * len(block.text)) / (len(prev.text) + len(block.text))
            out[-1] = Block(prev.kind, f"{prev.text}{glue}{block.text}", prev.level, prev.hidden,
                            prev.emphasis and block.emphasis, links)
        else:
            out.append(block)
    return tuple(out)


def _continues(first: str, second: str) -> bool:
    if SENTENCE_END.search(first) or not second:
        return False
    if second[:1].islower() or CLOSE_PUNCT.match(second):
        return True
    last = first.rsplit(None, 1)[-1] if first.split() else ""
    return ((last.islower() and last in STOPWORDS) or bool(POSSESSIVE_END.search(last))
            or first.endswith((",", "-", "–", "“", "(")))
