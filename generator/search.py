"""Stage 8, search: Pagefind indexes over the article pages, with the binary the package ships.

A large site is indexed in shards. Pagefind holds every page of an index in memory while it
writes (about 200 KB a page: a gigabyte at 5,000 articles), and re-indexing means indexing
everything. So past ``search_shard_pages`` articles, the article pages are split by date into
shards, each indexed by its own Pagefind run: the oldest at ``/pagefind/``, the next at
``/pagefind/shard-1/`` and so on, merged in the browser by Pagefind's ``mergeIndex``.

A shard is a range of dates, and the ranges last from build to build (the site keeps them in
``/pagefind/briefing-shards.json``): an article added, changed or removed, of any date, changes
the one shard its date falls in; articles newer than any (the usual addition) fill a small newest
shard of their own. A shard that outgrows ``search_shard_pages`` is split in two,
an emptied one goes, and two neighbours that together fill at most half a shard are joined. A
first build splits the pages into a power-of-two number of equal ranges. A shard whose pages
are byte for byte those of some shard of the previous build, apart from regions Pagefind does
not read (:func:`indexed_part`), is taken from there, not re-indexed.

Newest first across shards: the search page tags each shard's pages with the shard's number (a
``mergeFilter``), asks each shard for its own results in date order, newest shard first, and
lists them one shard after another. Relevance order is Pagefind's own merge by score.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from .pagefind import PagefindRun, PageSource, indexed_part, read_bytes
from .write import SEARCH_FOLDER, SHARD_PREFIX

STAMP = "briefing-pages.txt"  # a shard's digest and page count, then each page's digests
PLAN = "briefing-shards.json"  # where each shard's date range starts, and the newest page indexed
MAX_PARALLEL_RUNS = 2
NEWEST_SHARE = 8  # the newest shard holds up to this share of a shard before new pages start another
HEX_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")  # a hex digit as a letter: "0" "a", "f" "p"
UNDATED = "0000-00-00T00:00:00"  # sorts before every date: undated articles come last, newest first


@dataclass(frozen=True)
class SearchPage:
    """An article page to index: its file in the site and its date sort key."""

    path: str
    sort_key: str


@dataclass(frozen=True)
class SearchResult:
    """What the search stage did: pages Pagefind indexed (by its own count), shards, shards reused,
    and of those the bundles that stay in the site as they are (:meth:`Indexing.finish`)."""

    pages: int
    shards: int
    reused: int
    kept: tuple[str, ...] = ()  # bundle folders the site keeps where they are (only their records are staged)


def sort_key(url: str, date: datetime | None) -> str:
    """The article's ``data-pagefind-sort="date"`` value: its UTC date and time, then a tiebreak
    from its URL, so no two articles tie and Pagefind's order is the same as ours. The tiebreak
    is letters only, so text and natural ordering agree."""
    if date is not None and date.tzinfo is not None:
        date = date.astimezone(UTC).replace(tzinfo=None)
    stamp = date.strftime("%Y-%m-%dT%H:%M:%S") if date else UNDATED
    tiebreak = hashlib.sha256(url.encode()).hexdigest()[:12].translate(HEX_LETTERS)
    return f"{stamp} {tiebreak}"


def shard_count(pages: int, shard_pages: int) -> int:
    """How many shards a first build makes: one up to ``shard_pages`` pages; beyond, the least
    power of two that keeps every shard at most that size."""
    shards = 1
    while pages > shards * max(1, shard_pages):
        shards *= 2
    return shards


def bundle(shard: int) -> str:
    """The site folder of shard ``shard``'s Pagefind bundle."""
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


def shard_digest(indexed: Mapping[str, str], pages: list[SearchPage]) -> str:
    """A digest of one shard: its pages' paths and the digests of what Pagefind reads of them
    (``indexed``, by path: see :func:`indexed_digests`)."""
    digest = hashlib.sha256()
    for page in sorted(pages, key=lambda p: p.path):
        digest.update(page.path.encode() + b"\0" + bytes.fromhex(indexed[page.path]))
    return digest.hexdigest()


