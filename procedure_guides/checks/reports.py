"""What `build.py check` prints for editors: the readability table and the editor's report."""

from __future__ import annotations

from procedure_guides.checks.editorial import jargon_used, long_sentences, missing_sections, uncited_figures
from procedure_guides.checks.reading_level import GRADE_LIMIT, record_score
from procedure_guides.checks.review import source_problems
from procedure_guides.model.record import Record


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


def editor_report(records: list[Record], jargon: dict[str, str]) -> str:
    """For each record: grade, size, missing sections, and advice lines an editor can act on."""
    blocks = []
    for record in records:
        score, _ = record_score(record.data)
        missing = missing_sections(record)
        advice = [*uncited_figures(record), *long_sentences(record), *jargon_used(record, jargon)]
        lines = [
            record.file,
            f"  reading grade {score.grade:.1f} (Flesch-Kincaid {score.flesch_kincaid:.1f}, SMOG {score.smog:.1f};"
            f" limit {GRADE_LIMIT:g}), {score.words} words",
            f"  optional sections missing: {', '.join(missing) if missing else 'none'}",
        ]
        lines += [f"  advice: {item}" for item in sorted(advice)] or ["  advice: none"]
        # What keeps a record from its source check, explained while it is still being written.
        sources = [f"  source: {item}" for item in source_problems(record)]
        lines += sources or ["  sources: every one has a locator and an accepted kind"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
