"""What search is made of: the lay words (read and checked like every other project file), the
index the search page loads, and the search library shipped with the site, which must be the
pinned npm package's own file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.checks.search import lay_word_problems
from procedure_guides.model.lay_words import LAY_WORDS_FILE, read_lay_words
from procedure_guides.model.project import Project
from procedure_guides.model.record import Record
from procedure_guides.pipeline.stages import checked_library
from tests.conftest import BuiltSite, Ran, line_of

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = "minisearch"
SHIPPED = ROOT / "docs/javascripts/vendor/minisearch"
PACKAGE = ROOT / "node_modules" / LIBRARY


@pytest.fixture(scope="module")
def guides() -> list[Record]:
    """Every guide, English and translated, as search sees them."""
    library = checked_library(Project(ROOT))
    return [*library.records, *(t for by_slug in library.translations.values() for t in by_slug.values())]


def test_the_projects_lay_words_are_valid_and_lead_to_words_the_guides_use() -> None:
    library = checked_library(Project(ROOT))  # raises, naming every problem, if any

    means = library.lay_words.means
    assert len(means) >= 60
    assert means["metal in my back"] and means["tornillos"] and means["quitar"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("Bolts: [screws]", "Bolts: write it in lower case: 'bolts'"),
        ("metal: [hardware]", "metal: duplicate key: it is also on line {metal}; keep only one"),
        ("barrás: [rods]", "barrás: is 'barras' (line {barras}) once accents are set aside"),
        ("screwz: [screwz]", "screwz[0]: is the lay word itself: search finds it anyway"),
        ("gizmo: [gizmotron]", "gizmo[0]: 'gizmotron' is in no guide's title, other names or summary, so search"),
        ("thing: []", "thing: is an empty list: add at least one item or remove the key"),
        ("stuff: rods", "stuff: must be a list of text, not text"),
        ("l5 s1: [spine]", "l5 s1: 'l5 s1' is not a word or phrase (letters, with single spaces"),
    ],
    ids=["capitals", "twice", "twice-with-accents", "itself", "unknown-word", "empty", "not-a-list", "digits"],
)
def test_a_mistake_in_the_lay_words_is_named_with_its_line(
    scratch_project: Project, guides: list[Record], entry: str, message: str
) -> None:
    path = scratch_project.root / LAY_WORDS_FILE
    path.write_text(path.read_text(encoding="utf-8") + entry + "\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    lay_words, problems = read_lay_words(scratch_project.root)

    shown = [str(problem) for problem in [*problems, *lay_word_problems(lay_words, guides)]]

    expected = message.format(metal=line_of(path, "metal: ["), barras=line_of(path, "barras: ["))
    assert len(shown) == 1, shown
    assert shown[0].startswith(f"{LAY_WORDS_FILE}:{line}: {expected}"), shown


def test_check_reports_a_lay_word_mistake_and_warns_of_a_word_no_guide_uses(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    path = scratch_project.root / LAY_WORDS_FILE
    path.write_text(path.read_text(encoding="utf-8") + "gizmo: [gizmotron]\nThing: [rods]\n", encoding="utf-8")
    lines = len(path.read_text(encoding="utf-8").splitlines())

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert ran.err.splitlines()[0] == f"{LAY_WORDS_FILE}:{lines}: Thing: write it in lower case: 'thing'"
    fixed = path.read_text(encoding="utf-8").replace("Thing: [rods]", "thing: [rods]")
    path.write_text(fixed, encoding="utf-8")

    ran = build_py(scratch_project.root, "check")

    # A word no guide uses is a warning: another library's guides may use it.
    assert ran.code == 0
    assert (
        f"warning: {LAY_WORDS_FILE}:{lines - 1}: gizmo[0]: 'gizmotron' is in no guide's title, other names or"
        " summary, so search would find nothing with it: give a word the guides use"
    ) in ran.err.splitlines()


def test_a_project_without_lay_words_searches_without_them(scratch_project: Project) -> None:
    (scratch_project.root / LAY_WORDS_FILE).unlink()

    assert checked_library(scratch_project).lay_words.means == {}


def test_the_search_index_carries_the_lay_words(library_site: BuiltSite) -> None:
    index = json.loads((library_site.site / "api/search.json").read_text(encoding="utf-8"))

    assert index["lay_words"]["metal in my back"] == ["spinal hardware", "back screws and rods"]
    assert {guide["path"] for guide in index["guides"]} >= {"procedures/spinal-hardware-removal/"}


def test_the_shipped_search_library_is_the_pinned_packages_own_file() -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"][LIBRARY]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{LIBRARY}"]["version"]
    installed = json.loads((PACKAGE / "package.json").read_text())["version"]

    assert pinned[0].isdigit(), f"pin an exact version of {LIBRARY}, not a range: {pinned}"
    assert pinned == locked == installed, "run `npm ci` after changing the pin"
    # The package ships no minified build: its UMD build is shipped as it is, byte for byte.
    assert (SHIPPED / "index.js").read_bytes() == (PACKAGE / "dist/umd/index.js").read_bytes()
    assert (SHIPPED / "LICENSE.txt").read_bytes() == (PACKAGE / "LICENSE.txt").read_bytes()
