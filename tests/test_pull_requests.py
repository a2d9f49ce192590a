"""The pull-request pipeline cannot run here, so prove its files parse and call what exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))


def load(relative: str) -> Any:
    return yaml.safe_load((ROOT / relative).read_text())


def test_workflow_runs_the_tests_and_uploads_a_drafts_preview() -> None:
    workflow = load(".github/workflows/pull-request.yml")
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["test-and-preview"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands == ["make test", "make drafts"]
    for command in commands:
        assert shlex.split(command)[1] in make_targets()
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    drafts_recipe = re.search(r"^drafts:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert drafts_recipe and "--drafts --site-dir preview-site" in drafts_recipe.group(1)
    assert upload["with"]["path"].rstrip("/") == "preview-site"


def test_ci_runs_the_readme_test_command() -> None:
    readme_commands = re.findall(r"^(make \w+)", (ROOT / "README.md").read_text(), re.M)
    assert readme_commands[:2] == ["make site", "make test"]
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_pre_commit_checks_records_when_they_change() -> None:
    hook = load(".pre-commit-config.yaml")["repos"][0]["hooks"][0]
    assert hook["entry"] == "python build.py check"
    assert (ROOT / "build.py").exists()
    pattern = re.compile(hook["files"])
    assert pattern.search("procedures/spinal-hardware-removal.yaml")
    assert pattern.search("glossary.yaml")
    assert not pattern.search("docs/index.md")


def test_pull_request_template_carries_the_editors_checklist() -> None:
    template = (ROOT / ".github/pull_request_template.md").read_text()
    for item in ["cites a source", "Reading grade", "source_check", "reviewers.yaml", "--report"]:
        assert item in template
