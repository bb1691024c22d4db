"""The agenda's largest generated page, in bytes, at 100 and 1,000 circles: ``python -m benchmarks.agenda_size``.

Pages are measured as the Markdown Cercles hands to MkDocs (no MkDocs build), with the build day
fixed at the synthetic agenda's first week, so the whole six-month window is full. The largest
agenda page is also converted with Python-Markdown and the site's extensions, for its HTML size
and time (``md_in_html`` is what made the single-page agenda quadratic).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import markdown

from benchmarks.synthesize import write_organisation
from cercles.outputs import generated_pages
from cercles.site.config import load_site_config
from cercles.sources.load import load_organisation

FIRST_WEEK = "1798761600"  # 2027-01-01, the synthetic moments' first week


def measure(circles: int, scratch: Path) -> str:
    settings = load_site_config(write_organisation(scratch / f"orga-{circles}", circles)).settings
    pages = generated_pages(load_organisation(settings).organisation, settings)
    agenda = {path: text for path, text in pages.items() if path.startswith("agenda/")}
    largest_path, largest = max(agenda.items(), key=lambda item: len(item[1].encode("utf-8")))
    started = time.perf_counter()
    html = markdown.markdown(largest, extensions=["attr_list", "md_in_html", "tables", "meta"])
    seconds = time.perf_counter() - started
    overall = max(len(text.encode("utf-8")) for text in pages.values())
    return (f"{circles} circles: {len(agenda)} agenda pages; largest {largest_path}: {len(largest.encode('utf-8')):,} bytes "
            f"of Markdown, {len(html.encode('utf-8')):,} bytes of HTML body in {seconds:.2f} s; "
            f"largest generated page of all: {overall:,} bytes")


def main() -> None:
    os.environ["SOURCE_DATE_EPOCH"] = FIRST_WEEK
    with tempfile.TemporaryDirectory() as scratch:
        for circles in (int(arg) for arg in sys.argv[1:] or ("100", "1000")):
            print(measure(circles, Path(scratch)), flush=True)


if __name__ == "__main__":
    main()
