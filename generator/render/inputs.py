"""What a page is made from: the plain values that fix a page's bytes, besides the code, the
settings and the templates (in every key's salt) and its articles (each fixed by its content
file's bytes).

A rebuild keys a page by these (:meth:`generator.render.reuse.PageReuse.made_from_key`), so a
page whose inputs are those it was last made from is kept without its view being built. Each
function here mirrors a view in :mod:`.views`: every value the view and its template read is
in the inputs, as a test checks by changing each one (``tests/test_reuse.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import PlacedArticle, SiteModel
from .paging import Pager
from .views import FILTER_TAG_ARTICLES, Cards, ListingPage, TagPage

Inputs = tuple[object, ...]


def pager_inputs(pager: Pager) -> Inputs:
    """What a page shows of its place in a paged list: its number and URL, whether it is the
    front page, whether the list has more than one page, its neighbours and the pages it links
    to. Not the page count itself: a page far back in a list cut by age shows none of it, and
    keeps its key as the list grows."""
    return (pager.number, pager.url, pager.front, pager.count > 1, pager.prev_url, pager.next_url,
            tuple((link.label, link.url) for link in pager.pages))


def article_inputs(placed: PlacedArticle, cards: Cards) -> tuple[tuple[str, ...], Inputs]:
    """What an article's page (:func:`generator.render.views.article_page`, with its head
    metadata) is made from: the content files of the articles it shows, and every other value
    it reads, as plain values. Equal inputs make an equal page, so a rebuild can skip a page
    whose inputs are those it was last made from."""
    site = cards.site
    by_source = site.by_source
    shown = [placed, *(by_source[r] for r in placed.related), *(by_source[c] for c in placed.copies)]
    if placed.duplicate_of:
        shown.append(by_source[placed.duplicate_of])
    sources = tuple(p.article.source_file for p in shown)
    hubs = tuple((h, site.hubs[h].name) for h in placed.hubs)
    filters = tuple(len(site.tags[s].articles) >= FILTER_TAG_ARTICLES for s in placed.tags)
    return sources, (tuple(map(cards.inputs, shown)), len(placed.related), len(placed.copies), hubs, filters)


def tag_page_inputs(page: TagPage, pager: Pager, shown: Sequence[PlacedArticle],
                    cards: Cards) -> tuple[tuple[str, ...], Inputs]:
    """What one page of a tag's list is made from: its tag's view without articles (``page``:
    name, URL, kind, hubs and count, as that page shows them), its place in the list and the
    articles it shows, with their card inputs."""
    head = (page.name, page.url, page.kind, tuple((h.label, h.url) for h in page.hubs), page.count)
    return (tuple(p.article.source_file for p in shown),
            (head, pager_inputs(pager), tuple(map(cards.inputs, shown))))


def tag_index_inputs(heads: Sequence[TagPage], pager: Pager) -> tuple[tuple[str, ...], Inputs]:
    """What one page of the tags index is made from: its place in the index and, for each tag
    it lists, the name, URL, kind and count it shows. It shows no article."""
    return (), (pager_inputs(pager), tuple((h.name, h.url, h.kind, h.count) for h in heads))


def archive_page_inputs(pager: Pager, shown: Sequence[PlacedArticle]) -> tuple[tuple[str, ...], Inputs]:
    """What a page of the archive is made from: its place in the list and the articles it
    lists, each with its URL and when its file was added (an undated one is listed by that). It
    shows their titles, dates and outlets (which their content files fix), not their tags: a
    new article that changes other articles' tags leaves the archive's pages as they were."""
    return tuple(p.article.source_file for p in shown), (pager_inputs(pager), tuple((p.url, p.added) for p in shown))


def home_page_inputs(pager: Pager, shown: Sequence[PlacedArticle], cards: Cards) -> tuple[tuple[str, ...], Inputs]:
    """What a page of older articles behind the home page is made from: its place in the list
    and the articles it shows, with their card inputs (it shows nothing else that changes)."""
    return tuple(p.article.source_file for p in shown), (pager_inputs(pager), tuple(map(cards.inputs, shown)))


def listing_page_inputs(page: ListingPage, pager: Pager, shown: Sequence[PlacedArticle],
                        cards: Cards) -> tuple[tuple[str, ...], Inputs]:
    """What one page of an outlet's list is made from: the outlet's name, URL and count (as
    that page shows them), its place in the list and the articles it shows, with their card inputs."""
    return (tuple(p.article.source_file for p in shown),
            ((page.name, page.url, page.count), pager_inputs(pager), tuple(map(cards.inputs, shown))))


def hub_page_inputs(slug: str, pager: Pager, cards: Cards) -> tuple[tuple[str, ...], Inputs]:
    """What one page of a topic hub is made from: every member (the page counts them and names
    their outlets, and the first page's timeline lists them), with their card inputs; the hub's
    name and slug, its brief (each line's text and the article it cites), its top tags with a
    page, and the page's place in the hub's list."""
    site = cards.site
    hub, by_source = site.hubs[slug], site.by_source
    brief = tuple((b.text, b.article, b.rank) for b in hub.brief)  # a cited article is a member: its card inputs hold its URL
    tags = tuple((t, site.tags[t].name) for t in hub.top_tags if t in site.tags and site.tags[t].has_page)
    members = tuple(by_source[s] for s in hub.articles)
    return hub.articles, (slug, hub.name, brief, tags, pager_inputs(pager),
                          tuple(map(cards.inputs, members)))


def hub_index_inputs(slugs: Sequence[str], pager: Pager, site: SiteModel) -> tuple[tuple[str, ...], Inputs]:
    """What one page of the topics index is made from: for each hub it lists, its slug, name,
    size and the lead of its brief (:attr:`generator.model.Hub.lead`), and its members (whose
    outlets it names); and its place in the index."""
    hubs = [site.hubs[s] for s in slugs]
    return (tuple(m for h in hubs for m in h.articles),
            (pager_inputs(pager), tuple((h.slug, h.name, len(h.articles), h.lead)
                                              for h in hubs)))


def hub_redirect_inputs(slug: str, site: SiteModel) -> tuple[tuple[str, ...], Inputs]:
    """What the page at an earlier hub address is made from: the hub it leads to, its slug (its
    URL) and its name. It shows no article."""
    return (), (slug, site.hubs[slug].name)


def article_redirect_inputs(source: str, site: SiteModel) -> tuple[tuple[str, ...], Inputs]:
    """What the page at an article's earlier address is made from: the URL and title of the
    article's page now. It shows nothing else of the article."""
    placed = site.by_source[source]
    return (), (placed.url, placed.article.title)
