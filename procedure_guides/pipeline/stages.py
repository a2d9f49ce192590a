"""Building the site: validate, render, run MkDocs, and swap the result in.

Nothing a patient can see changes until every step has succeeded: MkDocs writes
into a temporary folder beside the target, which replaces the old site only at
the end. A failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from procedure_guides.checks.editorial import reading_problems, review_problems
from procedure_guides.checks.translations import load_translations
from procedure_guides.model.glossary import Glossary, load_glossary
from procedure_guides.model.languages import LANGUAGES
from procedure_guides.model.problems import BuildFailed, InvalidRecords, Problem
from procedure_guides.model.record import ReadRecord, Record, load_library, read_record, stray_files
from procedure_guides.output.page import GENERATED_DIRS, RenderOptions
from procedure_guides.output.pages import Files, site_files
from procedure_guides.pipeline.promise import broken_addresses, next_address_list, promise_kept, published_addresses
from procedure_guides.pipeline.site_folder import (
    new_site_folder,
    one_build_at_a_time,
    open_to_all,
    safe_site_folder,
    swap_in,
    tidy_up,
)


@dataclass(frozen=True)
class Project:
    """Where a project's parts live; tests point it at a throw-away copy."""

    root: Path

    @property
    def procedures(self) -> Path:
        return self.root / "procedures"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def procedure_pages(self) -> Path:
        return self.docs / "procedures"

    @property
    def api_schemas(self) -> dict[str, str]:
        """The published JSON Schemas of the portal answers, copied into the site under /api/schemas/."""
        return {path.name: path.read_text(encoding="utf-8") for path in sorted(self.root.glob("schemas/api-*.json"))}

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"


@dataclass(frozen=True)
class Library:
    """Everything the pages are made from, checked."""

    records: list[Record]
    glossary: Glossary
    translations: dict[str, dict[str, Record]] = field(default_factory=dict)  # language: slug: translation
    translated_glossaries: dict[str, Glossary] = field(default_factory=dict)  # language: glossary
    warnings: list[Problem] = field(default_factory=list)  # files in procedures/ that were not read

    def to_publish(self, drafts: bool) -> list[Record]:
        return [record for record in self.records if drafts or record.published]

    def translations_to_publish(self, drafts: bool) -> dict[str, dict[str, Record]]:
        return {
            language: {slug: t for slug, t in by_slug.items() if drafts or t.published}
            for language, by_slug in self.translations.items()
        }


def check_record(path: Path, shown_as: str) -> tuple[Record | None, list[Problem]]:
    """One file on its own: its shape, its reading grade and its review dates.

    A record with only reading or review problems is still returned, so the
    checks between records can report on it too.
    """
    record, problems = read_record(path, shown_as)
    if record:
        problems = [*reading_problems(record), *review_problems(record)]
    return record, problems


def checked_library(project: Project, check: ReadRecord = check_record, workers: int | None = None) -> Library:
    """The records and glossary, or InvalidRecords naming every problem in every file."""
    records, problems = load_library(project.procedures, project.root, check, workers)
    translations, translation_problems = load_translations(
        project.procedures, project.root, {record.slug: record for record in records}
    )
    problems.extend(translation_problems)
    problems.extend(p for by_slug in translations.values() for t in by_slug.values() for p in review_problems(t))
    glossaries = {}
    for language in ("en", *LANGUAGES):
        try:
            glossaries[language] = load_glossary(project.root, language)
        except InvalidRecords as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidRecords(problems)
    english = glossaries.pop("en")
    return Library(records, english, translations, glossaries, stray_files(project.procedures))


def read_site_url(project: Project) -> str:
    """The address the site is published at, from mkdocs.yml (which may take it from $SITE_URL)."""
    with project.mkdocs_config.open(encoding="utf-8") as config:
        url = str(yaml_load(config).get("site_url") or "http://127.0.0.1:8000/")
    return url if url.endswith("/") else url + "/"


