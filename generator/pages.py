"""Saved web pages: the article's main content and metadata, found by trafilatura.

This is the one place the project calls trafilatura, so the extractor can be tuned or
replaced without touching the rest of the pipeline.
"""

from __future__ import annotations

import logging

import trafilatura

from .model import FrontMatter, StageError

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def extract_page(html: str) -> tuple[str, FrontMatter]:
    """Return the main content of a whole web page as an HTML fragment, and its metadata."""
    tree = trafilatura.load_html(html)  # parsed once for both the text and the metadata
    if tree is None:
        raise StageError("this web page could not be parsed as HTML")
    fragment = trafilatura.extract(
        tree,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        with_metadata=False,
    )
    if not fragment:
        raise StageError("no article text found in this web page")
    found = trafilatura.extract_metadata(tree)
    meta = FrontMatter()
    if found is not None:
        meta = FrontMatter(
            title=found.title or None,
            author=found.author or None,
            date=found.date or None,
            outlet=found.sitename or None,
            url=found.url or None,
        )
    return fragment, meta
