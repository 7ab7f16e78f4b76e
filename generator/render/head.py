"""What a page's head says about it: title, description, canonical URL, feeds, structured data."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import SiteConfig
from ..model import PlacedArticle
from .views import Link


@dataclass(frozen=True)
class SiteView:
    """Site-wide values every page template uses."""

    title: str
    description: str
    language: str
    base_url: str


@dataclass(frozen=True)
class PageMeta:
    """What a page's head says about it: title, description, canonical URL, feeds, structured data."""

    title: str
    description: str
    path: str
    canonical: str
    og_type: str
    feeds: tuple[Link, ...]
    json_ld: dict[str, object] | None


def site_view(config: SiteConfig) -> SiteView:
    """The site-wide view from the config."""
    return SiteView(config.title, config.description, config.language, config.base_url)


def absolute(config: SiteConfig, path: str) -> str:
    """``path`` under the configured base URL (left site-relative when no base URL is set)."""
    return f"{config.base_url}{path}" if config.base_url else path


def page_meta(config: SiteConfig, title: str, description: str, path: str, og_type: str = "website",
              feeds: tuple[Link, ...] = (), json_ld: dict[str, object] | None = None,
              canonical_path: str | None = None) -> PageMeta:
    """The head metadata of one page; canonical URLs come from the configured base URL. A copy's
    page names the original's path as ``canonical_path``."""
    return PageMeta(title, description, path, absolute(config, canonical_path or path), og_type, feeds, json_ld)


def article_json_ld(placed: PlacedArticle, config: SiteConfig) -> dict[str, object]:
    """schema.org NewsArticle data for an article page."""
    a = placed.article
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title[:110],
        "description": " ".join(a.summary),
        "inLanguage": a.meta.language.value or config.language,
        "mainEntityOfPage": absolute(config, placed.url),
        "wordCount": a.word_count,
        "keywords": list(a.keywords),
    }
    if a.date:
        data["datePublished"] = a.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    if a.meta.author.value:
        data["author"] = {"@type": "Person", "name": a.meta.author.value}
    if a.meta.outlet.value:
        data["publisher"] = {"@type": "Organization", "name": a.meta.outlet.value}
    return data
