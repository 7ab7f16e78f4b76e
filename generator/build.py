"""The build, as a numbered pipeline. Read top to bottom, :func:`build` is the whole story.

1 discover → 2 parse → 3 clean → 4 enrich (2–4 per file, cached and parallel:
:mod:`generator.articles`) → 5 group → 6 render → 7 write → 8 search. A failing file becomes
a :class:`Problem` and the build goes on; the files that changed are staged beside the output
and published only when every stage has finished (:mod:`generator.write`). Unchanged files are
left where they are, and an unchanged search index is reused. Stage 8 is planned as soon as
stage 6 has rendered the article pages; a rebuild's few shards are indexed from then on, up to
one run per core at a lower priority, while the rest of stages 6 and 7 go on.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import importlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .added import added_dates
from .background import Background
from .cache import ArticleCache, code_version, dump_atomic, load_pickle
from .clean import Rule
from .config import SiteConfig
from .discover import discover
from .model import BuildError, Problem, SiteModel, SourceFile, Stage
from .pagefind import ENTRY_FILE
from .progress import Progress
from .render import PageReuse, Rendered, Rendering, compiled_folder, page_file, template_folders
from .render.reuse import load_parts, load_records, salt, save_records
from .search import Indexing
from .shards import NEWEST_SHARE, OVERLAY, SearchPage, bundle, plan_shards, read_newest, read_plan, sort_key
from .site_state import earlier_history, hub_history, manifest, pages_record, pair_memo, stamp
from .write import publish, site_files, stage_files

if TYPE_CHECKING:
    from .articles import ArticleRun

__all__ = ["BuildError", "BuildOptions", "BuildResult", "build", "write_report"]


LEFT_TO_EXIT: list[object] = []  # what a build that ends its process leaves to that end (BuildOptions.ends_process)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class BuildOptions:
    """How to build: where the cache lives (``None``: no cache), how many processes, how to report progress."""

    cache: Path | None = None
    jobs: int = field(default_factory=default_jobs)
    progress: Progress | None = None
    ends_process: bool = False  # the process ends with the build: what it made is left to that end


@dataclass(frozen=True)
class BuildResult:
    """What a build published, what it refused and why, how long each stage took, what it reused."""

    published: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    timings: dict[str, float]
    pages_indexed: int
    cache: dict[str, int]

    def report(self) -> dict[str, object]:
        """The ``--report`` JSON."""
        return {
            "published": [{"file": f, "url": u} for f, u in self.published],
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
            "timings": self.timings,
            "pages_indexed": self.pages_indexed,
            "cache": self.cache,
        }


def build(content: Path, output: Path, config: SiteConfig, templates: Path, rules: tuple[Rule, ...] | None = None,
          options: BuildOptions | None = None) -> BuildResult:
    """Build the site for ``content`` into ``output``; raise :class:`BuildError` if it cannot be built.
    ``rules`` are the cleaning rules (``None``: the site's, read only where a file is cleaned)."""
    content, output = content.resolve(), output.resolve()
    _check_folders(content, output, templates)
    output.parent.mkdir(parents=True, exist_ok=True)  # the search index is prepared beside the output
    options = options or BuildOptions(jobs=1)
    progress = options.progress or Progress()
    seconds: dict[str, float] = {}

    # 1 discover: the content files, in a stable order, and when each was added.
    with _stage(progress, seconds, "discover"):
        sources, problems = discover(content, config.max_file_bytes)
        added = added_dates(content, [s.rel for s in sources])
    look = _templates_digest(templates)  # the templates' files, read once for both keys below
    key = _build_key(sources, problems, config, look, output, added)
    unchanged = _previous_result(options.cache, output, key)
    if unchanged is not None:  # same files, settings, templates and code: the site on disk is this build's
        return _nothing_changed(unchanged, seconds, progress)
    # A build with something to do loads the stages' libraries, so that a build with nothing to do
    # takes only as long as stage 1: the per-article ones (trafilatura, YAKE) in the worker processes
    # that need them, the corpus stages' (NumPy, SciPy) here while the workers start on their files.
    from .articles import run_articles

    # The site's files are listed (to find those this build no longer makes) on the other core
    # meanwhile: each page is a folder of its own, so a large site is thousands of folders to read.
    listing = Background(partial(site_files, output)) if output.is_dir() else None
    # 2 parse, 3 clean, 4 enrich: per file, from the cache or in worker processes.
    with progress.stage("articles", total=len(sources)) as advance:
        start = time.perf_counter()
        store = ArticleCache(options.cache, config)
        run = run_articles(sources, config, rules, store, options.jobs, advance,
                           meanwhile=partial(_corpus_libraries, hub_history(options.cache, output)))
        seconds.update(_article_seconds(run, time.perf_counter() - start))
    from .group import group
    from .group.hubs import member_signatures, save_history
    # 5 group: URLs, tags, copies, topic hubs and related articles, with the whole corpus in view.
    with _stage(progress, seconds, "group"), _whole_site("group"), _frozen_heap():
        site = group(run.articles, config, earlier_history(options.cache, output), added,
                     pair_memo(options.cache, output))
    # 6 render: every page, feed and static file, in memory; pages the site holds as they are stay.
    # 8 search begins inside it, once the article pages are rendered (see _render_and_begin_search).
    record = pages_record(options.cache, output)
    reuse = PageReuse(_render_salt(config, look), load_records(record), output, {s.rel: s.sha256 for s in sources},
                      load_parts(record)) if options.cache else None
    pages = search_pages(site)
    starts = plan_shards([p.sort_key for p in pages], read_plan(output), config.search_shard_pages, read_newest(output))
    listed = listing.result() if listing else []  # before Pagefind runs beside the build
    with _stage(progress, seconds, "render"), _whole_site("render"), _frozen_heap():
        rendering = Rendering(site, config, templates, reuse, compiled_folder(options.cache))
        rendered, indexing = _render_and_begin_search(rendering, output, pages, starts, options.jobs)
        outputs = rendered.files
    published = tuple(sorted((p.article.source_file, p.url) for p in site.articles))
    refused = tuple(sorted(problems + run.problems, key=lambda p: (p.file, p.stage)))
    warnings = tuple(Problem(a.source_file, w.stage, w.text) for a in run.articles for w in a.warnings)
    articles_cache = {"articles_from_cache": run.cache_hits, "articles_processed": run.processed}
    saved = (site.hubs, site.hub_redirects, member_signatures(site.hubs, run.articles), dict(published), site.article_redirects)
    _leave_to_exit(options.ends_process and not indexing.waiting, site, run)
    del site, run  # from here on only files and the page list are needed: Pagefind gets the memory back
    staged = None
    try:
        # 7 write: the files that changed, into a staging folder beside the output.
        with _stage(progress, seconds, "write"):
            staged = stage_files(outputs, output, rendered.kept, listed)
            written, total = len(staged.changed), len(outputs) + len(rendered.kept)
            del outputs
            if indexing.waiting:  # Pagefind is yet to run: give it the memory freed
                _return_memory()
        # 8 search, finished: Pagefind over the shards to index (if not begun above), every shard
        # into the staged site; then the staged files are published.
        with _stage(progress, seconds, "search"):
            search = indexing.finish(staged.staging, staged.source, options.jobs)
        publish(staged, search.kept)
        save_history(hub_history(options.cache, output), *saved)  # hubs and article URLs, for the next build
        save_records(record, rendered.keys, output, {p: reuse.previous[p] for p in rendered.kept} if reuse else None,
                     reuse.parts if reuse else None)
    except Exception as exc:
        indexing.close()
        if staged is not None:
            shutil.rmtree(staged.staging, ignore_errors=True)
        raise BuildError(f"the site was not written, {output} is unchanged: {exc}") from exc
    pruned = _prune(store, options.cache, output)
    result = BuildResult(
        published=published, problems=refused, warnings=warnings, timings=seconds, pages_indexed=search.pages,
        cache={**articles_cache, "files_written": written, "files_unchanged": total - written,
               "pages_kept": len(rendered.kept),
               "search_index_reused": int(search.runs == 0), "search_shards": search.shards,
               "search_shards_reused": search.reused, "search_shards_patched": search.patched,
               "search_overlay_pages": search.overlay, "cache_entries_removed": pruned},
    )
    _remember(options.cache, output, key, result)
    progress.summary(result.timings, result.cache)
    return result


def _nothing_changed(unchanged: BuildResult, seconds: dict[str, float], progress: Progress) -> BuildResult:
    """The previous build's result, for a build that found nothing to do."""
    result = replace(unchanged, timings=seconds, cache={**unchanged.cache, "articles_from_cache": len(unchanged.published),
                                                       "articles_processed": 0, "files_written": 0,
                                                       "search_index_reused": 1, "nothing_changed": 1})
    progress.summary(result.timings, result.cache)
    return result


def _corpus_libraries(history: Path | None) -> None:
    """Load the corpus stages' libraries (NumPy, SciPy), and SciPy's clustering when there are no
    hubs of an earlier build (``history``) to start from: a first build clusters every story
    afresh, a rebuild seldom needs it (:func:`generator.group.linkage.dense_average_linkage`)."""
    importlib.import_module(".group.hubs", __package__)
    if history is None or not history.is_file():
        importlib.import_module("scipy.cluster.hierarchy")
        importlib.import_module("scipy.spatial.distance")


def _leave_to_exit(leave: bool, *made: object) -> None:
    """With ``leave`` (the process ends with this build, and no Pagefind run waits for the memory),
    keep ``made`` to the process's end: the system takes it back whole, where freeing a built
    corpus object by object took 0.2 s at 5,000 articles."""
    if leave:
        LEFT_TO_EXIT.append(made)


def _return_memory() -> None:
    """Hand freed memory back to the system before Pagefind runs: glibc keeps a freed heap for
    the process unless asked (``malloc_trim``); elsewhere this only collects cycles."""
    gc.collect()
    with suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _render_and_begin_search(rendering: Rendering, output: Path, pages: list[SearchPage], starts: tuple[str, ...],
                             jobs: int) -> tuple[Rendered, Indexing]:
    """Stage 6, with stage 8 begun inside it: the article pages, then the search plan (which
    shards to index). When they are at most half the shards (a rebuild), Pagefind indexes them,
    up to ``jobs`` runs at once at a lower priority, while this process renders everything else. A
    build that indexes more (a first build) holds every page it rendered in memory meanwhile, so
    only one Pagefind run goes beside the render (with a core to spare), and the others wait until
    the pages are written and that memory is freed; never more than ``jobs`` (at most two) run at
    once. The feeds are made in a process of their own when a core is left over for them: when
    Pagefind has at most as many pages to index as the newest shard may hold (a new article);
    with more (an older article edited or removed, a shard of hundreds of pages), Pagefind is
    what the build waits for, and the feeds stay here."""
    read = _rendered_or_site(rendering.article_pages(), output)
    patch = rendering.config.search_shard_pages // NEWEST_SHARE  # pages patches may hold: as the newest shard may
    indexing = Indexing(output, pages, starts, read, rendering.page_digests(), in_place=True, patch=patch)
    try:
        if 0 < len(indexing.todo) <= max(1, len(indexing.shards) // 2):
            indexing.start(read, max(1, jobs))
        elif indexing.todo and jobs > 1:
            indexing.start(read, 1)
        light = sum(len(members) for _shard, members, _digest in indexing.todo) <= max(1, patch)
        return rendering.rest(indexing.layout, apart=jobs > 1 and light), indexing
    except BaseException:
        indexing.close()
        raise


def _rendered_or_site(rendered: dict[str, bytes], output: Path) -> Callable[[str], Path | bytes]:
    """A site page's bytes as just rendered, or else its file in the site (a page kept as it is)."""
    return lambda path: rendered.get(path) or output / path


def search_pages(site: SiteModel) -> list[SearchPage]:
    """The pages the search index holds: every article page, with its date sort key."""
    return [SearchPage(page_file(p.url), sort_key(p.url, p.listed)) for p in site.articles]


def _build_key(sources: list[SourceFile], problems: list[Problem], config: SiteConfig, templates: bytes,
               output: Path, added: dict[str, datetime]) -> str:
    """Everything a build reads: the files and when they were added, the settings, the templates and the code."""
    digest = hashlib.sha256(f"{code_version()}\0{config!r}\0{output}".encode())
    for source in sources:
        digest.update(f"{source.rel}\0{source.sha256}\0{added.get(source.rel)}\0".encode())
    for problem in problems:
        digest.update(repr(problem).encode())
    digest.update(templates)
    return digest.hexdigest()


def _templates_digest(templates: Path) -> bytes:
    """A digest of every file of the template folders (the project's over the theme's)."""
    digest = hashlib.sha256()
    for folder in template_folders(templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _render_salt(config: SiteConfig, templates: bytes) -> bytes:
    """What every page depends on besides its context: the code, the settings and the templates
    (``templates``: :func:`_templates_digest`)."""
    return salt(code_version(), repr(config), templates)


def _prune(store: ArticleCache, cache: Path | None, output: Path) -> int:
    """Drop the cache entries no site uses any more (best effort: a cache that cannot be tidied
    is still a cache, and the site is already published)."""
    if cache is None:
        return 0
    try:
        return store.prune(manifest(cache, output))
    except OSError:
        return 0


def _previous_result(cache: Path | None, output: Path, key: str) -> BuildResult | None:
    """The last build's result when it had the same key and its site is still there: its home page and
    every bundle of its search index (each shard's, and the overlay's when it had one)."""
    stored = load_pickle(stamp(cache, output)) if cache is not None and (output / "index.html").is_file() else None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], BuildResult)):
        return None
    bundles = [*range(stored[1].cache.get("search_shards", 1))] + [OVERLAY] * bool(stored[1].cache.get("search_overlay_pages"))
    return stored[1] if all((output / bundle(k) / ENTRY_FILE).is_file() for k in bundles) else None


