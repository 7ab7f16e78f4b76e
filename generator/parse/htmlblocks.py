"""Turn an HTML fragment into plain-text blocks, keeping what the cleaner needs to know.

Every format ends here: HTML bodies directly, markdown after conversion to HTML, saved web
pages after extraction. Scripts, styles and embeds are dropped; images and captions become
blocks of their own kind; text the page hid is marked hidden; links keep only their text.
"""

from __future__ import annotations

import re

import nh3
from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from ..model import Block, BlockKind, StageError

SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "form", "button", "input", "select", "textarea", "video", "audio", "canvas", "head", "title", "meta", "link",
})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
TEXT_BLOCKS: dict[str, BlockKind] = {"p": "paragraph", "li": "list_item", "pre": "paragraph", "dd": "paragraph",
                                     "dt": "paragraph", "tr": "table_row", "address": "paragraph"}
CONTAINERS = frozenset({
    "div", "section", "article", "main", "body", "html", "header", "footer", "aside", "nav", "ul", "ol", "dl",
    "table", "thead", "tbody", "tfoot", "center", "details", "summary", "hgroup",
})
EMPHASIS_TAGS = frozenset({"i", "em", "strong", "b"})
CAPTION_CLASS = re.compile(r"caption|credit", re.IGNORECASE)
# Class names that hide an element, matched whole: "field-label-hidden" hides a label, not the field.
HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "u-hidden", "d-none", "invisible", "sr-only",
                            "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
                            "element-invisible", "offscreen", "visibility-hide"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
SPACE = re.compile(r"\s+")
MAX_DEPTH = 250
ALLOWED_TAGS = (nh3.ALLOWED_TAGS | {"main", "section", "address", "font"}) - {"area", "map"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                  "p", "li", "td", "tr", "th", "option", "dd", "dt"})  # void, or closed implicitly by a sibling


def sanitise(html: str) -> str:
    """The article markup through nh3 (ammonia) on an allow-list: text-bearing tags, and only the
    attributes the block walker reads (classes and hiding marks, alt text, link targets)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "svg", "math"},
        attributes={"*": {"class", "hidden", "aria-hidden", "style"}, "img": {"alt"}, "a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def check_depth(html: str) -> None:
    """Refuse markup nested deeper than lxml keeps, naming the depth."""
    depth = nesting_depth(html)
    if depth > MAX_DEPTH:
        raise StageError(f"HTML is nested {depth} levels deep, more than {MAX_DEPTH}; text would be lost")


def nesting_depth(html: str) -> int:
    """The deepest nesting of container elements in ``html`` (a fast scan, not a parse)."""
    depth = deepest = 0
    for closing, name, self_closing in TAG.findall(html):
        if name.lower() in VOID or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def html_to_blocks(html: str) -> tuple[Block, ...]:
    """Parse an HTML fragment or page into blocks in reading order.

    lxml silently drops what lies deeper than 255 levels, so deeper markup is refused with a
    :class:`StageError` rather than published with text missing.
    """
    check_depth(html)
    soup = BeautifulSoup(sanitise(html), "lxml")
    out: list[Block] = []
    root = soup.body or soup
    _walk(root, out, hidden=False, caption=False)
    return tuple(out)


def _classes(el: Tag) -> str:
    value = el.get("class")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def _is_hidden(el: Tag) -> bool:
    return (
        el.has_attr("hidden")
        or el.get("aria-hidden") == "true"
        or any(name.lower() in HIDDEN_CLASSES for name in _classes(el).split())
        or bool(HIDDEN_STYLE.search(str(el.get("style") or "")))
    )


def _is_caption(el: Tag) -> bool:
    return el.name == "figcaption" or bool(CAPTION_CLASS.search(_classes(el)))


class _Run:
    """The inline text gathered between block children of one element: it becomes one paragraph
    (or caption) block, with whether all of it is emphasised and how much of it is link text."""

    def __init__(self, out: list[Block], hidden: bool, caption: bool) -> None:
        self.out, self.hidden, self.caption = out, hidden, caption
        self.parts: list[str] = []
        self.emphasis: list[bool] = []
        self.link_chars = 0

    def text(self, node: NavigableString) -> None:
        """A bare text node: never emphasised, never a link."""
        self.parts.append(str(node))
        if str(node).strip():
            self.emphasis.append(False)

    def inline(self, el: Tag, name: str) -> None:
        """An inline element (a link, italics, a span …): its text joins the run."""
        text = _text(el)
        self.parts.append(text)
        if name == "a":
            self.link_chars += len(_norm(text))
        else:
            self.link_chars += sum(len(_norm(_text(a))) for a in el.find_all("a"))
        if text.strip():
            self.emphasis.append(name in EMPHASIS_TAGS or _all_emphasis(el))

    def flush(self) -> None:
        """Emit the run gathered so far as a block, and start a new one."""
        text = _norm("".join(self.parts))
        if text:
            self.out.append(Block("caption" if self.caption else "paragraph", text, hidden=self.hidden,
                                  emphasis=all(self.emphasis) and bool(self.emphasis),
                                  links=min(1.0, self.link_chars / len(text))))
        self.parts.clear()
        self.emphasis.clear()
        self.link_chars = 0


def _walk(el: Tag, out: list[Block], hidden: bool, caption: bool) -> None:
    """Emit blocks for ``el``'s children; inline runs between block children form paragraphs."""
    run = _Run(out, hidden, caption)
    for child in el.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            run.text(child)
        elif isinstance(child, Tag):
            name = child.name.lower() if child.name else ""
            if name not in SKIP_TAGS:
                _child(child, name, run, hidden or _is_hidden(child), caption or _is_caption(child))
    run.flush()


