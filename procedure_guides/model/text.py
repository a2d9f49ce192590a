"""The rules for record text: what inline Markdown may hold, and where citations are."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse

# `[1]` or `[1, 3]`, but not the text of a Markdown link `[1](...)`.
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\](?!\()")

# A tag, a comment or a processing instruction; `<https://...>` autolinks are Markdown.
# `<` is excluded inside the autolink, so each `<` is looked at once (linear time).
RAW_HTML = re.compile(r"<(?!https?://[^<>\s]+>)(?:[a-zA-Z/!?][^<>]*>?)")
AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")

# The target of an inline Markdown link or image: `[text](target "title")`.
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
LINK_SCHEMES = {"http", "https"}
# An HTML character reference, such as `&#106;` or `&amp;`: text means what it shows.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Characters a web address may not hold as they are (RFC 3986), whitespace and quotes among them.
NOT_IN_ADDRESS = re.compile(r"[\s<>\"\\^`{|}\[\]]")

# What no text may hold: control characters (but line breaks and tabs in a YAML block),
# Unicode non-characters and lone surrogates, and the marks that reverse the direction of text on screen.
_NON_CHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NON_CHARACTERS + "\u202a-\u202e\u2066-\u2069]"
)
MAX_TEXT_CHARACTERS = 2000  # the longest text of a record today is about 350

# Markdown that starts a block when it opens a line; record text is inline text.
BLOCK_SYNTAX = (
    (re.compile(r"[!?]{3}"), "a note box (!!! or ???)"),
    (re.compile(r"\*\["), "an abbreviation definition (*[...]:)"),
    (re.compile(r"\[[^\]]*\]:"), "a link definition ([...]:)"),
    (re.compile(r"([-*_])(?: *\1){2,} *$"), "a horizontal rule (---)"),
    (re.compile(r"(`{3,}|~{3,})"), "a code fence (```)"),
    (re.compile(r"\|"), "a table row (|)"),
)
SNIPPET = re.compile(r"-+8<-+")  # pymdownx.snippets would read a file named after it

PLACEHOLDER = "TODO"


def citation_numbers(text: str) -> list[int]:
    """Every reference number cited in `text`, in order of appearance."""
    return [int(n) for match in CITATION.finditer(text) for n in match.group(1).split(",")]


def forbidden_character(text: str) -> str | None:
    """Why `text` may not be used at all, if it holds a character no page may show."""
    found = FORBIDDEN_CHARACTER.search(text)
    if not found:
        return None
    return f"holds the invisible character U+{ord(found.group(0)):04X}; delete it (retype the text around it)"


def address_problem(address: str) -> str | None:
    """Why `address` may not be a link on a patient page, if it may not: only http and https
    addresses with a host, written out (no character references) and without spaces or quotes."""
    if CHARACTER_REFERENCE.search(address):
        return "write the address itself, without HTML character references such as &#106;"
    bad = NOT_IN_ADDRESS.search(address)
    if bad:
        return f"a web address cannot hold {bad.group(0)!r}; copy the address from the browser's address bar"
    try:
        parts = urllib.parse.urlsplit(address)
        parts.port  # noqa: B018 - reading it checks that the port is a number
    except ValueError:
        return "is not a web address that can be read"
    if parts.scheme.lower() not in LINK_SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "an address without http:// or https://"
        return f"links may only use http or https, not {shown}"
    if not parts.hostname:
        return "a web address needs a host, such as https://www.nhs.uk/"
    return None


def text_problems(text: str) -> list[str]:
    """Why `text` may not appear on a patient page, if it may not."""
    found = []
    if CHARACTER_REFERENCE.search(text):
        found.append("HTML character references (such as &#106; or &amp;) are not allowed; type the character")
    html = RAW_HTML.search(text)
    if html:
        found.append(f"raw HTML is not allowed ({html.group(0)[:30]!r}); use plain words or Markdown")
    if "![" in text:
        found.append("pictures are not allowed in text; a guide's pictures come from the project's own files")
    targets = [*LINK_TARGET.findall(text), *AUTOLINK.findall(text)]
    for problem in dict.fromkeys(address_problem(target.strip()) for target in targets):
        if problem:
            found.append(problem)
    if "javascript:" in text.lower().replace(" ", "") and not any("javascript" in f for f in found):
        found.append("`javascript:` is not allowed in text")
    if SNIPPET.search(text):
        found.append("'--8<--' would include a file into the page; write it another way")
    if PLACEHOLDER in text:
        found.append(f"still holds the placeholder {PLACEHOLDER}: write the real text")
    return found


def block_problems(value: str) -> list[str]:
    """Lines of a text (as the editor wrote them) that open with Markdown block syntax."""
    found = []
    for number, line in enumerate(value.splitlines(), 1):
        opening = line.lstrip()
        for pattern, what in BLOCK_SYNTAX:
            if pattern.match(opening):
                where = f"line {number} of the text" if "\n" in value.strip() else "the text"
                found.append(f"{where} starts with {what}; record text is inline text, so write plain sentences")
                break
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
