"""What clinics and portals read: code addresses, JSON answers, and structured data.

A portal asks by code. Each code gets a permanent page (`/codes/<system>/<code>/`)
that sends the reader on, and a JSON answer in the shape of MedlinePlus
Connect's (`/api/codes/<system>/<code>.json`); `/api/procedures.json` lists the
whole library. Everything here is data; the redirect page's look is a template.
"""

from __future__ import annotations

import json
from typing import Any

from procedure_guides.model.declaration import CODE_SYSTEMS, Procedure
from procedure_guides.model.languages import ENGLISH
from procedure_guides.model.record import Record
from procedure_guides.model.reviewers import Reviewer
from procedure_guides.output.addresses import code_answer_path, code_page_path, page_url
from procedure_guides.output.page import RenderOptions, plain_text

PROCEDURE_TYPES = {
    "surgical": "https://schema.org/SurgicalProcedure",
    "percutaneous": "https://schema.org/PercutaneousProcedure",
    "noninvasive": "https://schema.org/NoninvasiveProcedure",
}


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def script_json(data: Any) -> str:
    """JSON safe inside an HTML <script> element: no `</` can end it early."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).replace("</", "<\\/")


def codes_of(procedure: Procedure, site_url: str) -> list[dict[str, str]]:
    return [
        {
            "system": code.system,
            "code": code.code,
            "oid": CODE_SYSTEMS[code.system][2],
            "url": site_url + code_page_path(code.system, code.code),
            "role": code.kind,
        }
        for code in procedure.codes
    ]


def procedures_answer(records: list[Record], options: RenderOptions) -> dict[str, Any]:
    """`/api/procedures.json`: every published record, for portals that keep a copy."""
    entries = []
    for record in sorted(records, key=lambda r: r.slug):
        procedure = record.procedure
        review = procedure.review
        entries.append(
            {
                "slug": record.slug,
                "title": procedure.title,
                "url": page_url(options.site_url, record.slug),
                "codes": codes_of(procedure, options.site_url),
                "summary": plain_text(procedure.summary),
                "body_region": procedure.body_region,
                "last_reviewed": review.last_reviewed.isoformat(),
                "next_review": review.due.isoformat(),
                "review_status": review.status,
                "language": ENGLISH,
            }
        )
    return {"language": ENGLISH, "procedures": entries}


def connect_answer(
    pages: list[tuple[Record, str]], system: str, code: str, options: RenderOptions, language: str = ENGLISH
) -> dict[str, Any]:
    """`/api/codes/<system>/<code>.json` (`/api/es/codes/...` for Spanish), shaped like a MedlinePlus
    Connect JSON response: one entry per guide, the one the code describes first, each a (page, the
    language it is in) pair: a guide not yet in the request's language is its English page."""
    updated = max(page.procedure.review.last_reviewed for page, _ in pages).isoformat()
    return {
        "feed": {
            "lang": language,
            "base": options.site_url,
            "title": {"_value": "Procedure Guides", "type": "text"},
            "subtitle": {"_value": f"Patient education for {system} {code}", "type": "text"},
            "id": {"_value": options.site_url + code_answer_path(system, code, language)},
            "updated": {"_value": updated},
            "author": {"name": {"_value": "Procedure Guides"}, "uri": {"_value": options.site_url}},
            "entry": [_entry(page, options, page_language) for page, page_language in pages],
        }
    }


def _entry(page: Record, options: RenderOptions, language: str) -> dict[str, Any]:
    url = page_url(options.site_url, page.slug, language)
    return {
        "title": {"_value": page.procedure.title, "type": "text"},
        "link": [{"href": url, "rel": "alternate"}],
        "id": {"_value": url},
        "updated": {"_value": page.procedure.review.last_reviewed.isoformat()},
        "summary": {"_value": plain_text(page.procedure.summary), "type": "text"},
    }


def _joined(items: list[str]) -> str:
    return " ".join(plain_text(item) for item in items)


def structured_data(
    record: Record, options: RenderOptions, language: str = ENGLISH, approver: Reviewer | None = None
) -> dict[str, Any]:
    """schema.org JSON-LD: a MedicalWebPage about a MedicalProcedure (reviewed by a person only when
    a clinician in reviewers.yaml approved it)."""
    procedure = record.procedure
    url = page_url(options.site_url, record.slug, language)
    # The follow-up group if the record has one, else all of recovery.
    follow_up = next((group.items for group in procedure.recovery if group.key == "follow_up"), None)
    described: dict[str, Any] = {
        "@type": "MedicalProcedure",
        "@id": f"{url}#procedure",
        "name": procedure.title,
        "code": [{"@type": "MedicalCode", "code": code.code, "codingSystem": code.system} for code in procedure.codes],
        "preparation": _joined(procedure.preparation),
        "followup": _joined(follow_up or [item for group in procedure.recovery for item in group.items]),
    }
    if procedure.also_known_as:
        described["alternateName"] = procedure.also_known_as
    if procedure.body_region:
        described["bodyLocation"] = procedure.body_region
    if procedure.procedure:
        described["howPerformed"] = _joined(procedure.procedure)
    if procedure.procedure_type:
        described["procedureType"] = PROCEDURE_TYPES[procedure.procedure_type]
    if procedure.specialties:
        described["relevantSpecialty"] = [{"@type": "MedicalSpecialty", "name": s} for s in procedure.specialties]
    review = procedure.review
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": procedure.title,
        "description": plain_text(procedure.summary),
        "inLanguage": language,
        "lastReviewed": review.last_reviewed.isoformat(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": {"@id": f"{url}#procedure"},
        "mainEntity": described,
    }
    if approver:
        page["reviewedBy"] = {"@type": "Person", "name": approver.name, "jobTitle": approver.specialty}
    return page
