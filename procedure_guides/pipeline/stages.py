"""One build as named stages, written once and run the same by `build`, `serve` and the benchmark.

    check    read every record, translation and glossary; check each on its own and all together
    shape    decide what is published (drafts or not) and prepare what every page shares
    render   make every generated file as text (guides in worker processes for large libraries)
    write    put the generated files into docs/, touching only those that changed
    engine   MkDocs builds the site into a new, marked folder beside the old one
    protect  every page carries the site's Content-Security-Policy; `_headers` gives it and the
             caching rules to hosts that read one
    promise  no published address may break; the grown list of addresses is written beside the old one
    swap     the new site replaces the old one at once, and the address list follows

`serve` runs the stages up to `write` (MkDocs's own server does the rest); `build`
runs them all, holding the project's build lock. Nothing a patient can see changes
until every stage has succeeded: a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from procedure_guides.checks.editorial import reading_problems, review_problems
from procedure_guides.checks.figures import load_drawings
from procedure_guides.checks.library import check_library
from procedure_guides.checks.reading_level import GRADE_LIMIT, record_score
from procedure_guides.checks.review import approval_problems, source_problems
from procedure_guides.checks.safety import help_problems, library_problems, preparation_problems
from procedure_guides.checks.search import lay_word_problems
from procedure_guides.checks.spanish_reading_level import EASE_LIMIT, translation_score
from procedure_guides.checks.translations import load_translations, older_than_english
from procedure_guides.model.figures import Drawing
from procedure_guides.model.glossary import Glossary, load_glossary
from procedure_guides.model.languages import ENGLISH, LANGUAGES
from procedure_guides.model.lay_words import LayWords, read_lay_words
from procedure_guides.model.problems import BuildFailed, InvalidRecords, Problem
from procedure_guides.model.project import Project
from procedure_guides.model.record import ReadRecord, Record, read_record
from procedure_guides.model.reviewers import Reviewer, load_reviewers
from procedure_guides.model.safety import EMPTY as EMPTY_SAFETY
from procedure_guides.model.safety import SafetyLibrary, load_safety_library
from procedure_guides.model.yaml_files import record_files, stray_files
from procedure_guides.output.page import EditorNote, RenderOptions
from procedure_guides.output.pages import Files, Site
from procedure_guides.output.security import (
    HEADERS_FILE,
    content_security_policy,
    headers_file,
    inline_hashes,
    with_policy_meta,
)
from procedure_guides.pipeline.engine import publication_setting, read_site_url, run_mkdocs
from procedure_guides.pipeline.promise import broken_addresses, next_address_list, promise_kept, published_addresses
from procedure_guides.pipeline.site_folder import (
    new_site_folder,
    one_build_at_a_time,
    open_to_all,
    safe_site_folder,
    swap_in,
    tidy_up,
)
from procedure_guides.pipeline.workers import map_records
from procedure_guides.pipeline.writing import write_generated


@dataclass(frozen=True)
class Library:
    """Everything the pages are made from, checked."""

    records: list[Record]
    glossaries: dict[str, Glossary]  # language (English first): glossary
    translations: dict[str, dict[str, Record]] = field(default_factory=dict)  # language: slug: translation
    warnings: list[Problem] = field(default_factory=list)  # files in procedures/ that were not read
    reviewers: dict[str, Reviewer] = field(default_factory=dict)  # who may approve, from reviewers.yaml
    safety: SafetyLibrary = EMPTY_SAFETY  # red flags and before-the-procedure advice, from safety/red-flags.yaml
    drawings: dict[str, Drawing] = field(default_factory=dict)  # the records' figures, by file
    lay_words: LayWords = field(default_factory=lambda: LayWords({}))  # patients' words for search, lay-words.yaml

    def to_publish(self, step: str | None) -> list[Record]:
        """The records that have reached review step `step` (every record, for a preview: None)."""
        return [record for record in self.records if step is None or record.reaches(step)]

    def translations_to_publish(self, step: str | None) -> dict[str, dict[str, Record]]:
        """The translations that have reached step `step` (every one, for a preview), never ahead of
        their English record, and only while they are as new as it: an older one leaves the
        guide's page in its language to the note that leads to English."""
        english = {record.slug: record for record in self.to_publish(step)}
        return {
            language: {
                slug: t
                for slug, t in by_slug.items()
                if step is None or (slug in english and t.reaches(step) and not older_than_english(t, english[slug]))
            }
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


def load_library(
    folder: Path, root: Path, read: ReadRecord = read_record, workers: int | None = None
) -> tuple[list[Record], list[Problem]]:
    """Every record in `folder`, and every problem in any of them; `read` checks one file,
    in as many `workers` as pay (a `read` that remembers what it read needs 1)."""
    records: list[Record] = []
    files, problems, _ = record_files(folder, keep=frozenset(LANGUAGES))
    for record, found in map_records(lambda path: read(path, path.relative_to(root).as_posix()), files, workers):
        problems.extend(found)
        if record:
            records.append(record)
    problems.extend(check_library(records, {path.stem for path in files}))
    return records, sorted(problems)


def checked_library(project: Project, check: ReadRecord = check_record, workers: int | None = None) -> Library:
    """The records, translations and glossaries, or InvalidRecords naming every problem in every file."""
    records, problems = load_library(project.procedures, project.root, check, workers)
    translations, translation_problems = load_translations(
        project.procedures, project.root, {record.slug: record for record in records}
    )
    problems.extend(translation_problems)
    problems.extend(p for by_slug in translations.values() for t in by_slug.values() for p in review_problems(t))
    try:
        reviewers = load_reviewers(project.root)
    except InvalidRecords as error:
        problems.extend(error.problems)
        reviewers = {}
    try:
        safety, safety_lines = load_safety_library(project.root)
        problems.extend(library_problems(safety, safety_lines))
    except InvalidRecords as error:
        problems.extend(error.problems)
        safety = EMPTY_SAFETY
    problems.extend(p for record in records for p in help_problems(record, safety))
    problems.extend(p for record in records for p in preparation_problems(record, safety))
    drawings, drawing_problems = load_drawings(records, project.root)
    problems.extend(drawing_problems)
    for record in records:
        problems.extend(approval_problems(record, reviewers, ENGLISH))
        if record.reaches("under_review"):
            problems.extend(source_problems(record))
    for language, by_slug in translations.items():
        problems.extend(p for t in by_slug.values() for p in approval_problems(t, reviewers, language))
    glossaries = {}
    for language in (ENGLISH, *LANGUAGES):
        try:
            glossaries[language] = load_glossary(project.root, language)
        except InvalidRecords as error:
            problems.extend(error.problems)
    lay_words, lay_word_mistakes = read_lay_words(project.root)
    problems.extend(lay_word_mistakes)
    if problems:
        raise InvalidRecords(problems)
    # A lay word that leads to no guide's words is a warning: a library of other guides may use them.
    every_page = [*records, *(t for by_slug in translations.values() for t in by_slug.values())]
    warnings = [*stray_files(project.procedures), *lay_word_problems(lay_words, every_page)]
    return Library(records, glossaries, translations, warnings, reviewers, safety, drawings, lay_words)


def editor_note(page: Record, language: str = ENGLISH) -> EditorNote:
    """What a preview shows editors at the top of a page: its reading grade, or for a Spanish
    page its reading ease (the formula `check` scores it with)."""
    if language != ENGLISH:
        spanish = translation_score(page.data)[0]
        return EditorNote(
            f"For editors: Spanish reading ease {spanish.ease:.1f}",
            f"Fernández-Huerta; {spanish.sentences} sentences, {spanish.words} words. The lowest allowed is"
            f" {EASE_LIMIT:g}. This note is not shown on the published site.",
        )
    score = record_score(page.data)[0]
    return EditorNote(
        f"For editors: reading grade {score.grade:.1f}",
        f"{score.formulas}; {score.sentences} sentences, {score.words} words. The limit is grade"
        f" {GRADE_LIMIT:g} for the page. This note is not shown on the published site.",
    )


@dataclass(frozen=True)
class Settings:
    """What a run is asked to do: the parameters that travel together through the stages."""

    project: Project
    drafts: bool = False
    site_dir: Path = Path("site")  # in the project unless absolute
    workers: int | None = None  # worker processes; None: as many as pay
    check_file: ReadRecord = check_record  # the preview passes one that remembers what it read


@dataclass
class Run:
    """One run of the stages: what each stage made, for the stages after it."""

    settings: Settings
    library: Library | None = None
    site: Site | None = None
    files: Files | None = None
    changed: list[str] = field(default_factory=list)  # generated files that `write` changed
    known: list[str] = field(default_factory=list)  # the addresses published so far
    target: Path | None = None  # the site folder to replace
    building: Path | None = None  # the new site, until it is swapped in
    next_list: Path | None = None  # the grown address list, until it is put in place

    @property
    def published(self) -> list[Record]:
        assert self.site, "the shape stage comes first"
        return self.site.records


def check(run: Run) -> None:
    settings = run.settings
    run.library = checked_library(settings.project, settings.check_file, settings.workers)


def shape(run: Run) -> None:
    settings, library = run.settings, run.library
    assert library, "the check stage comes first"
    project = settings.project
    publish_from = publication_setting(project)
    options = RenderOptions(settings.drafts, datetime.date.today(), read_site_url(project), publish_from)
    step = None if settings.drafts else publish_from
    with template_errors(project):
        run.site = Site.prepare(
            library.to_publish(step),
            project.templates,
            library.glossaries,
            options,
            project.api_schemas,
            library.translations_to_publish(step),
            editor_note if settings.drafts else lambda page, language: None,
            library.reviewers,
            library.safety,
            library.drawings,
            library.lay_words.means,
        )


def render(run: Run) -> None:
    site = run.site
    assert site, "the shape stage comes first"
    with template_errors(run.settings.project):
        run.files = site.all_files(lambda make, jobs: map_records(make, jobs, run.settings.workers))


def write(run: Run) -> None:
    assert run.files is not None, "the render stage comes first"
    run.changed = write_generated(run.settings.project, run.files)


def engine(run: Run) -> None:
    assert run.building, "a build makes its new site folder first"
    run_mkdocs(run.settings.project, run.building, run.published)


def protect(run: Run) -> None:
    site = run.building
    assert site, "the engine stage comes first"
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    scripts, styles = inline_hashes(pages.values())
    meta_policy = content_security_policy(scripts, styles, in_meta=True)
    try:
        for path, html in pages.items():
            path.write_text(with_policy_meta(html, meta_policy), encoding="utf-8")
        served = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()]
        headers = headers_file(content_security_policy(scripts, styles), [p for p in served if not p.startswith(".")])
    except ValueError as error:
        raise BuildFailed(f"security headers: {error}") from None
    (site / HEADERS_FILE).write_text(headers, encoding="utf-8")


