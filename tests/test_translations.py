"""Translations: checked against their English record, and read for plain Spanish."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import jsonschema
import pytest
import yaml

from procedure_guides.checks.spanish_reading_level import EASE_LIMIT, ease, spanish_sentences, syllables
from procedure_guides.checks.translations import read_translation
from procedure_guides.model.glossary import load_glossary
from procedure_guides.model.messages import load_messages
from procedure_guides.model.project import Project
from procedure_guides.model.record import patient_text, read_record
from procedure_guides.pipeline.stages import checked_library
from tests.conftest import ROOT, BuiltSite, Ran, line_of, with_translations_reviewed

SLUG = "spinal-hardware-removal"
SITE_URL = "https://procedure-guides.example/"
TRANSLATION = f"procedures/es/{SLUG}.yaml"


def problems_after(scratch_project: Project, edit: Callable[[str], str]) -> list[str]:
    """Edit the Spanish translation, then read it against its English record; its problems as printed."""
    path = scratch_project.root / TRANSLATION
    path.write_text(edit(path.read_text()))
    english, _ = read_record(scratch_project.procedures / f"{SLUG}.yaml", f"procedures/{SLUG}.yaml")
    _, problems = read_translation(path, TRANSLATION, english)
    return [str(problem) for problem in problems]


def test_every_translation_in_the_project_passes_its_checks() -> None:
    for path in sorted((ROOT / "procedures").glob("*/*.yaml")):
        english, _ = read_record(ROOT / "procedures" / path.name, f"procedures/{path.name}")
        _, problems = read_translation(path, path.relative_to(ROOT).as_posix(), english)
        assert problems == [], path


def test_a_section_the_english_record_has_must_be_translated(scratch_project: Project) -> None:
    found = problems_after(scratch_project, lambda text: re.sub(r"(?ms)^benefits:.*?(?=^recovery:)", "", text))

    top = line_of(scratch_project.root / TRANSLATION, "title:")
    assert found == [f"{TRANSLATION}:{top}: benefits: is missing; the English record has it"]


def test_every_item_must_be_translated(scratch_project: Project) -> None:
    path = scratch_project.root / TRANSLATION
    line = line_of(path, "Dolor de espalda que viene del metal")
    found = problems_after(
        scratch_project, lambda text: text.replace("  - Metal que se rompió o que ya no funciona [2, 10]\n", "")
    )

    assert found == [f"{TRANSLATION}:{line}: indications: has 2 items; the English record has 3"]


def test_a_translated_item_cites_the_same_sources(scratch_project: Project) -> None:
    path = scratch_project.root / TRANSLATION
    line = line_of(path, "Sangrado [2]")
    found = problems_after(scratch_project, lambda text: text.replace("Sangrado [2]", "Sangrado [1]"))

    assert found == [f"{TRANSLATION}:{line}: risks[2]: cites [2] in English; cite the same sources here"]


def test_codes_and_references_come_from_the_english_record(scratch_project: Project) -> None:
    found = problems_after(
        scratch_project, lambda text: text.replace("summary:", 'codes:\n  - {system: CPT, code: "22852"}\nsummary:', 1)
    )

    line = line_of(scratch_project.root / TRANSLATION, "codes:")
    assert found == [f"{TRANSLATION}:{line}: codes: codes comes from the English record; remove it here"]


def test_a_citation_must_name_an_english_reference(scratch_project: Project) -> None:
    english = yaml.safe_load((scratch_project.procedures / f"{SLUG}.yaml").read_text())
    found = problems_after(scratch_project, lambda text: text.replace("Sangrado [2]", "Sangrado [99]"))

    count = len(english["references"])
    assert any(f"risks[2]: cites [99] but the record has only {count} references" in problem for problem in found)


def test_hard_spanish_fails_and_names_the_hardest_sentences(scratch_project: Project) -> None:
    hard = "Intervención quirúrgica consistente en la extracción instrumentalizada de dispositivos metálicos"
    found = problems_after(
        scratch_project, lambda text: re.sub(r"(?m)^(  - |    - )([A-ZÁÉÍÓÚ¿][^\[\n]*)", rf"\1{hard} \2", text)
    )

    assert len(found) == 1  # one problem for the page, its hardest sentences listed under it
    assert f"the lowest allowed is {EASE_LIMIT:g} (grade 8)" in found[0]
    assert hard in found[0]


def test_a_translation_needs_its_english_record(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    (scratch_project.procedures / "es" / "knee-surgery.yaml").write_text("title: Cirugía de rodilla\n")

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    missing = "there is no English record procedures/knee-surgery.yaml to translate"
    assert f"procedures/es/knee-surgery.yaml:1: (file): {missing}" in ran.err


def test_a_translation_older_than_its_english_record_is_flagged(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    translation = scratch_project.root / TRANSLATION
    older = re.sub(r"(date|last_reviewed): 2026-1[12]-[0-9]+", r"\1: 2026-11-01", translation.read_text())
    translation.write_text(older)
    english_changed = max(re.findall(r"date: ([0-9-]+)", (scratch_project.procedures / f"{SLUG}.yaml").read_text()))
    line = line_of(translation, "- date:")
    stale = f"{TRANSLATION}:{line}: changes: older than the English record, which changed on {english_changed}"

    relaxed = build_py(scratch_project.root, "check")
    strict = build_py(scratch_project.root, "check", "--strict")

    assert relaxed.code == 0 and f"warning: {stale}" in relaxed.err
    assert strict.code == 1 and stale in strict.err


@pytest.mark.parametrize(
    ("word", "count"),
    [("cirugía", 4), ("ahora", 3), ("después", 2), ("río", 2), ("aéreo", 4), ("quiero", 2), ("hoy", 1), ("y", 1),
     ("ayuda", 3), ("anestesia", 4), ("infección", 3), ("guerra", 2)],
)  # fmt: skip
def test_spanish_syllables_follow_spanish_vowel_rules(word: str, count: int) -> None:
    assert syllables(word) == count


def test_fernandez_huerta_reading_ease_matches_the_corrected_formula() -> None:
    # 2 sentences, 9 words, 13 syllables (us-ted se va a ca-sa, le due-le un po-co):
    # 206.84 - 60 * 13/9 - 1.02 * 9/2 = 115.58
    assert ease(["Usted se va a casa.", "Le duele un poco."]).ease == 115.6


@pytest.mark.guides(SLUG, "spinal-hardware-reinsertion", "spinal-fusion-exploration", "spinal-rod-removal-hooks")
def test_a_reviewed_translation_is_published_in_spanish_with_links_both_ways(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    with_translations_reviewed(scratch_project)
    (scratch_project.procedures / "es/spinal-fusion-exploration.yaml").unlink()  # a related guide not in Spanish
    assert build_py(scratch_project.root, "build").code == 0
    site = scratch_project.root / "site"

    spanish = (site / f"es/procedures/{SLUG}/index.html").read_text()
    english = (site / f"procedures/{SLUG}/index.html").read_text()
    assert '<html lang="es"' in spanish and '<html lang="en"' in english
    assert "Quitar los tornillos y las barras de la columna</h1>" in spanish
    assert '<h2 id="risks">Riesgos' in spanish and "Volver al texto" in spanish  # same anchors, Spanish words
    assert f'href="../../../procedures/{SLUG}/" hreflang="en" lang="en">Read in English' in spanish
    assert f'href="../../es/procedures/{SLUG}/" hreflang="es" lang="es">Leer en español' in english
    sitemap = (site / "sitemap.xml").read_text()
    for language, prefix in (("en", ""), ("es", "es/")):
        # listed for both pages: each names itself and the other
        assert sitemap.count(f'hreflang="{language}" href="{SITE_URL}{prefix}procedures/{SLUG}/"') == 2
    assert "Esta es información general, no un consejo médico." in spanish
    # a related guide not yet in Spanish is linked in English, and marked as English
    assert 'href="../../../procedures/spinal-fusion-exploration/" hreflang="en" lang="en">Surgery to look' in spanish
    # Spanish words are explained from the Spanish glossary, never the English one
    assert 'aria-describedby="word-tomografia-definition">tomografía</a>' in spanish
    assert (
        '<span id="word-tomografia-definition">Un estudio con rayos X que toma fotos claras del interior del cuerpo.'
        in spanish
    )
    assert 'href="../../glossary/#term-tomografia"' in spanish and "X-rays" not in spanish
    glossary = (site / "es/glossary/index.html").read_text()
    assert '<html lang="es"' in glossary and 'id="term-tomografia">tomografía</dt>' in glossary
    code_page = (site / "es/codes/cpt/22852/index.html").read_text()
    # 22852 leads to two guides, so its Spanish address is a page to choose between their Spanish pages.
    assert f'href="../../../procedures/{SLUG}/"' in code_page and '<html lang="es"' in code_page
    answer = json.loads((site / "api/es/codes/cpt/22852.json").read_text())
    jsonschema.validate(answer, json.loads((ROOT / "schemas/api-connect.schema.json").read_text()))
    assert answer["feed"]["lang"] == "es"
    assert answer["feed"]["entry"][0]["title"]["_value"] == "Quitar los tornillos y las barras de la columna"


def with_translations_submitted(project: Project) -> Project:
    """A copy where every translation is back at its first step, written but not yet checked."""
    for translation in project.procedures.glob("*/*.yaml"):
        text = translation.read_text(encoding="utf-8")
        checked = text[text.index("  status: under_review") :]
        translation.write_text(text.replace(checked, "  status: submitted\n  last_reviewed: 2026-12-02\n"))
    return project


def test_an_unreviewed_translation_is_never_shown(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    with_translations_submitted(scratch_project)
    assert build_py(scratch_project.root, "build").code == 0
    site = scratch_project.root / "site"

    fallback = (site / f"es/procedures/{SLUG}/index.html").read_text()
    assert '<html lang="es"' in fallback
    assert "Esta guía todavía no está disponible en español" in fallback
    assert f'href="../../../procedures/{SLUG}/" lang="en" hreflang="en">Taking out spinal screws and rods' in fallback
    assert not [page for page in site.rglob("*.html") if "Quitar los tornillos" in page.read_text()]
    assert "Leer en español" not in (site / f"procedures/{SLUG}/index.html").read_text()
    # A portal's saved Spanish address still answers, with the English guide.
    answer = json.loads((site / "api/es/codes/cpt/22849.json").read_text())
    assert [entry["link"][0]["href"] for entry in answer["feed"]["entry"]] == [
        "https://procedure-guides.example/procedures/spinal-hardware-reinsertion/"
    ]


def test_a_text_left_out_in_a_language_shows_in_english(scratch_project: Project) -> None:
    catalogue = scratch_project.root / "templates/messages.yaml"
    catalogue.write_text(
        catalogue.read_text().replace("risks_rare: {en: Rare, es: Poco comunes}", "risks_rare: {en: Rare}")
    )

    texts = load_messages(scratch_project.templates)

    assert texts["es"]["risks_rare"] == "Rare"
    assert texts["es"]["risks_common"] == "Más comunes"
    assert "fallback_title" not in texts["en"]  # a note only shown under /es/ has no English to fall back on


def test_a_text_in_no_language_is_named(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    catalogue = scratch_project.root / "templates/messages.yaml"
    line = line_of(catalogue, "risks_rare:")
    catalogue.write_text(catalogue.read_text().replace("risks_rare: {en: Rare, es: Poco comunes}", "risks_rare: {}"))

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 1
    assert f"templates/messages.yaml:{line}: risks_rare: needs at least one of: en, es" in ran.err


def test_every_spanish_glossary_word_is_used_in_a_translation_and_defined_plainly() -> None:
    glossary = load_glossary(ROOT, "es")
    texts = [
        text
        for path in sorted((ROOT / "procedures/es").glob("*.yaml"))
        for _, text in patient_text(yaml.safe_load(path.read_text()))
    ]
    used = glossary.uses(texts)
    assert glossary.terms and [term.term for term in glossary.terms if term not in used] == []
    for term in glossary.terms:
        # 70 or more on the Fernández-Huerta scale reads at school grade 6 or lower
        sentences = [text for _, text in spanish_sentences([((), term.definition)])]
        assert ease(sentences).ease >= 70, term.term


def test_a_published_translation_says_who_has_not_reviewed_it(library_site: BuiltSite) -> None:
    spanish = (library_site.site / f"es/procedures/{SLUG}/index.html").read_text()
    assert "Ni un traductor médico ni un profesional clínico han revisado todavía esta traducción." in spanish
    assert "un traductor médico y un profesional clínico todavía no la han revisado" in spanish  # its steps


def test_a_translation_older_than_its_english_record_falls_back_to_the_note(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    # The English record changed on 2026-12-02; the translation's newest change is older.
    spanish = scratch_project.procedures / f"es/{SLUG}.yaml"
    spanish.write_text(spanish.read_text().replace("  - date: 2026-12-02\n", "  - date: 2026-11-22\n"))

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 0, ran.err
    page = (scratch_project.root / f"site/es/procedures/{SLUG}/index.html").read_text()
    assert "Esta guía todavía no está disponible en español" in page
    assert "older than the English record" in build_py(scratch_project.root, "check").err  # check says why


def test_a_translation_is_never_published_ahead_of_its_english_record(scratch_project: Project) -> None:
    english = scratch_project.procedures / f"{SLUG}.yaml"
    text = english.read_text()
    submitted = "  status: submitted\n  last_reviewed: 2026-12-02\n"
    english.write_text(text[: text.index("  status: under_review")] + submitted)

    library = checked_library(scratch_project)

    assert SLUG not in library.translations_to_publish("under_review")["es"]
    assert "spinal-hardware-reinsertion" in library.translations_to_publish("under_review")["es"]
    assert SLUG in library.translations_to_publish(None)["es"]  # a preview shows every page
