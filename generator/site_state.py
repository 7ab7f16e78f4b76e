"""Where a site's build state is kept between builds, and what the next build reads of it.

A site is known by a digest of the folder it is published into. Inside the build cache (which
deploys keep, see ``netlify.toml``) it has the keys of its published pages, its hub history and
the similarities of its compared pairs, and the list of cache entries it uses; beside the cache,
the last build's result.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import load_pickle

if TYPE_CHECKING:
    from .group.hubs import HubHistory


def site_key(output: Path) -> str:
    """The name the cache knows the site published into ``output`` by."""
    return hashlib.sha256(str(output).encode()).hexdigest()[:16]


def pages_record(cache: Path | None, output: Path) -> Path | None:
    """Where the keys of the pages published into ``output`` are kept."""
    return None if cache is None else cache / "pages" / f"{site_key(output)}.pickle"


def hub_history(cache: Path | None, output: Path) -> Path | None:
    """Where the hubs and article URLs published into ``output`` are remembered."""
    return None if cache is None else cache / "hubs" / f"{site_key(output)}.pickle"


def pair_memo(cache: Path | None, output: Path) -> Path | None:
    """Where the similarities of the site's compared pairs of articles are remembered (:mod:`.group.pairs`)."""
    return None if cache is None else cache / "pairs" / f"{site_key(output)}.pickle"


def manifest(cache: Path, output: Path) -> Path:
    """Where the cache entries the site published into ``output`` uses are listed."""
    return cache / "manifests" / f"{site_key(output)}.pickle"


def stamp(cache: Path, output: Path) -> Path:
    """Where the last build's key and result are kept (``generator.build``)."""
    return cache.parent / "builds" / f"{site_key(output)}.pickle"


def earlier_history(cache: Path | None, output: Path) -> HubHistory:
    """What earlier builds published into ``output`` (:class:`generator.group.hubs.HubHistory`).
    A history written before article URLs were kept takes them from the last build's result
    (its ``published`` content files and URLs), so the first build that keeps them already
    redirects the addresses of articles whose titles it writes anew."""
    from .group.hubs import load_history  # the corpus stages' module, loaded only by a build that groups

    history = load_history(hub_history(cache, output))
    if cache is None or history.urls:
        return history
    stored = load_pickle(stamp(cache, output))
    published = getattr(stored[1], "published", None) if isinstance(stored, tuple) and len(stored) == 2 else None
    if not isinstance(published, tuple) or not all(isinstance(p, tuple) and len(p) == 2 for p in published):
        return history
    return replace(history, urls={str(source): str(url) for source, url in published})
