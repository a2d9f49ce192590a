"""What a patient gets on a procedure page, checked in real Chromium."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from procedure_guides.model.declaration import HELP_LEVELS
from procedure_guides.model.glossary import load_glossary
from procedure_guides.model.record import Record
from procedure_guides.model.safety import load_safety_library
from procedure_guides.output.page import page_texts
from procedure_guides.pipeline.stages import load_library
from tests.browser.conftest import PHONE, ROOT, new_context, wait_until
from tests.browser.walk import Visit

RECORDS, _ = load_library(ROOT / "procedures", ROOT)
PUBLISHED = [record for record in RECORDS if record.reaches("under_review")]
SAFETY = load_safety_library(ROOT)[0]
TRANSLATED = sorted(path.stem for path in (ROOT / "procedures/es").glob("*.yaml"))
GLOSSARY = load_glossary(ROOT)
A4_PAGES_AT_MOST = 6


def open_procedure(page: Page, site_url: str, slug: str) -> None:
    page.goto(f"{site_url}procedures/{slug}/")


OpenGuide = Callable[[str], Page]


@pytest.fixture(scope="module")
def guide_at(browser: Browser, site_url: str) -> Iterator[OpenGuide]:
    """Each guide's page (a path such as procedures/<slug>/) opened once on a phone and shared by
    the tests of this module, which run in the order they are written: those that only read a page
    come first, then those that click, then those that print."""
    context = new_context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    opened: dict[str, Page] = {}

    def open_guide(path: str) -> Page:
        if path not in opened:
            opened[path] = context.new_page()
            opened[path].goto(site_url + path)
        return opened[path]

    yield open_guide
    context.close()


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_summary_comes_first_and_stands_apart(guide_at: OpenGuide, record: Record) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    order = phone_page.eval_on_selector_all(
        "article h1, article .also-known-as, article #summary, article h2",
        "elements => elements.map(e => e.tagName === 'H1' ? 'H1' : e.id || e.className)",
    )
    assert order[:4] == ["H1", "also-known-as", "summary", "at-a-glance"]
    border = phone_page.eval_on_selector("#summary", "e => getComputedStyle(e).borderLeftStyle")
    assert border == "solid"


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_when_to_get_help_comes_as_care_cards_emergency_first(guide_at: OpenGuide, record: Record) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    headings = phone_page.eval_on_selector_all("article h2", "hs => hs.map(h => h.id)")
    after_recovery = headings[headings.index("recovery") + 1 :]
    assert after_recovery[0] == "when-to-call" or after_recovery[:2] == ["daily-life", "when-to-call"]
    cards = phone_page.locator("#when-to-call ~ .care-card")
    levels = [heading.split(":")[0] for heading in cards.locator("h3").all_inner_texts()]
    assert levels == ["Emergency", "Urgent", "Not urgent"]  # in words, most urgent first
    assert "call 911" in cards.first.locator("h3").inner_text()
    for i in range(cards.count()):  # not by colour alone: words, and a thick border
        assert float(cards.nth(i).evaluate("e => parseFloat(getComputedStyle(e).borderLeftWidth)")) >= 3
    shown = " ".join(cards.all_inner_texts())
    help_items = [item for level in HELP_LEVELS for item in getattr(record.procedure.get_help, level) or []]
    # Words that cover a red flag: the record's own, or a narrower library flag's.
    covering_words = {item.covers: item.text for item in help_items if item.covers and item.text}
    for item in help_items:
        if item.red_flag:
            included = SAFETY.red_flags[item.red_flag]
            covering_words |= dict.fromkeys(included.covers or [], included.text["en"])
    for family in record.procedure.families or []:
        for name, flag in SAFETY.family_flags(family).items():
            # Each red flag of the guide's families, in the library's words or the words that cover it.
            expected = covering_words.get(name, flag.text["en"])
            assert expected.split(" [")[0].split(".")[0] in shown, name


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_every_guide_shows_its_three_review_steps_and_says_no_clinician_has_reviewed_it(
    guide_at: OpenGuide, record: Record
) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    notice = phone_page.locator(".review-notice")
    assert notice.inner_text().startswith("A clinician has not yet reviewed this page. It is for learning only.")
    assert notice.bounding_box()["y"] < phone_page.locator("#summary").bounding_box()["y"]  # type: ignore[index]
    steps = phone_page.locator("ol.review-steps > li")
    assert [text.split(":")[0] for text in steps.all_inner_texts()] == [
        "Submitted (done)",
        "Under review (this page is at this step)",
        "Approved (not yet)",
    ]
    assert steps.nth(1).get_attribute("aria-current") == "step"
    review = record.procedure.review
    assert review.source_check
    about = phone_page.locator("#review ~ ul").first.inner_text()
    assert f"Sources checked: by {review.source_check.by} on {review.source_check.date.isoformat()}" in about
    assert f"Page last reviewed: {review.last_reviewed.isoformat()}" in about
    assert f"Next review due: {review.due.isoformat()}" in about
    assert phone_page.locator("#review ~ ul a[href$='editorial-policy/']").count() == 1
    assert "Review overdue" not in phone_page.content()


@pytest.mark.parametrize("slug", TRANSLATED, ids=lambda slug: f"es-{slug}")
def test_a_spanish_guide_says_the_same_in_spanish(guide_at: OpenGuide, slug: str) -> None:
    phone_page = guide_at(f"es/procedures/{slug}/")

    notice = phone_page.locator(".review-notice").inner_text()
    assert notice.startswith("Ni un traductor médico ni un profesional clínico han revisado todavía esta traducción.")
    assert phone_page.locator("ol.review-steps > li").nth(1).inner_text().startswith("En revisión")


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_each_glossary_word_is_marked_once_in_the_body_and_carries_its_definition(
    guide_at: OpenGuide, record: Record
) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    marks = phone_page.eval_on_selector_all(
        "article a.pg-term",
        """links => links.map(link => [
            link.hash,
            document.getElementById(link.getAttribute("aria-describedby")).textContent,
            !!link.closest("h1, h2, h3, h4, h5, h6, summary"),
        ])""",
    )
    assert marks, "a guide marks the medical words it uses"
    anchors = [anchor for anchor, _, _ in marks]
    assert len(anchors) == len(set(anchors))  # once a page
    assert not [anchor for anchor, _, in_heading in marks if in_heading]
    definitions = {term.definition for term in GLOSSARY.terms}
    assert all(definition in definitions for _, definition, _ in marks)
    words_to_know = phone_page.locator("#words + ul").inner_text()
    for term in GLOSSARY.uses(page_texts(record)):
        assert f"{term.term}: {term.definition}" in words_to_know


def test_a_marked_word_opens_its_definition_by_tap_and_keyboard(phone_page: Page, site_url: str) -> None:
    open_procedure(phone_page, site_url, "spinal-hardware-removal")
    word = phone_page.locator("article a.pg-term").first
    definition = phone_page.locator(".pg-term-definition")

    word.tap()
    assert definition.is_visible() and word.get_attribute("aria-expanded") == "true"
    assert definition.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    assert phone_page.url.endswith("/spinal-hardware-removal/")  # it opened in place
    phone_page.keyboard.press("Escape")
    assert definition.count() == 0 and word.get_attribute("aria-expanded") == "false"

    word.focus()
    phone_page.keyboard.press("Enter")
    assert definition.is_visible()
    assert definition.inner_text() == phone_page.locator(f"#{word.get_attribute('aria-describedby')}").inner_text()
    phone_page.keyboard.press("Enter")
    assert definition.count() == 0


def test_a_marked_word_leads_to_its_definition_without_scripts(browser: Browser, site_url: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    open_procedure(page, site_url, "spinal-hardware-removal")
    page.locator("article a.pg-term").first.click()
    assert "#word-" in page.url
    context.close()


@pytest.mark.parametrize("record", PUBLISHED[:3], ids=lambda r: r.slug)
def test_citations_stay_on_the_line_of_the_word_before_them(guide_at: OpenGuide, record: Record) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    # Each citation's top is on the same line as the end of the text just before it.
    apart = phone_page.eval_on_selector_all(
        "article sup.citation",
        """sups => sups.filter(sup => {
            const before = sup.previousSibling;
            if (!before || before.nodeType !== Node.TEXT_NODE || !before.textContent.trim()) return false;
            const range = document.createRange();
            range.setStart(before, before.textContent.length - 1);
            range.setEnd(before, before.textContent.length);
            const word = range.getBoundingClientRect(), number = sup.getBoundingClientRect();
            return Math.abs(word.bottom - number.bottom) > word.height;
        }).map(sup => sup.textContent)""",
    )
    assert apart == []
    names = phone_page.eval_on_selector_all("article sup.citation a", "links => links.map(a => a.ariaLabel)")
    assert names and all(name.startswith("Source ") for name in names)


def test_glossary_page_lists_every_term(phone_page: Page, site_url: str) -> None:
    phone_page.goto(f"{site_url}glossary/")

    listed = phone_page.eval_on_selector_all("article dl.glossary dt", "ts => ts.map(t => t.textContent.trim())")
    assert len(listed) >= 30
    assert sorted(listed, key=str.lower) == [t.term for t in GLOSSARY.terms]


def test_every_page_has_one_h1_no_skipped_levels_and_landmarks(phone_walk: dict[str, Visit]) -> None:
    for path, visit in phone_walk.items():
        if visit.moved_on:
            continue  # a code address: the guide it lands on is a page of its own
        assert visit.headings.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(visit.headings)), (path, visit.headings)
        for landmark in ["header", "nav", "main", "footer"]:
            assert visit.landmarks[landmark] >= 1, (path, landmark)


def test_keyboard_reaches_the_content_first(phone_page: Page, site_url: str) -> None:
    open_procedure(phone_page, site_url, PUBLISHED[0].slug)

    phone_page.keyboard.press("Tab")
    skip = phone_page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Skip to content"
    phone_page.keyboard.press("Enter")
    h1 = phone_page.eval_on_selector("article h1", "h => h.id")
    assert phone_page.evaluate("location.hash") == f"#{h1}"


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_citations_link_to_sources_and_back(guide_at: OpenGuide, record: Record) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    targets = phone_page.eval_on_selector_all("sup.citation a", "links => links.map(a => a.hash)")
    assert targets, "the page cites its sources"
    for target in set(targets):
        assert phone_page.locator(f"#references ~ ol {target}").count() == 1, target
    backs = phone_page.eval_on_selector_all("a.cite-back", "links => links.map(a => a.hash)")
    listed = phone_page.locator("#references ~ ol > li").count()  # its own sources, then the red flags' sources
    assert len(backs) == listed >= len(record.data["references"])
    for back in backs:
        assert phone_page.locator(f"sup.citation {back}").count() == 1
    phone_page.locator("sup.citation a").first.click()
    assert phone_page.evaluate("location.hash").startswith("#ref-")


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_questions_and_clinicians_block_open_by_keyboard(guide_at: OpenGuide, record: Record) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")

    clinicians = phone_page.locator("details#for-clinicians")
    assert clinicians.get_attribute("open") is None
    headings = phone_page.eval_on_selector_all("article h2", "hs => hs.map(h => h.id)")
    assert headings.index("questions") < headings.index("words")
    question = phone_page.locator("details.question").first
    assert question.get_attribute("open") is None
    question.locator("summary").focus()
    phone_page.keyboard.press("Enter")
    assert question.get_attribute("open") == ""


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_printed_page_is_a_clean_handout(guide_at: OpenGuide, record: Record, tmp_path: Path) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")
    phone_page.emulate_media(media="print")
    # What the browser's print command does first: the page's script loads every drawing.
    phone_page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    wait_until(phone_page, "[...document.images].every(image => image.complete && image.naturalWidth)")
    headings = phone_page.eval_on_selector_all(
        "article h2", "hs => hs.filter(h => h.checkVisibility()).map(h => h.textContent.trim())"
    )
    assert {"Risks", "Recovery", "When to get help", "Sources"} <= set(headings)
    # The guide's text, up to the parts for looking things up (words, how it was checked, sources).
    body_sizes = phone_page.eval_on_selector_all(
        "article > p, article > ul > li, article > ol > li, .care-card li",
        """es => es.filter(e => e.checkVisibility()
                && e.compareDocumentPosition(document.getElementById("words")) & Node.DOCUMENT_POSITION_FOLLOWING)
            .map(e => parseFloat(getComputedStyle(e).fontSize))""",
    )
    assert len(body_sizes) > 20 and min(body_sizes) >= 16  # 12pt, the usual size for patient handouts
    pdf = tmp_path / "handout.pdf"

    phone_page.pdf(path=str(pdf), prefer_css_page_size=True)

    reader = PdfReader(pdf)
    # NFKC: the system font may print "fi" as one ligature glyph, which is still "fi" to a reader.
    text = unicodedata.normalize("NFKC", " ".join(" ".join(page.extract_text().split()) for page in reader.pages))
    assert 1 <= len(reader.pages) <= A4_PAGES_AT_MOST
    assert record.data["title"] in text
    for heading in headings:
        assert heading in text, heading
    for answer in record.data.get("questions", []):
        assert " ".join(answer["answer"].split()[:4]) in text  # printed expanded
    for chrome in ["Skip to content", "Table of contents", "Search", "Words to know\nHow we write"]:
        assert chrome not in text
    assert f"/procedures/{record.slug}/" in text.replace(" ", "")
    # A place to write the care team's numbers, next to the cards that say when to call them.
    assert "Your care team (fill in) Surgeon or care team: Phone, daytime: Phone, nights and weekends:" in text
    for figure in record.data.get("figures", []):
        assert figure["caption"] in text
    if record.slug == "spinal-hardware-removal":
        assert "Parts that come out" in text  # the drawing itself printed, its labels and all
    resources: Any = reader.pages[0]["/Resources"]
    xobjects = [xobject.get_object() for xobject in (resources.get("/XObject") or {}).values()]
    images = [xobject for xobject in xobjects if xobject.get("/Subtype") == "/Image"]
    assert any(image["/Width"] == image["/Height"] >= 100 for image in images), "QR code on page 1"


@pytest.mark.parametrize("slug", TRANSLATED)
def test_printed_spanish_page_is_a_handout_too(guide_at: OpenGuide, slug: str, tmp_path: Path) -> None:
    phone_page = guide_at(f"es/procedures/{slug}/")
    phone_page.emulate_media(media="print")
    phone_page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = tmp_path / "folleto.pdf"

    phone_page.pdf(path=str(pdf), prefer_css_page_size=True)

    reader = PdfReader(pdf)
    text = unicodedata.normalize("NFKC", " ".join(" ".join(page.extract_text().split()) for page in reader.pages))
    assert 1 <= len(reader.pages) <= A4_PAGES_AT_MOST
    for words in ["Cuándo pedir ayuda", "Su equipo de atención (complete)", "Fuentes", "Ni un traductor médico"]:
        assert words in text, words


# The printed QR code as a printer puts it on paper: drawn at its printed size, 300 dots an inch.
PRINTED_QR_PIXELS = """img => {
  const size = Math.round(img.getBoundingClientRect().width * 300 / 96);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0, size, size);
  const rgba = context.getImageData(0, 0, size, size).data;
  return {size, grey: Array.from({length: size * size}, (_, i) => rgba[4 * i])};
}"""


@pytest.mark.parametrize("record", PUBLISHED, ids=lambda r: r.slug)
def test_printed_qr_code_opens_this_page(guide_at: OpenGuide, record: Record) -> None:
    phone_page = guide_at(f"procedures/{record.slug}/")
    phone_page.emulate_media(media="print")
    qr_code = phone_page.locator("article img.qr-code")
    assert qr_code.is_visible()

    printed = qr_code.evaluate(PRINTED_QR_PIXELS)
    pixels = memoryview(bytes(printed["grey"])).cast("B", (printed["size"], printed["size"]))
    scanned = zxingcpp.read_barcode(pixels)

    assert scanned is not None, "the printed QR code does not scan"
    assert scanned.text == phone_page.eval_on_selector("link[rel=canonical]", "link => link.href")
    assert scanned.text.endswith(f"/procedures/{record.slug}/")


def test_no_page_scrolls_sideways_on_a_phone(phone_walk: dict[str, Visit]) -> None:
    # As each page opens, before any folded block is opened (test_every_page_works_on_a_phone opens them).
    assert {path: visit.overflow for path, visit in phone_walk.items() if visit.overflow > 0} == {}
