"""A shard indexed again starts from its last bundle: Pagefind writes only what changed, and the
files of the last bundle the new index does not name are removed."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

import generator.pagefind as pagefind_module
from generator.pagefind import PagefindRun, indexed_part

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<article data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>
<span hidden data-pagefind-filter="tag">{tag}</span><p>{text}</p></article></body></html>"""


def pages(changed_text: str = "", changed_tag: str = "") -> dict[str, bytes]:
    """Twelve article pages; page 0's text and page 1's tag filter as given (or as at first)."""
    out = {}
    for i in range(12):
        text = f"The harbour at port {i} reopened after the storm, and ferry {i} sailed at noon."
        tag = f"port {i}"
        if i == 0 and changed_text:
            text = changed_text
        if i == 1 and changed_tag:
            tag = changed_tag
        out[f"articles/a{i}/index.html"] = PAGE.format(title=f"Port {i} reopens", tag=tag, text=text).encode()
    return out


def index(site: dict[str, bytes], target: Path, reuse: Path | None = None) -> int:
    """Index ``site`` into ``target`` (from the bundle ``reuse``, when given); the page count."""
    return PagefindRun(site.__getitem__, list(site), target, readable=indexed_part, reuse=reuse).wait()


def files(bundle: Path, part: str) -> dict[str, bytes]:
    """The files of one folder of a bundle, by name, uncompressed."""
    return {f.name: gzip.decompress(f.read_bytes()) for f in (bundle / part).iterdir()}


def test_a_bundle_indexed_again_from_the_last_is_the_one_a_fresh_run_makes(tmp_path: Path) -> None:
    """One page's words and another's tag filter change. Indexed again from the last bundle, the
    shard has exactly the fragments and word chunks of a fresh run (the unchanged ones are the
    last bundle's files, linked, not written again; the last bundle's others are gone) and as
    many filter chunks (Pagefind names those anew on every run)."""
    first, again, fresh = tmp_path / "first", tmp_path / "again", tmp_path / "fresh"
    assert index(pages(), first) == 12
    changed = pages("A new pier opened at port 0, and the ferry company added evening crossings.", "new pier")
    assert index(changed, again, reuse=first) == 12
    assert index(changed, fresh) == 12
    for part in ("fragment", "index"):
        assert files(again, part) == files(fresh, part), part
    assert len(files(again, "filter")) == len(files(fresh, "filter"))
    last = {f.name: f.stat().st_ino for f in (first / "fragment").iterdir()}
    kept = [f for f in (again / "fragment").iterdir() if last.get(f.name) == f.stat().st_ino]
    assert len(kept) == 10  # the ten unchanged pages: linked from the last bundle
    assert set(files(first, "fragment")) - set(files(again, "fragment"))  # the two changed pages' old fragments: gone
    assert any(b"pier" in chunk for chunk in files(again, "index").values())


def test_nothing_is_linked_from_a_bundle_of_another_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle written by another version of Pagefind may hold the same contents written
    otherwise: a run does not start from it."""
    first, again = tmp_path / "first", tmp_path / "again"
    index(pages(), first)
    entry = first / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"version":"', '"version":"0.'), encoding="utf-8")
    run = PagefindRun(pages().__getitem__, list(pages()), again, readable=indexed_part, reuse=first)
    assert run.linked == []
    assert run.wait() == 12
    inodes = {f.stat().st_ino for f in (first / "fragment").iterdir()}
    assert not any(f.stat().st_ino in inodes for f in (again / "fragment").iterdir())
    monkeypatch.setattr(pagefind_module, "_installed_version", lambda: None)  # no package to ask: no reuse
    assert pagefind_module.link_unchanged(again, tmp_path / "third") == []
    (again / "pagefind-entry.json").unlink()  # a bundle that does not say its version, with nothing to ask either
    assert pagefind_module.link_unchanged(again, tmp_path / "fourth") == []


def test_linked_files_stay_when_the_new_index_cannot_be_read(tmp_path: Path) -> None:
    """Removing a linked file needs the new index's word of what it names; without it the
    links stay (files unused at worst, never one missing)."""
    first = tmp_path / "first"
    index(pages(), first)
    target = tmp_path / "target"
    linked = pagefind_module.link_unchanged(first, target)
    assert linked and all(os.path.samefile(p, first / p.parent.name / p.name) for p in linked)
    pagefind_module.unnamed(target, linked, {})  # no entry file: nothing can be read
    assert all(p.exists() for p in linked)
