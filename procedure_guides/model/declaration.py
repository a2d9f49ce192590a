"""The procedure record, declared once.

Each key is one line: its type, whether it is required, what it means, an
example, and its role (patient text or not, inherited by translations, its
section of the page). Reading and validation (`record.py`), the typed objects
code and templates use, the JSON Schema editors' tools read
(`schemas/procedure.schema.json`) and the key reference in CONTRIBUTING.md are
all derived from `Procedure` below. The contract is ../shared/record-format.md.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
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
    Pmid,
    Reader,
    Section,
    Text,
    Url,
    Year,
    key,
)
from procedure_guides.model.figures import FIGURE_FILE_PATTERN
from procedure_guides.model.problems import KeyPath

CODE_SYSTEMS = {
    # system: (pattern, what it looks like, HL7 OID used by clinic portals)
    "CPT": (r"^(\d{5}|\d{4}[FT])$", "five digits, or four digits then F or T", "2.16.840.1.113883.6.12"),
    "HCPCS": (r"^[A-V]\d{4}$", "a letter then four digits", "2.16.840.1.113883.6.285"),
    "ICD-10-PCS": (r"^[0-9A-HJ-NP-Z]{7}$", "seven letters or digits (no I or O)", "2.16.840.1.113883.6.4"),
    "SNOMED-CT": (r"^\d{6,18}$", "6 to 18 digits", "2.16.840.1.113883.6.96"),
}
# What a code is to a guide: the guide is what it describes; it is only ever reported with a
# primary code; or the guide helps a patient who had it. In this order on a code's page.
CODE_ROLES = ("primary", "add-on", "related")
FIGURE_LICENCES = ("CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0", "public domain")
# The three review steps, in order: written; every figure checked against its source by the
# editorial team (waiting for a clinician); approved by a clinician named in reviewers.yaml.
REVIEW_STEPS = ("submitted", "under_review", "approved")
REVIEW_STATUSES = ("draft", *REVIEW_STEPS)  # a draft is still being written: it has reached no step yet
REVIEW_INTERVAL = datetime.timedelta(days=365)  # the editorial policy: every page reviewed at least once a year
# What a source may be; a forum, an AI-written page or a demonstration site is none of these.
SOURCE_KINDS = (
    "journal_article",
    "guideline",
    "government_patient_information",
    "hospital_patient_information",
    "textbook",
)
REVIEWER_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PUBLICATION_SETTINGS = ("under_review", "approved")  # the lowest step a page needs to be published
# When to get help, most urgent first: 911 now; the care team today; the next visit.
HELP_LEVELS = ("emergency", "urgent", "non_urgent")
# Families of procedures, each with the red flags its guides must cover (safety/red-flags.yaml).
PROCEDURE_FAMILIES = ("anaesthesia", "spine", "neck_spine", "wound", "front_of_neck", "spinal_needle")
LIBRARY_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DAILY_LIFE_TOPICS = (
    "driving",
    "work_and_school",
    "lifting_and_exercise",
    "showering_and_bathing",
    "sex",
    "smoking",
    "travel",
)


def reaches(status: str, step: str) -> bool:
    """Whether a record at review status `status` has reached `step`."""
    return REVIEW_STATUSES.index(status) >= REVIEW_STATUSES.index(step)


def check_code(value: dict[str, Any], node: yaml.Node, path: KeyPath, reader: Reader) -> None:
    pattern, looks_like, _ = CODE_SYSTEMS[value["system"]]
    codes = {(*path, "code"): value["code"]}
    codes.update({(*path, "reported_with", i): code for i, code in enumerate(value.get("reported_with") or [])})
    for at, code in codes.items():
        if not re.fullmatch(pattern, code):
            line = reader.lines.get(at, node.start_mark.line + 1)
            reader.problem(line, at, f"{code!r} is not a {value['system']} code ({looks_like})")
    add_on = value.get("role") == "add-on"
    if add_on and not value.get("reported_with"):
        reader.problem(
            node, (*path, "role"), "an add-on code is reported with a primary code: name it in reported_with"
        )
    elif value.get("reported_with") and not add_on:
        reader.problem(
            reader.lines[(*path, "reported_with")],
            (*path, "reported_with"),
            "only an add-on code is reported with another: set role: add-on, or leave reported_with out",
        )


def check_review_dates(value: dict[str, Any], node: yaml.Node, path: KeyPath, reader: Reader) -> None:
    if value["last_reviewed"] > datetime.date.today():
        reader.problem(reader.lines[(*path, "last_reviewed")], (*path, "last_reviewed"), "is in the future")
    step = value["status"]
    if step in ("under_review", "approved") and "source_check" not in value:
        reader.problem(
            reader.lines[(*path, "status")],
            (*path, "source_check"),
            f"a record {step.replace('_', ' ')} needs its source check (by: the role that checked every figure, date: when)",
        )
    if step == "approved" and "approval" not in value:
        reader.problem(
            reader.lines[(*path, "status")],
            (*path, "approval"),
            "an approved record names the clinician who approved it (reviewer: their id in reviewers.yaml, date)",
        )
    if step != "approved" and "approval" in value:
        reader.problem(
            reader.lines[(*path, "approval")],
            (*path, "approval"),
            f"only an approved record has an approval; this one is {step.replace('_', ' ')}",
        )
    if "next_review" in value and value["next_review"] <= value["last_reviewed"]:
        reader.problem(
            reader.lines[(*path, "next_review")],
            (*path, "next_review"),
            "must be after last_reviewed",
        )


TEXT_LIST = ListOf(Text())


# Each class below is one mapping of the record; each `key(...)` line is one key: the field that
# reads it (type, required or not, meaning, example) and, for the record's own keys, its role.


# fmt: off
@dataclass(frozen=True, kw_only=True)
class Code:
    system: str = key(Choice(tuple(CODE_SYSTEMS), "The code system.", required=True, example="CPT"))
    code: str = key(Pattern(r"^\S+$", "a code in quotes", "The code, in quotes.", required=True, example="22852"))
    role: str | None = key(Choice(CODE_ROLES, "What the code is to this guide: primary (the guide is what the code describes; the default), add-on (only ever reported with a primary code, named in reported_with) or related (the guide helps a patient who had it). A code is primary on one guide at most.", example="primary"))
    reported_with: list[str] | None = key(ListOf(Pattern(r"^\S+$", "a code in quotes"), "For an add-on code: the primary codes (same system) it is reported with.", example=["22612"]))
    applies_when: str | None = key(Text("When the code leads to more than one guide: one plain line on when this guide is the one to read. Shown on the code's page.", one_line=True, example="If your fusion did not heal and the surgeon is doing it again."))

    @property
    def kind(self) -> str:
        """The role, primary when the record does not say."""
        return self.role or "primary"


@dataclass(frozen=True, kw_only=True)
class Alternative:
    name: str = key(Text("The option's name.", one_line=True, required=True, example="Waiting and watching"))
    description: str | None = key(Text("What it is.", example="You and your doctor keep an eye on your symptoms."))
    pros: str | None = key(Text("What is good about it.", example="No surgery."))
    cons: str | None = key(Text("What is not.", example="The pain may go on."))


@dataclass(frozen=True, kw_only=True)
class Reference:
    title: str = key(Text("The source's own title.", one_line=True, cites=False, required=True, example="Hardware removal after lumbar fusion"))
    url: str | None = key(Url("Where to read it.", example="https://example.org/article"))
    doi: str | None = key(Pattern(r"^10\.\d{4,9}/\S+$", "a DOI such as 10.1186/s12893-015-0081-6", "Its DOI, if it has one (shown as a link).", example="10.1186/s12893-015-0081-6"))
    pmid: str | None = key(Pmid("Its PubMed ID, if it has one (shown as a link).", example="26250649"))
    kind: str | None = key(Choice(SOURCE_KINDS, "What kind of source it is; a published record's every source needs one.", example="journal_article"))
    publisher: str | None = key(Text("Journal, publisher or organisation.", one_line=True, cites=False, example="A journal"))
    year: int | None = key(Year("Year of publication.", example=2025))


@dataclass(frozen=True, kw_only=True)
class Figure:
    file: str = key(Pattern(FIGURE_FILE_PATTERN, "an SVG file in figures/ such as figures/spinal-hardware-parts.svg", "The drawing: an SVG file in figures/ of this repository, never an address on the web.", required=True, example="figures/spinal-hardware-parts.svg"))
    alt: str = key(Text("What the drawing shows, for readers who cannot see it: one or two plain sentences.", one_line=True, cites=False, required=True, example="A side view of the lower back: screws in two bones, joined by a rod. The screws and rod come out."))
    caption: str = key(Text("One plain line under the drawing.", one_line=True, cites=False, required=True, example="The parts that come out, and the bone that stays."))
    credit: str = key(Text("Who made it.", one_line=True, cites=False, required=True, example="Procedure Guides"))
    licence: str = key(Choice(FIGURE_LICENCES, "The licence it is shared under.", required=True, example="CC BY 4.0"))


@dataclass(frozen=True, kw_only=True)
class Purpose:
    """Why it is done: one text, or a problem and goals (`text` holds the first way)."""

    problem: str | None = key(Text("The problem it treats.", required=True, example="The metal parts cause pain."))
    goals: str | None = key(Text("What it aims to achieve.", required=True, example="Less pain."))
    text: str | None = None


@dataclass(frozen=True, kw_only=True)
class RiskLists:
    common: list[str] | None = key(ListOf(Text(), "Risks that happen more often.", example=["Pain where the cut was made"]))
    rare: list[str] | None = key(ListOf(Text(), "Risks that seldom happen.", example=["Infection"]))


@dataclass(frozen=True)
class Group:
    """Items under a heading; `key` is how the record names the heading ("" for a list with none)."""

    key: str
    items: list[str]


@dataclass(frozen=True, kw_only=True)
class Experience:
    during: str | None = key(Text("What it feels like during.", example="You are asleep and feel nothing."))
    after: str | None = key(Text("What it feels like after.", example="Your back will be sore for a few weeks."))


@dataclass(frozen=True, kw_only=True)
class Question:
    question: str = key(Text("A question patients ask.", one_line=True, required=True, example="Will it stop the pain?"))
    answer: str = key(Text("A plain answer.", required=True, example="It helps many people, but not all [1]."))


@dataclass(frozen=True, kw_only=True)
class Change:
    date: datetime.date = key(Date("When the page changed.", required=True, example="2026-11-21"))
    summary: str = key(Text("What changed, in a few plain words.", one_line=True, cites=False, required=True, example="First published."))


@dataclass(frozen=True, kw_only=True)
class SourceCheck:
    by: str = key(Text("The role that checked every figure against its source, such as the editorial team; never a person's name.", one_line=True, cites=False, required=True, example="Procedure Guides editorial team"))
    date: datetime.date = key(Date("When the sources were checked.", required=True, example="2026-12-01"))


@dataclass(frozen=True, kw_only=True)
class Approval:
    reviewer: str = key(Pattern(REVIEWER_ID_PATTERN, "a reviewer's id in reviewers.yaml", "The clinician who approved it: their id in reviewers.yaml.", required=True, example="a-listed-reviewer"))
    date: datetime.date = key(Date("When they approved it.", required=True, example="2026-12-05"))


@dataclass(frozen=True, kw_only=True)
class Review:
    status: str = key(Choice(REVIEW_STATUSES, "The review step it has reached: draft (still being written), submitted (written), under_review (every figure checked against its source; waiting for a clinician) or approved (by a clinician in reviewers.yaml).", required=True, example="submitted"))
    last_reviewed: datetime.date = key(Date("When it last reached a step (written, checked or approved).", required=True, example="2026-11-01"))
    source_check: SourceCheck | None = key(Mapping.of(SourceCheck, "The editorial team's check of every figure against its source; it moves a record to under_review.", example={"by": "Procedure Guides editorial team", "date": "2026-12-01"}))
    approval: Approval | None = key(Mapping.of(Approval, "A clinician's approval; only they move a record to approved.", example={"reviewer": "a-listed-reviewer", "date": "2026-12-05"}))
    next_review: datetime.date | None = key(Date("When it is due for review again; without it, a year after last_reviewed.", example="2027-11-01"))

    @property
    def due(self) -> datetime.date:
        return self.next_review or self.last_reviewed + REVIEW_INTERVAL

    def overdue_on(self, day: datetime.date) -> bool:
        return self.due < day

    @property
    def step(self) -> int:
        """Which of the three steps it has reached: 1, 2 or 3 (0 for a draft)."""
        return REVIEW_STATUSES.index(self.status)

    @property
    def checked_since(self) -> datetime.date | None:
        """When its content was last checked: the approval, or else the source check."""
        checked = self.approval or self.source_check
        return checked.date if checked else None


@dataclass(frozen=True, kw_only=True)
class HelpItem:
    """One sign on a "when to get help" card: a red flag from the library, or the record's own words."""

    red_flag: str | None = key(Pattern(LIBRARY_ID_PATTERN, "a red flag's id in safety/red-flags.yaml", "A red flag of the library, shown in its own words and with its sources.", example="cauda-equina"))
    text: str | None = key(Text("The sign in the record's own words, cited.", example="A fever of 101°F or higher [3]."))
    covers: str | None = key(Pattern(LIBRARY_ID_PATTERN, "a red flag's id in safety/red-flags.yaml", "With text: the library red flag these words cover.", example="wound-infection"))


