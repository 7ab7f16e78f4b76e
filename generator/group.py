"""Stage 5, group: corpus-level decisions — URLs, shared tags, topic hubs, related articles."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import datetime

from .config import SiteConfig
from .model import Article, BriefSentence, Hub, PlacedArticle, SiteModel, Tag
from .text import STOPWORDS, slugify, split_sentences, stem

STAGE = "group"
HUB_MAX_SHARE = 0.6
HUB_MIN_MEMBERS = 2
BRIEF_MIN, BRIEF_MAX = 3, 6
RELATED_MIN_SIMILARITY = 0.05
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def group(articles: list[Article], config: SiteConfig) -> SiteModel:
    """Place every article in the site: its URL, canonical tags, hubs and related articles."""
    ordered = sorted(articles, key=_newest_first)
    urls = assign_urls(ordered)
    tags, article_tags = build_tags(ordered)
    hubs = build_hubs(ordered, config.max_hubs)
    related = build_related(ordered, config.related_articles)
    hubs_of: dict[str, list[str]] = defaultdict(list)
    for hub in hubs.values():
        for source in hub.articles:
            hubs_of[source].append(hub.slug)
    placed = tuple(
        PlacedArticle(
            article=a,
            url=urls[a.source_file],
            tags=article_tags[a.source_file],
            hubs=tuple(hubs_of[a.source_file]),
            related=related[a.source_file],
        )
        for a in ordered
    )
    return SiteModel(articles=placed, tags=tags, hubs=hubs)


def _newest_first(a: Article) -> tuple[int, float, str]:
    return (0 if a.date else 1, -(a.date or datetime.min).timestamp() if a.date else 0.0, a.source_file)


def assign_urls(articles: list[Article]) -> dict[str, str]:
    """A unique ``/articles/<slug>/`` URL per article; clashes get ``-2``, ``-3`` in content-path order."""
    taken: set[str] = set()
    urls: dict[str, str] = {}
    for a in sorted(articles, key=lambda a: a.source_file):
        base = a.slug or "article"
        slug, n = base, 2
        while slug.lower() in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug.lower())
        urls[a.source_file] = f"/articles/{slug}/"
    return urls


def tag_key(phrase: str) -> str:
    """The canonical form of a tag: case, hyphens and plural endings do not matter."""
    return " ".join(stem(w) for w in TOKEN.findall(phrase.lower().replace("-", " ")))


def build_tags(articles: list[Article]) -> tuple[dict[str, Tag], dict[str, tuple[str, ...]]]:
    """Merge keyword variants into canonical tags; a tag used by two or more articles gets a page."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        for kw in a.keywords:
            key = tag_key(kw)
            if key and a.source_file not in members[key]:
                forms[key][kw] += 1
                members[key].append(a.source_file)
    tags: dict[str, Tag] = {}
    slug_of: dict[str, str] = {}
    for key in sorted(members):
        name = max(forms[key].items(), key=lambda kv: (kv[1], any(c.isupper() for c in kv[0]), kv[0]))[0]
        slug = slugify(key) or "tag"
        while slug in tags:
            slug += "-x"
        slug_of[key] = slug
        tags[slug] = Tag(slug=slug, name=name, articles=tuple(members[key]), has_page=len(members[key]) >= 2)
    article_tags = {
        a.source_file: tuple(dict.fromkeys(slug_of[tag_key(kw)] for kw in a.keywords if tag_key(kw)))
        for a in articles
    }
    return tags, article_tags


def _tokens(text: str) -> list[str]:
    return [stem(t) for t in TOKEN.findall(text.lower().replace("-", " "))]


