"""The safety library, safety/red-flags.yaml: each warning sign once, with its level, families and sources.

A red flag is a sign after a procedure that needs help at one of three levels:
emergency (call 911 or the local emergency number now), urgent (call the surgeon
or care team today) or non-urgent (tell the care team at the next visit). Each
belongs to the families of procedures it applies to (any procedure under general
anaesthesia or sedation, any spine surgery, spine surgery in the neck, any surgical
wound, surgery on the front of the neck, a needle or lead in the spine); a guide
names its families and must cover every red flag of each. A red flag of a narrower
family may cover one of a wider family in words that fit it (the spinal cord in the
neck rather than the nerves at the base of the spine). "Before" items are what
every guide of a family says in its "Getting ready" section (eating and drinking,
medicines).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from procedure_guides.model.declaration import HELP_LEVELS, LIBRARY_ID_PATTERN, PROCEDURE_FAMILIES, REFERENCE, Reference
from procedure_guides.model.fields import Choice, ListOf, MapOf, Mapping, Pattern, Reader, Text, key
from procedure_guides.model.languages import SITE_LANGUAGES
from procedure_guides.model.problems import InvalidRecords, KeyPath
from procedure_guides.model.yaml_files import read_shape

SAFETY_FILE = "safety/red-flags.yaml"

WORDS = Mapping(
    {language: Text(one_line=True, cites=False, required=True) for language in SITE_LANGUAGES},
    "The words, in every language the site speaks.",
    required=True,
)


# fmt: off
@dataclass(frozen=True, kw_only=True)
class RedFlag:
    level: str = key(Choice(HELP_LEVELS, "How soon help is needed: emergency, urgent or non_urgent.", required=True))
    families: list[str] | None = key(ListOf(Choice(PROCEDURE_FAMILIES), "The families of procedures whose guides must cover it."))
    text: dict[str, str] = key(WORDS)
    covers: list[str] | None = key(ListOf(Pattern(LIBRARY_ID_PATTERN, "a red flag's id"), "Red flags of a wider family that these words say as they apply to this family (a guide that includes this one has covered them).", example=["cauda-equina"]))
    sources: list[Reference] = key(ListOf(REFERENCE, "Where it comes from: each source states the sign and how soon to get help.", required=True))


@dataclass(frozen=True, kw_only=True)
class Before:
    families: list[str] = key(ListOf(Choice(PROCEDURE_FAMILIES), "The families of procedures whose guides say it.", required=True))
    text: dict[str, str] = key(WORDS)
    sources: list[Reference] = key(ListOf(REFERENCE, "Where it comes from.", required=True))


@dataclass(frozen=True, kw_only=True)
class SafetyLibrary:
    red_flags: dict[str, RedFlag] = key(MapOf(LIBRARY_ID_PATTERN, "a red flag's id", Mapping.of(RedFlag), "Warning signs, by id.", required=True))
    before: dict[str, Before] | None = key(MapOf(LIBRARY_ID_PATTERN, "an id", Mapping.of(Before), "What guides of a family say before the procedure."))
# fmt: on

    def family_flags(self, family: str) -> dict[str, RedFlag]:
        return {name: flag for name, flag in self.red_flags.items() if family in (flag.families or [])}

    def before_for(self, families: list[str]) -> dict[str, Before]:
        return {name: item for name, item in (self.before or {}).items() if set(item.families) & set(families)}


LIBRARY = Mapping.of(SafetyLibrary)
EMPTY = SafetyLibrary(red_flags={})


def load_safety_library(root: Path) -> tuple[SafetyLibrary, dict[KeyPath, int]]:
    """The library and the line of each of its keys, or InvalidRecords naming every problem in it;
    empty when the project has none."""
    path = root / SAFETY_FILE
    if not path.exists():
        return EMPTY, {}
    reader = Reader(SAFETY_FILE)
    data = read_shape(path, LIBRARY, reader)
    if reader.problems:
        raise InvalidRecords(reader.problems)
    library: SafetyLibrary = LIBRARY.typed(data)
    return library, reader.lines
