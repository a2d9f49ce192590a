#!/usr/bin/env python3
"""Lighthouse scores (phone preset) for the home page and a procedure page. A report, not a test.

Usage: make lighthouse   (builds the site first). Lighthouse is installed from the
npm registry into .cache/lighthouse on first use and runs Debian's Chromium
offline against the site served on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, served  # noqa: E402 - from this checkout

# The newest release that supports the Node.js 20 on these machines.
LIGHTHOUSE_VERSION = "12.8.2"
CACHE = ROOT / ".cache/lighthouse"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])
PAGES = {"home": "", "procedure": "procedures/spinal-hardware-removal/", "search": "find/?q=screws"}
# What the phone preset measures, in milliseconds (layout shift has no unit).
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS"}  # fmt: skip
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def lighthouse() -> Path:
    binary = CACHE / "node_modules/.bin/lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return binary


def scores(binary: Path, url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [str(binary), url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}"],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        result = json.loads(report.read_text())
    found: dict[str, float] = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    for audit, short in METRICS.items():
        value = result["audits"][audit]["numericValue"]
        found[short] = round(value, 3) if short == "CLS" else round(value)
    return found


def main() -> int:
    site = ROOT / "site"
    if not (site / "index.html").exists():
        print("No site/ yet: run `make site` first.", file=sys.stderr)
        return 1
    binary = lighthouse()
    columns = [*CATEGORIES, *(f"{short} ms" if short != "CLS" else short for short in METRICS.values())]
    print("| page | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    with served(site) as base:  # with the site's own headers, as its host sends them
        for name, path in PAGES.items():
            result = scores(binary, base + path)
            print(f"| {name} | " + " | ".join(str(result[c]) for c in [*CATEGORIES, *METRICS.values()]) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