def indexed_digests(read: PageSource, pages: list[SearchPage], published: Mapping[str, bytes],
                    known: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """The digest of what Pagefind reads of each page (:func:`indexed_part`). ``published``
    holds the digests of the pages' bytes as this build publishes them, ``known`` the last
    site's record of each page (the digest of its bytes, and of what Pagefind read); a page
    whose bytes are those recorded is not read again."""
    out = {}
    for page in pages:
        mine, record = published.get(page.path), known.get(page.path)
        if mine is not None and record is not None and record[0] == mine.hex():
            out[page.path] = record[1]
        else:
            out[page.path] = hashlib.sha256(indexed_part(read_bytes(read(page.path)))).hexdigest()
    return out


Job = tuple[int, list[SearchPage], str]  # a shard to index: its number, its pages, their digest


class Indexing:
    """The search index of one build, in two steps. Planned (here) as soon as the article pages
    are rendered: each shard (see :func:`plan_shards`) whose pages Pagefind would read the same
    as those of a shard of the ``previous`` site is taken from there, wherever it was (which also
    keeps a rebuild byte-identical: Pagefind names its filter files differently on every run);
    the others are to index. The runs then go in the background while the rest of the site
    renders (:meth:`start`), or once the site is staged (:meth:`finish`). A page's bytes come from
    ``read`` (its file, or its bytes when it is not on disk yet); ``published`` may give the
    digest of each page's bytes (see :func:`indexed_digests`). With ``in_place``, the index is
    published over ``previous`` (:func:`generator.write.publish`), so a shard taken from the
    bundle folder it is to have stays there untouched: only its record is staged."""

    def __init__(self, previous: Path, pages: list[SearchPage], starts: Sequence[str], read: PageSource,
                 published: Mapping[str, bytes] | None = None, in_place: bool = False) -> None:
        if not pages:  # a site with no article yet: index the home page, so the search page still loads
            pages, starts = [SearchPage("index.html", UNDATED)], ()
        self.starts = tuple(starts)
        self.newest = max(p.sort_key for p in pages)
        self.shards = assign(pages, starts)
        old_bundles, known = _bundles(previous)
        self.previous, self.in_place = previous, in_place
        self.published = published or {}
        self.indexed = indexed_digests(read, pages, self.published, known)
        self.parts = Path(tempfile.mkdtemp(prefix=".pagefind-parts-", dir=previous.parent))
        self.todo: list[Job] = []  # (shard, pages, digest) to index
        self.taken: list[tuple[int, list[SearchPage], str, Path, int]] = []  # and to take: (…, bundle, pages)
        self._runs: list[tuple[Job, PagefindRun]] = []
        self._early: list[Future[int]] = []  # the runs :meth:`start` handed to the background
        self._pool: ThreadPoolExecutor | None = None
        self.running = 0  # how many Pagefind runs :meth:`start` keeps going at once
        self._places = threading.Semaphore(0)  # one per Pagefind run allowed at once, in either step
        self._allowed = 0
        for shard, members in enumerate(self.shards):
            digest = shard_digest(self.indexed, members)
            old = old_bundles.get(digest)
            if old is None:
                self.todo.append((shard, members, digest))
            else:
                self.taken.append((shard, members, digest, *old))

    def start(self, read: PageSource, parallel: int = 1) -> None:
        """Start indexing every shard to index, reading pages from ``read`` (the scratch folders
        are made here): Pagefind runs, up to ``parallel`` at once and at a lower priority, go on
        in the background while the build does other work."""
        self._runs = self._prepare(read, background=True)
        workers = _places(parallel)
        self.running = min(len(self._runs), workers)
        self._allow(workers)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="briefing-search")
        self._early = [self._pool.submit(self._placed, run) for _job, run in self._runs]

    @property
    def waiting(self) -> int:
        """How many shards to index Pagefind has not begun on."""
        return len(self.todo) - sum(run.process is not None for _job, run in self._runs)

    def finish(self, site_dir: Path, read: PageSource, jobs: int = 1) -> SearchResult:
        """Every shard in ``site_dir``: the shards to index (the runs :meth:`start` began waited
        for, the others run now, up to ``jobs`` at once, reading pages from ``read``) and,
        while they run, the shards taken from the last site (:meth:`_take`)."""
        try:
            runs = self._runs or self._prepare(read, background=False)
            early: list[Future[int] | None] = [*self._early] or [None] * len(runs)
            parallel = _places(jobs)
            self._allow(parallel)  # the runs :meth:`start` has going count among them
            with ThreadPoolExecutor(parallel) as pool:
                waits = [done if done is not None and not done.cancel() else pool.submit(self._placed, run)
                         for (_job, run), done in zip(runs, early, strict=True)]
                counted, kept = self._take()  # meanwhile: the runs began early may still be going
                counted += sum(self._indexed(job, done.result()) for (job, _run), done in zip(runs, waits, strict=True))
            plan = {"starts": list(self.starts), "newest": self.newest}
            (self.parts / "0" / PLAN).write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
            (self.parts / "0").rename(site_dir / bundle(0))
            for shard in range(1, len(self.shards)):
                (self.parts / str(shard)).rename(site_dir / bundle(shard))
        finally:
            self.close()
        return SearchResult(counted, len(self.shards), len(self.shards) - len(self.todo), kept)

    def _take(self) -> tuple[int, tuple[str, ...]]:
        """Stage the shards taken from the previous site, each with its record: linked from its
        bundle there, or, one that stays where it is (``in_place``), its record alone. Return
        their page count and the bundles that stay."""
        counted, kept = 0, []
        for shard, members, digest, old, count in self.taken:
            folder = self.parts / str(shard)
            if self.in_place and old == self.previous / bundle(shard):
                folder.mkdir()
                kept.append(bundle(shard))
            else:
                shutil.copytree(old, folder, copy_function=os.link,
                                ignore=shutil.ignore_patterns(f"{SHARD_PREFIX}*", PLAN, STAMP))
            _stamp(folder, digest, count, members, self.published, self.indexed)
            counted += count
        return counted, tuple(kept)

    def _allow(self, runs: int) -> None:
        """Let up to ``runs`` Pagefind runs go at once, counting those already going (the number
        only grows: :meth:`finish` may allow more than :meth:`start` did)."""
        for _ in range(runs - self._allowed):
            self._places.release()
        self._allowed = max(self._allowed, runs)

    def _placed(self, run: PagefindRun) -> int:
        """``run``, started once a place is free, waited for (each run is ~150 MB of Pagefind's:
        the runs :meth:`start` began and those :meth:`finish` adds never exceed the places)."""
        with self._places:
            return run.wait()

    def close(self) -> None:
        """Stop any run still going or not yet begun, and remove the scratch folders (the build is over)."""
        for _job, run in self._runs:
            run.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.parts, ignore_errors=True)

    def _prepare(self, read: PageSource, background: bool) -> list[tuple[Job, PagefindRun]]:
        """A Pagefind run, its scratch folder made, for each shard to index."""
        return [(job, PagefindRun(read, [p.path for p in job[1]], self.parts / str(job[0]), background, indexed_part,
                                  self.previous / bundle(job[0])))
                for job in self.todo]

    def _indexed(self, job: Job, count: int) -> int:
        """Record a shard Pagefind indexed (``count`` pages) in its folder; return the count."""
        shard, members, digest = job
        _stamp(self.parts / str(shard), digest, count, members, self.published, self.indexed)
        return count


