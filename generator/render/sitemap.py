"""Atom feeds, sitemap.xml and robots.txt: the files other programs read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from ..config import SiteConfig
from ..model import PlacedArticle
from .feeds import absolute

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNDATED = datetime(1970, 1, 1)
ATOM_ENTRIES = 50


def _id(config: SiteConfig, path: str) -> str:
    """An Atom id: the absolute URL, or a tag URI when the site has no base URL yet."""
    return absolute(config, path) if config.base_url else f"tag:briefing,2024:{path}"


def _stamp(date: datetime | None) -> str:
    return (date or UNDATED).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(config: SiteConfig, title: str, page: str, feed: str, articles: list[PlacedArticle]) -> bytes:
    """An Atom 1.0 feed of ``articles`` (newest first, at most 50) for the page at ``page``."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    ET.SubElement(root, f"{{{ATOM}}}id").text = _id(config, feed)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=absolute(config, feed))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(config, page))
    entries = articles[:ATOM_ENTRIES]
    ET.SubElement(root, f"{{{ATOM}}}updated").text = max((_stamp(p.article.date or p.added) for p in entries),
                                                         default=_stamp(None))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = config.title
    for placed in entries:
        a = placed.article
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _id(config, placed.url)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=absolute(config, placed.url))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(a.date or placed.added)  # an undated article: when it was added
        if a.date:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(a.date)
        if a.meta.author.value:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = a.meta.author.value
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = " ".join(a.summary)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap(config: SiteConfig, paths: list[str]) -> bytes:
    """sitemap.xml listing every page (absolute URLs when the site has a base URL)."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for path in paths:
        ET.SubElement(ET.SubElement(root, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc").text = absolute(config, path)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(config: SiteConfig) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named when its URL is known."""
    lines = ["User-agent: *", "Allow: /", "Disallow: /pagefind/"]
    if config.base_url:
        lines.append(f"Sitemap: {absolute(config, '/sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")
