"""Every address of the site and every file the build writes under docs/, in one place.

English pages live at the site's root and each other language under /<language>/.
A page's address is a folder (`procedures/<slug>/`); its Markdown source under docs/
is the same path as a file (`procedures/<slug>.md`). Templates get finished links
from here and never build an address themselves.
"""

from __future__ import annotations

import posixpath

from procedure_guides.model.languages import ENGLISH, LANGUAGES

# Folders under docs/ that the build writes and owns: git-ignored, rebuilt every time,
# and kept out of MkDocs's navigation (mkdocs.yml); a test holds all three together.
GENERATED_DIRS = ("procedures", "codes", "api", "regions", "figures", *LANGUAGES)

HOME = "index.md"
HOME_GUIDES = "procedures/_by_region.md"  # a fragment the hand-written home page includes
GLOSSARY_TERMS = "procedures/_glossary.md"  # a fragment the hand-written glossary page includes
GLOSSARY = "glossary.md"
EDITORIAL_POLICY = "editorial-policy.md"
CLINICS = "clinics.md"
CODE_LIST = "codes/index.md"
PROCEDURES_ANSWER = "api/procedures.json"
CODE_MAP = "api/codes.json"
SEARCH_INDEX = "api/search.json"
FIND = "find.md"  # the search page: hand-written in English around FIND_BODY, generated whole in other languages
FIND_BODY = "procedures/_find.md"  # a fragment the hand-written search page includes
SEARCH_BOX = "procedures/_search_box.md"  # a fragment the hand-written home page includes


def in_language(path: str, language: str) -> str:
    """A path of the English site, as it is in `language`."""
    return path if language == ENGLISH else f"{language}/{path}"


def page_path(slug: str, language: str = ENGLISH) -> str:
    """A guide's address under the site root."""
    return in_language(f"procedures/{slug}/", language)


def page_source(slug: str, language: str = ENGLISH) -> str:
    """The Markdown file of a guide under docs/."""
    return page_path(slug, language).rstrip("/") + ".md"


def page_url(site_url: str, slug: str, language: str = ENGLISH) -> str:
    return site_url + page_path(slug, language)


def region_page(region_slug: str) -> str:
    return f"regions/{region_slug}.md"


def language_home(language: str) -> str:
    return in_language(HOME, language)


def glossary_page(language: str) -> str:
    return in_language(GLOSSARY, language)


def find_page(language: str) -> str:
    """The search page's Markdown file under docs/."""
    return in_language(FIND, language)


def find_action(language: str) -> str:
    """Where a language's home page sends its search box: that language's search page."""
    return relative_url(in_language("", language), in_language("find/", language))


def system_slug(system: str) -> str:
    """`ICD-10-PCS` -> `icd-10-pcs`: code systems are lower case in addresses."""
    return system.lower()


def code_page_path(system: str, code: str, language: str = ENGLISH) -> str:
    """A code's permanent address, which leads to its guide (or lets the reader choose one of its guides)."""
    return in_language(f"codes/{system_slug(system)}/{code}/", language)


def code_page_source(system: str, code: str, language: str = ENGLISH) -> str:
    """The Markdown source of a code's page where the code leads to several guides."""
    return code_page_path(system, code, language) + "index.md"


def code_answer_path(system: str, code: str, language: str = ENGLISH) -> str:
    """A code's JSON answer for portals."""
    return "api/" + in_language(f"codes/{system_slug(system)}/{code}.json", language)


def api_schema(name: str) -> str:
    return f"api/schemas/{name}"


def relative_url(from_page: str, to_page: str) -> str:
    """A link from one folder-style page address to another, both relative to the site root."""
    relative = posixpath.relpath(to_page.rstrip("/") or ".", from_page.rstrip("/") or ".")
    return relative + "/" if to_page.endswith("/") or not to_page else relative


def source_link(from_source: str, to_source: str) -> str:
    """A Markdown link from one source file under docs/ to another (MkDocs turns it into the page's address)."""
    return posixpath.relpath(to_source, posixpath.dirname(from_source) or ".")
