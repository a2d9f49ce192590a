"""The site engine: MkDocs with the Material theme, run on docs/ and mkdocs.yml."""

from __future__ import annotations

import calendar
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from procedure_guides.model.declaration import PUBLICATION_SETTINGS
from procedure_guides.model.messages import load_messages
from procedure_guides.model.problems import BuildFailed, UsageError
from procedure_guides.model.project import Project
from procedure_guides.model.record import Record


def site_config(project: Project) -> dict[str, Any]:
    with project.mkdocs_config.open(encoding="utf-8") as config:
        return dict(yaml_load(config))


def read_site_url(project: Project) -> str:
    """The address the site is published at, from mkdocs.yml (which may take it from $SITE_URL)."""
    url = str(site_config(project).get("site_url") or "http://127.0.0.1:8000/")
    return url if url.endswith("/") else url + "/"


def is_placeholder(url: str) -> bool:
    """Whether the address is one reserved for examples (RFC 2606), as mkdocs.yml gives without $SITE_URL."""
    host = urlsplit(url).hostname or ""
    return host.endswith(".example") or host in ("example.com", "example.net", "example.org")


def publication_setting(project: Project) -> str:
    """The lowest review step a guide needs to be published, from mkdocs.yml's `extra.publish`:
    `under_review` (published with a notice that a clinician has not yet reviewed it) or `approved`."""
    setting = str((site_config(project).get("extra") or {}).get("publish", "under_review"))
    if setting not in PUBLICATION_SETTINGS:
        raise UsageError(
            f"mkdocs.yml: extra.publish is {setting!r}; it must be one of {', '.join(PUBLICATION_SETTINGS)}"
        )
    return setting


def theme_settings(project: Project) -> dict[str, Any]:
    """What the engine run adds to mkdocs.yml: the site's fixed texts in every language, which
    the theme's templates (overrides/) show as `config.extra.texts[language].key`."""
    return {"extra": {**(site_config(project).get("extra") or {}), "texts": load_messages(project.templates)}}


@contextlib.contextmanager
def build_date_from(records: list[Record]) -> Iterator[None]:
    """Pin MkDocs's idea of "now" (sitemap dates, gzip headers) to the newest review.

    The same records then always give byte-identical output.
    """
    newest = max((r.procedure.review.last_reviewed for r in records), default=None)
    epoch = calendar.timegm(newest.timetuple()) if newest else 0
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def run_mkdocs(project: Project, site_dir: Path, published: list[Record]) -> None:
    """MkDocs (strict) builds the site into `site_dir`, dated by the newest review of `published`."""
    try:
        # Markdown extensions (snippets) resolve their paths from the working folder.
        with contextlib.chdir(project.root), build_date_from(published):
            config = load_config(
                config_file=str(project.mkdocs_config), strict=True, site_dir=str(site_dir), **theme_settings(project)
            )
            mkdocs_build(config)
    except MkDocsException as error:
        raise BuildFailed(f"MkDocs: {error}") from None
