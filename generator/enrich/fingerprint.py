"""An article's fingerprint: the sample of its word shingles that copies of it share."""

from __future__ import annotations

import zlib
from array import array

SHINGLE = 5
SAMPLE = 4  # keep one shingle in four (by hash), enough to meet every real copy


def fingerprint(words: list[str]) -> bytes:
    """The hashes of one in four of the overlapping five-word runs of ``words`` (the text's
    :func:`generator.tag_keys.tokens`), chosen by hash so two copies sample the same runs, sorted and
    packed as unsigned 32-bit integers. Computed per article, where it is cached, so the corpus
    stage only compares (:mod:`generator.group.duplicates`)."""
    hashes = {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(max(0, len(words) - SHINGLE + 1))}
    return array("I", sorted(h for h in hashes if h % SAMPLE == 0)).tobytes()
