"""Finding a guide the way patients and portals do: the search box, the Infobutton page, code addresses."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

REMOVAL = "procedures/spinal-hardware-removal/"
REINSERTION = "procedures/spinal-hardware-reinsertion/"


def first_search_result(page: Page, site_url: str, query: str) -> str:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    first = page.locator("ol.md-search-result__list > li a").first
    first.wait_for(timeout=10_000)
    return str(first.get_attribute("href"))


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
def test_search_finds_the_procedure_first(desktop_page: Page, site_url: str, query: str, expected: str) -> None:
    href = first_search_result(desktop_page, site_url, query)

    assert href.split("#")[0].endswith(expected), href


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
