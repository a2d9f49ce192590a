"""Shared fixtures: a throw-away copy of the project, and the command line as editors run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from procedure_guides.model.project import Project
from procedure_guides.output.addresses import GENERATED_DIRS

ROOT = Path(__file__).resolve().parent.parent
# What a project is made of; the generated folders of docs/ are left behind.
PROJECT_PARTS = [
    "procedures", "templates", "docs", "overrides", "schemas", "mkdocs.yml", "glossary.yaml", "jargon.yaml",
    "published-addresses.txt", "glossary.es.yaml", "reviewers.yaml", "safety", "figures", "lay-words.yaml",
]  # fmt: skip


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
    """Run build.py as an editor would, in a separate process (so a traceback would show)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--project", str(project_root), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def copy_project(root: Path) -> Project:
    """A copy of this project's sources (nothing generated) in `root`."""
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            generated = shutil.ignore_patterns(*GENERATED_DIRS) if part == "docs" else None
            shutil.copytree(source, root / part, ignore=generated)
        else:
            shutil.copy2(source, root / part)
    return Project(root)


def with_translations_reviewed(project: Project) -> Project:
    """Our Spanish translations wait for their source check, so they are not published yet. Tests of
    published Spanish pages (the browser checks among them) use a copy where they are under review."""
    checked = "  status: under_review\n  source_check: {by: Test role, date: %s}\n"
    for translation in project.procedures.glob("*/*.yaml"):
        text = translation.read_text(encoding="utf-8")
        date = text.split("  last_reviewed: ")[1][:10]
        translation.write_text(text.replace("  status: submitted\n", checked % date), encoding="utf-8")
    return project


@pytest.fixture
def scratch_project(tmp_path: Path) -> Project:
    """A copy of this project in a temporary folder, safe to break."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def build_py() -> Callable[..., Ran]:
    return run_build_py
