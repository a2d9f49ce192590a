"""How easy Spanish patient text is to read: the Fernández-Huerta reading ease.

Fernández-Huerta (1959) adapted Flesch's reading ease to Spanish; we use the
corrected form (Law, 2011): 206.84 - 60 * syllables/words - 1.02 * words/sentences.
On its scale, 60 to 70 is "normal" text for school grade 7 or 8, so a page must
score at least 60 to match the English pages' limit of grade 8.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from procedure_guides.checks.reading_level import hardest_first, sentences
from procedure_guides.model.problems import KeyPath
from procedure_guides.model.record import patient_text

EASE_LIMIT = 60.0  # the lowest Fernández-Huerta score a Spanish page may have

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")  # a Spanish sentence may open with ¿, ¡ or an accent
_STRONG = set("aeoáéóíú")  # an accent makes i and u strong: rí-o, a-ún
_WEAK = set("iuü")


@dataclass(frozen=True)
class SpanishScore:
    ease: float
    sentences: int
    words: int


def syllables(word: str) -> int:
    """Spoken syllables: one per vowel group, split where two strong vowels meet (a hiatus)."""
    word = word.lower()
    count, previous = 0, ""
    for i, char in enumerate(word):
        # a final y after a vowel sounds as a weak vowel (hoy, muy); elsewhere it is a consonant
        vowel = char in _STRONG or char in _WEAK or (char == "y" and i == len(word) - 1 and previous != "")
        if not vowel:
            previous = ""
            continue
        if not previous or (previous in _STRONG and char in _STRONG):
            count += 1
        previous = char
    return max(1, count)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def spanish_sentences(pieces: Iterable[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
    return sentences(pieces, _SENTENCE_END, _WORD)


def ease(text_sentences: list[str]) -> SpanishScore:
    all_words = [w for s in text_sentences for w in words(s)]
    n_words = max(1, len(all_words))
    n_sentences = max(1, len(text_sentences))
    value = 206.84 - 60 * sum(syllables(w) for w in all_words) / n_words - 1.02 * n_words / n_sentences
    return SpanishScore(round(value, 1), len(text_sentences), len(all_words))


def sentence_difficulty(sentence: str) -> tuple[int, int]:
    found = words(sentence)
    return sum(1 for w in found if syllables(w) >= 4), len(found)


def translation_score(data: dict[str, Any]) -> tuple[SpanishScore, list[tuple[KeyPath, str]]]:
    """The translation's reading ease, and its sentences (with where they are), hardest first."""
    found = spanish_sentences(patient_text(data))
    return ease([text for _, text in found]), hardest_first(found, sentence_difficulty)
