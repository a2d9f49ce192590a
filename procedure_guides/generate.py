"""Every file the build writes under docs/, from the checked library.

Procedure pages and their QR codes, the home and glossary fragments, the code
list and code addresses, redirects from earlier addresses, and the JSON answers
for portals. The result is a dict {path under docs/: content}; `site.py` writes it.
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
from .records import Record
from .rendering import (
    GENERATED_NOTE,
    Citations,
    RenderOptions,
    group_by_region,
    make_environment,
    page_context,
    page_url,
    plain_text,
    qr_code_file,
    qr_code_png,
)

Files = dict[str, str | bytes]
HOME_GUIDES_PER_REGION = 12


def redirect_page(env: jinja2.Environment, at: str, to: str, title: str, reason: str, options: RenderOptions) -> str:
    return env.get_template("redirect.html.j2").render(
        target=relative_url(at, to),
        canonical=options.site_url + to,
        home=relative_url(at, ""),
        title=plain_text(title),
        reason=reason,
    )


def procedure_files(
    env: jinja2.Environment, records: list[Record], glossary: Glossary, options: RenderOptions, docs: Path | None
) -> Files:
    titles = {record.slug: record.data["title"] for record in records}
    template = env.get_template("procedure.md.j2")
    files: Files = {}
    for record in records:
        url = page_url(options.site_url, record.slug)
        qr_code = qr_code_file(record.slug, url)
        context = page_context(record, titles, glossary, options)
        context["structured_data"] = script_json(structured_data(record, options))
        context["qr_code"] = qr_code
        files[f"procedures/{record.slug}.md"] = template.render(context)
        made_before = docs / "procedures" / qr_code if docs else None
        files[f"procedures/{qr_code}"] = (
            made_before.read_bytes() if made_before and made_before.exists() else qr_code_png(url)
        )
        for old in record.data.get("previous_slugs", []):
            at = f"procedures/{old}/"
            reason = "This guide has a new address."
            files[f"{at}index.html"] = redirect_page(
                env, at, f"procedures/{record.slug}/", record.data["title"], reason, options
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


def code_files(env: jinja2.Environment, records: list[Record], options: RenderOptions) -> Files:
    files: Files = {}
    rows = []
    for record in records:
        for code in record.data["codes"]:
            system, value = code["system"], code["code"]
            rows.append(
                {"system": system, "system_slug": system_slug(system), "code": value, "title": record.data["title"],
                 "slug": record.slug}
            )  # fmt: skip
            at = code_page_path(system, value)
            reason = f"{system} code {value} is explained in our guide."
            files[f"{at}index.html"] = redirect_page(
                env, at, f"procedures/{record.slug}/", record.data["title"], reason, options
            )
            files[code_answer_path(system, value)] = json_text(connect_answer(record, system, value, options))
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


def search_index(records: list[Record]) -> dict[str, Any]:
    """What the search page looks through: one small entry per guide, never the full text."""
    return {
        "guides": [
            {
                "title": plain_text(record.data["title"]),
                "path": f"procedures/{record.slug}/",
                "other_names": [plain_text(name) for name in record.data.get("also_known_as", [])],
                "codes": [code["code"] for code in record.data["codes"]],
                "summary": plain_text(record.data["summary"]),
            }
            for record in sorted(records, key=lambda r: r.slug)
        ]
    }


def site_files(
    records: list[Record],
    templates: Path,
    glossary: Glossary,
    options: RenderOptions,
    api_schemas: dict[str, str],
    docs: Path | None = None,
) -> Files:
    """Every generated file for the records being published; `docs` holds files made before."""
    env = make_environment(templates)
    files = procedure_files(env, records, glossary, options, docs)
    files.update(code_files(env, records, options))
    files.update({f"api/schemas/{name}": text for name, text in api_schemas.items()})
    files["api/search.json"] = json.dumps(search_index(records), ensure_ascii=False, separators=(",", ":")) + "\n"
    return files
