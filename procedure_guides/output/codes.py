"""Where each procedure code leads: the guides that carry it, in the order a reader should see them.

A code carried by one published guide leads straight to it; a code carried by several
gets a page of its own to choose between them (the guide it describes first), and its
JSON answer for portals lists them in the same order, as MedlinePlus Connect does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from procedure_guides.model.declaration import CODE_ROLES, Code
from procedure_guides.model.record import Record

CodeKey = tuple[str, str]  # (system, code)


@dataclass(frozen=True)
class CodeGuide:
    """One guide a code leads to: the guide's English record and the code as that record lists it."""

    record: Record
    listed: Code


def guides_by_code(records: Iterable[Record]) -> dict[CodeKey, list[CodeGuide]]:
    """Every code of the published records, with its guides: primary first, then add-on, then
    related, each by title."""
    found: dict[CodeKey, list[CodeGuide]] = defaultdict(list)
    for record in records:
        for listed in record.procedure.codes:
            found[(listed.system, listed.code)].append(CodeGuide(record, listed))
    return {
        key: sorted(guides, key=lambda g: (CODE_ROLES.index(g.listed.kind), g.record.procedure.title, g.record.slug))
        for key, guides in sorted(found.items())
    }


def role_words(listed: Code, texts: dict[str, str], kind: str) -> str:
    """What the code is to this guide, in the reader's language: `kind` "code_role" for the line
    on a code's page, "code_use" for the code list's short words. An add-on names its codes."""
    return texts[f"{kind}_{listed.kind.replace('-', '_')}"].format(codes=", ".join(listed.reported_with or []))
