"""The drawings records show: each read and checked once, its problems named at the record's line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from procedure_guides.model.figures import Drawing, read_drawing
from procedure_guides.model.problems import Problem, format_key_path
from procedure_guides.model.record import Record

LONGEST_ALT = 250  # screen readers read alt text in one breath; more belongs in the page's text


def load_drawings(records: Iterable[Record], root: Path) -> tuple[dict[str, Drawing], list[Problem]]:
    """Every drawing the records show, by file, and the problems of those that cannot be shown."""
    drawings: dict[str, Drawing] = {}
    problems = []
    for record in records:
        for i, figure in enumerate(record.procedure.figures or []):
            if len(figure.alt) > LONGEST_ALT:
                where = ("figures", i, "alt")
                message = f"is {len(figure.alt)} characters; keep it to {LONGEST_ALT} and put the rest in the caption"
                problems.append(Problem(record.file, record.line(*where), format_key_path(where), message))
            if figure.file in drawings:
                continue
            try:
                drawings[figure.file] = read_drawing(root, figure.file)
            except ValueError as error:
                where = ("figures", i, "file")
                problems.append(Problem(record.file, record.line(*where), format_key_path(where), str(error)))
    return drawings, problems
