"""With only a keyboard, on a phone and a desktop: every stop of the Tab key is on screen and
shows where it is, on every kind of page, and the menu opens, closes and gives focus back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, PHONE, new_context, wait_until

# One page of each kind, in English and in Spanish.
PAGE_KINDS = [
    "",
    "procedures/spinal-hardware-removal/",
    "codes/",
    "codes/cpt/22633/",
    "glossary/",
    "find/?q=screws",
    "connect/?code=99999",
    "clinics/",
    "editorial-policy/",
    "es/",
    "es/procedures/spinal-hardware-removal/",
    "es/glossary/",
]
MOST_STOPS = 400

# Where the focus is, and whether a sighted keyboard user can see it and see that it is there;
# `round` once the focus is back on the first stop. One call a stop.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  if (window.__firstStop === undefined) window.__firstStop = e;
  else if (window.__firstStop === e) return {round: true};
  const box = e.getBoundingClientRect();
  const style = getComputedStyle(e);
  return {
    name: `${e.tagName.toLowerCase()} "${(e.getAttribute("aria-label") || e.textContent).trim().slice(0, 40)}"`,
    on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth && e.checkVisibility({visibilityProperty: true}),
    indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
  };
}"""


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def keyboard_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport=request.param)
    yield context.new_page()
    context.close()


def tab_stops(page: Page) -> list[dict[str, object]]:
    """Every element the Tab key stops on, in order, once round the page."""
    stops: list[dict[str, object]] = []
    for _ in range(MOST_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS)
        if state is None:
            if stops:
                break  # past the last stop, into the browser's own controls
            continue
        if state.get("round"):
            break  # round the page and back to the first stop
        stops.append(state)
    return stops


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_tab_stop_is_on_screen_and_shows_its_focus(keyboard_page: Page, site_url: str, path: str) -> None:
    keyboard_page.goto(site_url + path)
    keyboard_page.wait_for_load_state("load")

    stops = tab_stops(keyboard_page)

    assert len(stops) >= 3, path
    assert [stop["name"] for stop in stops if not stop["on_screen"]] == [], "focus went where it cannot be seen"
    assert [stop["name"] for stop in stops if not stop["indicator"]] == [], "no visible focus indicator"


def test_the_menu_opens_and_closes_from_the_keyboard_on_a_phone(phone_page: Page, site_url: str) -> None:
    phone_page.goto(site_url + "procedures/spinal-hardware-removal/")
    button = phone_page.get_by_role("button", name="Menu")
    assert button.get_attribute("aria-expanded") == "false"
    for _ in range(5):  # the skip link, the logo, then the menu button
        phone_page.keyboard.press("Tab")
        if phone_page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu":
            break
    assert phone_page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"

    phone_page.keyboard.press("Enter")

    assert button.get_attribute("aria-expanded") == "true"
    wait_until(phone_page, "document.activeElement.closest('.md-sidebar--primary') !== null")
    # the focused link is on screen once the menu has slid in
    wait_until(
        phone_page,
        "document.activeElement.getBoundingClientRect().left >= 0 && document.activeElement.checkVisibility()",
    )

    phone_page.keyboard.press("Escape")

    assert button.get_attribute("aria-expanded") == "false"
    assert phone_page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"
