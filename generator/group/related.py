"""Article vectors and related articles.

Articles are rows of a sparse TF-IDF matrix over their comparison terms (content-word stems,
computed and cached per article: :mod:`generator.enrich.terms`), unit length. Two articles are
compared only when they share one of their most weighty terms (a sparse product of the
top-term matrix with itself), so the work follows the overlap between articles rather than
the square of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from ..model import Article

MIN_SIMILARITY = 0.05
MIN_RELATED = 3
TOP_TERMS = 25  # the terms an article is compared on: its most weighty ones


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF rows (``matrix``), one per article in ``sources`` order, and the raw
    term counts they come from (``counts``, columns named by ``terms``) for other weightings."""

    sources: tuple[str, ...]
    matrix: sparse.csr_matrix
    counts: sparse.csr_matrix
    terms: tuple[str, ...]

    @cached_property
    def row(self) -> dict[str, int]:
        """The row of each article's content file."""
        return {s: i for i, s in enumerate(self.sources)}


def tfidf_vectors(articles: list[Article]) -> Vectors:
    """The TF-IDF matrix of the articles' comparison terms."""
    bags = [Counter(a.terms.split()) for a in articles]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    terms = sorted(df)
    vocabulary = {t: i for i, t in enumerate(terms)}
    n = len(articles)
    shape = (n, max(1, len(vocabulary)))
    # Both factors from tables (a logarithm per distinct count and per term), multiplied per entry.
    idf = np.array([math.log((1 + n) / (1 + df[t])) for t in terms] or [0.0])
    counts = np.fromiter((c for bag in bags for c in bag.values()), dtype=np.int64)
    rows = np.repeat(np.arange(n), np.array([len(bag) for bag in bags], dtype=np.int64))
    cols = np.fromiter((vocabulary[t] for bag in bags for t in bag), dtype=np.int64, count=len(counts))
    count_matrix = sparse.csr_matrix((counts, (rows, cols)), shape=shape, dtype=np.int64)
    values = log_tf(counts) * idf[cols]
    keep = values > 0
    matrix = sparse.csr_matrix((values[keep], (rows[keep], cols[keep])), shape=shape, dtype=np.float64)
    return Vectors(tuple(a.source_file for a in articles), unit_rows(matrix), count_matrix, tuple(terms))


def log_tf(counts: np.ndarray) -> np.ndarray:
    """``1 + log(count)`` of each count (0 for 0), from a table: one logarithm per distinct count."""
    table = np.array([1 + math.log(c) if c else 0.0 for c in range(int(counts.max(initial=0)) + 1)])
    return table[counts]


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` with every non-empty row scaled to unit length."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


def top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row cut to its ``keep`` largest entries."""
    rows, cols, values = [], [], []
    for r in range(matrix.shape[0]):
        start, end = matrix.indptr[r], matrix.indptr[r + 1]
        data, idx = matrix.data[start:end], matrix.indices[start:end]
        best = np.argsort(-data, kind="stable")[:keep]
        rows.extend([r] * len(best))
        cols.extend(idx[best].tolist())
        values.extend(data[best].tolist())
    return sparse.csr_matrix((values, (rows, cols)), shape=matrix.shape)


def build_related(count: int, vectors: Vectors) -> dict[str, tuple[str, ...]]:
    """For each article, up to ``count`` most similar others: those above a minimum similarity,
    topped up to three with the nearest others that share anything. Ties go to the content
    file that sorts first."""
    matrix = vectors.matrix
    shared = (matrix > 0).sum(axis=0) > 1  # a term of one article connects it to nothing
    top = top_terms(sparse.csr_matrix(matrix.multiply(np.asarray(shared))), TOP_TERMS)
    candidates = (top @ top.T).tocsr()  # pairs that share a weighty term
    by_name = np.empty(len(vectors.sources), dtype=np.int64)
    by_name[sorted(range(len(vectors.sources)), key=vectors.sources.__getitem__)] = np.arange(len(vectors.sources))
    scratch = np.zeros(matrix.shape[1])
    related: dict[str, tuple[str, ...]] = {}
    for r, source in enumerate(vectors.sources):
        others = candidates.indices[candidates.indptr[r]:candidates.indptr[r + 1]]
        others = others[others != r]
        if not others.size:
            related[source] = ()
            continue
        sims = row_similarities(matrix, r, others, scratch)
        order = np.lexsort((by_name[others], -sims))
        sims, others = sims[order], others[order]
        close = [vectors.sources[i] for i in others[sims >= MIN_SIMILARITY][:count]]
        if len(close) < MIN_RELATED:
            weak = others[(sims > 0) & (sims < MIN_SIMILARITY)]
            close += [vectors.sources[i] for i in weak[: MIN_RELATED - len(close)]]
        related[source] = tuple(close)
    return related


def row_similarities(matrix: sparse.csr_matrix, r: int, others: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """The dot product of row ``r`` with each row in ``others`` (each shares a term with it),
    read straight from the CSR arrays: row ``r`` is spread into ``scratch`` (a zero vector, left
    zero again), and each other row's entries are gathered against it and summed per row."""
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    own = indices[indptr[r]:indptr[r + 1]]
    scratch[own] = data[indptr[r]:indptr[r + 1]]
    starts, lengths = indptr[others], indptr[others + 1] - indptr[others]
    offsets = np.cumsum(lengths) - lengths
    flat = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
    sums = np.add.reduceat(data[flat] * scratch[indices[flat]], offsets)
    scratch[own] = 0.0
    return sums
