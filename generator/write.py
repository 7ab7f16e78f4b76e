"""Stage 7, write: the files that changed into a staging folder beside the site, then the publish.

A rebuild usually changes a few files of thousands. So only the files whose bytes differ from
the site's copy (and the new ones) are written, into a staging folder beside the output; the
search stage adds its index there; then :func:`publish` moves them into the site and removes
the files this build no longer makes. Nothing in the site changes before the publish, and a
publish that fails part way puts back what it had replaced, so a failed build leaves the
previous site as it was. The first build, with no site yet, stages every file and publishes
by renaming the folder.

Copying the whole site into a fresh folder instead would make a folder for every page (7,750
at 5,000 articles: about a second) and then delete the old site (another second).
"""

from __future__ import annotations

import os
import posixpath
import shutil
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .model import BuildError, OutputFile

SEARCH_FOLDER = "pagefind"  # made by the search stage, published whole or bundle by bundle
SHARD_PREFIX = "shard-"  # a shard's bundle is a folder of this name and its number inside the search folder


@dataclass(frozen=True)
class Staged:
    """What stage 7 left for the publish: the ``staging`` folder holding the ``changed`` files
    (new, or different from the site's copy), the files of ``output`` this build no longer makes
    (``stale``), and whether there was no site yet (``fresh``: the staging folder is the site)."""

    staging: Path
    output: Path
    changed: frozenset[str]
    stale: tuple[str, ...]
    fresh: bool

    def source(self, path: str) -> Path:
        """Where this build's copy of the site file ``path`` is: staged, or unchanged in the site."""
        return self.staging / path if self.fresh or path in self.changed else self.output / path


def staging_folder(output: Path) -> Path:
    """The folder beside ``output`` this build writes into before the publish."""
    return output.parent / f".{output.name}.building-{os.getpid()}"


def stage_files(outputs: list[OutputFile], output: Path, kept: Collection[str] = (),
                listed: Collection[str] | None = None) -> Staged:
    """Write the files of ``outputs`` that the site at ``output`` lacks or holds with other bytes
    into a fresh staging folder; any path that would leave the site is refused. ``kept`` are
    files of the site this build makes as they are (pages stage 6 did not render again);
    ``listed`` the site's files (:func:`site_files`) if the caller listed them already (the build
    changes nothing in the site before the publish)."""
    staging = staging_folder(output)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    fresh = not output.is_dir()
    site, root = str(output), str(staging)
    made: set[str] = {""}
    changed: set[str] = set()
    made_now = {inside(path) for path in kept}
    if fresh and made_now:
        raise BuildError(f"{output} does not exist, so it holds none of the pages said to be kept")
    for out in outputs:
        rel = inside(out.path)
        made_now.add(rel)
        if not fresh and _same(os.path.join(site, rel), out.content):
            continue
        parent = posixpath.dirname(rel)
        if parent not in made:
            os.makedirs(os.path.join(root, parent), exist_ok=True)
            made.add(parent)
        with open(os.path.join(root, rel), "wb") as handle:
            handle.write(out.content)
        changed.add(rel)
    stale = () if fresh else tuple(sorted(p for p in (site_files(output) if listed is None else listed)
                                          if p not in made_now))
    return Staged(staging, output, frozenset(changed), stale, fresh)


def inside(path: str) -> str:
    """``path`` as a clean relative path inside the site; one that would leave it is refused."""
    rel = posixpath.normpath(path.replace("\\", "/")) if path else ""
    if rel in ("", ".", "..") or rel.startswith(("/", "../")) or ":" in rel.split("/", 1)[0]:
        raise BuildError(f"refusing to write outside the site: {path!r}")
    return rel


