"""The compared pairs of articles and how alike each pair is, remembered between builds.

Two articles are compared when blocking makes them candidates
(:func:`generator.group.vectors.candidate_pairs`). A pair gives two figures, both from the two
articles alone: its whole similarity (the cosine of their term vectors, which ranks related
articles) and its story similarity (:mod:`generator.group.stories`: who and what happened, and
when). Since neither depends on any other article, a pair of articles unchanged since the last
build has the figures it had then: they are kept in a memo, keyed by what each article is
compared by (its story signature: its terms, which of them are names, and its date) and by the
code, and only the pairs with a new or changed article are computed. Which pairs are compared
is remembered too: each article's candidates are the others its weightiest terms overlap most,
and an overlap is again a figure of two articles, so only the new articles' overlaps are found,
and an unchanged article's list is found again only when one of a full list has left. The figures are computed
the same way either way (two articles' shared terms meet in one order, whatever else the
corpus holds), so a remembered figure is the one computing it would give, to the last bit.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from scipy import sparse

from ..cache import code_version, dump_atomic, load_pickle
from ..model import Article
from .vectors import (
    CANDIDATES,
    TOP_TERMS,
    Vectors,
    best_overlaps,
    log_tf,
    pair_dots,
    pairs_of,
    term_columns,
    term_counts,
    term_vectors,
    top_terms,
    unit_rows,
)

TIME_SCALE_DAYS = 90.0  # story similarity halves for articles this many days apart


@dataclass(frozen=True)
class Pairs:
    """The compared pairs of a list of articles (rows in its order): ``low < high``, sorted by
    ``low`` then ``high``; each pair's ``whole`` similarity and its story ``similarity``."""

    low: np.ndarray
    high: np.ndarray
    whole: np.ndarray
    similarity: np.ndarray

    def within(self, rows: np.ndarray) -> Pairs:
        """The pairs of the articles at ``rows`` (ascending) alone, renumbered by their place there."""
        place = np.full(int(max(self.high.max(initial=-1), rows.max(initial=-1))) + 1, -1, dtype=np.int64)
        place[rows] = np.arange(rows.size)
        keep = (place[self.low] >= 0) & (place[self.high] >= 0)
        return Pairs(place[self.low[keep]], place[self.high[keep]], self.whole[keep], self.similarity[keep])


@dataclass(frozen=True)
class Memo:
    """The pairs a build compared: the ``signatures`` of its articles in row order, each pair as
    ``low × len(signatures) + high`` (ascending, in ``codes``), and its two figures; and each
    article's candidates, the others it overlaps most (``best``: row, other and overlap arrays,
    :func:`generator.group.vectors.best_overlaps`); and its vectors' columns (``terms``,
    ``columns``); made by the code whose version is ``code``."""

    code: str
    signatures: tuple[bytes, ...]
    codes: np.ndarray
    whole: np.ndarray
    similarity: np.ndarray
    best: tuple[np.ndarray, np.ndarray, np.ndarray]
    terms: tuple[str, ...]  # the terms then, sorted: the columns of the vectors
    columns: np.ndarray  # each article's terms' columns (:func:`generator.group.vectors.term_columns`)
    column_starts: np.ndarray  # where each article's columns start


def signatures(articles: list[Article]) -> list[bytes]:
    """What each article is compared by when stories are found (its comparison terms, which of
    them it writes as names, and its date), digested."""
    return [hashlib.blake2b(f"{a.date.isoformat() if a.date else ''}\0{a.signals.terms.text}\0".encode()
                            + a.signals.terms.counts + a.signals.terms.names, digest_size=16).digest()
            for a in articles]


def story_matrices(vectors: Vectors, rows: list[int]) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
    """Unit-length rows of log term frequency times rarity for the articles at ``rows`` of
    ``vectors`` (whose raw term counts they reweight): of all their terms, of the terms each
    writes as names, and of the rest."""
    counts = sparse.csr_matrix(vectors.counts[rows])
    matrix = sparse.csr_matrix((log_tf(counts.data) * vectors.weights[counts.indices], counts.indices, counts.indptr),
                               shape=counts.shape)
    names = sparse.csr_matrix(matrix.multiply(vectors.names[rows]))
    rest = matrix - names
    for part in (matrix, names, rest):
        part.eliminate_zeros()
    return unit_rows(matrix), unit_rows(names), unit_rows(rest)


