"""When to get help: every guide covers every red flag of its families, at the right level,
and the reading gate helps editors instead of blocking them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.model.project import Project
from procedure_guides.model.safety import load_safety_library
from tests.conftest import ROOT, BuiltSite, Ran, line_of

SAFETY = load_safety_library(ROOT)[0]
# A real guide of each family, and each red flag it must cover.
GUIDE_OF = {
    "anaesthesia": "spinal-hardware-removal",
    "spine": "spinal-hardware-removal",
    "neck_spine": "neck-fusion-with-plate",
    "wound": "deep-implant-removal",
    "front_of_neck": "neck-fusion-with-plate",
    "spinal_needle": "spinal-cord-stimulator-trial",
}
CASES = [(family, name) for family in GUIDE_OF for name in SAFETY.family_flags(family)]
# Each case in a scratch project holding just the guide it breaks.
CASE_PARAMS = [
    pytest.param(family, name, marks=pytest.mark.guides(GUIDE_OF[family]), id=f"{family}-{name}")
    for family, name in CASES
]


def test_every_family_has_red_flags_and_every_guide_names_its_families() -> None:
    assert {family for family, _ in CASES} == set(GUIDE_OF)
    for path in sorted((ROOT / "procedures").glob("*.yaml")):
        assert re.search(r"^families: \[", path.read_text(), re.M), path.name


def edit_library(project: Project, old: str, new: str) -> Path:
    """The project's red-flag library with its first `old` made `new`."""
    library = project.root / "safety/red-flags.yaml"
    text = library.read_text()
    assert old in text
    library.write_text(text.replace(old, new, 1))
    return library


def without(text: str, red_flag: str) -> str:
    """The record with the line that includes (or covers) `red_flag` taken out."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip() in (f"- red_flag: {red_flag}", f"covers: {red_flag}"):
            return "".join(lines[:i] + lines[i + 1 :])
    raise AssertionError(f"{red_flag} is not in the record")


@pytest.mark.parametrize(("family", "red_flag"), CASE_PARAMS)
def test_a_guide_missing_one_red_flag_of_its_family_fails_the_check(
    family: str, red_flag: str, scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    record = scratch_project.procedures / f"{GUIDE_OF[family]}.yaml"
    record.write_text(without(record.read_text(), red_flag))
    translation = scratch_project.procedures / "es" / record.name
    if translation.exists():
        translation.unlink()

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    line = line_of(record, "families:")
    expected = f"procedures/{record.name}:{line}: families: does not cover the red flag '{red_flag}' of {family}"
    assert any(problem.startswith(expected) for problem in ran.problem_lines), ran.err


def test_a_red_flag_at_a_less_urgent_level_is_named(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    text = record.read_text().replace("    - red_flag: cauda-equina\n", "")
    record.write_text(text.replace("  urgent:\n", "  urgent:\n    - red_flag: cauda-equina\n", 1))
    (scratch_project.procedures / "es" / record.name).unlink()

    ran = build_py(scratch_project.root, "check")

    line = line_of(record, "- red_flag: cauda-equina")
    assert (
        f"procedures/spinal-hardware-removal.yaml:{line}: get_help.urgent[0].red_flag: 'cauda-equina' is emergency:"
        " put it under emergency" in ran.problem_lines
    )


def test_an_unknown_red_flag_is_named(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    record.write_text(record.read_text().replace("- red_flag: constipation", "- red_flag: no-such-sign"))
    (scratch_project.procedures / "es" / record.name).unlink()

    ran = build_py(scratch_project.root, "check")

    line = line_of(record, "no-such-sign")
    assert (
        f"procedures/spinal-hardware-removal.yaml:{line}: get_help.non_urgent[0].red_flag: there is no red flag"
        " 'no-such-sign' in safety/red-flags.yaml" in ran.problem_lines
    )


def test_a_neck_guide_names_the_spinal_cord_in_the_neck_not_the_base_of_the_spine(library_site: BuiltSite) -> None:
    for language in ("", "es/"):
        page = (library_site.site / f"{language}procedures/neck-fusion-with-plate/index.html").read_text()
        emergency = page.split('class="care-card')[1]
        assert ("presses on the spinal cord" in emergency) or ("aprieta la médula espinal" in emergency)
        assert "base of your spine" not in page and "parte baja de la columna" not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    covers: [cauda-equina]\n", "    covers: [no-such-sign]\n"),
            "there is no red flag 'no-such-sign' to cover",
        ),
        (
            ("    level: emergency\n    families: [neck_spine]\n", "    level: urgent\n    families: [neck_spine]\n"),
            "'cauda-equina' is emergency: a red flag that covers it must be too",
        ),
    ],
    ids=["unknown", "less urgent"],
)
def test_a_library_red_flag_covers_only_a_real_one_at_its_level(
    change: tuple[str, str], message: str, scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    library = edit_library(scratch_project, *change)

    ran = build_py(scratch_project.root, "check")

    line = line_of(library, "    covers: [")
    assert f"safety/red-flags.yaml:{line}: red_flags.neck-cord-pressure.covers[0]: {message}" in ran.err.splitlines()


def test_a_translation_keeps_the_english_red_flags(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    translation = scratch_project.procedures / "es/spinal-hardware-removal.yaml"
    line = line_of(translation, "- red_flag: constipation")
    translation.write_text(translation.read_text().replace("- red_flag: constipation", "- red_flag: leg-clot", 1))

    ran = build_py(scratch_project.root, "check")

    assert (
        f"procedures/es/spinal-hardware-removal.yaml:{line}: get_help.non_urgent[0].red_flag: is 'leg-clot'; the"
        " English record has 'constipation'" in ran.problem_lines
    )


def test_a_guide_past_submitted_names_its_families(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    record.write_text(re.sub(r"^families: .*\n", "", record.read_text(), flags=re.M))
    (scratch_project.procedures / "es" / record.name).unlink()

    ran = build_py(scratch_project.root, "check")

    assert (
        "procedures/spinal-hardware-removal.yaml:1: families: a guide past submitted names its families, so its"
        " red flags can be checked" in ran.problem_lines
    )


PLAIN_RECORD = """\
title: Taking out a small screw
codes:
  - {system: CPT, code: "99940"}
