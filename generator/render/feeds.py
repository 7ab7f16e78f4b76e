"""Feeds: the JSON Feed 1.1 contract other tools read (see the README for every field), and Atom
for the site, every tag with a page and every hub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..config import SiteConfig
from ..model import OutputFile, PlacedArticle, SiteModel
from .head import absolute
from .reuse import PageReuse
from .views import hub_url, tag_url

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
UNDATED = datetime(1970, 1, 1)
ATOM_ENTRIES = 50


def feed_files(site: SiteModel, config: SiteConfig, reuse: PageReuse | None = None) -> list[OutputFile]:
    """``feed.json``, the site's Atom feed, and an Atom feed for every tag with a page and every
    hub; with ``reuse``, an Atom feed whose head and entries are those of the site's copy stays."""
    entries = AtomEntries(config)
    files = [OutputFile("feed.json", json_feed(site, config))]
    lists: list[tuple[str, str, Sequence[PlacedArticle]]] = [("/", config.title, site.articles)]  # newest first
    lists += [(tag_url(slug), f"{config.title}: {tag.name}", _newest_first(site, tag.articles))
              for slug, tag in site.tags.items() if tag.has_page]
    lists += [(hub_url(slug), f"{config.title}: {hub.name}", _newest_first(site, hub.articles))
              for slug, hub in site.hubs.items()]
    for url, title, members in lists:
        newest = list(members[:ATOM_ENTRIES])
        path = f"{url}feed.xml".lstrip("/")

        def make(url: str = url, title: str = title, newest: list[PlacedArticle] = newest) -> bytes:
            return atom_feed(config, title, url, f"{url}feed.xml", newest, entries)

        if reuse is None:
            data: bytes | None = make()
        else:
            data = reuse.page(path, "atom", {"title": title, "page": url, "entries": tuple(map(entries.fields, newest))},
                              make)
        if data is not None:
            files.append(OutputFile(path, data))
    return files


def _newest_first(site: SiteModel, sources: Sequence[str]) -> list[PlacedArticle]:
    """The articles of ``sources`` in the site's order (newest first)."""
    return sorted((site.by_source[s] for s in sources), key=lambda p: site.position[p.article.source_file])


def json_feed(site: SiteModel, config: SiteConfig) -> bytes:
    """The site's ``feed.json``: every article, newest first, one item a line."""
    head: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": absolute(config, "/"),
        "feed_url": absolute(config, "/feed.json"),
        "description": config.description,
        "language": config.language,
    }
    fields = [f" {json.dumps(k)}: {_compact(v)}" for k, v in head.items()]
    fields.append(f' "items": {_rows([_item(p, site, config) for p in site.articles], " ")}')
    fields.append(f' "_briefing": {{\n  "hubs": {_rows([_hub(slug, site, config) for slug in site.hubs], "  ")}\n }}')
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("utf-8")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _rows(values: list[dict[str, Any]], indent: str) -> str:
    """A JSON array with one value a line (the compiled encoder writes each: an indented dump
    of 5,000 articles goes through the pure-Python one at three times the cost)."""
    if not values:
        return "[]"
    inner = indent + " "
    return "[\n" + inner + f",\n{inner}".join(map(_compact, values)) + "\n" + indent + "]"


def _hub(slug: str, site: SiteModel, config: SiteConfig) -> dict[str, Any]:
    """A topic hub as the feed lists it: its members as item ids and its brief with citations."""
    hub = site.hubs[slug]
    by_source = site.by_source
    return {
        "slug": slug,
        "title": hub.name,
        "url": absolute(config, hub_url(slug)),
        "articles": [absolute(config, by_source[s].url) for s in hub.articles],
        "brief": [{"text": b.text, "item_id": absolute(config, by_source[b.article].url),
                   "outlet": by_source[b.article].article.meta.outlet.value} for b in hub.brief],
        "outlets": sorted({o for s in hub.articles if (o := by_source[s].article.meta.outlet.value)}),
        "tags": [site.tags[t].name for t in hub.top_tags if t in site.tags],
    }


def _item(placed: PlacedArticle, site: SiteModel, config: SiteConfig) -> dict[str, Any]:
    a = placed.article
    meta = a.meta
    by_source = site.by_source
    item: dict[str, Any] = {
        "id": absolute(config, placed.url),
        "url": absolute(config, placed.url),
        "title": a.title,
        "content_text": a.text,
        "summary": " ".join(a.summary),
        "tags": [site.tags[slug].name for slug in placed.tags],
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
        "added": _stamp(placed.added) if placed.added else None,
        "format": a.format,
        "outlet": meta.outlet.value,
        "section": meta.section.value,
        "original_source": meta.original_source.value,
        "first_published": meta.first_published.value,
        "kind": meta.kind.value,
        "title_generated": a.title_generated,
        "tag_slugs": list(placed.tags),
        "summary_sentences": list(a.summary),
        "hubs": list(placed.hubs),
        "related": [absolute(config, by_source[r].url) for r in placed.related],
        "duplicate_of": absolute(config, by_source[placed.duplicate_of].url) if placed.duplicate_of else None,
        "also_published_by": [{"id": absolute(config, by_source[c].url), "outlet": by_source[c].article.meta.outlet.value}
                              for c in placed.copies],
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
    ET.SubElement(root, f"{{{ATOM}}}updated").text = max((_stamp(p.article.date or p.added) for p in shown),
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
        self._fields: dict[str, tuple[str, ...]] = {}

    def __call__(self, placed: PlacedArticle) -> bytes:
        """The entry of ``placed`` as it appears inside a feed (the feed declares the namespace)."""
        made = self._made.get(placed.url)
        if made is None:
            made = self._made[placed.url] = _entry(self.config, placed)
        return made

    def fields(self, placed: PlacedArticle) -> tuple[str, ...]:
        """What the entry of ``placed`` shows (:func:`entry_fields`), made once for all its feeds."""
        made = self._fields.get(placed.url)
        if made is None:
            made = self._fields[placed.url] = entry_fields(placed)
        return made


def entry_fields(placed: PlacedArticle) -> tuple[str, ...]:
    """What an article's Atom entry shows (:func:`_entry`), as plain values."""
    a = placed.article
    return (a.title, placed.url, _stamp(a.date or placed.added), _stamp(a.date) if a.date else "",
            a.meta.author.value or "", " ".join(a.summary))


def _entry(config: SiteConfig, placed: PlacedArticle) -> bytes:
    a = placed.article
    ET.register_namespace("", ATOM)
    entry = ET.Element(f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title
    ET.SubElement(entry, f"{{{ATOM}}}id").text = _id(config, placed.url)
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(config, placed.url))
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(a.date or placed.added)  # an undated article: when it was added
    if a.date:
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(a.date)
    if a.meta.author.value:
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = a.meta.author.value
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = " ".join(a.summary)
    data: bytes = ET.tostring(entry, encoding="utf-8")
    return data.replace(f' xmlns="{ATOM}"'.encode(), b"", 1)