def build_hubs(articles: list[Article], limit: int) -> dict[str, Hub]:
    """Group articles into hubs named by a keyphrase several of them share (but not most of them).

    The vocabulary is the articles' own keyphrases; an article belongs to a hub when its text
    uses the phrase (in any inflection or hyphenation). Phrases ranked high by their members
    and specific (multi-word, naming) phrases score best.
    """
    if len(articles) < HUB_MIN_MEMBERS:
        return {}
    by_source = {a.source_file: a for a in articles}
    texts = {a.source_file: " " + " ".join(_tokens(a.title + ". " + a.text)) + " " for a in articles}
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for a in articles:
        for rank, phrase in enumerate(a.keyphrases):
            if len(phrase.split()) == 1 and not phrase[:1].isupper():
                continue
            key = tag_key(phrase)
            if key:
                weights[key][a.source_file] = max(weights[key].get(a.source_file, 0.0), 1.0 - rank / (len(a.keyphrases) + 1))
    ceiling = max(HUB_MIN_MEMBERS, math.floor(HUB_MAX_SHARE * len(articles)))
    candidates = []
    for key, ranked_by in weights.items():
        docs = tuple(sorted(s for s, text in texts.items() if f" {key} " in text))
        if not HUB_MIN_MEMBERS <= len(docs) <= ceiling:
            continue
        score = sum(ranked_by.get(d, 0.2) for d in docs) + 0.25 * len(key.split())
        candidates.append((score, tuple(key.split()), docs))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for _score, phrase, docs in candidates:
        if len(chosen) >= limit:
            break
        if any(_overlaps(phrase, docs, p, d) for p, d in chosen):
            continue
        chosen.append((phrase, docs))
    hubs: dict[str, Hub] = {}
    for phrase, docs in chosen:
        members = [by_source[s] for s in docs]
        members.sort(key=_newest_first)
        name = _surface_form(phrase, members)
        slug = slugify(name) or "hub"
        while slug in hubs:
            slug += "-x"
        hubs[slug] = Hub(
            slug=slug,
            name=name,
            articles=tuple(m.source_file for m in members),
            brief=_brief(phrase, members),
            top_tags=_top_tags(members),
        )
    return hubs


def _overlaps(phrase: tuple[str, ...], docs: tuple[str, ...], other: tuple[str, ...], other_docs: tuple[str, ...]) -> bool:
    """True when a candidate says nothing new: shared words and (nearly) the same members."""
    shared_words = bool(set(phrase) & set(other))
    jaccard = len(set(docs) & set(other_docs)) / len(set(docs) | set(other_docs))
    return (shared_words and jaccard >= 0.5) or jaccard == 1.0


def _phrase_pattern(phrase: tuple[str, ...]) -> re.Pattern[str]:
    parts = [re.escape(w) + r"(?:s|es|'s|’s)?" for w in phrase]
    return re.compile(r"\b" + r"[\s-]+".join(parts) + r"\b", re.I)


def _surface_form(phrase: tuple[str, ...], members: list[Article]) -> str:
    """The phrase as the articles write it most often, capitalised like a heading."""
    pattern = _phrase_pattern(phrase)
    counts = Counter(m.group(0) for a in members for m in pattern.finditer(a.title + ". " + a.text))
    form = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else " ".join(phrase)
    form = re.sub(r"['’]s$", "", " ".join(form.split()))
    return form[:1].upper() + form[1:]


def _brief(phrase: tuple[str, ...], members: list[Article]) -> tuple[BriefSentence, ...]:
    """3–6 sentences about the hub's phrase, one per article first, each citing its article."""
    pattern = _phrase_pattern(phrase)
    pools: list[list[str]] = []
    for a in members:
        sentences = [s for s in split_sentences(a.text) if 6 <= len(s.split()) <= 60]
        hits = [s for s in sentences if pattern.search(s)]
        rest = [s for s in a.summary if s not in hits]
        pools.append(hits + rest)
    brief: list[BriefSentence] = []
    used: set[str] = set()
    for depth in range(max(len(p) for p in pools)):
        for a, pool in zip(members, pools):
            if depth < len(pool) and len(brief) < BRIEF_MAX and pool[depth] not in used:
                used.add(pool[depth])
                brief.append(BriefSentence(pool[depth], a.source_file))
        if len(brief) >= BRIEF_MIN:
            break
    return tuple(brief)


def _top_tags(members: list[Article]) -> tuple[str, ...]:
    counts = Counter(tag_key(k) for a in members for k in a.keywords)
    return tuple(slugify(k) for k, n in counts.most_common(8) if n >= 1 and k)


def build_related(articles: list[Article], count: int) -> dict[str, tuple[str, ...]]:
    """For each article, the ``count`` most similar others by TF-IDF cosine over content words."""
    bags = {a.source_file: Counter(t for t in _tokens(a.title + " " + a.text) if t not in STOPWORDS and len(t) > 2)
            for a in articles}
    df = Counter(t for bag in bags.values() for t in bag)
    n = len(articles)
    vectors: dict[str, dict[str, float]] = {}
    for source, bag in bags.items():
        vec = {t: (1 + math.log(c)) * math.log((1 + n) / (1 + df[t])) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[source] = {t: v / norm for t, v in vec.items() if v > 0}
    related: dict[str, tuple[str, ...]] = {}
    for source, vec in vectors.items():
        scores = []
        for other, other_vec in vectors.items():
            if other == source:
                continue
            sim = sum(w * other_vec.get(t, 0.0) for t, w in vec.items())
            if sim >= RELATED_MIN_SIMILARITY:
                scores.append((-sim, other))
        related[source] = tuple(o for _s, o in sorted(scores)[:count])
    return related
