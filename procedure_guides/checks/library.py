"""Checks between records: shared codes, links to records that exist, earlier addresses that clash."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from procedure_guides.model.problems import Problem, format_key_path
from procedure_guides.model.record import Record


def check_library(records: Iterable[Record], all_slugs: set[str]) -> list[Problem]:
    """Problems between records: shared codes and links to records that do not exist."""
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
        for record, i in places:
            others = sorted({other.file for other, _ in places if other is not record})
            if others:
                problems.append(
                    Problem(
                        record.file,
                        record.line("codes", i, "code"),
                        format_key_path(("codes", i, "code")),
                        f"{system} {code} is also used by {', '.join(others)}; a code belongs to one record",
                    )
                )
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
