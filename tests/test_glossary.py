"""The glossary: plain definitions, every term used somewhere, every use defined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.checks.reading_level import score, sentences
from procedure_guides.model.glossary import Term, load_glossary
from procedure_guides.model.project import Project
from procedure_guides.output.page import page_texts
from procedure_guides.output.terms import definition_anchor, word_anchor
from procedure_guides.pipeline.stages import load_library
from tests.conftest import BuiltSite, Ran

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossary(ROOT)
DEFINITION_GRADE_LIMIT = 6.0


def test_glossary_has_at_least_thirty_terms() -> None:
    assert len(GLOSSARY.terms) >= 30
    for term in ["fusion", "instrumentation", "pseudarthrosis", "CT scan", "anesthesia"]:
        assert term in {t.term for t in GLOSSARY.terms}


@pytest.mark.parametrize("term", GLOSSARY.terms, ids=lambda t: t.term)
def test_definition_reads_at_grade_six_or_lower(term: Term) -> None:
    definition = term.definition
    assert score([text for _, text in sentences([((), definition)])]).flesch_kincaid <= DEFINITION_GRADE_LIMIT


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_definition_uses_its_own_word(language: str) -> None:
    circular = [term.term for term in load_glossary(ROOT, language).terms if term.pattern.search(term.definition)]
    assert circular == []  # "screw: a small metal screw" explains nothing


def test_every_term_appears_on_a_published_page() -> None:
    records, _ = load_library(ROOT / "procedures", ROOT)
    used = set()
    for record in records:
        if record.reaches("under_review"):
            used |= set(GLOSSARY.uses(page_texts(record)))
    assert [t.term for t in GLOSSARY.terms if t not in used] == []


def test_rendered_page_defines_every_term_it_uses(library_site: BuiltSite) -> None:
    project = library_site.project
    records, _ = load_library(project.procedures, project.root)

    for record in records:
        page = (project.procedure_pages / f"{record.slug}.md").read_text()
        marked = 0
        for term in GLOSSARY.uses(page_texts(record)):
            line = f'[**{term.term}**](../glossary.md#{term.anchor}): <span id="{definition_anchor(term)}">'
            assert line + term.definition + "</span>" in page
            assert page.count(f'href="#{word_anchor(term)}"') <= 1  # marked once at most
            marked += page.count(f'href="#{word_anchor(term)}"')
        assert marked >= 3, record.slug
        # never in the title or a heading
        assert not [h for h in page.splitlines() if h.startswith("#") and "pg-term" in h], record.slug


def test_a_mistake_in_the_glossary_is_named_like_a_record_mistake(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    glossary = scratch_project.root / "glossary.yaml"
    glossary.write_text(
        glossary.read_text().replace("  definition: The cut a surgeon", "  definiton: The cut a surgeon")
    )

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert any(
        line.startswith("glossary.yaml:") and "unknown key 'definiton'; did you mean 'definition'?" in line
        for line in ran.err.splitlines()
    ), ran.err
