"""The tool cannot hurt its users: a careless editor, a crashing machine or a hostile contributor
loses no folder, puts no script on a page, and gets one plain line instead of a traceback."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import build
from procedure_guides.model.project import Project
from procedure_guides.output.addresses import GENERATED_DIRS
from procedure_guides.pipeline import site_folder
from procedure_guides.pipeline.promise import ADDRESS_FILE, broken_addresses, published_addresses
from procedure_guides.pipeline.stages import Settings, build_site
from tests.conftest import ROOT, Ran, line_of
from tests.test_build import tree_digest

MINIMAL = """\
title: A test procedure
codes:
  - {system: CPT, code: "99914"}
summary: A short summary.
indications:
  - A reason to do it
preparation:
  - Something to do before
risks:
  - A risk
recovery:
  - Rest at home
families: [wound]
get_help:
  urgent:
    - red_flag: wound-infection
alternatives:
  - Waiting
references:
  - title: A source
    url: https://example.org/source
    kind: journal_article
review:
  status: under_review
  last_reviewed: 2026-01-15
  source_check: {by: Procedure Guides editorial team, date: 2026-01-15}
"""


def add_record(project: Project, text: str, slug: str = "test-procedure") -> Path:
    path = project.procedures / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def with_summary(yaml_value: str) -> str:
    """The minimal record with its summary written as `yaml_value` (a YAML scalar as typed)."""
    return MINIMAL.replace("summary: A short summary.", f"summary: {yaml_value}")


def main_in_process(*argv: str) -> Ran:
    """build.py's main() in this process, for failures that need a patched function."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build.main(list(argv))
    return Ran(code, out.getvalue(), err.getvalue())


def assert_one_line(ran: Ran, code: int) -> str:
    assert ran.code == code, ran.err
    assert "Traceback" not in ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    return lines[0]


# 1. --site-dir never deletes a folder the build did not write.


@pytest.fixture
def thesis(tmp_path: Path) -> Path:
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter-1.md").write_text("Months of work.")
    return folder


def named(project: Project, thesis: Path, name: str) -> Path:
    (project.root / ".git").mkdir(exist_ok=True)
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project.root / "notes.txt").write_text("An editor's notes.")
    return {"thesis": thesis, "parent": project.root.parent, "file": project.root / "notes.txt"}.get(
        name, project.root / name
    )


@pytest.mark.parametrize(
    ("site_dir", "says"),
    [
        (".", "holds the project itself"),
        ("procedures", "one of the project's own folders"),
        ("docs", "one of the project's own folders"),
        (".git", "one of the project's own folders"),
        ("docs/site", "a folder of its own at the top"),
        ("parent", "holds the project itself"),
        ("thesis", "holds files this build did not write"),
        ("file", "that is a file, not a folder"),
    ],
)
def test_a_site_folder_that_is_not_the_builds_own_is_refused_and_untouched(
    site_dir: str, says: str, scratch_project: Project, thesis: Path, build_py: Callable[..., Ran]
) -> None:
    target = named(scratch_project, thesis, site_dir)
    watched = target.parent if site_dir == "file" else target
    before = tree_digest(watched)
    if site_dir == "file":
        before[target.name] = target.read_text()

    ran = build_py(scratch_project.root, "build", "--site-dir", str(target))

    assert says in assert_one_line(ran, 2)
    after = tree_digest(watched)
    if site_dir == "file":
        after[target.name] = target.read_text()
    assert after == before


