"""Cercles' build benchmark: ``make bench``. Prints figures; asserts nothing.

For organisations of 10, 100 and 1,000 synthetic circles (benchmarks/synthesize.py) it measures,
as medians over several runs: (a) loading and validating the sources, (b) generating the pages,
(c) generating the feeds, (d) the whole ``mkdocs build`` with our plugin, (e) a plain
``mkdocs build`` of as many small pages with a one-entry nav (the floor MkDocs and Material cost
anyway, "plain-tiny"), (f) a plain ``mkdocs build`` of ``cercles export`` (the same generated
Markdown without the plugin, "plain-equivalent"), peak memory of (d), the largest generated page,
the feed of every moment at the largest size, and the rebuild that ``cercles serve`` (``make serve``) does after one
circle file is edited, against the same for both plain sites. Builds are timed in CPU seconds of
the build process (user + system), and (a), (b), (c) and the feed in CPU seconds of this process,
which a shared machine disturbs less than wall time; the serve figures are wall time, as a person
editing a file feels them.
It ends with issue 15's targets, each with its measured ratio and whether it is met;
``--json FILE`` also writes every figure as JSON.
"""

from __future__ import annotations

import argparse
import json
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

from benchmarks.synthesize import REPO, write_organisation, write_plain_site
from cercles import paths
from cercles.sources.load import load_organisation
from cercles.feeds.ics import forget_written_moments
from cercles.outputs import generated_pages, members_feed, public_feeds
from cercles.site.config import load_site_config

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CERCLES = str(Path(sys.executable).parent / "cercles")


@dataclass
class Build:
    seconds: float
    cpu: float
    peak_rss_mb: float
    pages: int
    largest_html: int


