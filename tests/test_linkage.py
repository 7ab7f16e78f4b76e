"""Average linkage over a similarity graph: the sparse run over compared pairs merges exactly as SciPy's dense one."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from generator.group.linkage import DENSE_ROWS, average_linkage, dense_average_linkage, sparse_average_linkage


def random_graph(seed: int, n: int, density: float) -> sparse.csr_matrix:
    """A symmetric similarity graph: ``density`` of the pairs compared, similarities in (0, 1)."""
    rng = np.random.default_rng(seed)
    upper = sparse.random(n, n, density=density, random_state=rng, data_rvs=lambda k: rng.uniform(0.01, 1.0, k))
    upper = sparse.triu(upper, k=1)
    return sparse.csr_matrix(upper + upper.T)


def as_sets(groups: list[np.ndarray]) -> set[tuple[int, ...]]:
    return {tuple(int(i) for i in g) for g in groups}


@pytest.mark.parametrize("seed", range(40))
def test_sparse_and_dense_average_linkage_form_the_same_groups(seed: int) -> None:
    n = 3 + seed * 3
    graph = random_graph(seed, n, density=[0.05, 0.2, 0.6][seed % 3])
    for threshold in (0.2, 0.35, 0.6):
        dense = as_sets(dense_average_linkage(graph.toarray(), threshold))
        assert as_sets(sparse_average_linkage(graph, threshold)) == dense
        assert all(len(g) >= 2 for g in dense)


def test_a_component_too_large_for_a_dense_matrix_is_clustered_over_its_pairs() -> None:
    """Groups of five close articles, each weakly tied to the next group: one connected component
    larger than ``DENSE_ROWS`` rows, split back into its groups."""
    groups, size = DENSE_ROWS // 5 + 100, 5
    n = groups * size
    rows, cols, values = [], [], []
    for g in range(groups):
        members = range(g * size, (g + 1) * size)
        for i in members:
            for j in members:
                if i < j:
                    rows.append(i), cols.append(j), values.append(0.9)
        if g + 1 < groups:
            rows.append(g * size + size - 1), cols.append((g + 1) * size), values.append(0.3)
    upper = sparse.csr_matrix((values, (rows, cols)), shape=(n, n))
    found = average_linkage(sparse.csr_matrix(upper + upper.T), 0.2)
    assert n > DENSE_ROWS
    assert as_sets(found) == {tuple(range(g * size, (g + 1) * size)) for g in range(groups)}


def test_clustering_begun_from_earlier_groups_moves_none_of_their_rows() -> None:
    """A, B and C form one group (A–B 0.5, B–C 0.45). D, close to C alone, makes a clustering from
    nothing split them ({A, B} and {C, D}); begun from {A, B, C}, D joins that group instead."""
    pairs = {(0, 1): 0.5, (1, 2): 0.45, (2, 3): 0.66}
    rows, cols = zip(*pairs, strict=True)
    similarity = sparse.coo_matrix((list(pairs.values()), (rows, cols)), shape=(4, 4)).tocsr()
    similarity = (similarity + similarity.T).tocsr()
    before = sparse_average_linkage(similarity[:3][:, :3], 0.2)
    assert [g.tolist() for g in before] == [[0, 1, 2]]
    assert sorted(g.tolist() for g in sparse_average_linkage(similarity, 0.2)) == [[0, 1], [2, 3]]
    assert [g.tolist() for g in sparse_average_linkage(similarity, 0.2, start=[[0, 1, 2]])] == [[0, 1, 2, 3]]
    far = similarity.tolil()
    far[2, 3] = far[3, 2] = 0.0  # D at 0 from everyone: it stays alone, the group stays
    far = far.tocsr()
    assert [g.tolist() for g in sparse_average_linkage(far, 0.2, start=[[0, 1, 2]])] == [[0, 1, 2]]
