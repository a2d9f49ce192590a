"""`build.py serve` shows saved changes, and survives a record saved with a mistake."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from procedure_guides.model.project import Project
from tests.conftest import ROOT, line_of

PAGE = "procedures/spinal-hardware-removal/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


@pytest.fixture
def preview(scratch_project: Project, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--project", str(scratch_project.root),
             "serve", "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}/"
            assert wait_for(lambda: "Taking out spinal screws" in fetch(base + PAGE), 60), log.read_text()
            yield base, log
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_a_saved_change_shows_and_a_mistake_keeps_the_last_good_page(
    preview: tuple[str, Path], scratch_project: Project
) -> None:
    base, log = preview
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    good = record.read_text()

    record.write_text(good.replace("title: Taking out spinal screws and rods", "title: Removing spinal screws"))
    assert wait_for(lambda: "Removing spinal screws" in fetch(base + PAGE)), log.read_text()

    record.write_text(good.replace("indications:", "indicatons:"))
    assert wait_for(lambda: "unknown key 'indicatons'" in log.read_text()), log.read_text()
    line = line_of(record, "indicatons:")
    assert f"procedures/spinal-hardware-removal.yaml:{line}: indicatons: unknown key" in log.read_text()
    assert "Removing spinal screws" in fetch(base + PAGE)

    record.write_text(good)
    assert wait_for(lambda: "Taking out spinal screws" in fetch(base + PAGE)), log.read_text()
