"""Serve a built site on 127.0.0.1 and drive it in Debian's Chromium, for tests and screenshots.

Playwright never downloads a browser here: it drives the system's Chromium, so the only set-up a
fresh machine needs is what ``make test`` installs.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL_HINT = ("Install Debian's Chromium (`apt-get install chromium`, as root; `make test` does it "
                "when it can) or point CERCLES_CHROMIUM at a Chromium or Chrome executable.")

# Flags for a quiet, sandbox-free headless Chromium that makes no connection of its own:
# without them it phones home at start-up, which a closed network refuses many times over.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
)


def chromium_executable() -> Path:
    """The Chromium to drive, or a clear error saying what to install."""
    chosen = os.environ.get("CERCLES_CHROMIUM")
    candidates = [chosen] if chosen else [*CHROMIUM_CANDIDATES, shutil.which("chromium") or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    raise FileNotFoundError(f"No Chromium found (looked at {', '.join(c for c in candidates if c)}). {INSTALL_HINT}")


def launch_chromium(playwright: Playwright) -> Browser:
    """Start headless Chromium from the system, never a downloaded build."""
    return playwright.chromium.launch(executable_path=str(chromium_executable()), headless=True,
                                      args=list(CHROMIUM_FLAGS))


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serve ``site/`` as a static host does: feeds as text/calendar, missing pages as the 404 page."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8"}

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        """Keep test output quiet: failures say what they need."""


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1 and yield its base URL (ending with "/")."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
