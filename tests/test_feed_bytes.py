"""The feeds' fast writer gives exactly the bytes of icalendar's plain ``Calendar.to_ical()``.

``build_feed`` serialises the VTIMEZONE and each moment's VEVENTs once and reuses them between
feeds and rebuilds; ``feed_calendar`` builds the same feed as one icalendar ``Calendar``. Every
feed of the default site, of petite-orga and of an organisation written here for the hard cases
(a series across both clock changes whose nights are cancelled or moved, cancelled and moved dates, an end date, long descriptions
with accents and emoji folded across lines, escaped characters, a place with coordinates) must be the same bytes both ways.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import FIXTURES, REPO
from cercles.feeds import ics
from cercles.model import Organisation
from cercles.outputs import feed_context, members_feed, members_feeds, public_feeds
from cercles.settings import Settings
from cercles.site.config import load_site_config
from cercles.sources.load import load_organisation

HARD_CASES = {
    "nuit-du-changement-d-heure.yaml": """\
titre: Veillée « à cheval » sur le changement d'heure ; café, thé, tisanes\\N et gâteaux
type: atelier
cercle: jardin
visibilite: public
rythme: chaque dimanche
debut: 2027-03-21 01:30
duree: 2h
jusqu_au: 2027-11-07
lieu: Cabane du jardin, au fond à droite ; suivre les flèches 🌱
description: >-
  Une très longue description où chaque caractère accentué (é, è, à, ç, œ) et chaque émoji 🌻🌼🌷
  compte plusieurs octets, pour que le pliage des lignes à 75 octets tombe au milieu d'eux, et
  qu'une virgule, un point-virgule ; et une barre oblique inverse \\ soient échappés juste au bord.
exceptions:
  - date: 2027-03-28
    annule: true
  - date: 2027-10-31
    deplace_au: 2027-10-30 23:30
  - date: 2027-04-04
    deplace_au: 2027-04-05 01:30
""",
    "conseil-interne-long.yaml": """\
titre: Conseil interne du jardin avec un titre assez long pour être plié au moins une fois, voilà
type: reunion-operationnelle
cercle: jardin
visibilite: interne
rythme: premier mardi du mois
debut: 2027-01-05 20:00
duree: 3h
lieu: cabane
""",
}
PLACES = """\
cabane:
  nom: Cabane du jardin
  adresse: 1 chemin des Serres, 69000 Lyon
  coordonnees: [45.7578, 4.832]
