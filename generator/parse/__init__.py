"""Stage 2, parse: decode a file, tell its format from its content, split it into blocks.

Formats: ``frontmatter`` (YAML frontmatter over an HTML or markdown body), ``html`` (a whole
saved web page), ``markdown`` (a markdown dump without frontmatter) and ``text``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import ftfy
import markdown
from ftfy.badness import BADNESS_RE
from ftfy.fixes import unescape_html

from ..model import Block, FrontMatter, RawDoc, SourceFile, StageError, StageWarning
from .frontmatter import split_frontmatter
from .htmlblocks import check_depth, html_to_blocks
from .webpage import extract_page

HTML_PAGE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
HTML_BODY = re.compile(r"\A\s*<(?:div|p|article|section|figure|h[1-6]|ul|ol|blockquote|span|img|table|main)[\s>/]", re.IGNORECASE)
# Signs only markdown has (bulleted lines are common in plain-text page dumps too, so they do not count).
MARKDOWN_SIGNS = re.compile(
    r"^#{1,6}\s+\S|\[[^\]\n]*\]\([^)\n]*\)|\\[*_#\[\]()$`]|^\s*\*\*\*\s*$|\*\*[^*\n]+\*\*|^\s*```",
    re.MULTILINE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
MOJIBAKE_SPAN = 7  # the longest match of ftfy's mojibake pattern
WRAP_MAX = 100  # hard-wrapped text is wrapped at 60-80 columns; longer lines are paragraphs of their own
# File signatures of the binary formats that end up named .md or .txt: PNG, GIF, JPEG, gzip, zip, PDF, WebP/RIFF.
BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"RIFF")
BULLET = re.compile(r"^\s*[*+•·o-]\s+(\S.*)$")
# CommonMark escapes any ASCII punctuation; python-markdown only its own set, so undo the rest.
EXTRA_ESCAPES = re.compile(r"\\([$%@~^=\"',/;?:|<&])")
ENTITY = {"<": "&lt;", "&": "&amp;"}
LONE_QUOTE = re.compile(r'(?<!")"(?!")|(?<!")"""(?!")')  # a quotation mark not in a pair of two
OPENING_PAIR = re.compile(r'(?<![\w"])""(?=[^\s"])')  # ""Bones, Dallas..""PUNK
CLOSING_PAIR = re.compile(r'(?<=[^\s"])""(?=[\s.,;:!?)\]—–-]|$)', re.MULTILINE)  # Bones"" (or Bones,"")


def parse(source: SourceFile) -> RawDoc:
    """Decode ``source`` and split it into blocks; raise :class:`StageError` if it is not text."""
    text, encoding = decode(source.data)
    if not text.strip():
        raise StageError("file is empty or holds only whitespace")
    split = split_frontmatter(text)
    if split is not None:
        meta, body, warnings = split
        blocks = html_to_blocks(body) if HTML_BODY.match(body) or HTML_PAGE.match(body) else _markdown_blocks(body)
        return RawDoc(source, "frontmatter", encoding, blocks, meta, _warnings(warnings))
    if HTML_PAGE.match(text) or (_extension(source) in {"html", "htm"} and "<" in text):
        check_depth(text)
        fragment, page_meta, page_warnings = extract_page(text)
        return RawDoc(source, "html", encoding, html_to_blocks(fragment), page_meta, _warnings(page_warnings))
    text = undouble_quotes(text)
    if _extension(source) in {"md", "markdown"} or len(MARKDOWN_SIGNS.findall(text[:20000])) >= 2:
        return RawDoc(source, "markdown", encoding, _markdown_blocks(text), FrontMatter())
    text = unescape_html(text) if "&" in text else text  # a plain text holds no markup: "&#039;" is "'"
    return RawDoc(source, "text", encoding, _text_blocks(text), FrontMatter())


def undouble_quotes(text: str) -> str:
    """``text`` with the quotation marks a CSV export doubled written once: when every ``"`` of
    the text is one of a pair, and every pair opens a quotation (``""Bones`` after a space) or
    closes one (``Bones""`` before a space or a stop), they are single marks (a quotation that
    runs over paragraphs opens each and closes once). An empty string quoted (``typed "" into``)
    stays, and so does a text with a single mark anywhere."""
    pairs = text.count('""')
    if not pairs or LONE_QUOTE.search(text):
        return text
    opening = {m.start() for m in OPENING_PAIR.finditer(text)}
    closing = {m.start() for m in CLOSING_PAIR.finditer(text)} - opening
    return text.replace('""', '"') if closing and len(opening) + len(closing) == pairs else text


def _warnings(texts: Iterable[str]) -> tuple[StageWarning, ...]:
    return tuple(StageWarning("parse", text) for text in texts)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252; normalise newlines
    and repair mojibake (UTF-8 read as cp1252 somewhere upstream: "itâ€™s" becomes "it’s").

    Refuses binary data (NUL bytes outside UTF-16) with a :class:`StageError`.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith(BINARY_MAGIC) or data[:4096].count(b"\x00") > max(2, len(data[:4096]) // 100):
        raise StageError("binary file (an image, archive or other non-text data), not an article")
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise StageError(f"not valid {encoding} text") from None
        encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", fix_mojibake(CONTROL.sub("", text)))
    return text, encoding


def fix_mojibake(text: str) -> str:
    """``ftfy.fix_encoding(text)``, without its whole-text search where it would change nothing.

    ftfy returns a text unchanged unless its mojibake pattern (``BADNESS_RE``) matches somewhere.
    Every match of that pattern holds a character outside ASCII and is at most
    ``MOJIBAKE_SPAN`` characters long (``tests/test_parse.py`` checks both of the installed
    ftfy), so a match can only lie within that span of a non-ASCII character. Those windows,
    overlapping ones searched as one, are all that is searched: English with its curly quotes
    and dashes costs a thirtieth of the whole-text search (0.24 ms an article of the benchmark
    corpus, to 0.008 ms). A text whose windows would cover it (another script) goes to ftfy as it is."""
    outside = len(text) - len(text.encode("ascii", "ignore"))
    if outside * (2 * MOJIBAKE_SPAN - 1) >= len(text):  # the windows would cover the text: ftfy searches it whole
        return ftfy.fix_encoding(text)
    start = end = 0
    for found in NON_ASCII.finditer(text):
        at = found.start()
        if at - MOJIBAKE_SPAN + 1 > end:  # a gap since the last window: search the windows before it
            if end and BADNESS_RE.search(text, start, end):
                return ftfy.fix_encoding(text)
            start = max(0, at - MOJIBAKE_SPAN + 1)
        end = at + MOJIBAKE_SPAN
    if end and BADNESS_RE.search(text, start, end):
        return ftfy.fix_encoding(text)
    return text


def _extension(source: SourceFile) -> str:
    name = source.rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _markdown_blocks(text: str) -> tuple[Block, ...]:
    text = EXTRA_ESCAPES.sub(lambda m: ENTITY.get(m.group(1), m.group(1)), text)
    return html_to_blocks(_converter().reset().convert(text))


@cache
def _converter() -> markdown.Markdown:
    """One Markdown converter a process, reset before each text: setting one up with its
    extensions costs more than converting a short article."""
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def _text_blocks(text: str) -> tuple[Block, ...]:
    """Plain text: a hard-wrapped paragraph is one block, otherwise every line is a block
    (bulleted lines are list items); the cleaner rejoins lines broken mid-sentence."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if _hard_wrapped(lines):
            blocks.append(Block("paragraph", " ".join(" ".join(lines).split())))
            continue
        for line in lines:
            bullet = BULLET.match(line)
            if bullet:
                blocks.append(Block("list_item", " ".join(bullet.group(1).split())))
            else:
                blocks.append(Block("paragraph", " ".join(line.split())))
    return tuple(blocks)


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph wrapped at a fixed width: all but the last nearly as long as the longest."""
    if len(lines) < 2 or any(BULLET.match(line) for line in lines):
        return False
    widths = [len(line.rstrip()) for line in lines[:-1]]
    widest = max(widths)
    return 50 <= widest <= WRAP_MAX and all(w >= 0.75 * widest for w in widths)
