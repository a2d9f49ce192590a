"""Tables printed for editors by `build.py check`."""

from __future__ import annotations

from .readability import GRADE_LIMIT, record_score
from .records import Record


def readability_table(records: list[Record]) -> str:
    """One row per record: its grade (the stricter formula), both formulas, and size."""
    rows = [("record", "grade", "Flesch-Kincaid", "SMOG", "sentences", "words", "")]
    for record in records:
        score, _ = record_score(record.data)
        verdict = "ok" if score.grade <= GRADE_LIMIT else f"over {GRADE_LIMIT:g}"
        rows.append(
            (record.file, f"{score.grade:.1f}", f"{score.flesch_kincaid:.1f}", f"{score.smog:.1f}",
             str(score.sentences), str(score.words), verdict)
        )  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in rows)  # fmt: skip
