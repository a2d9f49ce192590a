"""`build.py build`: every stage of the pipeline, into the site folder."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from procedure_guides.model.declaration import REVIEW_STEPS
from procedure_guides.model.languages import ENGLISH
from procedure_guides.model.problems import EXIT_OK
from procedure_guides.model.project import Project
from procedure_guides.model.record import Record
from procedure_guides.pipeline.engine import is_placeholder
from procedure_guides.pipeline.promise import start_address_list
from procedure_guides.pipeline.stages import Settings, build_site


def at_each_step(pages: list[Record]) -> str:
    steps = Counter(page.review.status for page in pages)
    return ", ".join(f"{steps[step]} {step.replace('_', ' ')}" for step in REVIEW_STEPS)


def run(project: Project, args: argparse.Namespace) -> int:
    if args.start_address_list:
        start_address_list(project.root)
    built = build_site(Settings(project, drafts=args.drafts, site_dir=Path(args.site_dir)))
    assert built.library and built.site
    for problem in built.library.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    if is_placeholder(built.site.options.site_url):
        print(
            f"warning: SITE_URL is not set, so canonical links, the sitemap and the printed QR codes point to"
            f" {built.site.options.site_url}, a placeholder. To publish, build with"
            " SITE_URL=https://your.address/ (README: Publishing).",
            file=sys.stderr,
        )
    print(f"Built {len(built.published)} procedure pages into {args.site_dir}/: {at_each_step(built.published)}.")
    for language, pages in built.site.pages.items():
        if language != ENGLISH:
            translated = list(pages.values())
            print(f"  and {len(translated)} translations into {language}: {at_each_step(translated)}.")
    return EXIT_OK
