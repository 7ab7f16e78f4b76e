"""Write a benchmark corpus: N articles in the seed formats, from real news text.

Usage: python benchmarks/corpus.py SOURCE_DIR OUT_DIR N [--pelican PELICAN_DIR]

SOURCE_DIR holds plain-text news articles, a title line then paragraphs (for example
``../shared/eval/summaries-dev/articles``). Article i takes the paragraphs of one source
article, a paragraph of another, and a unique title, and is written in one of the four formats
users drop: frontmatter + HTML with image captions, text with a reader comment thread, a
Global-Research-style markdown dump, or untitled text. ``--pelican`` also writes the same
articles as Pelican markdown (title, date, body), so both generators build the same corpus.
"""

from __future__ import annotations

import argparse
import html
from datetime import datetime, timedelta
from pathlib import Path

START = datetime(2020, 1, 1, 8, 0)


def load(source: Path) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every source article."""
    articles = []
    for path in sorted(source.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
        paragraphs = [line for line in lines[1:] if line]
        if lines and paragraphs:
            articles.append((lines[0], paragraphs))
    return articles


def article(i: int, sources: list[tuple[str, list[str]]]) -> tuple[str, str, list[str], datetime]:
    """The i-th article: unique title, author, paragraphs and date."""
    title, paragraphs = sources[i % len(sources)]
    _other_title, other = sources[(i * 7 + 3) % len(sources)]
    body = paragraphs + [other[i % len(other)]]
    return f"{title} ({i + 1})", f"Reporter {i % 37 + 1}", body, START + timedelta(hours=7 * i)


def frontmatter_html(title: str, author: str, body: list[str], date: datetime) -> str:
    parts = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (f'---\ntitle: "{title.replace(chr(34), chr(39))}"\nauthor: {author} - News\n'
            f"date: {date.strftime('%a, %d %b %Y %H:%M:%S GMT')}\n---\n"
            f'<div><div class="cmsImage"><img src="https://example.org/i.png" alt>'
            f'<div class="imageCaption"><div class="title visibility-hide">A photograph. /Agency</div>'
            f'<p class="title">A photograph. /Agency</p></div></div><div class="text">{parts}</div></div>\n')


def text_with_comments(title: str, author: str, body: list[str], date: datetime) -> str:
    comments = "".join(
        f"  {n}. reader{n} Offline reader{n}\n    reader{n} {date.day} December 2020 15: {10 + n}\n"
        f"    I do not agree with this at all, comment {n}.\n" for n in range(1, 4))
    return f"{title}\n\n" + "\n\n".join(body) + "\n" + comments


def markdown_dump(title: str, author: str, body: list[str], date: datetime) -> str:
    paragraphs = "\n\n".join(body)
    return (f"\n\n# {title}\n\nBy [{author}](#)\n\nGlobal Research, {date.strftime('%B')} {date.day}, {date.year}\n\n"
            "To receive Global Research's Daily Newsletter (selected articles), [click here](#).\n\n"
            f"\\*\\*\\*\n\n{paragraphs}\n\n\\*\n\nCopyright © [{author}](#), 2023\n\n"
            "**Disclaimer:** The contents of this article are of sole responsibility of the author(s).\n")


def untitled(title: str, author: str, body: list[str], date: datetime) -> str:
    return "\n".join(body) + "\n"


FORMATS = ((frontmatter_html, "md"), (text_with_comments, "txt"), (markdown_dump, "md"), (untitled, "txt"))


def write(source: Path, out: Path, n: int, pelican: Path | None = None) -> None:
    """Write ``n`` articles into ``out`` (and their Pelican twins into ``pelican``)."""
    sources = load(source)
    out.mkdir(parents=True, exist_ok=True)
    if pelican:
        pelican.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, author, body, date = article(i, sources)
        make, ext = FORMATS[i % len(FORMATS)]
        (out / f"a{i:05d}.{ext}").write_text(make(title, author, body, date), encoding="utf-8")
        if pelican:
            meta = f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nSlug: a{i:05d}\n\n"
            (pelican / f"a{i:05d}.md").write_text(meta + "\n\n".join(body) + "\n", encoding="utf-8")


def main() -> int:
    """Write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--pelican", type=Path)
    args = parser.parse_args()
    write(args.source, args.out, args.n, args.pelican)
    print(f"wrote {args.n} articles to {args.out}" + (f" and {args.pelican}" if args.pelican else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
