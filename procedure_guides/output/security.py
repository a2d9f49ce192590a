"""What the browser is allowed to load: one Content-Security-Policy for the whole site, sent as a
header by hosts that read a `_headers` file (Cloudflare Pages, Netlify) and carried in each
page's `<meta>` for hosts that cannot set headers.

The policy allows the site itself and nothing else. The theme writes a few small inline
scripts and styles (its settings, the redirect pages' script); each is allowed by the hash of
its exact text, taken from the built pages, so a changed theme cannot slip an unlisted one in.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# Inline code the browser runs or applies. Scripts that only carry data (JSON, JSON-LD) are
# never run, so the policy need not list them.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?P<attributes>[^>]*)>(?P<text>.*?)</script>", re.S)
DATA_SCRIPT = re.compile(r'\stype="application/(?:ld\+)?json"')
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<text>.*?)</style>", re.S)
CHARSET = '<meta charset="utf-8">'
HEADERS_FILE = "_headers"
# A file whose name carries its content's fingerprint (the theme's bundles) never changes.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")
ONE_YEAR = 31_536_000
# Cloudflare Pages reads at most 100 rules and 2,000 characters a line.
MOST_RULES = 100
LONGEST_LINE = 2000

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": f"max-age={ONE_YEAR}; includeSubDomains",
    "X-Frame-Options": "DENY",  # for browsers older than frame-ancestors
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(pages: Iterable[str]) -> tuple[list[str], list[str]]:
    """The hashes of every inline script and style in the pages, each once, in a stable order."""
    scripts: set[str] = set()
    styles: set[str] = set()
    for html in pages:
        scripts.update(
            csp_hash(match["text"])
            for match in INLINE_SCRIPT.finditer(html)
            if not DATA_SCRIPT.search(match["attributes"])
        )
        styles.update(csp_hash(match["text"]) for match in INLINE_STYLE.finditer(html))
    return sorted(scripts), sorted(styles)


def content_security_policy(scripts: list[str], styles: list[str], *, in_meta: bool = False) -> str:
    """The site's policy. A `<meta>` cannot carry frame-ancestors (browsers ignore it there), so
    that one directive is left to the header and X-Frame-Options."""
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self'", *scripts]),
        " ".join(["style-src 'self'", *styles]),
        "img-src 'self' data:",  # the printed QR code is an inline image
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not in_meta:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def with_policy_meta(html: str, policy: str) -> str:
    """The page with the policy as its first rule, right after the character set."""
    if CHARSET not in html:
        raise ValueError(f"a page without {CHARSET} cannot carry the policy before its scripts")
    return html.replace(CHARSET, f'{CHARSET}\n<meta http-equiv="Content-Security-Policy" content="{policy}">', 1)


def caching_rules(files: list[str]) -> list[tuple[str, str]]:
    """(address pattern, Cache-Control) covering every file of the site with no two rules on one
    file (hosts join the values of a header that several rules set). A folder holding only
    fingerprinted files is cached for a year; a folder holding none is revalidated on every
    visit; a mixed folder is split further, down to its own files."""
    rules: list[tuple[str, str]] = []

    def cover(folder: str, inside: list[str]) -> None:
        kinds = {bool(FINGERPRINTED.search(path)) for path in inside}
        if folder and kinds == {True}:
            rules.append((f"/{folder}/*", IMMUTABLE))
            return
        if folder and kinds == {False}:
            rules.append((f"/{folder}/*", REVALIDATE))
            return
        prefix = f"{folder}/" if folder else ""
        subfolders: dict[str, list[str]] = {}
        for path in inside:
            rest = path[len(prefix) :]
            if "/" in rest:
                subfolders.setdefault(prefix + rest.split("/")[0], []).append(path)
            else:
                address = "/" + prefix + ("" if rest == "index.html" else rest)
                rules.append((address, IMMUTABLE if FINGERPRINTED.search(rest) else REVALIDATE))
        for subfolder, its_files in sorted(subfolders.items()):
            cover(subfolder, its_files)

    cover("", sorted(files))
    return rules


def headers_file(policy: str, files: list[str]) -> str:
    """`_headers`: the security headers on every address, then one caching rule per address pattern."""
    lines = [
        "# Written by build.py from the built site; do not edit. Read by Cloudflare Pages and Netlify.",
        "/*",
        f"  Content-Security-Policy: {policy}",
        *(f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()),
    ]
    rules = caching_rules(files)
    for pattern, cache in rules:
        lines += [pattern, f"  Cache-Control: {cache}"]
    if len(rules) + 1 > MOST_RULES or max(map(len, lines)) > LONGEST_LINE:
        raise ValueError(f"_headers would have {len(rules) + 1} rules or a line too long for Cloudflare Pages")
    return "\n".join(lines) + "\n"
