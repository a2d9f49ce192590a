"""Finding a guide the way patients and portals do: the search box, the Infobutton page, code addresses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import new_context

REMOVAL = "procedures/spinal-hardware-removal/"
REINSERTION = "procedures/spinal-hardware-reinsertion/"


def first_search_result(page: Page, site_url: str, query: str) -> str:
    """Open search from the header, type as a patient would, and read the first result."""
    page.goto(site_url)
    page.get_by_role("link", name="Search the guides").click()
    box = page.get_by_label("Procedure name, other name or code")
    box.press_sequentially(query, delay=20)
    page.locator("#pg-find-status").filter(has_text=f"found for “{query}”").wait_for()
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
    for language, find in [("en", "find/"), ("es", "es/find/")]:
        phone_page.goto(site_url + find)
        box = phone_page.get_by_role("searchbox")
        for guide in [guide for guide in guides if guide["language"] == language]:
            # On its language's search page, and by the codes it is the guide for (its primary codes).
            for query in [guide["title"], *guide["other_names"], *guide["primary_codes"]]:
                box.fill(query)
                phone_page.locator("#pg-find-status").filter(has_text=f"“{query}”").wait_for()
                href = phone_page.locator("#pg-find-results > li a").first.get_attribute("href")
                assert href == site_url + guide["path"], query


def test_search_finds_spanish_guides_by_spanish_words_with_or_without_accents(phone_page: Page, site_url: str) -> None:
    for query, expected in [
        ("retiro del material de la columna", REMOVAL),
        ("reinserción", REINSERTION),
        ("reinsercion", REINSERTION),
    ]:
        phone_page.goto(f"{site_url}es/find/?q={query}")
        phone_page.locator("#pg-find-status").filter(has_text=f"“{query}”").wait_for()
        first = phone_page.locator("#pg-find-results > li a").first
        assert first.get_attribute("href") == f"{site_url}es/{expected}", query
        assert first.get_attribute("lang") == "es"


def test_search_says_so_when_nothing_matches(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}find/?q=kneecap")

    status = phone_page.locator("#pg-find-status")
    status.filter(has_text="No guide found").wait_for()
    assert phone_page.locator("#pg-find-results > li").count() == 0


def test_only_the_search_page_loads_search_data(phone_page: Page, site_url: str) -> None:
    fetched: list[str] = []
    phone_page.on("request", lambda request: fetched.append(request.url))

    search_data = (f"{site_url}api/search.json", f"{site_url}javascripts/vendor/minisearch/index.js")

    phone_page.goto(f"{site_url}procedures/spinal-hardware-removal/", wait_until="networkidle")
    assert not [url for url in fetched if url in search_data]
    phone_page.goto(f"{site_url}find/?q=22852", wait_until="networkidle")
    assert sorted(url for url in fetched if url in search_data) == sorted(search_data)


@pytest.mark.parametrize(
    "query",
    [
        "mainSearchCriteria.v.c=22849&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12",
        "mainSearchCriteria.v.c=22849&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12"
        "&informationRecipient.languageCode.c=en",
        "system=cpt&code=22849",
        "system=CPT&code=22849",
        "mainSearchCriteria.v.c=22849",  # no code system: 22849 is a code of one system only
        "code=22849",
    ],
    ids=["infobutton", "infobutton-language", "short", "short-upper-case", "infobutton-no-system", "short-no-system"],
)
def test_infobutton_page_sends_the_browser_to_the_guide(phone_page: Page, site_url: str, query: str) -> None:
    phone_page.goto(f"{site_url}connect/?{query}")

    phone_page.wait_for_url(f"{site_url}{REINSERTION}")
    assert phone_page.locator("h1").inner_text() == "Replacing spinal screws and rods"


def test_a_code_of_several_guides_leads_to_a_choice_the_one_it_describes_first(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}connect/?mainSearchCriteria.v.c=22633&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12")

    phone_page.wait_for_url(f"{site_url}codes/cpt/22633/")
    assert phone_page.locator("h1").inner_text() == "Guides for CPT code 22633"
    choices = phone_page.locator("article li")
    assert [choices.nth(i).locator("a").inner_text() for i in range(choices.count())] == [
        "Joining bones in the lower back with screws and rods",  # primary
        "Adding the next level to a lower back fusion",
        "Fixing a spine fusion that did not heal",
    ]
    assert "did not heal" in choices.nth(2).inner_text().split(":", 1)[1]  # its line on when it fits
    choices.nth(2).locator("a").click()
    phone_page.wait_for_url(f"{site_url}procedures/failed-fusion-repair/")


def test_a_code_of_several_guides_gets_a_choice_in_spanish_too(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}connect/?system=cpt&code=22852&language=es")

    phone_page.wait_for_url(f"{site_url}es/codes/cpt/22852/")
    assert phone_page.locator("html").get_attribute("lang") == "es"
    assert phone_page.locator("h1").inner_text() == "Guías para el código CPT 22852"
    first = phone_page.locator("article li").first
    assert first.inner_text().endswith("La cirugía que describe este código.")


@pytest.mark.parametrize("language", ["es", "sp", "spa", "es-MX"])
def test_infobutton_page_sends_spanish_readers_to_the_spanish_page(
    phone_page: Page, site_url: str, language: str
) -> None:
    query = "mainSearchCriteria.v.c=22849&mainSearchCriteria.v.cs=2.16.840.1.113883.6.12"
    phone_page.goto(f"{site_url}connect/?{query}&informationRecipient.languageCode.c={language}")

    phone_page.wait_for_url(f"{site_url}es/{REINSERTION}")
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
    ("query", "shown"),
    [
        ("system=cpt&code=99999", "99999"),
        ("mainSearchCriteria.v.c=22852&mainSearchCriteria.v.cs=1.2.3", "22852"),  # a code system we do not know
        ("code=<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("system=cpt", None),
    ],
    ids=["unknown-code", "unknown-system", "nonsense", "no-code"],
)
def test_infobutton_page_says_kindly_when_it_finds_nothing_and_offers_search(
    phone_page: Page, site_url: str, query: str, shown: str | None
) -> None:
    dialogs: list[str] = []
    phone_page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    phone_page.goto(f"{site_url}connect/?{query}")

    message = phone_page.locator("#connect-not-found")
    message.wait_for(state="visible")
    if shown:
        assert f"We could not find a guide for the procedure code {shown}." in message.inner_text()
    else:
        assert "We could not find a guide for that procedure code." in message.inner_text()
    assert dialogs == [] and phone_page.locator("article script").count() == 0  # the request is only ever text
    assert message.get_by_label("Procedure name or code").input_value() == (shown or "")
    message.get_by_role("link", name="See every procedure code we cover").click()
    assert phone_page.url == f"{site_url}codes/"


def test_infobutton_search_box_searches_the_guides(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}connect/?system=cpt&code=22999")
    box = phone_page.get_by_label("Procedure name or code")
    box.fill("hardware removal")

    phone_page.get_by_role("button", name="Search").click()

    phone_page.wait_for_url(f"{site_url}find/?q=hardware+removal")
    phone_page.locator("#pg-find-results > li a").first.wait_for()


def test_infobutton_says_what_it_is_when_asked_nothing(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}connect/")

    about = phone_page.locator("#connect-about")
    about.wait_for(state="visible")
    assert "for patient portals and clinic systems" in about.inner_text()
    assert "could not find" not in about.inner_text()
    about.get_by_role("link", name="How clinics link to this page").click()
    phone_page.wait_for_url(f"{site_url}clinics/")


def test_infobutton_speaks_the_language_it_was_asked_in(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}connect/?system=cpt&code=99999&informationRecipient.languageCode.c=es")

    message = phone_page.locator("#connect-not-found")
    message.wait_for(state="visible")
    assert message.get_attribute("lang") == "es"
    assert "No encontramos una guía para el código de procedimiento 99999." in message.inner_text()
    assert phone_page.locator("h1").inner_text() == "Buscamos su guía"
    assert message.get_by_role("button", name="Buscar").is_visible()


@pytest.mark.parametrize(
    ("path", "expected"), [("codes/cpt/22849/", REINSERTION), ("codes/cpt/20680/", "procedures/deep-implant-removal/")]
)
def test_code_address_works_without_javascript(browser: Browser, site_url: str, path: str, expected: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()

    page.goto(site_url + path)
    page.wait_for_url(site_url + expected)

    assert page.locator("h1").count() == 1
    context.close()


def test_code_address_keeps_the_section_a_clinic_linked_to(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}codes/cpt/22849/#recovery")

    phone_page.wait_for_url(f"{site_url}{REINSERTION}#recovery")
