"""Stage 8, search: Pagefind indexes over the article pages, with the binary the package ships.

A large site is indexed in shards. Pagefind holds every page of an index in memory while it
writes (about 200 KB a page: a gigabyte at 5,000 articles), and re-indexing means indexing
everything. So past ``search_shard_pages`` articles, the article pages are split by date into
shards, each indexed by its own Pagefind run: the oldest at ``/pagefind/``, the next at
``/pagefind/shard-1/`` and so on, merged in the browser by Pagefind's ``mergeIndex``.

A shard is a range of dates that lasts from build to build (:mod:`generator.shards`). A shard whose pages
are byte for byte those of some shard of the previous build, apart from regions Pagefind does
not read (:func:`indexed_part`), is taken from there, not re-indexed.

A large shard whose pages changed little is patched rather than indexed again: its bundle stays
as it is, the pages it holds in an older form (an article edited, moved or removed) are listed as
stale, and the new forms go into a small overlay bundle (``/pagefind/shard-overlay/``), indexed
instead. Every page carries its own filter value (``at``: its sort key, made short), and the search page
leaves out of every query the pages of a shard with a stale value there (the overlay's pages are of
no shard), so a stale copy is never listed or counted. The overlay and the stale copies stay
within ``patch`` pages each: past that, the shards with the most changes are indexed again,
which folds their pages back.

Newest first across shards: the search page tags each shard's pages with the shard's number (a
``mergeFilter``), asks each shard for its own results in date order, newest shard first, and
lists them one shard after another, with the overlay's few pages put in their place by date.
Relevance order is Pagefind's own merge by score.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .pagefind import PagefindRun, PageSource, indexed_part, read_bytes
from .shards import OVERLAY, PLAN, UNDATED, SearchLayout, SearchPage, assign, bundle, filter_key
from .write import SHARD_PREFIX

STAMP = "briefing-pages.txt"  # a shard's digest and page count, then each page's digests and sort key
MAX_PARALLEL_RUNS = 2


@dataclass(frozen=True)
class SearchResult:
    """What the search stage did: pages the index holds (by Pagefind's counts, less stale copies),
    shards, shards reused (as they were or patched), of those the bundles that stay in the site as
    they are (:meth:`Indexing.finish`), shards patched, the pages of the overlay, and how many
    bundles Pagefind indexed."""

    pages: int
    shards: int
    reused: int
    kept: tuple[str, ...] = ()  # bundle folders the site keeps where they are (only their records are staged)
    patched: int = 0
    overlay: int = 0
    runs: int = 0


def shard_digest(indexed: Mapping[str, str], pages: list[SearchPage]) -> str:
    """A digest of one shard: its pages' paths and the digests of what Pagefind reads of them
    (``indexed``, by path: see :func:`indexed_digests`)."""
    digest = hashlib.sha256()
    for page in sorted(pages, key=lambda p: p.path):
        digest.update(page.path.encode() + b"\0" + bytes.fromhex(indexed[page.path]))
    return digest.hexdigest()


def indexed_digests(read: PageSource, pages: list[SearchPage], published: Mapping[str, bytes],
                    known: Mapping[tuple[str, str], str]) -> dict[str, str]:
    """The digest of what Pagefind reads of each page (:func:`indexed_part`). ``published``
    holds the digests of the pages' bytes as this build publishes them, ``known`` what the last
    site's bundles record (the digest of what Pagefind read of a page, by its path and the digest
    of its bytes); a page whose bytes are those recorded is not read again."""
    out = {}
    for page in pages:
        mine = published.get(page.path)
        record = known.get((page.path, mine.hex())) if mine is not None else None
        out[page.path] = record or hashlib.sha256(indexed_part(read_bytes(read(page.path)))).hexdigest()
    return out


@dataclass(frozen=True)
class Bundle:
    """A bundle of the last site: its folder, page count, record (:data:`STAMP`) and the pages it
    holds (each one's digest of what Pagefind read of it and its sort key, where recorded)."""

    folder: Path
    count: int
    record: str
    held: Mapping[str, tuple[str, str]]


Job = tuple[int, list[SearchPage], str]  # a shard to index: its number, its pages, their digest


class Indexing:
    """The search index of one build, in two steps. Planned (here) as soon as the article pages
    are rendered: each shard (see :func:`plan_shards`) whose pages Pagefind would read the same
    as those of a shard of the ``previous`` site is taken from there, wherever it was (which also
    keeps a rebuild byte-identical: Pagefind names its filter files differently on every run);
    the others are to index, or, within ``patch`` pages of changes, patched (:func:`_patches`: the
    overlay is then to index, unless the last site has it). The runs then go in the background while the rest of the site
    renders (:meth:`start`), or once the site is staged (:meth:`finish`). A page's bytes come from
    ``read`` (its file, or its bytes when it is not on disk yet); ``published`` may give the
    digest of each page's bytes (see :func:`indexed_digests`). With ``in_place``, the index is
    published over ``previous`` (:func:`generator.write.publish`), so a shard taken from the
    bundle folder it is to have stays there untouched: only its record is staged."""

    def __init__(self, previous: Path, pages: list[SearchPage], starts: Sequence[str], read: PageSource,
                 published: Mapping[str, bytes] | None = None, in_place: bool = False, patch: int = 0) -> None:
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
        self.taken: list[tuple[int, list[SearchPage], str, Bundle, int]] = []  # and to take: (…, bundle, pages)
        self._runs: list[tuple[Job, PagefindRun]] = []
        self._early: list[Future[int]] = []  # the runs :meth:`start` handed to the background
        self._pool: ThreadPoolExecutor | None = None
        self.running = 0  # how many Pagefind runs :meth:`start` keeps going at once
        self._places = threading.Semaphore(0)  # one per Pagefind run allowed at once, in either step
        self._allowed = 0
        self.layout, self.overlay, self.patched = self._plan(old_bundles, patch)

    def _plan(self, old_bundles: list[Bundle], patch: int) -> tuple[SearchLayout, list[SearchPage], int]:
        """Sort the shards into those to take from the last site's ``old_bundles`` (as they were,
        or patched: :func:`_patches`) and those to index, the overlay among them where it changed;
        return the layout the search page is to merge, the overlay's pages and how many shards
        are patched."""
        by_digest = {b.record.split(" ", 1)[0]: b for b in reversed(old_bundles)}  # the first of equals
        changed = []
        for shard, members in enumerate(self.shards):
            digest = shard_digest(self.indexed, members)
            old = by_digest.get(digest)
            if old is None:
                changed.append((shard, members, digest))
            else:
                self.taken.append((shard, members, digest, old, old.count))
        patched, overlay, stale = _patches(changed, {b.folder: b for b in old_bundles}, self.previous, self.indexed, patch)
        for shard, members, digest in changed:
            if shard in patched:
                base = patched[shard]
                self.taken.append((shard, members, digest, base, base.count - len(stale[shard])))
            else:
                self.todo.append((shard, members, digest))
        if overlay:
            digest = shard_digest(self.indexed, overlay)
            old = by_digest.get(digest)
            if old is None:
                self.todo.append((OVERLAY, overlay, digest))
            else:
                self.taken.append((OVERLAY, overlay, digest, old, old.count))
        gone = sorted(f"{shard}:{filter_key(key)}" for shard, keys in stale.items() for key in keys)
        return SearchLayout(len(self.shards), bool(overlay), tuple(gone)), overlay, len(patched)

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
            for shard in [*range(1, len(self.shards)), *([OVERLAY] if self.layout.overlay else [])]:
                (self.parts / str(shard)).rename(site_dir / bundle(shard))
        finally:
            self.close()
        indexed = sum(shard != OVERLAY for shard, _members, _digest in self.todo)
        return SearchResult(counted, len(self.shards), len(self.shards) - indexed, kept, self.patched,
                            len(self.overlay), len(self.todo))

    def _take(self) -> tuple[int, tuple[str, ...]]:
        """Stage the shards taken from the previous site, each with its record: linked from its
        bundle there, or, one that stays where it is (``in_place``), its record alone. A patched
        shard keeps the record of what its bundle holds. Return their page count and the bundles
        that stay."""
        counted, kept = 0, []
        for shard, members, digest, old, count in self.taken:
            folder = self.parts / str(shard)
            if self.in_place and old.folder == self.previous / bundle(shard):
                folder.mkdir()
                kept.append(bundle(shard))
            else:
                shutil.copytree(old.folder, folder, copy_function=os.link,
                                ignore=shutil.ignore_patterns(f"{SHARD_PREFIX}*", PLAN, STAMP))
            if old.record.startswith(digest + " "):
                _stamp(folder, digest, count, members, self.published, self.indexed)
            else:  # patched: the bundle still holds what it was indexed with
                (folder / STAMP).write_text(old.record, encoding="utf-8")
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
    its bytes (where known), of what Pagefind read of it, and its sort key."""
    lines = [f"{digest} {count}\n"]
    lines += [f"{p.path} {published[p.path].hex()} {indexed[p.path]} {p.sort_key}\n"
              for p in sorted(members, key=lambda p: p.path) if p.path in published]
    (folder / STAMP).write_text("".join(lines), encoding="utf-8")


def _patches(changed: list[Job], bundles: Mapping[Path, Bundle], previous: Path, indexed: Mapping[str, str],
             patch: int) -> tuple[dict[int, Bundle], list[SearchPage], dict[int, list[str]]]:
    """Which ``changed`` shards to patch rather than index again (each with the bundle it had,
    by its number in the ``previous`` site), the overlay's pages, and the sort keys of each patched
    shard's stale copies. A shard is patched when its bundle records its pages and it is larger than ``patch``
    (a smaller one costs no more to index than the overlay); the shards with the fewest changes
    first (stale copies or new forms, the more of the two), while all together stay within
    ``patch``: neither the overlay nor the stale copies ever outgrow it."""
    options = []
    for shard, members, _digest in changed:
        base = bundles.get(previous / bundle(shard))
        if base is None or len(base.held) != base.count or len(members) <= patch:
            continue
        now = {p.path: indexed[p.path] for p in members}
        stale = sorted(key for path, (read, key) in base.held.items() if now.get(path) != read)
        fresh = [p for p in members if base.held.get(p.path, ("", ""))[0] != now[p.path]]
        options.append((max(len(stale), len(fresh)), shard, base, stale, fresh))
    patched: dict[int, Bundle] = {}
    overlay: list[SearchPage] = []
    stale_of: dict[int, list[str]] = {}
    total = 0
    for size, shard, base, stale, fresh in sorted(options, key=lambda o: (o[0], o[1])):
        if total + size > patch:
            break
        total += size
        patched[shard], stale_of[shard] = base, stale
        overlay += fresh
    return patched, sorted(overlay, key=lambda p: (p.sort_key, p.path)), stale_of


def _bundles(site: Path) -> tuple[list[Bundle], dict[tuple[str, str], str]]:
    """The Pagefind bundles of the site at ``site`` (that of the first shard first), and the
    record of each page they indexed: the digest of what Pagefind read of it, by its path and
    the digest of its bytes. A record line is a page's path, the digests of its bytes and of what
    Pagefind read, and its sort key (which holds a space)."""
    found: list[Bundle] = []
    pages: dict[tuple[str, str], str] = {}
    root = site / bundle(0)
    for folder in (root, *sorted(root.glob(f"{SHARD_PREFIX}*"))):
        try:
            record = (folder / STAMP).read_text(encoding="utf-8")
            head, *rest = record.splitlines()
            count = int(head.split()[1])
        except (OSError, ValueError, IndexError):
            continue
        held = {}
        for line in rest:
            path, content, read, key = [*line.split(" ", 3), "", "", ""][:4]
            if key:
                pages[path, content] = read
                held[path] = (read, key)
        found.append(Bundle(folder, count, record, held))
    return found, pages
