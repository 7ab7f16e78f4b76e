"""The search index's shards: which article pages each one holds, where its bundle is, and the
sort key that orders the pages by date (see :mod:`generator.search` for how they are indexed).

A shard is a range of dates, and the ranges last from build to build (the site keeps them in
``/pagefind/briefing-shards.json``): an article added, changed or removed, of any date, changes
the one shard its date falls in; articles newer than any (the usual addition) fill a small newest
shard of their own. A shard that outgrows ``search_shard_pages`` is split in two,
an emptied one goes, and two neighbours that together fill at most half a shard are joined. A
first build splits the pages into a power-of-two number of equal ranges.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from .write import SEARCH_FOLDER, SHARD_PREFIX

PLAN = "briefing-shards.json"  # where each shard's date range starts, and the newest page indexed
NEWEST_SHARE = 8  # the newest shard holds up to this share of a shard before new pages start another
HEX_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")  # a hex digit as a letter: "0" "a", "f" "p"
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"  # in the order text sorts them
UNDATED = "0000-00-00T00:00:00"  # sorts before every date: undated articles come last, newest first
OVERLAY = -1  # the shard number of the overlay bundle (:func:`bundle`)


@dataclass(frozen=True)
class SearchPage:
    """An article page to index: its file in the site and its date sort key."""

    path: str
    sort_key: str


@dataclass(frozen=True)
class SearchLayout:
    """What the search page merges: ``shards`` bundles, the overlay bundle when there is one, and
    every page copy a shard holds that is ``stale``, as ``"<shard>:<filter key>"`` (:func:`filter_key`: a
    page's search filter ``at`` holds it)."""

    shards: int = 1
    overlay: bool = False
    stale: tuple[str, ...] = ()


def sort_key(url: str, date: datetime | None) -> str:
    """The article's ``data-pagefind-sort="date"`` value: its UTC date and time, then a tiebreak
    from its URL, so no two articles tie and Pagefind's order is the same as ours. The tiebreak
    is letters only, so text and natural ordering agree."""
    if date is not None and date.tzinfo is not None:
        date = date.astimezone(UTC).replace(tzinfo=None)
    stamp = date.strftime("%Y-%m-%dT%H:%M:%S") if date else UNDATED
    tiebreak = hashlib.sha256(url.encode()).hexdigest()[:12].translate(HEX_LETTERS)
    return f"{stamp} {tiebreak}"


def filter_key(key: str) -> str:
    """A page's own search filter value (``at``), from its sort key ``key`` (:func:`sort_key`): the
    date and time as a number in nine base-36 digits, then the first six letters of the tiebreak.
    Fifteen characters that order as the sort key does, against its thirty-two: every shard's
    filter data holds one for each of its pages."""
    stamp, _, tiebreak = key.partition(" ")
    number = int("".join(c for c in stamp if c.isdigit()) or 0)
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = BASE36[digit] + digits
    return digits.rjust(9, "0") + tiebreak[:6]


def shard_count(pages: int, shard_pages: int) -> int:
    """How many shards a first build makes: one up to ``shard_pages`` pages; beyond, the least
    power of two that keeps every shard at most that size."""
    shards = 1
    while pages > shards * max(1, shard_pages):
        shards *= 2
    return shards


def bundle(shard: int) -> str:
    """The site folder of shard ``shard``'s Pagefind bundle (of the overlay, for :data:`OVERLAY`)."""
    if shard == OVERLAY:
        return f"{SEARCH_FOLDER}/{SHARD_PREFIX}overlay"
    return SEARCH_FOLDER if shard == 0 else f"{SEARCH_FOLDER}/{SHARD_PREFIX}{shard}"


def plan_shards(keys: Sequence[str], previous: Sequence[str] | None, shard_pages: int,
                newest: str | None = None) -> tuple[str, ...]:
    """Where each shard but the first starts, as the sort key of its oldest page, for the pages of
    sort ``keys``. From the ``previous`` build's starts, when there are any: pages newer than
    that build's ``newest`` start a shard of their own once the newest shard holds
    ``1 / NEWEST_SHARE`` of ``shard_pages`` (which joins its older neighbour where the two fit in
    one shard), emptied shards go, neighbours that together hold at most half ``shard_pages``
    are joined (the newest shard only when emptied), and a shard over ``shard_pages`` is split at
    its middle until none is. Otherwise equal ranges (:func:`shard_count` of them)."""
    ordered = sorted(keys)
    n, size = len(ordered), max(1, shard_pages)
    if previous is None:
        count = shard_count(n, size)
        return tuple(ordered[i * n // count] for i in range(1, count))
    starts = sorted({s for s in previous if ordered and ordered[0] < s <= ordered[-1]})
    if newest is not None:
        _newest_apart(ordered, starts, newest, size)
    while True:  # join the emptied and the small, the smallest pair first
        sizes = _sizes(ordered, starts)
        joinable = len(starts) if newest is None else len(starts) - 1  # the newest shard stays apart
        pairs = [(sizes[i] + sizes[i + 1], i) for i in range(len(starts))
                 if (i < joinable and sizes[i] + sizes[i + 1] <= size // 2) or not sizes[i + 1]]
        if not pairs:
            break
        del starts[min(pairs)[1]]
    while True:  # split the overfull at their middle
        sizes = _sizes(ordered, starts)
        over = [i for i, count in enumerate(sizes) if count > size]
        if not over:
            return tuple(starts)
        first = bisect_left(ordered, starts[over[0] - 1]) if over[0] else 0
        starts.insert(over[0], ordered[first + sizes[over[0]] // 2])


def _newest_apart(ordered: list[str], starts: list[str], newest: str, size: int) -> None:
    """Give the pages newer than ``newest`` (the last build's newest page) a shard of their own,
    changing ``starts`` in place, when the newest shard already holds ``size // NEWEST_SHARE`` pages without them: that shard
    is sealed (joined to its older neighbour where the two hold at most ``size`` pages), so an
    added article re-indexes a small shard, and a large one only once in that many additions."""
    first_new = bisect_right(ordered, newest)
    if first_new == len(ordered):
        return
    last_start = bisect_left(ordered, starts[-1]) if starts else 0
    if first_new - last_start < max(1, size // NEWEST_SHARE):
        return
    if starts:
        before = bisect_left(ordered, starts[-2]) if len(starts) > 1 else 0
        if first_new - before <= size:
            del starts[-1]
    starts.append(ordered[first_new])


def _sizes(ordered: list[str], starts: list[str]) -> list[int]:
    """How many of the sorted keys ``ordered`` fall in each shard that ``starts`` delimit."""
    cuts = [0, *(bisect_left(ordered, s) for s in starts), len(ordered)]
    return [b - a for a, b in pairwise(cuts)]


def assign(pages: Sequence[SearchPage], starts: Sequence[str]) -> list[list[SearchPage]]:
    """The pages of each shard, oldest first (a shard starts at its start's sort key)."""
    out: list[list[SearchPage]] = [[] for _ in range(len(starts) + 1)]
    for page in sorted(pages, key=lambda p: (p.sort_key, p.path)):
        out[bisect_right(starts, page.sort_key)].append(page)
    return out


def read_newest(site: Path) -> str | None:
    """The sort key of the newest page the site at ``site`` was indexed with, or ``None``."""
    newest = _plan_file(site).get("newest")
    return newest if isinstance(newest, str) else None


def read_plan(site: Path) -> tuple[str, ...] | None:
    """The shard starts the site at ``site`` was indexed with, or ``None`` when it has none."""
    starts = _plan_file(site).get("starts")
    return tuple(starts) if isinstance(starts, list) and all(isinstance(s, str) for s in starts) else None


def _plan_file(site: Path) -> dict[str, object]:
    """The site's shard plan file (:data:`PLAN`) as read, or nothing when it is missing or damaged."""
    try:
        plan = json.loads((site / bundle(0) / PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return plan if isinstance(plan, dict) else {}