def render(project: Project, library: Library, drafts: bool) -> tuple[Files, list[Record]]:
    """The generated files for this build, and the records they publish."""
    published = library.to_publish(drafts)
    options = RenderOptions(drafts=drafts, today=datetime.date.today(), site_url=read_site_url(project))
    try:
        translations = library.translations_to_publish(drafts)
        files = site_files(
            published,
            project.templates,
            library.glossary,
            options,
            project.api_schemas,
            translations,
            library.translated_glossaries,
        )
        return files, published
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename or error.name or "?")
        shown = where.relative_to(project.root) if where.is_relative_to(project.root) else where
        raise BuildFailed(f"{shown}:{error.lineno}: template error: {error.message}") from None
    except jinja2.TemplateError as error:
        raise BuildFailed(f"template error: {error}") from None


def write_generated(project: Project, files: Files) -> list[str]:
    """Make the generated folders of docs/ hold exactly `files`; returns the names that changed.

    Unchanged files are not touched, so a live preview rebuilds only what changed.
    """
    existing = {
        path.relative_to(project.docs).as_posix(): path.stat().st_size
        for folder in GENERATED_DIRS
        for path in (project.docs / folder).rglob("*")
        if path.is_file()
    }
    folders: set[Path] = set()
    changed = []
    for name, content in sorted(files.items()):
        data = content.encode("utf-8")
        path = project.docs / name
        if existing.get(name) == len(data) and path.read_bytes() == data:
            continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if name in existing:  # replaced whole, so a live preview never reads half a file
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(data)
            partial.replace(path)
        else:
            path.write_bytes(data)
        changed.append(name)
    for stale in sorted(set(existing) - set(files)):
        (project.docs / stale).unlink()
        changed.append(stale)
    return changed


def render_docs(project: Project, drafts: bool) -> Built:
    """Check everything and write the pages of the records to publish into docs/."""
    library = checked_library(project)
    files, published = render(project, library, drafts)
    write_generated(project, files)
    return Built(published, library.warnings)


@dataclass(frozen=True)
class Built:
    """What a build published, and what it noticed on the way."""

    published: list[Record]
    warnings: list[Problem]


@contextlib.contextmanager
def build_date_from(records: list[Record]) -> Iterator[None]:
    """Pin MkDocs's idea of "now" (sitemap dates, gzip headers) to the newest review.

    The same records then always give byte-identical output.
    """
    newest = max((r.data["review"]["last_reviewed"] for r in records), default=None)
    epoch = calendar.timegm(newest.timetuple()) if newest else 0
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def run_mkdocs(project: Project, site_dir: Path) -> None:
    try:
        # Markdown extensions (snippets) resolve their paths from the working folder.
        with contextlib.chdir(project.root):
            config = load_config(config_file=str(project.mkdocs_config), strict=True, site_dir=str(site_dir))
            mkdocs_build(config)
    except MkDocsException as error:
        raise BuildFailed(f"MkDocs: {error}") from None


def build_site(project: Project, site_dir: Path, drafts: bool = False) -> Built:
    """The whole build; returns the records published. Raises GuideError on failure.

    One build of a project runs at a time. The site is written into a new folder
    beside `site_dir` and swapped in only when everything succeeded, together with
    the list of published addresses (see addresses.py).
    """
    target = safe_site_folder(project.root, site_dir)
    with one_build_at_a_time(project.root):
        tidy_up(target)
        known = published_addresses(project.root)
        built = render_docs(project, drafts)
        with new_site_folder(target) as building:
            with build_date_from(built.published):
                run_mkdocs(project, building)
            broken = broken_addresses(known, building)
            if broken:
                raise BuildFailed(
                    "These published addresses would stop working:\n  "
                    + "\n  ".join(broken)
                    + "\nA renamed record keeps its old address with previous_slugs; a removed one must stay published."
                )
            open_to_all(building)
            next_list = None if drafts else next_address_list(project.root, known, building)
            swap_in(building, target)
            promise_kept(project.root, next_list)
    return built
