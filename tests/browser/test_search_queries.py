"""Search as patients use it, in Chromium: queries typed the way patients type them (misspelt, in
everyday words, in Spanish with and without accents, codes with and without "CPT"), the search
box on the home pages, the Spanish search page, "Did you mean" and the help when nothing matches."""

from __future__ import annotations

from urllib.parse import quote_plus

from playwright.sync_api import Page

REMOVAL = "procedures/spinal-hardware-removal/"
REINSERTION = "procedures/spinal-hardware-reinsertion/"
HOOKS = "procedures/spinal-rod-removal-hooks/"
FAILED_FUSION = "procedures/failed-fusion-repair/"
EXPLORATION = "procedures/spinal-fusion-exploration/"
STIMULATOR = "procedures/spinal-cord-stimulator-trial/"
FRONT_PLATE = "procedures/front-spinal-plate-removal/"
NECK_FUSION = "procedures/neck-fusion-with-plate/"
LOWER_BACK_FUSION = "procedures/lower-back-fusion-with-screws-and-rods/"
EXTENSION = "procedures/fusion-extension-to-next-level/"
DEEP_IMPLANT = "procedures/deep-implant-removal/"
SUPERFICIAL_IMPLANT = "procedures/superficial-implant-removal/"

# (search page, query as a patient types it, the guide it must find first)
QUERIES = [
    # Misspelt
    ("find/", "hardwear removal", REMOVAL),
    ("find/", "spinal cord stimulater", STIMULATOR),
    ("find/", "pseudoarthrosis repair", FAILED_FUSION),
    ("find/", "harington rod removal", HOOKS),
    ("find/", "scoliosis rod remval", HOOKS),
    ("find/", "replacment of spinal screws", REINSERTION),
    ("find/", "anterior cervical discetomy", NECK_FUSION),
    ("find/", "lumbar fushion", LOWER_BACK_FUSION),
    # Everyday words
    ("find/", "metal in my back", REMOVAL),
    ("find/", "take out screws and rods from my back", REMOVAL),
    ("find/", "remove plate from neck", FRONT_PLATE),
    ("find/", "take out pins", SUPERFICIAL_IMPLANT),
    ("find/", "plate removal after broken ankle", DEEP_IMPLANT),
    ("find/", "fusion didn't heal", FAILED_FUSION),
    ("find/", "check if my fusion healed", EXPLORATION),
    ("find/", "pain implant trial", STIMULATOR),
    ("find/", "put back screws", REINSERTION),
    ("find/", "slipped disc neck surgery", NECK_FUSION),
    ("find/", "adjacent level fusion", EXTENSION),
    ("find/", "metal rubbing under skin", SUPERFICIAL_IMPLANT),
    # Codes, with and without the code system
    ("find/", "CPT 22852", REMOVAL),
    ("find/", "cpt22849", REINSERTION),
    ("find/", "22855", FRONT_PLATE),
    ("find/", "cpt 22633", LOWER_BACK_FUSION),
    # Spanish, with and without accents
    ("es/find/", "quitar tornillos de la espalda", f"es/{REMOVAL}"),
    ("es/find/", "extraccion de clavos", f"es/{SUPERFICIAL_IMPLANT}"),
    ("es/find/", "volver a poner barras", f"es/{REINSERTION}"),
    ("es/find/", "código 22852", f"es/{REMOVAL}"),
    ("es/find/", "quitar placa después de fractura", f"es/{DEEP_IMPLANT}"),
    # Spanish words on the English search page: the right guide, listed in the page's language.
    ("find/", "reinsercion de tornillos", REINSERTION),
]


def search(page: Page, site_url: str, where: str, query: str) -> list[str]:
    """Type the query into the search box of the search page at `where`; the results' addresses."""
    page.goto(site_url + where)
    page.get_by_role("searchbox").fill(query)
    page.locator("#pg-find-status").filter(has_text=f"“{query}”").wait_for()
    links = page.locator("#pg-find-results > li > a")
    return [str(links.nth(i).get_attribute("href")).removeprefix(site_url) for i in range(links.count())]


def test_patients_queries_find_the_guide_they_mean_first(phone_page: Page, site_url: str) -> None:
    assert len(QUERIES) == 30
    misses = []
    for where, query, expected in QUERIES:
        found = search(phone_page, site_url, where, query)
        if found[:1] != [expected]:
            misses.append(f"{where} {query!r}: expected {expected} first, found {found[:3]}")

    assert misses == []


def test_the_home_page_has_a_labelled_search_box_that_a_keyboard_can_use(phone_page: Page, site_url: str) -> None:
    phone_page.goto(site_url)
    box = phone_page.get_by_role("searchbox", name="Procedure name, other name or code")

    box.focus()
    phone_page.keyboard.type("metal in my back")
    phone_page.keyboard.press("Tab")
    assert phone_page.evaluate("document.activeElement.textContent") == "Search"
    phone_page.keyboard.press("Enter")

    phone_page.wait_for_url(f"{site_url}find/?q=metal+in+my+back")
    phone_page.locator("#pg-find-results > li > a").first.wait_for()  # the box is filled once the index is in
    assert phone_page.get_by_role("searchbox").input_value() == "metal in my back"
    assert phone_page.locator("#pg-find-results > li > a").first.get_attribute("href") == site_url + REMOVAL


