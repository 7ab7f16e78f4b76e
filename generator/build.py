"""The build, as a numbered pipeline. Read top to bottom, :func:`build` is the whole story.

1 discover → 2 parse → 3 clean → 4 enrich → 5 group → 6 render → 7 write → 8 search.
Per-file stages turn a failing file into a :class:`Problem` and go on; the site is built in
a folder beside the output and swapped in only when every stage has finished.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .clean import Rule, clean
from .config import SiteConfig, cleaning_rules
from .discover import discover
from .enrich import enrich
from .group import group
from .model import OutputFile, Problem, StageError
from .parse import parse
from .render import render
from .search import index_or_reuse

In = TypeVar("In")
Out = TypeVar("Out")
STAGES = ("discover", "parse", "clean", "enrich", "group", "render", "write", "search")


class BuildError(Exception):
    """The site as a whole could not be built (not one file's fault); the old site is left as it was."""


@dataclass
class Timings:
    """Seconds spent in each stage, in pipeline order."""

    seconds: dict[str, float] = field(default_factory=dict)
    log: Callable[[str], None] = lambda line: None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage and log a numbered line when it ends."""
        start = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - start, 4)
        self.log(f"[{STAGES.index(name) + 1}/{len(STAGES)}] {name:<8} {self.seconds[name]:8.3f}s")


@dataclass(frozen=True)
class BuildResult:
    """What a build published, what it refused and why, and how long each stage took."""

    published: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    timings: dict[str, float]
    pages_indexed: int

    def report(self) -> dict[str, object]:
        """The ``--report`` JSON."""
        return {
            "published": [{"file": f, "url": u} for f, u in self.published],
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
            "timings": self.timings,
            "pages_indexed": self.pages_indexed,
        }


def build(content: Path, output: Path, config: SiteConfig, templates: Path,
          rules: tuple[Rule, ...] | None = None, log: Callable[[str], None] = lambda line: None) -> BuildResult:
    """Build the site for ``content`` into ``output``; raise :class:`BuildError` if it cannot be built."""
    content, output = content.resolve(), output.resolve()
    _check_folders(content, output, templates)
    rules = cleaning_rules(config) if rules is None else rules
    timer = Timings(log=log)
    problems: list[Problem] = []
    with timer.stage("discover"):
        sources, found_problems = discover(content, config.max_file_bytes)
        problems.extend(found_problems)
    with timer.stage("parse"):
        raws = per_file(sources, parse, "parse", lambda s: s.rel, problems)
    with timer.stage("clean"):
        docs = per_file(raws, lambda r: clean(r, rules), "clean", lambda r: r.source.rel, problems)
    with timer.stage("enrich"):
        articles = per_file(docs, lambda d: enrich(d, config), "enrich", lambda d: d.source.rel, problems)
    with timer.stage("group"), _whole_site("group"):
        site = group(articles, config)
    with timer.stage("render"), _whole_site("render"):
        outputs = render(site, config, templates)
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    try:
        with timer.stage("write"):
            write_files(outputs, staging)
        with timer.stage("search"):
            pages, _reused = index_or_reuse(staging, output)
        _swap(staging, output)
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"the site was not written, {output} is unchanged: {exc}") from exc
    warnings = [Problem(a.source_file, "parse", w) for a in articles for w in a.warnings]
    return BuildResult(
        published=tuple((p.article.source_file, p.url) for p in sorted(site.articles, key=lambda p: p.article.source_file)),
        problems=tuple(sorted(problems, key=lambda p: (p.file, p.stage))),
        warnings=tuple(warnings),
        timings=timer.seconds,
        pages_indexed=pages,
    )


@contextmanager
def _whole_site(stage: str) -> Iterator[None]:
    """A corpus-level stage failing is the build's failure: say which stage, keep the old site."""
    try:
        yield
    except BuildError:
        raise
    except Exception as exc:
        raise BuildError(f"the {stage} stage failed, the site was not written: {type(exc).__name__}: {exc}") from exc


def per_file(items: list[In], step: Callable[[In], Out], stage: str, name: Callable[[In], str],
             problems: list[Problem]) -> list[Out]:
    """Run ``step`` on every item; a failure becomes a Problem for that file and the rest go on."""
    done: list[Out] = []
    for item in items:
        try:
            done.append(step(item))
        except StageError as exc:
            problems.append(Problem(name(item), stage, str(exc)))
        except RecursionError:
            problems.append(Problem(name(item), stage, "nested too deeply to process"))
        except Exception as exc:  # one bad file must never sink the build
            problems.append(Problem(name(item), stage, f"unexpected {type(exc).__name__}: {exc}"))
    return done


def write_files(outputs: list[OutputFile], folder: Path) -> None:
    """Write every output file under ``folder``, refusing any path that would leave it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    root = folder.resolve()
    for out in outputs:
        target = (root / out.path).resolve()
        if root not in target.parents:
            raise BuildError(f"refusing to write outside the site: {out.path!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out.content)


def _swap(staging: Path, output: Path) -> None:
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def _check_folders(content: Path, output: Path, templates: Path) -> None:
    if not content.is_dir():
        raise BuildError(f"content folder {content} does not exist")
    if not templates.is_dir():
        raise BuildError(f"templates folder {templates} does not exist")
    if output == content or content.is_relative_to(output) or output.is_relative_to(content):
        raise BuildError(f"output folder {output} must not contain or sit inside the content folder {content}")
    if (output / "pyproject.toml").exists() or (output / ".git").exists():
        raise BuildError(f"output folder {output} looks like a project folder; refusing to replace it")


def write_report(result: BuildResult, path: Path) -> None:
    """Write the ``--report`` JSON file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.report(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def stderr_log(line: str) -> None:
    """Log a progress line to standard error."""
    print(line, file=sys.stderr, flush=True)
