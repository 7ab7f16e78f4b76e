"""Page reuse: a page whose template would see what it saw last build is not rendered again.

Templates see view models only (and the site view and the page's head metadata), so a page's
bytes are a function of its template, that context and the templates, settings and code. A
page's key is a digest of its template name and context; the digest of the templates, the
settings and the code (the *salt*) goes into every key. The previous build's keys are kept
in the cache with the size, modification time and content digest of each page as published:
when a page's key is the same and its file in the site is still the one published (same size,
and same time or same bytes), the file stands and the page is neither rendered nor compared.
Any other page is rendered, and stage 7 writes it if its bytes differ. A value whose ``repr``
names no value (an object at an address) gives a new key every build: such a page is always
rendered.

A view listed on many pages (an article's card, a tag's or a hub's page view) is digested once
per build.

Most outputs are keyed by what they are made from instead, so that an unchanged one costs
neither its view nor a digest of it: an article is fixed by its content file's bytes (the
article cache keys it so, under the same code and settings), so a page that shows articles is
keyed by their files and the few other values it reads (:mod:`generator.render.inputs`), and
each ``feed.json`` item by its article's file and its placement, the item lines of the last
published feed being copied when their keys recur.
"""

from __future__ import annotations

import copy
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

from ..cache import dump_atomic, load_pickle, value_digest
from . import hub_views, views

SHARED: tuple[type, ...] = (views.ArticleCard, views.TagPage, hub_views.HubPage, hub_views.HomePage, views.ListingPage)
LEAVES = (str, int, float, bool, bytes, type(None))
DIGEST_BYTES = 16


PageRecord = tuple[bytes, int, int, bytes]  # a published page: its key, its file's size, modification time (ns) and digest


