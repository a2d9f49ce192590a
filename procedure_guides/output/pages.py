"""Every file the build writes under docs/, from the checked library.

Procedure pages (each with the QR code its printout carries), the home and
glossary fragments, the code list and code addresses, redirects from earlier
addresses, and the JSON answers for portals; under /<language>/, the reviewed
translations (or a note leading to English), that language's glossary, home and
code addresses. The result is a dict {path under docs/: text}, which the
pipeline writes. A guide's files are made on their own (`guide_files`), so the
pipeline may make many at once.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from procedure_guides.model.figures import Drawing
from procedure_guides.model.glossary import Glossary
from procedure_guides.model.languages import ENGLISH
from procedure_guides.model.messages import load_messages
from procedure_guides.model.record import Record, translated
from procedure_guides.model.reviewers import Reviewer
from procedure_guides.model.safety import EMPTY as EMPTY_SAFETY
from procedure_guides.model.safety import SafetyLibrary
from procedure_guides.output.addresses import (
    CLINICS,
    CODE_LIST,
    CODE_MAP,
    FIND_BODY,
    GLOSSARY_TERMS,
    HOME,
    HOME_GUIDES,
    PROCEDURES_ANSWER,
    SEARCH_BOX,
    SEARCH_INDEX,
    api_schema,
    code_answer_path,
    code_page_path,
    code_page_source,
    find_action,
    find_page,
    glossary_page,
    language_home,
    page_path,
    page_source,
    page_url,
    relative_url,
    source_link,
    system_slug,
)
from procedure_guides.output.clinics import (
    connect_answer,
    json_text,
    procedures_answer,
    script_json,
    structured_data,
)
from procedure_guides.output.codes import CodeGuide, guides_by_code, role_words
from procedure_guides.output.page import (
    GENERATED_NOTE,
    Citations,
    EditorNote,
    PageLanguage,
    RenderOptions,
    figures_of,
    group_by_region,
    make_environment,
    page_context,
    plain_text,
)
from procedure_guides.output.qr import qr_code_data_uri

Files = dict[str, str]
Translations = dict[str, dict[str, Record]]  # language: slug: published translation
Pages = dict[str, dict[str, Record]]  # language (English first): slug: the guide as published in it
GuideJob = tuple[str, Record]  # a language, and the English record of the guide to make in it
MapGuides = Callable[[Callable[[GuideJob], Files], list[GuideJob]], Iterable[Files]]
HOME_GUIDES_PER_REGION = 12


def pages_by_language(records: list[Record], translations: Translations) -> Pages:
    """Each guide as published in each language: the English record, or a reviewed translation
    with the codes, links and sources it inherits from English."""
    pages: Pages = {ENGLISH: {record.slug: record for record in records}}
    for language, by_slug in translations.items():
        pages[language] = {
            record.slug: translated(record, by_slug[record.slug]) for record in records if record.slug in by_slug
        }
    return pages


@dataclass(frozen=True)
class Site:
    """What one build's pages are made from, prepared once and shared by every page."""

    records: list[Record]  # the English records to publish
    env: jinja2.Environment
    pages: Pages
    languages: dict[str, PageLanguage]
    glossaries: dict[str, Glossary]
    options: RenderOptions
    api_schemas: dict[str, str]
    editor_note: Callable[[Record, str], EditorNote | None]  # the page and its language
    reviewers: dict[str, Reviewer]
    safety: SafetyLibrary
    drawings: dict[str, Drawing]  # the records' figures, by file
    lay_words: dict[str, list[str]]  # patients' words for search, and the guides' words for them

    @classmethod
    def prepare(
        cls,
        records: list[Record],
        templates: Path,
        glossaries: dict[str, Glossary],  # English first
        options: RenderOptions,
        api_schemas: dict[str, str],
        translations: Translations | None = None,
        editor_note: Callable[[Record, str], EditorNote | None] = lambda page, language: None,
        reviewers: dict[str, Reviewer] | None = None,
        safety: SafetyLibrary | None = None,
        drawings: dict[str, Drawing] | None = None,
        lay_words: dict[str, list[str]] | None = None,
    ) -> Site:
        messages = load_messages(templates)
        published = {r.slug for r in records}
        pages = pages_by_language(
            records,
            {
                language: {s: t for s, t in by_slug.items() if s in published}
                for language, by_slug in (translations or {}).items()
            },
        )
        languages = {code: PageLanguage(code, messages[code]) for code in pages}
        env = make_environment(templates)
        return cls(
            records, env, pages, languages, glossaries, options, api_schemas, editor_note, reviewers or {},
            safety or EMPTY_SAFETY, drawings or {}, lay_words or {},
        )  # fmt: skip

    @cached_property
    def titles(self) -> dict[str, dict[str, tuple[str, str]]]:
        """For each language: slug: (title, the language it is in); English where not translated."""
        return {
            code: {
                r.slug: (self.pages[code][r.slug].procedure.title, code)
                if r.slug in self.pages[code]
                else (r.procedure.title, ENGLISH)
                for r in self.records
            }
            for code in self.languages
        }

    def all_files(self, map_guides: MapGuides = lambda make, jobs: map(make, jobs)) -> Files:
        """Every generated file; `map_guides` makes the guides' files (the pipeline spreads them over cores)."""
        files: Files = {}
        for guide in map_guides(self.guide_files, self.guide_jobs()):
            files.update(guide)
        files.update(self.other_files())
        return files

    def guide_jobs(self) -> list[GuideJob]:
        """Each guide in each language: one unit of work for `guide_files`."""
        return [(code, record) for code in self.languages for record in self.records]

    def guide_files(self, job: GuideJob) -> Files:
        """One guide's page in one language (or, under /<language>/, a small note that leads to
        the English page when the guide is not translated)."""
        code, record = job
        language = self.languages[code]
        page = self.pages[code].get(record.slug)
        files: Files = {}
        if page is None:
            at = page_path(record.slug, code)
            files[f"{at}index.html"] = self.env.get_template("fallback.html.j2").render(
                lang=code, t=language.t, title=plain_text(record.procedure.title),
                target=relative_url(at, page_path(record.slug)), home=relative_url(at, f"{code}/"),
                root=relative_url(at, ""),
            )  # fmt: skip
            return files
        others = tuple(other for other in self.pages if other != code and record.slug in self.pages[other])
        spoken = dataclasses.replace(language, other_languages=others)
        note = self.editor_note(page, code)
        context = page_context(page, self.titles[code], self.glossaries[code], self.options, spoken, note, self.safety)
        approval = page.review.approval
        approver = self.reviewers[approval.reviewer] if approval else None
        context["approver"] = approver
        context["structured_data"] = script_json(structured_data(page, self.options, code, approver))
        # In the page itself: no file to write and copy per guide, and no extra request to open it.
        context["qr_code"] = qr_code_data_uri(page_url(self.options.site_url, page.slug, code))
        context["figures"] = figures_of(page, self.drawings, page_path(page.slug, code), code)
        files[page_source(page.slug, code)] = self.env.get_template("procedure.md.j2").render(context)
        return files

    def code_files(self) -> Files:
        """Each code's permanent address in every language: a redirect to its one guide, or a page
        to choose between its guides; and the portals' JSON answer listing them in the same order."""
        files: Files = {}
        for (system, code), guides in guides_by_code(self.records).items():
            for language_code, language in self.languages.items():
                at = code_page_path(system, code, language_code)
                if len(guides) == 1:
                    record = guides[0].record
                    title = self.pages[language_code].get(record.slug, record).procedure.title
                    reason = language.t["redirect_code"].format(system=system, code=code)
                    files[f"{at}index.html"] = self.redirect_page(
                        at, page_path(record.slug, language_code), title, reason, language
                    )
                else:
                    source = code_page_source(system, code, language_code)
                    files[source] = self.chooser_page(source, system, code, guides, language)
                # Every language answers for every code, so a portal's saved address keeps working
                # while a translation is withdrawn: a guide not in the language is its English page.
                spoken = [
                    (page, language_code)
                    if (page := self.pages[language_code].get(g.record.slug))
                    else (g.record, ENGLISH)
                    for g in guides
                ]
                answer = connect_answer(spoken, system, code, self.options, language_code)
                files[code_answer_path(system, code, language_code)] = json_text(answer)
        return files

    def chooser_page(self, source: str, system: str, code: str, guides: list[CodeGuide], language: PageLanguage) -> str:
        """A code that leads to several guides: one line each on when it is the one to read."""
        choices = []
        for guide in guides:
            page = self.pages[language.code].get(guide.record.slug)
            in_english = page is None
            applies_when = guide.listed.applies_when if language.code == ENGLISH else None
            choices.append(
                {
                    "title": (page or guide.record).procedure.title,
                    "href": source_link(source, page_source(guide.record.slug, language.code if page else ENGLISH)),
                    "in_english": in_english and language.code != ENGLISH,
                    "line": applies_when or role_words(guide.listed, language.t, "code_role"),
                }
            )
        return self.env.get_template("code-chooser.md.j2").render(
            system=system, code=code, choices=choices, t=language.t, language=language.code,
            code_list=source_link(source, CODE_LIST), citations=Citations(),
            generated_note=GENERATED_NOTE.format(source="procedures/*.yaml"),
        )  # fmt: skip

    def redirect_page(self, at: str, to: str, title: str, reason: str, language: PageLanguage) -> str:
        return self.env.get_template("redirect.html.j2").render(
            target=relative_url(at, to),
            canonical=self.options.site_url + to,
            home=relative_url(at, ""),
            root=relative_url(at, ""),
            title=plain_text(title),
            reason=reason,
            lang=language.code,
            t=language.t,
        )

    def other_files(self) -> Files:
        """Everything but the guides: moved addresses, homes and glossaries, the code list, and
        the files portals and the search page read."""
        files = self.moved_files()
        files.update(self.home_and_glossary_files())
        files.update(self.code_files())
        files.update(self.code_list_files())
        files.update({api_schema(name): text for name, text in self.api_schemas.items()})
        shown = {figure.file for record in self.records for figure in record.procedure.figures or []}
        files.update({file: drawing.text for file, drawing in self.drawings.items() if file in shown})
        files.update(self.search_files())
        return files

    def moved_files(self) -> Files:
        """A renamed guide's earlier addresses, in every language, each leading to where it is now."""
        files: Files = {}
        for code, language in self.languages.items():
            for record in self.records:
                title = self.pages[code].get(record.slug, record).procedure.title
                for old in record.procedure.previous_slugs or []:
                    at = page_path(old, code)
                    reason = language.t["redirect_new_address"]
                    files[f"{at}index.html"] = self.redirect_page(
                        at, page_path(record.slug, code), title, reason, language
                    )
        return files

    def home_and_glossary_files(self) -> Files:
        """English: the home page's guides by region (and a page per large region) and the glossary,
        as fragments of hand-written pages. Each other language: a home of its reviewed guides and
        its glossary, as pages of their own."""
        regions = group_by_region(self.records)
        english = self.languages[ENGLISH]
        note = GENERATED_NOTE.format(source="procedures/*.yaml")
        render = self.env.get_template
        files: Files = {
            HOME_GUIDES: render("by-region.md.j2").render(
                regions=regions, home=HOME, home_limit=HOME_GUIDES_PER_REGION, citations=Citations(),
                generated_note=note, t=english.t, publish_from=self.options.publish_from,
            ),
            GLOSSARY_TERMS: render("glossary.md.j2").render(
                terms=self.glossaries[ENGLISH].terms, citations=Citations(),
                generated_note=GENERATED_NOTE.format(source="glossary.yaml"),
            ),
        }  # fmt: skip
        for region in regions:
            if len(region.guides) > HOME_GUIDES_PER_REGION:
                files[region.page] = render("region.md.j2").render(
                    region=region, citations=Citations(), generated_note=note, t=english.t
                )
        for code, language in self.languages.items():
            if code == ENGLISH:
                continue
            files[glossary_page(code)] = render("glossary.md.j2").render(
                terms=self.glossaries[code].terms, citations=Citations(), t=language.t, language=code,
                generated_note=GENERATED_NOTE.format(source=f"glossary.{code}.yaml"),
            )  # fmt: skip
            home = language_home(code)
            guides = sorted(
                (
                    {"href": source_link(home, page_source(p.slug, code)), "title": p.procedure.title}
                    for p in self.pages[code].values()
                ),
                key=lambda guide: guide["title"],
            )
            files[home] = render("language-home.md.j2").render(
                t=language.t, language=code, citations=Citations(), find_action=find_action(code),
                guides=guides, english_home=source_link(home, HOME),
                generated_note=GENERATED_NOTE.format(source=f"procedures/{code}/*.yaml"),
            )  # fmt: skip
        return files

    def code_list_files(self) -> Files:
        """The "Find by code" page, and the whole library for portals: every guide, every code."""
        rows = [
            {"system": system, "code": code, "title": guide.record.procedure.title,
             "href": source_link(CODE_LIST, page_source(guide.record.slug)),
             "use": role_words(guide.listed, self.languages[ENGLISH].t, "code_use"),
             "address": "/" + code_page_path(system, code)}
            for (system, code), guides in guides_by_code(self.records).items()
            for guide in guides
        ]  # fmt: skip
        return {
            CODE_LIST: self.env.get_template("codes.md.j2").render(
                codes=rows,
                t=self.languages[ENGLISH].t,
                clinics_href=source_link(CODE_LIST, CLINICS),
                citations=Citations(),
                generated_note=GENERATED_NOTE.format(source="procedures/*.yaml"),
            ),
            PROCEDURES_ANSWER: json_text(procedures_answer(self.records, self.options)),
            CODE_MAP: json_text(self.code_map()),
        }

    def code_map(self) -> dict[str, Any]:
        """{system: {code: path}}: all the Infobutton page needs to find a guide, or the page to
        choose one where a code leads to several."""
        systems: dict[str, dict[str, str]] = {}
        for (system, code), guides in guides_by_code(self.records).items():
            path = page_path(guides[0].record.slug) if len(guides) == 1 else code_page_path(system, code)
            systems.setdefault(system_slug(system), {})[code] = path
        return {"codes": systems}

    def search_files(self) -> Files:
        """The search page in every language (in English, the body of the hand-written page), the
        home page's search box, and the index the search page loads."""
        render = self.env.get_template
        note = GENERATED_NOTE.format(source="templates/find.md.j2")
        files: Files = {}
        for code, language in self.languages.items():
            page = find_page(code)  # the English body's links are read from the page that includes it
            links = {
                "code_list": source_link(page, CODE_LIST),  # in English only
                "glossary": source_link(page, glossary_page(code)),
                "home": source_link(page, language_home(code)),
            }
            if code == ENGLISH:
                files[FIND_BODY] = render("find.md.j2").render(t=language.t, generated_note=note, **links)
                files[SEARCH_BOX] = render("search-box.md.j2").render(
                    t=language.t,
                    find_action=find_action(code),
                    fragment_note=GENERATED_NOTE.format(source="templates/search-box.md.j2"),
                )
            else:
                files[page] = render("find.md.j2").render(t=language.t, language=code, generated_note=note, **links)
        files[SEARCH_INDEX] = json.dumps(self.search_index(), ensure_ascii=False, separators=(",", ":")) + "\n"
        return files

    def search_index(self) -> dict[str, Any]:
        """What the search page looks through: one small entry per guide and language, never the full
        text; and the patients' everyday words with the guides' words for them (lay-words.yaml)."""
        return {
            "guides": [
                {
                    "title": plain_text(page.procedure.title),
                    "path": page_path(record.slug, language),
                    "language": language,
                    "other_names": [plain_text(name) for name in page.procedure.also_known_as or []],
                    "codes": [code.code for code in record.procedure.codes],
                    # The guide a code describes comes first when several carry it.
                    "primary_codes": [code.code for code in record.procedure.codes if code.kind == "primary"],
                    "summary": plain_text(page.procedure.summary),
                }
                for record in sorted(self.records, key=lambda r: r.slug)
                for language, by_slug in self.pages.items()
                if (page := by_slug.get(record.slug))
            ],
            "lay_words": self.lay_words,
        }
