"""The fixed texts of the site (headings, labels, banners, the theme's and the scripts' words), in
every language the site speaks.

They live in templates/messages.yaml, one key a text. A text is written in each language a
page that shows it can be in: one shown only on English pages (the code list) has only
English, and one shown only under /es/ (the note for a guide not yet translated) only
Spanish. A language without its own text for a key shows the English one. Templates show
them as {{ t.key }}; the theme's templates and the scripts get them from the engine run.
"""

from __future__ import annotations

from pathlib import Path

from procedure_guides.model.fields import SNAKE_CASE_PATTERN, MapOf, Mapping, Text
from procedure_guides.model.languages import ENGLISH, SITE_LANGUAGES
from procedure_guides.model.yaml_files import read_data_file

MESSAGES_FILE = "messages.yaml"  # in the templates folder

CATALOGUE = MapOf(
    SNAKE_CASE_PATTERN,
    "a message key in snake_case",
    Mapping({language: Text(one_line=True, cites=False) for language in SITE_LANGUAGES}, at_least_one=SITE_LANGUAGES),
)


def load_messages(templates: Path) -> dict[str, dict[str, str]]:
    """{language: {key: text}}, English standing in where a language has no text of its own;
    InvalidRecords names every problem in the catalogue."""
    catalogue = read_data_file(templates.parent, f"{templates.name}/{MESSAGES_FILE}", CATALOGUE)
    return {
        language: {
            key: texts.get(language, texts.get(ENGLISH))
            for key, texts in catalogue.items()
            if language in texts or ENGLISH in texts
        }
        for language in SITE_LANGUAGES
    }
