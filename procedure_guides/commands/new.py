"""`build.py new`: a skeleton record for an editor to fill in."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from procedure_guides.model.fields import SLUG_PATTERN
from procedure_guides.model.problems import EXIT_OK, GuideError, UsageError
from procedure_guides.model.project import Project

SKELETON = "new-record.yaml"


def write_skeleton(project: Project, slug: str) -> Path:
    """Write procedures/<slug>.yaml from the skeleton; never overwrite a record."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise UsageError(f"{slug!r} is not a slug: use lower-case letters, digits and single hyphens")
    path = project.procedures / f"{slug}.yaml"
    if path.exists() or path.is_symlink():
        raise GuideError(f"{path.relative_to(project.root)} already exists; it was not changed")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write((project.templates / SKELETON).read_text(encoding="utf-8"))
    return path


def run(project: Project, args: argparse.Namespace) -> int:
    path = write_skeleton(project, args.slug)
    print(f"Wrote {path.relative_to(project.root)}: replace every TODO, then run `python build.py check`.")
    return EXIT_OK
