"""Pagefind runs: the binary the ``pagefind[bin]`` package ships, over chosen site pages.

Pagefind indexes a folder. To index some pages of a site (a shard, see :mod:`generator.search`)
under their URLs in the site, each run puts those pages into a scratch folder laid out as the
site is, and indexes that. The scratch folder is made in memory where the machine has a
memory-backed folder (``/dev/shm`` on Linux), with the pages' bytes written there: a shard's
pages each need a folder of their own, and making hundreds of folders on disk costs more than
the indexing of a changed shard (0.6 ms a folder on the benchmark machine). Where there is no
such folder, or it is full, the scratch folder is beside the site and its pages are hard links
to the site's files (or written, when they are not on disk yet). A page written there may be
cut to what Pagefind reads of it (the search stage leaves out the regions it never reads:
:func:`indexed_part`): Pagefind then parses half as much and writes the same
fragments and word index.

A run that re-indexes a shard starts from the bundle the shard had (``reuse``): Pagefind names a
page's fragment and each chunk of its word index by their contents, and writes no such file that
is already there, so the files of the last bundle are linked into the new one first, and only what
changed is compressed and written (gzip at its best level: most of Pagefind's time on a shard whose
words are unchanged). Those the new index does not name are removed when it is done.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

TIMEOUT_SECONDS = 900
BACKGROUND_NICENESS = 10  # how much lower a run beside the rest of the build is scheduled
PageSource = Callable[[str], "Path | bytes"]  # a site page's file, or its bytes when it is not written yet
MEMORY_FOLDER = Path("/dev/shm")  # a folder in memory, where the machine has one
ENTRY_FILE = "pagefind-entry.json"  # what a bundle is found by: its version, languages and page counts
NAMED_BY_CONTENT = ("fragment", "index")  # a bundle's folders whose files Pagefind names by their contents
UNINDEXED = re.compile(rb"<!-- unindexed -->(.*?)<!-- /unindexed -->", re.DOTALL)
IGNORED_OPENING = re.compile(rb"<([a-z][a-z0-9]*)\s[^>]*?\bdata-pagefind-ignore(?:=\"(?:index|all)\")?(?=[\s>])[^>]*>")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message carries what it printed."""


