"""Stage 2: parse decodes any common encoding, tells formats from content, and types frontmatter."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.model import RawDoc, SourceFile, StageError, StageWarning
from generator.parse import decode, parse

from .conftest import CONTENT, SEEDS


def _texts(raw: RawDoc) -> list[str]:
    """The texts of the warnings parsing gave, each of which it files under its own stage."""
    assert all(w.stage == "parse" for w in raw.warnings), raw.warnings
    return [w.text for w in raw.warnings]


def source(data: bytes, name: str = "a.txt") -> SourceFile:
    return SourceFile(Path(name), name, data, hashlib.sha256(data).hexdigest())


def seed(key: str) -> SourceFile:
    data = (CONTENT / SEEDS[key]).read_bytes()
    return source(data, SEEDS[key])


@pytest.mark.parametrize("key,fmt", [("frontmatter", "frontmatter"), ("comments", "text"), ("wordpress", "text"),
                                     ("markdown", "markdown"), ("untitled", "text")])
def test_seed_formats_are_detected_from_content(key: str, fmt: str) -> None:
    assert parse(seed(key)).format == fmt


def test_frontmatter_seed_is_typed_and_split_into_blocks() -> None:
    raw = parse(seed("frontmatter"))
    assert raw.frontmatter.title == "Russian FM's visit to Beijing comes at a crucial time"
    assert raw.frontmatter.author == "CGTN - Opinions"
    assert raw.frontmatter.categories == ("新媒体", "CGTN - Opinions")
    kinds = {b.kind for b in raw.blocks}
    assert {"image", "caption", "paragraph"} <= kinds
    assert any(b.hidden for b in raw.blocks), "the visibility-hide caption copy is marked hidden"


@pytest.mark.parametrize("data,encoding", [
    ("Caf\u00e9 \u2014 na\u00efve".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "Caf\u00e9 \u2014 na\u00efve".encode("utf-8"), "utf-8-sig"),
    ("Caf\u00e9 \u2014 na\u00efve".encode("utf-16"), "utf-16"),
    ("Caf\u00e9 \u2014 na\u00efve".encode("cp1252"), "cp1252"),
])
def test_common_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert text == "Caf\u00e9 \u2014 na\u00efve"
    assert used == encoding


def test_crlf_and_control_characters_are_normalised() -> None:
    text, _ = decode(b"Title\r\n\r\nBody\x07 text\rmore")
    assert text == "Title\n\nBody text\nmore"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b"  \n\t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_empty_and_binary_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(StageError, match=reason):
        parse(source(data))


def test_malformed_frontmatter_is_a_stage_error() -> None:
    with pytest.raises(StageError, match="frontmatter"):
        parse(source(b"---\ntitle: [unclosed\n---\nBody text.\n", "a.md"))


def test_unknown_and_mistyped_frontmatter_keys_are_named() -> None:
    raw = parse(source(b"---\ntitle: [a, b]\nmood: happy\ndate: 2021-03-04\n---\nBody text here.\n", "a.md"))
    assert raw.frontmatter.title is None
    assert raw.frontmatter.date == "2021-03-04"
    assert any("'mood'" in w for w in _texts(raw))
    assert any("'title'" in w for w in _texts(raw))


def test_a_key_given_twice_is_named_and_an_anchor_without_an_alias_is_harmless() -> None:
    raw = parse(source(b"---\ntitle: A\ntitle: B\nauthor: &who Jane Roe\n---\nBody text here.\n", "a.md"))
    assert raw.frontmatter.title == "B" and raw.frontmatter.author == "Jane Roe"
    assert raw.warnings == (StageWarning("parse", "frontmatter key 'title' is given more than once; the last value is used"),)
    with pytest.raises(StageError, match="aliases"):
        parse(source(b"---\nauthor: &who Jane Roe\noutlet: *who\n---\nBody text here.\n", "a.md"))


def test_keys_named_content_or_handler_are_ordinary_unknown_keys() -> None:
    raw = parse(source(b"---\ntitle: Keys\ncontent: body?\nhandler: yaml\n---\nBody text here.\n", "a.md"))
    assert raw.frontmatter.title == "Keys"
    assert any("'content'" in w for w in _texts(raw)) and any("'handler'" in w for w in _texts(raw))


@pytest.mark.parametrize("value", ["2023-02-30", '"2023-02-30"', "2023-13-01", "someday"])
def test_an_impossible_date_is_dropped_with_a_warning(value: str) -> None:
    raw = parse(source(f"---\ntitle: Dates\ndate: {value}\n---\nBody text here.\n".encode(), "a.md"))
    assert raw.frontmatter.title == "Dates" and raw.frontmatter.date is None
    assert any("frontmatter date" in w and "ignored" in w for w in _texts(raw)), raw.warnings


def test_singular_category_and_tag_read_like_the_plural_keys() -> None:
    raw = parse(source(b"---\ntitle: One\ncategory: Politics\ntag: Budget\n---\nBody text here.\n", "a.md"))
    assert raw.frontmatter.categories == ("Politics",) and raw.frontmatter.tags == ("Budget",)
    assert not raw.warnings


def test_a_warning_many_files_share_is_summarised() -> None:
    from generator.cli import warning_lines
    from generator.model import Problem

    shared = tuple(Problem(f"f{i}.md", "parse", "unknown frontmatter key 'x' ignored") for i in range(5000))
    lines = warning_lines((*shared, Problem("g.md", "parse", "frontmatter date '2023-02-30' is not a date")))
    assert lines[0] == "warning: unknown frontmatter key 'x' ignored: 5,000 files (f0.md, f1.md, f2.md, …)"
    assert lines[1] == "warning: g.md: frontmatter date '2023-02-30' is not a date" and len(lines) == 2


def test_a_class_that_hides_a_label_does_not_hide_the_body() -> None:
    body = ('<div class="field field-label-hidden"><p>The council met on Monday to vote on the bridge.</p></div>'
            '<div class="hidden"><p>Share this story.</p></div><p class="sr-only">Skip to content</p>')
    raw = parse(source(f"---\ntitle: Classes\n---\n{body}\n".encode(), "a.md"))
    hidden = {b.text: b.hidden for b in raw.blocks}
    assert hidden == {"The council met on Monday to vote on the bridge.": False, "Share this story.": True,
                      "Skip to content": True}


def test_a_page_whose_precise_extraction_keeps_only_a_notice_falls_back_with_a_warning() -> None:
    page = Path(__file__).parent / "fixtures" / "pages" / "reprint-notice.html"
    raw = parse(source(page.read_bytes(), "reprint-notice.html"))
    text = " ".join(b.text for b in raw.blocks)
    assert "Home Depot (ticker: HD) reported $2.53 in per-share earnings" in text
    assert any("balanced extraction" in w for w in _texts(raw)), raw.warnings


def test_markdown_dump_links_to_hash_keep_only_their_text_and_escapes_are_undone() -> None:
    raw = parse(source(b"# Heading\n\nBy [Jane Roe](#)\n\nPrice rose to \\$5 and \\*more\\*.\n\nSee [the report](#) now.\n",
                       "a.md"))
    texts = [b.text for b in raw.blocks]
    assert texts == ["Heading", "By Jane Roe", "Price rose to $5 and *more*.", "See the report now."]


def test_saved_web_page_is_extracted_with_metadata() -> None:
    html = (
        "<!doctype html><html><head><title>Ports reopen after storm | Harbour News</title>"
        '<meta property="og:site_name" content="Harbour News"><meta name="author" content="Ana Ruiz">'
        '<meta property="article:published_time" content="2022-05-01"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Ports reopen after storm</h1>"
        + "".join(f"<p>Paragraph {i} says the ports reopened on Monday after the storm passed and cranes resumed work "
                  f"on the waiting container ships in the harbour.</p>" for i in range(6))
        + "</article><footer>Copyright Harbour News</footer></body></html>"
    )
    raw = parse(source(html.encode(), "page.html"))
    assert raw.format == "html"
    assert raw.frontmatter.author == "Ana Ruiz"
    assert raw.frontmatter.outlet == "Harbour News"
    body = " ".join(b.text for b in raw.blocks)
    assert "Paragraph 5 says" in body and "Home" not in body


def test_hard_wrapped_text_paragraphs_become_one_block_each() -> None:
    text = (
        "Ports reopen after the storm\n\n"
        "The harbour authority said on Monday that the container terminals would\n"
        "reopen on Tuesday morning, after engineers checked the cranes and the\n"
        "quay walls for damage left by the storm.\n\n"
        "Shipping lines expect delays of two days.\n"
        "Short line one\nShort line two\n"
    )
    raw = parse(source(text.encode()))
    texts = [b.text for b in raw.blocks]
    assert texts[1].startswith("The harbour authority said") and texts[1].endswith("left by the storm.")
    assert texts[2:] == ["Shipping lines expect delays of two days.", "Short line one", "Short line two"]


def _needs_non_ascii(items: object) -> bool:
    """Whether every match of a parsed pattern (a sequence of ``re._parser`` items) holds a
    character outside ASCII: some item it cannot skip matches only such characters."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in items:  # type: ignore[attr-defined]
        if op is c.LITERAL and av > 127:
            return True
        if op is c.IN and all((kind is c.LITERAL and value > 127) or (kind is c.RANGE and value[0] > 127)
                              for kind, value in av):
            return True
        if op is c.SUBPATTERN and _needs_non_ascii(av[-1]):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _needs_non_ascii(av[2]):
            return True
        if op is c.BRANCH and all(_needs_non_ascii(branch) for branch in av[1]):
            return True
    return False


