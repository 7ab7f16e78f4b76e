"""Feeds: the JSON Feed 1.1 contract other tools read (see the README for every field), and Atom
for the site, every tag with a page and every hub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..config import SiteConfig
from ..model import Article, OutputFile, PlacedArticle, SiteModel
from .head import absolute
from .reuse import PageReuse
from .views import hub_url, tag_url

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
UNDATED = datetime(1970, 1, 1)
ATOM_ENTRIES = 50
ITEMS = b'\n "items": [\n'  # in feed.json, before the first item's line


def feed_files(site: SiteModel, config: SiteConfig, reuse: PageReuse | None = None) -> list[OutputFile]:
    """``feed.json``, the site's Atom feed, and an Atom feed for every tag with a page and every
    hub; with ``reuse``, an Atom feed whose head and entries are those of the site's copy stays."""
    entries = AtomEntries(config)
    files = [OutputFile("feed.json", json_feed(site, config, reuse))]
    lists: list[tuple[str, str, Sequence[PlacedArticle]]] = [("/", config.title, site.articles)]  # newest first
    lists += [(tag_url(slug), f"{config.title}: {tag.name}", _newest_first(site, tag.articles))
              for slug, tag in site.tags.items() if tag.has_page]
    lists += [(hub_url(slug), f"{config.title}: {hub.name}", _newest_first(site, hub.articles))
              for slug, hub in site.hubs.items()]
    entry_keys: dict[str, bytes] = {}

    def entry_key(placed: PlacedArticle) -> bytes:
        """An entry shows its article (fixed by its file), URL and when its file was added."""
        source = placed.article.source_file
        if source not in entry_keys:
            entry_keys[source] = reuse.sources_key((source,), (placed.url, placed.added)) if reuse else b""
        return entry_keys[source]

    for url, title, members in lists:
        newest = list(members[:ATOM_ENTRIES])
        path = f"{url}feed.xml".lstrip("/")

        def make(url: str = url, title: str = title, newest: list[PlacedArticle] = newest) -> bytes:
            return atom_feed(config, title, url, f"{url}feed.xml", newest, entries)

        if reuse is None:
            data: bytes | None = make()
        else:  # keyed by its entries' keys, each made once for all the feeds an article is in
            data = reuse.keyed(path, reuse.parts_key("atom", tuple(map(entry_key, newest)), (title, url)), make)
        if data is not None:
            files.append(OutputFile(path, data))
    return files


def _newest_first(site: SiteModel, sources: Sequence[str]) -> list[PlacedArticle]:
    """The articles of ``sources`` in the site's order (newest first)."""
    return sorted((site.by_source[s] for s in sources), key=lambda p: site.position[p.article.source_file])


def json_feed(site: SiteModel, config: SiteConfig, reuse: PageReuse | None = None) -> bytes:
    """The site's ``feed.json``: every article, newest first, one item a line. With ``reuse``, an
    item whose article and placement are those of a line of the site's copy is that line."""
    head: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": absolute(config, "/"),
        "feed_url": absolute(config, "/feed.json"),
        "description": config.description,
        "language": config.language,
    }
    fields = [f" {json.dumps(k)}: {_compact(v)}".encode() for k, v in head.items()]
    fields.append(b' "items": ' + _lines(_items(site, config, reuse), b" "))
    hubs = [_compact(_hub(slug, site, config)).encode() for slug in site.hubs]
    fields.append(b' "_briefing": {\n  "hubs": ' + _lines(hubs, b"  ") + b"\n }")
    data = b"{\n" + b",\n".join(fields) + b"\n}\n"  # bytes throughout: 5,000 items are tens of megabytes
    if reuse is not None:
        reuse.record("feed.json", data)
    return data


def _items(site: SiteModel, config: SiteConfig, reuse: PageReuse | None) -> list[bytes]:
    """Each article's item as one line of JSON (UTF-8), newest first. An item is a function of
    its article, which its content file's digest fixes (with the code and settings in the reuse
    salt), and its placement: with ``reuse``, an item whose key the site's copy lists is read
    from it."""
    placements = [(p.article, _placement(p, site, config)) for p in site.articles]
    if reuse is None:
        return [_compact(_item(a, placement)).encode() for a, placement in placements]
    keys = [reuse.sources_key((a.source_file,), placement) for a, placement in placements]
    before = _previous_items(reuse, keys)
    rows = [before.get(key) or _compact(_item(a, placement)).encode()
            for key, (a, placement) in zip(keys, placements, strict=True)]
    reuse.parts["feed.json"] = tuple(keys)
    return rows


def _previous_items(reuse: PageReuse, wanted: list[bytes]) -> dict[bytes, bytes]:
    """The items of the site's ``feed.json`` by key, when the file is the one last published;
    only those whose keys are ``wanted``."""
    keys = reuse.previous_parts.get("feed.json", ())
    data = reuse.published_bytes("feed.json") if keys else None
    if data is None:
        return {}
    start = data.find(ITEMS)
    lines = data[start + len(ITEMS):].split(b"\n", len(keys)) if start >= 0 else []
    if len(lines) <= len(keys) or not lines[len(keys)].startswith(b" ]"):
        return {}
    want = set(wanted)
    return {key: row.strip().removesuffix(b",") for key, row in zip(keys, lines, strict=False) if key in want}


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _lines(rows: list[bytes], indent: bytes) -> bytes:
    """A JSON array with one value a line (each written by the compiled encoder: an indented
    dump of 5,000 articles goes through the pure-Python one at three times the cost)."""
    if not rows:
        return b"[]"
    inner = indent + b" "
    return b"[\n" + inner + (b",\n" + inner).join(rows) + b"\n" + indent + b"]"


