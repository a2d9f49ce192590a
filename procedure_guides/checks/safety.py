"""Safety-netting: every guide tells a patient which signs need help, and how soon.

A guide covers every red flag of its families (safety/red-flags.yaml), at the red
flag's level or a more urgent one: by including it by id, or in its own words that
say which id they cover. A missing red flag is a problem, never a warning.
"""

from __future__ import annotations

from procedure_guides.checks.review import reference_problems
from procedure_guides.model.declaration import HELP_LEVELS, HelpItem
from procedure_guides.model.problems import KeyPath, Problem, format_key_path
from procedure_guides.model.record import Record
from procedure_guides.model.safety import SAFETY_FILE, SafetyLibrary


def help_problems(record: Record, safety: SafetyLibrary) -> list[Problem]:
    """Items naming red flags the library lacks or at a less urgent level than the library's, and
    red flags of the record's families it does not cover."""
    procedure = record.procedure
    problems = []

    def problem(path: KeyPath, message: str) -> None:
        problems.append(Problem(record.file, record.line(*path), format_key_path(path), message))

    covered: set[str] = set()
    for level in HELP_LEVELS:
        items: list[HelpItem] = (getattr(procedure.get_help, level) if procedure.get_help else None) or []
        for i, item in enumerate(items):
            for key in ("red_flag", "covers"):
                name = getattr(item, key)
                if name is None:
                    continue
                path = ("get_help", level, i, key)
                flag = safety.red_flags.get(name)
                if flag is None:
                    problem(path, f"there is no red flag {name!r} in {SAFETY_FILE}")
                elif HELP_LEVELS.index(level) > HELP_LEVELS.index(flag.level):
                    problem(path, f"{name!r} is {flag.level.replace('_', '-')}: put it under {flag.level}")
                else:
                    covered.add(name)
                    if key == "red_flag":  # a library flag in words for a narrower family
                        covered.update(flag.covers or [])
    if record.reaches("under_review") and not procedure.families:
        problem(("families",), "a guide past submitted names its families, so its red flags can be checked")
    for family in procedure.families or []:
        for name, flag in safety.family_flags(family).items():
            if name not in covered:
                problem(
                    ("families",),
                    f"does not cover the red flag {name!r} of {family} ({flag.text['en']}): add `- red_flag: {name}`"
                    f" under {flag.level}",
                )
    return problems


def preparation_problems(record: Record, safety: SafetyLibrary) -> list[Problem]:
    """Ids in preparation_covers that are not something the library says before this guide's procedures."""
    procedure = record.procedure
    said_before = safety.before_for(procedure.families or [])
    problems = []
    for i, name in enumerate(procedure.preparation_covers or []):
        if name in said_before:
            continue
        if name in (safety.before or {}):
            message = f"{name!r} is said before procedures of other families, not this guide's"
        else:
            message = f"there is nothing called {name!r} under before: in {SAFETY_FILE}"
        path = ("preparation_covers", i)
        problems.append(Problem(record.file, record.line(*path), format_key_path(path), message))
    return problems


def library_problems(safety: SafetyLibrary, lines: dict[KeyPath, int]) -> list[Problem]:
    """Every source of the library has a locator and a kind we accept; a red flag covers only red
    flags that exist, at their level or a more urgent one."""
    found: list[Problem] = []
    for name, flag in safety.red_flags.items():
        for i, covered_name in enumerate(flag.covers or []):
            path = ("red_flags", name, "covers", i)
            covered = safety.red_flags.get(covered_name)
            if covered is None:
                message = f"there is no red flag {covered_name!r} to cover"
            elif HELP_LEVELS.index(flag.level) > HELP_LEVELS.index(covered.level):
                message = (
                    f"{covered_name!r} is {covered.level.replace('_', '-')}: a red flag that covers it must be too"
                )
            else:
                continue
            found.append(Problem(SAFETY_FILE, lines.get(path, 1), format_key_path(path), message))
    for section, items in (("red_flags", safety.red_flags), ("before", safety.before or {})):
        for name, item in items.items():
            for i, source in enumerate(item.sources):
                path = (section, name, "sources", i)
                found.extend(
                    Problem(SAFETY_FILE, lines.get(path, 1), format_key_path(path), message)
                    for message in reference_problems(source)
                )
    return found
