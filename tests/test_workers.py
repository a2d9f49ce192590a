"""Large libraries are checked and rendered in worker processes, with the same result as in one."""

from __future__ import annotations

import os
import threading

import pytest

from procedure_guides.model.project import Project
from procedure_guides.pipeline import workers
from procedure_guides.pipeline.stages import Run, Settings, check, render, run_stages, shape
from tests.conftest import with_translations_reviewed


def test_workers_keep_the_order_and_run_closures_in_other_processes() -> None:
    offset = 1000

    def job(number: int) -> tuple[int, int]:  # a closure: workers never pickle the job
        return number + offset, os.getpid()

    results = workers.map_records(job, list(range(50)), workers=2)

    assert [value for value, _ in results] == list(range(1000, 1050))
    assert {pid for _, pid in results} - {os.getpid()}, "no worker process ran"


def test_an_error_in_a_worker_reaches_the_build() -> None:
    def job(number: int) -> int:
        if number == 7:
            raise ValueError("record 7 is broken")
        return number

    with pytest.raises(ValueError, match="record 7 is broken"):
        workers.map_records(job, list(range(20)), workers=2)


def test_small_libraries_and_threaded_processes_stay_in_one_process() -> None:
    assert workers.worker_count(workers.RECORDS_PER_WORKER - 1) == 1
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers.worker_count(100 * workers.RECORDS_PER_WORKER) == 1  # never fork beside a thread
    finally:
        stop.set()
        other.join()


def test_pages_rendered_in_workers_match_pages_rendered_in_one_process(
    library_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = with_translations_reviewed(library_project)  # Spanish pages, notes and code addresses too

    def build(worker_count: int) -> tuple[list[str], dict[str, str]]:
        monkeypatch.setattr(workers, "worker_count", lambda items: worker_count)
        run = run_stages(Run(Settings(project, drafts=True)), (check, shape, render))
        assert run.library and run.files
        return [record.slug for record in run.library.records], run.files

    in_one, in_two = build(1), build(2)

    assert in_two == in_one
    assert len(in_one[1]) > 50
