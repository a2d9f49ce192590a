#!/usr/bin/env python3
"""Procedure Guides: validate procedure records and build the patient site.

Exit codes:
  0  success
  1  invalid records, or a build that failed (the previous site is kept)
  2  usage error (a wrong command or option)
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from procedure_guides.model.problems import EXIT_FAILED, EXIT_OK, EXIT_USAGE, GuideError
from procedure_guides.model.project import Project

ROOT = Path(__file__).resolve().parent


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

    serve = verbs.add_parser("serve", help="live preview (drafts included) that re-renders on every save")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")

    new = verbs.add_parser("new", help="write a skeleton record procedures/SLUG.yaml (never overwrites)")
    new.add_argument("slug", help="the new record's permanent address, e.g. spinal-hardware-removal")

    verbs.add_parser("schema", help="regenerate schemas/procedure.schema.json and the key reference in CONTRIBUTING.md")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(levelname)s: %(message)s")
    root = args.project.resolve()
    if not (root / "procedures").is_dir():
        print(f"--project {args.project}: not a Procedure Guides project (no procedures/ folder)", file=sys.stderr)
        return EXIT_USAGE
    # One module per command, imported only when it runs (serve alone needs the web server).
    command = importlib.import_module(f"procedure_guides.commands.{args.command}")
    try:
        return int(command.run(Project(root), args))
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
