"""Corpus-level keyword ranking and the site's shared tags.

An article's keywords are its candidates ranked with the whole corpus in view: a word many
articles use says little about any one of them. Variants share one canonical tag
(:func:`generator.tags.tag_key`), shown in the form the corpus uses most; a site may pin
aliases and stop-tags in its config.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import replace

from ..config import MAX_KEYWORDS, SiteConfig
from ..enrich.keywords import idf, score
from ..model import Article, Candidate, Tag
from ..tags import tag_key
from ..text import slugify

STRONG_SINGLE_COUNT = 3
RANKED = MAX_KEYWORDS  # keywords kept per article: the most any later step reads (tags, hub names)


def rank_keywords(articles: list[Article], config: SiteConfig) -> dict[str, list[tuple[Candidate, float]]]:
    """Each article's best ``RANKED`` candidates as (candidate, score), best first, stop-tags
    removed, aliases applied."""
    aliases = surname_aliases(articles)
    aliases.update({tag_key(alias): tag_key(target) for alias, target in config.tag_aliases.items()})
    stop = {tag_key(t) for t in config.stop_tags}
    df = Counter(aliases.get(c.key, c.key) for a in articles for c in {c.key: c for c in a.candidates}.values())
    ranked: dict[str, list[tuple[Candidate, float]]] = {}
    for a in articles:
        best: dict[str, tuple[Candidate, float]] = {}
        for c in a.candidates:
            key = aliases.get(c.key, c.key)
            if key in stop:
                continue
            s = score(c, idf(len(articles), df[key]))
            if key not in best or s > best[key][1]:
                best[key] = (c if key == c.key else replace(c, key=key), s)
        ranked[a.source_file] = heapq.nsmallest(RANKED, best.values(), key=lambda cs: (-cs[1], cs[0].key))
    return ranked


def surname_aliases(articles: list[Article]) -> dict[str, str]:
    """Across the corpus, a name's last word alone means the name ("Blair" → "Tony Blair") when
    exactly one name the articles use ends in it."""
    names: dict[str, set[str]] = defaultdict(set)
    singles: set[str] = set()
    for a in articles:
        for c in a.candidates:
            if c.proper and len(c.key.split()) > 1:
                names[c.key.split()[-1]].add(c.key)
            elif c.proper:
                singles.add(c.key)
    return {word: next(iter(owners)) for word, owners in names.items() if word in singles and len(owners) == 1}


def build_tags(articles: list[Article], ranked: dict[str, list[tuple[Candidate, float]]],
               config: SiteConfig) -> tuple[dict[str, Tag], dict[str, tuple[str, ...]]]:
    """The canonical tags and each article's tag slugs (best first, at most ``keywords_per_article``).

    A tag used by two or more articles gets a page; a tag of one article gets one only when
    it is strong there (a name the article uses at least three times).
    """
    names = {tag_key(target): target for target in config.tag_aliases.values()}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    strong: set[str] = set()
    per_article: dict[str, list[str]] = {}
    for a in articles:
        top = [c for c, _s in ranked[a.source_file][: config.keywords_per_article]]
        per_article[a.source_file] = [c.key for c in top]
        for c in top:
            forms[c.key][c.text] += c.count
            members[c.key].append(a.source_file)
            if c.proper and c.count >= STRONG_SINGLE_COUNT:
                strong.add(c.key)
    tags: dict[str, Tag] = {}
    slug_of: dict[str, str] = {}
    for key in sorted(members):
        name = names.get(key) or max(forms[key].items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0]
        slug = slugify(key) or "tag"
        while slug in tags:
            slug += "-x"
        slug_of[key] = slug
        tags[slug] = Tag(slug=slug, name=name, articles=tuple(members[key]),
                         has_page=len(members[key]) >= 2 or key in strong)
    return tags, {source: tuple(slug_of[k] for k in keys) for source, keys in per_article.items()}
