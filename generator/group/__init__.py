"""Stage 5, group: corpus-level decisions — URLs, ranked keywords and shared tags, topic hubs,
related articles."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from .. import deferred  # noqa: F401  # NumPy's unused submodules made lazy before SciPy loads (below)
from ..background import Background
from ..config import SiteConfig
from ..model import Article, PlacedArticle, SiteModel
from .corpus_tags import build_tags, rank_keywords
from .duplicates import near_duplicates
from .hubs import Found, HubHistory, build_hubs, hub_stories, new_briefs, story_signatures, untold
from .pairs import compare
from .related import build_related


def group(articles: list[Article], config: SiteConfig, history: HubHistory | None = None,
          added: dict[str, datetime] | None = None, memo: Path | None = None) -> SiteModel:
    """Place every article in the site: its URL, canonical tags, topic hub and related articles.
    ``history`` is what earlier builds published (hubs, article URLs), so that their URLs last; ``added`` when
    each content file was added (the date an article that carries none is shown and listed by); ``memo`` the file
    where the compared pairs' similarities are remembered between builds (:mod:`.pairs`)."""
    order = partial(newest_first, added=added)
    ordered = sorted(articles, key=order)
    urls = assign_urls(ordered, added)
    moved = moved_urls(urls, history or HubHistory())
    canonical_of = near_duplicates(ordered)
    stories = [a for a in ordered if a.source_file not in canonical_of]  # each story once
    copies: dict[str, list[str]] = defaultdict(list)
    for copy, canonical in canonical_of.items():
        copies[canonical].append(copy)
    # Which articles are alike (related articles, stories) is worked out in a forked process
    # while this one ranks keywords and makes tags: on two cores the two take about as long.
    comparing = Background(partial(compared, stories, config, history, memo))
    ranked = rank_keywords(stories, config)
    tags, story_tags = build_tags(stories, ranked, config)
    found, related = comparing.result()
    # The new hubs' briefs are made half here and half in a forked process, on two cores.
    to_tell = list(untold(stories, found, order, history).items())
    briefing = Background(partial(new_briefs, to_tell[1::2])) if len(to_tell) > 1 else None
    briefs = new_briefs(to_tell[::2]) | (briefing.result() if briefing else {})
    hubs, redirects = build_hubs(stories, found, order, story_tags, briefs, history)
    hubs_of: dict[str, list[str]] = defaultdict(list)
    for hub in hubs.values():
        for source in hub.articles:
            hubs_of[source].append(hub.slug)
    placed = tuple(
        PlacedArticle(
            article=a,
            url=urls[a.source_file],
            tags=story_tags[story],
            hubs=tuple(hubs_of[story]),
            related=related[story],
            duplicate_of=canonical_of.get(a.source_file),
            copies=tuple(sorted(copies[a.source_file])),
            added=(added or {}).get(a.source_file),
        )
        for a in ordered
        for story in [canonical_of.get(a.source_file, a.source_file)]
    )
    return SiteModel(articles=placed, tags=tags, hubs=hubs, hub_redirects=redirects, article_redirects=moved)


def compared(stories: list[Article], config: SiteConfig, history: HubHistory | None,
             memo: Path | None) -> tuple[Found, dict[str, tuple[str, ...]]]:
    """The hubs to make (:func:`generator.group.hubs.hub_stories`) and each article's related
    articles, both from one comparison of the candidate pairs of ``stories``."""
    signed = story_signatures(stories)
    vectors, pairs = compare(stories, memo, list(signed.values()))
    return hub_stories(stories, config, history, pairs, signed), build_related(config.related_articles, vectors, pairs)


def newest_first(a: Article, added: Mapping[str, datetime] | None = None) -> tuple[int, float, str]:
    """Sort key: newest first by the date an article is listed by (the one it carries, else
    when its file was added: ``added``, by content file), then by content path; an article
    with neither last."""
    listed = a.date or (added or {}).get(a.source_file)
    if listed is None:
        return (1, 0.0, a.source_file)
    return (0, -(listed if listed.tzinfo else listed.replace(tzinfo=UTC)).timestamp(), a.source_file)  # naive: UTC


def assign_urls(articles: list[Article], added: dict[str, datetime] | None = None) -> dict[str, str]:
    """A unique ``/articles/<slug>/`` URL per article that stays the same whatever other articles
    come or go. A slug several articles share belongs to the one added first (``added``: when
    each content file was added; then by content path); each other one takes a suffix from a
    digest of its own content path (``same-title-7f3a``), not a number from its place among
    them, so removing or adding one of them moves no other."""
    added = added or {}
    groups: dict[str, list[Article]] = {}
    for a in articles:
        groups.setdefault((a.slug or "article").lower(), []).append(a)
    taken = set(groups)  # the bare slugs: no suffixed slug may take one
    urls: dict[str, str] = {}
    for members in groups.values():
        members.sort(key=lambda a: (added.get(a.source_file) is None, added.get(a.source_file) or datetime.min,
                                    a.source_file))
        for rank, a in enumerate(members):
            base = a.slug or "article"
            slug = base if rank == 0 else _suffixed(base, a.source_file, taken)
            taken.add(slug.lower())
            urls[a.source_file] = f"/articles/{slug}/"
    return urls


def moved_urls(urls: dict[str, str], history: HubHistory) -> dict[str, str]:
    """The earlier URLs of articles still published (``urls``: each content file's URL now) that
    no article has now, each with the content file it leads to: the URL an article had at the
    last build (``history.urls``) when its title, and so its slug, changed since, and those
    earlier builds found moved. A URL an article has now is that article's page, never a redirect."""
    live = set(urls.values())
    moved = {old: source for old, source in history.moved.items() if source in urls}
    moved.update((old, source) for source, old in history.urls.items() if source in urls)
    return {old: source for old, source in sorted(moved.items()) if old not in live}


def _suffixed(base: str, source: str, taken: set[str]) -> str:
    """``base`` with the shortest free suffix from the digest of the content path ``source``."""
    digest = hashlib.sha256(source.encode()).hexdigest()
    width = 4
    while width < len(digest) and f"{base}-{digest[:width]}".lower() in taken:
        width += 2
    return f"{base}-{digest[:width]}"
