"""Write a benchmark corpus: N articles in the seed formats, from real news text.

Usage: python benchmarks/corpus.py SOURCE_DIR OUT_DIR N [--pelican PELICAN_DIR]

SOURCE_DIR holds plain-text news articles, a title line then paragraphs (for example
``../shared/eval/summaries-dev/articles``). Article i is recombined from source articles on
one subject with a unique title (see :func:`article`), and is written in one of the four formats
users drop: frontmatter + HTML with image captions, text with a reader comment thread, a
Global-Research-style markdown dump, or untitled text. ``--pelican`` also writes the same
articles as Pelican markdown (title, date, body), so both generators build the same corpus;
``pelican_twins`` can add the tags and outlet a Briefing build found, so that Pelican also
writes the same tag and outlet pages.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

START = datetime(2020, 1, 1, 8, 0)


SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")


class Source(NamedTuple):
    """One source article: its title, its paragraphs as lists of sentences, and its group (the
    file name's prefix before ``_``, such as a BBC section)."""

    title: str
    paragraphs: list[list[str]]
    group: str

    def sentence(self, place: int) -> str:
        """The sentence at ``place`` counted through the article (its last when it has fewer)."""
        flat = [s for p in self.paragraphs for s in p]
        return flat[min(place, len(flat) - 1)]


def load(source: Path) -> list[Source]:
    """Every source article of the folder ``source``."""
    articles = []
    for path in sorted(source.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
        paragraphs = [[s for s in SENTENCE_END.split(line) if s] for line in lines[1:] if line]
        if lines and paragraphs:
            articles.append(Source(lines[0], paragraphs, path.stem.split("_")[0] if "_" in path.stem else ""))
    if not articles:
        raise SystemExit(f"no source articles (.txt: a title line, then paragraphs) in {source}")
    return articles


def article(i: int, sources: list[Source]) -> tuple[str, str, list[str], datetime]:
    """The i-th article: unique title, author, paragraphs and date. Source articles take turns
    to lead: the article has the lead's title (numbered), its paragraph shape and its opening
    paragraph, and each later sentence is the one in the same place of a source of the lead's
    group, drawn at random. Articles are thus distinct stories on one subject, as on a real
    site, rather than copies of a few."""
    rng = random.Random(i)
    lead = sources[i % len(sources)]
    pool = [s for s in sources if s.group == lead.group]
    body = [" ".join(lead.paragraphs[0])]
    place = len(lead.paragraphs[0])
    for paragraph in lead.paragraphs[1:]:
        body.append(" ".join(rng.choice(pool).sentence(place + k) for k in range(len(paragraph))))
        place += len(paragraph)
    return f"{lead.title} ({i + 1})", f"Reporter {i % 37 + 1}", body, START + timedelta(hours=7 * i)


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
    for i in range(n):
        write_article(sources, out, i)
    if pelican:
        pelican_twins(source, pelican, range(n))


def write_article(sources: list[Source], out: Path, i: int) -> Path:
    """Write article ``i`` into ``out`` in its format; the path written. The file's modification
    time is the article's date, as if each file was added when its article came out, the way a
    site grows: outside git that is when a build takes it to have been added, the date an undated
    format is listed by, so every article takes its place in time, and article ``N`` of a corpus
    of ``N`` is the newest, whatever its format."""
    title, author, body, date = article(i, sources)
    path = out / file_name(i)
    path.write_text(FORMATS[i % len(FORMATS)][0](title, author, body, date), encoding="utf-8")
    stamp = date.replace(tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def file_name(i: int) -> str:
    """The content file name of article ``i``."""
    return f"a{i:05d}.{FORMATS[i % len(FORMATS)][1]}"


def derived_metadata(feed: Path) -> dict[str, tuple[list[str], str]]:
    """Tags and outlet of every article of a built ``feed.json``, by content file name. Names
    Pelican would give the same slug are written one way, as Pelican refuses two of them."""
    items = json.loads(feed.read_text(encoding="utf-8"))["items"]
    spelling: dict[str, str] = {}

    def one(name: str) -> str:
        return spelling.setdefault(re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), name)

    return {item["_briefing"]["source_file"]: ([one(t) for t in item["tags"]],
                                                one(item["_briefing"]["outlet"] or "Unattributed"))
            for item in items}


def pelican_twins(source: Path, pelican: Path, indices: range,
                  derived: dict[str, tuple[list[str], str]] | None = None) -> None:
    """Write articles ``indices`` as Pelican markdown, with tags and outlet from ``derived`` when given."""
    sources = load(source)
    pelican.mkdir(parents=True, exist_ok=True)
    for i in indices:
        title, _author, body, date = article(i, sources)
        meta = f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nSlug: a{i:05d}\n"
        if derived and file_name(i) in derived:
            tags, outlet = derived[file_name(i)]
            meta += f"Tags: {', '.join(t.replace(',', ' ') for t in tags)}\nCategory: {outlet}\n"
        (pelican / f"a{i:05d}.md").write_text(meta + "\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def hugo_twins(source: Path, hugo: Path, indices: range,
               derived: dict[str, tuple[list[str], str]] | None = None) -> None:
    """Write articles ``indices`` as Hugo markdown pages (YAML front matter: title, date, slug, and
    tags and outlet from ``derived`` as Hugo taxonomies) under ``hugo``'s ``content/articles``."""
    sources = load(source)
    folder = hugo / "content" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for i in indices:
        title, _author, body, date = article(i, sources)
        meta = {"title": title, "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"), "slug": f"a{i:05d}"}
        if derived and file_name(i) in derived:
            tags, outlet = derived[file_name(i)]
            meta |= {"tags": tags, "outlets": [outlet]}
        front = "\n".join(f"{key}: {json.dumps(value)}" for key, value in meta.items())
        (folder / f"a{i:05d}.md").write_text(f"---\n{front}\n---\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


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
