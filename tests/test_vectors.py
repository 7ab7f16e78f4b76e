"""Blocking and pair similarities: the candidates each article is compared with, and their dot products."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from generator.group.vectors import candidate_pairs, pair_dots, top_terms


def random_matrix(rows: int, cols: int, seed: int) -> sparse.csr_matrix:
    """A sparse non-negative matrix with about eight entries a row."""
    rng = np.random.default_rng(seed)
    dense = rng.random((rows, cols)) * (rng.random((rows, cols)) < 8 / cols)
    return sparse.csr_matrix(dense)


def test_top_terms_keeps_each_rows_largest_entries_and_breaks_ties_by_column() -> None:
    matrix = sparse.csr_matrix(np.array([[0.1, 0.5, 0.5, 0.2, 0.5], [0.0, 0.3, 0.0, 0.0, 0.0]]))
    top = top_terms(matrix, 2).toarray()
    assert top.tolist() == [[0.0, 0.5, 0.5, 0.0, 0.0], [0.0, 0.3, 0.0, 0.0, 0.0]]


def test_candidate_pairs_are_the_sharing_pairs_when_few_and_the_nearest_when_many() -> None:
    top = random_matrix(300, 40, seed=1)
    overlap = (top @ top.T).toarray()
    np.fill_diagonal(overlap, 0.0)
    low, high = candidate_pairs(top, keep=1000)  # no row has that many: every sharing pair
    sharing = {(i, j) for i, j in zip(*np.nonzero(np.triu(overlap)), strict=True)}
    assert {(int(i), int(j)) for i, j in zip(low, high, strict=True)} == sharing
    keep = 5
    low, high = candidate_pairs(top, keep=keep)
    assert np.all(low < high)
    pairs = {(int(i), int(j)) for i, j in zip(low, high, strict=True)}
    for i in range(top.shape[0]):
        shared = np.flatnonzero(overlap[i])
        nearest = sorted(shared, key=lambda j: (-overlap[i, j], j))[:keep]
        for j in nearest:  # each row's nearest are compared with it
            assert (min(i, j), max(i, j)) in pairs
        for j in set(shared) - set(nearest):  # the others only when the row is among theirs
            if (min(i, j), max(i, j)) in pairs:
                theirs = sorted(np.flatnonzero(overlap[j]), key=lambda k: (-overlap[j, k], k))[:keep]
                assert i in theirs
    assert len(pairs) <= keep * top.shape[0]


def test_pair_dots_equal_the_dense_products() -> None:
    matrix = random_matrix(120, 30, seed=2)
    rng = np.random.default_rng(3)
    rows, cols = rng.integers(0, 120, 500), rng.integers(0, 120, 500)
    dense = matrix.toarray()
    assert np.allclose(pair_dots(matrix, rows, cols), (dense[rows] * dense[cols]).sum(axis=1))
    assert pair_dots(matrix, rows[:0], cols[:0]).size == 0
