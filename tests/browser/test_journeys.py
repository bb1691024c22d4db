"""What readers do on the site, done in a real browser: find, filter, subscribe, search, follow links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from icalendar import Calendar
from playwright.sync_api import expect

from collections.abc import Callable

from tests.browser.conftest import MOBILE, Visit, feed_address

NOURRIR_PURPOSE = "alimentation saine, locale et accessible"


def test_newcomer_reaches_the_purpose_of_nourrir_in_two_clicks(visit: Visit) -> None:
    visit.open("/")
    article = visit.page.locator("article")
    article.get_by_role("link", name="Découvrir les cercles").click()  # click 1
    article.get_by_role("link", name="Nourrir", exact=True).first.click()  # click 2
    visit.page.wait_for_load_state()
    assert urlsplit(visit.page.url).path == "/cercles/nourrir/"
    heading = visit.page.get_by_role("heading", name="Raison d'être")
    assert heading.is_visible()
    purpose = heading.locator("xpath=following-sibling::p[1]")
    assert NOURRIR_PURPOSE in purpose.inner_text()


def _visible_items(visit: Visit) -> list[dict[str, str]]:
    return visit.page.eval_on_selector_all(
        ".cercles-agenda__item",
        "items => items.filter(i => i.offsetParent !== null)"
        ".map(i => ({cercle: i.dataset.cercle, type: i.dataset.type, text: i.innerText}))")


def test_public_finds_the_next_workshop_and_narrows_the_agenda_to_its_circle(visit: Visit) -> None:
    visit.open("/agenda/")
    everything = _visible_items(visit)
    assert len(everything) > 1
    assert visit.page.locator(".cercles-filtre__compte").inner_text() == f"{len(everything)} moments"
    workshop = next(item for item in everything if item["type"] == "atelier")
    assert "Atelier" in workshop["text"]
    circle = workshop["cercle"]
    assert any(item["cercle"] != circle for item in everything), "the filter would have nothing to hide"

    circle_filter = visit.page.get_by_role("combobox", name="Cercle")
    circle_filter.select_option(circle)
    narrowed = _visible_items(visit)
    assert narrowed == [item for item in everything if item["cercle"] == circle]
    assert workshop in narrowed
    assert visit.page.locator(".cercles-filtre__compte").inner_text().startswith(f"{len(narrowed)} moment")
    empty_months_shown = visit.page.eval_on_selector_all(
        ".cercles-agenda__mois:not([hidden])",
        "months => months.filter(m => !m.querySelector('.cercles-agenda__item:not([hidden])')).length")
    assert empty_months_shown == 0

    circle_filter.select_option("")
    assert len(_visible_items(visit)) == len(everything)


def test_member_subscribes_and_gets_a_calendar_that_parses(visit: Visit) -> None:
    visit.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit.open("/agenda/")
    webcal = visit.page.get_by_role("link", name="S'abonner (webcal)").first.get_attribute("href")
    assert webcal == "webcal://" + feed_address().split("://", 1)[1]

    # A calendar app fetches a webcal:// address over HTTP from the same host and path.
    fetched = visit.page.request.get(visit.base_url + urlsplit(webcal).path.lstrip("/"))
    assert fetched.ok
    assert fetched.headers["content-type"].startswith("text/calendar")

    with visit.page.expect_download() as download_info:
        visit.page.get_by_role("link", name="Télécharger le fichier .ics").first.click()
    downloaded = Path(download_info.value.path()).read_bytes()
    assert downloaded == fetched.body()
    calendar = Calendar.from_ical(downloaded)
    events = calendar.walk("VEVENT")
    assert any(str(event["SUMMARY"]) == "Permanence de l'atelier Fabriquer (exemple)" for event in events)
    assert not any(str(event["SUMMARY"]) == "Interpôles" for event in events), "a members' meeting"
    assert all("@" in str(event["UID"]) for event in events)

    visit.page.get_by_role("button", name="Copier le lien").first.click()
    expect(visit.page.get_by_role("button", name="Lien copié").first).to_be_visible()
    assert visit.page.evaluate("navigator.clipboard.readText()") == feed_address()


def _search(visit: Visit, words: str) -> list[dict[str, str]]:
    box = visit.page.get_by_role("textbox", name="Rechercher")
    box.click()
    box.fill("")
    box.press_sequentially(words, delay=20)
    visit.page.locator(".md-search-result__item").first.wait_for()
    return visit.page.eval_on_selector_all(
        ".md-search-result__link",
        "links => links.map(a => ({href: new URL(a.href).pathname + new URL(a.href).hash, text: a.innerText}))")


def test_french_search_finds_decisions_from_consentement(visit: Visit) -> None:
    visit.open("/")
    results = _search(visit, "consentement")
    assert results[0]["href"].startswith("/gouvernance/decisions/")
    assert "Comment nous décidons" in results[0]["text"]


def test_search_without_accents_finds_the_interpoles(visit: Visit) -> None:
    visit.open("/")
    results = _search(visit, "interpole")
    assert results[0]["href"].startswith("/gouvernance/")
    visit.page.locator(".md-search-result__link").first.click()
    visit.page.wait_for_load_state()
    assert "Interpôles" in visit.page.locator("article").inner_text()


def _page_ids(visit: Visit, url: str, cache: dict[str, set[str]]) -> set[str]:
    if url not in cache:
        html = visit.page.request.get(url).text()
        cache[url] = set(re.findall(r'\sid="([^"]+)"', html))
    return cache[url]


def test_every_internal_link_resolves(visit: Visit) -> None:
    """Crawl from the home page: every local link answers 200 and every #anchor exists on its page."""
    to_visit, seen_pages, checked, ids = [visit.base_url], set(), {}, {}
    broken: list[str] = []
    while to_visit:
        page_url = to_visit.pop()
        if page_url in seen_pages:
            continue
        seen_pages.add(page_url)
        visit.page.goto(page_url)
        links = visit.page.eval_on_selector_all(  # SVG links (the chart's) have no string ``href`` property
            "a[href]", "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
        for link in links:
            if urlsplit(link).hostname != "127.0.0.1":
                continue
            target, fragment = urldefrag(link)
            target = target.split("?", 1)[0]
            if target not in checked:
                checked[target] = visit.page.request.get(target).status
            if checked[target] != 200:
                broken.append(f"{page_url} -> {link}: HTTP {checked[target]}")
                continue
            if fragment and fragment not in _page_ids(visit, target, ids):
                broken.append(f"{page_url} -> {link}: no element with id {fragment!r}")
            if target.endswith("/") and target not in seen_pages:
                to_visit.append(target)
    assert not broken, "\n".join(broken)
    assert len(seen_pages) > 40


def test_unknown_address_shows_the_french_404_page(visit: Visit) -> None:
    response = visit.page.goto(visit.base_url + "cette-page-n-existe-pas/")
    assert response is not None and response.status == 404
    assert visit.page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    assert visit.page.title().startswith("Page introuvable")
    assert visit.page.locator("html").get_attribute("lang") == "fr"
    visit.page.get_by_role("link", name="consulter l'agenda").click()
    visit.page.wait_for_load_state()
    assert urlsplit(visit.page.url).path == "/agenda/"


def test_a_phone_reaches_an_event_page_in_two_taps_and_adds_it_to_its_calendar(new_visit: Callable[..., Visit]) -> None:
    visit = new_visit(viewport=MOBILE, color_scheme="light", is_mobile=True, has_touch=True)
    visit.open("/")
    visit.page.locator("article").get_by_role("link", name="Consulter l'agenda").tap()  # tap 1
    visit.page.wait_for_url("**/agenda/")
    first = visit.page.locator(".cercles-agenda__titre a").first
    title = first.inner_text()
    first.tap()  # tap 2
    visit.page.wait_for_url(re.compile(r"/agenda/[a-z0-9-]+/$"))
    expect(visit.page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(visit.page.get_by_role("heading", name="Prochaines dates")).to_be_visible()

    with visit.page.expect_download() as download_info:
        visit.page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")][0] == title
    assert not visit.foreign_requests()


def test_the_agenda_shows_dates_before_the_subscribe_box_on_a_phone(new_visit: Callable[..., Visit]) -> None:
    visit = new_visit(viewport=MOBILE, color_scheme="light", is_mobile=True, has_touch=True)
    visit.open("/agenda/")
    first_date = visit.page.locator(".cercles-agenda__item").first.bounding_box()
    box = visit.page.locator(".cercles-abonnement").first.bounding_box()
    assert first_date and box and first_date["y"] < MOBILE["height"] < box["y"], "the next date shows without scrolling"
    visit.page.get_by_role("link", name="S'abonner à l'agenda").tap()
    expect(visit.page.locator(".cercles-abonnement").first).to_be_in_viewport()
