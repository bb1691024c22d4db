"""Fixtures for the browser tests: the default site, built once, served on 127.0.0.1 to Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from cercles.site.config import load_site_config
from conftest import REPO
from tests.browser.harness import launch_chromium, serve

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}


def feed_address() -> str:
    """The public feed's https address in the built site (``site_url`` may come from the environment)."""
    return load_site_config(REPO / "mkdocs.yml").settings.site_url + "agenda.ics"


@pytest.fixture(scope="session")
def base_url(default_site: Path) -> Iterator[str]:
    """La Raffinerie's site (``default_site``, built once) served on a free port of 127.0.0.1."""
    with serve(default_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """System Chromium; a missing browser fails the run with what to install, it is never skipped."""
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except FileNotFoundError as error:
            pytest.fail(str(error), pytrace=False)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A browser tab plus every URL it asked for, so tests can check where requests went."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)

    def open(self, path: str, until: Literal["load", "networkidle"] = "networkidle") -> None:
        """Load a page of the site; by default wait until the network is quiet (search index, scripts)."""
        response = self.page.goto(self.base_url + path.lstrip("/"), wait_until=until)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"

    def open_all(self, paths: list[str], until: Literal["load", "networkidle"] = "networkidle",
                 tabs: int = 8) -> Iterator[tuple[str, Page]]:
        """Load every page of ``paths``, ``tabs`` tabs of this visit at a time; yield each once loaded.

        Loads and « quiet » waits (half a second without a request) overlap: waited page after page,
        they took half a minute for the default site. Requests of every tab are recorded.
        """
        extra = [self.page.context.new_page() for _ in range(tabs - 1)]
        try:
            for start in range(0, len(paths), tabs):
                batch = list(zip([self.page, *extra], paths[start:start + tabs]))
                responses = [page.goto(self.base_url + path.lstrip("/"), wait_until="commit") for page, path in batch]
                for (page, path), response in zip(batch, responses):
                    page.wait_for_load_state(until)
                    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
                    yield path, page
        finally:
            for page in extra:
                page.close()

    def foreign_requests(self) -> list[str]:
        """Requests that went anywhere but the local server."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]


def _new_visit(browser: Browser, base_url: str, **options: object) -> tuple[BrowserContext, Visit]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
    visit = Visit(context.new_page(), base_url)
    context.on("request", lambda request: visit.requests.append(request.url))
    # Anything bound elsewhere is recorded above and then refused, so a leak fails fast, not by timeout.
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", lambda route: route.abort())
    return context, visit


@pytest.fixture
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    """A fresh desktop tab in the light scheme."""
    context, tab = _new_visit(browser, base_url, viewport=DESKTOP, color_scheme="light")
    yield tab
    context.close()


@pytest.fixture
def new_visit(browser: Browser, base_url: str) -> Iterator:
    """Factory for tabs with other viewports or colour schemes."""
    contexts: list[BrowserContext] = []

    def make(**options: object) -> Visit:
        context, tab = _new_visit(browser, base_url, **options)
        contexts.append(context)
        return tab

    yield make
    for context in contexts:
        context.close()
