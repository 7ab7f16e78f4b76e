"""A hostile content folder, written at test time (some of its file names cannot be committed).

Each entry is (file name, bytes, expected outcome): ``"publish"`` or ``"problem"``. Junk and
symlinks are added by :func:`write_hostile_folder` itself.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

PROSE = ("Negotiators from both countries met in Geneva on Tuesday to discuss the shipping corridor. "
         "They agreed to meet again next month, officials said after the talks ended late in the evening. ")

XSS_BODY = """---
title: "<script>alert('title')</script> Talks <img src=x onerror=alert(1)>"
author: "<b onmouseover=alert(2)>Mallory</b>"
outlet: "javascript:alert(3)"
url: "javascript:alert(4)"
image: "javascript:alert(5)"
tags: ["<script>alert(6)</script>", "{{ 7*7 }}"]
---
<p>{PROSE}</p>
<script>alert('body')</script>
<p onclick="alert(7)">{PROSE}<a href="javascript:alert(8)">link</a> <a href="jav&#x09;ascript:alert(9)">tab</a></p>
<svg onload="alert(10)"><script>alert(11)</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(12)></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=alert(13)>"></noscript>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">
<div style="background:url(javascript:alert(14));width:expression(alert(15))">{PROSE}</div>
<img src="https://tracker.example/pixel.gif" width="1" height="1">
<p>Template text {{{{ 7*7 }}}} and {{% include 'base.html' %}} stays literal. {PROSE}</p>
""".replace("{PROSE}", PROSE).replace("{{{{", "{{").replace("}}}}", "}}")


def cases() -> list[tuple[str, bytes, str]]:
    """Every hostile file, its bytes, and whether it must publish or be reported."""
    prose = PROSE.encode()
    deep = "<div>" * 10_000 + PROSE + "</div>" * 10_000
    return [
        ("xss.md", XSS_BODY.encode(), "publish"),
        ("template.txt", ("Template {{ 7*7 }} {% include 'x' %}\n\n" + PROSE * 3).encode(), "publish"),
        ("alias-bomb.md", b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                          b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n" + prose, "problem"),
        ("python-tag.md", b"---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n" + prose, "problem"),
        ("malformed.md", b"---\ntitle: [unclosed\n---\n" + prose, "problem"),
        ("unterminated.md", b"---\ntitle: never closed\n" + prose, "problem"),
        ("wrong-types.md", b"---\ndate: not-a-date\ntags: 42\ntitle: [a, b]\nauthor: {x: 1}\n---\n" + prose * 2, "publish"),
        ("duplicate-keys.md", b"---\ntitle: First\ntitle: Second\n---\n" + prose * 2, "publish"),
        ("toml.md", b'+++\ntitle = "TOML frontmatter"\n+++\n' + prose * 2, "publish"),
        ("json.md", b'{"title": "JSON frontmatter"}\n' + prose * 2, "publish"),
        ("empty.md", b"", "problem"),
        ("whitespace.txt", b"  \n\t\n   \n", "problem"),
        ("image.md", bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 64, "problem"),
        ("archive.md", gzip.compress(prose * 5, mtime=0), "problem"),
        ("nul-bytes.txt", prose * 2 + b"\x00" + prose, "publish"),
        ("invalid-utf8.txt", prose * 2 + b"\xff\xfe\xfa broken \xc3\x28 bytes " + prose, "publish"),
        ("cp1252.txt", ("Caf\u00e9 talks \u2014 \u201cquoted\u201d. " + PROSE * 2).encode("cp1252"), "publish"),
        ("utf16.txt", ("UTF-16 text. " + PROSE * 2).encode("utf-16"), "publish"),
        ("controls-bidi.txt", ("Bidi \u202etxt.exe\u202c and \x07bell\x1b[31m. " + PROSE * 2).encode(), "publish"),
        ("huge.txt", prose * 60_000, "problem"),
        ("long-line.txt", ((PROSE.strip() + " ") * 1200).encode(), "publish"),
        ("deep.html", f"<!doctype html><html><body>{deep}</body></html>".encode(), "problem"),
        ("many-tags.md", b"---\ntags: [" + b", ".join(b"t%d" % i for i in range(5000)) + b"]\n---\n" + prose * 2, "publish"),
        ("long-title.md", b"---\ntitle: " + b"Very long title " * 6400 + b"\n---\n" + prose * 2, "publish"),
        ("with spaces.txt", b"Spaces in the name\n\n" + prose * 2, "publish"),
        ("ünïcödé-名前.txt", b"Unicode name\n\n" + prose * 2, "publish"),
        ("emoji-🚢.txt", b"Emoji name\n\n" + prose * 2, "publish"),
        ("-leading-dash.txt", b"Leading dash\n\n" + prose * 2, "publish"),
        ("$(touch pwned);`id`|&.txt", b"Shell characters\n\n" + prose * 2, "publish"),
        ("new\nline.txt", b"Newline in the name\n\n" + prose * 2, "publish"),
        ("x" * 230 + ".txt", b"Very long name\n\n" + prose * 2, "publish"),
        ("same-1.txt", b"Equal titles\n\n" + prose * 2, "publish"),
        ("same-2.txt", b"Equal titles\n\n" + prose * 2 + b"A different ending for this copy of the story.", "publish"),
        ("Case.txt", b"Case one\n\n" + prose * 2, "publish"),
        ("case.txt", b"Case two\n\n" + prose * 2, "publish"),
        ("index.txt", b"index\n\n" + prose * 2, "publish"),
        ("four-oh-four.txt", b"404\n\n" + prose * 2, "publish"),
        ("pagefind.txt", b"pagefind\n\n" + prose * 2, "publish"),
        ("dot.md", b"---\ntitle: '.'\n---\n" + prose * 2, "publish"),
        ("traversal.md", b"---\ntitle: ../../../etc/passwd\nslug: ../../outside\nlayout: ../../../templates/x\n"
                         b"url: '%2e%2e%2f%2e%2e%2fetc'\noutlet: '\xef\xbc\x8e\xef\xbc\x8e/\xef\xbc\x8e\xef\xbc\x8e/etc'\n"
                         b"image: 'C:\\\\Windows\\\\evil'\n---\n" + prose * 2, "publish"),
        ("nul-title.md", b"---\ntitle: \"a\\0b\"\n---\n" + prose * 2, "publish"),
    ]


JUNK = [".hidden.md", "draft.md~", "#autosave#", ".notes.md.swp", ".DS_Store", "Thumbs.db", ".git/config"]


def write_hostile_folder(root: Path) -> tuple[Path, dict[str, str]]:
    """Write the hostile content folder under ``root``; return it and the expected outcome per file.

    Symlinks (to a file and a folder outside, dangling, looping) are expected problems; junk is
    expected to be ignored without a word.
    """
    content = root / "content"
    content.mkdir(parents=True)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret " + PROSE, encoding="utf-8")
    expected: dict[str, str] = {}
    for name, data, outcome in cases():
        (content / name).write_bytes(data)
        expected[name] = outcome
    for name in JUNK:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PROSE.encode())
    links = {"link-file.txt": outside / "secret.txt", "link-folder": outside, "dangling.txt": content / "missing.txt",
             "loop": content / "loop"}
    for name, target in links.items():
        os.symlink(target, content / name)
        expected[name] = "problem"
    return content, expected