class Digests:
    """Template contexts as plain nested tuples: view models (frozen dataclasses) by type and
    fields, tuples, lists and mappings by their items, plain values as themselves; a shared
    view as the digest of its tuple, made once."""

    def __init__(self) -> None:
        self._shared: dict[int, tuple[object, bytes]] = {}  # id → (the view, kept alive; its digest)
        self._fields: dict[type, tuple[str, ...] | None] = {}

    def of(self, value: object) -> object:
        """``value`` as a plain picklable value that differs whenever ``value`` does."""
        kind = type(value)
        if kind in LEAVES:
            return value
        if kind in SHARED:
            made = self._shared.get(id(value))
            if made is None:
                made = self._shared[id(value)] = (value, digest(self._plain(kind, value)))
            return made[1]
        return self._plain(kind, value)

    def _plain(self, kind: type, value: object) -> tuple[object, ...]:
        names = self._fields.get(kind, ())
        if names == ():
            names = self._fields[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
        if names is not None:
            return (kind.__qualname__, *(self.of(getattr(value, n)) for n in names))
        if isinstance(value, (tuple, list)):
            return (kind.__name__, *(self.of(v) for v in value))
        if isinstance(value, Mapping):
            return ("mapping", *((self.of(k), self.of(v)) for k, v in value.items()))
        return (kind.__qualname__, repr(value))


def digest(value: object) -> bytes:
    """A short digest of a plain value (:func:`generator.cache.value_digest`)."""
    return value_digest(value, DIGEST_BYTES)


class PageReuse:
    """Page by page, the key of what would be rendered and whether the site's file already is it;
    for a file made of parts (``feed.json``'s items), the key of each part."""

    def __init__(self, salt: bytes, previous: Mapping[str, PageRecord], site: Path,
                 sources: Mapping[str, str] | None = None, previous_parts: Mapping[str, tuple[bytes, ...]] | None = None) -> None:
        self.salt, self.previous = salt, previous
        self.site = os.fspath(site)  # a string: a page's file is looked at for every page of the site
        # Each content file as a short digest of its path and its bytes' digest: with the salt, it fixes the article.
        self.sources = {rel: hashlib.blake2b(f"{rel}\0{sha}".encode(), digest_size=DIGEST_BYTES).digest()
                        for rel, sha in (sources or {}).items()}
        self.previous_parts = previous_parts or {}  # the part keys of each such file as last published
        self.digests = Digests()
        self.kept: list[str] = []  # pages the site already holds as this build would make them
        self.made: dict[str, tuple[bytes, bytes]] = {}  # every page of this build: its key and content digest
        self.parts: dict[str, tuple[bytes, ...]] = {}  # this build's part keys, per file

    def apart(self) -> PageReuse:
        """A copy that looks up the same previous build but records into records of its own,
        for a part of the stage made elsewhere (another process); :meth:`take` adds them here."""
        other = copy.copy(self)
        other.kept, other.made, other.parts = [], {}, {}
        return other

    def take(self, kept: list[str], made: Mapping[str, tuple[bytes, bytes]], parts: Mapping[str, tuple[bytes, ...]]) -> None:
        """Add what a copy made by :meth:`apart` recorded (its ``kept``, ``made`` and ``parts``)."""
        self.kept.extend(kept)
        self.made.update(made)
        self.parts.update(parts)

    def key(self, template: str, context: Mapping[str, object]) -> bytes:
        """The key of ``template`` rendered with ``context``."""
        return digest((self.salt, template, *((name, self.digests.of(context[name])) for name in sorted(context))))

    def made_from_key(self, template: str, sources: tuple[str, ...], inputs: object) -> bytes:
        """The key of a page made from ``template``, the articles of content files ``sources``
        and the plain value ``inputs``, which together fix everything it shows: a page keyed so
        (:meth:`keyed`) has its view built only when they changed."""
        return self.sources_key(sources, (template, inputs))

    def parts_key(self, template: str, keys: tuple[bytes, ...], inputs: object) -> bytes:
        """The key of what ``template`` makes from parts whose own keys are ``keys`` (each a
        :meth:`sources_key`) and the plain value ``inputs``."""
        return digest((self.salt, template, keys, inputs))

    def keyed(self, path: str, key: bytes, make: Callable[[], bytes]) -> bytes | None:
        """The bytes ``make`` renders for the page at ``path`` with this ``key``; or ``None`` when
        the site's file already is the page published with that key, which then stays."""
        if self.unchanged(path, key):
            self.kept.append(path)
            self.made[path] = (key, self.previous[path][3])
            return None
        data = make()
        self.made[path] = (key, content_digest(data))
        return data

    def sources_key(self, sources: tuple[str, ...], inputs: object) -> bytes:
        """The key of what is made from the articles of content files ``sources`` (each fixed by
        the file's bytes, with the code and settings in the salt) and the plain value ``inputs``;
        a new key each build when a file's digest is not known."""
        known = tuple(map(self.sources.get, sources))
        if None in known:
            return os.urandom(DIGEST_BYTES)
        return digest((self.salt, known, inputs))

    def record(self, path: str, data: bytes) -> None:
        """Record ``path``, a file made of parts that is made every build, as published with ``data``."""
        self.made[path] = (b"", content_digest(data))

    def published_bytes(self, path: str) -> bytes | None:
        """The site's file ``path``, when it is the file last published there."""
        record = self.previous.get(path)
        if record is None or not self.unchanged(path, record[0]):
            return None
        try:
            with open(os.path.join(self.site, path), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def unchanged(self, path: str, key: bytes) -> bool:
        """Whether the site's file ``path`` is the page last published with this ``key``: its size
        and modification time are those recorded, or (a site restored from a deploy cache gets new
        times) its bytes have the recorded digest."""
        record = self.previous.get(path)
        if record is None or record[0] != key:
            return False
        target = os.path.join(self.site, path)
        try:
            info = os.lstat(target)
            if not stat.S_ISREG(info.st_mode) or info.st_size != record[1]:
                return False
            if info.st_mtime_ns == record[2]:
                return True
            with open(target, "rb") as handle:
                return content_digest(handle.read()) == record[3]
        except OSError:
            return False


def content_digest(data: bytes) -> bytes:
    """A short digest of a file's bytes."""
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).digest()


def salt(*parts: bytes | str) -> bytes:
    """The digest every key starts from: of the templates, the settings and the code."""
    out = hashlib.blake2b(digest_size=DIGEST_BYTES)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        out.update(len(data).to_bytes(8, "little") + data)
    return out.digest()


def load_records(path: Path | None) -> dict[str, PageRecord]:
    """The pages the previous build published, or none when there is no readable record."""
    stored = load_pickle(path) if path is not None else None
    if not isinstance(stored, dict):
        return {}
    return {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, tuple) and len(v) == 4}


def load_parts(path: Path | None) -> dict[str, tuple[bytes, ...]]:
    """The part keys of the files the previous build published in parts (:func:`save_records`)."""
    stored = load_pickle(_parts_file(path)) if path is not None else None
    if not isinstance(stored, dict):
        return {}
    return {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, tuple)}


def save_records(path: Path | None, keys: Mapping[str, tuple[bytes, bytes]], site: Path,
                 kept: Mapping[str, PageRecord] | None = None, parts: Mapping[str, tuple[bytes, ...]] | None = None) -> None:
    """Remember each page's key and content digest (``keys``) with its published file's size and
    modification time, and the part keys of files made of parts (``parts``). ``kept`` are the
    records of pages this build kept, whose files it did not touch: they stand as they are,
    without looking at the files again."""
    if path is None:
        return
    dump_atomic(path, dict(_published(keys, site, kept or {})))
    dump_atomic(_parts_file(path), dict(parts or {}))


def _parts_file(records: Path) -> Path:
    return records.with_name(f"{records.stem}-parts{records.suffix}")


def _published(keys: Mapping[str, tuple[bytes, bytes]], site: Path,
               kept: Mapping[str, PageRecord]) -> Iterable[tuple[str, PageRecord]]:
    for page, (key, content) in keys.items():
        record = kept.get(page)
        if record is not None and record[0] == key and record[3] == content:
            yield page, record
            continue
        try:
            info = os.lstat(site / page)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            yield page, (key, info.st_size, info.st_mtime_ns, content)
