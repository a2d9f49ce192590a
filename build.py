#!/usr/bin/env python3
"""Procedure Guides: validate procedure records and build the patient site.

Exit codes:
  0  success
  1  invalid records, or a build that failed (the previous site is kept)
  2  usage error (a wrong command or option)
"""

from __future__ import annotations

import argparse
import datetime
import logging
import sys
from pathlib import Path

from procedure_guides.model.problems import EXIT_FAILED, EXIT_OK, EXIT_USAGE, GuideError
from procedure_guides.pipeline.stages import Project

ROOT = Path(__file__).resolve().parent


def command_check(project: Project, args: argparse.Namespace) -> int:
    from procedure_guides.checks.editorial import load_jargon, overdue_problems
    from procedure_guides.checks.reports import editor_report, readability_table
    from procedure_guides.checks.translations import stale_translations
    from procedure_guides.model.problems import InvalidRecords
    from procedure_guides.pipeline.stages import checked_library

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


def command_build(project: Project, args: argparse.Namespace) -> int:
    from procedure_guides.pipeline.promise import start_address_list
    from procedure_guides.pipeline.stages import build_site

    if args.start_address_list:
        start_address_list(project.root)
    built = build_site(project, Path(args.site_dir), drafts=args.drafts)
    for problem in built.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"Built {len(built.published)} procedure pages into {args.site_dir}/.")
    return EXIT_OK


def command_serve(project: Project, args: argparse.Namespace) -> int:
    from procedure_guides.commands.serve import serve

    serve(project, args.dev_addr)
    return EXIT_OK


def command_new(project: Project, args: argparse.Namespace) -> int:
    from procedure_guides.commands.new import write_skeleton

    path = write_skeleton(project, args.slug)
    print(f"Wrote {path.relative_to(project.root)}: replace every TODO, then run `python build.py check`.")
    return EXIT_OK


def command_schema(project: Project, args: argparse.Namespace) -> int:
    from procedure_guides.commands.schema import write_generated_docs

    for path in write_generated_docs(project.root):
        print(f"Wrote {path.relative_to(project.root)}")
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description=__doc__.split("\n\n")[0],
        epilog="exit codes: 0 success; 1 invalid records or failed build (the previous site is kept); 2 usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="the project folder (default: the folder of build.py)"
    )
    verbs = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = verbs.add_parser("check", help="validate every record; build nothing")
    check.add_argument(
        "--strict",
        action="store_true",
        help="also fail on overdue reviews and on translations older than their English record",
    )
    check.add_argument("--readability", action="store_true", help="print the reading grade of every record")
    check.add_argument(
        "--report",
        action="store_true",
        help="print the editor's report: grade, words, missing sections, uncited figures, long sentences, jargon",
    )
    check.set_defaults(run=command_check)

    build = verbs.add_parser("build", help="validate, render and build the site with MkDocs (strict)")
    build.add_argument("--drafts", action="store_true", help="publish every record, with a banner on unreviewed ones")
    build.add_argument(
        "--site-dir",
        default="site",
        help="where the site goes, in the project unless absolute (default: site); the build replaces only a"
        " folder it wrote itself, an empty folder or a new one",
    )
    build.add_argument(
        "--start-address-list",
        action="store_true",
        help="for a new site only: start an empty published-addresses.txt (never replaces one)",
    )
    build.set_defaults(run=command_build)

    serve = verbs.add_parser("serve", help="live preview (drafts included) that re-renders on every save")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(run=command_serve)

    new = verbs.add_parser("new", help="write a skeleton record procedures/SLUG.yaml (never overwrites)")
    new.add_argument("slug", help="the new record's permanent address, e.g. spinal-hardware-removal")
    new.set_defaults(run=command_new)

    verbs.add_parser(
        "schema", help="regenerate schemas/procedure.schema.json and the key reference in CONTRIBUTING.md"
    ).set_defaults(run=command_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(levelname)s: %(message)s")
    root = args.project.resolve()
    if not (root / "procedures").is_dir():
        print(f"--project {args.project}: not a Procedure Guides project (no procedures/ folder)", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(Project(root), args))
    except GuideError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except OSError as error:  # a full disk, a folder that cannot be written: one line, never a traceback
        where = f": {error.filename}" if error.filename else ""
        print(f"could not finish: {error.strerror or error}{where}; the last good site is unchanged", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