def _hub(slug: str, site: SiteModel, config: SiteConfig) -> dict[str, Any]:
    """A topic hub as the feed lists it: its members as item ids, its brief with citations and
    the brief's sentence that tells the story best (``lead``, :attr:`generator.model.Hub.lead`)."""
    hub = site.hubs[slug]
    by_source = site.by_source
    return {
        "slug": slug,
        "title": hub.name,
        "url": absolute(config, hub_url(slug)),
        "articles": [absolute(config, by_source[s].url) for s in hub.articles],
        "brief": [{"text": b.text, "item_id": absolute(config, by_source[b.article].url),
                   "outlet": by_source[b.article].article.meta.outlet.value} for b in hub.brief],
        "lead": hub.lead,
        "outlets": sorted({o for s in hub.articles if (o := by_source[s].article.meta.outlet.value)}),
        "tags": [site.tags[t].name for t in hub.top_tags if t in site.tags],
    }


Placement = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], str | None,
                  tuple[tuple[str, str | None], ...], str | None]


def _placement(placed: PlacedArticle, site: SiteModel, config: SiteConfig) -> Placement:
    """What an article's item shows besides the article itself: its id, its tags' names and
    slugs, its hub, the ids of its related articles, of the article it copies and of its copies
    (with their outlets), and when its file was added."""
    by_source = site.by_source
    return (
        absolute(config, placed.url),
        tuple(site.tags[slug].name for slug in placed.tags),
        placed.tags,
        placed.hubs,
        tuple(absolute(config, by_source[r].url) for r in placed.related),
        absolute(config, by_source[placed.duplicate_of].url) if placed.duplicate_of else None,
        tuple((absolute(config, by_source[c].url), by_source[c].article.meta.outlet.value) for c in placed.copies),
        _stamp(placed.added) if placed.added else None,
    )


def _item(a: Article, placement: Placement) -> dict[str, Any]:
    """An article's JSON Feed item, from the article and its :func:`_placement`."""
    item_id, tag_names, tag_slugs, hubs, related, duplicate_of, copies, added = placement
    meta = a.meta
    item: dict[str, Any] = {
        "id": item_id,
        "url": item_id,
        "title": a.title,
        "content_text": a.text,
        "summary": " ".join(a.summary),
        "tags": list(tag_names),
        "language": meta.language.value,
    }
    if a.date:
        item["date_published"] = a.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    if meta.author.value:
        item["authors"] = [{"name": meta.author.value}]
    if meta.url.value:
        item["external_url"] = meta.url.value
    item["_briefing"] = {
        "source_file": a.source_file,
        "added": added,
        "format": a.format,
        "outlet": meta.outlet.value,
        "section": meta.section.value,
        "original_source": meta.original_source.value,
        "first_published": meta.first_published.value,
        "kind": meta.kind.value,
        "title_generated": a.title_generated,
        "tag_slugs": list(tag_slugs),
        "summary_sentences": list(a.summary),
        "hubs": list(hubs),
        "related": list(related),
        "duplicate_of": duplicate_of,
        "also_published_by": [{"id": c, "outlet": outlet} for c, outlet in copies],
        "removed": [{"rule": r.rule, "text": r.text} for r in a.removed],
    }
    return item


def _id(config: SiteConfig, path: str) -> str:
    """An Atom id: the absolute URL, or a tag URI when the site has no base URL yet."""
    return absolute(config, path) if config.base_url else f"tag:briefing,2024:{path}"


def _stamp(date: datetime | None) -> str:
    return (date or UNDATED).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(config: SiteConfig, title: str, page: str, feed: str, articles: list[PlacedArticle],
              entries: AtomEntries) -> bytes:
    """An Atom 1.0 feed of ``articles`` (newest first, at most 50) for the page at ``page``;
    ``entries`` serialises each article's entry once for all the feeds it is in."""
    shown = articles[:ATOM_ENTRIES]
    ET.register_namespace("", ATOM)  # each time: the registry is global, and other code may map the URI
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    ET.SubElement(root, f"{{{ATOM}}}id").text = _id(config, feed)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=absolute(config, feed))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(config, page))
    ET.SubElement(root, f"{{{ATOM}}}updated").text = max((_stamp(p.listed) for p in shown),
                                                         default=_stamp(None))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = config.title
    head: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    close = b"</feed>"
    return head[: -len(close)] + b"".join(entries(p) for p in shown) + close + b"\n"


class AtomEntries:
    """Each article's Atom ``<entry>``, serialised once: an article is in the site's feed and in
    the feeds of its tags and hub."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self._made: dict[str, bytes] = {}

    def __call__(self, placed: PlacedArticle) -> bytes:
        """The entry of ``placed`` as it appears inside a feed (the feed declares the namespace)."""
        made = self._made.get(placed.url)
        if made is None:
            made = self._made[placed.url] = _entry(self.config, placed)
        return made


def _entry(config: SiteConfig, placed: PlacedArticle) -> bytes:
    a = placed.article
    ET.register_namespace("", ATOM)
    entry = ET.Element(f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title
    ET.SubElement(entry, f"{{{ATOM}}}id").text = _id(config, placed.url)
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(config, placed.url))
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(placed.listed)  # an undated article: when it was added
    if a.date:
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(a.date)
    if a.meta.author.value:
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = a.meta.author.value
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = " ".join(a.summary)
    data: bytes = ET.tostring(entry, encoding="utf-8")
    return data.replace(f' xmlns="{ATOM}"'.encode(), b"", 1)