def promise(run: Run) -> None:
    assert run.building, "the engine stage comes first"
    broken = broken_addresses(run.known, run.building)
    if broken:
        raise BuildFailed(
            "These published addresses would stop working:\n  "
            + "\n  ".join(broken)
            + "\nA renamed record keeps its old address with previous_slugs; a removed one must stay published."
        )
    open_to_all(run.building)
    if not run.settings.drafts:
        run.next_list = next_address_list(run.settings.project.root, run.known, run.building)


def swap(run: Run) -> None:
    assert run.building and run.target, "the engine stage comes first"
    swap_in(run.building, run.target)
    promise_kept(run.settings.project.root, run.next_list)


Stage = Callable[[Run], None]
DOCS_STAGES: tuple[Stage, ...] = (check, shape, render, write)  # all a live preview needs
SITE_STAGES: tuple[Stage, ...] = (engine, protect, promise, swap)
STAGES = DOCS_STAGES + SITE_STAGES


def run_stages(run: Run, stages: tuple[Stage, ...], timed: dict[str, float] | None = None) -> Run:
    """Run `stages` in order; with `timed`, record how long each took, by name."""
    for stage in stages:
        start = time.perf_counter()
        stage(run)
        if timed is not None:
            timed[stage.__name__] = time.perf_counter() - start
    return run


def build_site(settings: Settings, timed: dict[str, float] | None = None) -> Run:
    """The whole build, every stage; raises GuideError on failure and leaves the last good site as it was."""
    project = settings.project
    target = safe_site_folder(project.root, settings.site_dir)
    with one_build_at_a_time(project.root):
        tidy_up(target)
        run = Run(settings, known=published_addresses(project.root), target=target)
        run_stages(run, DOCS_STAGES, timed)
        with new_site_folder(target) as building:
            run.building = building
            run_stages(run, SITE_STAGES, timed)
    return run


def build_docs(settings: Settings) -> Run:
    """The stages a live preview runs: the generated pages, written into docs/."""
    with one_build_at_a_time(settings.project.root):
        return run_stages(Run(settings), DOCS_STAGES)


@contextlib.contextmanager
def template_errors(project: Project) -> Iterator[None]:
    """Template mistakes as one line naming the template file and line, never a traceback."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename or error.name or "?")
        shown = where.relative_to(project.root) if where.is_relative_to(project.root) else where
        raise BuildFailed(f"{shown}:{error.lineno}: template error: {error.message}") from None
    except jinja2.TemplateError as error:
        raise BuildFailed(f"template error: {error}") from None
