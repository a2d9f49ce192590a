#!/usr/bin/env python3
"""How the build scales with the size of the library. A benchmark, not a test.

For each N it writes N valid synthetic records into a throw-away copy of the
project, runs the real build stage by stage, loads one procedure page in
Chromium to count what a patient's browser transfers, and times a live-preview
update of one record. Run `make bench`; the table goes to stdout and, with
--write, to bench/RESULTS.md.

    python bench/scale.py [--sizes 10 100 1000 5000] [--write]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from procedure_guides.model.project import Project  # noqa: E402 - the project is imported from this checkout
from procedure_guides.output.pages import Files  # noqa: E402
from procedure_guides.pipeline.engine import run_mkdocs  # noqa: E402
from procedure_guides.pipeline.promise import start_address_list  # noqa: E402
from procedure_guides.pipeline.stages import Settings, build_site  # noqa: E402
from procedure_guides.pipeline.workers import worker_count  # noqa: E402

SCRATCH = ROOT / ".cache/bench"
PROJECT_PARTS = [
    "templates", "docs", "overrides", "schemas", "mkdocs.yml", "glossary.yaml", "jargon.yaml",
    "reviewers.yaml", "safety",
]  # fmt: skip
REGIONS = ["Spine", "Neck", "Shoulder", "Hip", "Knee", "Hand", "Foot", "Chest"]
TARGETS = {
    "own_share": 0.05,  # our stages, as a share of the whole build
    "per_record_growth": 1.2,  # ms per record at 5,000 over the same at 1,000
    "transfer_growth": 1.10,  # bytes to open a page at 5,000 over the same at 10
    "transfer_gzip_bytes": 150_000,
    "preview_seconds": 5.0,
}

RECORD = """\
# yaml-language-server: $schema=../schemas/procedure.schema.json
title: Test procedure number {i}
codes:
  - {{system: CPT, code: "{code}"}}
also_known_as:
  - Sample fix {i}
body_region: {region}
procedure_type: surgical
summary: >-
  This is a made-up page for the speed test, number {i}. It says what the
  surgery is in plain words. The surgeon fixes a part of the {part} [1].
indications:
  - Pain in the {part} that does not go away [1]
  - A part that has come loose [1]
preparation:
  - Do not eat for 8 hours before surgery [1].
  - Tell your care team which medicines you take.
procedure:
  - You get medicine so you sleep.
  - The surgeon makes a small cut.
  - The cut is closed with stitches.
duration: 1 to 2 hours [1]
risks:
  common: [Pain where the cut was made, Bleeding]
  rare: [Infection, Nerve damage]
benefits:
  - Less pain for many people [1].
recovery:
  at_home:
    - Rest for a few days.
    - Walk a little more each day.
  follow_up:
    - You will see your surgeon in 2 weeks [1].
families: [anaesthesia, wound]
get_help:
  emergency:
    - red_flag: lung-clot
  urgent:
    - red_flag: leg-clot
    - red_flag: wound-infection
  non_urgent:
    - red_flag: activity-questions
alternatives:
  - name: Waiting and watching
    pros: No surgery.
    cons: The pain may go on.
related: [{related}]
references:
  - title: A source for the speed test
    url: https://example.org/speed-test-source
    year: 2026
    kind: journal_article
review:
  status: under_review
  last_reviewed: 2026-11-01
  source_check:
    by: Procedure Guides editorial team
    date: 2026-11-01