def test_the_mojibake_search_windows_rest_on_what_ftfys_pattern_is() -> None:
    """fix_mojibake searches only around non-ASCII characters, as far as the longest match: sound
    while every match of ftfy's pattern holds such a character and is that short."""
    from re import _parser  # type: ignore[attr-defined]

    from ftfy.badness import BADNESS_RE

    from generator.parse import MOJIBAKE_SPAN

    parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert parsed.getwidth()[1] <= MOJIBAKE_SPAN
    assert _needs_non_ascii(parsed)
    assert not _needs_non_ascii(_parser.parse(r"[a-z]\s?[ÃÂ]?[ ]|x", 0))  # the check can fail


def test_fix_mojibake_is_ftfys_fix_encoding() -> None:
    import ftfy

    from generator.parse import fix_mojibake

    plain = "The minister’s “plan” – announced on Monday – drew criticism from café owners. " * 40
    words = ["só", "voilà le travail", "à he said", "the minister’s plan", "été", "“Quoted”", "привет"]
    broken = [w.encode("utf-8").decode(encoding, errors="replace") for w in words
              for encoding in ("latin-1", "cp1252", "mac_roman", "cp1251")] + ["caf\x80"]
    texts = [plain, "plain ASCII only", "", *broken]
    texts += [plain[:n] + b + plain[n:] for b in broken for n in (0, 1, 500, len(plain) - 1, len(plain))]
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted((Path(__file__).parent / "fixtures").rglob("*")) if p.is_file() and p.stat().st_size < 200_000]
    changed = 0
    for text in texts:
        assert fix_mojibake(text) == ftfy.fix_encoding(text), text[:80]
        changed += fix_mojibake(text) != text
    assert changed >= len(broken) * 3  # most of it mended, at the start, the middle or the end of a text


def test_a_csv_export_s_doubled_quotes_and_html_entities_in_plain_text_are_read_as_written() -> None:
    text = ("&#039;Bones&#039; Star Emily Deschanel pregnant with first child\n\n"
            'April 1, 2011 - ""Bones"" actress Emily Deschanel and her husband are expecting their first child, '
            '""People"" reported. AT&amp;T and R&amp;D stay what they are.\n')
    doc = parse(source(text.encode(), "bones.txt"))
    assert doc.format == "text"
    assert doc.blocks[0].text == "'Bones' Star Emily Deschanel pregnant with first child"
    assert '"Bones" actress' in doc.blocks[1].text and '"People" reported' in doc.blocks[1].text
    assert "AT&T and R&D" in doc.blocks[1].text
    # Quotes a text does not double throughout stay as they are: an empty string, or pairs beside single marks.
    for kept in ('He typed "" into the box and pressed enter, then typed "" again.\n',
                 'She said ""yes"" and then "no" to the offer, the report said.\n'):
        assert parse(source(kept.encode(), "kept.txt")).blocks[0].text == kept.strip()
