"""Glossary words on a guide's page: each marked once, where the body first uses it.

A marked word is a link to its line in the page's "Words to know" list, so it works
with no script at all; the page's script opens the definition in place instead, on
tap, click or keyboard, and a screen reader hears the definition as the link's
description. Titles, headings and names are never marked: a page full of dotted
words is harder to read, not easier.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from procedure_guides.model.glossary import Term

# Where a word must not be marked: inside a Markdown link, an HTML element that is a link,
# or any tag (an attribute value is not text).
PROTECTED = re.compile(r"\[[^\]]*\]\([^)]*\)|<a\b[^>]*>.*?</a>|<[^>]+>", re.S)


def word_anchor(term: Term) -> str:
    """The id of the term's line in the page's "Words to know" list."""
    return "word-" + term.anchor.removeprefix("term-")


def definition_anchor(term: Term) -> str:
    return word_anchor(term) + "-definition"


@dataclass
class MarkedTerms:
    """The page's glossary words, and which of them the text so far has marked."""

    terms: list[Term]
    marked: set[Term] = field(default_factory=set)

    def __post_init__(self) -> None:
        # Longer words first, so "spinal cord stimulator" is one word and not "spinal" inside it.
        self.terms = sorted(self.terms, key=lambda t: -max(map(len, t.forms)))

    def mark(self, markdown: str) -> str:
        """The text with the first use of each word not yet marked on the page as a link to its definition."""
        taken = [match.span() for match in PROTECTED.finditer(markdown)]
        found: list[tuple[int, int, Term]] = []
        for term in self.terms:
            if term in self.marked:
                continue
            for match in term.pattern.finditer(markdown):
                start, end = match.span()
                if not any(start < to and end > at for at, to in taken):
                    found.append((start, end, term))
                    taken.append((start, end))
                    self.marked.add(term)
                    break
        for start, end, term in sorted(found, key=lambda place: place[0], reverse=True):
            word = markdown[start:end]
            link = (
                f'<a class="pg-term" href="#{word_anchor(term)}" aria-describedby="{definition_anchor(term)}">'
                f"{html.escape(word)}</a>"
            )
            markdown = markdown[:start] + link + markdown[end:]
        return markdown