def pagefind_executable() -> Path:
    """The Pagefind binary installed by ``pagefind[bin]`` (no download at build time)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise SearchIndexError("the pagefind[bin] package is not installed") from exc
    return Path(get_executable())


def read_bytes(page: Path | bytes) -> bytes:
    """The bytes of a page as a :data:`PageSource` gives it."""
    return page if isinstance(page, bytes) else page.read_bytes()


class PagefindRun:
    """One Pagefind run over some site pages into the bundle folder ``target``: its pages are
    linked (or written) here into a scratch folder, so that Pagefind reads only them and gives
    them their URLs in the site; :meth:`wait` starts Pagefind (if :meth:`launch` has not) and
    waits for it."""

    def __init__(self, read: PageSource, paths: list[str], target: Path, background: bool = False,
                 readable: Callable[[bytes], bytes] | None = None, reuse: Path | None = None) -> None:
        self.target = target
        self.background = background  # run at a lower priority: the build goes on beside it
        # The files of the bundle these pages were last indexed into, linked here, in the thread that
        # makes the run (a thread that waits on the run would wait on the interpreter between links).
        self.linked = link_unchanged(reuse, target) if reuse is not None else []
        self.process: subprocess.Popen[str] | None = None
        self.stopped = False
        scratch = None
        if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
            try:
                scratch = _scratch(read, paths, MEMORY_FOLDER, copy=True, readable=readable)
            except OSError:  # full (a container's /dev/shm may be small) or unusable: on disk instead
                scratch = None
        try:
            self.scratch = scratch or _scratch(read, paths, target.parent, copy=False, readable=readable)
        except OSError as exc:
            raise SearchIndexError(f"pagefind could not run: {exc}") from exc

    def launch(self) -> subprocess.Popen[str]:
        """Start Pagefind (once)."""
        if self.stopped:
            raise SearchIndexError("pagefind was stopped: the build failed")
        if self.process is None:
            command = [str(pagefind_executable()), "--site", str(self.scratch), "--output-path", str(self.target),
                       "--silent"]
            nice = shutil.which("nice") if self.background else None
            if nice:  # Pagefind's threads take what the build leaves, rather than slowing it down
                command = [nice, "-n", str(BACKGROUND_NICENESS), *command]
            try:
                self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            except OSError as exc:
                shutil.rmtree(self.scratch, ignore_errors=True)
                raise SearchIndexError(f"pagefind could not run: {exc}") from exc
        return self.process

    def wait(self) -> int:
        """How many pages Pagefind indexed, once it is done; a failed run raises :class:`SearchIndexError`."""
        process = self.launch()
        try:
            out, err = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            self.stop()
            raise SearchIndexError(f"pagefind could not run: {exc}") from exc
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        if process.returncode != 0:
            raise SearchIndexError(f"pagefind exited with {process.returncode}: {(err or out).strip()[-2000:]}")
        entry = self.target / ENTRY_FILE
        if not entry.is_file():
            raise SearchIndexError(f"pagefind wrote no index ({entry} is missing)")
        data = _entry(self.target)
        unnamed(self.target, self.linked, data)
        return _page_count(data)

    def stop(self) -> None:
        """End the run if it is going (and never start it), and remove its scratch folder. The
        process is killed and reaped, never read: a thread in :meth:`wait` may be reading its
        pipes, and two readers race (one closes a pipe whose number the other then reads under a
        new owner, such as a folder being removed: an ``IsADirectoryError`` from nowhere)."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _scratch(read: PageSource, paths: list[str], parent: Path, copy: bool,
             readable: Callable[[bytes], bytes] | None = None) -> Path:
    """A new folder in ``parent`` holding the pages at ``paths`` (as ``read`` gives them) at
    those paths: their bytes when ``copy`` or when they are not on disk yet, else hard links to
    their files. Bytes written are cut to what Pagefind reads of them (``readable``), when given:
    it then parses half as much. Nothing is left behind when it fails."""
    scratch = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=parent))
    try:
        for path in paths:
            link = scratch / path
            link.parent.mkdir(parents=True, exist_ok=True)
            page = read(path)
            if copy or isinstance(page, bytes):
                data = read_bytes(page)
                link.write_bytes(readable(data) if readable else data)
            else:
                os.link(page, link)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return scratch


def link_unchanged(previous: Path, target: Path) -> list[Path]:
    """Hard-link the files of the bundle ``previous`` that Pagefind names by their contents into
    the bundle folder ``target`` it is about to write, where they are for the same Pagefind (a
    file of another version may hold the same contents written otherwise); return the links made."""
    version = _version(previous)
    if version is None or version != _installed_version():
        return []
    linked: list[Path] = []
    for name in NAMED_BY_CONTENT:
        folder = target / name
        try:
            entries = list(os.scandir(previous / name))
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(f".pf_{name}") and entry.is_file(follow_symlinks=False):
                with suppress(OSError):  # another file system, or gone: Pagefind writes it if it needs it
                    os.link(entry.path, folder / entry.name)
                    linked.append(folder / entry.name)
    return linked


def unnamed(bundle: Path, linked: list[Path], entry: dict[str, Any]) -> None:
    """Remove the ``linked`` files that the index Pagefind wrote into ``bundle`` (whose entry
    file says ``entry``) does not name. Every file is named in the index's metadata (one per
    language, listed in the entry file), so a linked file whose name is not there is of a page
    or word chunk that is gone. If the metadata cannot be read, the links stay: unused files,
    never a missing one."""
    try:
        named = b"".join(gzip.decompress((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes())
                         for language in entry["languages"].values())
    except (OSError, KeyError, TypeError, AttributeError, EOFError, zlib.error):
        return
    for path in linked:
        if path.name.rsplit(".", 1)[0].encode() not in named:
            path.unlink(missing_ok=True)


def _entry(bundle: Path) -> dict[str, Any]:
    """What the entry file of ``bundle`` says (nothing, when it cannot be read)."""
    try:
        data = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _version(bundle: Path) -> str | None:
    """The version of Pagefind that wrote ``bundle``."""
    version = _entry(bundle).get("version")
    return version if isinstance(version, str) else None


@cache
def _installed_version() -> str | None:
    """The version of the Pagefind binary this build runs (that of the ``pagefind_bin`` package shipping it)."""
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return None


def _page_count(entry: dict[str, Any]) -> int:
    """How many pages an index holds, by what its entry file says."""
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())


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