"""


def _load(config: Path) -> tuple[Organisation, Settings]:
    settings = load_site_config(config).settings
    return load_organisation(settings).organisation, settings


def _hard_cases(tmp_path: Path) -> Path:
    root = tmp_path / "orga"
    shutil.copytree(FIXTURES / "petite-orga", root)
    for name, text in HARD_CASES.items():
        (root / "content" / "agenda" / name).write_text(text, encoding="utf-8")
    (root / "lieux.yaml").write_text(PLACES, encoding="utf-8")
    return root / "mkdocs.yml"


def _every_feed(organisation: Organisation, settings: Settings) -> dict[str, bytes]:
    feeds = public_feeds(organisation, settings)
    feeds.update({f"membres/{path}": feed for path, feed in members_feeds(organisation, settings).items()})
    return feeds


def _plain(organisation: Organisation, settings: Settings) -> dict[str, bytes]:
    """Every feed again, each built as one icalendar Calendar and written by its ``to_ical()``."""
    calls: list[tuple[list[str], str, str]] = []
    real = ics.build_feed

    def recording(moments, name, description, context):  # type: ignore[no-untyped-def]
        moments = list(moments)
        calls.append(([moment.id for moment in moments], name, description))
        return ics.feed_calendar(moments, name, description, context).to_ical()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cercles.outputs.build_feed", recording)
        plain = _every_feed(organisation, settings)
    assert calls and real is ics.build_feed
    return plain


@pytest.mark.parametrize("project", ["default", "petite-orga", "hard-cases"])
def test_fast_feeds_are_icalendars_own_bytes(project: str, tmp_path: Path) -> None:
    config = {"default": REPO / "mkdocs.yml", "petite-orga": FIXTURES / "petite-orga" / "mkdocs.yml"}.get(project)
    organisation, settings = _load(config or _hard_cases(tmp_path))
    ics.forget_written_moments()
    cold = _every_feed(organisation, settings)
    warm = _every_feed(organisation, settings)
    plain = _plain(organisation, settings)
    assert cold.keys() == plain.keys() and len(plain) > 3
    for path, feed in plain.items():
        assert cold[path] == feed, path
        assert warm[path] == feed, path
    assert members_feed(organisation, settings) == plain["membres/agenda.ics"]


def test_the_hard_cases_are_in_the_compared_feed(tmp_path: Path) -> None:
    """The comparison above covers what it claims: folded multibyte lines, DST, cancelled and moved dates."""
    organisation, settings = _load(_hard_cases(tmp_path))
    feed = members_feed(organisation, settings).decode("utf-8")
    unfolded = feed.replace("\r\n ", "")
    assert "\r\n " in feed and "🌱" in unfolded and "\\;" in unfolded and "\\\\" in unfolded
    assert "EXDATE;TZID=Europe/Paris:20270328T013000" in feed
    assert feed.count("RECURRENCE-ID;TZID=Europe/Paris:") == 2 + feed.count("RECURRENCE-ID;TZID=Europe/Paris:20270628")
    assert "UNTIL=20271107T225959Z" in feed
    assert "Conseil interne du jardin" in unfolded
    assert "GEO:45.7578;4.832\r\n" in feed and "LOCATION:Cabane du jardin\\, 1 chemin des Serres\\, 69000 Lyon" in unfolded


def test_an_edited_moment_is_written_anew(tmp_path: Path) -> None:
    """The cache of serialised moments is keyed by the moment's content: a rebuild after an edit shows the edit."""
    config = _hard_cases(tmp_path)
    organisation, settings = _load(config)
    before = members_feed(organisation, settings)
    moment = config.parent / "content" / "agenda" / "conseil-interne-long.yaml"
    moment.write_text(moment.read_text(encoding="utf-8").replace("duree: 3h", "duree: 1h"), encoding="utf-8")
    edited, settings = _load(config)
    after = members_feed(edited, settings)
    assert after != before
    assert "DTEND;TZID=Europe/Paris:20270105T210000" in after.decode("utf-8")
    assert after == ics.feed_calendar(edited.members_moments(), *_members_names(settings), feed_context(settings)).to_ical()


def _members_names(settings: Settings) -> tuple[str, str]:
    site = settings.site_name or "Agenda"
    return f"{site} (membres)", f"Tous les moments de {site}, internes compris."


@pytest.mark.parametrize("filler", ["a", "é", "🌱", "\\", ","])
def test_lines_around_the_folding_limit_are_written_as_icalendar_writes_them(filler: str) -> None:
    """Every length from well below to well above 75 octets, with one- to four-octet characters and escapes at the edge."""
    for length in range(55, 90):
        properties = [("SUMMARY", "x" * (length % 7) + filler * (length - length % 7)), ("LOCATION", filler * length)]
        event = icalendar.Event()
        event.add("SUMMARY", ics.FeedText(properties[0][1]))
        event.add("LOCATION", ics.FeedText(properties[1][1]))
        assert ics._written(properties) == event.to_ical(), length


def test_equal_instants_in_two_zones_are_written_apart() -> None:
    """Values are serialised once each: 18:00 in Paris and 17:00 UTC are equal instants, yet two different lines."""
    paris = datetime(2027, 1, 4, 18, tzinfo=ZoneInfo("Europe/Paris"))
    utc = paris.astimezone(timezone.utc)
    ics.forget_written_moments()
    for when in (paris, utc, paris):
        event = icalendar.Event()
        event.add("DTSTART", when)
        assert ics._written([("DTSTART", when)]) == event.to_ical()
    assert b"DTSTART;TZID=Europe/Paris:20270104T180000\r\n" in ics._written([("DTSTART", paris)])
    assert b"DTSTART:20270104T170000Z\r\n" in ics._written([("DTSTART", utc)])
