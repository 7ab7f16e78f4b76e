"""Stage 8, search: Pagefind indexes over the article pages, with the binary the package ships.

A large site is indexed in shards. Pagefind holds every page of an index in memory while it
writes (about 200 KB a page: a gigabyte at 5,000 articles), and re-indexing means indexing
everything. So past ``search_shard_pages`` articles, the article pages are dealt into a
power-of-two number of shards, each indexed by its own Pagefind run: the first at
``/pagefind/``, the rest at ``/pagefind/shard-N/``, merged in the browser by Pagefind's
``mergeIndex``. A shard whose pages are byte for byte those of the previous build, apart from
regions Pagefind does not read (:func:`indexed_part`), is reused, not re-indexed, so adding
an article re-indexes one shard.

Articles are dealt in date order, round robin, newest-but-one into shard 1 and so on. Pagefind
scores a sorted result by its position in its own index's order and merges indexes by score,
keeping index order for ties; dealt this way, a position in a shard is a position in the whole
site, so "newest first" is exact across shards.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

TIMEOUT_SECONDS = 900
STAMP = "briefing-pages.txt"  # digest of the indexed pages and their count
MAX_PARALLEL_RUNS = 2
UNDATED = "0000-00-00T00:00:00"  # sorts before every date: undated articles come last, newest first
UNINDEXED = re.compile(rb"<!-- unindexed -->(.*?)<!-- /unindexed -->", re.DOTALL)
IGNORED_OPENING = re.compile(rb"<([a-z][a-z0-9]*)\s[^>]*?\bdata-pagefind-ignore(?:=\"(?:index|all)\")?(?=[\s>])[^>]*>")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message carries what it printed."""


@dataclass(frozen=True)
class SearchPage:
    """An article page to index: its file in the site and its date sort key."""

    path: str
    sort_key: str


@dataclass(frozen=True)
class SearchResult:
    """What the search stage did: pages Pagefind indexed (by its own count), shards, shards reused."""

    pages: int
    shards: int
    reused: int


def sort_key(url: str, date: datetime | None) -> str:
    """The article's ``data-pagefind-sort="date"`` value: its UTC date and time, then a tiebreak
    from its URL, so no two articles tie and Pagefind's order is the same as ours. The tiebreak
    is letters only, so text and natural ordering agree."""
    if date is not None and date.tzinfo is not None:
        date = date.astimezone(UTC).replace(tzinfo=None)
    stamp = date.strftime("%Y-%m-%dT%H:%M:%S") if date else UNDATED
    tiebreak = "".join(chr(ord("a") + int(c, 16)) for c in hashlib.sha256(url.encode()).hexdigest()[:12])
    return f"{stamp} {tiebreak}"


def shard_count(pages: int, shard_pages: int) -> int:
    """One index up to ``shard_pages`` pages; beyond, the least power of two that keeps every
    shard at most that size (a power of two, so the split changes only when the site doubles)."""
    shards = 1
    while pages > shards * max(1, shard_pages):
        shards *= 2
    return shards


def bundle(shard: int) -> str:
    """The site folder of shard ``shard``'s Pagefind bundle."""
    return "pagefind" if shard == 0 else f"pagefind/shard-{shard}"


def deal(pages: list[SearchPage], shards: int) -> list[list[SearchPage]]:
    """Deal ``pages`` into ``shards`` shards: oldest first, round robin, so the newest of every
    round goes to shard 0 and a shard's date order is the site's."""
    out: list[list[SearchPage]] = [[] for _ in range(shards)]
    for rank, page in enumerate(sorted(pages, key=lambda p: (p.sort_key, p.path))):
        out[shards - 1 - rank % shards].append(page)
    return out


