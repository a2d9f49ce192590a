"""One walk over every page of a built site at one viewport, gathering what each browser check needs.

Each page is opened once. While it loads, the walk records every request, console error, script
error and Content-Security-Policy violation; once it has settled, it reads the page's headings,
landmarks and width, opens every folded block, measures what a phone user would struggle with
and runs axe-core. The checks in test_site_quality.py and test_security_policy.py then assert on
these facts, so a failure still names the page and the rule.

No fixed waits: a page has settled when the browser fired `load`, the page's own work is done
(the search answer is shown, the Infobutton page has answered or moved on) and the main thread
has gone idle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize

from tests.browser.conftest import ROOT, new_context, site_pages, wait_until

AXE = ROOT / "node_modules/axe-core/axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Collects every violation the browser reports, from before the page's first script runs.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) =>
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
"""

# Pages whose scripts do most, beside every built page: search with a query, and the portals'
# page finding nothing (finding a guide, it moves on to it: see LANDS_ON).
EXTRA_PAGES = [
    "find/?q=spine",
    "find/?q=screws",
    "es/find/?q=tornillos",
    "connect/?system=cpt&code=99999",
    "connect/?code=99999&language=es",
    "connect/?mainSearchCriteria.v.c=22849",
]
# Where a page that moves on by itself must land (besides the built redirect pages).
LANDS_ON = {"connect/?mainSearchCriteria.v.c=22849": "procedures/spinal-hardware-reinsertion/"}
# What a page's own script has finished when it shows this.
READY_WHEN = {
    "find/": "document.querySelector('#pg-find-status')?.textContent.includes('“')",
    "connect/": "!!document.querySelector('#connect-not-found:not([hidden]), #connect-about:not([hidden])')",
}
IDLE = "() => new Promise(done => requestIdleCallback(() => done(true), {timeout: 5000}))"

PAGE_SHAPE = """() => ({
  headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => +h.tagName[1]),
  landmarks: Object.fromEntries(["header", "nav", "main", "footer"].map(
    name => [name, document.querySelectorAll(name).length])),
  overflow: document.documentElement.scrollWidth - window.innerWidth,
})"""

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

AXE_VIOLATIONS = """rules => axe.run(document, {runOnly: {type: "tag", values: rules}, resultTypes: ["violations"]})
  .then(result => result.violations.map(v => `${v.id}: ${v.nodes[0].html.slice(0, 120)}`))"""


@dataclass
class Visit:
    """What one page did and showed at one viewport."""

    path: str
    landed: str = ""  # the address the browser ended on, relative to the site
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught script errors
    violations: list[str] = field(default_factory=list)  # Content-Security-Policy, as the page saw them
    headings: list[int] = field(default_factory=list)
    landmarks: dict[str, int] = field(default_factory=dict)
    overflow: int = 0  # how far the page scrolls sideways as it opens, in CSS pixels
    phone_problems: list[str] = field(default_factory=list)  # with every folded block open
    axe: list[str] = field(default_factory=list)  # with every folded block open

    @property
    def moved_on(self) -> bool:
        return self.landed != self.path


def redirect_targets(site: Path) -> dict[str, str]:
    """The built pages that send the browser on at once (code addresses, renamed guides): page: target."""
    targets = {}
    for path in sorted(site.rglob("*.html")):
        found = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', path.read_text(encoding="utf-8"))
        if found:
            page = path.relative_to(site).as_posix().removesuffix("index.html")
            targets[page] = urljoin("/" + page, found.group(1)).lstrip("/")
    return targets


def walk(browser: Browser, site_url: str, site: Path, viewport: ViewportSize, phone: bool) -> dict[str, Visit]:
    """Open every page of `site`, served at `site_url`, once at `viewport` (as a phone, with touch,
    when `phone`), then the EXTRA_PAGES; what each did and showed."""
    moves_on = {**redirect_targets(site), **LANDS_ON}
    context = new_context(browser, viewport=viewport, is_mobile=phone, has_touch=phone)
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    visit = Visit("")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visit.errors.append(message.text)

    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", console)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    visits = {}
    axe = AXE.read_text(encoding="utf-8")
    for path in [*site_pages(site), *EXTRA_PAGES]:
        visit = Visit(path)
        visits[path] = visit
        ready = None
        if path in moves_on:
            # The page moves on by itself: wait for where it lands rather than race its navigation.
            page.goto(site_url + path, wait_until="commit")
            page.wait_for_url(site_url + moves_on[path], wait_until="load")
        else:
            response = page.goto(site_url + path)
            assert response and response.ok, path
            address, _, query = path.partition("?")
            ready = READY_WHEN.get(address.removeprefix("es/")) if query else None
        settle(page, ready)
        visit.landed = page.url.removeprefix(site_url)
        visit.violations = list(page.evaluate("window.__violations"))
        if visit.moved_on:
            continue  # what it lands on is walked as a page of its own
        shape = page.evaluate(PAGE_SHAPE)
        visit.headings, visit.landmarks, visit.overflow = shape["headings"], shape["landmarks"], shape["overflow"]
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        if phone:
            visit.phone_problems = list(page.evaluate(MOBILE_PROBLEMS))
        page.evaluate(axe)  # from outside the page: its security policy allows no new script
        visit.axe = list(page.evaluate(AXE_VIOLATIONS, AXE_RULES))
    context.close()
    return visits


def settle(page: Page, ready: str | None) -> None:
    """Wait until the page has loaded and done what it starts on its own (`ready` is true), then
    until the browser is idle."""
    page.wait_for_load_state("load")
    if ready:
        wait_until(page, ready)
    page.evaluate(IDLE)
