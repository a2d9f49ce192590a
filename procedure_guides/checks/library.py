"""Checks between records: shared codes, links to records that exist, earlier addresses that clash."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from procedure_guides.model.problems import Problem, format_key_path
from procedure_guides.model.record import Record


def check_library(records: Iterable[Record], all_slugs: set[str]) -> list[Problem]:
    """Problems between records: codes shared the wrong way and links to records that do not exist."""
    problems = []
    users: dict[tuple[str, str], list[tuple[Record, int]]] = defaultdict(list)
    for record in records:
        for i, listed in enumerate(record.procedure.codes):
            users[(listed.system, listed.code)].append((record, i))
        for i, slug in enumerate(record.procedure.related or []):
            message = None
            if slug == record.slug:
                message = "a record cannot be related to itself"
            elif slug not in all_slugs:
                message = f"there is no record {slug!r} (no file procedures/{slug}.yaml)"
            if message:
                problems.append(
                    Problem(record.file, record.line("related", i), format_key_path(("related", i)), message)
                )
    problems.extend(_address_clashes(records, all_slugs))
    for (system, code), places in users.items():
        problems.extend(_shared_code_problems(system, code, places))
    return problems


def _shared_code_problems(system: str, code: str, places: list[tuple[Record, int]]) -> list[Problem]:
    """A code is listed once on a record and is primary on one record at most; where it leads to
    several guides, each says when it is the one (its line on the code's page)."""
    problems = []

    def problem(record: Record, i: int, key: str, message: str) -> None:
        where = ("codes", i, key)
        problems.append(Problem(record.file, record.line(*where), format_key_path(where), message))

    files = [record.file for record, _ in places]
    primaries = sorted({record.file for record, i in places if record.procedure.codes[i].kind == "primary"})
    for record, i in places:
        listed = record.procedure.codes[i]
        if files.count(record.file) > 1:
            problem(record, i, "code", f"{system} {code} is listed more than once on this record")
            continue
        others = sorted(set(files) - {record.file})
        if listed.kind == "primary" and len(primaries) > 1:
            elsewhere = ", ".join(f for f in primaries if f != record.file)
            problem(
                record, i, "code",
                f"{system} {code} is primary on {elsewhere} too; a code is primary on one guide at most: make the"
                " others add-on or related",
            )  # fmt: skip
        elif others and not listed.applies_when:
            problem(
                record, i, "code",
                f"{system} {code} also leads to {', '.join(others)}: say in applies_when when this guide is the"
                " one to read",
            )  # fmt: skip
    return problems


def _address_clashes(records: Iterable[Record], all_slugs: set[str]) -> list[Problem]:
    """An earlier slug must not be any record's address now, nor another record's earlier one."""
    problems = []
    owners: dict[str, Record] = {}
    for record in records:
        for i, old in enumerate(record.procedure.previous_slugs or []):
            message = None
            if old in all_slugs:
                message = f"{old!r} is the address of a record now (procedures/{old}.yaml)"
            elif owners.setdefault(old, record) is not record:
                message = f"{old!r} is also an earlier slug of {owners[old].file}"
            if message:
                where = ("previous_slugs", i)
                problems.append(Problem(record.file, record.line(*where), format_key_path(where), message))
    return problems