def compare(articles: list[Article], memo: Path | None = None, own: list[bytes] | None = None) -> tuple[Vectors, Pairs]:
    """The articles' term vectors (:func:`generator.group.vectors.term_vectors`), and every
    candidate pair of them with its figures: its whole similarity, and its story similarity, the
    geometric mean of its similarities in names and in the other terms, so a pair must share both
    who the story is about and what happened (or, for two texts most of whose words are alike,
    one story's opening under two endings, the square of the whole; the whole for a pair where
    either article shows no names), divided by ``1 + days apart / TIME_SCALE_DAYS``. What is
    remembered at ``memo`` is taken from there, and this build's is remembered there for the next
    (``own``: the articles' :func:`signatures`, when the caller has them)."""
    own = signatures(articles) if own is None else own
    stored = _load(memo)
    old = _rows_then(stored, own)
    found = _columns(articles, old, stored)
    if found is None:  # the memo's columns do not fit its articles: it is not read
        stored, old, found = None, np.full(len(own), -1, dtype=np.int64), term_columns(articles)
    terms, columns = found
    vectors = term_vectors(articles, (terms, columns))
    matrix, names, rest = story_matrices(vectors, list(range(len(articles))))
    best = _candidates(top_terms(matrix, TOP_TERMS), old, stored)
    low, high = pairs_of(best[0], best[1], len(own))
    whole, similarity, known = _remembered(stored, old, low, high)
    todo = np.flatnonzero(~known)
    lo, hi = low[todo], high[todo]
    days = np.array([_days(a.date) for a in articles])
    apart = np.nan_to_num(np.abs(days[lo] - days[hi]), nan=0.0)
    whole[todo] = alike = pair_dots(matrix, lo, hi)
    named = np.diff(names.indptr) > 0  # a script without capitals (or a text without names) shows none
    both = np.where(named[lo] & named[hi], np.sqrt(pair_dots(names, lo, hi) * pair_dots(rest, lo, hi)), alike)
    similarity[todo] = np.maximum(both, alike ** 2) / (1.0 + apart / TIME_SCALE_DAYS)
    if memo is not None and (stored is None or len(own) != len(stored.signatures) or (old < 0).any()):
        sizes = term_counts(articles)
        dump_atomic(memo, Memo(code_version(), tuple(own), low * len(own) + high, whole, similarity, best,
                               tuple(terms), columns.astype(np.int32), np.cumsum(sizes) - sizes))
    return vectors, Pairs(low, high, whole, similarity)


def _columns(articles: list[Article], old: np.ndarray, memo: Memo | None) -> tuple[list[str], np.ndarray] | None:
    """The sorted terms of ``articles`` and each article's terms' columns, as
    :func:`generator.group.vectors.term_columns` finds them; an unchanged article's from ``memo``
    (``old``: each row's row then), renumbered, so that only new articles' terms are looked up.
    None if the memo holds another number of columns for an article than it has terms."""
    if memo is None or not (old >= 0).any():
        return term_columns(articles)
    sizes = term_counts(articles)
    kept, fresh = np.flatnonzero(old >= 0), np.flatnonzero(old < 0)
    held_sizes = np.diff(np.append(memo.column_starts, memo.columns.size))
    if not np.array_equal(held_sizes[old[kept]], sizes[kept]):
        return None
    taken = memo.columns[_ranges(memo.column_starts[old[kept]], sizes[kept])].astype(np.int64)
    used = np.zeros(len(memo.terms), dtype=bool)
    used[taken] = True
    held = np.flatnonzero(used)
    old_terms = [memo.terms[i] for i in held.tolist()]
    fresh_words = [articles[i].signals.terms.text.split() for i in fresh.tolist()]
    known = set(old_terms)
    terms = sorted(old_terms + sorted({w for words in fresh_words for w in words if w not in known}))
    index = dict(zip(terms, range(len(terms)), strict=True))
    renumber = np.zeros(len(memo.terms), dtype=np.int64)
    renumber[held] = np.fromiter(map(index.__getitem__, old_terms), dtype=np.int64, count=len(old_terms))
    start = np.cumsum(sizes) - sizes
    columns = np.empty(int(sizes.sum()), dtype=np.int64)
    columns[_ranges(start[kept], sizes[kept])] = renumber[taken]
    for i, words in zip(fresh.tolist(), fresh_words, strict=True):
        columns[start[i]:start[i] + len(words)] = np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))
    return terms, columns


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices ``starts[k]`` up to ``starts[k] + lengths[k]``, for each ``k`` in turn."""
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if ends.size else 0)


def _rows_then(memo: Memo | None, own: list[bytes]) -> np.ndarray:
    """Each article's row in the build that made ``memo`` (by its signature), or -1: new, changed,
    or not one article (a signature two articles share, then or now)."""
    if memo is None:
        return np.full(len(own), -1, dtype=np.int64)
    then: dict[bytes, int] = {}
    for i, sig in enumerate(memo.signatures):
        then[sig] = -1 if sig in then else i
    seen: dict[bytes, int] = {}
    for sig in own:
        seen[sig] = seen.get(sig, 0) + 1
    return np.array([then.get(sig, -1) if seen[sig] == 1 else -1 for sig in own], dtype=np.int64)


def _candidates(top: sparse.csr_matrix, old: np.ndarray, memo: Memo | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each article's ``CANDIDATES`` best overlaps (:func:`generator.group.vectors.best_overlaps`),
    from ``memo``'s where they still hold (``old``: each row's row then). An overlap depends on
    the two articles alone, so an unchanged article's best are its best then, less those that
    left, with the new articles that now overlap it more; only when one of a full list left is
    its next best unknown, and its row is computed again, as are the new articles' rows."""
    n = top.shape[0]
    if memo is None or not (old >= 0).any():
        return best_overlaps(top, np.arange(n), CANDIDATES)
    now = np.full(len(memo.signatures), -1, dtype=np.int64)
    now[old[old >= 0]] = np.flatnonzero(old >= 0)
    then_row, then_other, value = memo.best
    row, other = now[then_row], now[then_other]
    full = np.bincount(then_row, minlength=len(memo.signatures)) >= CANDIDATES
    fresh = np.flatnonzero(old < 0)
    redo = np.union1d(fresh, row[(row >= 0) & (other < 0) & full[then_row]])  # new rows, and full lists that lost one
    again = np.zeros(n, dtype=bool)
    again[redo] = True
    kept = (row >= 0) & (other >= 0)
    kept[kept] = ~again[row[kept]]
    row, other, value = row[kept], other[kept], value[kept]
    transposed = sparse.csr_matrix(top.T)
    if fresh.size:  # the new rows' overlaps with every row: some now count among another row's best
        overlap = sparse.csr_matrix(top[fresh] @ transposed)
        new = np.repeat(fresh, np.diff(overlap.indptr))
        add = (overlap.data > 0) & (overlap.indices != new) & ~again[overlap.indices]
        grown = np.zeros(n, dtype=bool)
        grown[overlap.indices[add]] = True
        row = np.concatenate([row, overlap.indices[add].astype(np.int64)])
        other, value = np.concatenate([other, new[add]]), np.concatenate([value, overlap.data[add]])
        row, other, value = _best_of_rows(row, other, value, grown[row])
    redone = best_overlaps(top, redo, CANDIDATES, transposed)
    return (np.concatenate([row, redone[0]]), np.concatenate([other, redone[1]]), np.concatenate([value, redone[2]]))


