"""Stage 7, write: only changed files are staged, inside the site only; the publish moves them in,
takes stale files out, and puts everything back when it fails part way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import write
from generator.model import BuildError, OutputFile
from generator.write import publish, stage_files


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(folder: Path, outputs: list[OutputFile]) -> None:
    publish(stage_files(outputs, folder))


@pytest.mark.parametrize("path", ["../escape.html", "/etc/escape.html", "a/../../escape.html", "", ".",
                                  "a\\..\\..\\escape.html", "C:/escape.html"])
def test_a_path_that_would_leave_the_site_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(BuildError, match="outside the site"):
        stage_files([OutputFile(path, b"x")], tmp_path / "site")
    assert not (tmp_path / "escape.html").exists()


def test_the_first_build_stages_every_file_and_becomes_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    staged = stage_files([OutputFile("a/index.html", b"A"), OutputFile("b.html", b"B")], site)
    assert staged.fresh and staged.changed == {"a/index.html", "b.html"} and not site.exists()
    publish(staged)
    assert files(site) == {"a/index.html": b"A", "b.html": b"B"}
    assert sorted(os.listdir(tmp_path)) == ["site"]  # no staging folder left beside it


def test_a_rebuild_stages_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    built(site, [OutputFile("a/index.html", b"same"), OutputFile("b.html", b"old"), OutputFile("gone/deep/x.html", b"x"),
                 OutputFile("pagefind/old.js", b"index")])
    same_inode = (site / "a/index.html").stat().st_ino
    staged = stage_files([OutputFile("a/index.html", b"same"), OutputFile("b.html", b"new"),
                          OutputFile("c/d/e.html", b"added")], site)
    assert staged.changed == {"b.html", "c/d/e.html"}
    assert staged.stale == ("gone/deep/x.html",)  # the search folder is the search stage's
    assert staged.source("a/index.html") == site / "a/index.html"
    assert staged.source("b.html") == staged.staging / "b.html"
    assert files(site)["b.html"] == b"old"  # nothing in the site moves before the publish
    (staged.staging / "pagefind").mkdir()
    (staged.staging / "pagefind" / "new.js").write_bytes(b"index 2")
    publish(staged)
    assert files(site) == {"a/index.html": b"same", "b.html": b"new", "c/d/e.html": b"added", "pagefind/new.js": b"index 2"}
    assert (site / "a/index.html").stat().st_ino == same_inode  # left where it was
    assert not (site / "gone").exists()  # emptied folders go too
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_link_in_the_site_is_never_followed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"home")
    secret = tmp_path / "secret.html"
    secret.write_bytes(b"same")
    (site / "page.html").symlink_to(secret)
    staged = stage_files([OutputFile("index.html", b"home"), OutputFile("page.html", b"same")], site)
    assert staged.changed == {"page.html"}
    publish(staged)
    assert not (site / "page.html").is_symlink() and (site / "page.html").read_bytes() == b"same"
    assert secret.read_bytes() == b"same"


def test_a_publish_that_fails_part_way_puts_the_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    built(site, [OutputFile("a.html", b"a1"), OutputFile("b.html", b"b1"), OutputFile("old/x.html", b"x"),
                 OutputFile("pagefind/i.js", b"i1")])
    before = files(site)
    staged = stage_files([OutputFile("a.html", b"a2"), OutputFile("b.html", b"b2"), OutputFile("n/new.html", b"n")], site)
    (staged.staging / "pagefind").mkdir()
    (staged.staging / "pagefind" / "i.js").write_bytes(b"i2")
    rename, calls = os.rename, []

    def failing(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 5:  # after the stale file, the old index and a.html have moved
            raise OSError(28, "No space left on device")
        rename(source, target)

    monkeypatch.setattr(write.os, "rename", failing)
    with pytest.raises(OSError, match="No space"):
        publish(staged)
    monkeypatch.setattr(write.os, "rename", rename)
    assert files(site) == before
    assert sorted(os.listdir(tmp_path)) == ["site"]
