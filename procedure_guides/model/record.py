"""Reading procedure records from disk and checking them against the contract.

Every problem in every file is collected before anything is reported, so an
editor fixes a pull request in one pass.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from procedure_guides.model.declaration import PUBLISHED_STATUS, RECORD
from procedure_guides.model.fields import INVALID, SLUG_PATTERN, Field, Reader
from procedure_guides.model.languages import LANGUAGES
from procedure_guides.model.problems import InvalidRecords, KeyPath, Problem, format_key_path
from procedure_guides.pipeline.workers import map_records

# libyaml's loader is over ten times faster on a large library; it only builds
# a node tree here, so no tag (`!!python/...` included) is ever constructed.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What one file may cost to read. Records are about 10 KiB and 4 levels deep; the
# limits leave room for many times that, and stop a file made to exhaust the machine.
MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12  # lists and mappings inside each other; libyaml's composer recurses once a level


@dataclass
class Record:
    """A valid record: its slug (file name), where it came from, and its data."""

    slug: str
    file: str
    data: dict[str, Any]
    lines: dict[KeyPath, int]

    @property
    def published(self) -> bool:
        return bool(self.data["review"]["status"] == PUBLISHED_STATUS)

    def line(self, *path: str | int) -> int:
        return self.lines.get(tuple(path), 1)


RECORD_SUFFIXES = {".yaml", ".yml"}  # .yml is read, to be reported as misnamed


def record_files(
    folder: Path, keep: frozenset[str] = frozenset(), within: Path | None = None
) -> tuple[list[Path], list[Problem], list[Problem]]:
    """The files an editor meant as records (misnamed ones included, to report them), problems
    with files that may not be read (links leading out of `within`, the records' folder), and
    warnings naming everything else in `folder` but the folders named in `keep`."""
    files, problems, warnings = [], [], []
    top = within or folder
    inside = top.resolve()
    for path in sorted(folder.iterdir()):
        shown = path.relative_to(top.parent).as_posix()
        if path.name in keep and path.is_dir():
            continue
        if path.suffix not in RECORD_SUFFIXES or not path.is_file():
            kind = "a folder" if path.is_dir() else "not a .yaml file" if path.is_file() else "not a regular file"
            warnings.append(Problem(shown, 1, "(file)", f"not read: it is {kind}; records are .yaml files"))
        elif not path.resolve().is_relative_to(inside):
            message = f"leads outside {inside.name}/ (to {path.resolve()}); a record must be a file in the project"
            problems.append(Problem(shown, 1, "(file)", message))
        else:
            files.append(path)
    return files, problems, warnings


def stray_files(procedures: Path) -> list[Problem]:
    """Warnings naming everything in the records' folders that is neither a record nor a language folder."""
    warnings = record_files(procedures, keep=frozenset(LANGUAGES))[2]
    for language in LANGUAGES:
        if (procedures / language).is_dir():
            warnings.extend(record_files(procedures / language, within=procedures)[2])
    return sorted(warnings)


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


def read_shape(path: Path, shape: Field, reader: Reader) -> Any:
    """The file's data, read against `shape`; None (and problems in `reader`) if it is unusable."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reader.problem(1, (), f"the file cannot be read: {error.strerror or error}")
        return None
    node = compose(raw, reader)
    data = shape.read(node, (), reader) if node is not None else INVALID
    return None if data is INVALID else data


def compose(raw: bytes, reader: Reader) -> yaml.Node | None:
    """The YAML node tree of a file whose top level is a mapping; None (and problems) if not."""
    if len(raw) > MAX_FILE_BYTES:
        reader.problem(1, (), f"the file is over {MAX_FILE_BYTES // 1024} KiB, the most a file may be; split it up")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        reader.problem(line, (), "the file is not UTF-8 text; save it with UTF-8 encoding")
        return None
    try:
        if not within_limits(text, reader):
            return None
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [error.context, error.problem]))
        reader.problem(line, (), f"YAML syntax error: {what} (check the indentation, dashes and quotes here)")
        return None
    except yaml.YAMLError as error:
        reader.problem(1, (), f"YAML error: {error}")
        return None
    if node is None:
        reader.problem(1, (), "the file is empty")
        return None
    if not isinstance(node, yaml.MappingNode):
        reader.problem(node, (), "the top level must be a mapping of keys such as title: and codes:")
        return None
    return node


def within_limits(text: str, reader: Reader) -> bool:
    """Whether the file is nested no deeper than MAX_DEPTH and uses no anchors or aliases.

    Read from libyaml's events, which come one at a time without recursion, before the
    node tree is composed: a file nested thousands deep would crash the composer, and
    aliases let a small file expand into gigabytes. Records need neither.
    """
    depth = 0
    for event in yaml.parse(text, Loader=YamlLoader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            reader.problem(line, (), "YAML anchors and aliases (&name, *name) are not allowed; write the text out")
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                reader.problem(line, (), f"lists and keys are nested more than {MAX_DEPTH} deep here; records need few")
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def read_data_file(root: Path, name: str, shape: Field) -> Any:
    """A project data file other than a record (glossary, jargon), checked like a record.

    A missing file reads as empty; InvalidRecords names every problem in it.
    """
    path = root / name
    if not path.exists():
        return {}
    reader = Reader(name)
    value = read_shape(path, shape, reader)
    if reader.problems:
        raise InvalidRecords(reader.problems)
    return value


def check_citations(references: Any, reader: Reader) -> None:
    """Every citation read so far must name one of `references`."""
    count = len(references) if isinstance(references, list) else 0
    for path, line, numbers in reader.citations:
        for number in numbers:
            if not 1 <= number <= count:
                plural = "s" if count > 1 else ""
                have = f"the record has only {count} reference{plural}" if count else "the record has no references"
                reader.problem(line, path, f"cites [{number}] but {have}")


def check_library(records: Iterable[Record], all_slugs: set[str]) -> list[Problem]:
    """Problems between records: shared codes and links to records that do not exist."""
    problems = []
    users: dict[tuple[str, str], list[tuple[Record, int]]] = defaultdict(list)
    for record in records:
        for i, code in enumerate(record.data["codes"]):
            users[(code["system"], code["code"])].append((record, i))
        for i, slug in enumerate(record.data.get("related", [])):
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
        for i, old in enumerate(record.data.get("previous_slugs", [])):
            message = None
            if old in all_slugs:
                message = f"{old!r} is the address of a record now (procedures/{old}.yaml)"
            elif owners.setdefault(old, record) is not record:
                message = f"{old!r} is also an earlier slug of {owners[old].file}"
            if message:
                where = ("previous_slugs", i)
                problems.append(Problem(record.file, record.line(*where), format_key_path(where), message))
    return problems


ReadRecord = Callable[[Path, str], tuple[Record | None, list[Problem]]]


def load_library(
    folder: Path, root: Path, read: ReadRecord = read_record, workers: int | None = None
) -> tuple[list[Record], list[Problem]]:
    """Every record in `folder`, and every problem in any of them; `read` checks one file,
    in as many `workers` as pay (a `read` that remembers what it read needs 1)."""
    records: list[Record] = []
    files, problems, _ = record_files(folder, keep=frozenset(LANGUAGES))
    for record, found in map_records(lambda path: read(path, path.relative_to(root).as_posix()), files, workers):
        problems.extend(found)
        if record:
            records.append(record)
    problems.extend(check_library(records, {path.stem for path in files}))
    return records, sorted(problems)
