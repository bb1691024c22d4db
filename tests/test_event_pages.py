"""A page per public moment, places from lieux.yaml, and an agenda that stays small, as built."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest

from conftest import run_command
from test_pages import visible_text

EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01
PLACES = """\
serre:
  nom: La serre
  adresse: 3 allée des Semis, 69000 Lyon
  acces: Par le portail du jardin.
  accessibilite: De plain-pied, toilettes accessibles.
  coordonnees: [45.75, 4.83]
  carte: https://www.openstreetmap.org/#map=19/45.75/4.83
cabane:
  nom: Cabane du jardin
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def site(organisation_dir: Path) -> Path:
    (organisation_dir / "lieux.yaml").write_text(PLACES, encoding="utf-8")
    agenda = organisation_dir / "content" / "agenda"
    _edit(agenda / "troc-de-graines.yaml", "lieu: Serre",
          "lieu: serre\ntarif: Prix libre\ninscription: https://petite-orga.fr/inscription?atelier=troc&x=1\n"
          "contact: jardin@petite-orga.fr")
    _edit(agenda / "troc-de-graines.yaml", "titre: Troc de graines", "titre: Troc de graines </script><b>")
    _edit(agenda / "conseil-du-jardin.yaml", "lieu: Cabane du jardin", "lieu: cabane")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env=EPOCH)
    assert run.status == 0, run.output
    return organisation_dir / "site"


def _json_ld(html: str) -> object:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD"
    return json.loads(block.group(1))


def test_a_one_off_moment_has_its_page_with_place_price_booking_and_sharing_card(site: Path) -> None:
    html = (site / "agenda" / "troc-de-graines" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "Atelier organisé par Jardin" in text
    assert "samedi 13 février 2027, 10 h – 12 h 30" in text
    assert "La serre Adresse : 3 allée des Semis, 69000 Lyon Accès : Par le portail du jardin." in text
    assert "Accessibilité : De plain-pied, toilettes accessibles." in text
    assert 'href="https://www.openstreetmap.org/#map=19/45.75/4.83"' in html
    assert "Tarif : Prix libre" in text and "Contact : jardin@petite-orga.fr" in text
    assert 'href="https://petite-orga.fr/inscription?atelier=troc&amp;x=1">s\'inscrire en ligne</a>' in html
    assert '<meta property="og:type" content="event">' in html
    assert '<meta property="og:url" content="https://petite-orga.fr/agenda/troc-de-graines/">' in html
    assert '<meta property="og:title" content="Troc de graines &lt;/script&gt;&lt;b&gt;">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="og:description" content="Échanger ses graines et ses conseils de semis.">' in html


def test_the_event_json_ld_cannot_be_closed_and_describes_place_and_status(site: Path) -> None:
    html = (site / "agenda" / "troc-de-graines" / "index.html").read_text(encoding="utf-8")
    event = _json_ld(html)
    assert isinstance(event, dict)
    assert event["name"] == "Troc de graines </script><b>", "the title reaches the data intact, escaped in the page"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["startDate"] == "2027-02-13T10:00:00+01:00" and event["endDate"] == "2027-02-13T12:30:00+01:00"
    assert event["location"] == {"@type": "Place", "name": "La serre",
                                 "address": {"@type": "PostalAddress", "streetAddress": "3 allée des Semis, 69000 Lyon"},
                                 "geo": {"@type": "GeoCoordinates", "latitude": 45.75, "longitude": 4.83}}
    assert event["organizer"] == {"@type": "Organization", "name": "Petite orga", "url": "https://petite-orga.fr/"}
    assert event["url"] == "https://petite-orga.fr/agenda/troc-de-graines/"


def test_the_google_link_of_a_one_off_moment_is_well_formed(site: Path) -> None:
    html = (site / "agenda" / "troc-de-graines" / "index.html").read_text(encoding="utf-8")
    href = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html)
    assert href
    link = urlsplit(href.group(1).replace("&amp;", "&"))
    assert (link.netloc, link.path) == ("calendar.google.com", "/calendar/render")
    params = {key: values[0] for key, values in parse_qs(link.query, strict_parsing=True).items()}
    assert params["action"] == "TEMPLATE"
    assert params["text"] == "Troc de graines </script><b>"
    assert params["dates"] == "20270213T090000Z/20270213T113000Z", "UTC, Paris is UTC+1 in February"
    assert params["location"] == "La serre, 3 allée des Semis, 69000 Lyon"
    assert params["details"].endswith("https://petite-orga.fr/agenda/troc-de-graines/")