def _same(path: str, content: bytes) -> bool:
    """Whether ``path`` is a regular file (never a link followed) holding exactly ``content``."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(content):
            return False
        with open(path, "rb") as handle:
            return handle.read() == content
    except OSError:
        return False


def site_files(output: Path) -> list[str]:
    """Every file and link of the site, relative to it, outside the search index. Links to
    folders are listed, never entered; one directory listing a folder, whose entries already say
    what they are (no call per entry to ask)."""
    found: list[str] = []
    folders = [(str(output), "")]
    while folders:
        path, rel = folders.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = f"{rel}{entry.name}"
                if name == SEARCH_FOLDER and entry.is_dir():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{name}/"))
                else:
                    found.append(name)
    return found


def publish(staged: Staged, kept: Collection[str] = ()) -> None:
    """Make the staged build the site: move the changed files and the search index in, move
    the stale files out. The search index is swapped whole, or, when the site keeps some of
    its bundle folders as they are (``kept``), bundle by bundle (:func:`_search_moves`). If a
    move fails, every move made is undone and the error raised."""
    if staged.fresh:
        staged.staging.rename(staged.output)
        return
    backup = staged.output.parent / f".{staged.output.name}.replaced-{os.getpid()}"
    shutil.rmtree(backup, ignore_errors=True)
    moves: list[tuple[Path, Path]] = []  # (from, to), in the order made

    def move(source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
        moves.append((source, target))

    undone = True
    try:
        for rel in staged.stale:
            move(staged.output / rel, backup / rel)
            _prune(staged.output, rel)
        search_out, search_in = _search_moves(staged, kept)
        for rel in search_out:
            move(staged.output / rel, backup / rel)
        for rel in sorted(staged.changed):
            if os.path.lexists(staged.output / rel):
                move(staged.output / rel, backup / rel)
            move(staged.staging / rel, staged.output / rel)
        for rel in search_in:
            move(staged.staging / rel, staged.output / rel)
    except BaseException:
        undone = False
        for source, target in reversed(moves):
            source.parent.mkdir(parents=True, exist_ok=True)
            os.rename(target, source)
        undone = True
        raise
    finally:
        if undone:  # a failed undo keeps the replaced files, for whoever mends the site by hand
            shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(staged.staging, ignore_errors=True)


def _search_moves(staged: Staged, kept: Collection[str]) -> tuple[list[str], list[str]]:
    """The parts of the search index to move out of the site and in from the staging folder.
    With no bundle ``kept``, the search folder whole. Otherwise each bundle (the search folder's
    own entries, and each ``shard-*`` folder in it) is replaced whole, except that of a bundle
    the site keeps only the files staged for it (its record) replace the site's: its index is
    neither copied into the staging folder nor moved."""
    if not kept:
        return ([SEARCH_FOLDER] if os.path.lexists(staged.output / SEARCH_FOLDER) else [],
                [SEARCH_FOLDER] if os.path.lexists(staged.staging / SEARCH_FOLDER) else [])
    live, new = _bundles(staged.output), _bundles(staged.staging)
    out: list[str] = []
    into: list[str] = []
    for name in sorted(live.keys() | new.keys()):
        if name in kept:
            files = _files_of(staged.staging, new.get(name, []))
            out += [rel for rel in files if os.path.lexists(staged.output / rel)]
            into += files
        else:
            out += live.get(name, [])
            into += new.get(name, [])
    return out, into


def _bundles(site: Path) -> dict[str, list[str]]:
    """The search index bundles in ``site`` by folder, each with the parts it is moved by: the
    search folder's own entries, and each ``shard-*`` folder in it whole."""
    root = site / SEARCH_FOLDER
    if not root.is_dir():
        return {}
    found: dict[str, list[str]] = {SEARCH_FOLDER: []}
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            rel = f"{SEARCH_FOLDER}/{entry.name}"
            if entry.name.startswith(SHARD_PREFIX) and entry.is_dir(follow_symlinks=False):
                found[rel] = [rel]
            else:
                found[SEARCH_FOLDER].append(rel)
    return found


def _files_of(site: Path, parts: list[str]) -> list[str]:
    """``parts`` of ``site``, each folder among them given as the files in it."""
    files: list[str] = []
    for rel in parts:
        path = site / rel
        if path.is_dir() and not path.is_symlink():
            files += [f"{rel}/{name}" for name in sorted(os.listdir(path))]
        else:
            files.append(rel)
    return files


def _prune(output: Path, rel: str) -> None:
    """Remove the folders of ``rel`` inside ``output`` that its removal left empty."""
    folder = posixpath.dirname(rel)
    while folder:
        try:
            os.rmdir(output / folder)
        except OSError:
            return
        folder = posixpath.dirname(folder)
