"""Stage 7, write: every output file into a staging folder beside the site, then the swap.

The site is built in a folder beside the output and swapped in only when every stage has
finished, so a failed build leaves the previous site as it was. A file whose bytes equal the
previous site's copy is hard-linked from it instead of written again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .model import BuildError, OutputFile


def staging_folder(output: Path) -> Path:
    """The folder beside ``output`` this build writes into before the swap."""
    return output.parent / f".{output.name}.building-{os.getpid()}"


def write_files(outputs: list[OutputFile], folder: Path, previous: Path | None = None) -> int:
    """Write every output file under ``folder``; return how many were written.

    A file whose bytes equal the previous site's copy is hard-linked from it instead of being
    written; any path that would leave ``folder`` is refused.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    root = folder.resolve()
    written = 0
    for out in outputs:
        target = (root / out.path).resolve()
        if root not in target.parents:
            raise BuildError(f"refusing to write outside the site: {out.path!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if previous is not None and _same(previous / out.path, out.content):
            try:
                os.link(previous / out.path, target)
                continue
            except OSError:
                pass
        target.write_bytes(out.content)
        written += 1
    return written


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def swap(staging: Path, output: Path) -> None:
    """Put the finished ``staging`` folder in the place of ``output`` (the old site is removed)."""
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