"""


def slug(i: int) -> str:
    return f"test-procedure-{i:05d}"


def write_library(root: Path, count: int) -> Project:
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("procedures", "codes", "api"))
        else:
            shutil.copy2(source, root / part)
    (root / "procedures").mkdir()
    for i in range(count):
        text = RECORD.format(
            i=i, code=f"{10000 + i}", region=REGIONS[i % len(REGIONS)], part=REGIONS[i % len(REGIONS)].lower(),
            related=slug((i + 1) % count) if count > 1 else "",
        )  # fmt: skip
        if count == 1:
            text = text.replace("related: []\n", "")
        (root / "procedures" / f"{slug(i)}.yaml").write_text(text)
    return Project(root)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def timed_build(project: Project) -> dict[str, float]:
    """The real build (`build_site`, every stage of the pipeline), timed stage by stage; then
    the disk alone writing the same files, and MkDocs alone on the same docs/."""
    stages: dict[str, float] = {}
    start_address_list(project.root)  # a new site: no address promised yet
    run = build_site(Settings(project), timed=stages)
    assert run.files is not None
    times = {
        "load_validate": stages["check"],
        "render": stages["shape"] + stages["render"],
        "write": stages["write"],
        "mkdocs": stages["engine"] + stages["promise"] + stages["swap"],
        "disk_floor": plain_write_seconds(run.files, project.root / ".plain-write"),
    }
    with tempfile.TemporaryDirectory(dir=project.root) as alone:
        start = time.perf_counter()
        run_mkdocs(project, Path(alone), run.published)  # MkDocs alone, on the same rendered docs/
        times["mkdocs_alone"] = time.perf_counter() - start
    return times


def plain_write_seconds(files: Files, folder: Path) -> float:
    """The same files written with nothing else to do: what this disk alone costs the write stage."""
    start = time.perf_counter()
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
    return time.perf_counter() - start  # the folder goes with the scratch project


def page_transfer(site: Path, page: str) -> dict[str, int]:
    """What Chromium fetches to open one page, raw and gzipped, by kind."""
    from playwright.sync_api import Response, sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        line = server.stdout.readline() if server.stdout else ""
        port = int(line.split("port ")[1].split(" ")[0])
        sizes: dict[str, int] = {"html": 0, "css": 0, "js": 0, "search": 0, "other": 0}
        zipped = dict.fromkeys(sizes, 0)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            context = browser.new_context(viewport={"width": 360, "height": 740})
            tab = context.new_page()
            responses: list[Response] = []
            tab.on("response", lambda response: responses.append(response))
            tab.goto(f"http://127.0.0.1:{port}/{page}", wait_until="networkidle")
            tab.wait_for_timeout(500)
            for response in responses:
                body = response.body()
                url = response.url.split("?")[0]
                kind = (
                    "search" if "search" in url and url.endswith(".json") else
                    "html" if url.endswith("/") or url.endswith(".html") else
                    "css" if url.endswith(".css") else
                    "js" if url.endswith(".js") else "other"
                )  # fmt: skip
                sizes[kind] += len(body)
                zipped[kind] += len(gzip.compress(body, 6))
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return {**{k: v for k, v in sizes.items()}, **{f"{k}_gz": v for k, v in zipped.items()},
            "total": sum(sizes.values()), "total_gz": sum(zipped.values())}  # fmt: skip


def preview_seconds(project: Project) -> float:
    """From saving a change to one record to the preview serving it."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--project", str(project.root), "serve",
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def page_says(text: str) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/procedures/{slug(0)}/", timeout=5) as response:
                return text in response.read().decode()
        except OSError:
            return False

    try:
        deadline = time.monotonic() + 900
        while not page_says("Test procedure number 0") and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)
        record = project.procedures / f"{slug(0)}.yaml"
        record.write_text(record.read_text().replace("Test procedure number 0", "Changed procedure number 0"))
        start = time.monotonic()
        while not page_says("Changed procedure number 0") and time.monotonic() - start < 300:
            time.sleep(0.1)
        return time.monotonic() - start
    finally:
        server.terminate()
        server.wait()


def wait_for_quiet_disk(most_seconds: float = 120) -> None:
    """Wait until the disk is idle: deleting the last run's files keeps it busy for a while
    after (the kernel trims freed blocks), and new files then cost several times as much."""
    pressure = Path("/proc/pressure/io")  # Linux's share of time some task waited for I/O
    deadline = time.monotonic() + most_seconds
    while pressure.exists() and time.monotonic() < deadline:
        some_avg10 = float(pressure.read_text().split()[1].removeprefix("avg10="))
        if some_avg10 < 1.0:
            return
        time.sleep(2)


def measure(count: int, with_preview: bool) -> dict[str, Any]:
    # Beside the project, not in /tmp: a build writes where the project lives, and the two
    # folders can sit on disks of very different speeds.
    SCRATCH.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=SCRATCH) as scratch:
        project = write_library(Path(scratch) / "project", count)
        os.sync()  # the records on disk before the clock starts, as an editor's long have been
        wait_for_quiet_disk()
        site = project.root / "site"
        times = timed_build(project)
        page_html = site / "procedures" / slug(0) / "index.html"
        result: dict[str, Any] = {
            "records": count,
            **times,
            "workers": worker_count(count),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "page_html_bytes": page_html.stat().st_size,
            "site_bytes": folder_bytes(site),
            "transfer": page_transfer(site, f"procedures/{slug(0)}/"),
        }
        if with_preview:
            result["preview_seconds"] = preview_seconds(project)
        return result


