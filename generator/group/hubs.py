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

from ..config import SiteConfig
from ..enrich.keywords import rarity
from ..model import Article, BriefSentence, Candidate, Hub
from ..tags import TITLE_WORDS, tag_key, tokens
from ..text import slugify, split_sentences, stem
from .clusters import clusters, cohesion
from .related import Vectors
from .tags import RANKED

HUB_MAX_SHARE = 0.6
HUB_MIN_MEMBERS = 2
CORE_KEYWORDS = RANKED  # an article's top keywords, as ranked for the corpus
BRIEF_MIN, BRIEF_MAX = 3, 6
MAX_OVERLAP = 0.5
MEMBERS_PER_FLOOR = 60  # a corpus of 200 needs three articles to a hub, one of 5 two
KEY_PHRASE_BOOST = 1.5
PHRASE_COHESION = 0.4  # a shared phrase is a hub only when its articles are about one thing
MIN_COHESION = 0.15  # mean similarity of members to their centre: below it a cluster is leftovers
BRIEF_SENTENCE_WORDS = (6, 60)

Ranked = dict[str, list[tuple[Candidate, float]]]


def hub_limit(config: SiteConfig, articles: int) -> int:
    """How many automatic hubs a corpus gets: the config's ``max_hubs``, or by corpus size."""
    return config.max_hubs if config.max_hubs > 0 else max(3, round(1.5 * math.sqrt(articles)))


def build_hubs(articles: list[Article], ranked: Ranked, vectors: Vectors, config: SiteConfig,
               order: Callable[[Article], tuple[int, float, str]], tag_slugs: dict[str, tuple[str, ...]]) -> dict[str, Hub]:
    """Curated hubs, then automatic ones, each with members by date, a cited brief and top tags
    (the tags most of its members have, as the tag stage named them: ``tag_slugs``)."""
    by_source = {a.source_file: a for a in articles}
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []  # (name, phrase keys, members)
    texts = _stemmed_texts(articles) if config.hubs else {}  # only curated hubs search the texts
    for curated in config.hubs:
        terms = tuple(tag_key(t) for t in curated["terms"])
        matched = tuple(sorted(s for s, text in texts.items() if any(f" {t} " in text for t in terms)))
        if matched:
            chosen.append((str(curated["name"]), terms, matched))
    limit = hub_limit(config, len(articles))
    chosen.extend(_automatic(articles, ranked, vectors, limit, [m for *_x, m in chosen]))
    chosen.extend(_phrase_hubs(articles, vectors, limit - len(chosen), [m for *_x, m in chosen],
                               {k for _n, keys, _m in chosen for k in keys}))
    hubs: dict[str, Hub] = {}
    for name, keys, sources in chosen:
        members = sorted((by_source[s] for s in sources), key=order)
        slug = slugify(name) or "hub"
        while slug in hubs:
            slug += "-x"
        hubs[slug] = Hub(slug=slug, name=name, articles=tuple(m.source_file for m in members),
                         brief=_brief(keys, members), top_tags=_top_tags(members, tag_slugs))
    return hubs


def _stemmed_texts(articles: list[Article]) -> dict[str, str]:
    """Each article's title and text as space-padded stems, for phrase look-ups."""
    return {a.source_file: " " + " ".join(stem(t) for t in tokens(a.title + ". " + a.text)) + " " for a in articles}


