"""The ``briefing`` command: argument parsing and exit codes, nothing else."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from . import __version__
from .build import BuildError, BuildOptions, BuildResult, build, default_jobs, write_report
from .config import ConfigError, SiteConfig, cleaning_rules, load
from .discover import is_junk, read_source
from .model import Article, Problem, SourceFile, StageError
from .progress import for_terminal

WARNINGS_LISTED = 3  # a warning more files share than this is one summary line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def entry() -> NoReturn:
    """The ``briefing`` command: :func:`main`, whose process then ends at once, its output flushed.
    A build leaves what it made to that end (:attr:`generator.build.BuildOptions.ends_process`):
    the system takes the memory back whole, where freeing a built corpus object by object took
    0.2 s at 5,000 articles."""
    code = main(ends_process=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None, ends_process: bool = False) -> int:
    """Run the command line; return the process exit code. With ``ends_process``, the process
    ends when this returns (:func:`entry`)."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.ends_process = ends_process
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    root = Path(args.root).resolve()
    try:
        config = load(root)
        if getattr(args, "base_url", None):
            config = replace(config, base_url=args.base_url.rstrip("/"))
        elif not config.base_url and os.environ.get("NETLIFY") and os.environ.get("URL"):
            config = replace(config, base_url=os.environ["URL"].rstrip("/"))  # Netlify's site URL during its builds
    except ConfigError as exc:
        print(f"briefing: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return int(args.run(args, root, config))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build a briefing site from a folder of articles.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--root", default=".", help="project folder holding pyproject.toml or briefing.toml (default: .)")
    sub = parser.add_subparsers(dest="command")

    b = sub.add_parser("build", help="build the site")
    _build_options(b)
    b.add_argument("--report", help="write a JSON report of published files, problems and timings here")
    b.add_argument("--strict", action="store_true", help="exit 1 when any file could not be published")
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("serve", help="build, serve on localhost, rebuild and reload on changes")
    _build_options(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    s.set_defaults(run=cmd_serve)

    c = sub.add_parser("clean", help="print one file's cleaned article and metadata")
    c.add_argument("file", help="the content file to clean")
    c.add_argument("--explain", action="store_true", help="also list every removed block and the rule that removed it")
    c.add_argument("--json", action="store_true", help="print JSON instead of text")
    c.set_defaults(run=cmd_clean)
    return parser


def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", default=None, help="folder of articles (default: content/)")
    p.add_argument("--output", default=None, help="folder to write the site into (default: site/)")
    p.add_argument("--jobs", type=int, default=0, help="processes for per-article work (default: all cores)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write .briefing/cache")
    p.add_argument("--base-url", default=None, help="public URL of the site, overriding base_url in the config "
                                                    "(on Netlify: --base-url \"$URL\")")


def _folders(args: argparse.Namespace, root: Path, config: SiteConfig) -> tuple[Path, Path, Path]:
    content = Path(args.content) if args.content else root / "content"
    output = Path(args.output) if args.output else root / "site"
    return content, output, root / config.templates


def warning_lines(warnings: tuple[Problem, ...], listed: int = WARNINGS_LISTED) -> list[str]:
    """One line per warning, except that a warning many files share is one line with their
    count and the first few ("warning: unknown frontmatter key 'x' ignored: 5,000 files (a.md, …)")."""
    files: dict[str, list[str]] = defaultdict(list)
    for w in warnings:
        files[w.reason].append(w.file)
    lines: list[str] = []
    for reason, where in files.items():
        if len(where) <= listed:
            lines.extend(f"warning: {f}: {reason}" for f in where)
        else:
            lines.append(f"warning: {reason}: {len(where):,} files ({', '.join(where[:listed])}, …)")
    return lines


def run_build(args: argparse.Namespace, root: Path, config: SiteConfig, ends_process: bool = False) -> BuildResult:
    """Build once with the command-line folders; print a summary and every problem. With
    ``ends_process``, the process ends after this build (:attr:`BuildOptions.ends_process`)."""
    content, output, templates = _folders(args, root, config)
    options = BuildOptions(cache=None if args.no_cache else root / ".briefing" / "cache",
                           jobs=args.jobs or default_jobs(), progress=for_terminal(), ends_process=ends_process)
    start = time.perf_counter()
    result = build(content, output, config, templates, options=options)
    for p in result.problems:
        print(f"problem: {p.file}: {p.stage}: {p.reason}", file=sys.stderr)
    for line in warning_lines(result.warnings):
        print(line, file=sys.stderr)
    total = time.perf_counter() - start
    print(
        f"built {len(result.published)} articles into {output} in {total:.2f}s "
        f"({len(result.problems)} problems, {result.pages_indexed} pages indexed)",
        file=sys.stderr,
    )
    return result


def cmd_build(args: argparse.Namespace, root: Path, config: SiteConfig) -> int:
    """``briefing build``."""
    try:
        result = run_build(args, root, config, ends_process=args.ends_process)
    except BuildError as exc:
        print(f"briefing: build failed: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.report:
        write_report(result, Path(args.report))
    return EXIT_PROBLEMS if args.strict and result.problems else EXIT_OK


def cmd_serve(args: argparse.Namespace, root: Path, config: SiteConfig) -> int:
    """``briefing serve``."""
    from .serve import serve

    content, output, templates = _folders(args, root, config)

    def rebuild() -> bool:
        try:
            run_build(args, root, config)
            return True
        except BuildError as exc:
            print(f"briefing: build failed: {exc}", file=sys.stderr)
            return False

    watch = [content, templates] if templates.is_dir() else [content]
    return serve(rebuild, output, watch=watch, host=args.host, port=args.port)


def cmd_clean(args: argparse.Namespace, root: Path, config: SiteConfig) -> int:
    """``briefing clean FILE``."""
    path = Path(args.file)
    if not path.is_file():
        print(f"briefing: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    from .clean import clean  # the per-article stages' libraries, loaded only for this command
    from .enrich.stage import enrich
    from .parse import parse

    source, refusal = discover_one(path, config)
    if source is None:
        print(f"briefing: {refusal}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        article = enrich(clean(parse(source), cleaning_rules(config)), config)
    except StageError as exc:
        print(f"briefing: {path}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(json.dumps(article_json(article), indent=1, ensure_ascii=False) if args.json else article_text(article, args.explain))
    return EXIT_OK


def discover_one(path: Path, config: SiteConfig) -> tuple[SourceFile | None, str]:
    """Read a single file the way discover reads one in a content folder."""
    if is_junk(path.name):
        return None, f"{path}: ignored as editor or system junk"
    result = read_source(path, path.name, config.max_file_bytes)
    return (result, "") if isinstance(result, SourceFile) else (None, f"{path}: {result.reason}")


def article_json(a: Article) -> dict[str, object]:
    """An article's cleaned text, metadata with origins and removals, as JSON-ready data."""
    meta = {name: {"value": f.value, "origin": f.origin} for name, f in vars(a.meta).items()}
    return {
        "file": a.source_file, "format": a.format, "title": a.title, "title_generated": a.title_generated,
        "metadata": meta, "keywords": list(a.keywords), "summary": list(a.summary), "text": a.text,
        "removed": [{"rule": r.rule, "text": r.text} for r in a.removed], "warnings": [w.text for w in a.warnings],
    }


def article_text(a: Article, explain: bool) -> str:
    """An article as readable text: metadata with origins, body, and (with ``explain``) removals."""
    lines = [f"# {a.title}" + ("  (title written: the file has none)" if a.title_generated else ""), ""]
    for name, f in vars(a.meta).items():
        if f.value:
            lines.append(f"{name:>16}: {f.value}   [{f.origin}]")
    lines += ["", a.text, ""]
    if explain and a.warnings:  # a fallback, a dropped field: what the build did instead
        lines.append(f"--- warnings ({len(a.warnings)}) ---")
        lines += [f"- {w.text}" for w in a.warnings] + [""]
    if explain:
        lines.append(f"--- removed ({len(a.removed)} blocks) ---")
        lines += [f"[{r.rule}] {r.text}" for r in a.removed]
    return "\n".join(lines)
