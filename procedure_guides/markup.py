"""The rules for record text: what inline Markdown may hold, and where citations are."""

from __future__ import annotations

import re
import unicodedata

# `[1]` or `[1, 3]`, but not the text of a Markdown link `[1](...)`.
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\](?!\()")

# A tag, a comment or a processing instruction; `<https://...>` autolinks are Markdown.
RAW_HTML = re.compile(r"<(?!https?://[^>\s]+>)(?:[a-zA-Z/!?][^>]*>?)")

# The target of an inline Markdown link or image: `[text](target "title")`.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_LINK_SCHEMES = {"http", "https", "mailto", "tel"}

PLACEHOLDER = "TODO"


def citation_numbers(text: str) -> list[int]:
    """Every reference number cited in `text`, in order of appearance."""
    return [int(n) for match in CITATION.finditer(text) for n in match.group(1).split(",")]


def text_problems(text: str) -> list[str]:
    """Why `text` may not appear on a patient page, if it may not."""
    found = []
    html = RAW_HTML.search(text)
    if html:
        found.append(f"raw HTML is not allowed ({html.group(0)[:30]!r}); use plain words or Markdown")
    for target in LINK_TARGET.findall(text):
        scheme = SCHEME.match(target.strip())
        if scheme and scheme.group(1).lower() not in SAFE_LINK_SCHEMES:
            found.append(f"links may only use http, https, mailto or tel, not {scheme.group(1)}:")
    if "javascript:" in text.lower().replace(" ", "") and not any("javascript" in f for f in found):
        found.append("`javascript:` is not allowed in text")
    if PLACEHOLDER in text:
        found.append(f"still holds the placeholder {PLACEHOLDER}: write the real text")
    return found


# Characters that would start a block (heading, quote, list, table) at the start of
# a line, or braces that Markdown's attr_list would turn into HTML attributes.
_BLOCK_MARK = re.compile(r"^([#>]|[-+*](?=\s))")
_ORDERED_MARK = re.compile(r"^(\d+)([.)])(?=\s)")
_BRACES = re.compile(r"([{}])")


def inline_markdown(text: str) -> str:
    """Record text made safe to place anywhere in a Markdown page: one line, no blocks."""
    text = " ".join(text.split())
    text = _BRACES.sub(r"\\\1", text)
    text = _BLOCK_MARK.sub(r"\\\1", text)
    return _ORDERED_MARK.sub(r"\1\\\2", text)


def heading_from_key(key: str) -> str:
    """An editor's snake_case heading as shown: `in_hospital` -> `In hospital`."""
    return key.replace("_", " ").capitalize()


def slugify(text: str) -> str:
    """`Spine & neck` -> `spine-neck`, `Cirugía` -> `cirugia`: for anchors and addresses made from names."""
    unaccented = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", unaccented.lower()).strip("-")
