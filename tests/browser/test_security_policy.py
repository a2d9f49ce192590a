"""The site's Content-Security-Policy, as a host that reads `_headers` serves it, in real Chromium:
every page works under it with no violation, and it really stops code the site did not ship."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.walk import WATCH_VIOLATIONS, Visit


@pytest.mark.parametrize("walked", ["phone_walk", "desktop_walk"])
def test_every_page_works_under_the_policy_with_no_violation(walked: str, request: pytest.FixtureRequest) -> None:
    # Every page, then the pages whose scripts do most: search with a query, and the portals'
    # page finding a guide (it follows to the guide) or not finding one (tests/browser/walk.py).
    visits: dict[str, Visit] = request.getfixturevalue(walked)
    assert {"find/?q=screws", "es/find/?q=tornillos", "connect/?mainSearchCriteria.v.c=22849"} <= set(visits)
    assert {path: visit.violations for path, visit in visits.items() if visit.violations} == {}
    # What the browser reports in the console too, for pages that moved on before they could be read.
    reported = {path: [e for e in visit.errors if "Content Security Policy" in e] for path, visit in visits.items()}
    assert {path: errors for path, errors in reported.items() if errors} == {}


def test_the_policy_stops_a_script_the_site_did_not_ship(desktop_page: Page, site_url: str) -> None:
    desktop_page.add_init_script(WATCH_VIOLATIONS)
    desktop_page.goto(site_url + "procedures/spinal-hardware-removal/")

    ran = desktop_page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.head.append(script);
          return window.__injected === true;
        }"""
    )

    assert ran is False
    assert any(v.startswith("script-src") for v in desktop_page.evaluate("window.__violations"))


def test_the_host_sends_the_policy_and_the_security_and_caching_headers(site_url: str, built_site: Path) -> None:
    page = urllib.request.urlopen(site_url + "procedures/spinal-hardware-removal/")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert page.headers["Cache-Control"] == "public, max-age=0, must-revalidate"  # a changed guide shows at once
    # The page carries the same policy for hosts that cannot set headers (frame-ancestors works only as a header).
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page.read().decode())
    assert meta and meta.group(1) + "; frame-ancestors 'none'" == policy

    bundle = next((built_site / "assets/javascripts").glob("bundle.*.min.js")).name
    asset = urllib.request.urlopen(f"{site_url}assets/javascripts/{bundle}")
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers["Content-Security-Policy"] == policy
