"""Writing the generated files into docs/, where MkDocs reads them."""

from __future__ import annotations

from pathlib import Path

from procedure_guides.model.project import Project
from procedure_guides.output.addresses import GENERATED_DIRS
from procedure_guides.output.pages import Files


def write_generated(project: Project, files: Files) -> list[str]:
    """Make the generated folders of docs/ hold exactly `files`; returns the names that changed.

    Unchanged files are not touched, so a live preview rebuilds only what changed.
    """
    existing = {
        path.relative_to(project.docs).as_posix(): path.stat().st_size
        for folder in GENERATED_DIRS
        for path in (project.docs / folder).rglob("*")
        if path.is_file()
    }
    folders: set[Path] = set()
    changed = []
    for name, content in sorted(files.items()):
        data = content.encode("utf-8")
        path = project.docs / name
        if existing.get(name) == len(data) and path.read_bytes() == data:
            continue
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if name in existing:  # replaced whole, so a live preview never reads half a file
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(data)
            partial.replace(path)
        else:
            path.write_bytes(data)
        changed.append(name)
    for stale in sorted(set(existing) - set(files)):
        (project.docs / stale).unlink()
        changed.append(stale)
    return changed
