"""Cost of the governance history: ``python -m benchmarks.history`` (part of ``make bench``). Prints figures.

Synthesises an organisation of 100 circles (benchmarks/synthesize.py) whose every circle file has
50 commits (created, then purpose rewritten, a holder arriving or leaving, a domain added, in
turn): 5,000 commits written in one ``git fast-import``. Then measures, as medians, reading the
whole history (git log + cat-file + parsing every version) and generating every page with it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.run import median_seconds
from benchmarks.synthesize import write_organisation
from cercles.history import git
from cercles.history import read as history_read
from cercles.history.read import read_history
from cercles.outputs import generated_pages
from cercles.settings import settings_from_mkdocs_yml
from cercles.sources.load import load_organisation

START = 1_704_067_200  # 2024-01-01T00:00:00Z: fixed dates, the same history on every run


def version(base: str, number: int, step: int, circles: int) -> str:
    """The text of circle ``number`` after ``step`` changes; every third step changes the purpose, a holder or the domains."""
    purpose = base.split("raison_d_etre: ", 1)[1].split("\n", 1)[0]
    text = base.replace(purpose, f"{purpose[:-1]} (révision {step // 3})", 1)
    if (step // 3) % 2:
        holder = f"membre-{number:04d}"
        text = text.replace(f"titulaires: [{holder}]", f"titulaires: [{holder}, membre-{(number + 1) % circles:04d}]", 1)
    extra = "".join(f"  - Domaine ajouté {index}\n" for index in range((step + 1) // 3))
    return text.replace("domaines:\n", f"domaines:\n{extra}", 1)


def write_history(root: Path, circles: int, commits_per_circle: int) -> int:
    """Commit ``commits_per_circle`` versions of every circle file with ``git fast-import``; returns the commit count."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    files = sorted((root / "circles").glob("*.yaml"))
    bases = [path.read_text(encoding="utf-8") for path in files]
    stream = bytearray()
    mark = 0
    for step in range(commits_per_circle):
        for number, (path, base) in enumerate(zip(files, bases)):
            mark += 1
            content = version(base, number, step, circles).encode()
            message = f"Cercle {number} : révision {step}".encode()
            stream += (f"commit refs/heads/main\nmark :{mark}\n"
                       f"committer Bench <bench@example.org> {START + mark * 3600} +0100\n").encode()
            stream += f"data {len(message)}\n".encode() + message + b"\n"
            if mark > 1:
                stream += f"from :{mark - 1}\n".encode()
            stream += f"M 100644 inline circles/{path.name}\ndata {len(content)}\n".encode() + content + b"\n"
            if step == commits_per_circle - 1:
                path.write_bytes(content)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=bytes(stream), check=True, env=env)
    subprocess.run(["git", "reset", "-q"], cwd=root, check=True, env=env)
    return mark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--circles", type=int, default=100)
    parser.add_argument("--commits", type=int, default=50, help="commits per circle file")
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cercles-bench-history-") as scratch:
        root = Path(scratch) / "orga"
        config = write_organisation(root, arguments.circles)
        start = time.perf_counter()
        commits = write_history(root, arguments.circles, arguments.commits)
        synthesis = time.perf_counter() - start
        settings = settings_from_mkdocs_yml(config)
        organisation = load_organisation(settings).organisation
        history = read_history(settings)
        log = median_seconds(lambda: git.log(settings.root, settings.circles_dir), arguments.runs)
        warm = median_seconds(lambda: read_history(settings), arguments.runs)
        cold = median_seconds(lambda: (history_read._PARSED.clear(), read_history(settings)), arguments.runs)
        cpu_start = time.process_time()
        history_read._PARSED.clear()
        read_history(settings)
        cold_cpu = time.process_time() - cpu_start
        pages = median_seconds(lambda: generated_pages(organisation, settings, history), arguments.runs)
    changes = sum(len(entry.changes) for entry in history.entries)
    print(f"History of {arguments.circles} circles x {arguments.commits} commits ({_n(commits)} commits, synthesised in "
          f"{synthesis:.1f} s): {_n(len(history.entries))} entries, {_n(changes)} changes; medians of {arguments.runs} runs")
    print(f"- read the history in a fresh process (a build; every version parsed): {_ms(cold)} "
          f"({_ms(cold_cpu)} of CPU in Python, git's own processes not counted)")
    print(f"- read it again in the same process (a mkdocs serve rebuild; versions already parsed): {_ms(warm)}")
    print(f"- of which git log --raw -M of the whole folder: {_ms(log)}")
    print(f"- every page of the site, with its « Historique »: {_ms(pages)}")


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _ms(seconds: float) -> str:
    return f"{_n(round(seconds * 1000))} ms"


if __name__ == "__main__":
    main()
