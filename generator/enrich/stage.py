"""Stage 4, enrich: keywords, summary and a title when the file had none (per article, pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..clean.meta import CLIPPED_LEAD
from ..config import SiteConfig
from ..model import Article, CleanDoc, Field, Signals, StageWarning
from ..scripts import word_count
from ..tag_keys import tokens
from ..text import article_slug, paragraph_sentences
from .brief_sentences import brief_candidates, brief_digest
from .fingerprint import fingerprint
from .keywords import extract_candidates, surname_evidence
from .opening import plain_tokens
from .phrases import KeyPhraseError, key_phrases
from .summary import summarise
from .terms import comparison_terms, name_terms, sentence_tokens
from .title import write_title
from .words import sentence_case


def enrich(doc: CleanDoc, config: SiteConfig) -> Article:
    """Turn a cleaned document into an article with ranked keywords and an extractive summary."""
    text = doc.text
    words = tokens(text)  # for the copy-finding fingerprint and the comparison terms
    language = doc.meta.language.value or config.language
    short = language if len(language) == 2 else "en"  # the code the word lists know
    warnings = doc.warnings
    try:
        phrases = key_phrases(doc.meta.title.value or "", text, short)
    except KeyPhraseError as exc:  # the phrases are one ranking feature: the article stands without them
        phrases, warnings = (), (*warnings, StageWarning("enrich", f"no key phrases: {exc}"))
    paragraphs = [paragraph_sentences(line) for line in text.split("\n")]  # the summary reads them by line
    sentences = [s for line in paragraphs for s in line]  # the keyword candidates, the names, the brief sentences
    split = sentence_tokens(sentences)
    candidates = extract_candidates(doc.meta.title.value or "", text, language, phrases, plain_tokens(sentences, split, short))
    keywords = tuple(c.text for c in candidates[: config.keywords_per_article])
    headline = sentence_case(doc.meta.title.value, text, short) if doc.meta.title.value else ""  # capitals: names only
    meta = doc.meta
    generated = meta.title.value is None
    clipped = next((r.text for r in doc.removed if r.rule == CLIPPED_LEAD), "")
    title = meta.title.value or write_title(text, keywords, short, clipped)
    if generated:
        meta = replace(meta, title=Field(title, "written from the opening"))
    date = datetime.fromisoformat(meta.date.value) if meta.date.value else None
    briefs = brief_candidates(text, sentences, short)
    return Article(
        source_file=doc.source.rel,
        format=doc.format,
        title=title,
        title_generated=generated,
        slug=article_slug(title, doc.source.rel),
        meta=meta,
        date=date,
        blocks=doc.blocks,
        removed=doc.removed,
        keywords=keywords,
        summary=summarise(text, config.summary_sentences, paragraphs, short),
        word_count=word_count(text),
        signals=Signals(candidates=tuple(c.for_ranking() for c in candidates), fingerprint=fingerprint(words),
                        terms=comparison_terms(tokens(title) + words, name_terms(headline or title, split, language)),
                        brief_candidates=briefs, surnames=surname_evidence(candidates), brief_digest=brief_digest(briefs)),
        warnings=warnings,
    )