@pytest.mark.parametrize("site_dir", ["/", "/proc"])
def test_the_root_folder_and_a_mount_point_are_refused(
    site_dir: str, scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    ran = build_py(scratch_project.root, "build", "--site-dir", site_dir)

    assert re.search("holds the project itself|mount point", assert_one_line(ran, 2))


def test_a_link_to_the_project_is_followed_before_deciding(
    scratch_project: Project, tmp_path: Path, build_py: Callable[..., Ran]
) -> None:
    link = tmp_path / "innocent-looking"
    link.symlink_to(scratch_project.root)

    ran = build_py(scratch_project.root, "build", "--site-dir", str(link))

    assert "holds the project itself" in assert_one_line(ran, 2)
    assert (scratch_project.procedures / "spinal-hardware-removal.yaml").exists()


def test_a_new_folder_an_empty_folder_and_an_earlier_site_are_built_into(
    scratch_project: Project, tmp_path: Path, build_py: Callable[..., Ran]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in [tmp_path / "new", empty, tmp_path / "new"]:
        ran = build_py(scratch_project.root, "build", "--site-dir", str(target))
        assert ran.code == 0, ran.err
        assert (target / site_folder.MARKER).is_file()
        assert (target / "index.html").is_file()


# 2-6. Record text stays text: no script, no request to another host, no block, no hidden character.

REJECTED_TEXT = {
    "script through a source link": (
        MINIMAL.replace(
            "url: https://example.org/source",
            "url: 'https://evil.example/)[Read&#32;the&#32;full&#32;study](javascript:alert(document.domain))'",
        ),
        "references[0].url: write the address itself, without HTML character references such as &#106;",
    ),
    "entity-encoded javascript": (
        with_summary('"[Read](&#106;avascript:alert(1))"'),
        "summary: HTML character references (such as &#106; or &amp;) are not allowed; type the character",
    ),
    "a picture from another site": (
        with_summary('"A picture ![x](https://evil.example/pixel.png)"'),
        "summary: pictures are not allowed in text; a guide's pictures come from the project's own files",
    ),
    "a warning box": (
        with_summary("'!!! danger \"Stop taking all medicine now\"'"),
        "summary: the text starts with a note box (!!! or ???); record text is inline text, so write plain sentences",
    ),
    "an abbreviation": (
        with_summary("'*[surgery]: an operation that goes wrong'"),
        "summary: the text starts with an abbreviation definition (*[...]:); record text is inline text",
    ),
    "a link definition": (
        with_summary("'[a]: https://example.org'"),
        "summary: the text starts with a link definition ([...]:); record text is inline text",
    ),
    "a rule": (
        with_summary("'---'"),
        "summary: the text starts with a horizontal rule (---); record text is inline text",
    ),
    "a snippet include": (
        with_summary("'--8<-- \"editorial-policy.md\"'"),
        "summary: '--8<--' would include a file into the page; write it another way",
    ),
    "a block on a later line": (
        with_summary("|\n  A first line.\n  !!! note"),
        "summary: line 2 of the text starts with a note box (!!! or ???); record text is inline text",
    ),
    "a NUL character": (with_summary('"A summary \\0 here."'), "summary: holds the invisible character U+0000"),
    "an escape character": (with_summary('"A summary \\e[31m here."'), "summary: holds the invisible character U+001B"),
    "a C1 control character": (
        with_summary('"A summary \\x80 here."'),
        "summary: holds the invisible character U+0080",
    ),
    "a non-character": (with_summary('"A summary \\uFFFE here."'), "summary: holds the invisible character U+FFFE"),
    "a right-to-left override": (
        with_summary('"A summary \\u202E here."'),
        "summary: holds the invisible character U+202E",
    ),
    "a title with a control character": (
        MINIMAL.replace("title: A test procedure", 'title: "A test\\x1b procedure"'),
        "title: holds the invisible character U+001B",
    ),
    "a slug with a trailing line break": (
        MINIMAL + 'previous_slugs: ["old-address\\n"]\n',
        "previous_slugs[0]: 'old-address\\n' is not an earlier slug of this record",
    ),
    "a code with a trailing line break": (
        MINIMAL.replace('code: "99914"', 'code: "22852\\n"'),
        "codes[0].code: '22852\\n' is not a code in quotes",
    ),
    "a link to a page without http": (
        with_summary('"See [this](//evil.example/x)."'),
        "summary: links may only use http or https, not an address without http:// or https://",
    ),
}


@pytest.mark.parametrize("case", sorted(REJECTED_TEXT))
def test_hostile_record_text_is_rejected_with_its_line(
    case: str, scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    text, message = REJECTED_TEXT[case]
    path = add_record(scratch_project, text)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1, ran.err
    assert "Traceback" not in ran.err
    key = message.split(":")[0]
    line = line_of(path, key.split(".")[-1].split("[")[0] + ":")
    assert any(
        problem.startswith(f"procedures/test-procedure.yaml:{line}: {message}") for problem in ran.problem_lines
    ), ran.err


def test_a_rejected_record_builds_nothing(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    add_record(scratch_project, REJECTED_TEXT["script through a source link"][0])

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 1
    assert not (scratch_project.root / "site").exists()


def test_a_source_link_is_an_attribute_markdown_never_reads_again(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    # Allowed characters that Markdown would read: parentheses, brackets' neighbours, emphasis marks.
    address = "https://example.org/a_(b)*c*_d_"
    add_record(scratch_project, MINIMAL.replace("https://example.org/source", address))

    assert build_py(scratch_project.root, "build").code == 0

    page = (scratch_project.root / "site/procedures/test-procedure/index.html").read_text()
    assert f'<a href="{address}">' in page
    assert "<em>" not in page.split('id="references"')[1]


# 7. A file cannot exhaust the machine.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: " + "[" * 30_000 + "]" * 30_000 + "\n", "lists and keys are nested more than 12 deep here"),
        (
            "a: &big " + "x" * 1000 + "\nb: [" + ", ".join(["*big"] * 2000) + "]\n",
            "YAML anchors and aliases (&name, *name) are not allowed",
        ),
        ("title: <https://a" + "<https://a" * 100_000 + "\n", "the file is over 256 KiB"),
        (with_summary("x" * 3000), "summary: is 3,000 characters long; the most is 2,000: split it up"),
    ],
    ids=["30,000 levels deep", "aliases", "a 1 MB line", "a long text"],
)
def test_a_file_made_to_be_expensive_is_refused_cheaply(
    text: str, message: str, scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    add_record(scratch_project, text)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1, ran.err  # not 139: the process did not crash
    assert "Traceback" not in ran.err
    assert any(message in line for line in ran.problem_lines), ran.err


def test_the_preview_survives_a_file_made_to_crash_it(scratch_project: Project) -> None:
    # The preview re-renders in-process; a crash here would end `serve`.
    from procedure_guides.commands.serve import UnchangedFilesSkipped, refresh

    add_record(scratch_project, "title: " + "[" * 30_000 + "]" * 30_000 + "\n")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        refresh(scratch_project, UnchangedFilesSkipped())

    assert "nested more than 12 deep" in err.getvalue()
    assert "Still serving the last good version." in err.getvalue()


# 8. The list of published addresses and the site change together.


def test_a_full_disk_while_writing_the_address_list_leaves_site_and_list_as_they_were(
    scratch_project: Project, build_py: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_py(scratch_project.root, "build").code == 0
    site = scratch_project.root / "site"
    site_before = tree_digest(site)
    ledger = scratch_project.root / ADDRESS_FILE
    ledger_before = ledger.read_bytes()
    (scratch_project.procedures / "new-guide.yaml").write_text(MINIMAL)  # a new address to add

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    ran = main_in_process("--project", str(scratch_project.root), "build")

    assert "No space left on device" in assert_one_line(ran, 1)
    assert tree_digest(site) == site_before
    assert ledger.read_bytes() == ledger_before


def test_a_build_stopped_after_the_swap_leaves_a_whole_list_the_site_keeps(
    scratch_project: Project, build_py: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_py(scratch_project.root, "build").code == 0
    (scratch_project.procedures / "new-guide.yaml").write_text(MINIMAL)

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # the process ends here, between the swap and the list

    monkeypatch.setattr("procedure_guides.pipeline.stages.promise_kept", killed)
    with pytest.raises(KeyboardInterrupt):
        build_site(Settings(scratch_project))

    site = scratch_project.root / "site"
    assert (site / "procedures/new-guide/index.html").exists()  # the new site is live
    known = published_addresses(scratch_project.root)  # the list is whole and readable
    assert broken_addresses(known, site) == []
    monkeypatch.undo()
    assert build_py(scratch_project.root, "build").code == 0  # the next build adds the new addresses
    assert "/procedures/new-guide/" in published_addresses(scratch_project.root)


def test_a_missing_address_list_is_an_error_unless_a_new_one_is_started(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    (scratch_project.root / ADDRESS_FILE).unlink()

    ran = build_py(scratch_project.root, "build")

    assert f"{ADDRESS_FILE} is missing" in assert_one_line(ran, 1)
    assert not (scratch_project.root / "site").exists()
    assert build_py(scratch_project.root, "build", "--start-address-list").code == 0
    assert "/procedures/spinal-hardware-removal/" in published_addresses(scratch_project.root)
    again = build_py(scratch_project.root, "build", "--start-address-list")
    assert "already exists" in assert_one_line(again, 2)


def test_a_broken_line_in_the_address_list_is_named(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    ledger = scratch_project.root / ADDRESS_FILE
    ledger.write_text(ledger.read_text() + "/procedures/old address/\n")

    ran = build_py(scratch_project.root, "build")

    line = len(ledger.read_text().splitlines())
    assert assert_one_line(ran, 1) == (
        f"{ADDRESS_FILE}:{line}: '/procedures/old address/' is not an address; each line is one, such as /x/"
    )


# 9. A site any web server can read.


def test_the_site_is_readable_by_every_user(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    assert build_py(scratch_project.root, "build").code == 0

    site = scratch_project.root / "site"
    modes = {stat.S_IMODE(path.stat().st_mode) for path in [site, *site.rglob("*")] if path.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(path.stat().st_mode) for path in site.rglob("*") if path.is_file()}
    assert modes == {0o644}


# 10. Killed builds are mended, and builds take turns.


def test_leftovers_of_killed_builds_are_removed(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    for name in [".site.building-a1b2", ".site.old-4242"]:
        leftover = scratch_project.root / name
        leftover.mkdir()
        (leftover / site_folder.MARKER).write_text(site_folder.MARKER_TEXT)
        (leftover / "big.bin").write_bytes(b"\0" * 1000)
    build_py(scratch_project.root, "build")  # it creates site/, so the old one is not needed

    assert sorted(p.name for p in scratch_project.root.iterdir() if p.name.startswith(".site")) == []


def test_a_build_killed_between_the_two_renames_is_repaired_by_the_next(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    assert build_py(scratch_project.root, "build").code == 0
    site = scratch_project.root / "site"
    before = tree_digest(site)
    site.rename(scratch_project.root / ".site.old-4242")  # the moment between the renames
    (scratch_project.procedures / "spinal-hardware-removal.yaml").write_text("broken: [")

    ran = build_py(scratch_project.root, "build")

    assert ran.code == 1  # the records are broken, but the site is back
    assert tree_digest(site) == before


def test_two_builds_at_once_take_turns(scratch_project: Project) -> None:
    for name in ["fixture-procedure.yaml", "fixture-other.yaml"]:  # a draft, and the guide it links to
        shutil.copy(ROOT / "tests/golden/procedures" / name, scratch_project.procedures)
    command = [sys.executable, str(ROOT / "build.py"), "--project", str(scratch_project.root), "build"]
    preview = [*command, "--drafts", "--site-dir", "preview-site"]
    runs = [
        subprocess.Popen(each, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for each in (command, preview, command)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]

    for code, _, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    published = scratch_project.root / "site/procedures"
    assert not (published / "fixture-procedure").exists()  # never the drafts build's pages
    assert (scratch_project.root / "preview-site/procedures/fixture-procedure/index.html").is_file()


# 11. One line, never a traceback.


def test_an_unreadable_record_is_named(scratch_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    opened = Path.open

    def unreadable(path: Path, *args: object, **kwargs: object) -> object:
        if path == record:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return opened(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", unreadable)
    ran = main_in_process("--project", str(scratch_project.root), "check")

    assert ran.code == 1
    assert "procedures/spinal-hardware-removal.yaml:1: (file): the file cannot be read: Permission denied" in ran.err
    assert "Traceback" not in ran.err


def test_new_over_a_dangling_link_changes_nothing(scratch_project: Project, build_py: Callable[..., Ran]) -> None:
    link = scratch_project.procedures / "knee-hardware-removal.yaml"
    link.symlink_to(scratch_project.root / "nowhere.yaml")

    ran = build_py(scratch_project.root, "new", "knee-hardware-removal")

    assert "already exists" in assert_one_line(ran, 1)
    assert not (scratch_project.root / "nowhere.yaml").exists()


def test_a_missing_project_folder_is_a_usage_error(tmp_path: Path, build_py: Callable[..., Ran]) -> None:
    ran = build_py(tmp_path / "no-such-project", "check")

    assert "not a Procedure Guides project" in assert_one_line(ran, 2)


# 12. Records are files inside procedures/.


def test_a_record_linked_from_outside_the_project_is_refused(
    scratch_project: Project, tmp_path: Path, build_py: Callable[..., Ran]
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(MINIMAL)
    (scratch_project.procedures / "test-procedure.yaml").symlink_to(outside)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    assert ran.problem_lines[0].startswith("procedures/test-procedure.yaml:1: (file): leads outside procedures/")


@pytest.fixture
def stray_files(scratch_project: Project) -> Iterator[Project]:
    (scratch_project.procedures / "folder.yaml").mkdir()
    (scratch_project.procedures / "shouting.YAML").write_text(MINIMAL)
    os.mkfifo(scratch_project.procedures / "pipe.yaml")
    (scratch_project.procedures / "es" / "notes.txt").write_text("Notes.")
    yield scratch_project


def test_anything_else_in_the_records_folder_is_named_in_a_warning(
    stray_files: Project, build_py: Callable[..., Ran]
) -> None:
    ran = build_py(stray_files.root, "check")

    assert ran.code == 0, ran.err
    warnings = [line for line in ran.err.splitlines() if line.startswith("warning: procedures/")]
    assert warnings == [
        "warning: procedures/es/notes.txt:1: (file): not read: it is not a .yaml file; records are .yaml files",
        "warning: procedures/folder.yaml:1: (file): not read: it is a folder; records are .yaml files",
        "warning: procedures/pipe.yaml:1: (file): not read: it is not a regular file; records are .yaml files",
        "warning: procedures/shouting.YAML:1: (file): not read: it is not a .yaml file; records are .yaml files",
    ]
    assert build_py(stray_files.root, "check", "--strict").code == 1


# 13. The build touches only what it made.


@pytest.mark.parametrize("folder", GENERATED_DIRS)
def test_a_generated_folder_committed_as_a_link_is_refused_and_what_it_leads_to_is_untouched(
    folder: str, scratch_project: Project, thesis: Path, build_py: Callable[..., Ran]
) -> None:
    shutil.rmtree(scratch_project.docs / folder, ignore_errors=True)
    (scratch_project.docs / folder).symlink_to(thesis)
    before = tree_digest(thesis)

    ran = build_py(scratch_project.root, "build")

    assert assert_one_line(ran, 1) == (
        f"docs/{folder} is a link or a file: the build makes this folder itself; remove it"
    )
    assert tree_digest(thesis) == before
    assert not (scratch_project.root / "site").exists()


def test_a_link_inside_a_generated_folder_is_refused(
    scratch_project: Project, tmp_path: Path, build_py: Callable[..., Ran]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("A key the build machine holds.")
    (scratch_project.docs / "procedures").mkdir(exist_ok=True)
    (scratch_project.docs / "procedures/notes.md").symlink_to(secret)

    ran = build_py(scratch_project.root, "build")

    assert "docs/procedures/notes.md is a link or a special file" in assert_one_line(ran, 1)
    assert secret.read_text() == "A key the build machine holds."
    assert not (scratch_project.root / "site").exists()