def median_seconds(step: Callable[[], object], runs: int) -> float:
    """Median CPU time of ``step`` in this process: like the builds, less disturbed by a busy machine than wall time."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
    return statistics.median(times)


def mkdocs_build(config: Path, site_dir: Path) -> Build:
    """One ``mkdocs build`` in a fresh process: wall and CPU time, peak RSS, pages written, largest page."""
    peak_file = site_dir.with_name(site_dir.name + ".peak")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.peak_memory", str(peak_file), "mkdocs", "build", "--quiet",
                                "--config-file", str(config), "--site-dir", str(site_dir)], env=ENV, cwd=REPO)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"mkdocs build failed for {config}")
    pages = list(site_dir.rglob("index.html"))
    return Build(seconds, usage.ru_utime + usage.ru_stime, float(peak_file.read_text(encoding="ascii")), len(pages),
                 max((page.stat().st_size for page in pages), default=0))


def median_build(config: Path, runs: int, scratch: Path) -> Build:
    builds = [mkdocs_build(config, scratch / f"site-{run}") for run in range(runs)]
    return Build(statistics.median(b.seconds for b in builds), statistics.median(b.cpu for b in builds),
                 max(b.peak_rss_mb for b in builds), builds[0].pages, builds[0].largest_html)


def export_site(config: Path, out: Path) -> Path:
    """``cercles export`` of the project: the plain-equivalent floor's sources; returns its mkdocs.yml."""
    subprocess.run([CERCLES, "--config", str(config), "export", "--out", str(out)],
                   env=ENV, check=True, stdout=subprocess.DEVNULL)
    return out / "mkdocs.yml"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mkdocs_serve(config: Path) -> list[str]:
    """A plain site's preview: ``mkdocs serve``, which rebuilds every page on each save."""
    return [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--config-file", str(config)]


def cercles_serve(config: Path) -> list[str]:
    """Our site's preview, as ``make serve`` runs it."""
    return [CERCLES, "--config", str(config), "serve"]


def serve_rebuild_seconds(command: list[str], edited: Path, runs: int) -> float:
    """Start the preview ``command``, edit ``edited`` ``runs`` times; median time from the edit to the reload.

    The clock runs from the moment the file is written to MkDocs' "Reloading browsers", so the
    file watcher's delay is counted, as a person editing the file would feel it.
    """
    process = subprocess.Popen([*command, "--dev-addr", f"127.0.0.1:{_free_port()}"], env=ENV, stderr=subprocess.PIPE,
                               text=True)
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
        sys.exit(f"{command[-1]} never printed {pattern!r}")

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


@dataclass(frozen=True)
class Target:
    """One of issue 15's targets: what it measures, the limit, and the measured figure (None: not measured)."""

    name: str
    measured: float | None
    limit: float
    unit: str

    @property
    def met(self) -> bool | None:
        return None if self.measured is None else self.measured <= self.limit


def targets(rows: list[dict[str, float]]) -> list[Target]:
    """Issue 15's targets, from the figures of this run (ratios on CPU medians, as the issue measured them)."""
    by_size = {int(row["circles"]): row for row in rows}
    small, large = by_size.get(100), by_size.get(1000)

    def ratio(row: dict[str, float] | None, numerator: str, denominator: str) -> float | None:
        if row is None or numerator not in row or denominator not in row:
            return None
        return row[numerator] / row[denominator]

    largest = max(rows, key=lambda row: row["circles"])
    return [
        Target("build at 1,000 circles / plain-tiny", ratio(large, "build_cpu", "tiny_cpu"), 2.2, "×"),
        Target("build at 1,000 circles / plain-equivalent", ratio(large, "build_cpu", "equivalent_cpu"), 0.8, "×"),
        Target("build at 100 circles / plain-tiny", ratio(small, "build_cpu", "tiny_cpu"), 2.0, "×"),
        Target("build growth 100 → 1,000 circles (10× pages)", None if small is None or large is None
               else large["build_cpu"] / small["build_cpu"], 10.5, "×"),
        Target("serve, edit to reload, 100 circles", None if small is None else small.get("serve"), 2.0, "s"),
        Target("serve at 100 circles / serve plain-tiny", ratio(small, "serve", "serve_tiny"), 1.5, "×"),
        Target("members' feed of 2,000 moments, first build", largest["members_feed_cold"] if largest["moments"] >= 2000 else None,
               0.3, "s"),
        Target("members' feed of 2,000 moments, serve rebuild", largest["members_feed"] if largest["moments"] >= 2000 else None,
               0.3, "s"),
        Target("peak RSS at 1,000 circles", None if large is None else large["rss"], 350, "MB"),
        Target("make test wall time (not measured here)", None, 240, "s"),
    ]


def print_report(rows: list[dict[str, float]]) -> list[Target]:
    """The figures' table, the largest pages, the serve rebuilds, then the targets' table."""
    print()
    print("| circles | pages | runs | (a) load+validate | (b) pages | (c) feeds | (d) build CPU | (e) plain-tiny CPU | "
          "(f) plain-equivalent CPU | (d)/(e) | (d)/(f) | (d) wall | (a+b+c)/(d) | peak RSS (d) | largest .md | largest .html |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ours_share = (row["load"] + row["render"] + row["feeds"]) / row["build_cpu"]
        print(f"| {row['circles']:,.0f} | {row['pages']:,.0f} | {row['runs']:.0f} | {_ms(row['load'])} | {_ms(row['render'])} | "
              f"{_ms(row['feeds'])} | {_s(row['build_cpu'])} | {_s(row['tiny_cpu'])} | {_s(row['equivalent_cpu'])} | "
              f"{row['build_cpu'] / row['tiny_cpu']:.2f} | {row['build_cpu'] / row['equivalent_cpu']:.2f} | "
              f"{_s(row['build'])} | {ours_share:.1%} | {row['rss']:.0f} MB | {row['largest_md']:,.0f} B | "
              f"{row['largest_html']:,.0f} B |".replace(",", " "))
    print()
    largest = max(rows, key=lambda row: row["circles"])
    print(f"Feed of all {largest['moments']:.0f} recurring moments (members' feed, {largest['circles']:.0f} circles): "
          f"{_ms(largest['members_feed_cold'])} written from scratch, {_ms(largest['members_feed'])} when rebuilt "
          f"(moments already serialised)")
    for row in rows:
        if "serve" in row:
            print(f"cercles serve (make serve), rebuild after editing one circle ({row['circles']:.0f} circles): {_s(row['serve'])}; "
                  f"plain-tiny after editing one page: {_s(row['serve_tiny'])}; "
                  f"plain-equivalent after editing the same circle's page: {_s(row['serve_equivalent'])}")
    checked = targets(rows)
    print()
    print("| target (issue 15) | measured | limit | |")
    print("|---|---:|---:|---|")
    for target in checked:
        measured = "—" if target.measured is None else f"{target.measured:.2f} {target.unit}"
        verdict = {None: "not measured", True: "met", False: "not met"}[target.met]
        print(f"| {target.name} | {measured} | {target.limit:g} {target.unit} | {verdict} |")
    return checked


def measure(circles: int, scratch: Path, serve: bool) -> dict[str, float]:
    """Every figure for one size of organisation."""
    runs = 5 if circles <= 100 else 3
    orga = scratch / f"orga-{circles}"
    config = write_organisation(orga, circles)
    settings = load_site_config(config).settings
    organisation = load_organisation(settings).organisation
    load = median_seconds(lambda: load_organisation(settings), runs)
    pages = generated_pages(organisation, settings)
    render = median_seconds(lambda: generated_pages(organisation, settings), runs)
    feeds = median_seconds(lambda: public_feeds(organisation, settings), runs)
    ours = median_build(config, runs, scratch / f"built-{circles}")
    tiny_config = write_plain_site(scratch / f"plain-{circles}", ours.pages)
    tiny = median_build(tiny_config, runs, scratch / f"plain-built-{circles}")
    equivalent_config = export_site(config, scratch / f"export-{circles}")
    equivalent = median_build(equivalent_config, runs, scratch / f"export-built-{circles}")
    row: dict[str, float] = {
        "circles": circles, "runs": runs, "pages": ours.pages, "load": load, "render": render, "feeds": feeds,
        "build": ours.seconds, "build_cpu": ours.cpu, "tiny": tiny.seconds, "tiny_cpu": tiny.cpu,
        "equivalent": equivalent.seconds, "equivalent_cpu": equivalent.cpu, "rss": ours.peak_rss_mb,
        "largest_md": max(len(text.encode("utf-8")) for text in pages.values()), "largest_html": ours.largest_html,
        "moments": len(organisation.moments),
        "members_feed_cold": median_seconds(lambda: (forget_written_moments(), members_feed(organisation, settings)), runs),
        "members_feed": median_seconds(lambda: members_feed(organisation, settings), runs)}
    if serve:
        row["serve"] = serve_rebuild_seconds(cercles_serve(config), orga / "circles" / "cercle-0001.yaml", 3)
        row["serve_tiny"] = serve_rebuild_seconds(mkdocs_serve(tiny_config), tiny_config.parent / "content" / "index.md", 3)
        circle_page = equivalent_config.parent / "docs" / paths.circle_page("cercle-0001")
        row["serve_equivalent"] = serve_rebuild_seconds(mkdocs_serve(equivalent_config), circle_page, 3)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="numbers of circles, comma-separated (default 10,100,1000)")
    parser.add_argument("--serve-sizes", default="10,100",
                        help="sizes at which to time the serve rebuilds (default 10,100: at 1,000 circles the floors' full "
                             "rebuilds take many minutes); '' skips them")
    parser.add_argument("--json", metavar="FILE", help="also write every figure and target as JSON to FILE ('-': stdout)")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]

    machine = (f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
               f"{platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.1f}")
    print(f"Machine: {machine}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cercles-bench-") as scratch_name:
        for circles in sizes:
            rows.append(measure(circles, Path(scratch_name), str(circles) in arguments.serve_sizes.split(",")))
            print(f"… {circles} circles done", file=sys.stderr)
    checked = print_report(rows)
    if arguments.json:
        document = json.dumps({"machine": machine, "sizes": rows,
                               "targets": [{"target": t.name, "measured": t.measured, "limit": t.limit, "unit": t.unit,
                                            "met": t.met} for t in checked]}, indent=2, ensure_ascii=False)
        if arguments.json == "-":
            print(document)
        else:
            Path(arguments.json).write_text(document + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
