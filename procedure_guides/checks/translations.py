"""Translations of records: procedures/<language>/<slug>.yaml beside the English procedures/<slug>.yaml.

A translation has the same keys as its English record, in the same shape, with
the same number of items, and each text cites the same sources. Codes, related
links and references are never translated: they come from the English record,
so the two cannot drift apart. A translation has its own review status.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from procedure_guides.checks.editorial import newest_change, spanish_reading_problems
from procedure_guides.model.declaration import RECORD, TRANSLATION, keys_where
from procedure_guides.model.fields import Either, Field, ListOf, MapOf, Mapping, Reader, Text
from procedure_guides.model.languages import LANGUAGES
from procedure_guides.model.problems import KeyPath, Problem, format_key_path
from procedure_guides.model.record import Record, check_citations
from procedure_guides.model.text import CITATION, citation_numbers
from procedure_guides.model.yaml_files import read_shape, record_files

FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def translation_folders(procedures: Path) -> Iterator[tuple[str, Path]]:
    for language in LANGUAGES:
        folder = procedures / language
        if folder.is_dir():
            yield language, folder


def read_translation(path: Path, shown_as: str, english: Record | None) -> tuple[Record | None, list[Problem]]:
    """One translation, checked on its own and against its English record."""
    reader = Reader(shown_as)
    if english is None:
        reader.problem(1, (), f"there is no English record procedures/{path.stem}.yaml to translate")
        return None, reader.problems
    data = read_shape(path, TRANSLATION, reader)
    if data is None:
        return None, reader.problems
    check_citations(english.data.get("references"), reader)
    translation = Record(path.stem, shown_as, data, reader.lines)
    problems = reader.problems + _differences(translation, english) + spanish_reading_problems(translation)
    return (None if reader.problems else translation), problems


def _differences(translation: Record, english: Record) -> list[Problem]:
    """Where the translation's keys, items or citations differ from the English record's."""
    problems = []

    def differ(path: KeyPath, message: str, line_of: KeyPath | None = None) -> None:
        line = translation.line(*(path if line_of is None else line_of))
        problems.append(Problem(translation.file, line, format_key_path(path), message))

    def compare(mine: Any, theirs: Any, shape: Field, path: KeyPath) -> None:
        if isinstance(shape, Either) and type(mine) is type(theirs):
            compare(mine, theirs, shape.choice_for(theirs), path)
        elif isinstance(theirs, dict) and isinstance(mine, dict):
            if isinstance(shape, MapOf) and shape.headings_are_text:  # translated headings pair up by position
                if len(mine) != len(theirs):
                    differ(path, f"has {len(mine)} headings; the English record has {len(theirs)}")
                for (key, value), other in zip(mine.items(), theirs.values(), strict=False):
                    compare(value, other, shape.value, (*path, key))
                return
            for key in theirs.keys() - mine.keys():
                differ((*path, key), "is missing; the English record has it", line_of=path)
            for key in mine.keys() - theirs.keys():
                differ((*path, key), "the English record has no such section; add it there first")
            for key in mine.keys() & theirs.keys():
                compare(mine[key], theirs[key], child_shape(shape, key), (*path, key))
        elif isinstance(theirs, list) and isinstance(mine, list):
            if len(mine) != len(theirs):
                differ(path, f"has {len(mine)} items; the English record has {len(theirs)}")
            for i, (value, other) in enumerate(zip(mine, theirs, strict=False)):
                compare(value, other, child_shape(shape, i), (*path, i))
        elif isinstance(theirs, str) and isinstance(mine, str) and not isinstance(shape, Text):
            if mine != theirs:  # an id or a choice, such as a red flag: never translated
                differ(path, f"is {mine!r}; the English record has {theirs!r}")
        elif isinstance(theirs, str) and isinstance(mine, str):
            cited = sorted(set(citation_numbers(theirs)))
            if sorted(set(citation_numbers(mine))) != cited:
                differ(path, f"cites {cited or 'nothing'} in English; cite the same sources here")
            elif figures_in(mine) != figures_in(theirs):
                shown = ", ".join(figures_in(theirs)) or "none"
                differ(path, f"has other figures than the English text ({shown}): every number must match")
        else:
            differ(path, "has a different shape from the English record's (list, text or headings)")

    not_compared = keys_where(inherited=True) + keys_where(own=True)
    english_text = {k: v for k, v in english.data.items() if k not in not_compared}
    own_text = {k: v for k, v in translation.data.items() if k not in keys_where(own=True)}
    compare(own_text, english_text, RECORD, ())
    return problems


def figures_in(text: str) -> list[str]:
    """The numbers a text states, as digits only (9.6 and 9,6 are the same figure), leaving out
    its citation markers."""
    return sorted(re.sub(r"\D", "", n) for n in FIGURE.findall(CITATION.sub("", text)))


def child_shape(shape: Field, key: str | int) -> Field:
    """The field that reads `key` (a key or a list position) of what `shape` reads."""
    if isinstance(shape, ListOf):
        return shape.item
    if isinstance(shape, MapOf):
        return shape.value
    assert isinstance(shape, Mapping) and isinstance(key, str), "only lists and mappings have parts"
    return shape.fields[key]


def older_than_english(translation: Record, english: Record) -> datetime.date | None:
    """The date of the English record's newest change when the translation has none as new; None
    when the translation is up to date."""
    english_date = newest_change(english)
    own_date = newest_change(translation) or translation.data["review"]["last_reviewed"]
    return english_date if english_date and english_date > own_date else None


def stale_translations(translations: dict[str, dict[str, Record]], english: dict[str, Record]) -> list[Problem]:
    """Translations older than their English record's newest change (warnings: until they are
    brought up to date, the guide's page in their language is the note that leads to English)."""
    found = []
    for by_slug in translations.values():
        for slug, translation in sorted(by_slug.items()):
            english_date = older_than_english(translation, english[slug])
            if english_date:
                found.append(
                    Problem(
                        translation.file,
                        translation.line("changes") if "changes" in translation.data else 1,
                        "changes",
                        f"older than the English record, which changed on {english_date.isoformat()}:"
                        " bring the translation up to date and add a change",
                    )
                )
    return found


def load_translations(
    procedures: Path, root: Path, english: dict[str, Record]
) -> tuple[dict[str, dict[str, Record]], list[Problem]]:
    """Every translation, by language and slug, and every problem in any of them."""
    translations: dict[str, dict[str, Record]] = {}
    problems: list[Problem] = []
    for language, folder in translation_folders(procedures):
        translations[language] = {}
        files, unreadable, _ = record_files(folder, within=procedures)
        problems.extend(unreadable)
        for path in files:
            if path.stem not in english and (procedures / path.name).exists():
                continue  # its English record has problems of its own, already reported
            translation, found = read_translation(path, path.relative_to(root).as_posix(), english.get(path.stem))
            problems.extend(found)
            if translation:
                translations[language][path.stem] = translation
    return translations, problems
