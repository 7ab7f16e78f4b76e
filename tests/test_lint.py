"""The code checks itself: ruff (the rules pyproject.toml selects) finds nothing in the project,
and mypy in strict mode finds nothing in the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing() -> None:
    pytest.importorskip("ruff", reason="the test extras are needed: pip install -e '.[test]'")
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]


def test_mypy_strict_finds_nothing(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="the test extras are needed: pip install -e '.[test]'")
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-1000:]


MAX_MODULE_LINES = 400
MAX_COMPLEXITY = 20


def test_modules_stay_small() -> None:
    """Every module of the package under ``MAX_MODULE_LINES`` lines."""
    sizes = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in (ROOT / "generator").rglob("*.py")}
    assert sizes and {p: n for p, n in sizes.items() if n >= MAX_MODULE_LINES} == {}


def test_no_function_is_too_complex() -> None:
    """No function or method of the package over cyclomatic complexity ``MAX_COMPLEXITY`` (radon's measure)."""
    visitors = pytest.importorskip("radon.visitors", reason="the test extras are needed: pip install -e '.[test]'")
    scores: dict[str, int] = {}
    for path in (ROOT / "generator").rglob("*.py"):
        visitor = visitors.ComplexityVisitor.from_code(path.read_text(encoding="utf-8"))
        todo = [*visitor.functions, *(m for c in visitor.classes for m in c.methods)]
        while todo:
            block = todo.pop()
            scores[f"{path.relative_to(ROOT).as_posix()}:{block.lineno}:{block.name}"] = block.complexity
            todo.extend(block.closures)
    assert len(scores) > 100 and {name: c for name, c in scores.items() if c > MAX_COMPLEXITY} == {}
