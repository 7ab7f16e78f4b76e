"""Stage 8, search: the Pagefind index over the written HTML, with the binary the package ships."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

STAGE = "search"
TIMEOUT_SECONDS = 900


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message carries what it printed."""


def pagefind_executable() -> Path:
    """The Pagefind binary installed by ``pagefind[bin]`` (no download at build time)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise SearchIndexError("the pagefind[bin] package is not installed") from exc
    return Path(get_executable())


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
