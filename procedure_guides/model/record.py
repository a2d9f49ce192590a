"""A procedure record as read from its file: what the editor wrote, and what it means.

`Record.data` keeps the record as written (text, lists and mappings, with the line
of every key), which checks that point editors at a line walk through; its
`procedure` is the same record as the typed objects of the declaration, which
pages and clinic answers use. Every problem in a file is collected before anything
is reported, so an editor fixes a pull request in one pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procedure_guides.model.declaration import RECORD, Change, Procedure, Review, keys_where, reaches
from procedure_guides.model.fields import SLUG_PATTERN, Either, Field, ListOf, MapOf, Mapping, Reader
from procedure_guides.model.problems import KeyPath, Problem
from procedure_guides.model.text import heading_from_key
from procedure_guides.model.yaml_files import read_shape


@dataclass
class Record:
    """A valid record (or translation): its slug (file name), where it came from, and its data."""

    slug: str
    file: str
    data: dict[str, Any]
    lines: dict[KeyPath, int]

    @functools.cached_property
    def procedure(self) -> Procedure:
        """The record as typed objects, every either-shape made one (for a translation, only once
        the keys it inherits from English are added to its data)."""
        typed: Procedure = RECORD.typed(self.data)
        return typed

    @functools.cached_property
    def review(self) -> Review:
        """Its review (a translation's own, like its history)."""
        review: Review = RECORD.fields["review"].typed(self.data["review"])
        return review

    @functools.cached_property
    def changes(self) -> list[Change]:
        changes: list[Change] = RECORD.fields["changes"].typed(self.data.get("changes", []))
        return changes

    def reaches(self, step: str) -> bool:
        """Whether its review has reached `step` (submitted, under_review or approved)."""
        return reaches(self.review.status, step)

    def line(self, *path: str | int) -> int:
        return self.lines.get(tuple(path), 1)


def translated(english: Record, translation: Record) -> Record:
    """A guide as published in a translation's language: the translation, with the keys it inherits
    (codes, links, sources) from its English record."""
    inherited = {key: english.data[key] for key in keys_where(inherited=True) if key in english.data}
    return Record(english.slug, translation.file, {**inherited, **translation.data}, translation.lines)


def read_record(path: Path, shown_as: str) -> tuple[Record | None, list[Problem]]:
    """Read one file; returns the record (None if it is unusable) and its problems."""
    reader = Reader(shown_as)
    if path.suffix != ".yaml":
        reader.problem(1, (), f"record files end in .yaml; rename it to {path.stem}.yaml")
    if not re.fullmatch(SLUG_PATTERN, path.stem):
        reader.problem(
            1, (), f"the file name {path.stem!r} is not a slug: use lower-case letters, digits and single hyphens"
        )
    data = read_shape(path, RECORD, reader)
    if data is None:
        return None, reader.problems
    check_citations(data.get("references"), reader)
    if reader.problems:
        return None, reader.problems
    return Record(path.stem, shown_as, data, reader.lines), []


def check_citations(references: Any, reader: Reader) -> None:
    """Every citation read so far must name one of `references`."""
    count = len(references) if isinstance(references, list) else 0
    for path, line, numbers in reader.citations:
        for number in numbers:
            if not 1 <= number <= count:
                plural = "s" if count > 1 else ""
                have = f"the record has only {count} reference{plural}" if count else "the record has no references"
                reader.problem(line, path, f"cites [{number}] but {have}")


ReadRecord = Callable[[Path, str], tuple[Record | None, list[Problem]]]


def patient_text(data: Any, shape: Field = RECORD, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every piece of text patients read in a record as written, with where it is: the keys
    whose role is patient text, and headings an editor chose where the declaration shows them."""
    if isinstance(shape, Mapping):
        for name, value in data.items():
            if shape.roles[name].patient_text:
                yield from patient_text(value, shape.fields[name], (*path, name))
    elif isinstance(shape, MapOf):
        for name, value in data.items():
            if shape.headings_are_text:
                yield (*path, name), heading_from_key(name)
            yield from patient_text(value, shape.value, (*path, name))
    elif isinstance(shape, ListOf):
        for i, item in enumerate(data):
            yield from patient_text(item, shape.item, (*path, i))
    elif isinstance(shape, Either):
        yield from patient_text(data, shape.choice_for(data), path)
    elif isinstance(data, str):
        yield path, data