def _best_of_rows(row: np.ndarray, other: np.ndarray, value: np.ndarray,
                  grown: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (row, other, overlap) entries with each ``grown`` entry's row cut to its ``CANDIDATES``
    largest overlaps, ties to the lower other row (as :func:`generator.group.vectors.best_overlaps`)."""
    at = np.flatnonzero(grown)
    order = at[np.lexsort((other[at], -value[at], row[at]))]
    first = np.searchsorted(row[order], row[order], side="left")
    cut = order[np.arange(order.size) - first >= CANDIDATES]
    keep = np.ones(row.size, dtype=bool)
    keep[cut] = False
    return row[keep], other[keep], value[keep]


def _remembered(memo: Memo | None, old: np.ndarray, low: np.ndarray,
                high: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs' whole and story similarities as far as ``memo`` knows them, and which it knows:
    a pair whose two articles it holds (``old``: each row's row then) in the same order."""
    whole, similarity, known = np.zeros(low.size), np.zeros(low.size), np.zeros(low.size, dtype=bool)
    if memo is None or not low.size or not memo.codes.size:
        return whole, similarity, known
    a, b = old[low], old[high]
    code = a * len(memo.signatures) + b
    at = np.minimum(np.searchsorted(memo.codes, code), memo.codes.size - 1)
    known = (a >= 0) & (b >= 0) & (memo.codes[at] == code)
    whole[known], similarity[known] = memo.whole[at[known]], memo.similarity[at[known]]
    return whole, similarity, known


def _load(memo: Path | None) -> Memo | None:
    """The memo at ``memo`` if this code made it and its parts agree (a damaged one is not read)."""
    stored = load_pickle(memo) if memo is not None else None
    if not isinstance(stored, Memo) or getattr(stored, "code", None) != code_version():
        return None
    try:
        return stored if _sound(stored) else None
    except (AttributeError, TypeError, ValueError, IndexError):
        return None


def _sound(memo: Memo) -> bool:
    """Whether the parts of ``memo`` agree: arrays of one length each, rows and columns in range."""
    n = len(memo.signatures)
    rows = [*memo.best[:2], memo.codes // max(1, n), memo.codes % max(1, n)]
    if len({memo.codes.size, memo.whole.size, memo.similarity.size}) != 1 or len({a.size for a in memo.best}) != 1:
        return False
    if memo.column_starts.size != n or any(r.size and (r.min() < 0 or r.max() >= n) for r in rows):
        return False
    lengths = np.append(memo.column_starts[1:], memo.columns.size) - memo.column_starts
    columns = memo.columns
    return bool((lengths >= 0).all()) and not (columns.size and (columns.min() < 0 or columns.max() >= len(memo.terms)))


def _days(date: datetime | None) -> float:
    return date.timestamp() / 86_400 if date else math.nan
