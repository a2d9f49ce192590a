"""Addresses clinics may have saved, and the promise that they keep working.

`published-addresses.txt` lists every address the site has published: pages,
code addresses, JSON answers and the fixed section anchors of each guide. A
build whose site would no longer answer one of them fails; a successful build
of the published site adds its new addresses, so the list only grows.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

ADDRESS_FILE = "published-addresses.txt"
HEADER = (
    "# Every address the site has published. Each must keep working: a build that would\n"
    "# break one fails. The build adds new addresses; never remove a line.\n"
)
# The anchors promised to clinics for deep links (see docs/clinics.md).
SECTION_ANCHORS = ("summary", "purpose", "indications", "preparation", "procedure", "risks", "benefits",
                   "recovery", "when-to-call", "alternatives", "experience", "questions", "references")  # fmt: skip
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
MOST_REDIRECTS = 3


def page_address(site: Path, html: Path) -> str:
    relative = html.relative_to(site).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)


def site_addresses(site: Path) -> set[str]:
    """Every address the built site answers that clinics may keep."""
    addresses = set()
    for html in site.rglob("*.html"):
        address = page_address(site, html)
        addresses.add(address)
        if address.startswith("/procedures/") and not REFRESH.search(html.read_text(encoding="utf-8")):
            ids = set(re.findall(r'\sid="([^"]+)"', html.read_text(encoding="utf-8")))
            addresses.update(f"{address}#{anchor}" for anchor in SECTION_ANCHORS if anchor in ids)
    addresses.update("/" + path.relative_to(site).as_posix() for path in (site / "api").rglob("*.json"))
    return addresses


def resolves(site: Path, address: str) -> bool:
    """Whether the built site still answers `address`, following its own redirects."""
    path, _, anchor = address.partition("#")
    for _ in range(MOST_REDIRECTS + 1):
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            return False
        if not anchor:
            return True
        text = file.read_text(encoding="utf-8")
        redirect = REFRESH.search(text)
        if not redirect:
            return f' id="{anchor}"' in text
        target = redirect.group(1)
        folder = path if path.endswith("/") else posixpath.dirname(path) + "/"
        path = posixpath.normpath(posixpath.join(folder, target)) + ("/" if target.endswith("/") else "")
    return False


def published_addresses(root: Path) -> list[str]:
    path = root / ADDRESS_FILE
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def broken_addresses(root: Path, site: Path) -> list[str]:
    return [address for address in published_addresses(root) if not resolves(site, address)]


def record_addresses(root: Path, site: Path) -> list[str]:
    """Add the site's new addresses to the list; returns those added."""
    known = published_addresses(root)
    new = sorted(site_addresses(site) - set(known))
    if new:
        (root / ADDRESS_FILE).write_text(HEADER + "\n".join(sorted([*known, *new])) + "\n", encoding="utf-8")
    return new
