"""Writing systems other than the Latin alphabet: what the word and sentence helpers
(:mod:`generator.text`) need to know of them.

- Chinese characters and Japanese kana are written without spaces between words: a word is
  counted a character, and texts are compared in two-character pieces (:func:`unspaced_bigrams`).
- Indic, Southeast Asian, Hebrew and Arabic letters carry combining marks (vowel signs, points)
  that Python's ``\\w`` does not match; a word holds them (:data:`MARKED_WORD`).
- Several scripts end sentences with their own marks (the Devanagari danda, the Arabic question
  mark, the ideographic full stop).
- Every script is spelled in ASCII for addresses (:func:`transliterate`).
"""

from __future__ import annotations

import re
import unicodedata

UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana and ideographs: no spaces between words
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
UNSPACED_WORDS = re.compile(f"[{UNSPACED}]|[^\\s{UNSPACED}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+")
UNSPACED_RUN = re.compile(f"[{UNSPACED}]+|[^{UNSPACED}]+")
CJK_STOP = "\u3002\uff01\uff1f"  # the ideographic full stop and the fullwidth ! and ?
CJK_CLOSE = "\u300d\u300f\u201d\u2019)\uff09"  # closing corner brackets, quotes and parentheses
OTHER_STOPS = "\u0964\u0965\u061f\u06d4"  # the Devanagari danda and double danda, the Arabic ? and full stop
MARK_BLOCKS = ((0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F),
               (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x1000, 0x109F),
               (0x1780, 0x17FF))  # combining diacritics, Cyrillic, Hebrew, Arabic, Indic, Thai–Lao, Burmese, Khmer


def _marks() -> str:
    """The combining marks (Unicode categories Mn, Mc, Me) of :data:`MARK_BLOCKS`, as ranges for a
    character class."""
    ranges: list[str] = []
    for first, last in MARK_BLOCKS:
        start = None
        for code in range(first, last + 2):
            mark = code <= last and unicodedata.category(chr(code)).startswith("M")
            if mark and start is None:
                start = code
            elif not mark and start is not None:
                ranges.append(chr(start) if start == code - 1 else f"{chr(start)}-{chr(code - 1)}")
                start = None
    return "".join(ranges)


MARKS = _marks()
MARK = re.compile(f"[{MARKS}]")
LETTER = f"(?:[^\\W_]|[{MARKS}])"  # a letter or digit, or a mark on one
SPECIAL = re.compile(f"[{MARKS}{UNSPACED}]")  # a text needs one of the helpers below only when this finds something
MARKED_WORD = re.compile(f"[^\\W_](?:[\\w{MARKS}'’-]*{LETTER})?")  # text.WORD, marks held


def word_count(text: str) -> int:
    """How many words ``text`` has: its runs between spaces, but each Chinese character or
    Japanese kana one word (those scripts put no spaces between words; word processors count so)."""
    if text.isascii() or not UNSPACED_CHAR.search(text):
        return len(text.split())
    return len(UNSPACED_WORDS.findall(text))


def unspaced_bigrams(tokens: list[str]) -> list[str]:
    """``tokens`` with each run of Chinese characters or Japanese kana in them replaced by its
    overlapping two-character pieces (a lone character stands as it is): those scripts put no
    spaces between words, and character pairs are how search engines index them (Lucene's CJK
    analyser), so two texts that share words share pairs."""
    out: list[str] = []
    for token in tokens:
        if not UNSPACED_CHAR.search(token):
            out.append(token)
            continue
        for run in UNSPACED_RUN.findall(token):
            if not UNSPACED_CHAR.match(run) or len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def transliterate(text: str) -> str:
    """``text`` in ASCII letters, by anyascii (every script: "Путин" is "Putin", "서울" "SeoUl");
    Chinese characters and Japanese kana, written without spaces, as one syllable each, spaced
    ("北京" is "Bei Jing")."""
    from anyascii import anyascii  # its tables load on first use: most sites never need them

    return anyascii(UNSPACED_RUN.sub(lambda m: " ".join(m.group()) if UNSPACED_CHAR.match(m.group()) else m.group(),
                                     text))