# fmt: on


def help_item_of(item: str | HelpItem) -> HelpItem:
    return HelpItem(text=item) if isinstance(item, str) else item


def check_help_item(value: dict[str, Any], node: yaml.Node, path: KeyPath, reader: Reader) -> None:
    if "red_flag" in value and ("text" in value or "covers" in value):
        reader.problem(
            node, path, "a red_flag brings its own words and sources: give either red_flag, or text (and covers)"
        )
    elif "covers" in value and "text" not in value:
        reader.problem(node, path, "covers goes with text: the record's own words for that red flag")


HELP_ITEM = Either(
    Text(), Mapping.of(HelpItem, at_least_one=("red_flag", "text"), check=check_help_item), one_shape=help_item_of
)


# fmt: off
@dataclass(frozen=True, kw_only=True)
class GetHelp:
    emergency: list[HelpItem] | None = key(ListOf(HELP_ITEM, "Signs that need 911 or the local emergency number now.", example=[{"red_flag": "cauda-equina"}]))
    urgent: list[HelpItem] | None = key(ListOf(HELP_ITEM, "Signs that need a call to the surgeon or care team today.", example=[{"red_flag": "wound-infection"}]))
    non_urgent: list[HelpItem] | None = key(ListOf(HELP_ITEM, "Things to tell the care team at the next visit, or in working hours.", example=[{"red_flag": "constipation"}]))


