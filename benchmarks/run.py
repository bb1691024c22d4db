"""Cercles' build benchmark: ``make bench``. Prints figures; asserts nothing.

For organisations of 10, 100 and 1,000 synthetic circles (benchmarks/synthesize.py) it measures,
as medians over several runs: (a) loading and validating the sources, (b) generating the pages,
(c) generating the feeds, (d) the whole ``mkdocs build`` with our plugin, (e) a plain
``mkdocs build`` of as many small pages with a one-entry nav (the floor MkDocs and Material cost
anyway), peak memory of (d), the feed of every moment at the largest size, and the rebuild that
``mkdocs serve`` does after one circle file is edited, against the same for the plain site.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthesize import write_organisation, write_plain_site
from cercles.sources.load import load_organisation
from cercles.outputs import generated_pages, members_feed, public_feeds
from cercles.site.config import load_site_config

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Build:
    seconds: float
    peak_rss_mb: float
    pages: int


def median_seconds(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mkdocs_build(config: Path, site_dir: Path) -> Build:
    """One ``mkdocs build`` in a fresh process: wall time, that process's peak RSS, pages written."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config),
                                "--site-dir", str(site_dir)], env=ENV)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"mkdocs build failed for {config}")
    return Build(seconds, usage.ru_maxrss / 1024, sum(1 for _ in site_dir.rglob("index.html")))


def median_build(config: Path, runs: int, scratch: Path) -> Build:
    builds = [mkdocs_build(config, scratch / f"site-{run}") for run in range(runs)]
    return Build(statistics.median(b.seconds for b in builds), max(b.peak_rss_mb for b in builds), builds[0].pages)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_rebuild_seconds(config: Path, edited: Path, runs: int) -> float:
    """Start ``mkdocs serve``, edit ``edited`` ``runs`` times; median time from the edit to the reload.

    The clock runs from the moment the file is written to MkDocs' "Reloading browsers", so the
    file watcher's delay is counted, as a person editing the file would feel it.
    """
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--config-file", str(config),
                                "--dev-addr", f"127.0.0.1:{_free_port()}"], env=ENV, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    # A thread reads stderr line by line: select() cannot see lines already buffered by Python.
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()

    def wait_for(pattern: str, timeout: float = 900) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if os.environ.get("BENCH_DEBUG"):
                print(line, end="", file=sys.stderr)
            if pattern in line:
                return
        process.kill()
        sys.exit(f"mkdocs serve never printed {pattern!r}")

    original = edited.read_text(encoding="utf-8")
    rebuilds = []
    try:
        wait_for("Serving on")
        for run in range(runs):
            time.sleep(2)  # let the file watcher settle, as a person's edits would
            start = time.perf_counter()
            edited.write_text(original + f"\n# modification {run}\n", encoding="utf-8")
            wait_for("Reloading browsers")
            rebuilds.append(time.perf_counter() - start)
    finally:
        edited.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
    return statistics.median(rebuilds)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", " ")


def _s(seconds: float) -> str:
    return f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="numbers of circles, comma-separated")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild measure")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]

    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cercles-bench-") as scratch_name:
        scratch = Path(scratch_name)
        for circles in sizes:
            runs = 5 if circles <= 100 else 3
            orga = scratch / f"orga-{circles}"
            config = write_organisation(orga, circles)
            settings = load_site_config(config).settings
            organisation = load_organisation(settings).organisation
            load = median_seconds(lambda: load_organisation(settings), runs)
            pages = median_seconds(lambda: generated_pages(organisation, settings), runs)
            feeds = median_seconds(lambda: public_feeds(organisation, settings), runs)
            ours = median_build(config, runs, scratch / f"built-{circles}")
            plain_config = write_plain_site(scratch / f"plain-{circles}", ours.pages)
            plain = median_build(plain_config, runs, scratch / f"plain-built-{circles}")
            row = {"circles": circles, "runs": runs, "pages": ours.pages, "load": load, "render": pages,
                   "feeds": feeds, "build": ours.seconds, "floor": plain.seconds, "rss": ours.peak_rss_mb,
                   "moments": len(organisation.moments),
                   "members_feed": median_seconds(lambda: members_feed(organisation, settings), runs)}
            if not arguments.no_serve:
                row["serve"] = serve_rebuild_seconds(config, orga / "circles" / "cercle-0001.yaml", 3)
                row["serve_plain"] = serve_rebuild_seconds(plain_config, plain_config.parent / "content" / "index.md", 3)
            rows.append(row)
            print(f"… {circles} circles done", file=sys.stderr)

    print()
    print("| circles | pages | runs | (a) load+validate | (b) pages | (c) feeds | (d) mkdocs build | "
          "(e) plain build | (d)/(e) | (a+b+c)/(d) | peak RSS (d) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ours_share = (row["load"] + row["render"] + row["feeds"]) / row["build"]
        print(f"| {row['circles']:,} | {row['pages']:,} | {row['runs']} | {_ms(row['load'])} | {_ms(row['render'])} | "
              f"{_ms(row['feeds'])} | {_s(row['build'])} | {_s(row['floor'])} | {row['build'] / row['floor']:.2f} | "
              f"{ours_share:.1%} | {row['rss']:.0f} MB |".replace(",", " "))
    print()
    by_size = {row["circles"]: row for row in rows}
    if 100 in by_size and 1000 in by_size:
        print(f"Growth of (d) from 100 to 1,000 circles: ×{by_size[1000]['build'] / by_size[100]['build']:.1f} "
              f"(pages ×{by_size[1000]['pages'] / by_size[100]['pages']:.1f})")
    largest = rows[-1]
    print(f"Feed of all {largest['moments']:,} recurring moments (members' feed, {largest['circles']:,} circles): "
          f"{_ms(largest['members_feed'])}".replace(",", " "))
    if not arguments.no_serve:
        for row in rows:
            print(f"mkdocs serve, rebuild after editing one circle ({row['circles']:,} circles): {_s(row['serve'])}; "
                  f"plain site of {row['pages']:,} pages after editing one page: {_s(row['serve_plain'])}"
                  .replace(",", " "))


if __name__ == "__main__":
    main()
