"""Every file the build writes under docs/, from the checked library.

Procedure pages (each with the QR code its printout carries), the home and
glossary fragments, the code list and code addresses, redirects from earlier
addresses, and the JSON answers for portals; under /<language>/, the reviewed
translations (or a note leading to English), that language's glossary, home and
code addresses. The result is a dict {path under docs/: text}; `site.py` writes it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jinja2

from procedure_guides.checks.translations import INHERITED_KEYS
from procedure_guides.model.glossary import Glossary
from procedure_guides.model.messages import load_messages
from procedure_guides.model.record import Record
from procedure_guides.output.clinics import (
    code_answer_path,
    code_page_path,
    connect_answer,
    json_text,
    procedures_answer,
    relative_url,
    script_json,
    structured_data,
    system_slug,
)
from procedure_guides.output.page import (
    GENERATED_NOTE,
    Citations,
    PageLanguage,
    RenderOptions,
    group_by_region,
    make_environment,
    page_context,
    page_path,
    page_url,
    plain_text,
)
from procedure_guides.output.qr import qr_code_data_uri
from procedure_guides.pipeline.workers import map_records

Files = dict[str, str]
Translations = dict[str, dict[str, Record]]  # language: slug: published translation
Pages = dict[str, dict[str, Record]]  # language ("en" first): slug: the guide as published in it
HOME_GUIDES_PER_REGION = 12


def pages_by_language(records: list[Record], translations: Translations) -> Pages:
    """Each guide as published in each language: the English record, or a reviewed translation
    with the codes, links and sources it inherits from English."""
    pages: Pages = {"en": {record.slug: record for record in records}}
    for language, by_slug in translations.items():
        pages[language] = {}
        for record in records:
            translation = by_slug.get(record.slug)
            if translation:
                inherited = {key: record.data[key] for key in INHERITED_KEYS if key in record.data}
                data = {**inherited, **translation.data}
                pages[language][record.slug] = Record(record.slug, translation.file, data, translation.lines)
    return pages


def redirect_page(
    env: jinja2.Environment,
    at: str,
    to: str,
    title: str,
    reason: str,
    options: RenderOptions,
    language: PageLanguage,
) -> str:
    return env.get_template("redirect.html.j2").render(
        target=relative_url(at, to),
        canonical=options.site_url + to,
        home=relative_url(at, ""),
        title=plain_text(title),
        reason=reason,
        lang=language.code,
        t=language.t,
    )


def guide_files(
    template: jinja2.Template,
    page: Record,
    titles: dict[str, tuple[str, str]],
    glossary: Glossary,
    options: RenderOptions,
    language: PageLanguage,
) -> Files:
    """One guide's page in one language."""
    folder = page_path(page.slug, language.code).removesuffix(f"{page.slug}/")
    context = page_context(page, titles, glossary, options, language)
    context["structured_data"] = script_json(structured_data(page, options, language.code))
    # In the page itself: no file to write and copy per guide, and no extra request to open it.
    context["qr_code"] = qr_code_data_uri(page_url(options.site_url, page.slug, language.code))
    context["theme_messages"] = language.theme_messages
    return {f"{folder}{page.slug}.md": template.render(context)}


def guide_pages(
    env: jinja2.Environment,
    records: list[Record],
    pages: Pages,
    languages: dict[str, PageLanguage],
    glossaries: dict[str, Glossary],
    options: RenderOptions,
) -> Files:
    """Every guide in every language, with its code addresses. Under /<language>/, a guide with
    no reviewed translation gets a small note that leads to the English page instead."""
    template = env.get_template("procedure.md.j2")
    titles = {
        code: {
            r.slug: (pages[code][r.slug].data["title"], code) if r.slug in pages[code] else (r.data["title"], "en")
            for r in records
        }
        for code in languages
    }

    def guide_in(code: str, record: Record) -> Files:
        language = languages[code]
        page = pages[code].get(record.slug)
        files = code_addresses(env, record, page, language, options)
        if page:
            others = tuple(other for other in pages if other != code and record.slug in pages[other])
            spoken = dataclasses.replace(language, other_languages=others)
            return files | guide_files(template, page, titles[code], glossaries[code], options, spoken)
        at = page_path(record.slug, code)
        files[f"{at}index.html"] = env.get_template("fallback.html.j2").render(
            lang=code, t=language.t, title=plain_text(record.data["title"]),
            target=relative_url(at, page_path(record.slug)), home=relative_url(at, f"{code}/"),
        )  # fmt: skip
        return files

    files: Files = {}
    for guide in map_records(lambda job: guide_in(*job), [(code, record) for code in languages for record in records]):
        files.update(guide)
    return files


def moved_files(
    env: jinja2.Environment,
    records: list[Record],
    pages: Pages,
    languages: dict[str, PageLanguage],
    options: RenderOptions,
) -> Files:
    """A renamed guide's earlier addresses, in every language, each leading to where it is now."""
    files: Files = {}
    for code, language in languages.items():
        for record in records:
            title = pages[code].get(record.slug, record).data["title"]
            for old in record.data.get("previous_slugs", []):
                at = page_path(old, code)
                reason = language.t["redirect_new_address"]
                files[f"{at}index.html"] = redirect_page(
                    env, at, page_path(record.slug, code), title, reason, options, language
                )
    return files


