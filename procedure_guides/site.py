"""Building the site: validate, render, run MkDocs, and swap the result in.

Nothing a patient can see changes until every step has succeeded: MkDocs writes
into a temporary folder beside the target, which replaces the old site only at
the end. A failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import calendar
import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .problems import BuildFailed, InvalidRecords
from .quality import reading_problems
from .records import Record, load_library
from .rendering import GENERATED_DIR, render_pages


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
    def generated(self) -> Path:
        return self.docs / GENERATED_DIR

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"


def valid_records(project: Project) -> list[Record]:
    """Every record, or InvalidRecords naming every problem in every file."""
    records, problems = load_library(project.procedures, project.root)
    for record in records:
        problems.extend(reading_problems(record))
    if problems:
        raise InvalidRecords(problems)
    return records


def to_publish(records: list[Record], drafts: bool) -> list[Record]:
    return [record for record in records if drafts or record.published]


def render(project: Project, records: list[Record]) -> dict[str, str]:
    try:
        return render_pages(records, project.templates)
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename or error.name or "?")
        shown = where.relative_to(project.root) if where.is_relative_to(project.root) else where
        raise BuildFailed(f"{shown}:{error.lineno}: template error: {error.message}") from None
    except jinja2.TemplateError as error:
        raise BuildFailed(f"template error: {error}") from None


def write_generated(project: Project, pages: dict[str, str]) -> list[str]:
    """Make docs/procedures/ hold exactly `pages`; returns the names that changed.

    Unchanged files are not touched, so a live preview rebuilds only what changed.
    """
    folder = project.generated
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in sorted(pages.items()):
        path = folder / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        partial = path.with_name(f".{name}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        changed.append(name)
    for stale in sorted(set(p.name for p in folder.glob("*.md")) - set(pages)):
        (folder / stale).unlink()
        changed.append(stale)
    return changed


def render_docs(project: Project, drafts: bool) -> list[Record]:
    """Validate every record and write the pages of those to publish into docs/."""
    published = to_publish(valid_records(project), drafts)
    write_generated(project, render(project, published))
    return published


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


def replace_folder(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old)
    else:
        new.rename(target)


def build_site(project: Project, site_dir: Path, drafts: bool = False) -> list[Record]:
    """The whole build; returns the records published. Raises GuideError on failure."""
    published = render_docs(project, drafts)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        with build_date_from(published):
            run_mkdocs(project, building)
        replace_folder(building, site_dir)
    finally:
        if building.exists():
            shutil.rmtree(building)
    return published
