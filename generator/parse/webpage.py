"""Saved web pages: the article's main content and metadata, found by trafilatura.

This is the one place the project calls trafilatura, so the extractor can be tuned or
replaced without touching the rest of the pipeline.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from types import ModuleType

from ..model import FrontMatter, StageError

SHORT_WORDS = 150  # a precise extraction shorter than this is checked against the balanced one
FALLBACK_RATIO = 3  # the balanced extraction is used when it holds this many times the words


def extract_page(html: str) -> tuple[str, FrontMatter, tuple[str, ...]]:
    """Return the main content of a whole web page as an HTML fragment, its metadata, and a
    warning when the extraction fell back.

    trafilatura runs favouring precision, which keeps boilerplate out. On some pages that
    leaves almost nothing (a reprint notice instead of the story): when its result is short
    and trafilatura's balanced extraction holds several times the words, the balanced one is
    used, and the warning says so.
    """
    tree = _trafilatura().load_html(html)  # parsed once for both the text and the metadata
    if tree is None:
        raise StageError("this web page could not be parsed as HTML")
    fragment = _extract(tree, favor_precision=True)
    warnings: tuple[str, ...] = ()
    precise = _words(fragment)
    if precise < SHORT_WORDS:
        balanced = _extract(tree, favor_precision=False)
        if (found := _words(balanced)) >= FALLBACK_RATIO * max(1, precise):
            warnings = ((f"the precise extraction kept {precise} words; trafilatura's balanced extraction "
                         f"({found} words) is used instead"),)
            fragment = balanced
    if not fragment:
        raise StageError("no article text found in this web page")
    page = _trafilatura().extract_metadata(tree)
    meta = FrontMatter()
    if page is not None:
        meta = FrontMatter(
            title=page.title or None,
            author=page.author or None,
            date=page.date or None,
            outlet=page.sitename or None,
            url=page.url or None,
        )
    return fragment, meta, warnings


def _extract(tree: object, favor_precision: bool) -> str:
    """trafilatura's main content of a parsed page as an HTML fragment ("" when it finds none)."""
    return _trafilatura().extract(tree, output_format="html", include_comments=False, include_tables=True,
                                 include_images=False, include_links=False, favor_precision=favor_precision,
                                 with_metadata=False) or ""


@cache
def _trafilatura() -> ModuleType:
    """trafilatura, imported on first use, its log quietened: a tenth of a second that a worker
    process with no saved web page to read never spends."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura


def _words(fragment: str) -> int:
    """About how many words an HTML fragment holds."""
    return len(re.sub(r"<[^>]+>", " ", fragment).split())