def home_and_glossary_files(
    env: jinja2.Environment,
    records: list[Record],
    pages: Pages,
    languages: dict[str, PageLanguage],
    glossaries: dict[str, Glossary],
) -> Files:
    """English: the home page's guides by region (and a page per large region) and the glossary,
    as fragments of hand-written pages. Each other language: a home of its reviewed guides and
    its glossary, as pages of their own."""
    regions = group_by_region(records)
    note = GENERATED_NOTE.format(source="procedures/*.yaml")
    files: Files = {
        "procedures/_by_region.md": env.get_template("by-region.md.j2").render(
            regions=regions, home_limit=HOME_GUIDES_PER_REGION, citations=Citations(), generated_note=note
        ),
        "procedures/_glossary.md": env.get_template("glossary.md.j2").render(
            terms=glossaries["en"].terms, citations=Citations(),
            generated_note=GENERATED_NOTE.format(source="glossary.yaml"),
        ),
    }  # fmt: skip
    region_page = env.get_template("region.md.j2")
    for region in regions:
        if len(region["records"]) > HOME_GUIDES_PER_REGION:
            files[f"regions/{region['slug']}.md"] = region_page.render(
                region=region, citations=Citations(), generated_note=note
            )
    for code, language in languages.items():
        if code == "en":
            continue
        files[f"{code}/glossary.md"] = env.get_template("glossary.md.j2").render(
            terms=glossaries[code].terms, citations=Citations(), t=language.t, language=code,
            theme_messages=language.theme_messages,
            generated_note=GENERATED_NOTE.format(source=f"glossary.{code}.yaml"),
        )  # fmt: skip
        guides = sorted(
            ({"slug": p.slug, "title": p.data["title"]} for p in pages[code].values()), key=lambda g: g["title"]
        )
        files[f"{code}/index.md"] = env.get_template("language-home.md.j2").render(
            t=language.t, language=code, theme_messages=language.theme_messages, citations=Citations(), guides=guides,
            generated_note=GENERATED_NOTE.format(source=f"procedures/{code}/*.yaml"),
        )  # fmt: skip
    return files


def code_addresses(
    env: jinja2.Environment, record: Record, page: Record | None, language: PageLanguage, options: RenderOptions
) -> Files:
    """A guide's permanent address for each of its codes in one language, and (where the guide is
    published in that language) the portals' JSON answer for each code."""
    files: Files = {}
    for code in record.data["codes"]:
        system, value = code["system"], code["code"]
        at = code_page_path(system, value, language.code)
        reason = language.t["redirect_code"].format(system=system, code=value)
        to = page_path(record.slug, language.code)
        title = (page or record).data["title"]
        files[f"{at}index.html"] = redirect_page(env, at, to, title, reason, options, language)
        if page:
            answer = connect_answer(page, system, value, options, language.code)
            files[code_answer_path(system, value, language.code)] = json_text(answer)
    return files


def code_list_files(env: jinja2.Environment, records: list[Record], options: RenderOptions) -> Files:
    """The "Find by code" page, and the whole library for portals: every guide, every code."""
    rows = [
        {"system": code["system"], "system_slug": system_slug(code["system"]), "code": code["code"],
         "title": record.data["title"], "slug": record.slug}
        for record in records
        for code in record.data["codes"]
    ]  # fmt: skip
    return {
        "codes/index.md": env.get_template("codes.md.j2").render(
            codes=sorted(rows, key=lambda row: (row["system"], row["code"])),
            citations=Citations(),
            generated_note=GENERATED_NOTE.format(source="procedures/*.yaml"),
        ),
        "api/procedures.json": json_text(procedures_answer(records, options)),
        "api/codes.json": json_text(code_map(records)),
    }


def code_map(records: list[Record]) -> dict[str, Any]:
    """{system: {code: guide path}}: all the Infobutton page needs to find a guide."""
    systems: dict[str, dict[str, str]] = {}
    for record in sorted(records, key=lambda r: r.slug):
        for code in record.data["codes"]:
            systems.setdefault(system_slug(code["system"]), {})[code["code"]] = f"procedures/{record.slug}/"
    return {"codes": systems}


def search_index(records: list[Record], pages: Pages) -> dict[str, Any]:
    """What the search page looks through: one small entry per guide and language, never the full text."""
    return {
        "guides": [
            {
                "title": plain_text(page.data["title"]),
                "path": page_path(record.slug, language),
                "language": language,
                "other_names": [plain_text(name) for name in page.data.get("also_known_as", [])],
                "codes": [code["code"] for code in record.data["codes"]],
                "summary": plain_text(page.data["summary"]),
            }
            for record in sorted(records, key=lambda r: r.slug)
            for language, by_slug in pages.items()
            if (page := by_slug.get(record.slug))
        ]
    }


def site_files(
    records: list[Record],
    templates: Path,
    glossary: Glossary,
    options: RenderOptions,
    api_schemas: dict[str, str],
    translations: Translations | None = None,
    translated_glossaries: dict[str, Glossary] | None = None,
) -> Files:
    """Every generated file for the records being published."""
    env = make_environment(templates)
    messages = load_messages(templates)
    published = {r.slug for r in records}
    pages = pages_by_language(
        records,
        {
            language: {s: t for s, t in by_slug.items() if s in published}
            for language, by_slug in (translations or {}).items()
        },
    )
    languages = {code: PageLanguage(code, messages[code]) for code in pages}
    glossaries = {"en": glossary, **(translated_glossaries or {})}
    files = guide_pages(env, records, pages, languages, glossaries, options)
    files.update(moved_files(env, records, pages, languages, options))
    files.update(home_and_glossary_files(env, records, pages, languages, glossaries))
    files.update(code_list_files(env, records, options))
    files.update({f"api/schemas/{name}": text for name, text in api_schemas.items()})
    index = search_index(records, pages)
    files["api/search.json"] = json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n"
    return files
