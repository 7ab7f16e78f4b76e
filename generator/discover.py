"""Stage 1, discover: find the content files, in a stable order, skipping junk and symlinks."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from pathlib import Path

from .model import Problem, SourceFile

# Editor and OS leftovers: never content, ignored without a word.
JUNK_PATTERNS: tuple[str, ...] = (
    ".*", "*~", "#*#", "*.swp", "*.swo", "*.tmp", "*.bak", "Thumbs.db", "desktop.ini", "Desktop.ini",
)


def is_junk(name: str) -> bool:
    """True for dotfiles, editor backups and OS files that are never articles."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in JUNK_PATTERNS)


def discover(content: Path, max_bytes: int) -> tuple[list[SourceFile], list[Problem]]:
    """Walk ``content`` and read every article file.

    Symlinks are never followed: each is reported and skipped. Files over ``max_bytes`` are
    reported, not read. The result is sorted by relative path so builds are repeatable.
    """
    found: list[SourceFile] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(content, followlinks=False):
        here = Path(dirpath)
        for name in list(dirnames):
            if is_junk(name):
                dirnames.remove(name)
            elif (here / name).is_symlink():
                dirnames.remove(name)
                problems.append(Problem(_rel(here / name, content), "discover",
                                        "symlinked folder skipped: links are not followed"))
        dirnames.sort()
        for name in sorted(filenames):
            if is_junk(name):
                continue
            result = read_source(here / name, _rel(here / name, content), max_bytes)
            if isinstance(result, SourceFile):
                found.append(result)
            else:
                problems.append(result)
    found.sort(key=lambda f: f.rel)
    problems.sort(key=lambda p: p.file)
    return found, problems


def read_source(path: Path, rel: str, max_bytes: int) -> SourceFile | Problem:
    """One content file, or the reason it is refused (a symlink, too large, unreadable)."""
    if path.is_symlink():
        return Problem(rel, "discover", "symlink skipped: links are not followed")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(rel, "discover", f"file is {size:,} bytes, over the limit of {max_bytes:,} (max_file_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        return Problem(rel, "discover", f"cannot be read: {exc.strerror or exc}")
    return SourceFile(path=path, rel=rel, data=data, sha256=hashlib.sha256(data).hexdigest())


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
