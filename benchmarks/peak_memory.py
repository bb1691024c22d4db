"""Runs ``python -m <module> <args…>`` in this process and writes its peak resident memory to a file.

The benchmark cannot take a build's peak memory from ``wait4``'s ``ru_maxrss``: Linux records
there, at ``exec``, the peak of the memory the child was forked from, so a build started by a
benchmark process holding a 1,000-circle organisation reported the benchmark's own 400 MB. The
kernel's ``VmHWM`` of the running process counts only the memory of the build itself.

Usage: ``python -m benchmarks.peak_memory OUT_FILE MODULE [ARGS…]`` (OUT_FILE gets MB, as text).
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def peak_resident_mb() -> float:
    """This process's peak resident set size (``VmHWM`` in ``/proc/self/status``), in MB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("/proc/self/status has no VmHWM line")


def main() -> None:
    out, module, *arguments = sys.argv[1:]
    atexit.register(lambda: Path(out).write_text(f"{peak_resident_mb():.1f}\n", encoding="ascii"))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
