"""A site built from records written to attack it: every page opened, every link clicked, in Chromium.

The records hold text that `check` lets through but that looks like code, Markdown
blocks, templates and addresses. No dialog may open and nothing may be requested
from another host; the only way off 127.0.0.1 is a patient clicking a source's link,
which is a page of its own, never something the page fetches.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, Request, Route

from procedure_guides.model.safety import load_safety_library
from tests.browser.conftest import TIMEOUT_MS, new_context, served, site_pages
from tests.browser.walk import redirect_targets
from tests.conftest import ROOT, built_once, copy_project

HOSTILE_RECORD = """\
title: "Hostile {{ 7*7 }} {% raw %} *star* _under_ a < b > c \\\\ \\" ' ` & ; x/"
codes:
  - {system: CPT, code: "0999T"}
also_known_as: ["{: onclick=\\"alert(1)\\" }", "<https://evil.example/also>"]
summary: >-
  A summary with {{ 7*7 }}, {: onclick="alert(2)" }, <https://evil.example/auto>,
  [a link](https://evil.example/page "title\\" onmouseover=\\"alert(3)"), `code`, **bold**,
  ü ñ 漢字 עברית 🙂 and a citation [1].
indications:
  - "# not a heading [1]"
  - "> not a quote"
  - "1. not a list"
  - "<3 and a => b and 2 < 3"
  - "[a](https://evil.example/x_(y)_z) and [b](http://127.0.0.1.evil.example/)"
preparation:
  - "{%- raw -%} {{ config }} {{ ''.__class__ }}"
benefits: [You can walk., You feel good., You can sleep., You can work., You can play., You can rest., You eat well.]
risks:
  - "onerror=alert(4) onload=alert(5) style=background:url(https://evil.example/bg.png)"
recovery:
  - "data:text/html,hello and vbscript are words here"
families: [wound]
get_help:
  urgent:
    - red_flag: wound-infection
    - text: "{: onclick=\\"alert(6)\\" } {{ 7*7 }} and [help](https://evil.example/help) [1]"
alternatives:
  - name: "A name with *[abbr] inside"
    description: "Text with [1] and [link](https://evil.example/alt)."
questions:
  - question: "details> or not?"
    answer: "An answer with {: #summary } and {#x} and \\\\{escaped\\\\}."
references:
  - title: "A source *title* with [brackets] and (parentheses)"
    url: "https://evil.example/source_(1)*x*?a=1&b=2#frag"
    kind: journal_article
review:
  status: under_review
  last_reviewed: 2026-01-15
  source_check: {by: Test role, date: 2026-01-15}
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of two records written to attack it, and nothing else, built once per session."""
    folder = tmp_path_factory.mktemp("hostile")
    project = copy_project(folder / "project", guides=())
    (project.procedures / "hostile-procedure.yaml").write_text(HOSTILE_RECORD, encoding="utf-8")
    (project.procedures / "second-hostile.yaml").write_text(
        HOSTILE_RECORD.replace('"0999T"', '"0998T"').replace("Hostile", "Second"), encoding="utf-8"
    )
    return built_once(project).site


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with served(hostile_site) as address:
        yield address


def test_every_page_and_every_link_of_a_hostile_site_is_harmless(
    browser: Browser, hostile_site: Path, hostile_url: str
) -> None:
    context = new_context(browser)
    dialogs: list[str] = []
    off_site: list[tuple[str, str]] = []  # (what kind of request, address)

    def seen(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    context.on("dialog", seen)

    def stay_home(route: Route, request: Request) -> None:
        if urllib.parse.urlsplit(request.url).hostname != "127.0.0.1":
            off_site.append(("navigation" if request.is_navigation_request() else request.resource_type, request.url))
            route.abort()
        else:
            route.continue_()

    context.route("**/*", stay_home)
    pages = site_pages(hostile_site)
    assert "procedures/hostile-procedure/" in pages
    moves_on = redirect_targets(hostile_site)
    clicked: set[str] = set()
    page = context.new_page()
    for path in pages:
        opened = hostile_url + path
        if path in moves_on:  # a code address: it must land on the site, whose pages are walked too
            open_page(page, opened, hostile_url + moves_on[path])
            continue
        open_page(page, opened)
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == [], path
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for index, href in enumerate(hrefs):
            if href in clicked:
                continue
            clicked.add(href)
            if href.startswith(opened + "#"):
                click(page, index)  # a link within the page stays on it
                continue
            # A link away is clicked in a tab of its own, closed after: whatever it started ends there.
            tab = context.new_page()
            open_page(tab, opened)
            click(tab, index)
            tab.close()
    context.close()

    assert dialogs == []
    assert len(clicked) > 40
    assert all(kind == "navigation" for kind, _ in off_site), off_site
    assert {address for _, address in off_site} <= {
        "https://evil.example/page",
        "https://evil.example/x_(y)_z",
        "http://127.0.0.1.evil.example/",
        "https://evil.example/alt",
        "https://evil.example/source_(1)*x*?a=1&b=2",  # a fragment is never sent
        "https://evil.example/auto",
        "https://evil.example/also",
        "https://evil.example/help",
        # the sources of the wound red flag from safety/red-flags.yaml, listed on the page
        *(source.url for source in load_safety_library(ROOT)[0].red_flags["wound-infection"].sources),
    }


def open_page(page: Page, address: str, lands_on: str | None = None) -> None:
    """Go to `address` and wait until it has loaded (at `lands_on`, for a page that moves on by itself)."""
    if lands_on:
        page.goto(address, wait_until="commit")
        page.wait_for_url(lands_on, wait_until="load")
    else:
        page.goto(address)


# Whether a click at the link's middle reaches it (it is shown, and nothing covers it).
REACHABLE = """a => {
  a.scrollIntoView({block: "center"});
  const box = a.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return box.width > 0 && hit !== null && (hit === a || a.contains(hit));
}"""


def click(page: Page, index: int) -> None:
    """Click the page's `index`-th link as a patient would; a link in a closed menu, a folded block
    or under another part of the page is still a link on the page, and is clicked by script."""
    link = page.locator("a[href]").nth(index)
    if link.evaluate(REACHABLE):
        link.click(timeout=TIMEOUT_MS, no_wait_after=True)
    else:
        link.evaluate("a => a.click()")