def _places(jobs: int) -> int:
    """How many Pagefind runs may go at once for a build of ``jobs`` processes."""
    return max(1, min(jobs, MAX_PARALLEL_RUNS))


def _stamp(folder: Path, digest: str, count: int, members: list[SearchPage], published: Mapping[str, bytes],
           indexed: Mapping[str, str]) -> None:
    """Record a shard in its folder: its digest and page count, then each page with the digest of
    its bytes (where known) and of what Pagefind read of it."""
    lines = [f"{digest} {count}\n"]
    lines += [f"{p.path} {published[p.path].hex()} {indexed[p.path]}\n" for p in sorted(members, key=lambda p: p.path)
              if p.path in published]
    (folder / STAMP).write_text("".join(lines), encoding="utf-8")


def _bundles(site: Path) -> tuple[dict[str, tuple[Path, int]], dict[str, tuple[str, str]]]:
    """The Pagefind bundles of the site at ``site``, by the digest of their pages (each one's
    folder and page count), and the record of each page they indexed (the digest of its bytes
    and of what Pagefind read of it)."""
    found: dict[str, tuple[Path, int]] = {}
    pages: dict[str, tuple[str, str]] = {}
    root = site / bundle(0)
    for folder in (root, *sorted(root.glob(f"{SHARD_PREFIX}*"))):
        try:
            head, *rest = (folder / STAMP).read_text(encoding="utf-8").splitlines()
            digest, count = head.split()[:2]
            found.setdefault(digest, (folder, int(count)))
        except (OSError, ValueError):
            continue
        for line in rest:
            path, _, digests = line.partition(" ")
            content, _, read = digests.partition(" ")
            if read:
                pages[path] = (content, read)
    return found, pages


