"""`build.py serve`: a live preview for editors that survives mistakes.

A watcher re-renders docs/procedures/ whenever a record or template is saved;
MkDocs's own server notices the changed Markdown and reloads the browser. A
record saved with a mistake prints its problems and leaves the last good pages
being served; fixing it brings the page back.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from procedure_guides.model.problems import GuideError, Problem
from procedure_guides.model.record import Record
from procedure_guides.pipeline.site_folder import one_build_at_a_time
from procedure_guides.pipeline.stages import Project, check_record, checked_library, render, write_generated

POLL_SECONDS = 0.25


def source_snapshot(project: Project) -> dict[Path, float]:
    """Modification times of everything the generated pages are made from."""
    paths = [
        *project.procedures.glob("*.y*ml"),
        *project.procedures.glob("*/*.y*ml"),  # translations
        *project.templates.rglob("*"),
        *project.root.glob("glossary*.yaml"),
    ]
    snapshot = {}
    for path in paths:
        try:
            snapshot[path] = path.stat().st_mtime
        except FileNotFoundError:  # deleted between listing and stat
            continue
    return snapshot


class UnchangedFilesSkipped:
    """Checks a record file again only when it changed since it was last checked."""

    def __init__(self) -> None:
        self.checked: dict[Path, tuple[tuple[int, int], tuple[Record | None, list[Problem]]]] = {}

    def __call__(self, path: Path, shown_as: str) -> tuple[Record | None, list[Problem]]:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        earlier = self.checked.get(path)
        if earlier and earlier[0] == stamp:
            return earlier[1]
        result = check_record(path, shown_as)
        self.checked[path] = (stamp, result)
        return result


def refresh(project: Project, check: UnchangedFilesSkipped) -> None:
    """Re-render every record (drafts included); report, never raise."""
    try:
        with one_build_at_a_time(project.root):
            # One worker: `check` remembers what it read, which workers' memories would lose.
            files, _ = render(project, checked_library(project, check, workers=1), drafts=True)
            changed = write_generated(project, files)
    except GuideError as error:
        print(f"{error}\nStill serving the last good version.", file=sys.stderr, flush=True)
        return
    except Exception as error:
        print(f"could not re-render: {error!r}\nStill serving the last good version.", file=sys.stderr, flush=True)
        return
    if changed:
        print(f"Re-rendered: {', '.join(changed)}", file=sys.stderr, flush=True)


def watch(project: Project, check: UnchangedFilesSkipped, stop: threading.Event) -> None:
    seen = source_snapshot(project)
    while not stop.wait(POLL_SECONDS):
        now = source_snapshot(project)
        if now != seen:
            seen = now
            refresh(project, check)


def serve(project: Project, dev_addr: str) -> None:
    check = UnchangedFilesSkipped()
    refresh(project, check)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, check, stop), daemon=True)
    watcher.start()
    print(f"Previewing drafts too at http://{dev_addr}/ (Ctrl+C to stop).", file=sys.stderr, flush=True)
    try:
        # Markdown extensions (snippets) resolve their paths from the working folder.
        with contextlib.chdir(project.root):
            # "dirty": MkDocs rebuilds only the pages whose Markdown changed, and the
            # watcher above rewrites only those, so a large library previews quickly.
            mkdocs_serve(
                config_file=str(project.mkdocs_config),
                dev_addr=dev_addr,
                livereload=True,
                build_type="dirty",
                strict=False,
            )
    finally:
        stop.set()
