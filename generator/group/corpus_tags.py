"""Corpus-level keyword ranking and the site's shared tags.

An article's keywords are its candidates ranked with the whole corpus in view: a word many
articles use says little about any one of them. Variants share one canonical tag
(:func:`generator.tag_keys.tag_key`), shown in the form the corpus uses most; a site may pin
aliases and stop-tags in its config.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from itertools import chain

from ..config import MAX_KEYWORDS, SiteConfig
from ..enrich.keyword_model import idf_weight, scaled_idf
from ..model import Article, RankingCandidate, Tag, TagKind
from ..tag_keys import PLACE_WORDS, tag_key
from ..text import slugify

STRONG_SINGLE_COUNT = 3
RANKED = MAX_KEYWORDS  # keywords kept per article: the most any later step reads (tags, hub names)


def rank_keywords(articles: list[Article], config: SiteConfig) -> dict[str, list[tuple[RankingCandidate, float]]]:
    """Each article's best ``RANKED`` candidates as (candidate, score), best first: scored by
    the keyword model with the corpus in view, stop-tags, outlet names and the site's own name
    removed, aliases applied."""
    aliases = surname_aliases(articles)
    aliases.update({tag_key(alias): tag_key(target) for alias, target in config.tag_aliases.items()})
    stop = {tag_key(t) for t in config.stop_tags} | own_names(articles, config)
    own_df = Counter(chain.from_iterable({c.key for c in a.signals.candidates} for a in articles))
    df: Counter[str] = Counter()
    for own, count in own_df.items():
        df[aliases.get(own, own)] += count
    weight, n = idf_weight(), len(articles)
    idf = {count: weight * scaled_idf(n, count) for count in set(df.values())}  # one logarithm a count
    # Each key an article may hold: the key it counts as and that key's corpus term (None: stopped).
    counted: dict[str, tuple[str, float] | None] = {}
    for own in own_df:
        key = aliases.get(own, own)
        counted[own] = None if key in stop or own in stop else (key, idf[df[key]])
    most = max(idf.values(), default=0.0)
    return {a.source_file: best_keys(a.signals.candidates, counted, most) for a in articles}


def best_keys(candidates: tuple[RankingCandidate, ...], counted: Mapping[str, tuple[str, float] | None],
              most: float) -> list[tuple[RankingCandidate, float]]:
    """One article's best ``RANKED`` keys as (candidate, score), best first, ties by key: each
    candidate scored by its prior plus its key's corpus term (``counted``: the key it counts as
    and that term, or ``None``: stopped), a key held by its best candidate.

    The candidates come best prior first and no term adds more than ``most``, so once a
    candidate's prior plus ``most`` falls below a score that ``RANKED`` keys already reach,
    neither it nor any after it can be among the best, and the rest are not scored. That floor
    is the least of the first scores of the ``RANKED`` keys that scored best when first seen: a
    key's score only grows, so ``RANKED`` keys reach it, and it costs one heap step a key."""
    best: dict[str, tuple[float, str, RankingCandidate]] = {}  # (-score, key, candidate): sorts best first
    firsts: list[float] = []  # a min-heap of the best first scores, at most RANKED of them
    floor = -math.inf
    for c in candidates:
        if c.prior + most < floor:
            break
        entry = counted[c.key]
        if entry is None:
            continue
        key, term = entry
        s = c.prior + term
        held = best.get(key)
        if held is None or s > -held[0]:
            best[key] = (-s, key, c if key == c.key else c._replace(key=key))
            if held is None:
                if len(firsts) < RANKED:
                    heapq.heappush(firsts, s)
                elif s > firsts[0]:
                    heapq.heapreplace(firsts, s)
                if len(firsts) == RANKED:
                    floor = firsts[0]
    return [(c, -score) for score, _key, c in sorted(best.values())[:RANKED]]


def own_names(articles: list[Article], config: SiteConfig) -> set[str]:
    """Tag keys that name the publisher, not the story: each outlet's name (with and without a
    leading "The"), the last word of a longer one ("Times" of "The New York Times") and the
    site's own title."""
    keys = {tag_key(config.title)}
    for outlet in {a.meta.outlet.value for a in articles if a.meta.outlet.value}:
        words = [w for w in outlet.split() if w.lower() != "the"]
        keys.update({tag_key(outlet), tag_key(" ".join(words))})
        if len(words) > 1:
            keys.add(tag_key(words[-1]))
    keys.discard("")
    return keys


