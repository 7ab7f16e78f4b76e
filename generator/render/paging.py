"""Paged lists: a list cut into pages at stable URLs (``…/page/2/``), each page with its neighbours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .views import Link

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Where one page of a paged list is: its number, the page count, its neighbours and every page."""

    number: int
    count: int
    url: str  # this page's own URL
    prev_url: str
    next_url: str
    pages: tuple[Link, ...]  # the first, the last and the pages near this one ("" URL: a gap)


def page_url(base: str, number: int) -> str:
    """The URL of page ``number`` of the list at ``base`` (page 1 is ``base`` itself)."""
    return base if number == 1 else f"{base}page/{number}/"


def paginate(items: Sequence[T], size: int, base: str) -> list[tuple[Sequence[T], Pager]]:
    """``items`` cut into pages of ``size``, each with its :class:`Pager` (one page when empty)."""
    count = max(1, -(-len(items) // size))
    return [(items[(n - 1) * size:n * size],
             Pager(n, count, page_url(base, n), page_url(base, n - 1) if n > 1 else "",
                   page_url(base, n + 1) if n < count else "", _window(base, n, count)))
            for n in range(1, count + 1)]


def _window(base: str, number: int, count: int) -> tuple[Link, ...]:
    """Links to the first and last pages and to those within two of ``number``, with a gap
    (an empty URL) where pages are left out: a list of 250 pages needs no 250 links."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    out: list[Link] = []
    for previous, n in zip([0, *shown], shown, strict=False):
        if n > previous + 1:
            out.append(Link("…", ""))
        out.append(Link(str(n), page_url(base, n)))
    return tuple(out)