@dataclass(frozen=True, kw_only=True)
class DailyLife:
    """Back to daily life: each topic a list of cited items; advice from one hospital says so."""

    driving: list[str] | None = key(ListOf(Text(), "When and how to drive again.", example=["Do not drive while you take opioid pain medicine [4]."]))
    work_and_school: list[str] | None = key(ListOf(Text(), "Going back to work or school.", example=["Ask your surgeon when you can go back to work [3]."]))
    lifting_and_exercise: list[str] | None = key(ListOf(Text(), "Lifting, walking and exercise.", example=["Take short walks often [3]."]))
    showering_and_bathing: list[str] | None = key(ListOf(Text(), "Showers, baths and swimming.", example=["Do not soak in a bath or pool until your care team says it is OK [5]."]))
    sex: list[str] | None = key(ListOf(Text(), "Sex.", example=["Ask your care team when you can have sex again [3]."]))
    smoking: list[str] | None = key(ListOf(Text(), "Smoking and nicotine.", example=["Smoking makes it more likely that the bones do not join [2]."]))
    travel: list[str] | None = key(ListOf(Text(), "Long trips and flying.", example=["Check with your surgeon before you fly [6]."]))


def risk_groups(risks: list[str] | RiskLists) -> list[Group]:
    """Risks as groups: one without a heading for a plain list, or the common and rare ones."""
    if isinstance(risks, list):
        return [Group("", risks)]
    return [Group(kind, items) for kind, items in (("common", risks.common), ("rare", risks.rare)) if items]


