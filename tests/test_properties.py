"""Property tests: whatever bytes or frontmatter arrive, parse and clean return or refuse, never crash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="the test extras are needed: pip install -e '.[test]'")
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.clean import clean, packaged_rules
from generator.config import SiteConfig
from generator.enrich.stage import enrich
from generator.model import SourceFile, StageError
from generator.parse import parse

RULES = packaged_rules()


def run(data: bytes, name: str) -> None:
    source = SourceFile(Path(name), name, data, hashlib.sha256(data).hexdigest())
    try:
        article = enrich(clean(parse(source), RULES), SiteConfig())
    except StageError as exc:
        assert str(exc)
        return
    assert article.title and article.text.strip() and len(article.keywords) <= 10


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000), st.sampled_from(["a.md", "a.txt", "a.html", "a"]))
def test_random_bytes_give_an_article_or_a_problem(data: bytes, name: str) -> None:
    run(data, name)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                 st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=12)


BODY = "A council meeting in the city on Monday decided to rebuild the old bridge before the winter comes."
# Keys python-frontmatter's Post takes as arguments, and the singular forms other generators write.
KEYS = ["title", "author", "date", "tags", "categories", "outlet", "url", "image", "kind", "language", "layout", "x",
        "content", "handler", "category", "tag"]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), yaml_values, max_size=6), st.text(max_size=600))
@example({"title": "Keys named like Post's arguments", "content": "x", "handler": "y"}, BODY)
@example({"title": "A date with no such day", "date": "2023-02-30"}, BODY)
@example({"title": "Singular category", "category": "Politics"}, BODY)
def test_random_frontmatter_gives_an_article_or_a_problem(meta: dict, body: str) -> None:  # type: ignore[type-arg]
    import yaml

    try:
        header = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return
    run(f"---\n{header}---\n{body}\n".encode("utf-8", "surrogatepass"), "a.md")


@settings(max_examples=60, deadline=None)
@given(st.dates().map(str) | st.from_regex(r"\A(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\Z"),
       st.booleans())
@example("2023-02-30", False)
@example("2023-02-30", True)
def test_any_frontmatter_date_publishes_the_article(date: str, quoted: bool) -> None:
    """A date that names no real day drops the date, never the article."""
    value = f'"{date}"' if quoted else date
    data = f"---\ntitle: Bridge vote\ndate: {value}\n---\n\n{BODY}\n".encode()
    source = SourceFile(Path("a.md"), "a.md", data, hashlib.sha256(data).hexdigest())
    article = enrich(clean(parse(source), RULES), SiteConfig())
    assert article.title == "Bridge vote"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000))
def test_random_text_gives_an_article_or_a_problem(text: str) -> None:
    run(text.encode("utf-8"), "a.txt")


name_words = st.sampled_from(["Osama", "bin", "Bin", "Laden", "de", "De", "la", "Garza", "van", "Van", "der", "Sloot",
                              "Joran", "Putin", "Vladimir", "Li", "Shangfu", "said", "met", ".", ",", "the", "Marie",
                              "Ukraine", "Yovanovitch", "and", "al", "Al", "Qaeda", "Justice", "Department"])


@settings(max_examples=300, deadline=None)
@given(st.lists(name_words, min_size=1, max_size=40).map(" ".join))
def test_names_with_particles_surnames_and_titles_never_break_the_keywords(text: str) -> None:
    from generator.enrich.keywords import extract_candidates

    candidates = extract_candidates("", text, "en")
    assert len({c.key for c in candidates}) == len(candidates)
