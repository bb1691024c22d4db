"""The agenda page, the circles' agenda sections and the moments page, as built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_command
from test_pages import visible_text


@pytest.fixture
def site(organisation_dir: Path) -> Path:
    run = run_command(["mkdocs", "build", "--strict"], cwd=organisation_dir, env={"SOURCE_DATE_EPOCH": "1798761600"})
    assert run.status == 0, run.output
    return organisation_dir / "site"


def test_the_agenda_lists_coming_public_occurrences_by_month_in_french(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "du vendredi 1er janvier 2027 au mercredi 30 juin 2027" in text
    assert re.search(r"<h2 id=\"janvier-2027\">Janvier 2027", html)
    assert "lundi 25 janvier 2027, 18 h 30 – 20 h 30 Conseil du jardin Interpôles · Jardin · Cabane du jardin" in text
    assert "samedi 13 février 2027, 10 h – 12 h 30 Troc de graines" in text
    assert "lundi 31 mai 2027" not in text, "cancelled date"
    assert "mardi 29 juin 2027, 19 h – 21 h (date déplacée) Conseil du jardin" in text
    assert text.index("Janvier 2027") < text.index("Février 2027") < text.index("Juin 2027")


def test_the_agenda_filter_offers_circles_and_kinds_present(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    start = html.index('<form class="cercles-filtre"')
    form = html[start: html.index("</form>", start)]
    assert re.findall(r'<option value="([a-z-]*)">', form) == ["", "jardin", "outils", "", "interpoles", "atelier", "permanence"]
    assert 'data-cercle="outils" data-type="permanence"' in html
    assert "assets/javascripts/cercles.js" in html


def test_the_agenda_carries_schema_org_events(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    events = json.loads(block.group(1))
    first = events[0]
    assert first["@type"] == "Event"
    assert first["name"] == "Permanence de prêt d'outils"
    assert first["startDate"] == "2027-01-06T17:00:00+01:00"
    assert first["location"] == {"@type": "Place", "name": "Remise"}
    summer = next(e for e in events if e["name"] == "Conseil du jardin" and e["startDate"].startswith("2027-04"))
    assert summer["startDate"] == "2027-04-26T18:30:00+02:00"


def test_subscribe_links_offer_webcal_https_copy_and_help(site: Path) -> None:
    html = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://petite-orga.fr/agenda.ics"' in html
    assert 'value="https://petite-orga.fr/agenda.ics"' in html
    assert 'data-copier="https://petite-orga.fr/agenda.ics"' in html
    text = visible_text(html)
    for client in ("Google Agenda", "Apple Calendrier", "Thunderbird"):
        assert client in text


def test_a_circle_page_shows_its_moments_and_feed(site: Path) -> None:
    jardin = (site / "cercles" / "jardin" / "index.html").read_text(encoding="utf-8")
    assert "Conseil du jardin" in jardin and 'href="webcal://petite-orga.fr/agenda/jardin.ics"' in jardin
    bureau = (site / "cercles" / "bureau" / "index.html").read_text(encoding="utf-8")
    assert "Aucun moment public de ce cercle" in visible_text(bureau)
    assert ".ics" not in bureau


def test_the_moments_page_shows_each_rhythm_from_the_data(site: Path) -> None:
    text = visible_text((site / "gouvernance" / "moments" / "index.html").read_text(encoding="utf-8"))
    assert "Conseil du jardin : dernier lundi du mois, 18 h 30, depuis le lundi 25 janvier 2027 (2 h)." in text
    assert "Permanence de prêt d'outils : chaque mercredi, 17 h, depuis le mercredi 6 janvier 2027 (1 h 30)." in text
    assert "Chaque mois à 20 h, avec le cercle Outils (réservé aux membres)." in text, "an internal rhythm, named"


def test_generated_sentences_agree_with_the_kind_of_moment(site: Path) -> None:
    text = visible_text((site / "agenda" / "index.html").read_text(encoding="utf-8"))
    assert "Permanence organisée par Outils" in text
    assert "Interpôles organisé par Jardin" in text
    assert "Permanence organisé par" not in text
