"""sitemap.xml and robots.txt: what crawlers read."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..config import SiteConfig
from .head import absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(config: SiteConfig, paths: list[str]) -> bytes:
    """sitemap.xml listing every page (absolute URLs when the site has a base URL)."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for path in paths:
        ET.SubElement(ET.SubElement(root, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc").text = absolute(config, path)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def robots(config: SiteConfig) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named when its URL is known."""
    lines = ["User-agent: *", "Allow: /", "Disallow: /pagefind/"]
    if config.base_url:
        lines.append(f"Sitemap: {absolute(config, '/sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")