def pagefind_executable() -> Path:
    """The Pagefind binary installed by ``pagefind[bin]`` (no download at build time)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise SearchIndexError("the pagefind[bin] package is not installed") from exc
    return Path(get_executable())


def indexed_part(html: bytes) -> bytes:
    """What Pagefind can read of a page: the page without its unindexed regions. A region
    between ``<!-- unindexed -->`` and ``<!-- /unindexed -->`` is left out when the page marks
    its indexed content with ``data-pagefind-body`` and the region either carries no
    ``data-pagefind-*`` attribute (outside the body Pagefind reads nothing else: an article's
    related articles, which shift as articles are added) or is one element marked
    ``data-pagefind-ignore`` with no other such attribute inside (its text is not indexed: an
    article's tag list, whose order moves as the corpus re-ranks keywords)."""
    if b"data-pagefind-body" not in html:
        return html
    return UNINDEXED.sub(lambda m: b"" if _unread(m.group(1)) else m.group(0), html)


def _unread(region: bytes) -> bool:
    """Whether Pagefind reads nothing of a marked region's contents (see :func:`indexed_part`)."""
    marks = region.count(b"data-pagefind")
    if marks == 0:
        return True
    element = region.strip()
    opening = IGNORED_OPENING.match(element)
    if marks > 1 or opening is None:
        return False
    tag = opening.group(1)  # one element, closed at the end and nowhere before: nothing after it is read
    return element.endswith(b"</" + tag + b">") and element.count(b"<" + tag) == 1 and element.count(b"</" + tag) == 1


def shard_digest(read: Callable[[str], Path], pages: list[SearchPage], shard: int, shards: int) -> str:
    """A digest of one shard: its place among the shards and its pages' paths and indexed bytes
    (``read`` gives where each page's file is)."""
    digest = hashlib.sha256(f"{shard}/{shards}\0".encode())
    for page in sorted(pages, key=lambda p: p.path):
        indexed = indexed_part(read(page.path).read_bytes())
        digest.update(page.path.encode() + b"\0" + hashlib.sha256(indexed).digest())
    return digest.hexdigest()


def index_or_reuse(site_dir: Path, previous: Path, pages: list[SearchPage], shard_pages: int,
                   jobs: int = 1, read: Callable[[str], Path] | None = None) -> SearchResult:
    """Index the article ``pages`` in shards into ``site_dir``, reusing each shard of ``previous``
    whose pages Pagefind would read the same (which also keeps a rebuild byte-identical: Pagefind
    names its filter files differently on every run). A page's file is ``site_dir / path``, or
    wherever ``read`` says. Up to ``jobs`` (at most two, as each run holds its shard in memory)
    Pagefind runs go at once."""
    read = read or (lambda path: site_dir / path)
    if not pages:  # a site with no article yet: index the home page, so the search page still loads
        pages = [SearchPage("index.html", UNDATED)]
    shards = shard_count(len(pages), shard_pages)
    parts = Path(tempfile.mkdtemp(prefix=".pagefind-parts-", dir=site_dir.parent))
    try:
        todo: list[tuple[int, list[SearchPage], str]] = []
        indexed = 0
        for shard, members in enumerate(deal(pages, shards)):
            digest = shard_digest(read, members, shard, shards)
            old = previous / bundle(shard)
            stamp = old / STAMP
            if stamp.is_file() and stamp.read_text(encoding="utf-8").split()[0] == digest:
                shutil.copytree(old, parts / str(shard), copy_function=os.link,
                                ignore=shutil.ignore_patterns("shard-*") if shard == 0 else None)
                indexed += int(stamp.read_text(encoding="utf-8").split()[1])
            else:
                todo.append((shard, members, digest))
        with ThreadPoolExecutor(max(1, min(jobs, MAX_PARALLEL_RUNS, len(todo)))) as pool:
            indexed += sum(pool.map(lambda job: _index_shard(read, parts / str(job[0]), job[1], job[2]), todo))
        (parts / "0").rename(site_dir / bundle(0))
        for shard in range(1, shards):
            (parts / str(shard)).rename(site_dir / bundle(shard))
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return SearchResult(indexed, shards, shards - len(todo))


def _index_shard(read: Callable[[str], Path], target: Path, members: list[SearchPage], digest: str) -> int:
    """Index one shard and stamp it with its digest and the page count Pagefind reported."""
    count = index_pages(read, [p.path for p in members], target)
    (target / STAMP).write_text(f"{digest} {count}\n", encoding="utf-8")
    return count


def index_pages(read: Callable[[str], Path], paths: list[str], target: Path) -> int:
    """Index the site pages ``paths`` (each file where ``read`` says) into the bundle folder
    ``target``; return how many pages Pagefind indexed. The pages are linked into a scratch
    folder so that Pagefind reads only them and gives them their URLs in the site."""
    scratch = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=target.parent))
    try:
        for path in paths:
            link = scratch / path
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(read(path), link)
        return index_site(scratch, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def index_site(site_dir: Path, target: Path) -> int:
    """Index every page of ``site_dir`` into ``target``; return how many pages Pagefind indexed."""
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-path", str(target), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"pagefind could not run: {exc}") from exc
    if done.returncode != 0:
        raise SearchIndexError(f"pagefind exited with {done.returncode}: {(done.stderr or done.stdout).strip()[-2000:]}")
    entry = target / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"pagefind wrote no index ({entry} is missing)")
    return _page_count(entry)


def _page_count(entry: Path) -> int:
    data = json.loads(entry.read_text(encoding="utf-8"))
    return sum(int(lang.get("page_count", 0)) for lang in data.get("languages", {}).values())