def run_one(count: int, with_preview: bool) -> dict[str, Any]:
    """Each size in its own process, so peak memory is that size's own."""
    done = subprocess.run(
        [sys.executable, __file__, "--one", str(count), *(["--preview"] if with_preview else [])],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table(results: list[dict[str, Any]]) -> str:
    def kb(n: Any) -> str:
        return f"{int(n) / 1024:,.1f}"

    head = (
        "| records | workers | load+validate s | render s | write s | MkDocs s | whole s | ms/record | ours %"
        " | MkDocs alone s | peak MB | page HTML KB | open page KB (gz) | of which search KB (gz) | site MB |"
    )
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        t: dict[str, int] = r["transfer"]
        ours = float(r["load_validate"]) + float(r["render"]) + float(r["write"])
        whole = ours + float(r["mkdocs"])
        rows.append(
            f"| {r['records']:,} | {r['workers']} | {r['load_validate']:.2f} | {r['render']:.2f}"
            f" | {r['write']:.2f} | {r['mkdocs']:.2f} | {whole:.2f} | {1000 * whole / int(r['records']):.1f}"
            f" | {100 * ours / whole:.1f}"
            f" | {r['mkdocs_alone']:.2f} | {r['peak_rss_mb']:.0f} | {kb(r['page_html_bytes'])}"
            f" | {kb(t['total'])} ({kb(t['total_gz'])}) | {kb(t['search'])} ({kb(t['search_gz'])})"
            f" | {int(r['site_bytes']) / 1e6:.1f} |"
        )
    return "\n".join(rows)


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    by_size = {int(r["records"]): r for r in results}
    lines = []

    def whole(r: dict[str, Any]) -> float:
        return sum(float(r[k]) for k in ("load_validate", "render", "write", "mkdocs"))

    for r in results:
        ours = sum(float(r[k]) for k in ("load_validate", "render", "write"))
        share = ours / whole(r)
        lines.append(f"- {r['records']:,} records: our stages are {100 * share:.1f}% of the build"
                     f" ({'met' if share < TARGETS['own_share'] else 'NOT met'}: under 5%); the disk alone,"
                     f" writing the same files with nothing else to do, takes {float(r['disk_floor']):.2f} s"
                     f" ({100 * float(r['disk_floor']) / whole(r):.1f}%)")  # fmt: skip
    if 1000 in by_size and 5000 in by_size:
        growth = (whole(by_size[5000]) / 5000) / (whole(by_size[1000]) / 1000)
        lines.append(f"- per-record cost at 5,000 over 1,000: {growth:.2f}x"
                     f" ({'met' if growth <= TARGETS['per_record_growth'] else 'NOT met'}: at most 1.2x)")  # fmt: skip
    smallest, largest = by_size[min(by_size)], by_size[max(by_size)]
    html_same = smallest["page_html_bytes"] == largest["page_html_bytes"]
    lines.append(f"- page HTML at {max(by_size):,} vs {min(by_size):,}: {largest['page_html_bytes']:,} vs"
                 f" {smallest['page_html_bytes']:,} bytes ({'same' if html_same else 'different'})")  # fmt: skip
    t_small: dict[str, int] = smallest["transfer"]
    t_large: dict[str, int] = largest["transfer"]
    ratio = t_large["total"] / t_small["total"]
    lines.append(f"- bytes to open a page at {max(by_size):,} over {min(by_size):,}: {ratio:.2f}x"
                 f" ({'met' if ratio <= TARGETS['transfer_growth'] else 'NOT met'}: within 10%);"
                 f" {t_large['total_gz']:,} bytes gzipped"
                 f" ({'met' if t_large['total_gz'] < TARGETS['transfer_gzip_bytes'] else 'NOT met'}:"
                 " under 150 KB)")  # fmt: skip
    for r in results:
        if "preview_seconds" in r:
            seconds = float(r["preview_seconds"])
            lines.append(f"- live preview at {r['records']:,} records: a saved change shows in {seconds:.1f} s"
                         f" ({'met' if seconds < TARGETS['preview_seconds'] else 'NOT met'}: under 5 s)")  # fmt: skip
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--write", action="store_true", help="also write bench/RESULTS.md")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--preview", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.preview)))
        return 0
    results = []
    for count in args.sizes:
        print(f"measuring {count:,} records...", file=sys.stderr, flush=True)
        results.append(run_one(count, with_preview=count == 1000))
    report = "\n".join([table(results), "", *verdicts(results)])
    print(report)
    if args.write:
        machine = f"{os.cpu_count()} cores"
        (ROOT / "bench/RESULTS.md").write_text(
            "# Scale benchmark\n\n"
            f"`make bench` on a {machine} machine; times in seconds, sizes in KB unless marked.\n"
            '"open page" is everything Chromium fetches to open one procedure page at 360 px\n'
            "(HTML, CSS, JS, search data, images), raw and gzipped. The write stage is bound by the\n"
            "disk, whose speed at making new files can vary threefold from one run to the next: each\n"
            "verdict says what writing the same files with nothing else to do took in the same run.\n\n" + report + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
