"""Theme overrides: whole copies of Material's partials are tied to the Material they came from."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
COPIED = re.compile(r"Copied from Material for MkDocs (\S+) \((\S+) has no block to extend\)")


def copies() -> list[Path]:
    return sorted(path for path in OVERRIDES.rglob("*.html") if COPIED.search(path.read_text()))


def test_whole_copies_say_where_they_came_from() -> None:
    assert [path.relative_to(OVERRIDES).as_posix() for path in copies()] == [
        "partials/header.html",
        "partials/toc.html",
    ]


@pytest.mark.parametrize("copy", copies(), ids=lambda path: path.name)
def test_a_copied_partial_matches_the_installed_material(copy: Path) -> None:
    found = COPIED.search(copy.read_text())
    assert found
    copied_from, original = found.groups()
    installed = version("mkdocs-material")
    assert copied_from == installed, (
        f"{copy.name} is a copy of Material {copied_from}'s {original}, but Material {installed} is installed:"
        f" copy the new {original}, make the same change again, and update the version in its first comment"
    )
