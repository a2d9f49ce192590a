"""The lay words lead somewhere: each word lay-words.yaml gives for a patient's word is a word
the search index holds, in some guide's title, other names or summary (English or a
translation), or the start of one, as the search page matches words as they are typed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from procedure_guides.model.lay_words import LAY_WORDS_FILE, LayWords, folded
from procedure_guides.model.problems import Problem, format_key_path
from procedure_guides.model.record import Record

WORD = re.compile(r"[^\W_]+")


def searched_words(pages: Iterable[Record]) -> set[str]:
    """Every word the search page looks through: titles, other names and summaries."""
    words: set[str] = set()
    for page in pages:
        procedure = page.procedure
        for text in [procedure.title, procedure.summary, *(procedure.also_known_as or [])]:
            words.update(WORD.findall(folded(text)))
    return words


def lay_word_problems(lay_words: LayWords, pages: Iterable[Record]) -> list[Problem]:
    """Words given for a lay word that no guide uses: a search for them would find nothing."""
    known = searched_words(pages)
    problems = []
    for key, means in lay_words.means.items():
        for i, phrase in enumerate(means):
            for word in WORD.findall(folded(phrase)):
                if word not in known and not any(used.startswith(word) for used in known):
                    problems.append(
                        Problem(
                            LAY_WORDS_FILE,
                            lay_words.lines.get((key, i), 1),
                            format_key_path((key, i)),
                            f"{word!r} is in no guide's title, other names or summary, so search would find nothing"
                            " with it: give a word the guides use",
                        )
                    )
    return problems
