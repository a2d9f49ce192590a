"""The folder a site is built into: which folders the build may replace, and how it replaces them.

The build replaces a folder whole, so it must be sure the folder is a site it
wrote itself: every site it writes carries a marker file, and it replaces only a
folder with that marker, an empty folder, or one that does not exist yet. It never
touches the project itself, a folder above it, a file or a mount point.

The new site is built beside the old one and swapped in with one atomic rename
(Linux's RENAME_EXCHANGE), so a web server reading the folder always finds a
whole site. Where that is not available, two renames are used, and a build that
died between them is repaired by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from procedure_guides.model.problems import UsageError

MARKER = ".procedure-guides-site"
MARKER_TEXT = "A site built by Procedure Guides (build.py). The next build may replace this folder whole.\n"
OUTPUT_FOLDERS = ("site", "preview-site")  # the project's own, named in .gitignore
LOCK_FILE = Path(".cache/build.lock")
FOLDER_MODE = 0o755  # any web server, running as any user, can read the site
FILE_MODE = 0o644
RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


def shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def safe_site_folder(root: Path, requested: Path) -> Path:
    """The folder to build into, resolved through links, or UsageError saying why it may not be."""
    root = root.resolve()
    target = (root / requested).resolve()
    name = shown(target, root)
    if target == root or root.is_relative_to(target):
        raise UsageError(f"--site-dir {name}: that folder holds the project itself; choose a folder such as site")
    if target.is_relative_to(root) and target.parent != root:
        raise UsageError(
            f"--site-dir {name}: inside the project, a site goes in a folder of its own at the top (such as site)"
        )
    if not target.exists():
        return target
    if not target.is_dir():
        raise UsageError(f"--site-dir {name}: that is a file, not a folder; choose a folder for the site")
    if os.path.ismount(target):
        raise UsageError(f"--site-dir {name}: that is a mount point; choose a folder inside it")
    if not (target / MARKER).is_file() and target.is_relative_to(root) and any(target.iterdir()):
        raise UsageError(f"--site-dir {name}: that is one of the project's own folders; choose a new one such as site")
    if not (target / MARKER).is_file() and any(target.iterdir()):
        raise UsageError(
            f"--site-dir {name}: that folder holds files this build did not write, and a build replaces its"
            " folder whole; choose a new or empty folder (or delete an old site there yourself)"
        )
    return target


def is_ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def leftovers(target: Path, kind: str) -> list[Path]:
    """Folders that earlier builds of `target` left beside it (`kind` is "building" or "old")."""
    return sorted(path for path in target.parent.glob(f".{target.name}.{kind}-*") if is_ours(path))


def tidy_up(target: Path) -> None:
    """Mend what a build killed part-way left behind: put back a site that was moved aside and
    not replaced, and remove half-built and replaced sites."""
    old = leftovers(target, "old")
    if old and not target.exists():
        old.pop().rename(target)
    for folder in [*old, *leftovers(target, "building")]:
        shutil.rmtree(folder)


@contextlib.contextmanager
def new_site_folder(target: Path) -> Iterator[Path]:
    """An empty, marked folder beside `target` to build into; removed again if it is not swapped in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        (building / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        yield building
    finally:
        if building.exists():
            shutil.rmtree(building)


def open_to_all(folder: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask and mkdtemp's 0700."""
    folder.chmod(FOLDER_MODE)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), FOLDER_MODE)
        for name in files:
            os.chmod(os.path.join(parent, name), FILE_MODE)


def swap_in(new: Path, target: Path) -> None:
    """Make `new` the site at `target` at once, and remove the site it replaces."""
    if not target.exists():
        new.rename(target)
        return
    if exchange(new, target):
        shutil.rmtree(new)  # it holds the replaced site now
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)  # a build that dies here leaves `old`, which `tidy_up` puts back
    new.rename(target)
    shutil.rmtree(old)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux 3.15 and later); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # an old kernel, or a file system without exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def one_build_at_a_time(root: Path) -> Iterator[None]:
    """Hold the project's build lock; a second build waits for the first, saying so."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another build of this project is running; waiting for it to finish.", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
