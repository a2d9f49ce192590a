"""Reading the project's YAML files within limits, as node trees that keep their lines.

Records, translations and data files (glossary, jargon, messages) are all read
here: a file is read only up to a size limit, checked for depth and aliases
before libyaml composes it, and never has a YAML tag constructed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from procedure_guides.model.fields import INVALID, Field, Reader
from procedure_guides.model.languages import LANGUAGES
from procedure_guides.model.problems import InvalidRecords, Problem

# libyaml's loader is over ten times faster on a large library; it only builds
# a node tree here, so no tag (`!!python/...` included) is ever constructed.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What one file may cost to read. Records are about 10 KiB and 4 levels deep; the
# limits leave room for many times that, and stop a file made to exhaust the machine.
MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12  # lists and mappings inside each other; libyaml's composer recurses once a level


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
