"""Which of an article's sentences may stand in a hub's brief (per article, so cached with it).

A brief (:mod:`generator.group.brief`) quotes whole sentences from a hub's articles and weighs
them by the word pairs they share with the other articles. What a sentence offers does not
depend on the hub, so each article's candidates and their word stems are found once, here,
and the group stage only counts and chooses. So is whether a sentence refers back: one that
opens with a pronoun, a demonstrative or a linking word ("He was arrested …", "But his government
…"), or whose quotation a pronoun attributes ("'…,' he added."), reads as nonsense without what
came before it, and a brief takes it only after an earlier sentence of its own article. A
sentence that is one quotation and nothing else ("There's a lot of user apprehension about
that.") never stands in a brief: who said it is in another sentence.
"""

from __future__ import annotations

import re

from ..cache import value_digest
from ..model import BriefCandidate
from ..scripts import word_count
from ..text import balanced, split_sentences, stem, words
from .word_lists import word_list

SENTENCE_WORDS = (8, 45)  # shorter is a fragment or a caption, longer a run-on
SENTENCES_READ = 40  # of each article: its opening carries the story
REFERS_BACK = word_list("refers_back")
TIME = word_list("units") | word_list("time_words")  # "This week", "That year's": a time or a measure, not a reference
QUOTED = re.compile(r"""["“][^"”]*["”]\W*|['‘](?:(?!['’][,.!?]?\s).)*['’]\W*""")  # a whole sentence in quotes
OPENING_WORDS = re.compile(r"\W*(\w+)(?:['’]\w+)?\W*(\w*)")  # the first two words; "It's" is "It"
SPEAKERS = word_list("speaker_pronouns")
QUOTE_THEN_WORD = re.compile(r"""[,!?…]["”’']\s+(\w+)\s+[a-z]""")  # '…," he said', the word after a closing quote


def brief_candidates(text: str, sentences: list[str] | None = None, language: str = "en") -> tuple[BriefCandidate, ...]:
    """The sentences among the first ``SENTENCES_READ`` of ``text`` (split into ``sentences``
    when the caller has them) of a sensible length whose quotations close, and that are not one
    quotation alone (its speaker is named elsewhere), each with its place,
    its word stems and whether it refers back (:func:`refers_back`; English word lists)."""
    out: list[BriefCandidate] = []
    for place, sentence in enumerate((split_sentences(text) if sentences is None else sentences)[:SENTENCES_READ]):
        if SENTENCE_WORDS[0] <= word_count(sentence) <= SENTENCE_WORDS[1] and balanced(sentence) \
                and not QUOTED.fullmatch(sentence.strip()):
            back = language == "en" and refers_back(sentence)
            out.append(BriefCandidate(place, sentence, " ".join(map(stem, words(sentence))), back))
    return tuple(out)


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` points to one before it: it opens with a pronoun ("He", "Its"), a
    demonstrative ("That is …", "These measures …") or a linking word ("But", "However"), not
    with a time or a measure ("This week", "That year's"); or a pronoun says who spoke its
    quotation ("'We want to normalise relations,' he added.")."""
    if any(m.group(1) in SPEAKERS for m in QUOTE_THEN_WORD.finditer(sentence)):
        return True
    found = OPENING_WORDS.match(sentence)
    if found is None or found.group(1).lower() not in REFERS_BACK:
        return False
    return found.group(2).lower() not in TIME


def brief_digest(candidates: tuple[BriefCandidate, ...]) -> bytes:
    """A digest of an article's brief candidates (each one's place, text, stems and whether it
    refers back): what its sentences offer a brief, known without reading them again
    (:func:`generator.group.hubs.brief_key`)."""
    return value_digest(tuple(tuple(c) for c in candidates))
