"""Which of an article's sentences may stand in a hub's brief (per article, so cached with it).

A brief (:mod:`generator.group.brief`) quotes whole sentences from a hub's articles and weighs
them by the word pairs they share with the other articles. What a sentence offers does not
depend on the hub, so each article's candidates and their word stems are found once, here,
and the group stage only counts and chooses.
"""

from __future__ import annotations

from ..cache import value_digest
from ..model import BriefCandidate
from ..scripts import word_count
from ..text import balanced, split_sentences, stem, words

SENTENCE_WORDS = (8, 45)  # shorter is a fragment or a caption, longer a run-on
SENTENCES_READ = 40  # of each article: its opening carries the story


def brief_candidates(text: str, sentences: list[str] | None = None) -> tuple[BriefCandidate, ...]:
    """The sentences among the first ``SENTENCES_READ`` of ``text`` (split into ``sentences``
    when the caller has them) of a sensible length whose quotations close, each with its place
    and its word stems."""
    out: list[BriefCandidate] = []
    for place, sentence in enumerate((split_sentences(text) if sentences is None else sentences)[:SENTENCES_READ]):
        if SENTENCE_WORDS[0] <= word_count(sentence) <= SENTENCE_WORDS[1] and balanced(sentence):
            out.append(BriefCandidate(place, sentence, " ".join(map(stem, words(sentence)))))
    return tuple(out)


def brief_digest(candidates: tuple[BriefCandidate, ...]) -> bytes:
    """A digest of an article's brief candidates (each one's place, text and stems): what its
    sentences offer a brief, known without reading them again (:func:`generator.group.hubs.brief_key`)."""
    return value_digest(tuple(tuple(c) for c in candidates))
