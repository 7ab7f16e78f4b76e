"""Progress while the site builds: a rich progress bar on a terminal, plain lines in CI, or silence.

Every reporter shows the stage that is running and, at the end, the time each stage took and
what the build reused.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Advance = Callable[[int], None]
# Each step the build announces, with the pipeline's stage numbers (the articles step is stages 2-4).
STEPS = {"discover": "1/8", "articles": "2-4/8", "group": "5/8", "render": "6/8", "write": "7/8", "search": "8/8"}


class Progress:
    """The silent reporter (library use, tests); the others override its three methods."""

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Run a stage; the yielded function advances it by a number of items."""
        yield lambda n: None

    def summary(self, timings: dict[str, float], cache: dict[str, int]) -> None:
        """Report the time per stage and what was reused."""


class PlainProgress(Progress):
    """One line per stage and a closing table, for logs without a terminal (CI)."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Announce the stage, run it."""
        print(f"[{STEPS[name]}] {name}" + (f" ({total} files)" if total else ""),
              file=self.stream, flush=True)
        yield lambda n: None

    def summary(self, timings: dict[str, float], cache: dict[str, int]) -> None:
        """Print seconds per stage and the cache counts."""
        for name, seconds in timings.items():
            print(f"  {name:<14}{seconds:9.3f}s", file=self.stream)
        print("  " + ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in cache.items()), file=self.stream, flush=True)


class RichProgress(Progress):
    """A live progress bar with the current stage, then a table (on a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as Bar

        self.console = Console(stderr=True)
        self.bar = Bar(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=self.console, transient=True)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Show the stage with a bar (for counted stages) while it runs."""
        with self.bar:
            task = self.bar.add_task(f"{STEPS[name]} {name}", total=total or 1)
            yield lambda n: self.bar.advance(task, n)
            self.bar.update(task, completed=total or 1)

    def summary(self, timings: dict[str, float], cache: dict[str, int]) -> None:
        """A table of seconds per stage and the cache counts."""
        from rich.table import Table

        table = Table(title="Build", show_header=True)
        table.add_column("stage")
        table.add_column("seconds", justify="right")
        for name, seconds in timings.items():
            table.add_row(name, f"{seconds:.3f}")
        for key, value in cache.items():
            table.add_row(key.replace("_", " "), str(value))
        self.console.print(table)


def for_terminal(stream: TextIO = sys.stderr) -> Progress:
    """Rich on an interactive terminal (outside CI), plain lines otherwise."""
    if stream.isatty() and not os.environ.get("CI"):
        return RichProgress()
    return PlainProgress(stream)
