"""`mkdocs serve` on a mistake: the open page turns into the French error page, then back into the site."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conftest import copy_organisation
from tests.browser.conftest import DESKTOP

BROKEN = ("type: projet\n", "type: projett\n")
"""A typo in ``circles/jardin.yaml``, line 3, column 7."""
START_TIMEOUT_S = 60
SHOWN_WITHIN_S = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class Preview:
    """A running ``mkdocs serve`` of a copy of the fixture organisation; its log is read once stopped."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.log_path = root.parent / "serve.log"
        self.log = ""
        self._log_file = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "mkdocs"), "serve", "--livereload", "-a", self.url[7:-1]],
            cwd=root, stdout=self._log_file, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text(encoding="utf-8")
            try:
                get(self.url)
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"mkdocs serve did not answer within {START_TIMEOUT_S} s:\n{self.log_path.read_text(encoding='utf-8')}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._log_file.close()
        self.log = self.log_path.read_text(encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    running = Preview(copy_organisation(tmp_path / "orga"))
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()


def test_the_error_page_replaces_the_open_page_within_5_s_and_the_site_comes_back_when_fixed(
        browser: Browser, preview: Preview) -> None:
    circle = preview.root / "circles" / "jardin.yaml"
    source = circle.read_text(encoding="utf-8")
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(preview.url + "cercles/jardin/", wait_until="load")
    heading = page.locator("article h1")
    expect(heading).to_have_text("Jardin")

    saved = time.monotonic()
    circle.write_text(source.replace(*BROKEN), encoding="utf-8")
    # The page's own live reload brings the error page: no reload from the test.
    expect(heading).to_have_text("Erreurs dans les sources", timeout=SHOWN_WITHIN_S * 1000)
    shown_after = time.monotonic() - saved
    print(f"serve: error page shown {shown_after:.1f} s after saving")
    assert shown_after < SHOWN_WITHIN_S
    article = " ".join(page.locator("article").inner_text().split())
    assert "circles/jardin.yaml:3:7 — type : valeur « projett » inconnue" in article
    assert "Correction : vouliez-vous dire « projet » ?" in article
    # Every address answers with the errors, even one no page had (a circle being created, say).
    for address in ("", "cercles/", "cercles/nouveau-cercle/"):
        assert "circles/jardin.yaml:3:7" in get(preview.url + address)[1], address

    circle.write_text(source, encoding="utf-8")
    fixed = time.monotonic()
    expect(heading).to_have_text("Jardin", timeout=15_000)
    print(f"serve: site back {time.monotonic() - fixed:.1f} s after the fix")
    assert "Faire pousser des tomates" in page.locator("article").inner_text()
    assert get(preview.url + "cercles/nouveau-cercle/")[0] == 404
    assert "circles/jardin.yaml" not in get(preview.url + "cercles/nouveau-cercle/")[1]
    context.close()

    preview.stop()
    # In the terminal, the errors come first after the rebuild starts, one per line, before MkDocs' own lines.
    lines = [line.strip() for line in preview.log.splitlines()]
    rebuild = lines.index("INFO    -  Building documentation...", lines.index(next(l for l in lines if "Detected file changes" in l)))
    assert lines[rebuild + 1].startswith("ERROR   -  Cercles : 1 erreur(s) dans les sources"), lines[rebuild:rebuild + 4]
    assert lines[rebuild + 2] == "ERROR   -  circles/jardin.yaml:3:7: type: valeur « projett » inconnue (vouliez-vous dire « projet » ?)"
    assert "Traceback" not in preview.log
