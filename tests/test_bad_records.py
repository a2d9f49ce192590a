"""One committed broken record per failure mode, and the exact line an editor sees for it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.model.project import Project
from tests.conftest import Ran

BAD_RECORDS = Path(__file__).parent / "bad_records"

EXPECTED = {
    "unknown-key.yaml": [
        "procedures/unknown-key.yaml:1: indications: is required but missing",
        "procedures/unknown-key.yaml:5: indicatons: unknown key 'indicatons'; did you mean 'indications'?",
    ],
    "duplicate-key.yaml": [
        "procedures/duplicate-key.yaml:7: summary: duplicate key: it is also on line 4; keep only one",
    ],
    "python-tag.yaml": [
        "procedures/python-tag.yaml:4: summary: the YAML tag tag:yaml.org,2002:python/object/apply:os.system"
        " is not allowed",
    ],
    "not-utf8.yaml": [
        "procedures/not-utf8.yaml:10: (file): the file is not UTF-8 text; save it with UTF-8 encoding",
    ],
    "empty.yaml": ["procedures/empty.yaml:1: (file): the file is empty"],
    "top-level-list.yaml": [
        "procedures/top-level-list.yaml:1: (file): the top level must be a mapping of keys such as title: and codes:",
    ],
    "yaml-syntax.yaml": [
        "procedures/yaml-syntax.yaml:9: (file): YAML syntax error: while parsing a block collection"
        " did not find expected '-' indicator (check the indentation, dashes and quotes here)",
    ],
    "Bad_Name.yaml": [
        "procedures/Bad_Name.yaml:1: (file): the file name 'Bad_Name' is not a slug:"
        " use lower-case letters, digits and single hyphens",
    ],
    "bad-code.yaml": [
        "procedures/bad-code.yaml:3: codes[0].code: '2285' is not a CPT code (five digits, or four digits then F or T)",
    ],
    "unquoted-code.yaml": [
        "procedures/unquoted-code.yaml:3: codes[0].code: must be a code in quotes, not a number",
    ],
    "impossible-date.yaml": [
        "procedures/impossible-date.yaml:20: review.last_reviewed: 2026-02-30 is not a real date",
    ],
    "bad-status.yaml": [
        "procedures/bad-status.yaml:19: review.status: 'published' is not one of draft, submitted, under_review,"
        " approved",
    ],
    "second-primary-code.yaml": [
        "procedures/second-primary-code.yaml:3: codes[0].code: CPT 22852 is primary on"
        " procedures/spinal-hardware-removal.yaml too; a code is primary on one guide at most: make the others"
        " add-on or related",
        "procedures/spinal-hardware-removal.yaml:4: codes[0].code: CPT 22852 is primary on"
        " procedures/second-primary-code.yaml too; a code is primary on one guide at most: make the others"
        " add-on or related",
    ],
    "shared-code-without-applies-when.yaml": [
        "procedures/shared-code-without-applies-when.yaml:3: codes[0].code: CPT 22849 also leads to"
        " procedures/spinal-hardware-reinsertion.yaml: say in applies_when when this guide is the one to read",
        "procedures/spinal-hardware-reinsertion.yaml:4: codes[0].code: CPT 22849 also leads to"
        " procedures/shared-code-without-applies-when.yaml: say in applies_when when this guide is the one to read",
    ],
    "add-on-without-reported-with.yaml": [
        "procedures/add-on-without-reported-with.yaml:4: codes[1].role: an add-on code is reported with a primary"
        " code: name it in reported_with",
    ],
    "reported-with-not-add-on.yaml": [
        "procedures/reported-with-not-add-on.yaml:3: codes[0].reported_with: only an add-on code is reported with"
        " another: set role: add-on, or leave reported_with out",
    ],
    "code-listed-twice.yaml": [
        "procedures/code-listed-twice.yaml:3: codes[0].code: CPT 99995 is listed more than once on this record",
        "procedures/code-listed-twice.yaml:4: codes[1].code: CPT 99995 is listed more than once on this record",
    ],
    "missing-related.yaml": [
        "procedures/missing-related.yaml:16: related[0]: there is no record 'no-such-procedure'"
        " (no file procedures/no-such-procedure.yaml)",
    ],
    "missing-reference.yaml": [
        "procedures/missing-reference.yaml:6: indications[0]: cites [2] but the record has only 1 reference",
    ],
    "raw-html.yaml": [
        "procedures/raw-html.yaml:10: risks[0]: raw HTML is not allowed ('<script>'); use plain words or Markdown",
    ],
    "javascript-link.yaml": [
        "procedures/javascript-link.yaml:12: recovery[0]: links may only use http or https, not javascript:",
    ],
    "reference-url.yaml": [
        "procedures/reference-url.yaml:17: references[0].url: 'ftp://example.org/source' is not a web address"
        " starting with http:// or https://",
    ],
    "empty-section.yaml": [
        "procedures/empty-section.yaml:7: preparation: is an empty list: add at least one item or remove the key",
    ],
    "missing-required.yaml": ["procedures/missing-required.yaml:1: alternatives: is required but missing"],
    "wrong-type.yaml": ["procedures/wrong-type.yaml:5: summary: must be text, not a list"],
    "changed-after-review.yaml": [
        "procedures/changed-after-review.yaml:31: review.source_check.date: the page changed on 2026-03-01 after its"
        " source check on 2026-01-15: check every figure against its source again (or set status: submitted)",
    ],
    "approved-without-approval.yaml": [
        "procedures/approved-without-approval.yaml:24: review.approval: an approved record names the clinician who"
        " approved it (reviewer: their id in reviewers.yaml, date)",
    ],
    "approved-by-someone-unlisted.yaml": [
        "procedures/approved-by-someone-unlisted.yaml:28: review.approval.reviewer: 'nobody-listed' is not in"
        " reviewers.yaml: only a clinician listed there may approve",
    ],
    "under-review-without-check.yaml": [
        "procedures/under-review-without-check.yaml:24: review.source_check: a record under review needs its source"
        " check (by: the role that checked every figure, date: when)",
    ],
    "unacceptable-source.yaml": [
        "procedures/unacceptable-source.yaml:20: references[0]: is an AI-written question-and-answer site: cite the"
        " study or authoritative page that states the same fact",
    ],
    "source-without-locator.yaml": [
        "procedures/source-without-locator.yaml:20: references[0]: has no url, doi or pmid: give readers a way to"
        " find it",
        "procedures/source-without-locator.yaml:20: references[0]: needs a kind (journal_article, guideline,"
        " government_patient_information, hospital_patient_information or textbook)",
    ],
    "previous-slug-clash.yaml": [
        "procedures/previous-slug-clash.yaml:5: previous_slugs[0]: 'spinal-hardware-removal' is the address of a"
        " record now (procedures/spinal-hardware-removal.yaml)",
    ],
    "too-hard-to-read.yaml": [
        "procedures/too-hard-to-read.yaml:1: (reading grade): the page reads at grade 29.3 (Flesch-Kincaid 29.3,"
        " SMOG not used below 30 sentences); the limit is 8: use shorter sentences and words, starting with these:",
    ],
}


def test_every_committed_bad_record_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in BAD_RECORDS.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_record_gets_its_one_line_error(name: str, scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    shutil.copy(BAD_RECORDS / name, scratch_project.procedures / name)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert ran.problem_lines == EXPECTED[name]
    assert "Traceback" not in ran.err


def test_every_problem_in_every_file_is_reported_at_once(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    for name in EXPECTED:
        shutil.copy(BAD_RECORDS / name, scratch_project.procedures / name)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert sorted(ran.problem_lines) == sorted({line for lines in EXPECTED.values() for line in lines})
    assert ran.err.rstrip().endswith(f"{len(ran.problem_lines)} problems found; nothing was built.")


def test_a_python_tag_never_runs(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    shutil.copy(BAD_RECORDS / "python-tag.yaml", scratch_project.procedures)

    build_py(scratch_project.root, "check")

    assert not (scratch_project.root / "HACKED").exists()
    assert not Path("HACKED").exists()
