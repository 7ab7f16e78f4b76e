"""When each content file was added: the date an undated article is shown and fed with.

Inside a git work tree, a file was added when the first commit that holds it was made (as Hugo's
``enableGitInfo`` reads it), found for every file in one ``git log`` pass. A file git does not
know yet, or a content folder outside git, falls back to the file's modification time. Dates are
whole seconds in UTC, so identical files and history give identical builds.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

GIT_TIMEOUT = 60


def added_dates(content: Path, files: list[str]) -> dict[str, datetime]:
    """The date each of ``files`` (paths relative to ``content``) was added."""
    first = _first_commits(content)
    root = os.fspath(content)
    out: dict[str, datetime] = {}
    for rel in files:
        stamp = first.get(rel)
        if stamp is None:
            try:
                stamp = int(os.stat(os.path.join(root, rel)).st_mtime)
            except OSError:
                continue
        out[rel] = datetime.fromtimestamp(stamp, UTC).replace(tzinfo=None)
    return out


def _first_commits(content: Path) -> dict[str, int]:
    """For every file under ``content`` in its git history, the commit time (Unix seconds) of
    the first commit that added it; empty outside git or without git."""
    try:
        run = subprocess.run(["git", "-C", str(content), "log", "--format=@%ct", "--name-only", "--diff-filter=A",
                              "--no-renames", "--relative", "-z", "--", "."],
                             capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if run.returncode != 0:
        return {}
    first: dict[str, int] = {}
    stamp = 0
    for field in run.stdout.replace("\n", "\0").split("\0"):
        if field.startswith("@") and field[1:].isdigit():
            stamp = int(field[1:])
        elif field:
            first[field] = stamp  # git log runs newest first: the last commit seen is the first
    return first
