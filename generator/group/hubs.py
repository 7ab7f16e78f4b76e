"""Topic hubs: articles that share a defining phrase, with a brief drawn from several of them.

A phrase defines a hub when it ranks among the top keywords of two or more articles but not of
most of the corpus; the strongest such phrases win, and one that would gather (nearly) the
same articles as a stronger hub adds nothing. Hubs curated in the config are honoured first.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from lemminflect import getAllLemmas
from wordfreq import zipf_frequency

from ..config import SiteConfig
from ..model import Article, BriefSentence, Candidate, Hub
from ..tags import TITLE_WORDS, tag_key, tokens
from ..text import STOPWORDS, slugify, split_sentences, stem
from .related import Vector, cosine

HUB_MAX_SHARE = 0.6
HUB_MIN_MEMBERS = 2
CORE_KEYWORDS = 10
BRIEF_MIN, BRIEF_MAX = 3, 6
MAX_OVERLAP = 0.5
PHRASE_STRENGTH = 0.5
KMEANS_ROUNDS = 6
JOIN_SIMILARITY = 0.1
SECOND_HUB_SHARE = 0.9
CENTRE_TERMS = 300
MEMBERS_PER_FLOOR = 60
KEY_PHRASE_BOOST = 1.5
PHRASE_COHESION = 0.4  # a shared phrase is a hub only when its articles are about one thing
MAX_ZIPF = 8.0
PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]—–]+|\s-\s")
MIN_COHESION = 0.15  # mean similarity of members to their centre: below it a cluster is leftovers  # a corpus of 200 needs three articles to a hub, one of 5 two
BRIEF_SENTENCE_WORDS = (6, 60)

Ranked = dict[str, list[tuple[Candidate, float]]]


def hub_limit(config: SiteConfig, articles: int) -> int:
    """How many automatic hubs a corpus gets: the config's ``max_hubs``, or by corpus size."""
    return config.max_hubs if config.max_hubs > 0 else max(3, round(1.5 * math.sqrt(articles)))


def build_hubs(articles: list[Article], ranked: Ranked, vectors: dict[str, Vector], config: SiteConfig,
               order: Callable[[Article], tuple[int, float, str]]) -> dict[str, Hub]:
    """Curated hubs, then automatic ones, each with members by date, a cited brief and top tags."""
    by_source = {a.source_file: a for a in articles}
    texts = {a.source_file: " " + " ".join(stem(t) for t in tokens(a.title + ". " + a.text)) + " " for a in articles}
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []  # (name, phrase keys, members)
    for curated in config.hubs:
        terms = tuple(tag_key(t) for t in curated["terms"])
        members = tuple(sorted(s for s, text in texts.items() if any(f" {t} " in text for t in terms)))
        if members:
            chosen.append((str(curated["name"]), terms, members))
    limit = hub_limit(config, len(articles))
    chosen.extend(_automatic(articles, ranked, vectors, limit, [m for *_x, m in chosen]))
    chosen.extend(_phrase_hubs(articles, texts, vectors, limit - len(chosen), [m for *_x, m in chosen],
                               {k for _n, keys, _m in chosen for k in keys}))
    hubs: dict[str, Hub] = {}
    for name, keys, sources in chosen:
        members = sorted((by_source[s] for s in sources), key=order)
        slug = slugify(name) or "hub"
        while slug in hubs:
            slug += "-x"
        hubs[slug] = Hub(slug=slug, name=name, articles=tuple(m.source_file for m in members),
                         brief=_brief(keys, members), top_tags=_top_tags(members, ranked))
    return hubs


