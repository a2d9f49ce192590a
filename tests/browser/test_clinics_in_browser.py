"""Finding a guide the way patients and portals do: the search box, the Infobutton page, code addresses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

REMOVAL = "procedures/spinal-hardware-removal/"
REINSERTION = "procedures/spinal-hardware-reinsertion/"


def first_search_result(page: Page, site_url: str, query: str) -> str:
    """Open search from the header, type as a patient would, and read the first result."""
    page.goto(site_url)
    page.get_by_role("link", name="Search the guides").click()
    box = page.get_by_label("Procedure name, other name or code")
    box.press_sequentially(query, delay=20)
    page.locator("#pg-find-status").filter(has_text=f"found for “{query}”").wait_for(timeout=10_000)
    return str(page.locator("#pg-find-results > li a").first.get_attribute("href"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("22852", REMOVAL),
        ("22849", REINSERTION),
        ("replacing", REINSERTION),
        ("hardware removal", REMOVAL),
        ("spinal hardware revision", REINSERTION),
    ],
    ids=["code-22852", "code-22849", "title-word", "other-name", "other-name-2"],
)
def test_search_finds_the_procedure_first(phone_page: Page, site_url: str, query: str, expected: str) -> None:
    href = first_search_result(phone_page, site_url, query)

    assert href == site_url + expected


def test_search_finds_every_guide_first_by_each_of_its_names_and_codes(
    phone_page: Page, site_url: str, built_site: Path
) -> None:
    guides = json.loads((built_site / "api/search.json").read_text())["guides"]
    phone_page.goto(f"{site_url}find/")
    box = phone_page.get_by_label("Procedure name, other name or code")
    for guide in guides:
        codes = guide["codes"] if guide["language"] == "en" else []  # a code leads to the page's own language first
        for query in [guide["title"], *guide["other_names"], *codes]:
            box.fill(query)
            phone_page.locator("#pg-find-status").filter(has_text=f"found for “{query}”").wait_for(timeout=10_000)
            href = phone_page.locator("#pg-find-results > li a").first.get_attribute("href")
            assert href == site_url + guide["path"], query


def test_search_finds_spanish_guides_by_spanish_words_with_or_without_accents(phone_page: Page, site_url: str) -> None:
    for query, expected in [
        ("retiro del material de la columna", REMOVAL),
        ("reinserción", REINSERTION),
        ("reinsercion", REINSERTION),
    ]:
        phone_page.goto(f"{site_url}find/?q={query}")
        phone_page.locator("#pg-find-status").filter(has_text="found for").wait_for(timeout=10_000)
        first = phone_page.locator("#pg-find-results > li a").first
        assert first.get_attribute("href") == f"{site_url}es/{expected}", query
        assert first.get_attribute("lang") == "es"


def test_search_says_so_when_nothing_matches(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}find/?q=kneecap")

    status = phone_page.locator("#pg-find-status")
    status.filter(has_text="No guide found").wait_for(timeout=10_000)
    assert phone_page.locator("#pg-find-results > li").count() == 0


def test_only_the_search_page_loads_search_data(phone_page: Page, site_url: str) -> None:
    fetched: list[str] = []
    phone_page.on("request", lambda request: fetched.append(request.url))

    phone_page.goto(f"{site_url}procedures/spinal-hardware-removal/", wait_until="networkidle")
    assert not [url for url in fetched if "search" in url]
    phone_page.goto(f"{site_url}find/?q=22852", wait_until="networkidle")
    assert [url for url in fetched if "search" in url] == [f"{site_url}api/search.json"]


@pytest.mark.parametrize(
    "query",
    [
        "mainSearchCriteria.v.c=22852&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12",
        "mainSearchCriteria.v.c=22852&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12"
        "&informationRecipient.languageCode.c=en",
        "system=cpt&code=22852",
        "system=CPT&code=22852",
    ],
    ids=["infobutton", "infobutton-language", "short", "short-upper-case"],
)
def test_infobutton_page_sends_the_browser_to_the_guide(phone_page: Page, site_url: str, query: str) -> None:
    phone_page.goto(f"{site_url}connect/?{query}")

    phone_page.wait_for_url(f"{site_url}{REMOVAL}", timeout=10_000)
    assert phone_page.locator("h1").inner_text() == "Taking out spinal screws and rods"


@pytest.mark.parametrize("language", ["es", "sp", "spa", "es-MX"])
def test_infobutton_page_sends_spanish_readers_to_the_spanish_page(
    phone_page: Page, site_url: str, language: str
) -> None:
    query = "mainSearchCriteria.v.c=22852&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12"
    phone_page.goto(f"{site_url}connect/?{query}&informationRecipient.languageCode.c={language}")

    phone_page.wait_for_url(f"{site_url}es/{REMOVAL}", timeout=10_000)
    assert phone_page.locator("html").get_attribute("lang") == "es"


def test_the_language_switch_leads_to_the_same_guide_and_back(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}{REMOVAL}")
    phone_page.get_by_role("link", name="Leer en español").click()

    phone_page.wait_for_url(f"{site_url}es/{REMOVAL}")
    assert phone_page.locator("html").get_attribute("lang") == "es"
    assert phone_page.locator("h1").inner_text() == "Quitar los tornillos y las barras de la columna"
    phone_page.get_by_role("link", name="Read in English").click()
    phone_page.wait_for_url(f"{site_url}{REMOVAL}")


@pytest.mark.parametrize(
    "query",
    ["system=cpt&code=99999", "mainSearchCriteria.v.c=22852&mainSearchCriteria.v.cs=1.2.3", "", "code=<script>"],
    ids=["unknown-code", "unknown-system", "nothing", "nonsense"],
)
def test_infobutton_page_says_kindly_when_it_finds_nothing(phone_page: Page, site_url: str, query: str) -> None:
    phone_page.goto(f"{site_url}connect/?{query}")

    message = phone_page.locator("#connect-not-found")
    message.wait_for(state="visible", timeout=10_000)
    assert "We could not find a guide for that procedure code" in message.inner_text()
    message.get_by_role("link", name="See every procedure code we cover").click()
    assert phone_page.url == f"{site_url}codes/"


@pytest.mark.parametrize(("path", "expected"), [("codes/cpt/22852/", REMOVAL), ("codes/cpt/22849/", REINSERTION)])
def test_code_address_works_without_javascript(browser: Browser, site_url: str, path: str, expected: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(site_url + path)
    page.wait_for_url(site_url + expected, timeout=10_000)

    assert page.locator("h1").count() == 1
    context.close()


def test_code_address_keeps_the_section_a_clinic_linked_to(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}codes/cpt/22852/#recovery")

    phone_page.wait_for_url(f"{site_url}{REMOVAL}#recovery", timeout=10_000)