def recovery_groups(recovery: list[str] | dict[str, list[str]]) -> list[Group]:
    """Recovery as groups: one without a heading for a plain list, or one per heading."""
    return [Group("", recovery)] if isinstance(recovery, list) else [Group(k, v) for k, v in recovery.items()]


def purpose_of(purpose: str | Purpose) -> Purpose:
    return Purpose(text=purpose) if isinstance(purpose, str) else purpose


def alternative_of(option: str | Alternative) -> Alternative:
    return Alternative(name=option) if isinstance(option, str) else option


CODE = Mapping.of(
    Code,
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
ALTERNATIVE = Mapping.of(Alternative)
REFERENCE = Mapping.of(Reference)


@dataclass(frozen=True, kw_only=True)
class Procedure:
    """A procedure record: every key, one line each, in the order of the contract."""

    title: str = key(Text("The procedure's name as patients would say it, in our own words (never a code's official text).", one_line=True, required=True, example="Removal of spinal screws and rods"))
    codes: list[Code] = key(ListOf(CODE, "Procedure codes, each with its role; a code may lead to several guides but is primary on one at most.", required=True, example=[{"system": "CPT", "code": "22852"}]), patient_text=False, inherited=True)
    also_known_as: list[str] | None = key(ListOf(Text(one_line=True), "Other names patients search for.", example=["Spinal hardware removal"]), section=Section("also-known-as", 50))
    body_region: str | None = key(Text("The part of the body, for grouping on the home page.", one_line=True, example="Spine"))
    specialties: list[str] | None = key(ListOf(Text(one_line=True), "Medical specialties that do it.", example=["Orthopedic surgery", "Neurosurgery"]), patient_text=False)
    procedure_type: str | None = key(Choice(("surgical", "percutaneous", "noninvasive"), "What kind of procedure it is (for search engines' structured data).", example="surgical"), patient_text=False, inherited=True)
    previous_slugs: list[str] | None = key(ListOf(Pattern(SLUG_PATTERN, "an earlier slug of this record"), "Earlier addresses of this record, after a rename; each keeps working and leads here.", example=["spinal-screw-removal"]), patient_text=False, inherited=True, about_the_page=True)
    summary: str = key(Text("What the procedure is, in two to four plain sentences.", required=True, example="Surgery to take out the screws and rods that held your spine still while it healed."), section=Section("summary", 60, promised=True))
    purpose: Purpose | None = key(Either(Text(), Mapping.of(Purpose), description="Why it is done: text, or a problem and goals.", example={"problem": "The metal parts cause pain.", "goals": "Less pain."}, one_shape=purpose_of), section=Section("purpose", 90, promised=True))
    indications: list[str] = key(ListOf(Text(), "When it is recommended.", required=True, example=["Pain that comes from the hardware once the bones have fused [1]"]), section=Section("indications", 100, promised=True))
    preparation: list[str] = key(ListOf(Text(), "What the patient does and what tests happen before.", required=True, example=["A CT scan to check that the bones have fused [1]"]), section=Section("preparation", 110, promised=True))
    preparation_covers: list[str] | None = key(ListOf(Pattern(LIBRARY_ID_PATTERN, "an id under before: in safety/red-flags.yaml"), "What the library says before every procedure of the guide's families (safety/red-flags.yaml, before:) that the guide's own preparation items already say, with their sources; the page then says it once, in the guide's words.", example=["fasting", "medicines"]), patient_text=False, inherited=True)
    procedure: list[str] | None = key(ListOf(Text(), "The steps, in order.", example=["You are given medicine to make you sleep."]), section=Section("procedure", 120, promised=True))
    figures: list[Figure] | None = key(ListOf(Mapping.of(Figure), "Drawings that help explain it, shown after the steps (and printed). Translations show the English record's.", example=[{"file": "figures/spinal-hardware-parts.svg", "alt": "A side view of the lower back: screws in two bones, joined by a rod.", "caption": "The parts that come out.", "credit": "Procedure Guides", "licence": "CC BY 4.0"}]), patient_text=False, inherited=True, section=Section("figures", 125))
    duration: str | None = key(Text("How long it takes.", one_line=True, example="1 to 3 hours [2]"))
    setting: str | None = key(Text("Where it is done.", example="A hospital operating room."))
    care_team: list[str] | None = key(ListOf(Text(one_line=True), "Who does it.", example=["Spine surgeon", "Anesthesiologist"]))
    risks: list[Group] = key(Either(TEXT_LIST, Mapping.of(RiskLists, at_least_one=("common", "rare")), description="Risks and complications: a list, or common and rare lists.", required=True, example={"common": ["Pain where the cut was made"], "rare": ["Infection"]}, one_shape=risk_groups), section=Section("risks", 130, promised=True))
    benefits: list[str] | None = key(ListOf(Text(), "What it can achieve.", example=["Less pain for many people [1]"]), section=Section("benefits", 140, promised=True))
    recovery: list[Group] = key(Either(TEXT_LIST, MapOf(SNAKE_CASE_PATTERN, "a heading in snake_case (such as at_home)", TEXT_LIST, headings_are_text=True), description="After the procedure: a list, or headings of your choice (snake_case) each with a list.", required=True, example={ "in_hospital": ["Most people stay one to three days [2]"], "at_home": ["Walk a little more each day."]}, one_shape=recovery_groups), section=Section("recovery", 150, promised=True))
    when_to_call: list[str] | None = key(ListOf(Text(), "Older records' warning signs, shown on the urgent card; write get_help instead.", example=["New numbness or weakness in your legs [3]"]))
    families: list[str] | None = key(ListOf(Choice(PROCEDURE_FAMILIES), "The families of procedures it belongs to; its get_help must cover every red flag of each (safety/red-flags.yaml). Needed from under_review on.", example=["anaesthesia", "spine", "wound"]), patient_text=False, inherited=True)
    get_help: GetHelp | None = key(Mapping.of(GetHelp, "When to get help, by how soon: emergency, urgent, non_urgent. Needed from under_review on.", at_least_one=HELP_LEVELS, example={"emergency": [{"red_flag": "cauda-equina"}], "urgent": [{"text": "A fever of 101°F or higher [3].", "covers": "wound-infection"}]}), section=Section("when-to-call", 160, promised=True))
    daily_life: DailyLife | None = key(Mapping.of(DailyLife, "Back to daily life: driving, work and school, lifting and exercise, showering and bathing, sex, smoking, travel.", at_least_one=DAILY_LIFE_TOPICS, example={"smoking": ["Smoking makes it more likely that the bones do not join [2]."]}), section=Section("daily-life", 155))
    alternatives: list[Alternative] = key(ListOf(Either(Text(), ALTERNATIVE, one_shape=alternative_of), "Other options, including waiting where that is reasonable: text, or name, description, pros and cons.", required=True, example=[{"name": "Watchful waiting", "pros": "No surgery.", "cons": "The pain may go on."}]), section=Section("alternatives", 170, promised=True))
    patient_experience: Experience | None = key(Mapping.of(Experience, "What it feels like.", at_least_one=("during", "after"), example={"during": "You are asleep and feel nothing.", "after": "Your back will be sore for a few weeks."}), section=Section("experience", 180, promised=True))
    questions: list[Question] | None = key(ListOf(Mapping.of(Question), "Questions patients ask, with answers.", example=[{"question": "Will it stop the pain?", "answer": "It helps many people, but not all [1]."}]), section=Section("questions", 190, promised=True))
    for_clinicians: list[str] | None = key(ListOf(Text(), "Evidence for surgeons (selection criteria, outcome figures), each item cited and stated as its source states it. Shown collapsed after the patient text; not scored for reading grade.", example=["Approximately 65% experience meaningful pain relief [1]."]), patient_text=False, section=Section("for-clinicians", 210))
    related: list[str] | None = key(ListOf(Pattern(SLUG_PATTERN, "a record's slug (its file name without .yaml)"), "Slugs of other records a patient may read next; each must exist.", example=["spinal-hardware-reinsertion"]), patient_text=False, inherited=True, section=Section("related", 200))
    references: list[Reference] | None = key(ListOf(REFERENCE, "Sources, numbered from 1 in this order; cite them in text as [1] or [1, 2].", example=[{"title": "Hardware removal after lumbar fusion", "publisher": "A journal", "year": 2025}]), patient_text=False, inherited=True, section=Section("references", 270, promised=True))
    changes: list[Change] | None = key(ListOf(Mapping.of(Change), "What changed on the page, shown as its Page history (newest first). An approved record must be reviewed after its newest change.", example=[{"date": "2026-11-21", "summary": "First published."}]), patient_text=False, own=True, about_the_page=True, section=Section("history", 280))
    review: Review = key(Mapping.of(Review, "Review step and dates.", required=True, check=check_review_dates, example={"status": "submitted", "last_reviewed": "2026-11-01"}), patient_text=False, own=True, section=Section("review", 260))


# fmt: on


RECORD = Mapping.of(Procedure)


class TranslationFields(Mapping):
    """A translation's keys: the record's, but those it inherits from English."""

    def unknown_key_message(self, key: str) -> str:
        if key in keys_where(inherited=True):
            return f"{key} comes from the English record; remove it here"
        return super().unknown_key_message(key)


def sections() -> list[tuple[str, Section]]:
    """The record's keys that show as sections of the page, with their sections, in reading order."""
    placed = [(name, role.section) for name, role in RECORD.roles.items() if role.section]
    return sorted(placed, key=lambda pair: pair[1].place)


def promised_anchors() -> tuple[str, ...]:
    """The section anchors clinics may link to, in reading order (see docs/clinics.md)."""
    return tuple(section.anchor for _, section in sections() if section.promised)


def keys_where(**role: bool) -> tuple[str, ...]:
    """The record's keys whose role says so, such as keys_where(inherited=True)."""
    return tuple(name for name, found in RECORD.roles.items() if all(getattr(found, k) == v for k, v in role.items()))


def json_schema(shape: Mapping = RECORD, name: str = "procedure", title: str = "Procedure record") -> dict[str, Any]:
    """The JSON Schema of a record, for YAML-aware editors and for readers of the contract."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "title": title,
        "description": f"{title} of Procedure Guides. Generated from procedure_guides/model/declaration.py; do not edit.",
    }
    schema.update(shape.json_type())
    return schema


def json_schema_text(shape: Mapping = RECORD, name: str = "procedure", title: str = "Procedure record") -> str:
    return json.dumps(json_schema(shape, name, title), indent=2, ensure_ascii=False) + "\n"


def key_reference() -> str:
    """The key reference for CONTRIBUTING.md: one row per key, nested keys indented."""
    rows = ["| key | required | shape | meaning | example |", "|---|---|---|---|---|"]
    for name, sub in RECORD.fields.items():
        rows.append(_row(name, sub))
        for child_name, child in _children(sub):
            rows.append(_row(f"{name}.{child_name}", child))
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


def _row(name: str, sub: Field) -> str:
    example = "" if sub.example is None else "`" + json.dumps(sub.example, ensure_ascii=False) + "`"
    required = "yes" if sub.required else ""
    return f"| `{name}` | {required} | {sub.shape} | {sub.description} | {example} |"


TRANSLATION = TranslationFields(
    {name: field for name, field in RECORD.fields.items() if name not in keys_where(inherited=True)},
    roles=RECORD.roles,
)
