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


SEARCH_BEFORE = {"pagefind/pagefind.js": b"root", "pagefind/record.txt": b"root record",
                 "pagefind/shard-1/entry.json": b"one", "pagefind/shard-1/record.txt": b"one record",
                 "pagefind/shard-2/entry.json": b"two", "pagefind/shard-3/entry.json": b"three"}


def _stage_search(staged: write.Staged, staged_files: dict[str, bytes]) -> None:
    for rel, data in staged_files.items():
        (staged.staging / rel).parent.mkdir(parents=True, exist_ok=True)
        (staged.staging / rel).write_bytes(data)


@pytest.mark.parametrize("kept", [{"pagefind/shard-1"}, {"pagefind", "pagefind/shard-1"}])
def test_a_search_bundle_the_site_keeps_stays_where_it_is_and_takes_its_new_record(tmp_path: Path, kept: set[str]) -> None:
    """Shard 1 is kept (with the root bundle, or not), shard 2 indexed again, shard 3 gone: the
    kept bundle's files are the site's own (never copied or moved), but for its staged record."""
    site = tmp_path / "site"
    built(site, [OutputFile("index.html", b"home"), *(OutputFile(rel, data) for rel, data in SEARCH_BEFORE.items())])
    inode = (site / "pagefind/shard-1/entry.json").stat().st_ino
    root_inode = (site / "pagefind/pagefind.js").stat().st_ino
    staged = stage_files([OutputFile("index.html", b"home")], site)
    root = {"pagefind/record.txt": b"root record 2"} if "pagefind" in kept else {"pagefind/pagefind.js": b"root 2",
                                                                                 "pagefind/record.txt": b"root record 2"}
    _stage_search(staged, {**root, "pagefind/shard-1/record.txt": b"one record 2", "pagefind/shard-2/entry.json": b"two 2"})
    publish(staged, kept)
    assert files(site) == {"index.html": b"home", "pagefind/pagefind.js": b"root" if "pagefind" in kept else b"root 2",
                           "pagefind/record.txt": b"root record 2", "pagefind/shard-1/entry.json": b"one",
                           "pagefind/shard-1/record.txt": b"one record 2", "pagefind/shard-2/entry.json": b"two 2"}
    assert (site / "pagefind/shard-1/entry.json").stat().st_ino == inode
    assert ((site / "pagefind/pagefind.js").stat().st_ino == root_inode) == ("pagefind" in kept)
    assert sorted(os.listdir(tmp_path)) == ["site"]


@pytest.mark.parametrize("failing_call", [1, 3, 6])
def test_a_publish_keeping_search_bundles_that_fails_part_way_puts_the_site_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int) -> None:
    site = tmp_path / "site"
    built(site, [OutputFile("a.html", b"a1"), *(OutputFile(rel, data) for rel, data in SEARCH_BEFORE.items())])
    before = files(site)
    staged = stage_files([OutputFile("a.html", b"a2")], site)
    _stage_search(staged, {"pagefind/record.txt": b"2", "pagefind/shard-1/record.txt": b"2", "pagefind/shard-2/entry.json": b"2"})
    rename, calls = os.rename, []

    def failing(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        rename(source, target)

    monkeypatch.setattr(write.os, "rename", failing)
    with pytest.raises(OSError, match="No space"):
        publish(staged, {"pagefind", "pagefind/shard-1"})
    monkeypatch.setattr(write.os, "rename", rename)
    assert files(site) == before
    assert sorted(os.listdir(tmp_path)) == ["site"]
