"""Real headless Chromium (Debian's package) against the built site served on 127.0.0.1.

One browser for the whole run. Chromium starts with the flags this machine needs:
no sandbox as root, and no background networking to hosts it cannot reach.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from procedure_guides.output.security import HEADERS_FILE
from tests.conftest import BuiltSite

if TYPE_CHECKING:
    from tests.browser.walk import Visit

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How long any wait in a browser test may take: generous, so a machine five times slower than a
# developer's still passes; a wait ends as soon as its condition holds.
TIMEOUT_MS = 60_000
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def read_headers_file(folder: Path) -> list[tuple[re.Pattern[str], str, str]]:
    """The `_headers` rules as Cloudflare Pages and Netlify read them: (address pattern, name, value)."""
    rules: list[tuple[re.Pattern[str], str, str]] = []
    pattern = None
    for line in (folder / HEADERS_FILE).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            pattern = re.compile("".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", line)))
            continue
        assert pattern, "a header line comes after its address pattern"
        name, _, value = line.strip().partition(": ")
        rules.append((pattern, name, value))
    return rules


# What hosts compress.
TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that, like Cloudflare Pages and Netlify, sends the site's `_headers` rules
    and, like every such host, compresses text for browsers that accept it."""

    rules: ClassVar[list[tuple[re.Pattern[str], str, str]]] = []

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.address))
        if path.is_dir() and self.address.endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or not kind.startswith(TEXT):
            super().do_GET()  # as it is: pictures, folders without their slash, what is not there
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on
            self.wfile.write(body)

    @property
    def address(self) -> str:
        """The requested path, without its query or fragment."""
        return self.path.split("?")[0].split("#")[0]

    def end_headers(self) -> None:
        for pattern, name, value in self.rules:
            if pattern.fullmatch(self.address):
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(library_site: BuiltSite) -> Path:
    """The whole library's published site, Spanish pages included."""
    return library_site.site


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A static web server for `folder` on 127.0.0.1, as a host would serve the site, with the
    headers of its `_headers` file; yields its address."""
    rules = read_headers_file(folder) if (folder / HEADERS_FILE).is_file() else []
    handler = functools.partial(type("SiteHost", (HostHandler,), {"rules": rules}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with served(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it")
    with sync_playwright() as playwright:
        # Playwright starts Chromium with a new, empty profile folder of its own.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A browser context whose every wait may last TIMEOUT_MS."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def wait_until(page: Page, expression: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until a JavaScript expression is true on the page.

    Not Playwright's wait_for_function: when its first try is false it polls by compiling
    the expression inside the page, which the site's Content-Security-Policy (no eval)
    rightly refuses. page.evaluate comes from the browser's DevTools side, which the
    page's policy does not govern.
    """
    waited = 0
    while not page.evaluate(expression):
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(50)
        waited += 50


def site_pages(built_site: Path) -> list[str]:
    """Every HTML page of the built site, as a path to request."""
    pages = []
    for path in sorted(built_site.rglob("*.html")):
        relative = path.relative_to(built_site).as_posix()
        pages.append(relative.removesuffix("index.html"))
    return pages


@pytest.fixture(scope="session")
def phone_walk(browser: Browser, site_url: str, built_site: Path) -> dict[str, Visit]:
    """Every page opened once on a phone (360 px, touch), and what it did and showed."""
    from tests.browser.walk import walk  # walk.py uses this module's helpers

    return walk(browser, site_url, built_site, PHONE, phone=True)


@pytest.fixture(scope="session")
def desktop_walk(browser: Browser, site_url: str, built_site: Path) -> dict[str, Visit]:
    """Every page opened once on a desktop (1280 px), and what it did and showed."""
    from tests.browser.walk import walk

    return walk(browser, site_url, built_site, DESKTOP, phone=False)
