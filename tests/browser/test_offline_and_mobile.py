"""Every page works offline and on a phone: no request leaves 127.0.0.1, nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, MOBILE, Visit

SMALLEST_READABLE_PX = 12


@pytest.fixture(scope="session")
def site_pages(default_site: Path) -> list[str]:
    """Every HTML page of the built site, as a path from its root."""
    folders = (page.parent.relative_to(default_site).as_posix() for page in default_site.rglob("index.html"))
    return sorted("/" if folder == "." else f"/{folder}/" for folder in folders)


def test_every_page_loads_with_no_request_to_another_host(new_visit: Callable[..., Visit],
                                                          site_pages: list[str]) -> None:
    visit = new_visit(viewport=DESKTOP, color_scheme="light")
    assert [path for path, _ in visit.open_all(site_pages)] == site_pages
    visit.open("/")
    visit.page.get_by_role("textbox", name="Rechercher").press_sequentially("agenda")
    visit.page.locator(".md-search-result__item").first.wait_for()
    print(f"{len(site_pages)} pages, {len(visit.requests)} requests, "
          f"{len(visit.foreign_requests())} to another host")
    assert len(site_pages) > 40
    assert any(url.endswith("search_index.json") for url in visit.requests)
    assert visit.foreign_requests() == []


def test_no_page_scrolls_sideways_on_a_375_pixel_phone(new_visit: Callable[..., Visit],
                                                       site_pages: list[str]) -> None:
    visit = new_visit(viewport=MOBILE, color_scheme="light", is_mobile=True, has_touch=True)
    too_wide = []
    for path, page in visit.open_all(site_pages, until="load"):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > MOBILE["width"]:
            too_wide.append(f"{path}: {width} px")
    assert not too_wide, "\n".join(too_wide)


def _boxes_and_fonts(visit: Visit, selector: str) -> list[dict]:
    return visit.page.eval_on_selector_all(selector, """elements => elements.map(e => {
        const box = e.getBoundingClientRect();
        return {left: box.left, right: box.right, font: parseFloat(getComputedStyle(e).fontSize),
                text: (e.innerText ?? e.textContent).trim().slice(0, 40)};
    })""")


@pytest.mark.parametrize(("path", "selector"), [
    ("/cercles/", ".cercles-organigramme__dessin--etroit .cercles-organigramme__cercle"),
    ("/cercles/", ".cercles-organigramme__dessin--etroit .cercles-organigramme__action"),
    ("/agenda/", ".cercles-agenda__item"),
    ("/agenda/", ".cercles-agenda__quand"),
])
def test_chart_and_agenda_fit_a_phone_screen_in_readable_type(new_visit: Callable[..., Visit], path: str,
                                                              selector: str) -> None:
    visit = new_visit(viewport=MOBILE, color_scheme="light", is_mobile=True, has_touch=True)
    visit.open(path)
    boxes = _boxes_and_fonts(visit, selector)
    assert boxes, f"nothing matches {selector} on {path}"
    outside = [b for b in boxes if b["left"] < 0 or b["right"] > MOBILE["width"]]
    tiny = [b for b in boxes if b["font"] < SMALLEST_READABLE_PX]
    assert not outside, f"cut off at 375 px: {outside}"
    assert not tiny, f"text under {SMALLEST_READABLE_PX} px: {tiny}"