def _child(child: Tag, name: str, run: _Run, hidden: bool, caption: bool) -> None:
    """One element child of a walked element: a block of its own, a container to walk, or inline text."""
    out = run.out
    if name == "br":
        run.parts.append("\n")
        return
    if name not in {"img", "hr"} and name not in HEADINGS and not _is_block(child, name, caption):
        run.inline(child, name)
        return
    run.flush()
    if name == "img":
        out.append(Block("image", _norm(str(child.get("alt") or "")), hidden=hidden))
    elif name == "hr":
        out.append(Block("rule", "", hidden=hidden))
    elif name in HEADINGS:
        text = _norm(child.get_text(" "))
        if text:
            out.append(Block("caption" if caption else "heading", text, level=HEADINGS[name], hidden=hidden))
    elif name in TEXT_BLOCKS or name in {"blockquote", "figcaption"}:
        _text_block(child, name, out, hidden, caption)
    else:
        _walk(child, out, hidden, caption)


BLOCK_DESCENDANTS = [*HEADINGS, *TEXT_BLOCKS, "div", "img"]  # an element holding one of these is a block


def _is_block(child: Tag, name: str, caption: bool) -> bool:
    """Whether an element is a block of text or holds blocks (rather than being inline text)."""
    return (name in TEXT_BLOCKS or name in {"blockquote", "figcaption", "figure"} or name in CONTAINERS or caption
            or bool(child.find(BLOCK_DESCENDANTS)))


def _text_block(child: Tag, name: str, out: list[Block], hidden: bool, caption: bool) -> None:
    """A paragraph, list item, table row, quote or caption; a quote of paragraphs is walked."""
    if name == "blockquote" and child.find(["p", "div", "blockquote"]):
        start = len(out)
        _walk(child, out, hidden, caption)
        out[start:] = [Block("quote", b.text, hidden=b.hidden, emphasis=b.emphasis) if b.kind == "paragraph" else b
                       for b in out[start:]]
        return
    for img in child.find_all("img"):
        out.append(Block("image", _norm(str(img.get("alt") or "")), hidden=hidden))
    text = _norm(_text(child) if name != "tr" else " ".join(_text(c) for c in child.find_all(["td", "th"])))
    if text:
        kind: BlockKind = "caption" if caption else ("quote" if name == "blockquote" else TEXT_BLOCKS.get(name, "paragraph"))
        out.append(Block(kind, text, hidden=hidden, emphasis=_all_emphasis(child), links=_link_share(child, text)))


def _text(el: Tag) -> str:
    """Visible text of an inline subtree; images and skipped tags contribute nothing."""
    parts: list[str] = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            if not any(p.name in SKIP_TAGS for p in node.parents if isinstance(p, Tag)):
                parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts)


def _link_share(el: Tag, text: str) -> float:
    """The share of ``text`` (the block's normalised text) that sits inside links."""
    linked = sum(len(_norm(_text(a))) for a in el.find_all("a"))
    return min(1.0, linked / len(text)) if text else 0.0


def _all_emphasis(el: Tag) -> bool:
    """True when every piece of visible text in ``el`` sits inside italic or bold markup."""
    seen = False
    for node in el.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, Comment) and node.strip():
            seen = True
            if not any(isinstance(p, Tag) and p.name in EMPHASIS_TAGS for p in node.parents if p is not el):
                return False
    return seen


def _norm(text: str) -> str:
    return SPACE.sub(" ", text).strip()