summary: A short operation to take out a small screw from your foot [1].
indications:
  - The screw hurts when you walk [1].
preparation:
  - Physical therapy.
  - Do not eat for six hours before [1].
risks:
  - Bleeding [1].
  - Infection [1].
recovery:
  - Rest your foot for a few days [1].
  - Walk a little more each day [1].
alternatives:
  - Leave the screw in.
references:
  - title: A patient leaflet
    url: https://example.org/leaflet
review:
  status: submitted
  last_reviewed: 2026-11-01
"""


def test_a_plain_short_record_has_no_reading_problem(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    (scratch_project.procedures / "small-screw.yaml").write_text(PLAIN_RECORD)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 0, ran.err


def test_a_hard_record_fails_once_with_its_hardest_sentences_as_hints(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    hard = PLAIN_RECORD.replace(
        "summary: A short operation to take out a small screw from your foot [1].",
        "summary: >-\n  Percutaneous orthopaedic implant extraction necessitates comprehensive preoperative"
        " radiological localisation and meticulous intraoperative haemostatic management [1].",
    ).replace("  - Leave the screw in.", "  - Conservative symptomatic management, physiotherapeutic rehabilitation.")
    path = scratch_project.procedures / "small-screw.yaml"
    path.write_text(hard)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert len(ran.problem_lines) == 1
    assert ran.problem_lines[0].startswith("procedures/small-screw.yaml:1: (reading grade): the page reads at grade")
    hints = [line.strip() for line in ran.err.splitlines() if line.startswith("    procedures/small-screw.yaml:")]
    assert hints[0].startswith(f"procedures/small-screw.yaml:{line_of(path, 'summary:')}: summary: 'Percutaneous")
    assert not any("Physical therapy" in hint for hint in hints)  # a label is never called hard to read


def test_a_guide_of_a_family_says_what_to_do_before_it(library_site: BuiltSite) -> None:
    page = (library_site.site / "procedures/spinal-cord-stimulator-trial/index.html").read_text()
    getting_ready = page.split('id="preparation"')[1].split("<h2")[0]
    assert "Follow your care team's instructions about when to stop eating and drinking." in getting_ready
    assert "Ask your care team before you stop or take blood thinners" in getting_ready


def test_advice_a_guide_gives_in_its_own_words_is_said_once(library_site: BuiltSite) -> None:
    page = (library_site.site / "procedures/spinal-hardware-removal/index.html").read_text()
    getting_ready = page.split('id="preparation"')[1].split("<h2")[0]
    assert "This is usually at least 6 hours" in getting_ready  # the guide's own words
    assert "Follow your care team's instructions about when to stop eating and drinking." not in getting_ready
    assert "Ask your care team before you stop or take blood thinners" not in getting_ready


@pytest.mark.parametrize(
    ("library_change", "message"),
    [
        (
            (
                "families: [anaesthesia]\n    text:\n      en: Follow",
                "families: [spinal_needle]\n    text:\n      en: Follow",
            ),
            "'fasting' is said before procedures of other families, not this guide's",
        ),
        (("  fasting:\n", "  eating:\n"), "there is nothing called 'fasting' under before: in safety/red-flags.yaml"),
    ],
    ids=["another family's", "unknown"],
)
def test_preparation_covers_only_what_the_library_says_before_the_guide(
    library_change: tuple[str, str], message: str, scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    edit_library(scratch_project, *library_change)

    ran = build_py(scratch_project.root, "check")

    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    line = line_of(record, "preparation_covers:")
    assert f"procedures/spinal-hardware-removal.yaml:{line}: preparation_covers[0]: {message}" in ran.problem_lines


def test_every_library_source_can_be_followed(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    library = scratch_project.root / "safety/red-flags.yaml"
    library.write_text(library.read_text().replace("        kind: government_patient_information\n", "", 1))

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert any(
        line.startswith("safety/red-flags.yaml:")
        and line.endswith(
            ": needs a kind (journal_article, guideline,"
            " government_patient_information, hospital_patient_information or textbook)"
        )
        for line in ran.err.splitlines()
    ), ran.err
