"""Review labels that mean what they say: three steps, approval only by a listed clinician,
and what the site publishes decided in one place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.commands.schema import expected_files
from procedure_guides.model.project import Project
from procedure_guides.model.reviewers import CODEOWNERS_FILE, codeowners, load_reviewers
from tests.conftest import Ran, line_of

# A registry entry for tests only: the project ships the registry empty.
TEST_REVIEWER = """\
test-reviewer:
  name: Test Reviewer (not a person)
  credentials: [MD]
  specialty: Testing
  languages: [en]
  handle: test-reviewer-handle
"""


def approve(record: Path, reviewer: str = "test-reviewer") -> None:
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"  status: \w+\n", "  status: approved\n", text)
    record.write_text(text + f"  approval:\n    reviewer: {reviewer}\n    date: 2026-12-02\n", encoding="utf-8")


def publish_only_approved(project: Project) -> None:
    """A site of its own that publishes only approved pages (such as a clinic's): it starts its
    own list of addresses, as this site's published pages would otherwise be taken away."""
    config = project.mkdocs_config
    config.write_text(config.read_text().replace("  publish: under_review", "  publish: approved"))
    (project.root / "published-addresses.txt").unlink()


@pytest.fixture
def with_reviewer(scratch_project: Project) -> Project:
    (scratch_project.root / "reviewers.yaml").write_text(TEST_REVIEWER, encoding="utf-8")
    return scratch_project


def test_a_page_approved_by_a_listed_clinician_names_them_and_drops_the_notice(
    with_reviewer: Project, build_py: Callable[..., Ran]
) -> None:
    approve(with_reviewer.procedures / "spinal-hardware-removal.yaml")

    ran = build_py(with_reviewer.root, "build")

    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[0].endswith(": 0 submitted, 1 under review, 1 approved.")
    site = with_reviewer.root / "site/procedures"
    approved = (site / "spinal-hardware-removal/index.html").read_text()
    assert 'class="review-notice"' not in approved
    assert "Approved by:</strong> by Test Reviewer (not a person), MD (Testing) on 2026-12-02" in approved
    assert re.search(r'<li aria-current="step"><strong>Approved</strong>', approved)
    data = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', approved)[0])
    assert data["reviewedBy"] == {"@type": "Person", "name": "Test Reviewer (not a person)", "jobTitle": "Testing"}
    other = (site / "spinal-hardware-reinsertion/index.html").read_text()
    assert 'class="review-notice"' in other and "reviewedBy" not in other


def test_a_clinician_approves_only_in_a_language_they_review_in(
    with_reviewer: Project, build_py: Callable[..., Ran]
) -> None:
    translation = with_reviewer.procedures / "es/spinal-hardware-removal.yaml"
    text = translation.read_text(encoding="utf-8").replace(
        "  status: submitted\n", "  status: submitted\n  source_check: {by: Test role, date: 2026-12-02}\n"
    )
    translation.write_text(text, encoding="utf-8")
    approve(translation)

    ran = build_py(with_reviewer.root, "check")

    line = line_of(translation, "reviewer: test-reviewer")
    assert ran.problem_lines == [
        f"procedures/es/spinal-hardware-removal.yaml:{line}: review.approval.reviewer: 'test-reviewer' reviews in"
        " en, not es"
    ]


def test_approval_is_only_for_approved_records(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    record.write_text(record.read_text() + "  approval:\n    reviewer: someone\n    date: 2026-12-02\n")

    ran = build_py(scratch_project.root, "check")

    line = line_of(record, "    reviewer: someone")  # a mapping's problems point at its first line
    where = f"procedures/spinal-hardware-removal.yaml:{line}: review.approval"
    assert f"{where}: only an approved record has an approval; this one is under review" in ran.err


def test_with_only_approved_pages_published_the_home_page_says_why(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    publish_only_approved(scratch_project)

    ran = build_py(scratch_project.root, "build", "--start-address-list")

    assert ran.code == 0, ran.err
    assert ran.out.strip().endswith(": 0 submitted, 0 under review, 0 approved.")
    site = scratch_project.root / "site"
    assert not (site / "procedures/spinal-hardware-removal/index.html").exists()
    assert "Our guides are being reviewed by clinicians." in (site / "index.html").read_text()


def test_a_preview_shows_a_page_below_the_sites_step_with_its_banner(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    publish_only_approved(scratch_project)

    preview = build_py(scratch_project.root, "build", "--drafts", "--site-dir", "preview", "--start-address-list")
    assert preview.code == 0

    page = (scratch_project.root / "preview/procedures/spinal-hardware-removal/index.html").read_text()
    assert "Not reviewed: do not use for care" in page


def test_new_writes_a_submitted_record_with_no_reviewer(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    assert build_py(scratch_project.root, "new", "knee-hardware-removal").code == 0

    text = (scratch_project.procedures / "knee-hardware-removal.yaml").read_text()
    assert "  status: submitted\n" in text
    assert not re.search(r"^\s*(approval|reviewer|reviewed_by|source_check):", text, re.M)


def test_codeowners_comes_from_the_registry(with_reviewer: Project) -> None:
    owners = codeowners(load_reviewers(with_reviewer.root))

    assert "/procedures/ @test-reviewer-handle" in owners.splitlines()


def test_the_shipped_registry_lists_nobody() -> None:
    owners = expected_files(Path(__file__).resolve().parent.parent)[CODEOWNERS_FILE]

    assert "/procedures/" not in owners.replace("# ", "")
