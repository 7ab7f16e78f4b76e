"""Paged lists: a list cut into pages at stable URLs (``…/page/2/``), each page with its neighbours.

A ranked list (tags by use, hubs by size) is cut from its top: page 1 is the list's head. A list
of articles newest first is cut from its oldest end (:func:`paginate_by_age`): page 1 holds the
oldest articles and keeps them as articles arrive, and the front page (the list's own URL) holds
the newest. A new article then changes the front page alone, and a page of older articles keeps
its address and its contents. Where a page of older articles ends is chosen by its articles
themselves (:func:`age_cuts`, as content-defined chunking cuts a file where its bytes say, not
every so many): an older article removed, or added, mostly changes its own page, not every newer one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
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
    front: bool = False  # the list's own page: its head (a ranked list) or its newest (by age)


def page_url(base: str, number: int) -> str:
    """The URL of page ``number`` of the list at ``base`` (page 1 is ``base`` itself)."""
    return base if number == 1 else f"{base}page/{number}/"


def paginate(items: Sequence[T], size: int, base: str) -> list[tuple[Sequence[T], Pager]]:
    """``items`` cut into pages of ``size``, each with its :class:`Pager` (one page when empty)."""
    count = max(1, -(-len(items) // size))
    return [(items[(n - 1) * size:n * size],
             Pager(n, count, page_url(base, n), page_url(base, n - 1) if n > 1 else "",
                   page_url(base, n + 1) if n < count else "", _window(base, n, count), n == 1))
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


def paginate_by_age(items: Sequence[T], size: int, base: str,
                    key: Callable[[T], str]) -> list[tuple[Sequence[T], Pager]]:
    """``items``, newest first, cut from their oldest end where :func:`age_cuts` says (by each
    item's ``key``): page ``k`` at ``…/page/k/`` holds the ``k``-th run of about ``size``
    articles counting from the oldest, and the front page (``base``) the newest, newest first:
    the last run cut and those after it (all of them, in a shorter list). Pages come front
    first, then newest to oldest; "newer" leads towards the front. A page's number is its place
    from the oldest; the front page's is the page count."""
    runs = age_cuts([key(item) for item in reversed(items)], size)[:-1]  # the last run cut opens the front page
    sealed, count = len(runs), len(runs) + 1
    starts = [0, *accumulate(runs)]  # where each run begins, from the oldest
    out = [(items[:len(items) - starts[-1]],
            Pager(count, count, base, "", age_url(base, sealed) if sealed else "", _age_window(base, count, count), True))]
    for k in range(sealed, 0, -1):
        newer = base if k == sealed else age_url(base, k + 1)
        older = age_url(base, k - 1) if k > 1 else ""
        chunk = items[len(items) - starts[k]:len(items) - starts[k - 1]]
        out.append((chunk, Pager(k, count, age_url(base, k), newer, older, _age_window(base, k, count))))
    return out


def age_cuts(keys: Sequence[str], size: int) -> list[int]:
    """The lengths of the runs a list (the ``keys`` of its items, oldest first) is cut into, about
    ``size`` each: a run ends at an item whose key's digest marks it (one item in ``step``, a
    quarter of ``size`` and at least two) once it holds ``size - step + 1`` items, or at ``size + step`` items when
    none does. A run's end so depends on its own items and where it starts: an item removed or
    added moves the end of its own run at most, unless that end moves onto or off a marked item
    short of the run's least length; then the runs after it are cut anew until two cuts meet
    again, and when the count of runs changes, every newer page is numbered anew. On 2,000
    random keys, pages of 20, one change in ten (an item added or removed anywhere) changes more
    than three pages. The items after the last end make no run."""
    size = max(1, size)
    step = max(2, round(size / 4))
    shortest, longest = size - step + 1, size + step
    cuts: list[int] = []
    length = 0
    for item in keys:
        length += 1
        if length >= longest or (length >= shortest and _marked(item, step)):
            cuts.append(length)
            length = 0
    return cuts


def _marked(key: str, step: int) -> bool:
    """Whether ``key`` ends a run: one key in ``step``, by its digest (the same on every build)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % step == 0


def age_url(base: str, number: int) -> str:
    """The URL of page ``number`` (from the oldest) of the list at ``base``, cut by age."""
    return f"{base}page/{number}/"


def _age_window(base: str, number: int, count: int) -> tuple[Link, ...]:
    """A list cut by age: links to the front page, to page 1 (the oldest) and to the pages within
    two of ``number``, newest first, with gaps. Only the pages near the newest end name the last
    page, so a page further back keeps its links while pages are added."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)}, reverse=True)
    out: list[Link] = []
    for previous, n in zip([count + 1, *shown], shown, strict=False):
        if n < previous - 1:
            out.append(Link("…", ""))
        out.append(Link("Latest", base) if n == count else Link(str(n), age_url(base, n)))
    return tuple(out)
