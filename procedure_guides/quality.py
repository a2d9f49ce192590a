"""Checks on what a record says, beyond its shape: reading grade and review dates."""

from __future__ import annotations

import datetime

from .problems import Problem, format_key_path
from .readability import GRADE_LIMIT, record_score
from .records import Record

HARDEST_SHOWN = 3


def reading_problems(record: Record) -> list[Problem]:
    """A record over the reading-grade limit, and where its hardest sentences are."""
    score, hardest = record_score(record.data)
    if score.grade <= GRADE_LIMIT:
        return []
    problems = [
        Problem(
            record.file,
            1,
            "(reading grade)",
            f"the page reads at grade {score.grade} (Flesch-Kincaid {score.flesch_kincaid}, SMOG {score.smog});"
            f" the limit is {GRADE_LIMIT:g}: use shorter sentences and words, starting with those below",
        )
    ]
    for path, sentence in hardest[:HARDEST_SHOWN]:
        problems.append(Problem(record.file, record.line(*path), format_key_path(path), f"hard to read: {sentence!r}"))
    return problems


def is_overdue(record: Record, today: datetime.date) -> bool:
    next_review = record.data["review"].get("next_review")
    return next_review is not None and next_review < today


def overdue_problems(records: list[Record], today: datetime.date) -> list[Problem]:
    return [
        Problem(
            record.file,
            record.line("review", "next_review"),
            format_key_path(("review", "next_review")),
            f"review overdue: it was due on {record.data['review']['next_review'].isoformat()}",
        )
        for record in records
        if is_overdue(record, today)
    ]
