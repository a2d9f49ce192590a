"""Shared fixtures: small throw-away projects, sites built once per session, and the command line.

Where a new test goes (CONTRIBUTING.md, "Where a test goes"):
- it only reads a built site: use `library_site`, `fixtures_site` or `fixtures_drafts_site`;
- it must break something: use `scratch_project`, a project with one or two guides in tmp_path;
- it checks what a browser shows: add to the walk in tests/browser/.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import build
from procedure_guides.model.project import Project
from procedure_guides.output.addresses import GENERATED_DIRS
from procedure_guides.pipeline.promise import start_address_list

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_RECORDS = ROOT / "tests/golden/procedures"
# What every project shares besides its records; the generated folders of docs/ are left behind.
SHARED_PARTS = [
    "templates", "docs", "overrides", "schemas", "mkdocs.yml", "glossary.yaml", "jargon.yaml",
    "glossary.es.yaml", "reviewers.yaml", "safety", "figures", "lay-words.yaml",
]  # fmt: skip
# The guides of a scratch project unless a test asks for others with @pytest.mark.guides(...).
DEFAULT_GUIDES = ("spinal-hardware-removal", "spinal-hardware-reinsertion")


def line_of(path: Path, text: str) -> int:
    """The line number on which `text` first appears in the file, as an editor counts."""
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def problem_lines(self) -> list[str]:
        """The lines of stderr that name a record problem (file:line: key: message)."""
        return [line for line in self.err.splitlines() if line.startswith("procedures/")]


def run_build_py(project_root: Path, *args: str) -> Ran:
    """build.py's main() in this process, as an editor's command line runs it: its exit code, and
    what it prints to stdout and stderr (log messages included, in build.py's own format)."""
    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = build.main(["--project", str(project_root), *args])
            except SystemExit as exit:  # argparse: --help, or a usage error
                code = exit.code if isinstance(exit.code, int) else 0
    finally:
        logging.getLogger().removeHandler(handler)
    return Ran(code, out.getvalue(), err.getvalue())


def run_command_line(project_root: Path, *args: str) -> Ran:
    """build.py in a process of its own, exactly as typed (so a traceback or a crash would show)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--project", str(project_root), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def links_only_to(text: str, kept: set[str]) -> str:
    """A record's text whose `related` list names only guides in `kept` (the key goes when none is left)."""

    def keep(block: re.Match[str]) -> str:
        slugs = [slug for slug in re.findall(r"^  - ([a-z0-9-]+)$", block.group(0), re.M) if slug in kept]
        return "related:\n" + "".join(f"  - {slug}\n" for slug in slugs) if slugs else ""

    return re.sub(r"(?m)^related:\n(?:  - .*\n)+", keep, text)


def copy_project(root: Path, guides: tuple[str, ...] | None = None) -> Project:
    """A copy of this project's sources (nothing generated) in `root`.

    With `guides`, only those records and their translations, their `related` lists cut to one
    another, and an address list of the project's own; without, the whole library and its list.
    """
    root.mkdir(parents=True)
    for part in SHARED_PARTS:
        source = ROOT / part
        if source.is_dir():
            generated = shutil.ignore_patterns(*GENERATED_DIRS) if part == "docs" else None
            shutil.copytree(source, root / part, ignore=generated)
        else:
            shutil.copy2(source, root / part)
    if guides is None:
        shutil.copytree(ROOT / "procedures", root / "procedures")
        shutil.copy2(ROOT / "published-addresses.txt", root / "published-addresses.txt")
        return Project(root)
    (root / "procedures/es").mkdir(parents=True)
    for slug in guides:
        for folder in ("procedures", "procedures/es"):
            source = ROOT / folder / f"{slug}.yaml"
            if source.exists():
                text = links_only_to(source.read_text(encoding="utf-8"), set(guides))
                (root / folder / source.name).write_text(text, encoding="utf-8")
    start_address_list(root)
    return Project(root)


def add_golden_records(project: Project) -> Project:
    """The golden fixtures beside the project's records: a draft, and the approved guide it links to."""
    for fixture in GOLDEN_RECORDS.glob("*.yaml"):
        shutil.copy(fixture, project.procedures)
    return project


def with_translations_reviewed(project: Project) -> Project:
    """Tests of published Spanish pages use a copy in which every translation is under review
    (a translation still at `submitted` would not be published)."""
    checked = "  status: under_review\n  source_check: {by: Test role, date: %s}\n"
    for translation in project.procedures.glob("*/*.yaml"):
        text = translation.read_text(encoding="utf-8")
        date = text.split("  last_reviewed: ")[1][:10]
        translation.write_text(text.replace("  status: submitted\n", checked % date), encoding="utf-8")
    return project


@pytest.fixture
def scratch_project(tmp_path: Path, request: pytest.FixtureRequest) -> Project:
    """A small project in a temporary folder, safe to break: the removal and reinsertion guides
    (or those of the test's `guides` mark) with their translations."""
    marker = request.node.get_closest_marker("guides")
    return copy_project(tmp_path / "project", tuple(marker.args) if marker else DEFAULT_GUIDES)


@pytest.fixture
def library_project(tmp_path: Path) -> Project:
    """A copy of the whole library, for the few tests whose subject is every guide at once."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def build_py() -> Callable[..., Ran]:
    return run_build_py


@pytest.fixture
def command_line() -> Callable[..., Ran]:
    """build.py in a process of its own: for the few tests that hold each command and exit code
    to what an editor's terminal shows."""
    return run_command_line


@dataclass(frozen=True)
class BuiltSite:
    """A project copy and the site one build made of it, shared by the tests that only read them."""

    project: Project
    site: Path
    ran: Ran


def built_once(project: Project, *args: str, site_dir: str = "site") -> BuiltSite:
    ran = run_build_py(project.root, "build", "--site-dir", site_dir, *args)
    assert ran.code == 0, ran.err
    return BuiltSite(project, project.root / site_dir, ran)


@pytest.fixture(scope="session")
def library_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The whole library, every translation under review, built as it is published."""
    folder = tmp_path_factory.mktemp("library")
    return built_once(with_translations_reviewed(copy_project(folder / "project")))


@pytest.fixture(scope="session")
def fixtures_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The whole library plus the golden fixtures (a draft and an approved guide), as published."""
    folder = tmp_path_factory.mktemp("fixtures")
    return built_once(add_golden_records(copy_project(folder / "project")))


@pytest.fixture(scope="session")
def fixtures_drafts_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same records as `fixtures_site`, built as a preview (`--drafts`)."""
    folder = tmp_path_factory.mktemp("fixtures-drafts")
    return built_once(add_golden_records(copy_project(folder / "project")), "--drafts", site_dir="preview")
