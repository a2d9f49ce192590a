"""The procedure record, declared once.

Each key is one line: its type, whether it is required, what it means and an
example. Validation (`records.py`), the JSON Schema editors' tools read
(`schemas/procedure.schema.json`) and the key reference in CONTRIBUTING.md are
all derived from `RECORD` below. The contract is ../shared/record-format.md.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import yaml

from procedure_guides.model.fields import (
    SLUG_PATTERN,
    SNAKE_CASE_PATTERN,
    Choice,
    Date,
    Either,
    Field,
    ListOf,
    MapOf,
    Mapping,
    Pattern,
    Reader,
    Text,
    Url,
    Year,
)
from procedure_guides.model.problems import KeyPath

CODE_SYSTEMS = {
    # system: (pattern, what it looks like, HL7 OID used by clinic portals)
    "CPT": (r"^(\d{5}|\d{4}[FT])$", "five digits, or four digits then F or T", "2.16.840.1.113883.6.12"),
    "HCPCS": (r"^[A-V]\d{4}$", "a letter then four digits", "2.16.840.1.113883.6.285"),
    "ICD-10-PCS": (r"^[0-9A-HJ-NP-Z]{7}$", "seven letters or digits (no I or O)", "2.16.840.1.113883.6.4"),
    "SNOMED-CT": (r"^\d{6,18}$", "6 to 18 digits", "2.16.840.1.113883.6.96"),
}
REVIEW_STATUSES = ("draft", "submitted", "under_review", "approved")
PUBLISHED_STATUS = "approved"


def check_code(value: dict[str, Any], node: yaml.Node, path: KeyPath, reader: Reader) -> None:
    pattern, looks_like, _ = CODE_SYSTEMS[value["system"]]
    if not re.fullmatch(pattern, value["code"]):
        reader.problem(
            reader.lines.get((*path, "code"), node.start_mark.line + 1),
            (*path, "code"),
            f"{value['code']!r} is not a {value['system']} code ({looks_like})",
        )


def check_review_dates(value: dict[str, Any], node: yaml.Node, path: KeyPath, reader: Reader) -> None:
    if value["last_reviewed"] > datetime.date.today():
        reader.problem(reader.lines[(*path, "last_reviewed")], (*path, "last_reviewed"), "is in the future")
    if "next_review" in value and value["next_review"] <= value["last_reviewed"]:
        reader.problem(
            reader.lines[(*path, "next_review")],
            (*path, "next_review"),
            "must be after last_reviewed",
        )


TEXT_LIST = ListOf(Text())

CODE = Mapping(
    {
        "system": Choice(tuple(CODE_SYSTEMS), "The code system.", required=True, example="CPT"),
        "code": Pattern(r"^\S+$", "a code in quotes", "The code, in quotes.", required=True, example="22852"),
    },
    check=check_code,
    json_extra={
        "allOf": [
            {
                "if": {"properties": {"system": {"const": system}}},
                "then": {"properties": {"code": {"pattern": pattern}}},
            }
            for system, (pattern, _, _) in CODE_SYSTEMS.items()
        ]
    },
)

ALTERNATIVE = Mapping(
    {
        "name": Text("The option's name.", one_line=True, required=True, example="Waiting and watching"),
        "description": Text("What it is.", example="You and your doctor keep an eye on your symptoms."),
        "pros": Text("What is good about it.", example="No surgery."),
        "cons": Text("What is not.", example="The pain may go on."),
    }
)

REFERENCE = Mapping(
    {
        "title": Text(
            "The source's own title.",
            one_line=True,
            cites=False,
            required=True,
            example="Hardware removal after lumbar fusion",
        ),
        "url": Url("Where to read it.", example="https://example.org/article"),
        "publisher": Text("Journal, publisher or organisation.", one_line=True, cites=False, example="A journal"),
        "year": Year("Year of publication.", example=2025),
    }
)

RECORD = Mapping(
    {
        "title": Text("The procedure's name as patients would say it, in our own words (never a code's official text).", one_line=True, required=True, example="Removal of spinal screws and rods"),
        "codes": ListOf(CODE, "Procedure codes; no two records share one.", required=True, example=[{"system": "CPT", "code": "22852"}]),
        "also_known_as": ListOf(Text(one_line=True), "Other names patients search for.", example=["Spinal hardware removal"]),
        "body_region": Text("The part of the body, for grouping on the home page.", one_line=True, example="Spine"),
        "specialties": ListOf(Text(one_line=True), "Medical specialties that do it.", example=["Orthopedic surgery", "Neurosurgery"]),
        "procedure_type": Choice(("surgical", "percutaneous", "noninvasive"), "What kind of procedure it is (for search engines' structured data).", example="surgical"),
        "previous_slugs": ListOf(Pattern(SLUG_PATTERN, "an earlier slug of this record"), "Earlier addresses of this record, after a rename; each keeps working and leads here.", example=["spinal-screw-removal"]),
        "summary": Text("What the procedure is, in two to four plain sentences.", required=True, example="Surgery to take out the screws and rods that held your spine still while it healed."),
        "purpose": Either(Text(), Mapping({"problem": Text("The problem it treats.", required=True, example="The metal parts cause pain."), "goals": Text("What it aims to achieve.", required=True, example="Less pain.")}), description="Why it is done: text, or a problem and goals.", example={"problem": "The metal parts cause pain.", "goals": "Less pain."}),
        "indications": ListOf(Text(), "When it is recommended.", required=True, example=["Pain that comes from the hardware once the bones have fused [1]"]),
        "preparation": ListOf(Text(), "What the patient does and what tests happen before.", required=True, example=["A CT scan to check that the bones have fused [1]"]),
        "procedure": ListOf(Text(), "The steps, in order.", example=["You are given medicine to make you sleep."]),
        "duration": Text("How long it takes.", one_line=True, example="1 to 3 hours [2]"),
        "setting": Text("Where it is done.", example="A hospital operating room."),
        "care_team": ListOf(Text(one_line=True), "Who does it.", example=["Spine surgeon", "Anesthesiologist"]),
        "risks": Either(TEXT_LIST, Mapping({"common": ListOf(Text(), "Risks that happen more often.", example=["Pain where the cut was made"]), "rare": ListOf(Text(), "Risks that seldom happen.", example=["Infection"])}, at_least_one=("common", "rare")), description="Risks and complications: a list, or common and rare lists.", required=True, example={"common": ["Pain where the cut was made"], "rare": ["Infection"]}),
        "benefits": ListOf(Text(), "What it can achieve.", example=["Less pain for many people [1]"]),
        "recovery": Either(TEXT_LIST, MapOf(SNAKE_CASE_PATTERN, "a heading in snake_case (such as at_home)", TEXT_LIST), description="After the procedure: a list, or headings of your choice (snake_case) each with a list.", required=True, example={"in_hospital": ["Most people stay one to three days [2]"], "at_home": ["Walk a little more each day."]}),
        "when_to_call": ListOf(Text(), "Warning signs that need a call or urgent care.", example=["New numbness or weakness in your legs [3]"]),
        "alternatives": ListOf(Either(Text(), ALTERNATIVE), "Other options, including waiting where that is reasonable: text, or name, description, pros and cons.", required=True, example=[{"name": "Watchful waiting", "pros": "No surgery.", "cons": "The pain may go on."}]),
        "patient_experience": Mapping({"during": Text("What it feels like during.", example="You are asleep and feel nothing."), "after": Text("What it feels like after.", example="Your back will be sore for a few weeks.")}, "What it feels like.", at_least_one=("during", "after"), example={"during": "You are asleep and feel nothing.", "after": "Your back will be sore for a few weeks."}),
        "questions": ListOf(Mapping({"question": Text("A question patients ask.", one_line=True, required=True, example="Will it stop the pain?"), "answer": Text("A plain answer.", required=True, example="It helps many people, but not all [1].")}), "Questions patients ask, with answers.", example=[{"question": "Will it stop the pain?", "answer": "It helps many people, but not all [1]."}]),
        "for_clinicians": ListOf(Text(), "Evidence for surgeons (selection criteria, outcome figures), each item cited and stated as its source states it. Shown collapsed after the patient text; not scored for reading grade.", example=["Approximately 65% experience meaningful pain relief [1]."]),
        "related": ListOf(Pattern(SLUG_PATTERN, "a record's slug (its file name without .yaml)"), "Slugs of other records a patient may read next; each must exist.", example=["spinal-hardware-reinsertion"]),
        "references": ListOf(REFERENCE, "Sources, numbered from 1 in this order; cite them in text as [1] or [1, 2].", example=[{"title": "Hardware removal after lumbar fusion", "publisher": "A journal", "year": 2025}]),
        "changes": ListOf(Mapping({"date": Date("When the page changed.", required=True, example="2026-11-21"), "summary": Text("What changed, in a few plain words.", one_line=True, cites=False, required=True, example="First published.")}), "What changed on the page, shown as its Page history (newest first). An approved record must be reviewed after its newest change.", example=[{"date": "2026-11-21", "summary": "First published."}]),
        "review": Mapping({"status": Choice(REVIEW_STATUSES, "Where the record is in review; only approved records are published.", required=True, example="draft"), "last_reviewed": Date("When it was last reviewed.", required=True, example="2026-11-01"), "reviewed_by": Text("The role that reviewed it, such as the editorial team; never an invented person.", one_line=True, cites=False, example="Procedure Guides editorial team"), "next_review": Date("When it is due for review again.", example="2027-11-01")}, "Review status and dates.", required=True, check=check_review_dates, example={"status": "draft", "last_reviewed": "2026-11-01"}),
    }
)  # fmt: skip


def json_schema(shape: Mapping = RECORD, name: str = "procedure", title: str = "Procedure record") -> dict[str, Any]:
    """The JSON Schema of a record, for YAML-aware editors and for readers of the contract."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "title": title,
        "description": f"{title} of Procedure Guides. Generated from procedure_guides/schema.py; do not edit.",
    }
    schema.update(shape.json_type())
    return schema


def json_schema_text(shape: Mapping = RECORD, name: str = "procedure", title: str = "Procedure record") -> str:
    return json.dumps(json_schema(shape, name, title), indent=2, ensure_ascii=False) + "\n"


def key_reference() -> str:
    """The key reference for CONTRIBUTING.md: one row per key, nested keys indented."""
    rows = ["| key | required | shape | meaning | example |", "|---|---|---|---|---|"]
    for key, sub in RECORD.fields.items():
        rows.append(_row(key, sub))
        for child_key, child in _children(sub):
            rows.append(_row(f"{key}.{child_key}", child))
    return "\n".join(rows) + "\n"


def _children(sub: Field) -> list[tuple[str, Field]]:
    if isinstance(sub, ListOf):
        sub = sub.item
    if isinstance(sub, Either):
        found = [pair for choice in sub.choices for pair in _children(choice)]
        return found
    if isinstance(sub, Mapping):
        return list(sub.fields.items())
    return []


def _row(key: str, sub: Field) -> str:
    example = "" if sub.example is None else "`" + json.dumps(sub.example, ensure_ascii=False) + "`"
    required = "yes" if sub.required else ""
    return f"| `{key}` | {required} | {sub.shape} | {sub.description} | {example} |"
