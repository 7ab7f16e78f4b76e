"""Article vectors and the pairs worth comparing.

Articles are rows of sparse matrices over their comparison terms (content-word stems, computed
and cached per article: :mod:`generator.enrich.terms`): the raw term counts, with each term's
rarity in general use, from which :mod:`generator.group.stories` weighs them. No weight depends
on the rest of the corpus (no corpus IDF), so what two articles have in common is known from
the two alone.

No corpus stage compares all pairs. Candidates come from blocking: two articles are compared
only when they share one of their weightiest terms (a sparse product of the top-term matrices),
and each article keeps at most its ``keep`` best candidates by that overlap (an approximate
nearest-neighbour list), so the exact comparisons grow with the corpus, not with its square.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..model import COUNT, WEIGHT, Article

TOP_TERMS = 25  # articles are compared when they share one of these weightiest terms
CANDIDATES = 50  # and each with at most its nearest candidates by that overlap
DENSE_BLOCK = 125_000  # values in the dense block of rows a pair product reads (1 MB, in cache)
OVERLAP_BLOCK = 2_000_000  # rows × articles of one block of top-term overlaps
PAIR_ENTRIES = 2_000_000  # entries of the other rows of pairs fetched at once


@dataclass(frozen=True)
class Vectors:
    """The raw term counts of the articles in ``sources`` (``counts``: a row an article, a
    column a term), each term's rarity in general use (``weights``, by column), and which of its
    terms each article writes as names (``names``: the counts' entries that are)."""

    sources: tuple[str, ...]
    counts: sparse.csr_matrix
    weights: np.ndarray
    names: sparse.csr_matrix


def term_vectors(articles: list[Article], columns: tuple[list[str], np.ndarray] | None = None) -> Vectors:
    """The term counts of the articles' comparison terms (each article's distinct terms, in one
    string split once, with their counts, weights and name marks as arrays:
    :class:`generator.model.Terms`). Columns are the terms in sorted order, so two articles'
    shared terms come in the same order whatever other articles are in the corpus. ``columns``
    are the sorted terms and each article's terms' columns in its own order (:func:`term_columns`),
    when the caller has them."""
    own = [a.signals.terms for a in articles]
    terms, cols = term_columns(articles) if columns is None else columns
    n = len(articles)
    shape = (n, max(1, len(terms)))
    rows = np.repeat(np.arange(n), term_counts(articles))
    found = np.frombuffer(b"".join(t.counts for t in own), dtype=COUNT).astype(np.int64)
    named = np.frombuffer(b"".join(t.names for t in own), dtype=np.uint8).astype(bool)
    weights = np.zeros(shape[1])
    weights[cols] = np.frombuffer(b"".join(t.weights for t in own), dtype=WEIGHT)
    # Each article holds a term once, so both matrices have one entry per (row, column) given.
    names = sparse.csr_matrix((np.ones(int(named.sum())), (rows[named], cols[named])), shape=shape)
    count_matrix = sparse.csr_matrix((found, (rows, cols)), shape=shape, dtype=np.int64)
    count_matrix.sum_duplicates()
    return Vectors(tuple(a.source_file for a in articles), count_matrix, weights, names)


def term_counts(articles: list[Article]) -> np.ndarray:
    """How many terms each article has (the length of its :class:`generator.model.Terms` arrays)."""
    return np.array([len(a.signals.terms.counts) // np.dtype(COUNT).itemsize for a in articles], dtype=np.int64)


def term_columns(articles: list[Article]) -> tuple[list[str], np.ndarray]:
    """The articles' terms, sorted, and the column of each article's each term, article by
    article in the order its :class:`generator.model.Terms` lists them."""
    flat = " ".join(a.signals.terms.text for a in articles).split()
    terms = sorted(set(flat))
    vocabulary = dict(zip(terms, range(len(terms)), strict=True))
    return terms, np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))


def log_tf(counts: np.ndarray) -> np.ndarray:
    """``1 + log(count)`` of each count (0 for 0), from a table: one logarithm per distinct count."""
    table = np.array([1 + math.log(c) if c else 0.0 for c in range(int(counts.max(initial=0)) + 1)])
    logs: np.ndarray = table[counts]
    return logs


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` with every non-empty row scaled to unit length."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


def top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row cut to its ``keep`` largest entries (ties to the lower column)."""
    matrix = sparse.csr_matrix(matrix, copy=True)
    matrix.sort_indices()
    matrix.data[~_best_per_row(matrix.indptr, matrix.indices, matrix.data, keep)] = 0.0
    matrix.eliminate_zeros()
    return matrix


def candidate_pairs(top: sparse.csr_matrix, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs ``(i, j)``, ``i < j``, worth comparing: rows of ``top`` (each article's weightiest
    terms) that share a term, where ``j`` is among ``i``'s ``keep`` largest overlaps or ``i``
    among ``j``'s (ties to the lower row). Sorted by ``i`` then ``j``."""
    row, other, _overlap = best_overlaps(top, np.arange(top.shape[0]), keep)
    return pairs_of(row, other, top.shape[0])


def best_overlaps(top: sparse.csr_matrix, rows: np.ndarray, keep: int,
                  transposed: sparse.csr_matrix | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``rows`` (ascending) of ``top``, the ``keep`` other rows it overlaps most
    (ties to the lower row), as (row, other, overlap) entries, by row. An
    overlap is the dot product of two rows of ``top``: the same value from either row, to the
    last bit (the products of their shared terms, added in column order). The overlaps are
    computed for a block of rows at a time, so memory holds one block's overlaps and the entries
    kept. ``transposed`` is ``top`` transposed, when the caller has it."""
    n = top.shape[0]
    transposed = sparse.csr_matrix(top.T) if transposed is None else transposed
    block = max(1, OVERLAP_BLOCK // max(1, n))
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, rows.size, block):
        these = rows[start:start + block]
        overlap = sparse.csr_matrix(top[these] @ transposed)
        i = np.repeat(these, np.diff(overlap.indptr))
        # An article's overlap with itself, or an empty one, sorts below every other and is dropped.
        unwanted = (i == overlap.indices) | (overlap.data == 0)
        overlap.data[unwanted] = -np.inf
        kept = _best_per_row(overlap.indptr, overlap.indices, overlap.data, keep) & ~unwanted
        parts.append((i[kept], overlap.indices[kept].astype(np.int64), overlap.data[kept]))
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    row, other, value = (np.concatenate(part) for part in zip(*parts, strict=True))
    return row, other, value


def pairs_of(row: np.ndarray, other: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs ``(i, j)``, ``i < j``, of the (row, other) entries of ``n`` rows, each once,
    sorted by ``i`` then ``j``."""
    unique = sorted_unique(np.minimum(row, other) * n + np.maximum(row, other))
    return unique // n, unique % n


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct non-negative integer ``values``, ascending: one sort, faster here than
    ``np.unique``'s hashing."""
    values = np.sort(values)
    return values[np.diff(values, prepend=-1) != 0] if values.size else values


def _best_per_row(indptr: np.ndarray, columns: np.ndarray, values: np.ndarray, keep: int) -> np.ndarray:
    """A mask over ``values`` (rows delimited by ``indptr``): each row's ``keep`` largest entries,
    ties to the lower column. Rows within the bound are kept whole."""
    mask = np.ones(values.size, dtype=bool)
    bounds = indptr.tolist()
    for r in np.flatnonzero(np.diff(indptr) > keep).tolist():
        start, end = bounds[r], bounds[r + 1]
        row = values[start:end]
        cut = -np.partition(-row, keep - 1)[keep - 1]  # the keep-th largest value
        best = row >= cut
        if np.count_nonzero(best) > keep:  # ties at the cut: the lower columns among them
            best = row > cut
            tied = np.flatnonzero(row == cut)
            tied = tied[np.argsort(columns[start:end][tied], kind="stable")][: keep - int(best.sum())]
            best[tied] = True
        mask[start:end] = best
    return mask


def pair_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The dot product of each pair of rows ``(rows[k], cols[k])`` of ``matrix`` (which holds no
    duplicate entries); ``rows`` must be sorted. A block of consecutive rows is made dense once
    (small enough to stay in cache), and each pair reads its other row's entries from the sparse
    matrix against it; the other rows of a run of blocks are fetched together."""
    out = np.zeros(rows.size)
    n, width = matrix.shape
    block = max(1, DENSE_BLOCK // max(1, width))
    bounds = np.searchsorted(rows, np.arange(0, n + block, block))  # each block's pairs
    reads = np.concatenate(([0], np.cumsum(np.diff(matrix.indptr)[cols])))[bounds]  # entries read before each block
    dense = np.zeros(block * width)
    b = 0
    while b < bounds.size - 1:
        last = min(bounds.size - 1, max(b + 1, int(np.searchsorted(reads, reads[b] + PAIR_ENTRIES, side="right")) - 1))
        others = matrix[cols[bounds[b]:bounds[last]]]
        for k in range(b, last):
            if bounds[k] < bounds[k + 1]:
                _block_dots(matrix, (k * block, block), dense, others, bounds[k] - bounds[b],
                            rows[bounds[k]:bounds[k + 1]], out[bounds[k]:bounds[k + 1]])
        b = last
    return out


def _block_dots(matrix: sparse.csr_matrix, block: tuple[int, int], dense: np.ndarray, others: sparse.csr_matrix,
                skip: int, rows: np.ndarray, out: np.ndarray) -> None:
    """:func:`pair_dots` of the pairs whose first rows (``rows``) are in one ``block`` of rows
    (its first row and size), into ``out``. Their other rows are those of ``others`` after the
    first ``skip``. ``dense`` is zero, and is left zero."""
    (first, size), width = block, matrix.shape[1]
    start, end = matrix.indptr[first], matrix.indptr[min(first + size, matrix.shape[0])]
    lengths = np.diff(matrix.indptr[first:first + size + 1])
    filled = np.repeat(np.arange(lengths.size) * width, lengths) + matrix.indices[start:end]
    dense[filled] = matrix.data[start:end]
    bounds = others.indptr[skip:skip + rows.size + 1]
    sizes = np.diff(bounds)
    at = np.repeat((rows - first) * width, sizes)  # each entry's place in the dense block
    at += others.indices[bounds[0]:bounds[-1]]
    values = others.data[bounds[0]:bounds[-1]] * dense.take(at)
    read = sizes > 0
    if read.any():
        out[read] = np.add.reduceat(values, bounds[:-1][read] - bounds[0])
    dense[filled] = 0.0
