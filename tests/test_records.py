"""Every committed record is complete and valid, and the published contract stays in step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from procedure_guides.checks.editorial import load_jargon, uncited_figures
from procedure_guides.commands.schema import expected_files
from procedure_guides.model.declaration import RECORD, json_schema
from procedure_guides.model.record import read_record
from procedure_guides.pipeline.stages import load_library

ROOT = Path(__file__).resolve().parent.parent
RECORD_FILES = sorted((ROOT / "procedures").glob("*.yaml"))
CONTRACT_EXAMPLE = Path(__file__).parent / "contract" / "record-format-example.yaml"


def test_the_library_is_valid() -> None:
    records, problems = load_library(ROOT / "procedures", ROOT)
    assert [str(p) for p in problems] == []
    assert len(records) == len(RECORD_FILES) >= 2


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_record_is_complete(path: Path) -> None:
    record, problems = read_record(path, f"procedures/{path.name}")
    assert problems == []
    assert record is not None
    for key, field in RECORD.fields.items():
        if field.required:
            assert record.data.get(key), f"{path.name}: required section {key} is empty"
    # No clinician has approved our guides yet: their honest step is the editorial source check.
    review = record.procedure.review
    assert review.status == "under_review"
    assert review.source_check and review.source_check.by == "Procedure Guides editorial team"
    assert review.approval is None
    references = record.procedure.references
    assert references, f"{path.name}: a published record names its sources"
    for reference in references:
        assert reference.kind and (reference.url or reference.doi or reference.pmid), reference.title
    # Each code says what it is to this guide.
    assert all("role" in code for code in record.data["codes"]), f"{path.name}: every code states its role"
    first_line = path.read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/procedure.schema.json", "editors' tools need it"


@pytest.mark.parametrize("path", [*RECORD_FILES, CONTRACT_EXAMPLE], ids=lambda p: p.stem)
def test_record_satisfies_the_published_json_schema(path: Path) -> None:
    # YAML-aware editors read dates as text (YAML 1.2), so compare in that form.
    data: Any = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(data, json_schema())


def test_the_contract_example_keeps_building() -> None:
    record, problems = read_record(CONTRACT_EXAMPLE, "procedures/record-format-example.yaml")
    assert problems == []
    assert record is not None


def test_the_json_schema_rejects_what_the_validator_rejects() -> None:
    bad = {"title": "x", "codes": [{"system": "CPT", "code": "2285"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json_schema())


@pytest.mark.parametrize(
    "relative",
    ["schemas/procedure.schema.json", "schemas/translation.schema.json", "CONTRIBUTING.md", ".github/CODEOWNERS"],
)
def test_generated_contract_files_are_up_to_date(relative: str) -> None:
    expected = {str(path): text for path, text in expected_files(ROOT).items()}
    actual = (ROOT / relative).read_text(encoding="utf-8")
    assert actual == expected[relative], f"{relative} is stale: run `make schema`"


def test_committed_records_cite_every_figure() -> None:
    records, _ = load_library(ROOT / "procedures", ROOT)
    assert [str(problem) for record in records for problem in uncited_figures(record)] == []


def test_jargon_list_has_at_least_forty_plain_alternatives() -> None:
    jargon = load_jargon(ROOT)
    assert len(jargon) >= 40
    assert jargon["utilize"] == "use" and jargon["ambulate"] == "walk"


def every_property(schema: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for key, child in schema.get("properties", {}).items():
        found.append((f"{path}{key}", child))
        found += every_property(child, f"{path}{key}.")
    for choice in schema.get("anyOf", []):
        found += every_property(choice, path)
    if "items" in schema:
        found += every_property(schema["items"], path)
    for choice in schema.get("items", {}).get("anyOf", []):
        found += every_property(choice, path)
    return found


def test_every_key_of_the_schema_has_a_description_and_an_example() -> None:
    keys = every_property(json_schema())
    assert len(keys) > 40
    for key, schema in keys:
        assert schema.get("description"), key
        assert schema.get("examples"), key
