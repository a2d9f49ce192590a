"""`build.py serve`: a live preview for editors that survives mistakes.

Watchdog (which MkDocs installs for its own server) reports every saved record,
translation, template, glossary or lay-words file; the preview then runs the
pipeline's stages up to `write` with drafts included, and MkDocs's own server
notices the changed Markdown and reloads the browser. A record saved with a
mistake prints its problems and leaves the last good pages being served; fixing
it brings the page back.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from procedure_guides.model.lay_words import LAY_WORDS_FILE
from procedure_guides.model.problems import EXIT_OK, GuideError, Problem
from procedure_guides.model.project import Project
from procedure_guides.model.record import Record
from procedure_guides.pipeline.engine import theme_settings
from procedure_guides.pipeline.stages import Settings, build_docs, check_record

SETTLE_SECONDS = 0.1  # an editor's save can be several events; re-render once they have settled


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
        # One worker: `check` remembers what it read, which workers' memories would lose.
        run = build_docs(Settings(project, drafts=True, workers=1, check_file=check))
    except GuideError as error:
        print(f"{error}\nStill serving the last good version.", file=sys.stderr, flush=True)
        return
    except Exception as error:
        print(f"could not re-render: {error!r}\nStill serving the last good version.", file=sys.stderr, flush=True)
        return
    if run.changed:
        print(f"Re-rendered: {', '.join(run.changed)}", file=sys.stderr, flush=True)


class SourceWatcher(FileSystemEventHandler):
    """Notes saves of the files pages are made from; a thread re-renders once they settle."""

    def __init__(self, project: Project):
        self.project = project
        self.saved = threading.Event()

    def is_source(self, path: Path) -> bool:
        if path.is_relative_to(self.project.procedures) or path.is_relative_to(self.project.templates):
            return True
        if path.parent != self.project.root:
            return False
        return (path.name.startswith("glossary") and path.suffix == ".yaml") or path.name == LAY_WORDS_FILE

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(path and self.is_source(Path(str(path))) for path in paths):
            self.saved.set()

    def re_render(self, check: UnchangedFilesSkipped, stop: threading.Event) -> None:
        while not stop.is_set():
            if self.saved.wait(0.5) and not stop.wait(SETTLE_SECONDS):
                self.saved.clear()
                refresh(self.project, check)


def run(project: Project, args: argparse.Namespace) -> int:
    check = UnchangedFilesSkipped()
    refresh(project, check)
    watcher = SourceWatcher(project)
    observer = Observer()
    for folder in (project.procedures, project.templates):
        observer.schedule(watcher, str(folder), recursive=True)
    observer.schedule(watcher, str(project.root), recursive=False)  # the glossaries and the lay words
    stop = threading.Event()
    renderer = threading.Thread(target=watcher.re_render, args=(check, stop), daemon=True)
    observer.start()
    renderer.start()
    print(f"Previewing drafts too at http://{args.dev_addr}/ (Ctrl+C to stop).", file=sys.stderr, flush=True)
    try:
        # Markdown extensions (snippets) resolve their paths from the working folder.
        with contextlib.chdir(project.root):
            # "dirty": MkDocs rebuilds only the pages whose Markdown changed, and the
            # preview rewrites only those, so a large library previews quickly.
            mkdocs_serve(
                config_file=str(project.mkdocs_config),
                dev_addr=args.dev_addr,
                livereload=True,
                build_type="dirty",
                strict=False,
                **theme_settings(project),
            )
    finally:
        stop.set()
        observer.stop()
    return EXIT_OK
