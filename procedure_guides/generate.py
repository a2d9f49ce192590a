"""Every file the build writes under docs/, from the checked library.

Procedure pages and their QR codes, the home and glossary fragments, the code
list and code addresses, redirects from earlier addresses, and the JSON answers
for portals; under /<language>/, the reviewed translations (or a note leading to
English), that language's glossary, home and code addresses. The result is a
dict {path under docs/: content}; `site.py` writes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from .clinics import (
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
from .glossary import Glossary
from .messages import load_messages
from .records import Record
from .rendering import (
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
    qr_code_file,
    qr_code_png,
)
from .translations import INHERITED_KEYS

Files = dict[str, str | bytes]
Translations = dict[str, dict[str, Record]]  # language: slug: published translation
HOME_GUIDES_PER_REGION = 12
# Texts the theme's own templates (disclaimer, header) show, passed to them in each page's front matter.
THEME_MESSAGES = ("disclaimer_strong", "disclaimer_text", "disclaimer_label", "search_label", "home")


def redirect_page(
    env: jinja2.Environment,
    at: str,
    to: str,
    title: str,
    reason: str,
    options: RenderOptions,
    t: dict[str, str],
    lang: str = "en",
) -> str:
    return env.get_template("redirect.html.j2").render(
        target=relative_url(at, to),
        canonical=options.site_url + to,
        home=relative_url(at, ""),
        title=plain_text(title),
        reason=reason,
        lang=lang,
        t=t,
    )


def guide_files(
    template: jinja2.Template,
    record: Record,
    titles: dict[str, tuple[str, str]],
    glossary: Glossary,
    options: RenderOptions,
    docs: Path | None,
    language: PageLanguage,
) -> Files:
    """One guide's page in one language, and the QR code its printout carries."""
    folder = page_path(record.slug, language.code).removesuffix(f"{record.slug}/")
    url = page_url(options.site_url, record.slug, language.code)
    qr_code = qr_code_file(record.slug, url)
    context = page_context(record, titles, glossary, options, language)
    context["structured_data"] = script_json(structured_data(record, options, language.code))
    context["qr_code"] = qr_code
    context["theme_messages"] = {key: language.t[key] for key in THEME_MESSAGES}
    made_before = docs / folder / qr_code if docs else None
    return {
        f"{folder}{record.slug}.md": template.render(context),
        f"{folder}{qr_code}": made_before.read_bytes() if made_before and made_before.exists() else qr_code_png(url),
    }


def translated_files(
    env: jinja2.Environment,
    records: list[Record],
    translations: Translations,
    messages: dict[str, dict[str, str]],
    options: RenderOptions,
    docs: Path | None,
    glossaries: dict[str, Glossary],
) -> Files:
    """Under /<language>/: each reviewed translation as a page, for every other guide a note
    that leads to the English page, the language's own glossary, and its home."""
    template = env.get_template("procedure.md.j2")
    files: Files = {}
    for code, by_slug in translations.items():
        t = messages[code]
        titles = {
            r.slug: (by_slug[r.slug].data["title"], code) if r.slug in by_slug else (r.data["title"], "en")
            for r in records
        }
        theme_messages = {key: t[key] for key in THEME_MESSAGES}
        glossary = glossaries.get(code, Glossary(()))
        files[f"{code}/glossary.md"] = env.get_template("glossary.md.j2").render(
            terms=glossary.terms, citations=Citations(), t=t, language=code, theme_messages=theme_messages,
            generated_note=GENERATED_NOTE.format(source=f"glossary.{code}.yaml"),
        )  # fmt: skip
        for record in records:
            for old in record.data.get("previous_slugs", []):
                at = f"{code}/procedures/{old}/"
                title = by_slug.get(record.slug, record).data["title"]
                to = page_path(record.slug, code)
                files[f"{at}index.html"] = redirect_page(
                    env, at, to, title, t["redirect_new_address"], options, t, code
                )
            translation = by_slug.get(record.slug)
            if translation is None:
                at = page_path(record.slug, code)
                files[f"{at}index.html"] = env.get_template("fallback.html.j2").render(
                    lang=code, t=t, title=plain_text(record.data["title"]),
                    target=relative_url(at, page_path(record.slug)), home=relative_url(at, f"{code}/"),
                )  # fmt: skip
                continue
            inherited = {key: record.data[key] for key in INHERITED_KEYS if key in record.data}
            page = Record(record.slug, translation.file, {**inherited, **translation.data}, translation.lines)
            language = PageLanguage(code, t, "../../", ("en",))
            files.update(guide_files(template, page, titles, glossary, options, docs, language))
        guides = sorted(
            ({"slug": slug, "title": tr.data["title"]} for slug, tr in by_slug.items()), key=lambda g: g["title"]
        )
        files[f"{code}/index.md"] = env.get_template("language-home.md.j2").render(
            t=t, language=code, theme_messages=theme_messages, citations=Citations(), guides=guides,
            generated_note=GENERATED_NOTE.format(source=f"procedures/{code}/*.yaml"),
        )  # fmt: skip
    return files


