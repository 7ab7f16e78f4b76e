"""The word lists of ``keyword_words.toml`` (each with why it is there), read once a process.

Loading them needs nothing but the file, so a stage that only wants a list (the clean stage's
publication names) reads it here without the keyword stage's libraries.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

WORDS = tomllib.loads(Path(__file__).with_name("keyword_words.toml").read_text(encoding="utf-8"))


def word_list(name: str) -> frozenset[str]:
    """A word list of ``keyword_words.toml``, by its table's name."""
    return frozenset(WORDS[name]["words"])
