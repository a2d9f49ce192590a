"""The deploy workflow does what the README says: tests first, the real address or no deploy,
GitHub's own Pages actions, and only make targets that exist."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/deploy.yml"


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def workflow() -> dict[Any, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text()))


def test_deploys_from_main_with_the_official_pages_actions() -> None:
    flow = workflow()
    assert flow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as true
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    used = [step.get("uses", "").split("@")[0] for step in steps_of(build)]
    assert "actions/configure-pages" in used and "actions/upload-pages-artifact" in used
    assert [step["uses"].split("@")[0] for step in steps_of(deploy)] == ["actions/deploy-pages"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def test_the_tests_pass_before_the_site_is_built_at_its_real_address() -> None:
    build = workflow()["jobs"]["build"]
    runs = [step.get("run", "").strip() for step in steps_of(build)]
    assert runs.index("make test") < runs.index("make site")
    assert build["env"]["SITE_URL"] == "${{ vars.SITE_URL }}"
    upload = next(step for step in steps_of(build) if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site/"  # where `make site` builds
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    for run in runs:
        for target in re.findall(r"\bmake ([a-z-]+)", run):
            assert target in targets, run


def run_address_guard(site_url: str) -> subprocess.CompletedProcess[str]:
    guard = steps_of(workflow()["jobs"]["build"])[0]
    assert guard["name"] == "The site's address is set"  # it runs before anything else
    environment = {**os.environ, "SITE_URL": site_url}
    return subprocess.run(["bash", "-e", "-c", guard["run"]], env=environment, capture_output=True, text=True)


def test_a_missing_address_stops_the_deploy_with_a_message_saying_where_to_set_it() -> None:
    stopped = run_address_guard("")
    assert stopped.returncode == 1
    assert "Set the repository variable SITE_URL" in stopped.stdout

    assert run_address_guard("https://guides.clinic.test/").returncode == 0


def test_the_readme_says_how_to_publish() -> None:
    readme = (ROOT / "README.md").read_text()
    publishing = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    for needed in ["SITE_URL", "GitHub Pages", "_headers", "Cloudflare Pages", "Netlify", "deploy.yml"]:
        assert needed in publishing, needed
    assert Path(ROOT / ".github/workflows/deploy.yml").is_file()
