"""Every built page, in real Chromium: accessible, private, valid, and usable on a phone."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.browser.conftest import PHONE, ROOT, site_pages

AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
SCREENSHOTS = ROOT / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Material puts autocomplete="off" on the checkboxes that open its drawer and
# search so that Firefox does not restore them open after a reload. The two
# inputs stand outside every block of Material's base.html, so an override
# cannot change them without copying the whole base template.
VNU_ALLOWED = ["Attribute “autocomplete” is only allowed when the input type is"]

OpenPage = Callable[[ViewportSize], Page]


@pytest.fixture(scope="module")
def every_page(built_site: Path) -> list[str]:
    pages = site_pages(built_site)
    assert len(pages) >= 6, pages
    return pages


@pytest.fixture
def page_at(browser: Browser) -> Iterator[OpenPage]:
    """Opens pages at a given viewport; every context is closed after the test."""
    contexts = []

    def open_at(viewport: ViewportSize) -> Page:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


def open_all_details(page: Page) -> None:
    page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_violations_on_any_page(
    page_at: OpenPage, site_url: str, every_page: list[str], viewport: ViewportSize
) -> None:
    page: Page = page_at(viewport)
    found = {}
    for path in every_page:
        page.goto(site_url + path)
        open_all_details(page)
        page.evaluate(AXE.read_text())  # from outside the page: its security policy allows no new script
        result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES)
        violations = [f"{v['id']}: {v['nodes'][0]['html'][:120]}" for v in result["violations"]]
        if violations:
            found[path] = violations
    assert found == {}


def test_no_page_calls_another_host_or_logs_an_error(page_at: OpenPage, site_url: str, every_page: list[str]) -> None:
    page: Page = page_at(PHONE)
    local = urlsplit(site_url).netloc
    elsewhere: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url) if urlsplit(request.url).netloc != local else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in [*every_page, "find/?q=spine", "connect/?system=cpt&code=99999"]:
        page.goto(site_url + path, wait_until="networkidle")
    assert [url for url in elsewhere if not url.startswith("data:")] == []
    assert errors == []


def test_every_page_is_valid_html(built_site: Path) -> None:
    java = shutil.which("java")
    assert java, "Java is missing: run `make test`, which installs it"
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr)["messages"]
    errors = [
        f"{m['url'].split(str(built_site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not any(m["message"].startswith(allowed) for allowed in VNU_ALLOWED)
    ]
    assert errors == []
    assert len({m["url"] for m in messages}) <= len(list(built_site.rglob("*.html")))


# Citations are the one exception to both sizes: small raised numbers in a sentence, so the
# text stays calm to read (their links keep a spoken name, "Source 2"); WCAG 2.2's target size
# rule excepts such inline targets too.
MOBILE_PROBLEMS = """() => {
  const problems = [];
  const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const targets = "a[href], button, input:not([type=hidden]), summary, label[for], select";
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (!visible(el) || box.width === 0 || el.closest("sup.citation")) continue;
    if (box.width < 24 || box.height < 24) {
      problems.push(`target ${Math.round(box.width)}x${Math.round(box.height)}: ${el.outerHTML.slice(0, 80)}`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || checked.has(el)) continue;
    checked.add(el);
    if (!visible(el) || el.closest(".visually-hidden, sup.citation")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) problems.push(`text ${size}px: ${el.outerHTML.slice(0, 80)}`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`scrolls sideways: ${document.documentElement.scrollWidth}px wide`);
  }
  return problems;
}"""


def test_every_page_works_on_a_phone(page_at: OpenPage, site_url: str, every_page: list[str]) -> None:
    page: Page = page_at(PHONE)
    found = {}
    for path in every_page:
        page.goto(site_url + path)
        open_all_details(page)
        problems = page.evaluate(MOBILE_PROBLEMS)
        if problems:
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_for_reviewers(page_at: OpenPage, site_url: str, viewport: ViewportSize) -> None:
    page: Page = page_at(viewport)
    SCREENSHOTS.mkdir(exist_ok=True)
    width = "phone" if viewport == PHONE else "desktop"
    for name, path in [("home", ""), ("procedure", "procedures/spinal-hardware-removal/"), ("glossary", "glossary/")]:
        page.goto(site_url + path)
        shot = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
