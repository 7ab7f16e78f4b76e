"""Rebuild times of this checkout against another commit's, measured in pairs.

Usage: python benchmarks/rebuild_pair.py BASE [--size 5000] [--rounds 3] [--source DIR] [--work DIR]

A rebuild at 5,000 articles takes about 3 s and drifts by a few tenths over minutes on a shared
machine, so a change worth a tenth of a second shows only when the two codes build in turn.
This script exports commit ``BASE`` (``git archive``) beside this checkout's working tree, writes
the benchmark corpus (:mod:`benchmarks.corpus`) into one project folder for each, builds both cold,
then, for each round and each code in turn: adds a sentence to one article's body and puts it
back, removes another article and puts it back, and adds the corpus's next article and removes
it (six rebuilds, each a fresh ``python -m generator`` process with its code first on the path).
It prints each rebuild's mean for both codes, the difference, and in how many pairs this
checkout was the faster; then the same over every pair.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.build import edited
from benchmarks.corpus import Source, file_name, load, write, write_article

STEPS = ("change", "change back", "remove", "remove back", "add", "add back")
EDITED, REMOVED = 2, 8  # the articles changed and removed (of the corpus's dated formats' turn)


def export(ref: str, into: Path) -> Path:
    """The files of commit ``ref`` (the package, its templates and data) written into ``into``."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref], capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def build_seconds(code: Path, project: Path) -> float:
    """Wall seconds of one build of ``project`` with the package at ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--content", "ours",
               "--output", "site"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the build of {project} with {code} failed:\n{done.stderr[-2000:]}")
    return seconds


def one_round(code: Path, project: Path, sources: list[Source], added: int) -> list[float]:
    """The six rebuilds of a round (:data:`STEPS`), the project left as it was."""
    content = project / "ours"
    changed, removed = content / file_name(EDITED), content / file_name(REMOVED)
    text, gone = changed.read_bytes(), removed.read_bytes()
    times = (changed.stat().st_mtime, removed.stat().st_mtime)
    seconds = []
    changed.write_text(edited(text.decode("utf-8")), encoding="utf-8")
    seconds.append(build_seconds(code, project))
    changed.write_bytes(text)
    os.utime(changed, (times[0], times[0]))
    seconds.append(build_seconds(code, project))
    removed.unlink()
    seconds.append(build_seconds(code, project))
    removed.write_bytes(gone)
    os.utime(removed, (times[1], times[1]))
    seconds.append(build_seconds(code, project))
    new = write_article(sources, content, added)
    seconds.append(build_seconds(code, project))
    new.unlink()
    seconds.append(build_seconds(code, project))
    return seconds


def report(base: list[list[float]], ours: list[list[float]]) -> None:
    """Print each step's means, their difference and the pairs this checkout won."""
    print(f"{'rebuild':14s} {'base':>7s} {'this':>7s} {'diff':>7s}  this faster")
    columns = [*zip(*base, strict=True)], [*zip(*ours, strict=True)]
    for step, old, new in zip(STEPS, *columns, strict=True):
        wins = sum(n < o for o, n in zip(old, new, strict=True))
        print(f"{step:14s} {statistics.mean(old):7.2f} {statistics.mean(new):7.2f} "
              f"{statistics.mean(new) - statistics.mean(old):+7.3f}  {wins}/{len(old)}")
    old_all, new_all = [s for r in base for s in r], [s for r in ours for s in r]
    wins = sum(n < o for o, n in zip(old_all, new_all, strict=True))
    print(f"{'every rebuild':14s} {statistics.mean(old_all):7.2f} {statistics.mean(new_all):7.2f} "
          f"{statistics.mean(new_all) - statistics.mean(old_all):+7.3f}  {wins}/{len(old_all)}")


def main() -> int:
    """Export the base, write both projects, build them cold, run the rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the commit to compare with (anything git names: a hash, HEAD~1, a branch)")
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "eval" / "summaries-dev" / "articles")
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-pair"))
    args = parser.parse_args()
    codes = {"base": export(args.base, args.work / "base-code"), "this": ROOT}
    projects = {name: args.work / f"{name}-site" for name in codes}
    for project in projects.values():
        shutil.rmtree(project, ignore_errors=True)
        write(args.source, project / "ours", args.size)
    for name, project in projects.items():
        print(f"{name}: cold build {build_seconds(codes[name], project):.1f} s", flush=True)
    sources = load(args.source)
    rounds: dict[str, list[list[float]]] = {name: [] for name in codes}
    for turn in range(args.rounds):
        for name, project in projects.items():
            rounds[name].append(one_round(codes[name], project, sources, args.size + turn))
            print(f"round {turn + 1} {name}: " + " ".join(f"{s:.2f}" for s in rounds[name][-1]), flush=True)
    report(rounds["base"], rounds["this"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
