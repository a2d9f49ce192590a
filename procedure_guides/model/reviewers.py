"""Who may approve a guide: the registry of clinicians, reviewers.yaml.

A guide is `approved` only when a clinician listed here approved it, in a language
they review in. The registry is kept by hand, by pull request, and only a person
may add themselves: nobody is ever listed on anyone's behalf. The code host's
CODEOWNERS file for procedures/ is made from it (`build.py schema`), so a pull
request that changes a guide needs a listed reviewer's approval there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from procedure_guides.model.declaration import REVIEWER_ID_PATTERN
from procedure_guides.model.fields import Choice, ListOf, MapOf, Mapping, Pattern, Text, key
from procedure_guides.model.languages import SITE_LANGUAGES
from procedure_guides.model.yaml_files import read_data_file

REVIEWERS_FILE = "reviewers.yaml"
CODEOWNERS_FILE = Path(".github/CODEOWNERS")


# fmt: off
@dataclass(frozen=True, kw_only=True)
class Reviewer:
    name: str = key(Text("Their full name, as they sign their work.", one_line=True, cites=False, required=True, example="(the clinician's own name)"))
    credentials: list[str] = key(ListOf(Text(one_line=True, cites=False), "Their professional credentials, such as MD, DO, RN or PT.", required=True, example=["MD"]))
    specialty: str = key(Text("Their specialty.", one_line=True, cites=False, required=True, example="Orthopedic spine surgery"))
    languages: list[str] = key(ListOf(Choice(SITE_LANGUAGES), "The languages they review guides in.", required=True, example=["en"]))
    handle: str = key(Pattern(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$", "a user name on the code host", "Their user name on the code host, for CODEOWNERS.", required=True, example="their-user-name"))

    @property
    def signature(self) -> str:
        """How a page names them: "Name, MD, RN (Specialty)"."""
        return f"{self.name}, {', '.join(self.credentials)} ({self.specialty})"
# fmt: on


REGISTRY = MapOf(
    REVIEWER_ID_PATTERN,
    "a reviewer's id (lower-case letters, digits and hyphens)",
    Mapping.of(Reviewer),
    may_be_empty=True,
)


def load_reviewers(root: Path) -> dict[str, Reviewer]:
    """The registry, {id: reviewer}; InvalidRecords names every problem in it."""
    typed: dict[str, Reviewer] = REGISTRY.typed(read_data_file(root, REVIEWERS_FILE, REGISTRY))
    return typed


def codeowners(reviewers: dict[str, Reviewer]) -> str:
    """The code host's CODEOWNERS file: the listed reviewers own procedures/."""
    lines = [
        f"# Made by `python build.py schema` from {REVIEWERS_FILE}; do not edit.",
        "# A pull request that changes a guide needs the approval of a clinician listed there.",
    ]
    handles = sorted({f"@{reviewer.handle}" for reviewer in reviewers.values()})
    if handles:
        lines.append("/procedures/ " + " ".join(handles))
    else:
        lines.append(f"# No clinician is listed in {REVIEWERS_FILE} yet, so no guide can be approved.")
    return "\n".join(lines) + "\n"
