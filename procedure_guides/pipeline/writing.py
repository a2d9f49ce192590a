"""Writing the generated files into docs/, where MkDocs reads them."""

from __future__ import annotations

import os
from pathlib import Path

from procedure_guides.model.problems import BuildFailed
from procedure_guides.model.project import Project
from procedure_guides.output.addresses import GENERATED_DIRS
from procedure_guides.output.pages import Files


def write_generated(project: Project, files: Files) -> list[str]:
    """Make the generated folders of docs/ hold exactly `files`; returns the names that changed.

    Unchanged files are not touched, so a live preview rebuilds only what changed.
    """
    existing = generated_files(project)
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


def generated_files(project: Project) -> dict[str, int]:
    """The files now in the generated folders of docs/ (name: size), which the build may replace
    or remove. A link anywhere on the way is refused before anything is touched: followed, a
    committed `docs/codes -> ../../elsewhere` would have the build delete files outside the
    project, and a link inside docs/ would publish any file the machine can read."""
    docs = project.docs
    if docs.is_symlink():
        raise BuildFailed("docs/ is a link: the build writes only into the project's own docs/ folder; remove the link")
    found = {}
    for folder in GENERATED_DIRS:
        top = docs / folder
        if top.is_symlink() or (top.exists() and not top.is_dir()):
            raise BuildFailed(f"docs/{folder} is a link or a file: the build makes this folder itself; remove it")
        for where, folders, files in os.walk(top):  # never follows a link
            for name in [*folders, *files]:
                path = Path(where) / name
                if path.is_symlink() or not (path.is_dir() or path.is_file()):
                    shown = path.relative_to(docs).as_posix()
                    raise BuildFailed(
                        f"docs/{shown} is a link or a special file: the build makes docs/{folder}/; remove it"
                    )
                if path.is_file():
                    found[path.relative_to(docs).as_posix()] = path.stat().st_size
    return found
