"""Field types of the record contract, one small class each.

A field reads a YAML node (which still knows its line), reports every problem it
finds to the `Reader`, and returns the value as the editor wrote it (text, lists,
mappings). Once a file has no problems, `typed` turns that value into the typed
objects of the declaration, with every either-shape made one. The same field also
describes itself as JSON Schema and in words for the editors' key reference, so
`declaration.py` can declare each key exactly once.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Callable
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from typing import Any

import yaml

from procedure_guides.model.problems import KeyPath, Problem, format_key_path
from procedure_guides.model.text import (
    MAX_TEXT_CHARACTERS,
    address_problem,
    block_problems,
    citation_numbers,
    forbidden_character,
    text_problems,
)

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SNAKE_CASE_PATTERN = r"^[a-z]+(_[a-z]+)*$"


class Invalid:
    """Stands in for a value that failed; problems have been reported already."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


@dataclass
class Reader:
    """Collects problems, lines and cross-record facts while one file is read."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    lines: dict[KeyPath, int] = field(default_factory=dict)
    citations: list[tuple[KeyPath, int, list[int]]] = field(default_factory=list)

    def problem(self, node: yaml.Node | int, path: KeyPath, message: str) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.problems.append(Problem(self.file, line, format_key_path(path), message))

    def seen(self, node: yaml.Node, path: KeyPath) -> None:
        self.lines[path] = node.start_mark.line + 1


def describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping of keys"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {
        NULL_TAG: "empty",
        INT_TAG: "a number",
        "tag:yaml.org,2002:float": "a number",
        "tag:yaml.org,2002:bool": "true/false",
        TIMESTAMP_TAG: "a date",
    }.get(node.tag, "text")


class Field:
    """One key of a record: how to read it, and how to explain it."""

    shape = "value"

    def __init__(self, description: str = "", *, required: bool = False, example: Any = None):
        self.description = description
        self.required = required
        self.example = example

    def read(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        reader.seen(node, path)
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
            reader.problem(node, path, "is empty: fill it in or remove the key")
            return INVALID
        if node.tag.startswith("tag:yaml.org,2002:python/") or node.tag.startswith("!"):
            reader.problem(node, path, f"the YAML tag {node.tag} is not allowed")
            return INVALID
        if isinstance(node, yaml.ScalarNode):
            unusable = forbidden_character(str(node.value))
            if unusable:
                reader.problem(node, path, unusable)
                return INVALID
        return self.read_value(node, path, reader)

    def read_value(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        raise NotImplementedError

    def typed(self, value: Any) -> Any:
        """A value read without problems, as the declaration's types hold it."""
        return value

    def json_schema(self) -> dict[str, Any]:
        schema = self.json_type()
        if self.description:
            schema["description"] = self.description
        if self.example is not None:
            schema["examples"] = [self.example]
        return schema

    def json_type(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong_kind(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        reader.problem(node, path, f"must be {self.shape}, not {describe_node(node)}")
        return INVALID


class Scalar(Field):
    """A single value written on one line or folded over several."""

    tags: tuple[str, ...] = (STR_TAG,)

    def read_value(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in self.tags:
            return self.wrong_kind(node, path, reader)
        return self.parse(str(node.value), node, path, reader)

    def parse(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        return value


class Text(Scalar):
    """Plain language; inline Markdown and citation markers allowed, raw HTML not."""

    shape = "text"

    def __init__(self, description: str = "", *, one_line: bool = False, cites: bool = True, **kw: Any):
        super().__init__(description, **kw)
        self.one_line = one_line
        self.cites = cites

    def parse(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        text = " ".join(value.split())
        if not text:
            reader.problem(node, path, "is empty: fill it in or remove the key")
            return INVALID
        if len(text) > MAX_TEXT_CHARACTERS:
            reader.problem(
                node, path, f"is {len(text):,} characters long; the most is {MAX_TEXT_CHARACTERS:,}: split it up"
            )
            return INVALID
        if self.one_line and "\n" in value.strip():
            reader.problem(node, path, "must be one line")
        for message in [*block_problems(value), *text_problems(text)]:
            reader.problem(node, path, message)
        cited = citation_numbers(text) if self.cites else []
        if cited:
            reader.citations.append((path, node.start_mark.line + 1, cited))
        return text

    def json_type(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


class Pattern(Scalar):
    """Text that must match a regular expression (slugs, codes, dates, addresses)."""

    def __init__(self, pattern: str, explain: str, description: str = "", **kw: Any):
        super().__init__(description, **kw)
        self.pattern = pattern
        self.shape = explain

    def parse(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        # The whole value: `$` alone would let a trailing line break through.
        if not re.fullmatch(self.pattern, value):
            reader.problem(node, path, f"{value!r} is not {self.shape}")
            return INVALID
        return self.convert(value, node, path, reader)

    def convert(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        """The value as Python keeps it, once it has the right form."""
        return value

    def json_type(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}


class Choice(Scalar):
    """One of a fixed set of words."""

    def __init__(self, choices: tuple[str, ...], description: str = "", **kw: Any):
        super().__init__(description, **kw)
        self.choices = choices
        self.shape = "one of " + ", ".join(choices)

    def parse(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        if value not in self.choices:
            reader.problem(node, path, f"{value!r} is not {self.shape}")
            return INVALID
        return value

    def json_type(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices)}


class Date(Pattern):
    """A calendar date written YYYY-MM-DD that exists."""

    tags = (STR_TAG, TIMESTAMP_TAG)

    def __init__(self, description: str = "", **kw: Any):
        super().__init__(r"^\d{4}-\d{2}-\d{2}$", "a date written YYYY-MM-DD", description, **kw)

    def convert(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            reader.problem(node, path, f"{value} is not a real date")
            return INVALID

    def json_type(self) -> dict[str, Any]:
        return super().json_type() | {"format": "date"}


class Url(Pattern):
    """A web address starting with http:// or https://, read as a browser would read it."""

    def __init__(self, description: str = "", **kw: Any):
        super().__init__(r"^https?://[^\s<>\"]+$", "a web address starting with http:// or https://", description, **kw)

    def convert(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        problem = address_problem(value)
        if problem:
            reader.problem(node, path, problem)
            return INVALID
        return value


class Pmid(Pattern):
    """A PubMed ID: digits, written with or without quotes."""

    tags = (STR_TAG, INT_TAG)

    def __init__(self, description: str = "", **kw: Any):
        super().__init__(r"^[1-9]\d{0,8}$", "a PubMed ID (digits only)", description, **kw)

    def json_type(self) -> dict[str, Any]:
        return {"type": ["string", "integer"], "pattern": self.pattern}


class Year(Pattern):
    """A four-digit year, such as 2025."""

    tags = (INT_TAG,)

    def __init__(self, description: str = "", **kw: Any):
        super().__init__(r"^\d{4}$", "a four-digit year", description, **kw)

    def convert(self, value: str, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        return int(value)

    def json_type(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1000, "maximum": 9999}


class ListOf(Field):
    """A non-empty list whose items are all of one field type."""

    def __init__(self, item: Field, description: str = "", **kw: Any):
        super().__init__(description, **kw)
        self.item = item
        self.shape = f"a list of {item.shape}"

    def read_value(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.wrong_kind(node, path, reader)
        if not node.value:
            reader.problem(node, path, "is an empty list: add at least one item or remove the key")
            return INVALID
        return [self.item.read(child, (*path, i), reader) for i, child in enumerate(node.value)]

    def typed(self, value: Any) -> Any:
        return [self.item.typed(item) for item in value]

    def json_type(self) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": self.item.json_schema()}


def read_keys(node: yaml.MappingNode, path: KeyPath, reader: Reader) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """The (key, key node, value node) triples of a mapping; bad and repeated keys reported."""
    seen: dict[str, int] = {}
    pairs: list[tuple[str, yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG:
            reader.problem(key_node, path, f"keys must be words, not {describe_node(key_node)}")
            continue
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            reader.problem(key_node, (*path, key), f"duplicate key: it is also on line {seen[key]}; keep only one")
            continue
        seen[key] = line
        pairs.append((key, key_node, value_node))
    return pairs


@dataclass(frozen=True)
class Section:
    """Where a key's text shows on the page: its partial and anchor (sections/<anchor>.md.j2, #<anchor>),
    its place in the reading order, and whether clinics are promised the anchor for deep links."""

    anchor: str
    place: int
    promised: bool = False


@dataclass(frozen=True)
class Role:
    """What is true of one key of the record beyond its shape, said on the key's own line."""

    patient_text: bool = True  # read by patients: scored for reading level, looked through for glossary words
    inherited: bool = False  # a translation takes it from the English record, untranslated
    own: bool = False  # a translation's own (its history and review), never compared with English
    about_the_page: bool = False  # about the page, not content an editor may have left out
    section: Section | None = None


def key(declared: Field, **role: Any) -> Any:
    """One key of a declared class: the field that reads it and its role, as a dataclass field.

    A key the record leaves out is None (a required one is never left out of a valid record).
    """
    return dataclasses.field(default=None, metadata={"field": declared, "role": Role(**role)})


class Mapping(Field):
    """A fixed set of named keys, some required; unknown keys are mistakes."""

    def __init__(
        self,
        fields: MappingABC[str, Field],
        description: str = "",
        *,
        at_least_one: tuple[str, ...] = (),
        check: Callable[[dict[str, Any], yaml.Node, KeyPath, Reader], None] | None = None,
        json_extra: dict[str, Any] | None = None,
        cls: type | None = None,
        roles: MappingABC[str, Role] | None = None,
        **kw: Any,
    ):
        super().__init__(description, **kw)
        self.fields = dict(fields)
        self.shape = "{" + ", ".join(self.fields) + "}"
        self.at_least_one = at_least_one
        self.check = check
        self.json_extra = json_extra or {}
        self.cls = cls
        self.roles = {name: (roles or {}).get(name, Role()) for name in self.fields}

    @classmethod
    def of(cls, declared: type, description: str = "", **kw: Any) -> Mapping:
        """The mapping whose keys are the `key(...)` fields of the dataclass `declared`, in order."""
        keys = [f for f in dataclasses.fields(declared) if "field" in f.metadata]
        return cls(
            {f.name: f.metadata["field"] for f in keys},
            description,
            cls=declared,
            roles={f.name: f.metadata["role"] for f in keys},
            **kw,
        )

    def typed(self, value: Any) -> Any:
        fields = {key: self.fields[key].typed(item) for key, item in value.items()}
        return self.cls(**fields) if self.cls else fields

    def read_value(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_kind(node, path, reader)
        value: dict[str, Any] = {}
        for key, key_node, value_node in read_keys(node, path, reader):
            if key not in self.fields:
                reader.problem(key_node, (*path, key), self.unknown_key_message(key))
                continue
            value[key] = self.fields[key].read(value_node, (*path, key), reader)
        for key, sub in self.fields.items():
            if sub.required and key not in value:
                reader.problem(node, (*path, key), "is required but missing")
        if self.at_least_one and not any(k in value for k in self.at_least_one):
            reader.problem(node, path, "needs at least one of: " + ", ".join(self.at_least_one))
        if self.check and INVALID not in value.values():
            self.check(value, node, path, reader)
        return value

    def unknown_key_message(self, key: str) -> str:
        guess = difflib.get_close_matches(key, self.fields, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else f"; known keys: {', '.join(self.fields)}"
        return f"unknown key {key!r}{hint}"

    def json_type(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key: sub.json_schema() for key, sub in self.fields.items()},
            "additionalProperties": False,
        }
        required = [key for key, sub in self.fields.items() if sub.required]
        if required:
            schema["required"] = required
        if self.at_least_one:
            schema["anyOf"] = [{"required": [key]} for key in self.at_least_one]
        return schema | self.json_extra


class MapOf(Field):
    """Keys of the editor's choice (matching a pattern), each holding the same field type.

    With `headings_are_text`, the keys are shown to patients as headings: they are read
    as patient text, and a translation translates them (so they pair up by position).
    """

    def __init__(
        self,
        key_pattern: str,
        key_explain: str,
        value: Field,
        description: str = "",
        *,
        headings_are_text: bool = False,
        may_be_empty: bool = False,
        **kw: Any,
    ):
        super().__init__(description, **kw)
        self.key_pattern = key_pattern
        self.key_explain = key_explain
        self.value = value
        self.headings_are_text = headings_are_text
        self.may_be_empty = may_be_empty
        self.shape = f"a mapping from {key_explain} to {value.shape}"

    def read_value(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_kind(node, path, reader)
        if not node.value and not self.may_be_empty:
            reader.problem(node, path, "is empty: add at least one heading or remove the key")
            return INVALID
        value = {}
        for key, key_node, value_node in read_keys(node, path, reader):
            if not re.fullmatch(self.key_pattern, key):
                reader.problem(key_node, (*path, key), f"{key!r} is not {self.key_explain}")
                continue
            value[key] = self.value.read(value_node, (*path, key), reader)
        return value

    def typed(self, value: Any) -> Any:
        return {key: self.value.typed(item) for key, item in value.items()}

    def json_type(self) -> dict[str, Any]:
        return {
            "type": "object",
            "minProperties": 0 if self.may_be_empty else 1,
            "propertyNames": {"pattern": self.key_pattern},
            "additionalProperties": self.value.json_schema(),
        }


class Either(Field):
    """One of several shapes, told apart by how the YAML is written (text, list or mapping);
    `one_shape` makes the typed value of whichever was written into the one shape code uses."""

    def __init__(
        self, *choices: Field, description: str = "", one_shape: Callable[[Any], Any] | None = None, **kw: Any
    ):
        super().__init__(description, **kw)
        self.choices = choices
        self.shape = " or ".join(choice.shape for choice in choices)
        self.one_shape = one_shape

    def typed(self, value: Any) -> Any:
        typed = self.choice_for(value).typed(value)
        return self.one_shape(typed) if self.one_shape else typed

    def choice_for(self, value: Any) -> Field:
        """The choice that read `value` (a list, a mapping or a single value)."""
        kind = list if isinstance(value, list) else dict if isinstance(value, dict) else str
        return next(choice for choice in self.choices if self.holds(choice) is kind)

    @staticmethod
    def holds(choice: Field) -> type:
        """What a choice reads into before it is typed: a list, a mapping or a single value."""
        if isinstance(choice, ListOf):
            return list
        if isinstance(choice, (Mapping, MapOf)):
            return dict
        return str

    def read_value(self, node: yaml.Node, path: KeyPath, reader: Reader) -> Any:
        for choice in self.choices:
            if self.accepts(choice, node):
                return choice.read_value(node, path, reader)
        return self.wrong_kind(node, path, reader)

    @classmethod
    def accepts(cls, choice: Field, node: yaml.Node) -> bool:
        node_kinds: dict[type, type] = {list: yaml.SequenceNode, dict: yaml.MappingNode, str: yaml.ScalarNode}
        written_as = node_kinds[cls.holds(choice)]
        return isinstance(node, written_as)

    def json_type(self) -> dict[str, Any]:
        return {"anyOf": [choice.json_schema() for choice in self.choices]}