def _automatic(articles: list[Article], ranked: Ranked, vectors: dict[str, Vector], limit: int,
               taken: list[tuple[str, ...]]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Hubs from clusters of similar articles, each named by the phrase that sets it apart."""
    if len(articles) < HUB_MIN_MEMBERS or limit <= 0:
        return []
    sources = [a.source_file for a in articles]
    clusters = _clusters(sources, vectors, limit)
    floor = max(HUB_MIN_MEMBERS, round(len(articles) / MEMBERS_PER_FLOOR))
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    named: set[str] = set()
    for members in sorted(clusters, key=lambda m: (-len(m), m)):
        if len(members) < floor or any(_jaccard(members, other) > MAX_OVERLAP for other in taken):
            continue
        if _cohesion(members, vectors) < MIN_COHESION:
            continue
        name = _defining_phrase(members, ranked, len(articles), named)
        if name is None:
            continue
        named.add(tag_key(name))
        chosen.append((name[:1].upper() + name[1:], (tag_key(name),), members))
    return chosen


def _phrase_hubs(articles: list[Article], texts: dict[str, str], vectors: dict[str, Vector], limit: int,
                 taken: list[tuple[str, ...]], named: set[str]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Hubs for a phrase several articles share: a noun phrase of two or three words ("missile
    warning system"), a key phrase, or a name; every article using it joins."""
    if limit <= 0:
        return []
    df: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    boost: dict[str, float] = defaultdict(lambda: 1.0)
    for a in articles:
        keys = set()
        for phrase in _noun_phrases(a.title + ". " + a.text):
            keys.add(tag_key(phrase))
            forms[tag_key(phrase)][phrase] += 1
        for phrase in a.phrases:
            keys.add(tag_key(phrase))
            forms[tag_key(phrase)][phrase] += 1
            boost[tag_key(phrase)] = KEY_PHRASE_BOOST
        for c in a.candidates:
            if c.proper and len(c.key.split()) == 1:
                keys.add(c.key)
                forms[c.key][c.text] += 1
        df.update(k for k in keys if k and not set(k.split()) <= TITLE_WORDS)
    ceiling = max(HUB_MIN_MEMBERS, math.floor(HUB_MAX_SHARE * len(articles)))
    candidates = []
    for key, n in df.items():
        if n < HUB_MIN_MEMBERS or key in named:
            continue
        members = tuple(sorted(s for s, text in texts.items() if f" {key} " in text))
        if HUB_MIN_MEMBERS <= len(members) <= ceiling:
            rarity = sum(MAX_ZIPF - zipf_frequency(w, "en") for w in key.split()) / len(key.split())
            candidates.append((n * rarity * boost[key] * (1 + 0.25 * (len(key.split()) - 1)), key, members))
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    for _score, key, members in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if len(chosen) >= limit:
            break
        if any(_jaccard(members, other) > MAX_OVERLAP for other in taken + [m for *_x, m in chosen]):
            continue
        if any(set(key.split()) & set(k.split()) and set(members) & set(m) for _n, (k,), m in chosen):
            continue  # "Susan Chepkemei" after "Chepkemei": the same story again
        if _cohesion(members, vectors) < PHRASE_COHESION:
            continue
        name = max(forms[key].items(), key=lambda kv: (kv[1], kv[0]))[0]
        chosen.append((name[:1].upper() + name[1:], (key,), members))
    return chosen


def _cohesion(members: tuple[str, ...], vectors: dict[str, Vector]) -> float:
    """Mean similarity of the members to their centre: how much they are about one thing."""
    centre = _centre([vectors[m] for m in members])
    return sum(cosine(vectors[m], centre) for m in members) / len(members)


def _noun_phrases(text: str) -> set[str]:
    """Two- and three-word runs of content words ending in a noun: 'warning system', 'military exercises'."""
    found: set[str] = set()
    for clause in PHRASE_BREAK.split(text):
        words = clause.split()
        for size in (2, 3):
            for i in range(len(words) - size + 1):
                gram = [w.strip("\"'“”‘’") for w in words[i:i + size]]
                if all(w.isalpha() and len(w) > 2 and w.lower() not in STOPWORDS for w in gram) and _nounish(gram[-1]):
                    found.add(" ".join(gram))
    return found


def _nounish(word: str) -> bool:
    forms = getAllLemmas(word.lower())
    return not forms or "NOUN" in forms or "PROPN" in forms


def _clusters(sources: list[str], vectors: dict[str, Vector], k: int) -> list[tuple[str, ...]]:
    """Spherical k-means with farthest-first seeds: deterministic, linear in the corpus size.

    An article joins its nearest centre when it is similar enough, and a second one when it
    is nearly as close to it; one that is close to no centre joins no hub.
    """
    k = min(k, len(sources) // HUB_MIN_MEMBERS)
    if k <= 0:
        return []
    seeds = [max(sources, key=lambda s: (sum(cosine(vectors[s], vectors[o]) for o in sources[:200]), s))]
    while len(seeds) < k:
        seeds.append(min(sources, key=lambda s: (max(cosine(vectors[s], vectors[c]) for c in seeds), s)))
    centres = [dict(vectors[s]) for s in seeds]
    assignment: dict[str, list[int]] = {}
    for _round in range(KMEANS_ROUNDS):
        assignment = {}
        for s in sources:
            sims = sorted(((cosine(vectors[s], c), i) for i, c in enumerate(centres)), reverse=True)
            best_sim, best = sims[0]
            if best_sim < JOIN_SIMILARITY:
                continue
            assignment[s] = [best] + [i for sim, i in sims[1:2] if sim >= SECOND_HUB_SHARE * best_sim]
        centres = [_centre([vectors[s] for s, hubs in assignment.items() if hubs[0] == i]) or centres[i]
                   for i in range(len(centres))]
    groups: dict[int, list[str]] = defaultdict(list)
    for s, hubs in assignment.items():
        for i in hubs:
            groups[i].append(s)
    return [tuple(sorted(m)) for m in groups.values()]


def _centre(members: list[Vector]) -> Vector:
    total: dict[str, float] = defaultdict(float)
    for vec in members:
        for t, w in vec.items():
            total[t] += w
    top = dict(sorted(total.items(), key=lambda tw: -tw[1])[:CENTRE_TERMS])
    norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
    return {t: w / norm for t, w in top.items()}


def _defining_phrase(members: tuple[str, ...], ranked: Ranked, corpus: int, named: set[str]) -> str | None:
    """The keyword most of the members rank high and few others do (names and phrases first)."""
    inside: dict[str, float] = defaultdict(float)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    naming: set[str] = set()
    for source in members:
        for rank, (c, _s) in enumerate(ranked[source][:CORE_KEYWORDS]):
            inside[c.key] += 1.0 - rank / (2 * CORE_KEYWORDS)
            forms[c.key][c.text] += 1
            if c.proper or len(c.key.split()) > 1:
                naming.add(c.key)
    everywhere = Counter(c.key for top in ranked.values() for c, _s in top[:CORE_KEYWORDS])
    best, best_score = None, 0.0
    for key, weight in inside.items():
        if key in named or forms[key].total() < 2:
            continue
        focus = forms[key].total() / everywhere[key]  # share of its uses that fall in this hub
        specific = (1.5 if len(key.split()) > 1 else 1.25) if key in naming else 1.0
        value = weight * focus * specific
        if value > best_score:
            best, best_score = key, value
    if best is None:
        return None
    return max(forms[best].items(), key=lambda kv: (kv[1], kv[0]))[0]


def _jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return len(set(a) & set(b)) / len(set(a) | set(b))


def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [r"[\s-]+".join(re.escape(w) + r"\w{0,3}" for w in key.split()) for key in keys if key]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE) if alternatives else re.compile(r"(?!x)x")


def _brief(keys: tuple[str, ...], members: list[Article]) -> tuple[BriefSentence, ...]:
    """3–6 sentences about the hub, one per article first, each citing its article."""
    pattern = _pattern(keys)
    pools: list[list[str]] = []
    for a in members:
        sentences = [s for s in split_sentences(a.text) if BRIEF_SENTENCE_WORDS[0] <= len(s.split()) <= BRIEF_SENTENCE_WORDS[1]]
        hits = [s for s in sentences if pattern.search(s)]
        pools.append(hits + [s for s in a.summary if s not in hits])
    brief: list[BriefSentence] = []
    used: set[str] = set()
    for depth in range(max((len(p) for p in pools), default=0)):
        for a, pool in zip(members, pools):
            if depth < len(pool) and len(brief) < BRIEF_MAX and pool[depth] not in used:
                used.add(pool[depth])
                brief.append(BriefSentence(pool[depth], a.source_file))
        if len(brief) >= BRIEF_MIN:
            break
    return tuple(brief)


def _top_tags(members: list[Article], ranked: Ranked) -> tuple[str, ...]:
    counts = Counter(c.key for a in members for c, _s in ranked[a.source_file][:10])
    return tuple(slugify(k) for k, _n in counts.most_common(8) if k)