def procedure_files(
    env: jinja2.Environment,
    records: list[Record],
    glossary: Glossary,
    options: RenderOptions,
    docs: Path | None,
    messages: dict[str, dict[str, str]],
    translations: Translations,
) -> Files:
    titles = {record.slug: (record.data["title"], "en") for record in records}
    template = env.get_template("procedure.md.j2")
    files: Files = {}
    for record in records:
        spoken_in = tuple(code for code, by_slug in translations.items() if record.slug in by_slug)
        english = PageLanguage("en", messages["en"], "../", spoken_in)
        files.update(guide_files(template, record, titles, glossary, options, docs, english))
        for old in record.data.get("previous_slugs", []):
            at = f"procedures/{old}/"
            reason = messages["en"]["redirect_new_address"]
            files[f"{at}index.html"] = redirect_page(
                env, at, f"procedures/{record.slug}/", record.data["title"], reason, options, messages["en"]
            )
    regions = group_by_region(records)
    note = GENERATED_NOTE.format(source="procedures/*.yaml")
    files["procedures/_by_region.md"] = env.get_template("by-region.md.j2").render(
        regions=regions, home_limit=HOME_GUIDES_PER_REGION, citations=Citations(), generated_note=note
    )
    region_page = env.get_template("region.md.j2")
    for region in regions:
        if len(region["records"]) > HOME_GUIDES_PER_REGION:
            files[f"regions/{region['slug']}.md"] = region_page.render(
                region=region, citations=Citations(), generated_note=note
            )
    files["procedures/_glossary.md"] = env.get_template("glossary.md.j2").render(
        terms=glossary.terms, citations=Citations(), generated_note=GENERATED_NOTE.format(source="glossary.yaml")
    )
    return files


def code_files(
    env: jinja2.Environment,
    records: list[Record],
    options: RenderOptions,
    messages: dict[str, dict[str, str]],
    translations: Translations,
) -> Files:
    files: Files = {}
    rows = []
    for record in records:
        for code in record.data["codes"]:
            system, value = code["system"], code["code"]
            rows.append(
                {"system": system, "system_slug": system_slug(system), "code": value, "title": record.data["title"],
                 "slug": record.slug}
            )  # fmt: skip
            for language in ("en", *translations):
                t = messages[language]
                translation = translations.get(language, {}).get(record.slug)
                title = (translation or record).data["title"]
                at = code_page_path(system, value, language)
                reason = t["redirect_code"].format(system=system, code=value)
                to = page_path(record.slug, language)
                files[f"{at}index.html"] = redirect_page(env, at, to, title, reason, options, t, language)
                if language == "en" or translation:
                    answer = connect_answer(record, system, value, options, language, translation)
                    files[code_answer_path(system, value, language)] = json_text(answer)
    files["codes/index.md"] = env.get_template("codes.md.j2").render(
        codes=sorted(rows, key=lambda row: (row["system"], row["code"])),
        citations=Citations(),
        generated_note=GENERATED_NOTE.format(source="procedures/*.yaml"),
    )
    files["api/procedures.json"] = json_text(procedures_answer(records, options))
    files["api/codes.json"] = json_text(code_map(records))
    return files


def code_map(records: list[Record]) -> dict[str, Any]:
    """{system: {code: guide path}}: all the Infobutton page needs to find a guide."""
    systems: dict[str, dict[str, str]] = {}
    for record in sorted(records, key=lambda r: r.slug):
        for code in record.data["codes"]:
            systems.setdefault(system_slug(code["system"]), {})[code["code"]] = f"procedures/{record.slug}/"
    return {"codes": systems}


def search_index(records: list[Record], translations: Translations | None = None) -> dict[str, Any]:
    """What the search page looks through: one small entry per guide and language, never the full text."""
    guides = []
    for record in sorted(records, key=lambda r: r.slug):
        for language in ("en", *(translations or {})):
            shown = record if language == "en" else (translations or {})[language].get(record.slug)
            if shown is None:
                continue
            guides.append(
                {
                    "title": plain_text(shown.data["title"]),
                    "path": page_path(record.slug, language),
                    "language": language,
                    "other_names": [plain_text(name) for name in shown.data.get("also_known_as", [])],
                    "codes": [code["code"] for code in record.data["codes"]],
                    "summary": plain_text(shown.data["summary"]),
                }
            )
    return {"guides": guides}


def site_files(
    records: list[Record],
    templates: Path,
    glossary: Glossary,
    options: RenderOptions,
    api_schemas: dict[str, str],
    docs: Path | None = None,
    translations: Translations | None = None,
    translated_glossaries: dict[str, Glossary] | None = None,
) -> Files:
    """Every generated file for the records being published; `docs` holds files made before."""
    env = make_environment(templates)
    messages = load_messages(templates)
    published = {r.slug for r in records}
    translations = {
        language: {slug: t for slug, t in by_slug.items() if slug in published}
        for language, by_slug in (translations or {}).items()
    }
    files = procedure_files(env, records, glossary, options, docs, messages, translations)
    files.update(translated_files(env, records, translations, messages, options, docs, translated_glossaries or {}))
    files.update(code_files(env, records, options, messages, translations))
    files.update({f"api/schemas/{name}": text for name, text in api_schemas.items()})
    index = search_index(records, translations)
    files["api/search.json"] = json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n"
    return files
