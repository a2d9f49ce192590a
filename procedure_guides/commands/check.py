"""`build.py check`: validate every record and translation; build nothing."""

from __future__ import annotations

import argparse
import datetime
import sys

from procedure_guides.checks.editorial import load_jargon, overdue_problems
from procedure_guides.checks.reports import editor_report, readability_table
from procedure_guides.checks.translations import stale_translations
from procedure_guides.model.problems import EXIT_OK, InvalidRecords
from procedure_guides.model.project import Project
from procedure_guides.pipeline.stages import checked_library


def run(project: Project, args: argparse.Namespace) -> int:
    library = checked_library(project)
    records = library.records
    if args.readability:
        print(readability_table(records))
    if args.report:
        print(editor_report(records, load_jargon(project.root)), end="\n\n")
    english = {record.slug: record for record in records}
    warnings = [
        *library.warnings,
        *overdue_problems(records, datetime.date.today()),
        *stale_translations(library.translations, english),
    ]
    if warnings and args.strict:
        raise InvalidRecords(warnings)
    for problem in warnings:
        print(f"warning: {problem}", file=sys.stderr)
    translated = sum(len(by_slug) for by_slug in library.translations.values())
    print(
        f"{len(records)} records are valid."
        + (f" {translated} {'translations are' if translated > 1 else 'translation is'} valid." if translated else "")
    )
    return EXIT_OK
