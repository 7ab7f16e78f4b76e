"""Article vectors and related articles.

Articles are rows of a sparse TF-IDF matrix over content-word stems (scipy), unit length. Two
articles are compared only when they share one of their most weighty terms (a sparse product
of the top-term matrix with itself), so the work follows the overlap between articles rather
than the square of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from ..model import Article
from ..tags import tokens
from ..text import STOPWORDS, stem

MIN_SIMILARITY = 0.05
MIN_RELATED = 3
TOP_TERMS = 25  # the terms an article is compared on: its most weighty ones


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF rows (``matrix``), one per article in ``sources`` order."""

    sources: tuple[str, ...]
    matrix: sparse.csr_matrix

    @cached_property
    def row(self) -> dict[str, int]:
        """The row of each article's content file."""
        return {s: i for i, s in enumerate(self.sources)}


def tfidf_vectors(articles: list[Article]) -> Vectors:
    """The TF-IDF matrix of the articles' content-word stems."""
    bags = [Counter(stem(t) for t in tokens(a.title + " " + a.text) if t not in STOPWORDS and len(t) > 2)
            for a in articles]
    df = Counter(t for bag in bags for t in bag)
    vocabulary = {t: i for i, t in enumerate(sorted(df))}
    n = len(articles)
    rows, cols, values = [], [], []
    for r, bag in enumerate(bags):
        for t, c in bag.items():
            weight = (1 + math.log(c)) * math.log((1 + n) / (1 + df[t]))
            if weight > 0:
                rows.append(r)
                cols.append(vocabulary[t])
                values.append(weight)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, max(1, len(vocabulary))), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return Vectors(tuple(a.source_file for a in articles), sparse.csr_matrix(sparse.diags(1 / norms) @ matrix))


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
    topped up to three with the nearest others that share anything."""
    matrix = vectors.matrix
    shared = (matrix > 0).sum(axis=0) > 1  # a term of one article connects it to nothing
    top = top_terms(sparse.csr_matrix(matrix.multiply(np.asarray(shared))), TOP_TERMS)
    candidates = (top @ top.T).tocsr()  # pairs that share a weighty term
    related: dict[str, tuple[str, ...]] = {}
    for r, source in enumerate(vectors.sources):
        others = [c for c in candidates.indices[candidates.indptr[r]:candidates.indptr[r + 1]] if c != r]
        if not others:
            related[source] = ()
            continue
        sims = np.asarray((matrix[others] @ matrix[r].T).todense()).ravel()
        order = sorted(range(len(others)), key=lambda i: (-sims[i], vectors.sources[others[i]]))
        close = [vectors.sources[others[i]] for i in order if sims[i] >= MIN_SIMILARITY][:count]
        if len(close) < MIN_RELATED:
            close += [vectors.sources[others[i]] for i in order if 0 < sims[i] < MIN_SIMILARITY][: MIN_RELATED - len(close)]
        related[source] = tuple(close)
    return related
