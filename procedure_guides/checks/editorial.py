"""Checks on what a record says, beyond its shape: reading grade and review dates."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from procedure_guides.checks.reading_level import (
    GRADE_LIMIT,
    HINT_MIN_WORDS,
    LONG_SENTENCE_WORDS,
    record_score,
    sentences,
    words,
)
from procedure_guides.checks.spanish_reading_level import EASE_LIMIT, translation_score
from procedure_guides.model.declaration import RECORD, keys_where
from procedure_guides.model.fields import MapOf, Text
from procedure_guides.model.problems import KeyPath, Problem, format_key_path
from procedure_guides.model.record import Record, patient_text
from procedure_guides.model.text import CITATION
from procedure_guides.model.yaml_files import read_data_file

HARDEST_SHOWN = 3


def reading_problems(record: Record) -> list[Problem]:
    """A record over the reading-grade limit, and where its hardest sentences are."""
    score, hardest = record_score(record.data)
    if score.grade <= GRADE_LIMIT:
        return []
    return _hard_to_read(
        record,
        "(reading grade)",
        f"the page reads at grade {score.grade} ({score.formulas}); the limit is {GRADE_LIMIT:g}",
        hardest,
    )


def spanish_reading_problems(translation: Record) -> list[Problem]:
    """A Spanish translation under the reading-ease limit, and where its hardest sentences are."""
    score, hardest = translation_score(translation.data)
    if score.ease >= EASE_LIMIT:
        return []
    return _hard_to_read(
        translation,
        "(reading ease)",
        f"the page scores {score.ease} on the Fernández-Huerta scale; the lowest allowed is {EASE_LIMIT:g} (grade 8)",
        hardest,
    )


def _hard_to_read(record: Record, label: str, verdict: str, hardest: list[tuple[KeyPath, str]]) -> list[Problem]:
    """One problem for the page, with its hardest real sentences as hints of where to start."""
    sentences_worth_rewriting = [(path, s) for path, s in hardest if len(words(s)) >= HINT_MIN_WORDS]
    hints = tuple(
        f"{record.file}:{record.line(*path)}: {format_key_path(path)}: {sentence!r}"
        for path, sentence in sentences_worth_rewriting[:HARDEST_SHOWN]
    )
    message = f"{verdict}: use shorter sentences and words" + (", starting with these:" if hints else "")
    return [Problem(record.file, 1, label, message, hints)]


def review_problems(record: Record) -> list[Problem]:
    """A record past `submitted` goes back for review when it changes after its last check or approval."""
    review = record.review
    newest = newest_change(record)
    checked = review.checked_since
    if newest is None or checked is None or checked >= newest:
        return []
    if review.approval:
        where, again = ("review", "approval", "date"), "a clinician must approve it again (or set status: under_review)"
        what = "approval"
    else:
        where, again = (
            ("review", "source_check", "date"),
            "check every figure against its source again (or set status: submitted)",
        )
        what = "source check"
    return [_problem_at(record, where, f"the page changed on {newest} after its {what} on {checked}: {again}")]


def newest_change(record: Record) -> datetime.date | None:
    return max((change.date for change in record.changes), default=None)


def overdue_problems(records: list[Record], today: datetime.date) -> list[Problem]:
    """Records past their review date: the one they set, or a year after their last review."""
    problems = []
    for record in records:
        if record.review.overdue_on(today):
            key = "next_review" if record.review.next_review else "last_reviewed"
            problems.append(
                Problem(
                    record.file,
                    record.line("review", key),
                    format_key_path(("review", key)),
                    f"review overdue: it was due on {record.review.due}",
                )
            )
    return problems


# A percentage, a duration, a count ("5 in 100") or a score range ("6.6 to 4.3").
FIGURE = re.compile(
    r"""\b\d+(?:\.\d+)?\s*(?:%|percent\b)
      | \b\d+(?:\.\d+)?(?:\s*(?:to|-|\u2013)\s*\d+(?:\.\d+)?)?\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\b
      | \b\d+\s+(?:in|out\s+of|of)\s+\d+\b
      | \b\d+(?:\.\d+)?\s+(?:to|\u2013)\s+\d+(?:\.\d+)?\b
      | \b\d+(?:\.\d+)?\s+degrees\b""",
    re.X | re.I,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")

JARGON_FILE = "jargon.yaml"
JARGON = MapOf(r"^[a-z][a-z' -]*$", "a word or phrase in lower case", Text("A plainer way to say it.", cites=False))


def load_jargon(root: Path) -> dict[str, str]:
    """The jargon list: {hard word: plain word}; InvalidRecords names its problems."""
    return dict(read_data_file(root, JARGON_FILE, JARGON))


def _problem_at(record: Record, path: KeyPath, message: str) -> Problem:
    return Problem(record.file, record.line(*path), format_key_path(path), message)


def uncited_figures(record: Record) -> list[Problem]:
    """Sentences that state a figure without a citation marker."""
    pieces = list(patient_text(record.data))
    pieces += [(("for_clinicians", i), text) for i, text in enumerate(record.procedure.for_clinicians or [])]
    found = []
    for path, text in pieces:
        for sentence in SENTENCE_END.split(text):
            figure = FIGURE.search(CITATION.sub("", sentence))
            if figure and not CITATION.search(sentence):
                found.append(
                    _problem_at(record, path, f"the figure {figure.group(0)!r} has no source: add a citation like [1]")
                )
    return found


def long_sentences(record: Record) -> list[Problem]:
    return [
        _problem_at(record, path, f"a sentence of {len(words(sentence))} words"
                    f" (aim for {LONG_SENTENCE_WORDS} or fewer): {sentence!r}")
        for path, sentence in sentences(patient_text(record.data))
        if len(words(sentence)) > LONG_SENTENCE_WORDS
    ]  # fmt: skip


def jargon_used(record: Record, jargon: dict[str, str]) -> list[Problem]:
    if not jargon:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(hard) for hard in jargon) + r")(?![\w-])", re.I)
    return [
        _problem_at(record, path, f"{match.group(0)!r} is jargon: say {jargon[match.group(0).lower()]!r}")
        for path, text in patient_text(record.data)
        for match in pattern.finditer(text)
    ]


def missing_sections(record: Record) -> list[str]:
    return [
        key
        for key, field in RECORD.fields.items()
        if not field.required and key not in keys_where(about_the_page=True) and key not in record.data
    ]
