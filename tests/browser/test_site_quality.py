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

from tests.browser.conftest import DESKTOP, PHONE, ROOT, new_context, site_pages
from tests.browser.walk import Visit

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
SCREENSHOTS = ROOT / "screenshots"

# Material puts autocomplete="off" on the checkboxes that open its drawer and
# search so that Firefox does not restore them open after a reload. The two
# inputs stand outside every block of Material's base.html, so an override
# cannot change them without copying the whole base template.
VNU_ALLOWED = ["Attribute “autocomplete” is only allowed when the input type is"]

OpenPage = Callable[[ViewportSize], Page]


@pytest.fixture
def page_at(browser: Browser) -> Iterator[OpenPage]:
    """Opens pages at a given viewport; every context is closed after the test."""
    contexts = []

    def open_at(viewport: ViewportSize) -> Page:
        context = new_context(browser, viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


@pytest.fixture(params=["phone", "desktop"])
def every_visit(request: pytest.FixtureRequest, built_site: Path) -> dict[str, Visit]:
    """Every page as the walk at one viewport found it (tests/browser/walk.py)."""
    visits: dict[str, Visit] = request.getfixturevalue(f"{request.param}_walk")
    assert set(site_pages(built_site)) <= set(visits) and len(visits) >= 6
    return visits


def test_axe_finds_no_violations_on_any_page(every_visit: dict[str, Visit]) -> None:
    # Pages that send the browser straight on (code addresses) are never read; where they land is.
    assert {path: visit.axe for path, visit in every_visit.items() if visit.axe} == {}


def test_no_page_calls_another_host_or_logs_an_error(every_visit: dict[str, Visit], site_url: str) -> None:
    local = urlsplit(site_url).netloc
    elsewhere = {
        path: [url for url in visit.requests if urlsplit(url).netloc != local and not url.startswith("data:")]
        for path, visit in every_visit.items()
    }
    assert {path: urls for path, urls in elsewhere.items() if urls} == {}
    assert {path: visit.errors for path, visit in every_visit.items() if visit.errors} == {}


def test_every_page_is_valid_html(built_site: Path) -> None:
    java = shutil.which("java")
    assert java, "Java is missing: run `make test`, which installs it"
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr)["messages"]
    errors = [
        f"{m['url'].split(str(built_site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not any(m["message"].startswith(allowed) for allowed in VNU_ALLOWED)
    ]
    assert errors == []
    assert len({m["url"] for m in messages}) <= len(list(built_site.rglob("*.html")))


def test_every_page_works_on_a_phone(phone_walk: dict[str, Visit]) -> None:
    # Tap targets of at least 24 x 24 px, text of at least 16 px and no sideways scrolling,
    # with every folded block open (tests/browser/walk.py, MOBILE_PROBLEMS).
    found = {path: visit.phone_problems for path, visit in phone_walk.items() if visit.phone_problems}
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
