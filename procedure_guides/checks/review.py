"""What a review step promises: sources a reader can follow, and approval only by a listed clinician.

A record past `submitted` has had every figure checked against its sources, so each
source must be one a reader can follow (a URL, DOI or PubMed ID) and of a kind we
accept; a forum, an AI-written page or a demonstration site never is. An approved
record names a clinician in reviewers.yaml who reviews in the record's language.
"""

from __future__ import annotations

import re
import urllib.parse

from procedure_guides.model.declaration import Reference
from procedure_guides.model.problems import Problem, format_key_path
from procedure_guides.model.record import Record
from procedure_guides.model.reviewers import REVIEWERS_FILE, Reviewer

# Sources no page may rest on, told apart by their address or publisher, and why.
UNACCEPTABLE = (
    (re.compile(r"(^|\.)droracle\.ai$|dr\.?\s?oracle", re.I), "an AI-written question-and-answer site"),
    (re.compile(r"^[^/]*demo", re.I), "a demonstration site, not the publisher's own page"),
    (re.compile(r"(^|[./])forums?([./]|$)|showthread|viewtopic", re.I), "a forum, where anyone may post"),
    (re.compile(r"netwellness\.org/question", re.I), "a question-and-answer page of answers to readers"),
)


def unacceptable(reference: Reference) -> str | None:
    """Why a source may not carry a figure, if it may not."""
    address = urllib.parse.urlsplit(reference.url) if reference.url else None
    places = [address.netloc + address.path if address else "", reference.publisher or ""]
    for pattern, why in UNACCEPTABLE:
        if any(pattern.search(place) for place in places):
            return why
    return None


def reference_problems(reference: Reference) -> list[str]:
    """What a source lacks: a locator, a kind; or why it is not a source we accept."""
    messages = []
    if not (reference.url or reference.doi or reference.pmid):
        messages.append("has no url, doi or pmid: give readers a way to find it")
    if reference.kind is None:
        messages.append("needs a kind (journal_article, guideline, government_patient_information,"
                        " hospital_patient_information or textbook)")  # fmt: skip
    why = unacceptable(reference)
    if why:
        messages.append(f"is {why}: cite the study or authoritative page that states the same fact")
    return messages


def source_problems(record: Record) -> list[Problem]:
    """Every source of `record`: a locator, a kind, and not a source we do not accept."""
    return [
        Problem(record.file, record.line("references", i), format_key_path(("references", i)), message)
        for i, reference in enumerate(record.procedure.references or [])
        for message in reference_problems(reference)
    ]


def approval_problems(record: Record, reviewers: dict[str, Reviewer], language: str) -> list[Problem]:
    """An approval names a clinician in the registry who reviews in the record's language."""
    approval = record.review.approval
    if approval is None:
        return []
    where = ("review", "approval", "reviewer")
    reviewer = reviewers.get(approval.reviewer)
    if reviewer is None:
        message = f"{approval.reviewer!r} is not in {REVIEWERS_FILE}: only a clinician listed there may approve"
    elif language not in reviewer.languages:
        message = f"{approval.reviewer!r} reviews in {', '.join(reviewer.languages)}, not {language}"
    else:
        return []
    return [Problem(record.file, record.line(*where), format_key_path(where), message)]
