"""Everyday words patients search with: lay-words.yaml maps each word or phrase a patient may
type ("metal in my back", "tornillos") to the words our guides use for it.

The search page looks for both; the map travels to it in the search index. Keys are written in
lower case, as patients type them; two keys that differ only by accents are one key written
twice. Whether the words on the right are words the guides use is checked with the guides
(`procedure_guides.checks.search`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from procedure_guides.model.fields import INVALID, ListOf, MapOf, Reader, Text
from procedure_guides.model.problems import KeyPath, Problem
from procedure_guides.model.yaml_files import read_shape

LAY_WORDS_FILE = "lay-words.yaml"

# Words of letters (accented ones too), joined by single spaces, hyphens or apostrophes.
LAY_WORD_PATTERN = r"^[^\W\d_]+(?:[ '\u2019-][^\W\d_]+)*$"
LAY_WORDS = MapOf(
    LAY_WORD_PATTERN,
    "a word or phrase (letters, with single spaces, hyphens or apostrophes between words)",
    ListOf(Text(one_line=True, cites=False), "The words our guides use for it."),
    may_be_empty=True,
)


@dataclass(frozen=True)
class LayWords:
    means: dict[str, list[str]]  # the patient's word or phrase: the guides' words for it
    lines: dict[KeyPath, int] = field(default_factory=dict)  # where each key and word is written


def folded(text: str) -> str:
    """Lower case without accents: how search compares words ("Fusión" is "fusion")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def read_lay_words(root: Path) -> tuple[LayWords, list[Problem]]:
    """The project's lay words that are written well (none when it has no file), and a problem for
    each mistake in the file, so that they are reported with every other problem at once."""
    path = root / LAY_WORDS_FILE
    if not path.exists():
        return LayWords({}), []
    reader = Reader(LAY_WORDS_FILE)
    read = read_shape(path, LAY_WORDS, reader) or {}
    means: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for key, words in read.items():
        line = reader.lines[(key,)]
        same = first.setdefault(folded(key), key)
        if key != key.lower():
            reader.problem(line, (key,), f"write it in lower case: {key.lower()!r}")
        elif same != key:
            reader.problem(line, (key,), f"is {same!r} (line {reader.lines[(same,)]}) once accents are set aside")
        elif words is not INVALID and INVALID not in words:
            itself = [i for i, word in enumerate(words) if folded(word) == folded(key)]
            for i in itself:
                reader.problem(reader.lines[(key, i)], (key, i), "is the lay word itself: search finds it anyway")
            if not itself:
                means[key] = words
    return LayWords(means, reader.lines), reader.problems
