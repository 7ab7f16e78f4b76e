"""Topic hubs: one developing story across outlets, named after it, with a cited brief.

Which articles tell one story is decided in :mod:`generator.group.stories`; this module turns
each story into a hub. A hub's title is the headline of the member whose headline best tells the
story, the one whose words most of the other members use (:func:`title_source`), without a
desk's or column's label and shortened to its main clause when long. Its slug comes from that
title the first time the hub is seen and is then kept: the build remembers each hub's slug,
members and the article it was named after (:class:`HubHistory`), a hub that grows keeps its
slug, and the slug of a hub that merged into another or moved on redirects to the hub now
holding most of its articles. A hub also keeps its title while the article it was named after
is still a member, though another's headline may now tell the story better: an article that
joins or leaves a story does not rename it, nor change what every member's page says of it.
Hubs curated in the config are honoured first, and their articles join no other hub.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..cache import code_version, dump_atomic, load_pickle, value_digest
from ..config import SiteConfig
from ..enrich.brief_sentences import brief_digest
from ..model import Article, BriefSentence, Hub
from ..tag_keys import tag_key, tokens
from ..text import article_slug, comparison_stems, slugify, stem
from .brief import brief
from .pairs import Pairs, signatures
from .stories import find_stories

TITLE_WORDS = 18  # a longer headline is cut to its main clause; a written title is at most this long (enrich.title.LONG_WORDS)
CLAUSE_MIN_WORDS = 5
LABEL = re.compile(r"([^:]{2,60}?):\s+(\S.*)", re.DOTALL)  # "World Trade News: US ready to back Nafta bank"
LABEL_WORDS = 5  # a desk's or column's name is short
LABELLED_MIN_WORDS = 3  # and what follows it is a headline of its own
SLUG_LENGTH = 60


@dataclass(frozen=True)
class HubHistory:
    """What earlier builds published: each hub's slug and members, the slugs that redirect, and
    each hub's brief by :func:`brief_key` (a hub whose members did not change keeps its brief),
    and what each member was compared by (an unchanged member stays in its story); and each
    article's URL and the earlier URLs that lead to an article now elsewhere
    (:func:`generator.group.moved_urls`), so a link to an article keeps working when its title changes."""

    hubs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    briefs: dict[bytes, tuple[BriefSentence, ...]] = field(default_factory=dict)
    signatures: dict[str, bytes] = field(default_factory=dict)  # each member's :func:`story_signatures` then
    named: dict[str, str] = field(default_factory=dict)  # each hub's slug → the member it was named after
    urls: dict[str, str] = field(default_factory=dict)  # each content file → its article's URL then
    moved: dict[str, str] = field(default_factory=dict)  # an earlier article URL → the content file it leads to


class FoundHub(NamedTuple):
    """A hub to make: its title and members, its slug when the config curates it, and the member
    its title comes from (none for a curated hub)."""

    title: str
    members: tuple[str, ...]
    curated: str | None
    central: str


Found = list[FoundHub]
Briefs = dict[bytes, tuple[BriefSentence, ...]]  # hubs' briefs by :func:`brief_key`


def hub_stories(articles: list[Article], config: SiteConfig, history: HubHistory | None = None,
                pairs: Pairs | None = None, compared_by: dict[str, bytes] | None = None) -> Found:
    """The hubs to make: curated ones (the config's, in its order), then one per story found
    among the other articles, titled after the headline that best tells it (:func:`title_source`),
    or, when it holds an article an earlier hub was named after, that article's. ``pairs`` are the
    compared pairs of ``articles`` (:func:`generator.group.pairs.compare`) and ``compared_by``
    their :func:`story_signatures`, when the caller has them."""
    history = history or HubHistory()
    by_source = {a.source_file: a for a in articles}
    found = _curated_hubs(articles, config)
    curated_members = {s for hub in found for s in hub.members}
    rest = [a for a in articles if a.source_file not in curated_members]
    if pairs is not None and curated_members:
        pairs = pairs.within(np.flatnonzero([a.source_file not in curated_members for a in articles]))
    signed = compared_by if compared_by is not None else story_signatures(rest)
    named_before = set(history.named.values())
    for story in find_stories(rest, _unchanged_stories(signed, history), pairs):
        # A story that holds an article an earlier hub was named after keeps that name (see
        # build_hubs); only a new one looks for the headline that tells it.
        kept = next((s for s in story.members if s in named_before), None)
        named = by_source[kept] if kept else title_source([by_source[story.central], *(
            by_source[s] for s in story.members if s != story.central)])
        found.append(FoundHub(hub_title(headline(named)), story.members, None, named.source_file))
    return found


def untold(articles: list[Article], found: Found, order: Callable[[Article], tuple[int, float, str]],
           history: HubHistory | None = None) -> dict[bytes, list[Article]]:
    """The hubs of ``found`` whose brief ``history`` does not hold: each one's members in the
    order a brief tells them (:func:`oldest_first`), by its :func:`brief_key`."""
    known = (history or HubHistory()).briefs
    by_source = {a.source_file: a for a in articles}
    lists: dict[bytes, list[Article]] = {}
    for hub in found:
        told = oldest_first(sorted((by_source[s] for s in hub.members), key=order))
        key = brief_key(told)
        if key not in known:
            lists.setdefault(key, told)
    return lists


def new_briefs(told: list[tuple[bytes, list[Article]]]) -> Briefs:
    """The brief of each (key, members) of ``told`` (items of :func:`untold`), by its key: the
    part of :func:`build_hubs` that needs only the members, so that it can run on another core for
    some of the hubs (:func:`generator.group.group`)."""
    return {key: brief(members) for key, members in told}


def build_hubs(articles: list[Article], found: Found, order: Callable[[Article], tuple[int, float, str]],
               tag_slugs: dict[str, tuple[str, ...]], briefs: Briefs,
               history: HubHistory | None = None) -> tuple[dict[str, Hub], dict[str, str]]:
    """The hubs of ``found`` (:func:`hub_stories`), each with members newest first, a cited brief
    and its lead (:func:`lead_of`), and top tags (the tags most of its members have); and the
    redirects from earlier slugs. A hub that keeps an earlier slug keeps the name it had while the
    article it was named after is still a member. Each brief is the one ``history`` holds for the
    hub's :func:`brief_key`, or else the one ``briefs`` holds (:func:`new_briefs` of :func:`untold`)."""
    history = history or HubHistory()
    by_source = {a.source_file: a for a in articles}
    slugs = _slugs(found, history)
    hubs: dict[str, Hub] = {}
    for (title, sources, curated, central), slug in zip(found, slugs, strict=True):
        named = history.named.get(slug, "")
        if not curated and named != central and named in sources:
            title, central = hub_title(headline(by_source[named])), named
        members = sorted((by_source[s] for s in sources), key=order)
        told = oldest_first(members)
        key = brief_key(told)
        told_brief = history.briefs[key] if key in history.briefs else briefs[key]
        hubs[slug] = Hub(slug=slug, name=title, articles=tuple(m.source_file for m in members), brief=told_brief,
                         top_tags=_top_tags(members, tag_slugs), brief_key=key, named_after=central,
                         lead=lead_of(told_brief))
    # Largest first, then the one with the newest article (members are newest first).
    ranked = sorted(hubs.values(), key=lambda h: (-len(h.articles), order(by_source[h.articles[0]]), h.slug))
    hubs = {h.slug: h for h in ranked}
    return hubs, _redirects(hubs, history)


def _curated_hubs(articles: list[Article], config: SiteConfig) -> Found:
    """The hubs the config curates, in its order: (name, the articles using one of its terms and
    no earlier curated hub's, its slug, no central article); each article in one at most."""
    texts = _stemmed_texts(articles) if config.hubs else {}
    found: Found = []
    taken: set[str] = set()
    for curated in config.hubs:
        terms = tuple(tag_key(t) for t in curated.terms)
        matched = tuple(sorted(s for s, text in texts.items() if s not in taken and any(f" {t} " in text for t in terms)))
        if matched:
            found.append(FoundHub(curated.name, matched, slugify(curated.name) or "hub", ""))
            taken.update(matched)
    return found


def _unchanged_stories(signatures: dict[str, bytes], history: HubHistory) -> list[tuple[str, ...]]:
    """The earlier build's hubs, each cut to its articles that are compared as they were then
    (``signatures``: what each article that may join a story is compared by now)."""
    return [tuple(m for m in members if m in signatures and history.signatures.get(m) == signatures[m])
            for members in history.hubs.values()]


def title_source(members: list[Article]) -> Article:
    """The member whose headline best tells the story of ``members``: the one whose words (its
    comparison terms, :func:`headline`'s label left out) most of the others use, by the cosine
    between its headline's terms and the share of the other members that use each. A report's
    headline ("Canadian athlete stripped of Olympic gold medal for steroid use") is made of the
    story's words; a feature's ("Running away from the truth") of few. Ties go to the earliest
    of ``members`` (the story's most central article first)."""
    said = [set(comparison_stems(tokens(headline(m)))) for m in members]
    texts = [f" {m.signals.terms.text} " for m in members]  # each term once, space-separated
    uses = {t: [f" {t} " in text for text in texts] for t in set().union(*said)}  # who uses each headline term
    others = len(members) - 1
    best, best_score = members[0], -1.0
    for i, (member, terms) in enumerate(zip(members, said, strict=True)):
        score = sum(sum(uses[t]) - uses[t][i] for t in terms) / others / math.sqrt(len(terms)) if terms and others else 0.0
        if score > best_score:
            best, best_score = member, score
    return best


def headline(article: Article) -> str:
    """The article's headline as a hub's title reads it: without a leading label of at most
    ``LABEL_WORDS`` words that its text never uses, a desk's or column's name ("World Trade
    News: US ready to back Nafta bank", "Analysis: …"), or that names the outlet the article
    comes from or was first published by ("Korea Times: Russia and China …"). A name the story
    is about ("Clarence Thomas: To be young, gifted and black") is in the text, and stays."""
    m = LABEL.fullmatch(article.title)
    if m is None or len(m.group(1).split()) > LABEL_WORDS or len(m.group(2).split()) < LABELLED_MIN_WORDS:
        return article.title
    label = m.group(1).lower()
    outlets = {_outlet_key(f.value) for f in (article.meta.outlet, article.meta.original_source) if f.value}
    return m.group(2) if _outlet_key(label) in outlets or label not in article.text.lower() else article.title


def _outlet_key(name: str) -> str:
    """An outlet's name as a label is compared by: lower case, without a leading "the"."""
    return name.lower().removeprefix("the ").strip()


def hub_title(line: str) -> str:
    """A hub's title from the headline that names it (:func:`headline`): the headline, or its
    main clause when it runs past ``TITLE_WORDS`` words (a lead sentence used as a headline)."""
    line = " ".join(line.split()).rstrip(".")
    parts = line.split()
    if len(parts) <= TITLE_WORDS:
        return line
    for mark in (":", " —", " –", " -", ",", ";"):
        head = line.split(mark, 1)[0].strip()
        if CLAUSE_MIN_WORDS <= len(head.split()) <= TITLE_WORDS:
            return head
    return " ".join(parts[:TITLE_WORDS]).rstrip(",;:") + "…"


def _slugs(found: Found, history: HubHistory) -> list[str]:
    """Each hub's slug: a curated hub's from its name; a hub that holds articles of an earlier
    hub keeps that hub's slug (the hub holding most of them gets it); otherwise from its title
    (or, when nothing of it is left, from its first article's file name)."""
    taken: set[str] = {hub.curated for hub in found if hub.curated}
    kept = _kept_slugs(found, history, taken)
    slugs: list[str] = []
    for i, hub in enumerate(found):
        slug = hub.curated or kept.get(i)
        if slug is None:
            base = (article_slug(hub.title, hub.members[0], SLUG_LENGTH) if hub.members
                    else slugify(hub.title, SLUG_LENGTH))
            slug = _free_slug(base or "topic", taken, history)
        elif hub.curated and slug in slugs:
            slug = f"{slug}-{len(slugs)}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _kept_slugs(found: Found, history: HubHistory, taken: set[str]) -> dict[int, str]:
    """The earlier slug each found (not curated) hub keeps, by its index: an earlier hub's slug
    goes to the hub holding most of its articles. The slugs given are added to ``taken``."""
    owner: dict[str, str] = {s: slug for slug, members in history.hubs.items() for s in members}
    claims: list[tuple[int, int, str]] = []  # (-shared, hub index, earlier slug)
    for i, hub in enumerate(found):
        if hub.curated is None:
            for slug, shared in Counter(owner[m] for m in hub.members if m in owner).items():
                claims.append((-shared, i, slug))
    kept: dict[int, str] = {}
    for _shared, i, slug in sorted(claims):
        if i not in kept and slug not in taken:
            kept[i] = slug
            taken.add(slug)
    return kept


def _free_slug(base: str, taken: set[str], history: HubHistory) -> str:
    """``base``, or ``base-2``, ``base-3`` … when it is taken or an earlier slug redirects from it."""
    slug, n = base, 2
    while slug in taken or slug in history.redirects:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _redirects(hubs: dict[str, Hub], history: HubHistory) -> dict[str, str]:
    """Earlier slugs that are no hub now, each to the hub holding most of its articles (earlier
    redirects are followed to where their target went)."""
    hub_of = {s: slug for slug, hub in hubs.items() for s in hub.articles}
    moved: dict[str, str] = {}
    for slug, members in history.hubs.items():
        if slug in hubs:
            continue
        votes = Counter(hub_of[m] for m in members if m in hub_of)
        if votes:
            moved[slug] = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    for old, target in history.redirects.items():
        final = target if target in hubs else moved.get(target)
        if old not in hubs and final:
            moved.setdefault(old, final)
    return dict(sorted(moved.items()))


def load_history(path: Path | None) -> HubHistory:
    """The hub history kept at ``path`` (in the build cache); empty when there is none or it is unreadable."""
    stored = load_pickle(path) if path is not None else None
    if not isinstance(stored, HubHistory):
        return HubHistory()
    kept = [getattr(stored, f, None) for f in ("briefs", "signatures", "named", "urls", "moved")]
    # One written before briefs, signatures, names or article URLs were kept has what it has.
    return HubHistory(stored.hubs, stored.redirects, *(v if isinstance(v, dict) else {} for v in kept))


def save_history(path: Path | None, hubs: dict[str, Hub], redirects: dict[str, str],
                 signatures: dict[str, bytes] | None = None, urls: dict[str, str] | None = None,
                 moved: dict[str, str] | None = None) -> None:
    """Remember this build's hubs, redirects, briefs and its members' ``signatures``
    (:func:`story_signatures`), and its articles' ``urls`` and ``moved`` URLs (earlier URL →
    content file), at ``path`` for the next build."""
    if path is not None:
        briefs = {h.brief_key: h.brief for h in hubs.values() if h.brief_key}
        members = {s: sig for h in hubs.values() for s in h.articles if (sig := (signatures or {}).get(s))}
        named = {slug: h.named_after for slug, h in hubs.items() if h.named_after}
        dump_atomic(path, HubHistory({slug: h.articles for slug, h in hubs.items()}, redirects, briefs, members, named,
                                     dict(urls or {}), dict(moved or {})))


def member_signatures(hubs: dict[str, Hub], articles: list[Article]) -> dict[str, bytes]:
    """The :func:`story_signatures` of the ``articles`` that are members of ``hubs`` (what the
    hub history keeps of them)."""
    members = {s for hub in hubs.values() for s in hub.articles}
    return story_signatures([a for a in articles if a.source_file in members])


def story_signatures(articles: list[Article]) -> dict[str, bytes]:
    """What each article is compared by when stories are found, digested
    (:func:`generator.group.pairs.signatures`), by content file."""
    return dict(zip((a.source_file for a in articles), signatures(articles), strict=True))


def brief_key(told: list[Article]) -> bytes:
    """What a brief depends on: the code, and the members in the order told with the sentences each
    may give (by their digest, made with the article: :func:`generator.enrich.brief_sentences.brief_digest`)."""
    offers = tuple((a.source_file, a.signals.brief_digest or brief_digest(a.signals.brief_candidates)) for a in told)
    return value_digest((code_version(), offers))


def lead_of(sentences: tuple[BriefSentence, ...]) -> str:
    """The brief's sentence that tells the story best: the one it chose first (the lowest
    ``rank``), which lists of hubs show; "" for no brief."""
    return min(sentences, key=lambda b: b.rank).text if sentences else ""


def oldest_first(newest_first: list[Article]) -> list[Article]:
    """Members in the order a story unfolded: dated ones oldest first, then the undated ones."""
    return [a for a in reversed(newest_first) if a.date] + [a for a in newest_first if not a.date]


def _stemmed_texts(articles: list[Article]) -> dict[str, str]:
    """Each article's title and text as space-padded stems, for curated hubs' term look-ups."""
    return {a.source_file: " " + " ".join(stem(t) for t in tokens(a.title + ". " + a.text)) + " " for a in articles}


def _top_tags(members: list[Article], tag_slugs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    counts = Counter(slug for a in members for slug in tag_slugs[a.source_file])
    return tuple(slug for slug, _n in counts.most_common(8))
