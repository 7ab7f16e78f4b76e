"""Stage 1, discover: find the content files, in a stable order, skipping junk and symlinks."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import stat
from pathlib import Path

from .model import Problem, SourceFile

# Editor and OS leftovers: never content, ignored without a word.
JUNK_PATTERNS: tuple[str, ...] = (
    ".*", "*~", "#*#", "*.swp", "*.swo", "*.tmp", "*.bak", "Thumbs.db", "desktop.ini", "Desktop.ini",
)


JUNK = re.compile("|".join(map(fnmatch.translate, JUNK_PATTERNS)))  # one match a name, not one a pattern


def is_junk(name: str) -> bool:
    """True for dotfiles, editor backups and OS files that are never articles."""
    return JUNK.match(name) is not None


def discover(content: Path, max_bytes: int) -> tuple[list[SourceFile], list[Problem]]:
    """Walk ``content`` and read every article file.

    Symlinks are never followed: each is reported and skipped. Files over ``max_bytes`` are
    reported, not read. The result is sorted by relative path so builds are repeatable.
    """
    found: list[SourceFile] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(content, followlinks=False):
        here = Path(dirpath)
        folder = here.relative_to(content).as_posix()
        prefix = "" if folder == "." else folder + "/"
        for name in list(dirnames):
            if is_junk(name):
                dirnames.remove(name)
            elif (here / name).is_symlink():
                dirnames.remove(name)
                problems.append(Problem(prefix + name, "discover", "symlinked folder skipped: links are not followed"))
        dirnames.sort()
        for name in sorted(filenames):
            if is_junk(name):
                continue
            result = read_source(here / name, prefix + name, max_bytes)
            if isinstance(result, SourceFile):
                found.append(result)
            else:
                problems.append(result)
    found.sort(key=lambda f: f.rel)
    problems.sort(key=lambda p: p.file)
    return found, problems


def read_source(path: Path, rel: str, max_bytes: int) -> SourceFile | Problem:
    """One content file, or the reason it is refused (a symlink, too large, unreadable)."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return Problem(rel, "discover", "symlink skipped: links are not followed")
        if info.st_size > max_bytes:
            return Problem(rel, "discover", f"file is {info.st_size:,} bytes, over the limit of {max_bytes:,} (max_file_bytes)")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Problem(rel, "discover", f"cannot be read: {exc.strerror or exc}")
    return SourceFile(path=path, rel=rel, data=data, sha256=hashlib.sha256(data).hexdigest())