def test_the_spanish_home_page_searches_in_spanish(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}es/")
    box = phone_page.get_by_role("searchbox", name="Nombre del procedimiento, otro nombre o código")

    box.fill("tornillos y barras")
    box.press("Enter")

    phone_page.wait_for_url(f"{site_url}es/find/?q=tornillos+y+barras")
    assert phone_page.locator("html").get_attribute("lang") == "es"
    assert phone_page.locator("h1").inner_text() == "Buscar en las guías"
    status = phone_page.locator("#pg-find-status")
    status.filter(has_text="para “tornillos y barras”").wait_for()
    first = phone_page.locator("#pg-find-results > li > a").first
    assert first.get_attribute("href") == f"{site_url}es/{REMOVAL}"
    assert first.get_attribute("lang") == "es"


def test_each_search_page_shows_each_guide_once_in_its_own_language(phone_page: Page, site_url: str) -> None:
    # 22852 leads to two guides, both translated: each search page lists them in its own language.
    spanish = search(phone_page, site_url, "es/find/", "22852")
    assert spanish == [f"es/{REMOVAL}", "es/procedures/spinal-rod-removal-hooks/"]
    assert search(phone_page, site_url, "find/", "22852") == [REMOVAL, "procedures/spinal-rod-removal-hooks/"]


def test_spanish_pages_lead_to_the_spanish_search_page(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}es/{REMOVAL}")
    phone_page.get_by_role("link", name="Buscar en las guías").click()

    phone_page.wait_for_url(f"{site_url}es/find/")
    phone_page.goto(f"{site_url}{REMOVAL}")
    phone_page.get_by_role("link", name="Search the guides").click()
    phone_page.wait_for_url(f"{site_url}find/")


def test_a_misspelt_word_gets_a_did_you_mean_that_runs_the_search(phone_page: Page, site_url: str) -> None:
    assert search(phone_page, site_url, "find/", "fsuion") == []
    status = phone_page.locator("#pg-find-status")
    assert "No guide found for “fsuion”." in status.inner_text()

    status.get_by_role("link", name="fusion").click()

    status.filter(has_text="found for “fusion”").wait_for()
    assert phone_page.url == f"{site_url}find/?q=fusion"
    assert phone_page.get_by_role("searchbox").input_value() == "fusion"
    assert phone_page.locator("#pg-find-results > li").count() >= 5
    assert "Did you mean" not in status.inner_text()


def test_did_you_mean_shows_beside_results_found_despite_a_misspelling(phone_page: Page, site_url: str) -> None:
    assert search(phone_page, site_url, "find/", "hardwear removal")[0] == REMOVAL
    suggestion = phone_page.locator("#pg-find-status").get_by_role("link")

    assert suggestion.inner_text() == "hardware removal"
    assert suggestion.get_attribute("href") == f"{site_url}find/?q={quote_plus('hardware removal')}"


def test_nothing_found_links_to_the_code_list_and_words_to_know(phone_page: Page, site_url: str) -> None:
    assert search(phone_page, site_url, "find/", "kneecap") == []
    help_text = phone_page.locator("#pg-find-help")
    assert help_text.is_visible()
    assert help_text.get_by_role("link", name="Words to know").get_attribute("href") == "../glossary/"

    help_text.get_by_role("link", name="code list").click()

    phone_page.wait_for_url(f"{site_url}codes/")


def test_nothing_found_in_spanish_links_to_the_spanish_words_and_the_english_code_list(
    phone_page: Page, site_url: str
) -> None:
    assert search(phone_page, site_url, "es/find/", "rodilla") == []
    assert "No se encontró ninguna guía para “rodilla”." in phone_page.locator("#pg-find-status").inner_text()
    help_text = phone_page.locator("#pg-find-help")
    code_list = help_text.get_by_role("link", name="lista de códigos (en inglés)")
    assert code_list.get_attribute("href") == "../../codes/"
    assert code_list.get_attribute("hreflang") == "en"

    help_text.get_by_role("link", name="Palabras que debe conocer").click()

    phone_page.wait_for_url(f"{site_url}es/glossary/")


def test_help_stays_hidden_when_every_word_matches(phone_page: Page, site_url: str) -> None:
    assert search(phone_page, site_url, "find/", "hardware removal")[0] == REMOVAL

    assert phone_page.locator("#pg-find-help").is_hidden()


def test_only_the_search_pages_load_the_search_library(phone_page: Page, site_url: str) -> None:
    fetched: list[str] = []
    phone_page.on("request", lambda request: fetched.append(request.url.removeprefix(site_url)))
    library = "javascripts/vendor/minisearch/index.js"

    for path in ["", "es/", REMOVAL, "glossary/"]:
        phone_page.goto(site_url + path, wait_until="networkidle")
    assert library not in fetched
    for path in ["find/?q=22852", "es/find/?q=22852"]:
        phone_page.goto(site_url + path, wait_until="networkidle")
    assert fetched.count(library) == 2
    assert fetched.count("api/search.json") == 2
