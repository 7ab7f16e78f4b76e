"""Content-addressed cache of per-article results in ``.briefing/cache/``.

An article's parse → clean → enrich result is a pure function of its bytes, its path, the
settings that reach those stages and the code (the package and the versions of the libraries
it calls); the key is a hash of all four, so any change to one of them misses the cache and
nothing stale is ever read.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import re
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

from .config import SiteConfig
from .model import Article, Problem, SourceFile

Result = Article | Problem
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.pickle")
ENTRY_SHARD = re.compile(r"[0-9a-f]{2}")


# Libraries whose version can change a per-article result (YAKE's port scores, trafilatura
# extracts, wordfreq and lemminflect judge words, ...).
RESULT_LIBRARIES = ("anyascii", "beautifulsoup4", "ftfy", "lemminflect", "lxml", "lxml_html_clean", "markdown", "nh3",
                    "numpy", "py3langid", "python-frontmatter", "trafilatura", "wordfreq", "yake", "yake-rust")


@cache
def code_version() -> str:
    """A hash of the package's code and data files and of the versions of the libraries the
    per-article stages use: a new version of either invalidates every entry."""
    digest = hashlib.sha256()
    for library in RESULT_LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing\0".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".toml", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def settings_key(config: SiteConfig) -> str:
    """The part of the config the per-article stages read."""
    relevant = (config.language, config.keywords_per_article, config.summary_sentences, config.rules,
                config.disabled_rules)
    return hashlib.sha256(repr(relevant).encode()).hexdigest()


def entry_key(source: SourceFile, settings: str) -> str:
    """The cache key of one file under ``settings``."""
    return hashlib.sha256(f"{code_version()}\0{settings}\0{source.rel}\0{source.sha256}".encode()).hexdigest()


def value_digest(value: object, size: int = 16) -> bytes:
    """A digest of a plain value (nested tuples of strings, bytes, numbers, booleans and
    ``None``) that depends on the values only. A plain pickle also records which equal strings are
    one object (an article read back from the cache shares more of them), so the pickler runs
    without its memo (its ``fast`` mode), which writes every value out in full."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(out.getbuffer(), digest_size=size).digest()


UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError)


def load_pickle(path: Path | str) -> object | None:
    """The object pickled at ``path``, or ``None`` when it is missing or damaged. The garbage
    collector pauses meanwhile: unpickling makes many objects and no garbage, and each collection
    it set off would walk every object of the build (0.4 s for a 5,000-article site's page
    records, read while the site model is in memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            value: object = pickle.load(handle)
            return value
    except UNREADABLE:
        return None
    finally:
        if enabled:
            gc.enable()


def dump_atomic(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` through a temporary file, so a crash never leaves half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


class ArticleCache:
    """Reads and writes per-article results; a folder of ``None`` disables it. It remembers which
    entries this build read or wrote, so that :meth:`prune` can drop the ones no build uses."""

    def __init__(self, folder: Path | None, config: SiteConfig) -> None:
        self.folder = folder
        self._root = None if folder is None else os.fspath(folder)  # entries' paths as strings: thousands a build
        self._keys: dict[tuple[str, str], str] = {}  # each source's entry key, asked by has() then get()
        self.settings = settings_key(config)
        self.hits = 0
        self.used: set[str] = set()  # keys of the entries this build read or wrote

    def get(self, source: SourceFile) -> Result | None:
        """The cached result for ``source``, or ``None`` (a damaged entry counts as a miss)."""
        if self.folder is None:
            return None
        key = self._key(source)
        result = load_pickle(self._file(key))
        if not isinstance(result, (Article, Problem)):
            return None
        self.used.add(key)
        self.hits += 1
        return result

    def has(self, source: SourceFile) -> bool:
        """Whether the cache holds an entry for ``source`` (it may still prove unreadable)."""
        return self.folder is not None and os.path.isfile(self._file(self._key(source)))

    def put(self, source: SourceFile, result: Result) -> None:
        """Store ``result`` atomically (a crash never leaves half an entry)."""
        if self.folder is None:
            return
        key = self._key(source)
        dump_atomic(self._entry(key), result)
        self.used.add(key)

    def prune(self, manifest: Path) -> int:
        """Remove the entries no build uses any more, and return how many went.

        ``manifest`` lists the entries the previous build of the same site used; it is rewritten
        with this build's. An entry it lists that this build did not use (the file changed or
        left, or the code or settings changed) is removed, unless another site's manifest beside
        it lists it. Without a previous manifest every entry that no manifest lists is removed,
        so a cache from before manifests, or after a crash, is swept once. Only a build that
        completed should call this: its ``used`` set is then every entry the site needs."""
        if self.folder is None:
            return 0
        previous = _read_manifest(manifest)
        others: set[str] = set()
        for path in manifest.parent.glob(f"*{manifest.suffix}") if manifest.parent.is_dir() else ():
            if path != manifest:
                others |= _read_manifest(path) or set()
        keep = self.used | others
        stale = (previous - keep) if previous is not None else {key for key in self._stored() if key not in keep}
        for key in stale:
            self._entry(key).unlink(missing_ok=True)
        dump_atomic(manifest, sorted(self.used))
        return len(stale)

    def _stored(self) -> set[str]:
        """The keys of every entry in the cache folder."""
        assert self.folder is not None
        keys: set[str] = set()
        for shard in os.scandir(self.folder):
            if shard.is_dir(follow_symlinks=False) and ENTRY_SHARD.fullmatch(shard.name):
                keys.update(e.name[:-7] for e in os.scandir(shard.path) if ENTRY_NAME.fullmatch(e.name))
        return keys

    def _key(self, source: SourceFile) -> str:
        known = self._keys.get((source.rel, source.sha256))
        if known is None:
            known = self._keys[(source.rel, source.sha256)] = entry_key(source, self.settings)
        return known

    def _file(self, key: str) -> str:
        assert self._root is not None
        return os.path.join(self._root, key[:2], f"{key}.pickle")

    def _entry(self, key: str) -> Path:
        return Path(self._file(key))


def _read_manifest(path: Path) -> set[str] | None:
    """The entry keys a manifest lists, or ``None`` when there is none (or it cannot be read)."""
    keys = load_pickle(path)
    return {k for k in keys if isinstance(k, str)} if isinstance(keys, list) else None