def _automatic(articles: list[Article], ranked: Ranked, vectors: Vectors, limit: int,
               taken: list[tuple[str, ...]]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Hubs from clusters of similar articles, each named by the phrase that sets it apart."""
    if len(articles) < HUB_MIN_MEMBERS or limit <= 0:
        return []
    floor = max(HUB_MIN_MEMBERS, round(len(articles) / MEMBERS_PER_FLOOR))
    groups = clusters(vectors, limit, HUB_MIN_MEMBERS)
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    named: set[str] = set()
    taken_sets = [frozenset(m) for m in taken]
    everywhere = Counter(c.key for top in ranked.values() for c, _s in top[:CORE_KEYWORDS])
    for members in sorted(groups, key=lambda m: (-len(m), m)):
        if len(members) < floor or _overlaps(frozenset(members), taken_sets):
            continue
        if cohesion(vectors, members) < MIN_COHESION:
            continue
        name = _defining_phrase(members, ranked, everywhere, named)
        if name is None:
            continue
        named.add(tag_key(name))
        chosen.append((name[:1].upper() + name[1:], (tag_key(name),), members))
    return chosen


def _phrase_hubs(articles: list[Article], vectors: Vectors, limit: int,
                 taken: list[tuple[str, ...]], named: set[str]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Hubs for a phrase several articles share: a noun phrase of two or three words ("missile
    warning system"), a key phrase, or a name; every article using it joins."""
    if limit <= 0:
        return []
    by_source = {a.source_file: a for a in articles}
    holders: dict[str, list[str]] = defaultdict(list)
    boost: dict[str, float] = defaultdict(lambda: 1.0)
    for a in articles:
        keys = {tag_key(phrase) for phrase in a.phrases + a.noun_phrases}
        for phrase in a.phrases:
            boost[tag_key(phrase)] = KEY_PHRASE_BOOST
        keys.update(c.key for c in a.candidates if c.proper and " " not in c.key)
        for key in keys:
            holders[key].append(a.source_file)
    ceiling = max(HUB_MIN_MEMBERS, math.floor(HUB_MAX_SHARE * len(articles)))
    candidates = []
    for key, holding in holders.items():
        if not key or set(key.split()) <= TITLE_WORDS:  # a title alone ("President") names nobody
            continue
        if HUB_MIN_MEMBERS <= len(holding) <= ceiling and key not in named:
            candidates.append((len(holding) * rarity(key, "en") * boost[key] * (1 + 0.5 * (len(key.split()) - 1)), key,
                               tuple(sorted(holding))))
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    hub_sets = [frozenset(m) for m in taken]
    chosen_words: list[tuple[set[str], frozenset[str]]] = []  # each chosen hub's phrase words and members
    for _score, key, members in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if len(chosen) >= limit:
            break
        member_set, words = frozenset(members), set(key.split())
        if _overlaps(member_set, hub_sets):
            continue
        if any(words & other_words and member_set & other_members for other_words, other_members in chosen_words):
            continue  # "Susan Chepkemei" after "Chepkemei": the same story again
        if cohesion(vectors, members) < PHRASE_COHESION:
            continue
        name = _usual_form(key, [by_source[m] for m in members])
        chosen.append((name[:1].upper() + name[1:], (key,), members))
        hub_sets.append(member_set)
        chosen_words.append((words, member_set))
    return chosen


def _usual_form(key: str, members: list[Article]) -> str:
    """The form of the phrase or name ``key`` its articles use most (ties: the form that sorts last)."""
    forms: Counter[str] = Counter()
    for a in members:
        forms.update(phrase for phrase in a.phrases + a.noun_phrases if tag_key(phrase) == key)
        forms.update(c.text for c in a.candidates if c.proper and c.key == key and " " not in c.key)
    return max(forms.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _defining_phrase(members: tuple[str, ...], ranked: Ranked, everywhere: Counter[str], named: set[str]) -> str | None:
    """The keyword most of the members rank high and few others do (names and phrases first);
    ``everywhere`` counts the articles that rank each keyword high."""
    inside: dict[str, float] = defaultdict(float)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    naming: set[str] = set()
    for source in members:
        for rank, (c, _s) in enumerate(ranked[source][:CORE_KEYWORDS]):
            inside[c.key] += 1.0 - rank / (2 * CORE_KEYWORDS)
            forms[c.key][c.text] += 1
            if c.proper or len(c.key.split()) > 1:
                naming.add(c.key)
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


def _overlaps(members: frozenset[str], hubs: list[frozenset[str]]) -> bool:
    """Whether ``members`` are (nearly) the members of one of ``hubs`` (Jaccard above ``MAX_OVERLAP``)."""
    for other in hubs:
        shared = len(members & other)
        if shared and shared / (len(members) + len(other) - shared) > MAX_OVERLAP:
            return True
    return False


def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [r"[\s-]+".join(re.escape(w) + r"\w{0,3}" for w in key.split()) for key in keys if key]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE) if alternatives else re.compile(r"(?!x)x")


def _brief(keys: tuple[str, ...], members: list[Article]) -> tuple[BriefSentence, ...]:
    """3–6 sentences about the hub, one per article first, each citing its article. An
    article's sentences are read only when the brief reaches it (most hubs need six members)."""
    pattern = _pattern(keys)
    pools: dict[int, list[str]] = {}

    def pool(i: int) -> list[str]:
        if i not in pools:
            a = members[i]
            # A sentence holds a match only if its paragraph does: split only those paragraphs.
            matching = "\n".join(p for p in a.text.split("\n") if pattern.search(p))
            hits = [s for s in split_sentences(matching)
                    if BRIEF_SENTENCE_WORDS[0] <= len(s.split()) <= BRIEF_SENTENCE_WORDS[1] and pattern.search(s)]
            pools[i] = hits + [s for s in a.summary if s not in hits]
        return pools[i]

    brief: list[BriefSentence] = []
    used: set[str] = set()
    depth = 0
    while True:
        for i, a in enumerate(members):
            if len(brief) >= BRIEF_MAX:
                break
            if depth < len(pool(i)) and pool(i)[depth] not in used:
                used.add(pool(i)[depth])
                brief.append(BriefSentence(pool(i)[depth], a.source_file))
        # Short of BRIEF_MAX, every member's pool has been read: go deeper while one is deeper.
        if len(brief) >= BRIEF_MIN or depth + 1 >= max((len(p) for p in pools.values()), default=0):
            break
        depth += 1
    return tuple(brief)


def _top_tags(members: list[Article], tag_slugs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    counts = Counter(slug for a in members for slug in tag_slugs[a.source_file])
    return tuple(slug for slug, _n in counts.most_common(8))
