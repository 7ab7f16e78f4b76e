"""Build time and memory, ours beside Pelican's, on generated corpora of 1,000 and 5,000 articles.

Usage: python benchmarks/build.py SOURCE_DIR [--sizes 1000 5000] [--pelican-venv DIR] [--work DIR] [--plain]

For each size: write the corpus (benchmarks/corpus.py) in the seed formats; then time, each in
a fresh process, a cold build (no cache, no site), a rebuild with nothing changed, and a
rebuild after adding one article (search index included). Then the same three runs with Pelican
on the same articles written as Pelican markdown. Pelican is given the tags and outlet our build
found (as Tags and Category), and its settings write the pages our site has: article, tag and
outlet pages with their Atom feeds, and monthly archives. ``--plain`` gives Pelican title, date
and body only, so it writes article pages and the archive and no tag or outlet pages. Pelican is
installed in its own virtual environment (``--pelican-venv``, created when missing); it is not a
dependency of the project. Prints seconds, peak memory (max RSS of the build process and its
workers) and our/Pelican ratios.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import (
    derived_metadata,
    load,
    pelican_twins,
    write,
    write_article,
)

PELICAN_CONF = """AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category-{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{{slug}}.atom.xml"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGINATION_PATTERNS = ((1, "{{url}}", "{{save_as}}"),
                       (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"))
DEFAULT_PAGINATION = 10
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "{cache}"
"""
# Run a command and print the peak RSS (KiB) of it and everything it waited for.
MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
           "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
           "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '')")


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one command."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    code, rss = done.stdout.split()
    if code != "0":
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    return seconds, int(rss) / 1024


def ensure_pelican(venv: Path) -> Path:
    """The pelican executable of the benchmark's own environment."""
    exe = venv / "bin" / "pelican"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "pelican", "markdown"], check=True)
    return exe


def run_size(n: int, source: Path, work: Path, pelican: Path, plain: bool) -> dict[str, tuple[float, float]]:
    """Cold, no-change and one-added timings for both generators at corpus size ``n``."""
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    ours_content, theirs_content = base / "ours", base / "pelican"
    write(source, ours_content, n)
    (base / "pelicanconf.py").write_text(PELICAN_CONF.format(cache=base / "pelican-cache"), encoding="utf-8")
    ours = [sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--content", str(ours_content),
            "--output", str(base / "site")]
    cache = ROOT / ".briefing"
    theirs = [str(pelican), str(theirs_content), "-o", str(base / "pelican-site"), "-s", str(base / "pelicanconf.py"), "-q"]
    results: dict[str, tuple[float, float]] = {}
    shutil.rmtree(cache, ignore_errors=True)
    results["ours cold"] = measure(ours, ROOT)
    results["ours no-change"] = measure(ours, ROOT)
    write_article(load(source), ours_content, n)
    results["ours +1"] = measure(ours, ROOT)
    derived = None if plain else derived_metadata(base / "site" / "feed.json")
    pelican_twins(source, theirs_content, range(n), derived)
    results["pelican cold"] = measure(theirs, base)
    results["pelican no-change"] = measure(theirs, base)
    pelican_twins(source, theirs_content, range(n, n + 1), derived)
    results["pelican +1"] = measure(theirs, base)
    return results


def main() -> int:
    """Run every size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--pelican-venv", type=Path, default=Path("/tmp/bench-pelican"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--plain", action="store_true", help="Pelican gets title, date and body only")
    args = parser.parse_args()
    pelican = ensure_pelican(args.pelican_venv)
    print(f"{'size':>6} {'run':<10} {'ours s':>8} {'pelican s':>10} {'ratio':>6} {'ours MB':>8} {'pelican MB':>11}")
    for n in args.sizes:
        r = run_size(n, args.source, args.work, pelican, args.plain)
        for run in ("cold", "no-change", "+1"):
            (os, om), (ps, pm) = r[f"ours {run}"], r[f"pelican {run}"]
            print(f"{n:>6} {run:<10} {os:>8.1f} {ps:>10.1f} {os / ps:>6.2f} {om:>8.0f} {pm:>11.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
