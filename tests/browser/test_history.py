"""The « Historique » of a circle, read in Chromium on a phone and on a desktop screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from conftest import run_command
from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.harness import serve
from tests.history_fixture import make_history_repo


@pytest.fixture(scope="module")
def history_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture organisation with a known git history, built once and served."""
    root = tmp_path_factory.mktemp("browser-history")
    repo = make_history_repo(root / "orga")
    run = run_command(["mkdocs", "build", "--strict", "--site-dir", str(root / "site")], cwd=repo)
    assert run.status == 0, run.output
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375px", "desktop"])
def test_the_history_of_a_circle_with_three_commits_shows_three_dated_entries_in_order(
        browser: Browser, history_site_url: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, locale="fr-FR", is_mobile=viewport is MOBILE)
    page = context.new_page()
    page.goto(history_site_url + "cercles/jardin/#historique", wait_until="networkidle")
    entries = page.locator("ol.cercles-historique > li")
    assert entries.count() == 3
    dates = page.locator("ol.cercles-historique time")
    assert dates.all_inner_texts() == ["mercredi 20 mars 2024", "jeudi 15 février 2024", "mercredi 10 janvier 2024"]
    assert [dates.nth(index).get_attribute("datetime")[:10] for index in range(3)] == ["2024-03-20", "2024-02-15", "2024-01-10"]
    # Read in page order, top to bottom: the newest entry is above the older ones.
    tops = [entries.nth(index).bounding_box()["y"] for index in range(3)]  # type: ignore[index]
    assert tops == sorted(tops)
    purpose_change = entries.nth(1)
    assert purpose_change.is_visible()
    assert "Avant : « Faire pousser des tomates avec le quartier. »" in " ".join(purpose_change.inner_text().split())
    # Nothing of the history overflows a 375 px screen.
    overflow = page.evaluate("() => [...document.querySelectorAll('.cercles-historique *')]"
                             ".some(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)")
    assert overflow is False
    context.close()
