"""The agenda's ways in, in Chromium: the QR code scans to the feed, the page prints alone, the iframe page works."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, MOBILE, Visit, feed_address

TOOLS_HINT = "install zbar-tools and poppler-utils (`make browser` does it as root on Debian)"


def tool(name: str) -> str:
    """A Debian tool the tests read images and PDFs with; missing, the run fails with what to install."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: {TOOLS_HINT}", pytrace=False)
    return found


@pytest.mark.parametrize(("color_scheme", "viewport"), [("light", DESKTOP), ("dark", MOBILE)])
def test_the_qr_code_scans_to_the_feeds_https_address(new_visit: Callable[..., Visit], tmp_path: Path,
                                                      color_scheme: str, viewport: dict[str, int]) -> None:
    visit = new_visit(viewport=viewport, color_scheme=color_scheme)
    visit.open("/agenda/")
    qr = visit.page.locator("svg.cercles-qr").first
    expect(qr).to_have_attribute("role", "img")
    image = tmp_path / "qr.png"
    qr.screenshot(path=str(image))
    scanned = subprocess.run([tool("zbarimg"), "--quiet", "--raw", str(image)], capture_output=True, text=True, timeout=60)
    assert scanned.returncode == 0, scanned.stderr
    assert scanned.stdout.strip() == feed_address()


def test_the_google_link_subscribes_to_the_webcal_address(visit: Visit) -> None:
    visit.open("/agenda/")
    google = visit.page.get_by_role("link", name="Google Agenda (Android)").first.get_attribute("href")
    assert google == ("https://calendar.google.com/calendar/render?cid="
                      + feed_address().replace("https://", "webcal%3A%2F%2F").replace("/", "%2F"))


def test_on_a_phone_the_ways_in_come_in_order_and_fit_the_screen(new_visit: Callable[..., Visit]) -> None:
    visit = new_visit(viewport=MOBILE, color_scheme="light", is_mobile=True, has_touch=True)
    visit.open("/agenda/")
    box = visit.page.locator(".cercles-abonnement").first
    tops = [box.locator(selector).first.bounding_box()["y"] for selector in
            ("a[href^='https://calendar.google.com']", "a[href^='webcal:']", "input.cercles-abonnement__adresse", "svg.cercles-qr")]
    assert tops == sorted(tops) and len(set(tops)) == 4
    width = box.bounding_box()["width"]
    for button in box.locator(".cercles-abonnement__liens .md-button").all():
        assert button.bounding_box()["width"] <= width


def test_printing_the_agenda_keeps_the_programme_and_drops_the_site_around_it(visit: Visit, tmp_path: Path) -> None:
    visit.open("/agenda/")
    visit.page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".cercles-abonnement", ".cercles-filtre"):
        assert visit.page.locator(hidden).first.evaluate("node => getComputedStyle(node).display") == "none", hidden
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(visit.page.pdf(format="A4", print_background=True))
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    first_date = visit.page.locator(".cercles-agenda__quand").first.inner_text().split(",")[0]
    assert first_date in text and "Permanence de l'atelier Fabriquer (exemple)" in text
    for chrome in ("Rechercher", "Qui fait quoi", "Copier le lien", "Google Agenda", "Tous les cercles", "Passer au thème"):
        assert chrome not in text, chrome


def test_the_iframe_page_filters_and_opens_links_in_the_main_window(visit: Visit) -> None:
    visit.open("/")  # stands for the organisation's main site, whose page holds the frame
    visit.page.set_content(f'<h1>Site principal</h1><iframe src="{visit.base_url}agenda/integrer/" title="Agenda" '
                           'style="width: 100%; height: 40rem"></iframe>')
    frame = visit.page.frame_locator("iframe")
    expect(frame.locator(".cercles-filtre")).to_be_visible()
    everything = frame.locator(".cercles-agenda__item:visible").count()
    frame.get_by_label("Type").select_option("permanence")
    shown = frame.locator(".cercles-agenda__item:visible")
    assert 0 < shown.count() < everything
    assert all(kind == "Permanence" for kind in shown.locator(".cercles-agenda__type").all_inner_texts())
    shown.first.locator(".cercles-agenda__titre a").click()
    visit.page.wait_for_url(f"{visit.base_url}agenda/**")
    assert visit.page.locator("iframe").count() == 0, "the link opened in the main window"
