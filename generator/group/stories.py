"""Stories: which articles tell one developing story (a seminal event and what directly follows it).

The method is the Topic Detection and Tracking baseline with two choices made for transfer and
stability:

1. **Pair evidence.** Articles are unit-length vectors of their comparison terms, each term
   weighted by log term frequency times its rarity in general English (8 minus its wordfreq
   Zipf frequency), not by corpus IDF: a pair's similarity then depends on the two articles
   alone, so adding an article never moves a similarity between two others, and the scale is the
   same in a corpus of 100 or of 10,000. Rare words (names, places, a story's own vocabulary)
   carry a story; common words barely count. Each article has two such vectors, as in Topic
   Detection and Tracking systems that weigh named entities apart (Kumaran & Allan 2004): the
   terms it writes as names (who and where) and the rest (what happened). A pair's similarity is
   the geometric mean of the two cosines, so it is high only when both are: two stories about
   the same people, or two of the same kind of event about different people, score low. Two
   texts mostly alike (a repost, one opening under two endings) need no names in common: their
   similarity is at least the square of their whole vectors' cosine. Where one of the two shows
   no names at all (a script without capital letters, a text typed in lower case), the whole
   cosine is their similarity. Since a pair's figures depend on its two articles alone, they are
   remembered between builds (:mod:`generator.group.pairs`).
2. **Time.** Two dated articles' similarity is divided by ``1 + days apart / TIME_SCALE_DAYS``:
   stories about the same people months apart drift apart. An undated article is placed by its
   text alone.
3. **Blocking.** Only pairs that share one of their weightiest terms are compared, each
   article with at most its ``CANDIDATES`` nearest by that overlap
   (:func:`generator.group.vectors.candidate_pairs`): no all-pairs comparison, and the work
   grows with the corpus. A story has far fewer members than that, so the cap only trims the
   weakest overlaps of articles in very large clusters of near-repeats.
4. **Grouping.** Average-linkage agglomerative clustering, stopped at one similarity
   (``LINK``): a group's articles are on average that close to each other. Average linkage never
   joins groups with no pair at ``LINK`` or above, so it runs inside each connected component of
   the graph of such pairs, and a new article can only change the component it connects to.
   Within a component it runs over the compared pairs only (:mod:`generator.group.linkage`), so
   a component of thousands of articles costs what its pairs cost.

``LINK`` and ``TIME_SCALE_DAYS`` were chosen on half of the development topics and checked on
two other labelled corpora (see the README's "Topic hubs").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..model import Article
from .linkage import average_linkage, sparse_average_linkage
from .pairs import TIME_SCALE_DAYS, Pairs, compare, story_matrices

__all__ = ["LINK", "TIME_SCALE_DAYS", "Story", "find_stories", "story_matrices"]

LINK = 0.21  # average similarity at which articles tell one story


@dataclass(frozen=True)
class Story:
    """Articles (content files) that tell one story, and the most central of them."""

    members: tuple[str, ...]
    central: str


def find_stories(articles: list[Article], known: Sequence[Sequence[str]] = (), pairs: Pairs | None = None) -> list[Story]:
    """Groups of two or more ``articles`` that tell one story; an article
    with no partner is in none. Stories come largest first, then by their first member's file.
    ``known`` are stories an earlier build found, of articles unchanged since: each that is still
    a story (its articles on average ``LINK`` alike) is where the clustering of its component
    starts, so a new article joins a story, opens one or merges the stories it bridges, and moves
    no other article. ``pairs`` are the articles' compared pairs (:func:`generator.group.pairs.compare`)
    when the caller has them."""
    if len(articles) < 2:
        return []
    pairs = compare(articles)[1] if pairs is None else pairs
    sims = sparse.csr_matrix((pairs.similarity, (pairs.low, pairs.high)), shape=(len(articles), len(articles)))
    full = (sims + sims.T).tocsr()
    count, component = connected_components(full >= LINK, directed=False)
    sources = [a.source_file for a in articles]
    row_of = {s: i for i, s in enumerate(sources)}
    start_in: dict[int, list[list[int]]] = {}  # component → the known stories inside it, as rows
    for story in known:
        rows = sorted(row_of[s] for s in story if s in row_of)
        if len(rows) >= 2 and len({int(component[r]) for r in rows}) == 1:
            start_in.setdefault(int(component[rows[0]]), []).append(rows)
    order = np.argsort(component, kind="stable")  # each component's rows together, ascending
    bounds = np.searchsorted(component[order], np.arange(count + 1))
    stories: list[Story] = []
    for c in range(count):
        idx = order[bounds[c]:bounds[c + 1]]
        if idx.size < 2:
            continue
        similarity = full[idx][:, idx]
        start = _still_stories(similarity, idx, start_in.get(c, []))
        groups = sparse_average_linkage(similarity, LINK, start) if start else average_linkage(similarity, LINK)
        closeness = within_group_sums(similarity, groups)
        for group in groups:
            members = idx[group]
            central = members[int(np.argmax(closeness[group]))]
            stories.append(Story(tuple(sorted(sources[m] for m in members)), sources[central]))
    stories.sort(key=lambda s: (-len(s.members), s.members[0]))
    return stories


def _still_stories(similarity: sparse.csr_matrix, idx: np.ndarray, known: list[list[int]]) -> list[list[int]]:
    """The known stories of a component (rows of the corpus; ``idx`` are the component's rows)
    whose articles are still on average ``LINK`` alike, as positions in the component. Each
    story's similarities are summed as its block of ``similarity`` would sum them (its entries in
    their stored order, by NumPy's sum), all blocks read in one pass over the entries."""
    position = {int(r): p for p, r in enumerate(idx)}
    local = [[position[r] for r in rows] for rows in known]
    label = np.full(similarity.shape[0], -1)
    for k, rows in enumerate(local):
        if (label[rows] >= 0).any():  # stories that share an article: each block read on its own
            return [rows for rows in local if _average(float(similarity[rows][:, rows].sum()), len(rows)) >= LINK]
        label[rows] = k
    row = np.repeat(label, np.diff(similarity.indptr))
    inside = (row >= 0) & (row == label[similarity.indices])
    story = row[inside]
    order = np.argsort(story, kind="stable")  # each story's entries together, in their stored order
    values = similarity.data[inside][order]
    bounds = np.searchsorted(story[order], np.arange(len(local) + 1))
    return [rows for k, rows in enumerate(local)
            if _average(float(values[bounds[k]:bounds[k + 1]].sum()), len(rows)) >= LINK]


def _average(total: float, size: int) -> float:
    """The average similarity of a story of ``size`` articles whose pairs sum to ``total`` (each pair twice)."""
    return total / (size * (size - 1))


def within_group_sums(similarity: sparse.csr_matrix, groups: list[np.ndarray]) -> np.ndarray:
    """Each row's summed similarity to the rows of its own group among ``groups`` (0 for a row in
    none): the row sums of each group's block of ``similarity``, all groups at once."""
    label = np.full(similarity.shape[0], -1)
    if groups:
        label[np.concatenate(groups)] = np.repeat(np.arange(len(groups)), [g.size for g in groups])
    rows = np.repeat(np.arange(similarity.shape[0]), np.diff(similarity.indptr))
    inside = (label[rows] >= 0) & (label[rows] == label[similarity.indices])
    counts = np.bincount(rows[inside], minlength=similarity.shape[0])
    sums = np.zeros(similarity.shape[0])
    summed = counts > 0
    if summed.any():  # each row's entries added in their stored order, as a sparse row sum does
        sums[summed] = np.add.reduceat(similarity.data[inside], (np.cumsum(counts) - counts)[summed])
    return sums
