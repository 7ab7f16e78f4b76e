"""Stage 1: discover finds articles in a stable order, skips junk, refuses symlinks and huge files."""

from __future__ import annotations

import os
from pathlib import Path

from generator.discover import discover, is_junk


def _write(folder: Path, name: str, text: str = "Some article text here.") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_finds_files_in_sorted_order_with_hashes(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/c.html"]:
        _write(tmp_path, name)
    found, problems = discover(tmp_path, 1_000_000)
    assert [f.rel for f in found] == ["a.md", "b.txt", "sub/c.html"]
    assert problems == []
    assert len({f.sha256 for f in found}) == 1 and len(found[0].sha256) == 64


def test_editor_and_os_junk_is_ignored_silently(tmp_path: Path) -> None:
    for name in [".hidden.md", "notes.md~", "#draft.md#", ".draft.md.swp", "Thumbs.db", ".DS_Store", ".git/config", "real.md"]:
        _write(tmp_path, name)
    found, problems = discover(tmp_path, 1_000_000)
    assert [f.rel for f in found] == ["real.md"]
    assert problems == []


def test_symlinks_are_reported_not_followed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    outside = _write(tmp_path, "outside/secret.txt", "secret")
    _write(content, "ok.txt")
    os.symlink(outside, content / "link.txt")
    os.symlink(tmp_path / "outside", content / "linkdir")
    os.symlink(content / "missing.txt", content / "dangling.txt")
    found, problems = discover(content, 1_000_000)
    assert [f.rel for f in found] == ["ok.txt"]
    assert {p.file for p in problems} == {"link.txt", "linkdir", "dangling.txt"}
    assert all(p.stage == "discover" and "symlink" in p.reason for p in problems)


def test_files_over_the_limit_are_refused_with_the_size(tmp_path: Path) -> None:
    _write(tmp_path, "big.txt", "x" * 2000)
    _write(tmp_path, "small.txt", "fine")
    found, problems = discover(tmp_path, 1000)
    assert [f.rel for f in found] == ["small.txt"]
    assert problems[0].file == "big.txt" and "2,000 bytes" in problems[0].reason


def test_is_junk() -> None:
    assert is_junk(".env") and is_junk("a.md~") and is_junk("#a#") and is_junk("x.swp")
    assert not is_junk("article.md") and not is_junk("2021-report.txt")
