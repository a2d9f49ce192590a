"""Golden files: a fixture record and the exact Markdown it must render to.

After an intended change to the templates, regenerate with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_pages.py` and read the diff.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from procedure_guides.model.glossary import load_glossary
from procedure_guides.model.record import Record
from procedure_guides.model.safety import load_safety_library
from procedure_guides.output.page import RenderOptions
from procedure_guides.output.pages import HOME_GUIDES_PER_REGION, Site
from procedure_guides.pipeline.promise import SECTION_ANCHORS
from procedure_guides.pipeline.stages import editor_note, load_library

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parent.parent
TEMPLATES = ROOT / "templates"


# A preview build on a day when the fixture's review has fallen due.
OPTIONS = RenderOptions(drafts=True, today=datetime.date(2027, 2, 1), site_url="https://procedure-guides.example/")


def rendered_files(records: list[Record]) -> dict[str, str]:
    """Every file the fixture records render to, as a preview build renders them."""
    glossaries = {"en": load_glossary(GOLDEN)}
    safety, _ = load_safety_library(ROOT)  # the project's own red flags, as every guide uses them
    return Site.prepare(
        records, TEMPLATES, glossaries, OPTIONS, api_schemas={}, editor_note=editor_note, safety=safety
    ).all_files()


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    records, problems = load_library(GOLDEN / "procedures", GOLDEN)
    assert problems == []
    return rendered_files(records)


@pytest.mark.parametrize(
    "page",
    [
        "procedures/fixture-procedure.md",
        "procedures/fixture-other.md",
        "procedures/_by_region.md",
        "procedures/_glossary.md",
        "procedures/_find.md",
        "procedures/_search_box.md",
        "codes/index.md",
        "codes/cpt/0001T/index.html",
        "api/codes/cpt/0001T.json",
        "api/procedures.json",
    ],
)
def test_page_matches_golden_file(page: str, rendered: dict[str, str]) -> None:
    golden = GOLDEN / "expected" / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered[page], encoding="utf-8")
    assert rendered[page] == golden.read_text(encoding="utf-8")


def test_record_text_cannot_become_markup(rendered: dict[str, str]) -> None:
    page = rendered["procedures/fixture-procedure.md"]
    assert r"\{\{ 7\*7 \}\}" not in page  # braces escaped, not the asterisk
    assert r"template \{\{ 7*7 \}\}" in page
    assert r"attributes \{: onclick=" in page
    assert r"- \# not a heading" in page
    assert r"- 1\. not a numbered list" in page
    assert r"- \- not a nested list" in page


def test_sections_keep_their_fixed_anchors_in_reading_order(rendered: dict[str, str]) -> None:
    page = rendered["procedures/fixture-procedure.md"]
    positions = [re.search(rf"\{{:? ?#{anchor}[ }}]", page) for anchor in SECTION_ANCHORS]
    assert None not in positions
    starts = [match.start() for match in positions if match]
    assert starts == sorted(starts)


def test_a_record_without_optional_sections_has_no_empty_headings(rendered: dict[str, str]) -> None:
    page = rendered["procedures/fixture-other.md"]
    for anchor in ["purpose", "procedure", "benefits", "experience", "questions"]:
        assert f"{{#{anchor}}}" not in page


def test_home_shows_a_few_guides_per_region_and_links_to_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    folder.mkdir()
    template = (GOLDEN / "procedures/fixture-other.yaml").read_text()
    for i in range(HOME_GUIDES_PER_REGION + 1):
        record = template.replace("Another fixture", f"Knee guide {i:02d}").replace("A1234", f"A{1000 + i}")
        (folder / f"knee-guide-{i:02d}.yaml").write_text(record.replace("summary:", "body_region: Knee\nsummary:"))
    records, problems = load_library(folder, tmp_path)
    assert problems == []

    files = rendered_files(records)

    home = str(files["procedures/_by_region.md"])
    assert home.count("](procedures/knee-guide-") == HOME_GUIDES_PER_REGION
    assert f"- [See all {HOME_GUIDES_PER_REGION + 1} guides for this part of the body](regions/knee.md)" in home
    region = str(files["regions/knee.md"])
    assert region.count("](../procedures/knee-guide-") == HOME_GUIDES_PER_REGION + 1
