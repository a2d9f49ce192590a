"""What clinics and portals read: code addresses, JSON answers, and structured data.

A portal asks by code. Each code gets a permanent page (`/codes/<system>/<code>/`)
that sends the reader on, and a JSON answer in the shape of MedlinePlus
Connect's (`/api/codes/<system>/<code>.json`); `/api/procedures.json` lists the
whole library. Everything here is data; the redirect page's look is a template.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from procedure_guides.model.declaration import CODE_SYSTEMS
from procedure_guides.model.record import Record
from procedure_guides.output.page import RenderOptions, page_url, plain_text

LANGUAGE = "en"
PROCEDURE_TYPES = {
    "surgical": "https://schema.org/SurgicalProcedure",
    "percutaneous": "https://schema.org/PercutaneousProcedure",
    "noninvasive": "https://schema.org/NoninvasiveProcedure",
}


def system_slug(system: str) -> str:
    """`ICD-10-PCS` -> `icd-10-pcs`: code systems are lower case in addresses."""
    return system.lower()


def _in_language(path: str, language: str) -> str:
    return path if language == "en" else f"{language}/{path}"


def code_page_path(system: str, code: str, language: str = "en") -> str:
    return _in_language(f"codes/{system_slug(system)}/{code}/", language)


def code_answer_path(system: str, code: str, language: str = "en") -> str:
    return f"api/{_in_language(f'codes/{system_slug(system)}/{code}.json', language)}"


def relative_url(from_page: str, to_page: str) -> str:
    """A link from one directory-style page address to another, both relative to the site root."""
    relative = posixpath.relpath(to_page.rstrip("/") or ".", from_page.rstrip("/") or ".")
    return relative + "/" if to_page.endswith("/") or not to_page else relative


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def script_json(data: Any) -> str:
    """JSON safe inside an HTML <script> element: no `</` can end it early."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).replace("</", "<\\/")


def codes_of(record: Record, site_url: str) -> list[dict[str, str]]:
    return [
        {
            "system": code["system"],
            "code": code["code"],
            "oid": CODE_SYSTEMS[code["system"]][2],
            "url": site_url + code_page_path(code["system"], code["code"]),
        }
        for code in record.data["codes"]
    ]


def procedures_answer(records: list[Record], options: RenderOptions) -> dict[str, Any]:
    """`/api/procedures.json`: every published record, for portals that keep a copy."""
    entries = []
    for record in sorted(records, key=lambda r: r.slug):
        review = record.data["review"]
        entries.append(
            {
                "slug": record.slug,
                "title": record.data["title"],
                "url": page_url(options.site_url, record.slug),
                "codes": codes_of(record, options.site_url),
                "summary": plain_text(record.data["summary"]),
                "body_region": record.data.get("body_region"),
                "last_reviewed": review["last_reviewed"].isoformat(),
                "next_review": review["next_review"].isoformat() if "next_review" in review else None,
                "language": LANGUAGE,
            }
        )
    return {"language": LANGUAGE, "procedures": entries}


def connect_answer(
    page: Record, system: str, code: str, options: RenderOptions, language: str = LANGUAGE
) -> dict[str, Any]:
    """`/api/codes/<system>/<code>.json` (`/api/es/codes/...` for a guide's page in Spanish), shaped like
    a MedlinePlus Connect JSON response."""
    updated = page.data["review"]["last_reviewed"].isoformat()
    url = page_url(options.site_url, page.slug, language)
    return {
        "feed": {
            "lang": language,
            "base": options.site_url,
            "title": {"_value": "Procedure Guides", "type": "text"},
            "subtitle": {"_value": f"Patient education for {system} {code}", "type": "text"},
            "id": {"_value": options.site_url + code_answer_path(system, code, language)},
            "updated": {"_value": updated},
            "author": {"name": {"_value": "Procedure Guides"}, "uri": {"_value": options.site_url}},
            "entry": [
                {
                    "title": {"_value": page.data["title"], "type": "text"},
                    "link": [{"href": url, "rel": "alternate"}],
                    "id": {"_value": url},
                    "updated": {"_value": updated},
                    "summary": {"_value": plain_text(page.data["summary"]), "type": "text"},
                }
            ],
        }
    }


def _joined(items: list[str]) -> str:
    return " ".join(plain_text(item) for item in items)


def structured_data(record: Record, options: RenderOptions, language: str = LANGUAGE) -> dict[str, Any]:
    """schema.org JSON-LD: a MedicalWebPage about a MedicalProcedure."""
    data = record.data
    url = page_url(options.site_url, record.slug, language)
    recovery = data["recovery"]
    follow_up = (
        recovery.get("follow_up", [item for items in recovery.values() for item in items])
        if isinstance(recovery, dict)
        else recovery
    )
    procedure: dict[str, Any] = {
        "@type": "MedicalProcedure",
        "@id": f"{url}#procedure",
        "name": data["title"],
        "code": [
            {"@type": "MedicalCode", "code": code["code"], "codingSystem": code["system"]} for code in data["codes"]
        ],
        "preparation": _joined(data["preparation"]),
        "followup": _joined(follow_up),
    }
    if "also_known_as" in data:
        procedure["alternateName"] = data["also_known_as"]
    if "body_region" in data:
        procedure["bodyLocation"] = data["body_region"]
    if "procedure" in data:
        procedure["howPerformed"] = _joined(data["procedure"])
    if "procedure_type" in data:
        procedure["procedureType"] = PROCEDURE_TYPES[data["procedure_type"]]
    if "specialties" in data:
        procedure["relevantSpecialty"] = [{"@type": "MedicalSpecialty", "name": s} for s in data["specialties"]]
    review = data["review"]
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": data["title"],
        "description": plain_text(data["summary"]),
        "inLanguage": language,
        "lastReviewed": review["last_reviewed"].isoformat(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": {"@id": f"{url}#procedure"},
        "mainEntity": procedure,
    }
    if "reviewed_by" in review:
        page["reviewedBy"] = {"@type": "Organization", "name": review["reviewed_by"]}
    return page
