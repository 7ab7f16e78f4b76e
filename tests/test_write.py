"""Stage 7, write: files land inside the staging folder only, unchanged ones are linked from the previous site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import BuildError, OutputFile
from generator.write import write_files


@pytest.mark.parametrize("path", ["../escape.html", "/etc/escape.html", "a/../../escape.html", ""])
def test_a_path_that_would_leave_the_site_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(BuildError, match="outside the site"):
        write_files([OutputFile(path, b"x")], tmp_path / "staging")
    assert not (tmp_path / "escape.html").exists()


def test_unchanged_files_are_linked_and_changed_ones_written(tmp_path: Path) -> None:
    previous = tmp_path / "site"
    assert write_files([OutputFile("a/index.html", b"same"), OutputFile("b.html", b"old")], previous) == 2
    staging = tmp_path / "staging"
    outputs = [OutputFile("a/index.html", b"same"), OutputFile("b.html", b"new"), OutputFile("c/d/e.html", b"added")]
    assert write_files(outputs, staging, previous=previous) == 2
    assert (staging / "a/index.html").stat().st_ino == (previous / "a/index.html").stat().st_ino
    assert (staging / "b.html").read_bytes() == b"new" and (previous / "b.html").read_bytes() == b"old"
    assert (staging / "c/d/e.html").read_bytes() == b"added"


def test_a_link_in_the_previous_site_is_never_followed(tmp_path: Path) -> None:
    previous = tmp_path / "site"
    previous.mkdir()
    secret = tmp_path / "secret.html"
    secret.write_bytes(b"same")
    (previous / "page.html").symlink_to(secret)
    assert write_files([OutputFile("page.html", b"same")], tmp_path / "staging", previous=previous) == 1
    assert not (tmp_path / "staging" / "page.html").is_symlink()
