"""Per-record work spread over the machine's cores, for large libraries.

Each record is checked and rendered on its own, so the work splits cleanly.
Worker processes are forked: they start with everything the build has loaded
(templates compiled, glossary read), and only each record's result travels back.
A small library stays in one process, where starting workers costs more than it
saves, and so does a process running threads (the live preview, a test server),
because forking a process with threads can leave a lock held forever.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

RECORDS_PER_WORKER = 200  # fewer, and a worker costs more to start than it saves
CHUNKS_PER_WORKER = 4  # small enough that both cores finish together

_job: Callable[[Any], Any] | None = None  # what the forked workers run, set just before they start


def worker_count(items: int) -> int:
    """How many processes to use for `items` records: 1 means this one alone."""
    # Fork only where it is safe: on Linux (sched_getaffinity is Linux's), with no other thread running.
    if threading.active_count() > 1 or not hasattr(os, "sched_getaffinity"):
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), items // RECORDS_PER_WORKER))


def map_records(job: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None) -> list[Result]:
    """`[job(item) for item in items]`, in worker processes when that is faster; same order.

    `job` may be any function, a closure included: workers are forked, so it is
    never pickled. Its results and any exception it raises are.
    """
    workers = worker_count(len(items)) if workers is None else workers
    if workers < 2:
        return [job(item) for item in items]
    global _job
    _job = job
    try:
        chunk = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run_job, items, chunksize=chunk)
    finally:
        _job = None


def _run_job(item: Any) -> Any:
    assert _job is not None, "workers run only inside map_records"
    return _job(item)
