"""Property-based fuzzing: record text and addresses filled with generated strings.

Whatever an editor types, `check` answers with problems, never a crash; and whatever
it lets through becomes a page with no script, no event handler, no `javascript:` or
`data:` link and no request to another host. The page is rendered as MkDocs renders
it: our templates, then Python-Markdown with the extensions of mkdocs.yml.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from procedure_guides.model.glossary import load_glossary
from procedure_guides.model.record import Record, read_record
from procedure_guides.model.safety import load_safety_library
from procedure_guides.output.page import RenderOptions, plain_text
from procedure_guides.output.pages import Site
from tests.conftest import ROOT

FIXTURE = yaml.safe_load((ROOT / "tests/golden/procedures/fixture-other.yaml").read_text())
OPTIONS = RenderOptions(drafts=True, today=datetime.date(2026, 6, 1), site_url="http://127.0.0.1:8000/")
# Pieces that have broken pages before, mixed into generated text.
HOSTILE = [
    "<script>alert(1)</script>", "javascript:alert(1)", "](", "[x](javascript:alert(1))", "![x](https://evil.example/p.png)",
    "&#106;", "&#x6A;", "&amp;", "!!! danger \"Stop\"", "*[surgery]: x", "[a]: https://evil.example/", "---",
    "--8<-- \"editorial-policy.md\"", "{: onclick=\"alert(1)\" }", "<https://evil.example/a>", "[1]", "[2, 3]",
    "{{ 7*7 }}", "{% raw %}", "\n", "\n\n", "    ", "# ", "> ", "- ", "1. ", "|", "```", "<", ">", "\"", "'", "\\",
    "\u202e", "\x00", "\x1b", "\ufffe", "`", "*", "_", "~~", "==", "^^", "<!--", "-->", "<img src=x onerror=alert(1)>",
    "data:text/html,<script>alert(1)</script>", "vbscript:x", "https://evil.example/x)[y](javascript:alert(1)",
]  # fmt: skip
# Printable text of every script and symbol (which check mostly lets through), or that mixed with hostile pieces.
PRINTABLE = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=40)
MIXED = st.lists(st.one_of(PRINTABLE, st.sampled_from(HOSTILE)), min_size=1, max_size=6).map("".join)
TEXT = st.one_of(PRINTABLE, PRINTABLE, MIXED)  # two in three printable, so many records pass and get rendered
URL_PART = st.text(st.characters(categories=["L", "N", "P", "S"]), max_size=20)
WEB_ADDRESS = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https"]),
    st.sampled_from(["example.org", "www.nhs.uk", "127.0.0.1:8000", "xn--bcher-kva.example"]),
    URL_PART,
)
ADDRESS = st.one_of(WEB_ADDRESS, TEXT)  # fmt: skip
FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def record_with(summary: str, item: str, address: str, title: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(json.dumps(FIXTURE, default=str))
    data.update(
        title=title,
        summary=summary,
        indications=[item],
        questions=[{"question": "A question?", "answer": item}],
        references=[{"title": "A source", "url": address}],
    )
    return data


def check(tmp_path: Path, data: dict[str, object]) -> Record | None:
    """`check` of one record holding `data`: the record, or None with its problems (never a crash)."""
    path = tmp_path / "fuzzed-procedure.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    record, problems = read_record(path, "procedures/fuzzed-procedure.yaml")
    assert record is not None or problems
    return record


@contextlib.contextmanager
def in_project() -> Iterator[None]:
    with contextlib.chdir(ROOT):  # snippets resolve their folder from the working folder
        yield


CONFIG = load_config(config_file=str(ROOT / "mkdocs.yml"))


def page_html(record: Record) -> tuple[dict[str, object], str]:
    """The page's front matter and its body as MkDocs's Markdown makes it."""
    safety, _ = load_safety_library(ROOT)
    site = Site.prepare(
        [record], ROOT / "templates", {"en": load_glossary(ROOT)}, OPTIONS, api_schemas={}, safety=safety
    )
    files = site.all_files()
    source, meta = get_data(files["procedures/fuzzed-procedure.md"])
    with in_project():
        body = markdown.Markdown(extensions=CONFIG.markdown_extensions, extension_configs=CONFIG.mdx_configs).convert(
            source
        )
    return meta, body


class Dangers(HTMLParser):
    """Everything on a page that could run script or call another host."""

    URL_ATTRIBUTES: ClassVar = {
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "poster",
        "data",
        "background",
        "xlink:href",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("type") != "application/ld+json":
            self.found.append("a script element")
        if tag in {"iframe", "object", "embed", "form", "base", "meta", "link", "style"}:
            self.found.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an event handler {name}")
            if name in self.URL_ATTRIBUTES and value is not None:
                self.check_address(tag, name, value, values)

    def check_address(self, tag: str, name: str, value: str, values: dict[str, str | None]) -> None:
        scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
        is_qr_code = tag == "img" and "qr-code" in (values.get("class") or "") and value.startswith("data:image/png")
        if scheme in {"javascript", "vbscript", "data"} and not is_qr_code:
            self.found.append(f"a {scheme}: address in {name}")
        if name != "href" and not is_qr_code and urllib.parse.urlsplit(value).netloc:
            self.found.append(f"a request to {value!r}")


def dangers(body: str) -> list[str]:
    parser = Dangers()
    parser.feed(body)
    return parser.found


@FUZZ
@given(summary=TEXT, item=TEXT, address=WEB_ADDRESS, title=TEXT)
def test_check_never_crashes_and_what_it_passes_is_harmless(
    summary: str, item: str, address: str, title: str, tmp_path: Path
) -> None:
    record = check(tmp_path, record_with(summary, item, address, title))
    event("passed check" if record else "refused by check")
    if record is None:
        return
    meta, body = page_html(record)

    assert dangers(body) == []
    assert meta["title"] == plain_text(title)  # front matter cannot be broken out of
    assert 'id="summary"' in body  # block syntax did not swallow the summary's anchor


@FUZZ
@given(address=ADDRESS)
def test_a_source_address_is_either_refused_or_a_plain_link(address: str, tmp_path: Path) -> None:
    record = check(tmp_path, record_with("A summary.", "A reason.", address, "A title"))
    event("passed check" if record else "refused by check")
    if record is None:
        return
    _, body = page_html(record)

    assert dangers(body) == []
    scheme = urllib.parse.urlsplit(address).scheme
    assert scheme in {"http", "https"}
    red_flag_sources = load_safety_library(ROOT)[0].red_flags["wound-infection"].sources  # listed after it
    # one link to the source, and nothing made of its parts
    assert body.count('href="http') == 1 + len(red_flag_sources)


@pytest.mark.parametrize("address", ["https://evil.example/)[Read](javascript:alert(1))", "https://a.example/b c"])
def test_known_bad_addresses_are_refused(address: str, tmp_path: Path) -> None:
    assert check(tmp_path, record_with("A summary.", "A reason.", address, "A title")) is None
