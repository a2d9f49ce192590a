"""Where a project's parts live; tests point it at a throw-away copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def procedures(self) -> Path:
        return self.root / "procedures"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def procedure_pages(self) -> Path:
        return self.docs / "procedures"

    @property
    def api_schemas(self) -> dict[str, str]:
        """The published JSON Schemas of the portal answers, copied into the site under /api/schemas/."""
        return {path.name: path.read_text(encoding="utf-8") for path in sorted(self.root.glob("schemas/api-*.json"))}

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"
