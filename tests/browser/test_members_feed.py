"""The members' secret feed, fetched by Chromium from the served site: what a phone's calendar app asks for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import SECRET_VARIABLE, copy_organisation, run_command
from cercles.feeds.secret import secret_path
from tests.browser.harness import serve

SECRET = "c" * 40


@pytest.fixture(scope="module")
def members_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = copy_organisation(tmp_path_factory.mktemp("membres") / "orga")
    run = run_command(["mkdocs", "build", "--strict"], cwd=root, env={SECRET_VARIABLE: SECRET})
    assert run.status == 0, run.output
    with serve(root / "site") as url:
        yield root, url


def test_chromium_gets_the_secret_feed_as_text_calendar_and_the_link_printed_for_it(members_site: tuple[Path, str],
                                                                                    browser: Browser) -> None:
    root, base = members_site
    link = run_command(["cercles", "members-link"], cwd=root, env={SECRET_VARIABLE: SECRET})
    feed = secret_path(SECRET, "agenda.ics")
    assert f"webcal://petite-orga.fr/{feed}\n" in link.stdout  # the link a phone subscribes to, on the published path
    page = browser.new_page()
    try:
        page.goto(base, wait_until="load")
        status, kind, body = page.evaluate(
            "async (path) => { const r = await fetch(path); return [r.status, r.headers.get('content-type'), await r.text()]; }",
            "/" + feed)
    finally:
        page.close()
    assert status == 200
    assert kind.startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR") and "Conciliabule des coffres-forts" in body  # the internal moment, for members
