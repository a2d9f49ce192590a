"""Addresses clinics may have saved, and the promise that they keep working.

`published-addresses.txt` lists every address the site has published: pages,
code addresses, JSON answers and the fixed section anchors of each guide. A
build whose site would no longer answer one of them fails; a successful build
of the published site adds its new addresses, so the list only grows.

The list and the site change together: the new list is written in full beside
the old one before the new site goes live, and renamed over it just after. A
build stopped at any point (a crash, a full disk) leaves a whole list that names
no address the live site lacks.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from procedure_guides.model.problems import BuildFailed, UsageError

ADDRESS_FILE = "published-addresses.txt"
HEADER = (
    "# Every address the site has published. Each must keep working: a build that would\n"
    "# break one fails. The build adds new addresses; never remove a line.\n"
)
# The anchors promised to clinics for deep links (see docs/clinics.md).
SECTION_ANCHORS = ("summary", "purpose", "indications", "preparation", "procedure", "risks", "benefits",
                   "recovery", "when-to-call", "alternatives", "experience", "questions", "references")  # fmt: skip
# One address per line: a path from the site's root, perhaps with a section anchor.
ADDRESS_LINE = re.compile(r"/[A-Za-z0-9._~/%-]*(?:#[A-Za-z0-9_-]+)?")
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
    """The addresses promised so far; BuildFailed if the list is missing or holds a line that is not one."""
    path = root / ADDRESS_FILE
    if not path.is_file():
        raise BuildFailed(
            f"{ADDRESS_FILE} is missing: it lists every address the site has published, so none may break."
            f" Restore it from version control, or start a new list for a new site with --start-address-list."
        )
    addresses = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if not ADDRESS_LINE.fullmatch(line):
            raise BuildFailed(f"{ADDRESS_FILE}:{number}: {line!r} is not an address; each line is one, such as /x/")
        addresses.append(line)
    return addresses


def start_address_list(root: Path) -> None:
    """An empty list, for a new site; never replaces one."""
    path = root / ADDRESS_FILE
    if path.exists() or path.is_symlink():
        raise UsageError(f"{ADDRESS_FILE} already exists; --start-address-list only starts a new one")
    with path.open("x", encoding="utf-8") as new:
        new.write(HEADER)


def broken_addresses(known: list[str], site: Path) -> list[str]:
    return [address for address in known if not resolves(site, address)]


def next_address_list(root: Path, known: list[str], site: Path) -> Path | None:
    """The list with `site`'s new addresses added, written whole beside the list (and flushed to
    disk) for `promise_kept` to put in place; None if nothing is new."""
    path = root / f".{ADDRESS_FILE}.next"
    path.unlink(missing_ok=True)  # one an earlier build wrote and did not put in place
    new = site_addresses(site) - set(known)
    if not new:
        return None
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n".join(sorted([*known, *new])) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return path


def promise_kept(root: Path, next_list: Path | None) -> None:
    """Put the list written by `next_address_list` in place, in one rename."""
    if next_list is not None:
        next_list.replace(root / ADDRESS_FILE)
        folder = os.open(root, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
