"""Stages 2–4, per file (2 parse → 3 clean → 4 enrich): cached, and spread over worker processes.

Each file's result depends on nothing but the file, the settings and the code, so results
come from the cache when they can and from a process pool when they must; a file that fails
becomes a :class:`Problem` for that file alone.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cache import ArticleCache, Result
from .config import SiteConfig
from .model import Article, Problem, SourceFile, Stage, StageError

if TYPE_CHECKING:
    from .clean import Rule

PER_FILE_STAGES: tuple[Stage, ...] = ("parse", "clean", "enrich")
PARALLEL_FROM = 8  # fewer files than this are quicker in one process than in a pool


@dataclass
class ArticleRun:
    """What the per-article phase produced, with seconds per stage summed over files and cache counts."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PER_FILE_STAGES, 0.0))
    cache_hits: int = 0
    processed: int = 0


def process(source: SourceFile, config: SiteConfig, rules: tuple[Rule, ...] | None = None) -> tuple[Result, dict[str, float]]:
    """One file through parse, clean and enrich; a failure is that file's Problem, never an exception.
    ``rules`` are the cleaning rules (``None``: the site's, :func:`generator.config.cleaning_rules`,
    read where the work is done: a build with nothing to process never reads them).
    The stages' modules (and their libraries: trafilatura, BeautifulSoup, YAKE, lemminflect) are
    imported on first use, in the process that does the work: a rebuild's main process, which
    loads cached articles meanwhile, never needs them."""
    from .clean import clean
    from .config import cleaning_rules
    from .enrich.stage import enrich
    from .parse import parse

    seconds: dict[str, float] = dict.fromkeys(PER_FILE_STAGES, 0.0)
    stage: Stage = "parse"
    try:
        start = time.perf_counter()
        raw = parse(source)
        seconds["parse"] = time.perf_counter() - start
        stage, start = "clean", time.perf_counter()
        doc = clean(raw, cleaning_rules(config) if rules is None else rules)
        seconds["clean"] = time.perf_counter() - start
        stage, start = "enrich", time.perf_counter()
        article = enrich(doc, config)
        seconds["enrich"] = time.perf_counter() - start
        return article, seconds
    except StageError as exc:
        return Problem(source.rel, stage, str(exc)), seconds
    except RecursionError:
        return Problem(source.rel, stage, "nested too deeply to process"), seconds
    except Exception as exc:  # one bad file, whatever its fault, must never sink the build
        return Problem(source.rel, stage, f"unexpected {type(exc).__name__}: {exc}"), seconds


def _process_packed(job: tuple[SourceFile, SiteConfig, tuple[Rule, ...] | None]) -> tuple[Result, dict[str, float]]:
    return process(*job)


def run_articles(sources: list[SourceFile], config: SiteConfig, rules: tuple[Rule, ...] | None, cache: ArticleCache,
                 jobs: int, progress: Callable[[int], None] = lambda n: None,
                 meanwhile: Callable[[], object] = lambda: None) -> ArticleRun:
    """Results for every file: from the cache, else computed (in ``jobs`` processes) and cached.
    The files the cache lacks start in worker processes before ``meanwhile`` runs and the cached
    results load, so a rebuild that processes a few files does the rest of its work meanwhile
    (at 5,000 articles each half takes about a second: loading the corpus stages' libraries and
    the other files' results, and the first article's language models)."""
    run = ArticleRun()
    held = [cache.has(s) for s in sources]
    todo = [s for s, h in zip(sources, held, strict=True) if not h]
    with _computing(todo, config, rules, jobs, overlap=len(todo) < len(sources)) as results:
        meanwhile()
        late: list[SourceFile] = []  # entries the cache had but could not read
        with _collector_paused():
            for source in (s for s, h in zip(sources, held, strict=True) if h):
                cached = cache.get(source)
                if cached is None:
                    late.append(source)
                else:
                    _collect(run, cached)
                    progress(1)
        run.cache_hits = cache.hits
        _take(run, cache, todo, results, progress)
    if late:
        with _computing(late, config, rules, jobs, overlap=False) as results:
            _take(run, cache, late, results, progress)
    run.articles.sort(key=lambda a: a.source_file)
    run.problems.sort(key=lambda p: (p.file, p.stage))
    return run


def _take(run: ArticleRun, cache: ArticleCache, todo: list[SourceFile],
          results: Iterator[tuple[Result, dict[str, float]]], progress: Callable[[int], None]) -> None:
    """Cache and collect the computed results of ``todo``, in order."""
    for source, (result, seconds) in zip(todo, results, strict=True):
        cache.put(source, result)
        _collect(run, result)
        for stage, value in seconds.items():
            run.seconds[stage] += value
        run.processed += 1
        progress(1)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while cached articles load, and none over them after: they all live
    to the end of the build, so a collection would only walk them. Loading 5,000 with collections
    took twice as long; and once loaded, the first collection walked all that loading made (0.2 s),
    and every later full one again, until they are frozen out of the collector's view."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


@contextmanager
def _computing(todo: list[SourceFile], config: SiteConfig, rules: tuple[Rule, ...] | None, jobs: int,
               overlap: bool) -> Iterator[Iterator[tuple[Result, dict[str, float]]]]:
    """The results of ``todo``, in order. With ``overlap`` (the caller has other work meanwhile)
    and more than one job, even a few files go to a worker process, started now."""
    workers = max(1, min(jobs, len(todo)))
    if not todo or jobs < 2 or (len(todo) < PARALLEL_FROM and not overlap):
        yield (process(s, config, rules) for s in todo)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(32, len(todo) // (workers * 4)))
        yield pool.map(_process_packed, ((s, config, rules) for s in todo), chunksize=chunk)


def _collect(run: ArticleRun, result: Result) -> None:
    if isinstance(result, Article):
        run.articles.append(result)
    else:
        run.problems.append(result)
