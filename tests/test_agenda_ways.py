"""Ways into the agenda: the subscribe box, one feed per kind, agenda.json and the page for an iframe."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from conftest import copy_organisation, run_command
from test_pages import visible_text

EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01: the fixture's dates are in the window
INTERNAL_WORKSHOP = """titre: Atelier des membres Quetzalcoatl
type: atelier
cercle: jardin
visibilite: interne
rythme: chaque mardi
debut: 2027-01-05 18:00
duree: 1h
lieu: Grenier Ornithorynque
"""
"""An internal moment of a kind that has a public feed: nothing public may carry it."""


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_organisation(tmp_path_factory.mktemp("ways") / "orga")
    (folder / "content" / "agenda" / "atelier-des-membres.yaml").write_text(INTERNAL_WORKSHOP, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(organisation: Path) -> Path:
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation, env=EPOCH)
    assert run.status == 0, run.output
    return organisation / "site"


class _Ways(HTMLParser):
    """The subscribe box's ways in, in document order: (what, address)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.ways: list[tuple[str, str]] = []
        self.svg: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and "cercles-abonnement" in (found.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        if not self.depth:
            return
        if tag == "a" and found.get("href"):
            self.ways.append(("lien", found["href"] or ""))
        elif tag == "input":
            self.ways.append(("adresse", found.get("value") or ""))
        elif tag == "svg" and not self.svg:
            self.svg = found
            self.ways.append(("qr", ""))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1


def fragment_text(html: str) -> str:
    """A fragment's text with tags removed, as read on screen."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _first_box(html: str) -> _Ways:
    parser = _Ways()
    parser.feed(html[: html.index("</details>", html.index("cercles-abonnement__aide"))])
    return parser


def test_the_subscribe_box_offers_google_then_webcal_then_the_address_then_a_qr_code(site: Path) -> None:
    box = _first_box((site / "agenda" / "index.html").read_text(encoding="utf-8"))
    google, webcal, address, qr, download = box.ways[:5]
    parts = urlsplit(google[1])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
    assert parse_qs(parts.query) == {"cid": ["webcal://petite-orga.fr/agenda.ics"]}
    assert "webcal%3A%2F%2Fpetite-orga.fr%2Fagenda.ics" in google[1], "the feed address is URL-encoded whole"
    assert webcal == ("lien", "webcal://petite-orga.fr/agenda.ics")
    assert address == ("adresse", "https://petite-orga.fr/agenda.ics")
    assert qr[0] == "qr" and download == ("lien", "../agenda.ics")
    assert box.svg["role"] == "img" and box.svg["aria-label"] == "QR code de l'adresse du calendrier : https://petite-orga.fr/agenda.ics"


def test_the_subscribe_help_covers_each_platform_in_a_details_element(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    start = html.index('<details class="cercles-abonnement__aide">')
    text = fragment_text(html[start: html.index("</details>", start)])
    for platform in ("Android (Google Agenda)", "iPhone, iPad, Mac (Apple Calendrier)", "Thunderbird", "Outlook"):
        assert platform in text
    assert text.index("Android") < text.index("iPhone") < text.index("Thunderbird") < text.index("Outlook")


def test_a_circle_page_offers_its_own_feed_the_same_ways_without_kind_feeds(site: Path) -> None:
    html = (site / "cercles" / "jardin" / "index.html").read_text(encoding="utf-8")
    box = _first_box(html)
    assert parse_qs(urlsplit(box.ways[0][1]).query) == {"cid": ["webcal://petite-orga.fr/agenda/jardin.ics"]}
    assert box.svg["aria-label"] == "QR code de l'adresse du calendrier : https://petite-orga.fr/agenda/jardin.ics"
    assert "agenda/type/" not in html


def test_one_feed_per_kind_holds_only_the_public_moments_of_that_kind(site: Path) -> None:
    feeds = sorted(path.name for path in (site / "agenda" / "type").iterdir())
    assert feeds == ["atelier.ics", "interpoles.ics", "permanence.ics"], "no feed for a kind with only internal moments"
    atelier = Calendar.from_ical((site / "agenda" / "type" / "atelier.ics").read_bytes())
    assert [str(event["SUMMARY"]) for event in atelier.walk("VEVENT")] == ["Troc de graines"]
    assert str(atelier["X-WR-CALNAME"]) == "Les ateliers : Petite orga"
    permanence = Calendar.from_ical((site / "agenda" / "type" / "permanence.ics").read_bytes())
    assert {str(event["SUMMARY"]) for event in permanence.walk("VEVENT")} == {"Permanence de prêt d'outils"}
    for feed in (site / "agenda" / "type").iterdir():
        assert b"Quetzalcoatl" not in feed.read_bytes() and b"Ornithorynque" not in feed.read_bytes()


def test_the_agenda_page_lists_the_kind_feeds_beside_the_subscribe_box(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    start = html.index('<details class="cercles-abonnement__types">')
    block = html[start: html.index("</details>", start)]
    assert re.findall(r'href="(type/[a-z-]+\.ics)"', block) == ["type/interpoles.ics", "type/atelier.ics", "type/permanence.ics"]
    assert 'href="webcal://petite-orga.fr/agenda/type/atelier.ics"' in block
    assert "Les ateliers : Google Agenda · webcal · fichier .ics" in fragment_text(block)
    subscribe = html.index('id="s-abonner"')
    assert html.index('class="cercles-agenda"') < subscribe < start, "in the subscribe box, which comes after the dates"


def test_agenda_json_is_an_item_list_of_the_upcoming_public_events(site: Path) -> None:
    document = json.loads((site / "agenda.json").read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org" and document["@type"] == "ItemList"
    assert document["url"] == "https://petite-orga.fr/agenda/"
    items = document["itemListElement"]
    assert document["numberOfItems"] == len(items) > 20
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    starts = [item["item"]["startDate"] for item in items]
    assert starts == sorted(starts)
    troc = next(item["item"] for item in items if item["item"]["name"] == "Troc de graines")
    assert troc == {
        "@type": "Event", "name": "Troc de graines", "identifier": "troc-de-graines",
        "startDate": "2027-02-13T10:00:00+01:00", "endDate": "2027-02-13T12:30:00+01:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Serre"}, "description": "Échanger ses graines et ses conseils de semis.",
        "url": "https://petite-orga.fr/agenda/troc-de-graines/",
        "organizer": {"@type": "Organization", "identifier": "jardin", "name": "Jardin", "url": "https://petite-orga.fr/cercles/jardin/"},
        "about": {"@type": "DefinedTerm", "termCode": "atelier", "name": "Atelier"},
    }
    moved = next(item["item"] for item in items if item["item"]["startDate"] == "2027-06-29T19:00:00+02:00")
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert not any(item["item"]["startDate"].startswith("2027-05-31") for item in items), "a cancelled date"
    text = (site / "agenda.json").read_text(encoding="utf-8")
    assert "Quetzalcoatl" not in text and "Ornithorynque" not in text and "Conciliabule" not in text


def test_agenda_json_is_the_same_bytes_for_the_same_sources(organisation: Path, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_command(["mkdocs", "build", "--strict", "--site-dir", str(again)], cwd=organisation, env=EPOCH).status == 0
    assert (again / "agenda.json").read_bytes() == (site / "agenda.json").read_bytes()
    for feed in ("agenda/type/atelier.ics", "agenda/type/permanence.ics"):
        assert (again / feed).read_bytes() == (site / feed).read_bytes()


def test_the_page_for_an_iframe_has_the_list_and_filter_without_the_site_around(site: Path) -> None:
    html = (site / "agenda" / "integrer" / "index.html").read_text(encoding="utf-8")
    for chrome in ('class="md-header__inner', 'class="md-sidebar', 'class="md-footer', 'class="md-tabs', 'class="md-search',
                   'class="md-nav'):
        assert chrome not in html
    assert '<header class="md-header cercles-sans-entete" data-md-component="header">' in html, "only Material's script needs it"
    assert '<base target="_top">' in html, "links open in the page around the frame"
    agenda = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    form = re.compile(r'<form class="cercles-filtre".*?</form>', re.DOTALL)
    assert form.search(html)[0] == form.search(agenda)[0], "the same filter as the agenda"
    assert "assets/javascripts/cercles.js" in html
    items = re.findall(r'<li class="cercles-agenda__item"', html)
    assert len(items) == json.loads((site / "agenda.json").read_text(encoding="utf-8"))["numberOfItems"]
    text = visible_text(html)
    assert "samedi 13 février 2027, 10 h – 12 h 30 Troc de graines Atelier · Jardin · Serre" in text
    assert "Quetzalcoatl" not in html and "Conciliabule" not in html
    assert "S'abonner" not in text


def test_a_moment_may_not_take_the_id_of_a_folder_of_the_agenda(organisation_dir: Path) -> None:
    (organisation_dir / "content" / "agenda" / "integrer.yaml").write_text(INTERNAL_WORKSHOP, encoding="utf-8")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert ("content/agenda/integrer.yaml:1:1: l'identifiant « integrer » est réservé aux pages de l'agenda (/agenda/integrer/) "
            "(renommez le fichier, par exemple « integrer-atelier.yaml »)") in run.stderr
