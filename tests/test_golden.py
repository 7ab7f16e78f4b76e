"""Golden-site test: the fixture folder builds into exactly the committed pages and feed."""

from __future__ import annotations

import difflib
from pathlib import Path

from .golden import GOLDEN_SITE, build_golden, tree


def test_golden_site_matches_committed_output(tmp_path: Path) -> None:
    built = tmp_path / "site"
    build_golden(built)
    fresh, expected = tree(built), tree(GOLDEN_SITE)
    assert expected, "tests/golden/site is missing: run `make golden`"
    assert sorted(fresh) == sorted(expected), "page set changed: run `make golden` and review the diff"
    for rel in expected:
        if fresh[rel] != expected[rel]:
            diff = "".join(difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(True),
                fresh[rel].decode("utf-8", "replace").splitlines(True), f"golden/{rel}", f"built/{rel}", n=2))
            raise AssertionError(f"{rel} differs from the golden copy (run `make golden` if intended):\n{diff[:4000]}")
    assert (built / "pagefind" / "pagefind-entry.json").is_file()
