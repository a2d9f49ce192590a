"""build.py as an editor uses it: help, exit codes, and `new`."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.model.project import Project
from tests.conftest import ROOT, Ran, line_of

GOLDEN = Path(__file__).parent / "golden/procedures"


def test_help_documents_the_exit_codes(scratch_project: Project, command_line: Callable[..., Ran]) -> None:
    ran = command_line(scratch_project.root, "--help")

    assert ran.code == 0
    assert "0 success" in ran.out and "1 invalid records" in ran.out and "2 usage error" in ran.out
    for verb in ["check", "build", "serve", "new"]:
        assert verb in ran.out


def test_a_wrong_command_is_a_usage_error(scratch_project: Project, command_line: Callable[..., Ran]) -> None:
    ran = command_line(scratch_project.root, "publish")

    assert ran.code == 2
    assert "invalid choice: 'publish'" in ran.err


def test_check_passes_on_valid_records(scratch_project: Project, command_line: Callable[..., Ran]) -> None:
    ran = command_line(scratch_project.root, "check")

    assert ran.code == 0
    assert ran.out.startswith(f"{len(list(scratch_project.procedures.glob('*.yaml')))} records are valid.")


def test_new_writes_a_skeleton_that_names_every_placeholder(
    scratch_project: Project, command_line: Callable[..., Ran]
) -> None:
    ran = command_line(scratch_project.root, "new", "knee-hardware-removal")

    assert ran.code == 0
    record = scratch_project.procedures / "knee-hardware-removal.yaml"
    text = record.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/procedure.schema.json\n")
    checked = command_line(scratch_project.root, "check")
    assert checked.code == 1
    assert len(checked.problem_lines) == checked.err.count("TODO") == 17
    assert all(line.startswith("procedures/knee-hardware-removal.yaml:") for line in checked.problem_lines)
    assert "knee-hardware-removal.yaml:7: title: still holds the placeholder TODO: write the real text" in checked.err


def new_filled_in_record(project: Project, build_py: Callable[..., Ran], slug: str) -> None:
    """What an editor does: `new`, then every TODO replaced."""
    assert build_py(project.root, "new", slug).code == 0
    record = project.procedures / f"{slug}.yaml"
    filled = record.read_text().replace('code: "TODO"', 'code: "20999"')
    filled = filled.replace("last_reviewed: TODO", "last_reviewed: 2026-11-01")
    filled = filled.replace("url: TODO", "url: https://example.org/a-source")
    record.write_text(filled.replace("TODO", "Short plain words"))


def test_a_filled_in_skeleton_passes_check(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    new_filled_in_record(scratch_project, build_py, "knee-hardware-removal")

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 0, ran.err
    assert ran.out.startswith(f"{len(list(scratch_project.procedures.glob('*.yaml')))} records are valid.")


def test_new_never_overwrites_a_record(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    existing = scratch_project.procedures / "spinal-hardware-removal.yaml"
    before = existing.read_bytes()

    ran = build_py(scratch_project.root, "new", "spinal-hardware-removal")

    assert ran.code == 1
    assert ran.err.strip() == "procedures/spinal-hardware-removal.yaml already exists; it was not changed"
    assert existing.read_bytes() == before


def test_new_refuses_a_slug_that_is_not_one(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    ran = build_py(scratch_project.root, "new", "Knee_Surgery")

    assert ran.code == 2
    assert "'Knee_Surgery' is not a slug" in ran.err
    assert not list(scratch_project.procedures.glob("Knee*"))


def test_check_lists_overdue_reviews_and_fails_on_them_when_strict(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    record.write_text(re.sub(r"(date|last_reviewed): 2026-[0-9-]+", r"\1: 2025-06-01", record.read_text()))
    line = line_of(record, "last_reviewed:")  # due a year after it, as no next_review is set
    where = f"procedures/spinal-hardware-removal.yaml:{line}: review.last_reviewed"
    overdue = f"{where}: review overdue: it was due on 2026-06-01"

    relaxed = build_py(scratch_project.root, "check")
    strict = build_py(scratch_project.root, "check", "--strict")

    assert relaxed.code == 0
    assert f"warning: {overdue}" in relaxed.err
    assert strict.code == 1
    assert overdue in strict.err


def test_check_prints_a_readability_table(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    ran = build_py(scratch_project.root, "check", "--readability")

    assert ran.code == 0
    records = sorted(scratch_project.procedures.glob("*.yaml"))
    header, *rows = ran.out.splitlines()[: len(records) + 1]
    assert header.split() == ["record", "grade", "Flesch-Kincaid", "SMOG", "sentences", "words"]
    assert [row.split()[0] for row in rows] == [f"procedures/{r.name}" for r in records]
    assert all(row.split()[-1] == "ok" for row in rows)


def test_report_gives_advice_without_failing(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    record = scratch_project.procedures / "another-fixture.yaml"
    text = (GOLDEN / "fixture-other.yaml").read_text()
    text = text.replace("indications: [A reason]", "indications: [A reason that lasts 6 weeks]")
    text = text.replace("risks: [A risk]", "risks: [A risk, A risk we utilize]")
    text = text.replace(
        "recovery: [Rest]",
        "recovery: [Rest, 'Less pain, which for most people means that the things they like to do each day, at home"
        " and at work, and with friends and family, get easier and more fun to do again over time']",
    )
    record.write_text(text)

    ran = build_py(scratch_project.root, "check", "--report")

    assert ran.code == 0, ran.err
    report = ran.out.split("\n\n")[0].splitlines()
    assert report[0] == "procedures/another-fixture.yaml"
    assert re.match(r"  reading grade \d\.\d \(Flesch-Kincaid \d\.\d, SMOG \d\.\d; limit 8\), \d+ words", report[1])
    assert report[2].startswith("  optional sections missing: also_known_as, body_region,")
    advice = "\n".join(report[3:])
    assert "indications[0]: the figure '6 weeks' has no source: add a citation like [1]" in advice
    assert "risks[1]: 'utilize' is jargon: say 'use'" in advice
    assert "recovery[1]: a sentence of 36 words (aim for 25 or fewer)" in advice


def test_report_names_missing_optional_sections(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    new_filled_in_record(scratch_project, build_py, "knee-hardware-removal")

    ran = build_py(scratch_project.root, "check", "--report")

    assert ran.code == 0, ran.err
    block = next(b for b in ran.out.split("\n\n") if b.startswith("procedures/knee-hardware-removal.yaml"))
    assert "  optional sections missing: also_known_as, body_region, specialties, procedure_type, purpose," in block


def test_a_build_without_site_url_warns_once_that_links_point_to_the_placeholder(
    scratch_project: Project, command_line: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)

    ran = command_line(scratch_project.root, "build")

    assert ran.code == 0  # a newcomer's `make site` still works
    warnings = [line for line in ran.err.splitlines() if "SITE_URL" in line]
    assert warnings == [
        "warning: SITE_URL is not set, so canonical links, the sitemap and the printed QR codes point to"
        " https://procedure-guides.example/, a placeholder. To publish, build with SITE_URL=https://your.address/"
        " (README: Publishing)."
    ]


def test_a_build_with_site_url_points_every_link_at_it_without_a_warning(
    scratch_project: Project, build_py: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITE_URL", "https://guides.clinic.test/")

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 0 and "SITE_URL" not in ran.err
    site = scratch_project.root / "site"
    guide = (site / "procedures/spinal-hardware-removal/index.html").read_text()
    assert '<link rel="canonical" href="https://guides.clinic.test/procedures/spinal-hardware-removal/">' in guide
    assert "procedure-guides.example" not in (site / "sitemap.xml").read_text()


def test_schema_rewrites_only_what_is_stale(scratch_project: Project, command_line: Callable[..., Ran]) -> None:
    shutil.copy(ROOT / "CONTRIBUTING.md", scratch_project.root)
    schema = scratch_project.root / "schemas/procedure.schema.json"
    schema.write_text("{}\n")

    ran = command_line(scratch_project.root, "schema")

    assert ran.code == 0, ran.err
    assert "Wrote schemas/procedure.schema.json" in ran.out.splitlines()
    assert "Wrote CONTRIBUTING.md" not in ran.out  # the committed key reference is up to date
    assert schema.read_text() == (ROOT / "schemas/procedure.schema.json").read_text()