def _remember(cache: Path | None, output: Path, key: str, result: BuildResult) -> None:
    if cache is not None:
        dump_atomic(stamp(cache, output), (key, result))


def _article_seconds(run: ArticleRun, wall: float) -> dict[str, float]:
    """Per-file stage seconds (summed over files and processes) and the phase's wall time."""
    timings = {stage: round(value, 4) for stage, value in run.seconds.items()}
    timings["articles_wall"] = round(wall, 4)
    return timings


@contextmanager
def _stage(progress: Progress, seconds: dict[str, float], name: Stage) -> Iterator[None]:
    start = time.perf_counter()
    with progress.stage(name):
        yield
    seconds[name] = round(time.perf_counter() - start, 4)


@contextmanager
def _whole_site(stage: Stage) -> Iterator[None]:
    """A corpus-level stage failing is the build's failure: say which stage, keep the old site."""
    try:
        yield
    except BuildError:
        raise
    except Exception as exc:
        raise BuildError(f"the {stage} stage failed, the site was not written: {type(exc).__name__}: {exc}") from exc


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the garbage collector off what already exists (the articles, the site model) while a
    corpus stage makes millions of short-lived objects: each collection then walks only those.
    What the stage leaves (the site model, the rendered pages) is frozen with the rest when it
    ends, not handed back: a full collection after the group stage walked every object of
    10,000 articles (0.7 s) to find nothing, as those objects live to the end of the build and
    are freed by their reference counts, not by the collector."""
    gc.freeze()
    try:
        yield
    finally:
        gc.freeze()


def _check_folders(content: Path, output: Path, templates: Path) -> None:
    if not content.is_dir():
        raise BuildError(f"content folder {content} does not exist")
    if output == content or content.is_relative_to(output) or output.is_relative_to(content):
        raise BuildError(f"output folder {output} must not contain or sit inside the content folder {content}")
    if (output / "pyproject.toml").exists() or (output / ".git").exists():
        raise BuildError(f"output folder {output} looks like a project folder; refusing to replace it")


def write_report(result: BuildResult, path: Path) -> None:
    """Write the ``--report`` JSON file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.report(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
