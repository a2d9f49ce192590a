"""The whole build: what gets published, where, and that a failure loses nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from procedure_guides.model.messages import load_messages
from procedure_guides.model.project import Project
from procedure_guides.output.addresses import GENERATED_DIRS
from procedure_guides.pipeline.promise import SECTION_ANCHORS
from tests.conftest import ROOT, BuiltSite, Ran, add_golden_records

TEMPLATES = ROOT / "templates"

GOLDEN = Path(__file__).parent / "golden"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def attribute_names(html: str) -> set[str]:
    """Every attribute name used on any element of the page."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.names: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.names.update(name for name, _ in attrs)

    collector = Collector()
    collector.feed(html)
    return collector.names


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_build_publishes_only_approved_records(fixtures_site: BuiltSite) -> None:
    site = fixtures_site.site
    assert (site / "procedures/spinal-hardware-removal/index.html").exists()
    assert (site / "procedures/spinal-hardware-reinsertion/index.html").exists()
    assert (site / "procedures/fixture-other/index.html").exists()
    assert not (site / "procedures/fixture-procedure/index.html").exists()
    # The approved fixture links to the draft: the link is left out, not broken.
    assert "fixture-procedure" not in (site / "procedures/fixture-other/index.html").read_text()


def test_drafts_build_publishes_everything_with_a_banner(fixtures_drafts_site: BuiltSite) -> None:
    site = fixtures_drafts_site.site
    draft = (site / "procedures/fixture-procedure/index.html").read_text()
    approved = (site / "procedures/fixture-other/index.html").read_text()
    assert "must not be used to make decisions about anyone" in draft
    assert "must not be used to make decisions about anyone" not in approved
    assert "For editors: reading grade" in draft and "For editors: reading grade" in approved


def test_published_pages_do_not_show_the_editors_grade(fixtures_site: BuiltSite) -> None:
    for page in html_pages(fixtures_site.site):
        assert "For editors" not in page.read_text()


def test_every_section_has_its_fixed_anchor_on_the_built_page(fixtures_drafts_site: BuiltSite) -> None:
    page = (fixtures_drafts_site.site / "procedures/fixture-procedure/index.html").read_text()
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert set(SECTION_ANCHORS) <= ids


def test_record_text_appears_literally_never_as_markup(fixtures_drafts_site: BuiltSite) -> None:
    page = (fixtures_drafts_site.site / "procedures/fixture-procedure/index.html").read_text()
    assert "A summary with a template {{ 7*7 }}" in page
    assert "onclick" not in attribute_names(page)
    assert "<h1" in page and "not a heading</li>" in page


def test_home_page_lists_published_procedures_by_body_region(fixtures_site: BuiltSite) -> None:
    home = (fixtures_site.site / "index.html").read_text()
    spine = home.index('id="region-spine"')
    other = home.index('id="region-other"')
    assert spine < home.index("Replacing spinal screws and rods") < home.index("Taking out spinal screws") < other
    assert home.index("Another fixture") > other
    assert "A fixture procedure" not in home


def test_every_page_carries_the_medical_disclaimer(library_site: BuiltSite) -> None:
    disclaimers = {language: texts["disclaimer_strong"] for language, texts in load_messages(TEMPLATES).items()}
    pages = html_pages(library_site.site)
    assert len(pages) >= 4
    assert disclaimers["en"] == "This is general information, not medical advice."
    for page in pages:
        html = page.read_text()
        language = re.search(r'<html lang="([a-z]+)"', html)
        assert language and disclaimers[language.group(1)] in html, page


def test_two_builds_of_the_same_records_are_byte_identical(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    add_golden_records(scratch_project)  # a draft beside the published guides
    assert build_py(scratch_project.root, "build", "--site-dir", "first").code == 0
    assert build_py(scratch_project.root, "build", "--site-dir", "second").code == 0

    first = tree_digest(scratch_project.root / "first")
    assert first == tree_digest(scratch_project.root / "second")
    assert "sitemap.xml.gz" in first


def break_a_record(project: Project) -> None:
    path = project.procedures / "spinal-hardware-removal.yaml"
    path.write_text(path.read_text().replace("indications:", "indicatons:"))


def break_a_template(project: Project) -> None:
    (project.templates / "sections/summary.md.j2").write_text("{{ record.no_such_key }}\n")


def break_a_link(project: Project) -> None:
    # MkDocs itself fails in strict mode on a link to a page that does not exist.
    with (project.docs / "editorial-policy.md").open("a") as page:
        page.write("\n[A missing page](no-such-page.md)\n")


@pytest.mark.parametrize("breakage", [break_a_record, break_a_template, break_a_link])
def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(
    breakage: Callable[[Project], None], scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    assert build_py(scratch_project.root, "build").code == 0
    site = scratch_project.root / "site"
    before = tree_digest(site)

    breakage(scratch_project)
    ran = build_py(scratch_project.root, "build")

    assert ran.code == 1
    assert "Traceback" not in ran.err
    assert tree_digest(site) == before
    leftovers = [p.name for p in scratch_project.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_a_template_error_names_the_problem(scratch_project: Project, command_line: Callable[..., Ran]) -> None:
    break_a_template(scratch_project)

    ran = command_line(scratch_project.root, "build")

    assert ran.code == 1 and "Traceback" not in ran.err
    assert "Procedure object' has no attribute 'no_such_key'" in ran.err


def test_generated_pages_are_marked_and_kept_apart(library_site: BuiltSite) -> None:
    generated = sorted(library_site.project.procedure_pages.glob("*.md"))
    records = sorted(library_site.project.procedures.glob("*.yaml"))
    fragments = ["_by_region.md", "_find.md", "_glossary.md", "_search_box.md"]
    assert [p.name for p in generated] == fragments + [f"{r.stem}.md" for r in records]
    for page in generated:
        assert "Generated by build.py" in page.read_text() and "Do not edit" in page.read_text()
    gitignore = (Path(__file__).parent.parent / ".gitignore").read_text().splitlines()
    assert "/docs/procedures/" in gitignore


def test_the_generated_folders_are_ignored_by_git_and_kept_out_of_the_navigation(library_site: BuiltSite) -> None:
    from mkdocs.utils.yaml import yaml_load

    gitignore = (ROOT / ".gitignore").read_text().splitlines()
    config = yaml_load((ROOT / "mkdocs.yml").read_text())
    hidden = config["not_in_nav"].split()
    in_nav = [page for entry in config["nav"] for page in entry.values()]
    for folder in GENERATED_DIRS:
        assert f"/docs/{folder}/" in gitignore, folder
        pages = list((library_site.project.docs / folder).rglob("*.md"))
        assert not pages or f"/{folder}/" in hidden or any(page.startswith(f"{folder}/") for page in in_nav), folder