def test_a_recurring_moment_lists_its_dates_cancelled_struck_and_moved(site: Path) -> None:
    html = (site / "agenda" / "conseil-du-jardin" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "lundi 25 janvier 2027, 18 h 30 – 20 h 30" in text
    assert "<del><time datetime=\"2027-05-31T18:30:00+02:00\">lundi 31 mai 2027, 18 h 30</time></del> <strong>annulé</strong>" in html
    assert "lundi 28 juin 2027, 18 h 30 déplacé au mardi 29 juin 2027, 19 h – 21 h" in text
    assert "action=TEMPLATE" not in html, "a recurring moment is subscribed to (its circle's feed), not added once"
    assert 'href="webcal://petite-orga.fr/agenda/jardin.ics"' in html
    events = _json_ld(html)
    assert isinstance(events, list)
    statuses = {event["startDate"][:10]: event["eventStatus"].rsplit("/", 1)[1] for event in events}
    assert statuses["2027-05-31"] == "EventCancelled"
    assert statuses["2027-06-29"] == "EventRescheduled"
    assert statuses["2027-01-25"] == "EventScheduled"
    assert next(e for e in events if e["startDate"].startswith("2027-06-29"))["previousStartDate"] == "2027-06-28T18:30:00+02:00"


def test_the_event_calendar_file_holds_that_moment_with_its_address(site: Path) -> None:
    page = (site / "agenda" / "troc-de-graines" / "index.html").read_text(encoding="utf-8")
    assert 'href="troc-de-graines.ics"' in page
    calendar = icalendar.Calendar.from_ical((site / "agenda" / "troc-de-graines" / "troc-de-graines.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Troc de graines </script><b>"]
    event = events[0]
    assert str(event["LOCATION"]) == "La serre, 3 allée des Semis, 69000 Lyon"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (45.75, 4.83)
    assert "Tarif : Prix libre" in str(event["DESCRIPTION"])
    assert "Inscription : https://petite-orga.fr/inscription?atelier=troc&x=1" in str(event["DESCRIPTION"])
    public = icalendar.Calendar.from_ical((site / "agenda.ics").read_bytes())
    troc = next(e for e in public.walk("VEVENT") if str(e["UID"]).startswith("troc-de-graines@"))
    assert troc["UID"] == event["UID"], "the same event, whichever file a calendar got it from"


def test_the_agenda_links_each_date_to_its_event_page(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    assert '<a href="troc-de-graines/">Troc de graines &lt;/script&gt;&lt;b&gt;</a>' in html
    assert '<a href="conseil-du-jardin/">Conseil du jardin</a>' in html
    assert "</script><b>" not in html


def test_internal_and_confidential_moments_get_no_page_nor_calendar_file(site: Path) -> None:
    assert not (site / "agenda" / "reunion-secrete").exists()
    every_file = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    assert not [path for path in every_file if "reunion-secrete" in path]
    assert not any("Conciliabule" in path.read_text(encoding="utf-8", errors="replace")
                   for path in site.rglob("*") if path.suffix in (".html", ".ics", ".json", ".xml"))


def test_the_places_page_lists_each_place_with_what_visitors_need(site: Path) -> None:
    text = visible_text((site / "venir" / "index.html").read_text(encoding="utf-8"))
    assert "Venir à Petite orga" in text
    assert "La serre Adresse : 3 allée des Semis, 69000 Lyon Accès : Par le portail du jardin." in text
    assert "Cabane du jardin" in text
    jardin = (site / "agenda" / "conseil-du-jardin" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../venir/#lieu-cabane"' in jardin


def test_an_unknown_place_id_is_refused_with_the_closest_one(organisation_dir: Path) -> None:
    (organisation_dir / "lieux.yaml").write_text(PLACES, encoding="utf-8")
    _edit(organisation_dir / "content" / "agenda" / "troc-de-graines.yaml", "lieu: Serre", "lieu: sere")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status != 0
    assert ("content/agenda/troc-de-graines.yaml:8:7: lieu: lieu « sere » absent du fichier des lieux "
            "(vouliez-vous dire « serre » ?)") in run.output


def test_a_place_name_in_words_stays_a_plain_name(organisation_dir: Path) -> None:
    (organisation_dir / "lieux.yaml").write_text(PLACES, encoding="utf-8")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 0, run.output  # « Remise » and « Serre » are names, not ids


@pytest.mark.parametrize(("line", "message"), [
    ("inscription: javascript:alert(1)", "inscription: adresse web illisible « javascript:alert(1) »"),
    ("inscription: www.exemple.org", "inscription: adresse web illisible « www.exemple.org »"),
])
def test_a_booking_address_must_be_a_web_address(organisation_dir: Path, line: str, message: str) -> None:
    _edit(organisation_dir / "content" / "agenda" / "troc-de-graines.yaml", "lieu: Serre", f"lieu: Serre\n{line}")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status != 0
    assert f"content/agenda/troc-de-graines.yaml:9:14: {message}" in run.output


def test_wrong_coordinates_are_refused_with_the_form_to_write(organisation_dir: Path) -> None:
    (organisation_dir / "lieux.yaml").write_text("serre:\n  nom: La serre\n  coordonnees: [145, 4.83]\n", encoding="utf-8")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status != 0
    assert "lieux.yaml:3:16: serre.coordonnees: coordonnées illisibles" in run.output
    assert "écrivez « coordonnees: [latitude, longitude] » en degrés" in run.output


WEEKLY = """\
titre: Permanence {n}
type: permanence
cercle: outils
visibilite: public
rythme: chaque mercredi
debut: 2027-01-06 {hour}:00
duree: 1h
lieu: Atelier {n}
"""


def test_a_long_agenda_is_split_by_month_and_the_index_shows_the_next_weeks(organisation_dir: Path) -> None:
    agenda = organisation_dir / "content" / "agenda"
    for n in range(6):
        (agenda / f"permanence-{n}.yaml").write_text(WEEKLY.format(n=n, hour=10 + n), encoding="utf-8")
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env=EPOCH)
    assert run.status == 0, run.output
    site = organisation_dir / "site"
    index = visible_text((site / "agenda" / "index.html").read_text(encoding="utf-8"))
    assert "mercredi 13 janvier 2027" in index and "mercredi 20 janvier 2027" not in index, "two weeks, then links"
    assert "Mois par mois" in index and "Juin 2027 : " in index
    march = (site / "agenda" / "2027-03" / "index.html").read_text(encoding="utf-8")
    assert "mercredi 3 mars 2027, 10 h" in visible_text(march)
    assert "avril 2027" not in visible_text(march).split("Agenda : Mars 2027", 1)[1]
    assert 'href="../permanence-0/"' in march, "each date links to its moment's page, which carries the JSON-LD"
    assert (site / "agenda" / "2027-06" / "index.html").is_file()
    assert (site / "agenda" / "archives" / "index.html").is_file()
    embed = visible_text((site / "agenda" / "integrer" / "index.html").read_text(encoding="utf-8"))
    assert "Du vendredi 1er janvier 2027 au jeudi 14 janvier 2027 · tout l'agenda et les abonnements" in embed, embed[:300]
    assert "mercredi 13 janvier 2027, 15 h" in embed and "mercredi 20 janvier 2027" not in embed, "the index's two weeks"
    # Search finds a moment once, on its own page: not on each month, nor in every list and subscription box.
    index_entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {entry["location"] for entry in index_entries}
    assert "agenda/permanence-0/" in locations and "agenda/" in locations
    assert not [location for location in locations if location.startswith(("agenda/2027-", "agenda/integrer/"))]
    with_dates = {entry["location"] for entry in index_entries if "mercredi 3 mars 2027" in entry["text"]}
    pages_with_dates = {location.split("#")[0] for location in with_dates}
    assert {f"agenda/permanence-{n}/" for n in range(6)} <= pages_with_dates
    assert [page for page in pages_with_dates if page == "agenda/" or page.startswith(("agenda/20", "cercles/"))] == []
    assert not [entry["location"] for entry in index_entries if "Comment s'abonner" in entry["text"]]


def test_a_moment_may_not_take_the_name_of_an_agenda_page(organisation_dir: Path) -> None:
    agenda = organisation_dir / "content" / "agenda"
    (agenda / "troc-de-graines.yaml").rename(agenda / "2027-02.yaml")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status != 0
    assert "content/agenda/2027-02.yaml:2:1: l'identifiant « 2027-02 » est réservé aux pages de l'agenda" in run.output


def test_the_current_month_opens_the_agenda_and_says_when_it_is_empty(organisation_dir: Path) -> None:
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env={"SOURCE_DATE_EPOCH": "1796083200"})  # 2026-12-01
    assert run.status == 0, run.output
    text = visible_text((organisation_dir / "site" / "agenda" / "index.html").read_text(encoding="utf-8"))
    assert text.index("Décembre 2026 Aucun moment public n'est prévu ce mois-ci.") < text.index("Janvier 2027")
    assert text.index("Janvier 2027") < text.index("S'abonner à tout l'agenda"), "dates first, subscribing after"
    assert text.index("S'abonner à l'agenda") < text.index("Décembre 2026"), "the subscribe box one tap away"
