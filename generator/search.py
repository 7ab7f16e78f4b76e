"""Stage 8, search: the Pagefind index over the written HTML, with the binary the package ships."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

STAGE = "search"
TIMEOUT_SECONDS = 900
STAMP = "briefing-pages.txt"  # digest of the indexed pages and their count


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message carries what it printed."""


def pagefind_executable() -> Path:
    """The Pagefind binary installed by ``pagefind[bin]`` (no download at build time)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise SearchIndexError("the pagefind[bin] package is not installed") from exc
    return Path(get_executable())


def pages_digest(site_dir: Path) -> str:
    """A digest of every HTML page Pagefind would index (paths and bytes)."""
    digest = hashlib.sha256()
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        if not rel.startswith("pagefind/"):
            digest.update(rel.encode() + b"\0" + hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest()


def index_or_reuse(site_dir: Path, previous: Path) -> tuple[int, bool]:
    """Index ``site_dir``, or reuse ``previous``'s index when its pages are byte for byte the same.

    Pagefind names its filter shards differently on every run, so reusing an index for
    unchanged pages is what makes a rebuild byte-identical (and quicker). Returns the page
    count and whether the index was reused.
    """
    digest = pages_digest(site_dir)
    stamp = previous / "pagefind" / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8").split()[0] == digest:
        shutil.copytree(previous / "pagefind", site_dir / "pagefind")
        return int(stamp.read_text(encoding="utf-8").split()[1]), True
    pages = index_site(site_dir)
    (site_dir / "pagefind" / STAMP).write_text(f"{digest} {pages}\n", encoding="utf-8")
    return pages, False


def index_site(site_dir: Path) -> int:
    """Index ``site_dir`` into ``site_dir/pagefind``; return how many pages Pagefind indexed."""
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", "pagefind", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"pagefind could not run: {exc}") from exc
    if done.returncode != 0:
        raise SearchIndexError(f"pagefind exited with {done.returncode}: {(done.stderr or done.stdout).strip()[-2000:]}")
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError("pagefind wrote no index (pagefind/pagefind-entry.json is missing)")
    return _page_count(entry)


def _page_count(entry: Path) -> int:
    data = json.loads(entry.read_text(encoding="utf-8"))
    return sum(int(lang.get("page_count", 0)) for lang in data.get("languages", {}).values())
