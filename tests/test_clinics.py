"""What clinics rely on: code addresses, JSON answers, structured data, and addresses that never break."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from procedure_guides.model.project import Project
from procedure_guides.model.record import Record
from procedure_guides.pipeline.stages import load_library
from tests.conftest import ROOT, BuiltSite, Ran

SITE_URL = "https://procedure-guides.example/"


@pytest.fixture(scope="module")
def built(fixtures_site: BuiltSite) -> tuple[Path, list[Record]]:
    """The real records plus a draft, built once as the published site."""
    records, _ = load_library(fixtures_site.project.procedures, fixtures_site.project.root)
    return fixtures_site.site, [record for record in records if record.reaches("under_review")]


def schema(name: str) -> dict[str, Any]:
    return dict(json.loads((ROOT / "schemas" / name).read_text()))


def test_library_answer_validates_against_its_published_schema(built: tuple[Path, list[Record]]) -> None:
    site, records = built
    answer = json.loads((site / "api/procedures.json").read_text())

    jsonschema.validate(answer, schema("api-procedures.schema.json"), format_checker=jsonschema.FormatChecker())
    assert [p["slug"] for p in answer["procedures"]] == sorted(r.slug for r in records)
    removal = next(p for p in answer["procedures"] if p["slug"] == "spinal-hardware-removal")
    assert removal["codes"] == [
        {
            "system": "CPT",
            "code": "22852",
            "oid": "2.16.840.1.113883.6.12",
            "url": f"{SITE_URL}codes/cpt/22852/",
            "role": "primary",
        }
    ]
    review = next(r for r in records if r.slug == "spinal-hardware-removal").procedure.review
    assert removal["language"] == "en" and removal["next_review"] == review.due.isoformat()
    assert removal["review_status"] == "under_review"  # a portal can tell a clinician-approved guide apart
    assert (site / "api/schemas/api-procedures.schema.json").read_text() == (
        ROOT / "schemas/api-procedures.schema.json"
    ).read_text()


def guides_of_each_code(records: list[Record]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Each code's (role, slug) pairs as the records list them, worked out here from the raw data."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for record in records:
        for code in record.data["codes"]:
            found.setdefault((code["system"].lower(), code["code"]), []).append(
                (code.get("role", "primary"), record.slug)
            )
    return found


def test_every_code_has_an_address_and_a_connect_answer(built: tuple[Path, list[Record]]) -> None:
    site, records = built
    connect_schema = schema("api-connect.schema.json")
    titles = {record.slug: record.data["title"] for record in records}
    for (system, code), guides in guides_of_each_code(records).items():
        page = (site / f"codes/{system}/{code}/index.html").read_text()
        answer = json.loads((site / f"api/codes/{system}/{code}.json").read_text())
        jsonschema.validate(answer, connect_schema, format_checker=jsonschema.FormatChecker())
        entries = answer["feed"]["entry"]
        assert len(entries) == len(guides), code
        if len(guides) == 1:
            slug = guides[0][1]
            assert '<meta http-equiv="refresh" content="0; url=../../../procedures/' + slug + '/">' in page
            assert f'<link rel="canonical" href="{SITE_URL}procedures/{slug}/">' in page
            assert f'<a href="../../../procedures/{slug}/">' in page
        else:
            assert 'http-equiv="refresh"' not in page  # several guides: the reader chooses
            for _, slug in guides:
                assert f'href="../../../procedures/{slug}/"' in page, code
        # The guide the code describes comes first, on the chooser page and in the portals' answer.
        primary = [slug for role, slug in guides if role == "primary"]
        order = [entry["link"][0]["href"] for entry in entries]
        assert sorted(order) == sorted(f"{SITE_URL}procedures/{slug}/" for _, slug in guides)
        if primary:
            assert order[0] == f"{SITE_URL}procedures/{primary[0]}/", code
        for entry in entries:
            slug = entry["link"][0]["href"].removeprefix(f"{SITE_URL}procedures/").rstrip("/")
            assert entry["title"]["_value"] == titles[slug]
            assert "[" not in entry["summary"]["_value"]  # citation markers are for pages, not portals


def test_a_shared_code_gets_a_chooser_that_puts_the_guide_it_describes_first(
    built: tuple[Path, list[Record]],
) -> None:
    site, _ = built
    page = (site / "codes/cpt/22633/index.html").read_text()
    links = re.findall(r'<li><a href="../../../procedures/([a-z0-9-]+)/"', page)

    assert links[0] == "lower-back-fusion-with-screws-and-rods"
    assert set(links[1:]) == {"failed-fusion-repair", "fusion-extension-to-next-level"}
    assert "<h1" in page and "CPT 22633" in page
    assert 'href="../../"' in page  # the whole code list, one tap away


def test_code_list_names_every_code(built: tuple[Path, list[Record]]) -> None:
    site, records = built
    page = (site / "codes/index.html").read_text()
    for record in records:
        for code in record.data["codes"]:
            assert f"<td>{code['system']}</td>\n<td>{code['code']}</td>" in page
    assert "fixture-procedure" not in page  # a draft is not listed


def structured(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match
    return dict(json.loads(match.group(1)))


@pytest.mark.parametrize("slug", ["spinal-hardware-removal", "spinal-hardware-reinsertion"])
def test_procedure_page_carries_structured_data_description_and_canonical(
    built: tuple[Path, list[Record]], slug: str
) -> None:
    site, records = built
    record = next(r for r in records if r.slug == slug)
    page = (site / f"procedures/{slug}/index.html").read_text()
    data = structured(page)

    assert data["@type"] == "MedicalWebPage"
    assert data["inLanguage"] == "en" and data["lastReviewed"] == record.data["review"]["last_reviewed"].isoformat()
    assert "reviewedBy" not in data  # no clinician has approved it, and the site never claims one did
    assert data["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
    procedure = data["mainEntity"]
    assert data["about"] == {"@id": procedure["@id"]}
    assert procedure["@type"] == "MedicalProcedure" and procedure["name"] == record.data["title"]
    assert procedure["alternateName"] == record.data["also_known_as"]
    assert procedure["code"] == [
        {"@type": "MedicalCode", "code": c["code"], "codingSystem": c["system"]} for c in record.data["codes"]
    ]
    assert procedure["bodyLocation"] == "Spine"
    assert procedure["procedureType"] == "https://schema.org/SurgicalProcedure"
    assert procedure["relevantSpecialty"][0] == {"@type": "MedicalSpecialty", "name": "Orthopedic surgery"}
    for key in ["preparation", "followup", "howPerformed"]:
        assert procedure[key] and "[1]" not in procedure[key]
    assert f'<link rel="canonical" href="{SITE_URL}procedures/{slug}/">' in page
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description and description.group(1).startswith(record.data["summary"][:40])


def test_sitemap_lists_only_published_pages(built: tuple[Path, list[Record]]) -> None:
    site, records = built
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text()))
    for record in records:
        assert f"{SITE_URL}procedures/{record.slug}/" in listed
    assert not any("fixture-procedure" in url for url in listed)
    assert not any("/codes/cpt/" in url for url in listed)  # code addresses are redirects, not pages
    for url in listed:
        path = url.removeprefix(SITE_URL)
        assert (site / path / "index.html").exists() or (site / path).is_file(), url


def test_committed_address_list_already_holds_every_address(library_site: BuiltSite) -> None:
    before = (ROOT / "published-addresses.txt").read_text()

    # The library's build found nothing new to add to the list it was given.
    after = (library_site.project.root / "published-addresses.txt").read_text()
    assert after == before, "run `make site` and commit published-addresses.txt"
    assert "/procedures/spinal-hardware-removal/#when-to-call" in before
    assert "/api/codes/cpt/22852.json" in before


def rename_removal_record(project: Project, keep_old_address: bool) -> None:
    old = project.procedures / "spinal-hardware-removal.yaml"
    text = old.read_text()
    if keep_old_address:
        text = text.replace(
            "procedure_type: surgical\n", "procedure_type: surgical\nprevious_slugs:\n  - spinal-hardware-removal\n"
        )
    old.unlink()
    for other in project.procedures.glob("*.yaml"):
        other.write_text(
            other.read_text().replace("  - spinal-hardware-removal\n", "  - removing-spinal-screws-and-rods\n")
        )
    (project.procedures / "removing-spinal-screws-and-rods.yaml").write_text(text)
    for translation in project.procedures.glob("*/spinal-hardware-removal.yaml"):
        translation.rename(translation.with_name("removing-spinal-screws-and-rods.yaml"))


def test_a_rename_without_previous_slugs_fails_the_build(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    assert build_py(scratch_project.root, "build").code == 0
    before = (scratch_project.root / "site/index.html").read_text()
    rename_removal_record(scratch_project, keep_old_address=False)

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 1
    assert "These published addresses would stop working:" in ran.err
    assert "  /procedures/spinal-hardware-removal/#recovery" in ran.err
    assert "previous_slugs" in ran.err
    assert (scratch_project.root / "site/index.html").read_text() == before


def test_a_rename_with_previous_slugs_keeps_every_old_address(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    rename_removal_record(scratch_project, keep_old_address=True)

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 0, ran.err
    site = scratch_project.root / "site"
    old = (site / "procedures/spinal-hardware-removal/index.html").read_text()
    assert 'content="0; url=../removing-spinal-screws-and-rods/"' in old
    code = (site / "codes/cpt/22852/index.html").read_text()
    assert "../../../procedures/removing-spinal-screws-and-rods/" in code
    assert (
        "/procedures/removing-spinal-screws-and-rods/#risks"
        in (scratch_project.root / "published-addresses.txt").read_text()
    )


def test_a_code_that_gains_a_second_guide_keeps_its_address_as_a_chooser(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    assert build_py(scratch_project.root, "build").code == 0
    site = scratch_project.root / "site"
    assert 'http-equiv="refresh"' in (site / "codes/cpt/22849/index.html").read_text()
    reinsertion = scratch_project.procedures / "spinal-hardware-reinsertion.yaml"
    when = 'applies_when: "If screws and rods are being put back in."'
    primary = 'code: "22849", role: primary'
    reinsertion.write_text(reinsertion.read_text().replace(primary + "}", f"{primary}, {when}}}"))
    removal = scratch_project.procedures / "spinal-hardware-removal.yaml"
    also_related = '  - {system: CPT, code: "22849", role: related, applies_when: "If only some parts come out."}\n'
    removal.write_text(removal.read_text().replace("also_known_as:", also_related + "also_known_as:", 1))

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 0, ran.err  # every published address still answers
    page = (site / "codes/cpt/22849/index.html").read_text()
    assert re.findall(r'<li><a href="../../../procedures/([a-z0-9-]+)/"', page) == [
        "spinal-hardware-reinsertion",
        "spinal-hardware-removal",
    ]
    assert "If only some parts come out." in page
    answer = json.loads((site / "api/codes/cpt/22849.json").read_text())
    assert [entry["link"][0]["href"] for entry in answer["feed"]["entry"]] == [
        f"{SITE_URL}procedures/spinal-hardware-reinsertion/",
        f"{SITE_URL}procedures/spinal-hardware-removal/",
    ]
