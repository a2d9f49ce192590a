"""The glossary: plain definitions of the medical words records use.

`glossary.yaml` maps each term to its definition and, optionally, the other
forms it takes in text (plurals, related words). A page defines every term it
uses: its "Words to know" list gives each in full, and the first use of each in
the page's body is marked and opens its definition in place (output/terms.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from procedure_guides.model.fields import ListOf, MapOf, Mapping, Text
from procedure_guides.model.languages import ENGLISH
from procedure_guides.model.text import slugify
from procedure_guides.model.yaml_files import read_data_file

GLOSSARY_FILE = "glossary.yaml"  # English; another language's is glossary.<language>.yaml

ENTRY = MapOf(
    r"^[^\W\d_][\w '-]*$",
    "a term (letters, digits, spaces, hyphens)",
    Mapping(
        {
            "definition": Text("A plain definition, grade 6 or lower.", cites=False, required=True),
            "forms": ListOf(Text(one_line=True, cites=False), "Other forms of the word found in text, e.g. plurals."),
        }
    ),
)


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    forms: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return "term-" + slugify(self.term)

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.forms)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]

    def uses(self, texts: Iterable[str]) -> dict[Term, set[str]]:
        """The terms found in `texts`, each with the exact spellings found."""
        joined = "\n".join(texts)
        lowered = joined.lower()
        found: dict[Term, set[str]] = {}
        for term in self.terms:
            if not any(form.lower() in lowered for form in term.forms):
                continue  # a cheap test first: most pages use few of the terms
            spellings = {match.group(0) for match in term.pattern.finditer(joined)}
            if spellings:
                found[term] = spellings
        return found


@functools.lru_cache(maxsize=1024)
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the forms as a whole word, whatever its capitals; longest first."""
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def glossary_file(language: str = ENGLISH) -> str:
    return GLOSSARY_FILE if language == ENGLISH else f"glossary.{language}.yaml"


def load_glossary(root: Path, language: str = ENGLISH) -> Glossary:
    """The project's glossary in one language, or InvalidRecords naming its problems."""
    entries = read_data_file(root, glossary_file(language), ENTRY)
    terms = tuple(
        Term(term, entry["definition"], tuple(dict.fromkeys([term, *entry.get("forms", [])])))
        for term, entry in sorted(entries.items(), key=lambda item: item[0].lower())
    )
    return Glossary(terms)
