"""The fixed texts of the pages (headings, labels, banners), in every language the site speaks.

They live in templates/messages.yaml, one key a text with every language, and
templates show them as {{ t.key }}.
"""

from __future__ import annotations

from pathlib import Path

from procedure_guides.model.fields import SNAKE_CASE_PATTERN, MapOf, Mapping, Text
from procedure_guides.model.languages import SITE_LANGUAGES
from procedure_guides.model.yaml_files import read_data_file

MESSAGES_FILE = "messages.yaml"  # in the templates folder

CATALOGUE = MapOf(
    SNAKE_CASE_PATTERN,
    "a message key in snake_case",
    Mapping({language: Text(one_line=True, cites=False, required=True) for language in SITE_LANGUAGES}),
)


def load_messages(templates: Path) -> dict[str, dict[str, str]]:
    """{language: {key: text}}; InvalidRecords if a text is missing in any language."""
    catalogue = read_data_file(templates.parent, f"{templates.name}/{MESSAGES_FILE}", CATALOGUE)
    return {language: {key: texts[language] for key, texts in catalogue.items()} for language in SITE_LANGUAGES}