def surname_aliases(articles: list[Article]) -> dict[str, str]:
    """Across the corpus, a surname alone means the person ("Kennedy" → "Charles Kennedy") when
    exactly one name the articles use ends in it, a personal title marks the name or the word
    as a person's somewhere ("Mr Kennedy", "leader Charles Kennedy"), and the word is only
    ever a name: "Tories" never means "South Downs Tories", nor "Russia" "China Russia". What
    each article says of names is gathered with its candidates
    (:class:`generator.model.SurnameEvidence`)."""
    evidence = [a.signals.surnames for a in articles]
    people: set[str] = set().union(*(e.people for e in evidence))
    singles: set[str] = set().union(*(e.proper_words for e in evidence))
    common: set[str] = set().union(*(e.common_words for e in evidence))
    names: dict[str, set[str]] = defaultdict(set)
    for key in sorted(set().union(*(e.full_names for e in evidence))):
        names[key.rsplit(" ", 1)[1]].add(key)
    return {word: owner for word, owners in names.items() for owner in owners
            if len(owners) == 1 and word in singles and word not in common and word not in PLACE_WORDS
            and (owner in people or word in people)}


def build_tags(articles: list[Article], ranked: dict[str, list[tuple[RankingCandidate, float]]],
               config: SiteConfig) -> tuple[dict[str, Tag], dict[str, tuple[str, ...]]]:
    """The canonical tags and each article's tag slugs (best first, at most ``keywords_per_article``).

    A tag's label is the form the corpus uses most for it (a name's full form over its surname;
    a configured alias target as written), and its slug is made from that label alone. Keys
    whose labels make one slug are one tag. A tag used by two or more articles gets a page; a
    tag of one article gets one only when it is strong there (a name the article uses at least
    three times).
    """
    per_article = {a.source_file: [c.key for c, _s in ranked[a.source_file][: config.keywords_per_article]]
                   for a in articles}
    strong = {c.key for a in articles for c, _s in ranked[a.source_file][: config.keywords_per_article]
              if c.proper and c.mentions >= STRONG_SINGLE_COUNT}
    forms, kinds = _forms(articles, ranked, per_article, config)
    slug_of, label_of, kind_of = _labels(forms, kinds, {tag_key(target): target for target in config.tag_aliases.values()})
    members: dict[str, list[str]] = defaultdict(list)
    article_slugs: dict[str, tuple[str, ...]] = {}
    for source, keys in per_article.items():
        slugs = tuple(dict.fromkeys(slug_of[k] for k in keys))
        article_slugs[source] = slugs
        for slug in slugs:
            members[slug].append(source)
    strong_slugs = {slug_of[k] for k in strong}
    tags = {slug: Tag(slug=slug, name=label_of[slug], articles=tuple(members[slug]),
                      has_page=len(members[slug]) >= 2 or slug in strong_slugs, kind=_kind(kind_of[slug]))
            for slug in sorted(members)}
    return tags, article_slugs


def _forms(articles: list[Article], ranked: dict[str, list[tuple[RankingCandidate, float]]], per_article: dict[str, list[str]],
           config: SiteConfig) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """How often the corpus writes each wanted tag key in each form, and as each kind of name."""
    wanted = {k for keys in per_article.values() for k in keys}
    forms: dict[str, dict[str, int]] = {}
    kinds: dict[str, dict[str, int]] = {}
    for a in articles:  # the forms the corpus uses for each tag (an alias's "Blair" is not one of "tony blair")
        for c in a.signals.candidates:
            key = c.key
            if key in wanted:
                form = forms.get(key)
                if form is None:
                    form = forms[key] = {}
                    kinds[key] = {}
                form[c.text] = form.get(c.text, 0) + c.mentions
                kind = kinds[key]
                kind[c.kind] = kind.get(c.kind, 0) + c.mentions
    for a in articles:  # a tag known only through an alias the config names: the form the article had
        for c, _s in ranked[a.source_file][: config.keywords_per_article]:
            if not forms.get(c.key):
                form = forms.setdefault(c.key, {})
                form[c.text] = form.get(c.text, 0) + c.mentions
    return forms, kinds


def _labels(forms: dict[str, dict[str, int]], kinds: dict[str, dict[str, int]],
            names: dict[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, Counter[str]]]:
    """Each key's slug, each slug's label (an alias target as the config writes it, else the
    form used most) and the kinds of name its keys were used as."""
    slug_of: dict[str, str] = {}
    label_of: dict[str, str] = {}
    kind_of: dict[str, Counter[str]] = defaultdict(Counter)
    for key in sorted(forms):
        label = names.get(key) or max(forms[key].items(), key=lambda kv: (kv[1], kv[0][:1].isupper(), kv[0]))[0]
        slug = slugify(label) or slugify(key) or "tag"
        slug_of[key] = slug
        label_of.setdefault(slug, label)
        kind_of[slug].update(kinds.get(key, {}))
    return slug_of, label_of, kind_of


KINDS: tuple[TagKind, ...] = ("person", "organisation", "place", "name", "topic")  # a tie goes to the more specific


def _kind(counts: Counter[str]) -> TagKind:
    """A tag's kind: the one its mentions carry most."""
    return min(KINDS, key=lambda k: (-counts[k], KINDS.index(k))) if counts else "topic"
