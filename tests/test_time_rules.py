"""Time correctness and bounds: what check refuses, and what the feeds and pages then publish.

Clients disagree on a skipped or doubled local time and refuse a floating UNTIL, so check
refuses the first and the feed writes the second in UTC; durations are real elapsed time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream

from conftest import run_command
from cercles.rules.recurrence import MAX_OCCURRENCES, RuleError, _unclear, occurrences, series, unclear_occurrence
from test_feeds import build, parse
from test_validation import edit, errors_of

PARIS = ZoneInfo("Europe/Paris")
AGENDA = Path("content") / "agenda"


def test_a_rule_the_feed_writer_cannot_read_is_refused_by_check(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "pret-d-outils.yaml", "rythme: chaque mercredi",
         'rythme: "RRULE:FREQ=WEEKLY;BYDAY=WE\\nRRULE:FREQ=DAILY"')
    (message,) = errors_of(organisation_dir)
    assert "rythme: règle RRULE invalide" in message and "une seule règle" in message


@pytest.mark.parametrize(("rule", "expected"), [
    ("FREQ=MINUTELY", "fréquence « MINUTELY » trop fine ou inconnue (au plus une fois par jour"),
    ("FREQ=DAILY;BYHOUR=1,2,3", "BYHOUR n'est pas accepté dans la règle (l'heure de chaque occurrence est celle de « debut »)"),
    ("FREQ=WEEKLY;UNTIL=20270601", "UNTIL n'est pas accepté dans la règle (écrivez la dernière date dans « jusqu_au: AAAA-MM-JJ »)"),
    ("FREQ=WEEKLY;BYDAY=WE;BYDAY=TH", "règle RRULE invalide « RRULE:FREQ=WEEKLY;BYDAY=WE;BYDAY=TH » (parties permises, une fois chacune"),
])
def test_rules_finer_than_daily_or_with_their_own_end_are_refused(organisation_dir: Path, rule: str, expected: str) -> None:
    edit(organisation_dir / AGENDA / "pret-d-outils.yaml", "rythme: chaque mercredi", f'rythme: "RRULE:{rule}"')
    (message,) = errors_of(organisation_dir)
    assert message.startswith("content/agenda/pret-d-outils.yaml:6:9: rythme: " + expected), message


def test_expansion_stops_at_the_occurrence_cap() -> None:
    start = datetime(2027, 1, 1, 10, 0)
    with pytest.raises(RuleError, match=f"plus de {MAX_OCCURRENCES} occurrences"):
        occurrences("FREQ=DAILY", start, start, datetime(2037, 1, 1))
    assert len(occurrences("FREQ=DAILY", start, start, datetime(2030, 1, 1))) == 1096, "36 months of a daily moment fit"


def test_a_year_out_of_range_is_refused_everywhere(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "conseil-du-jardin.yaml", "deplace_au: 2027-06-29 19:00", "deplace_au: 9999-06-29 19:00")
    assert errors_of(organisation_dir) == [
        "content/agenda/conseil-du-jardin.yaml:15:17: exceptions[2].deplace_au: l'année de « 9999-06-29 19:00 » sort de la "
        "plage acceptée (1970–2100) (vérifiez l'année : quatre chiffres, par exemple « 2027 »)"
    ]


def test_a_moved_date_at_a_doubled_hour_names_both_readings(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "conseil-du-jardin.yaml", "deplace_au: 2027-06-29 19:00", "deplace_au: 2027-10-31 02:15")
    assert errors_of(organisation_dir) == [
        "content/agenda/conseil-du-jardin.yaml:15:17: exceptions[2].deplace_au: l'heure 02:15 a lieu deux fois le 2027-10-31 "
        "à Europe/Paris (retour à l'heure d'hiver) (02:15 heure d'été (UTC+2) ou 02:15 heure d'hiver (UTC+1) : "
        "choisissez une heure avant 2 h ou après 3 h)"
    ]


def test_an_occurrence_at_a_doubled_hour_years_after_the_start_is_refused(organisation_dir: Path) -> None:
    source = organisation_dir / AGENDA / "pret-d-outils.yaml"
    edit(source, "rythme: chaque mercredi", "rythme: chaque annee")
    edit(source, "debut: 2027-01-06 17:00", "debut: 2027-10-30 02:30")  # a Saturday; 2033-10-30 is the last Sunday
    assert errors_of(organisation_dir) == [
        "content/agenda/pret-d-outils.yaml:6:9: rythme: une occurrence tombe mal : l'heure 02:30 a lieu deux fois le "
        "2033-10-30 à Europe/Paris (retour à l'heure d'hiver) (02:30 heure d'été (UTC+2) ou 02:30 heure d'hiver (UTC+1) : "
        "choisissez une heure avant 2 h ou après 3 h)"
    ]
    edit(source, "duree: 1h30", "duree: 1h30\njusqu_au: 2032-12-31")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 0, "the series ends before its first doubled hour\n" + run.output


def test_until_is_written_in_utc_and_the_ical_package_reads_the_feed(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "pret-d-outils.yaml", "duree: 1h30", "duree: 1h30\njusqu_au: 2027-06-30")
    feed = build(organisation_dir, organisation_dir / "site") / "agenda.ics"
    text = feed.read_bytes().decode("utf-8")
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=WE\r\n" in text
    calendar = IcsCalendarStream.calendar_from_ics(text)
    permanence = [event.dtstart for event in calendar.timeline_tz(PARIS) if event.summary == "Permanence de prêt d'outils"]
    assert (permanence[0], permanence[-1]) == (datetime(2027, 1, 6, 17, 0, tzinfo=PARIS), datetime(2027, 6, 30, 17, 0, tzinfo=PARIS))


def test_durations_are_real_across_the_spring_night(organisation_dir: Path) -> None:
    source = organisation_dir / AGENDA / "troc-de-graines.yaml"
    edit(source, 'debut: 2027-02-13 10:00\nfin: "12:30"', "debut: 2027-03-27 23:00\nduree: 5h")
    site = build(organisation_dir, organisation_dir / "site")
    (troc,) = [event for event in parse(site / "agenda.ics").walk("VEVENT") if str(event["SUMMARY"]) == "Troc de graines"]
    assert troc["DTEND"].dt == datetime(2027, 3, 28, 5, 0, tzinfo=PARIS), "five real hours end at 05:00 summer time"
    page = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    assert '"endDate":"2027-03-28T05:00:00+02:00"' in page
    edit(source, "duree: 5h", 'fin: "2027-03-28 05:00"')
    again = [event for event in parse(build(organisation_dir, organisation_dir / "again") / "agenda.ics").walk("VEVENT")
             if str(event["SUMMARY"]) == "Troc de graines"]
    assert again[0]["DTEND"].dt == datetime(2027, 3, 28, 5, 0, tzinfo=PARIS)


def test_an_end_in_the_second_reading_of_a_doubled_hour_is_written_in_utc(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", 'debut: 2027-02-13 10:00\nfin: "12:30"', "debut: 2027-10-31 01:30\nduree: 2h")
    feed = build(organisation_dir, organisation_dir / "site") / "agenda.ics"
    assert "DTEND:20271031T013000Z\r\n" in feed.read_bytes().decode("utf-8"), "02:30 winter time, not the earlier 02:30"


def _libical() -> ctypes.CDLL:
    name = ctypes.util.find_library("ical")
    if name is None:
        pytest.skip("libical is not installed (Debian: libical-dev)")
    library = ctypes.CDLL(name)
    library.icalparser_parse_string.restype = ctypes.c_void_p
    library.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    library.icalrestriction_check.argtypes = [ctypes.c_void_p]
    library.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    library.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    library.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return library


def test_every_feed_passes_libicals_itip_restrictions(organisation_dir: Path) -> None:
    library = _libical()
    site = build(organisation_dir, organisation_dir / "site")
    feeds = sorted(site.rglob("*.ics"))
    assert len(feeds) == 9, "the public feed, two circles', three kinds' and three public moments' (their pages' « add »)"
    for feed in feeds:
        component = library.icalparser_parse_string(feed.read_bytes())
        valid = library.icalrestriction_check(component)
        checked = library.icalcomponent_as_ical_string(component).decode("utf-8")
        library.icalcomponent_free(component)
        assert valid == 1 and "X-LIC-ERROR" not in checked, f"{feed.name}: {checked}"
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        assert str(calendar["X-WR-CALDESC"]).startswith("Les moments publics")


def test_a_recurring_occurrence_across_a_clock_change_is_refused_unless_cancelled(organisation_dir: Path) -> None:
    source = organisation_dir / AGENDA / "pret-d-outils.yaml"
    edit(source, "rythme: chaque mercredi", "rythme: chaque samedi")
    edit(source, "debut: 2027-01-06 17:00\nduree: 1h30", "debut: 2027-01-02 23:00\nduree: 5h")
    assert errors_of(organisation_dir) == [
        "content/agenda/pret-d-outils.yaml:6:9: rythme: une occurrence tombe mal : celle du 2027-03-27 à 23:00 chevauche un "
        "changement d'heure à Europe/Paris, et les agendas n'en calculent pas tous la fin de la même façon (avancez l'heure "
        "ou raccourcissez la durée, ou annulez ou déplacez cette date dans « exceptions »)"
    ]
    edit(source, "duree: 5h", "duree: 5h\njusqu_au: 2027-10-29\nexceptions:\n  - date: 2027-03-27\n    annule: true")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 0, run.output


def _every_sunday_of_change(first: int, last: int) -> frozenset[date]:
    """The last Sundays of March and October (Europe's clock changes) and the Saturdays before them."""
    days = set()
    for year in range(first, last + 1):
        for month in (3, 10):
            sunday = max(date(year, month, day) for day in range(25, 32) if date(year, month, day).weekday() == 6)
            days.update({sunday, sunday - timedelta(days=1)})
    return frozenset(days)


@pytest.mark.parametrize(("zone", "rule", "start", "until", "duration", "changed", "expected"), [
    ("Europe/Paris", "FREQ=WEEKLY", datetime(2027, 1, 4, 18), None, timedelta(hours=2), frozenset(), None),
    ("Europe/Paris", "FREQ=DAILY", datetime(2027, 1, 1, 2, 30), date(2031, 1, 1), None, frozenset(),
     "l'heure 02:30 n'existe pas le 2027-03-28"),
    ("Europe/Paris", "FREQ=DAILY", datetime(2027, 1, 1, 1, 30), date(2031, 1, 1), timedelta(hours=2),
     frozenset({date(2027, 3, 28)}), "celle du 2027-10-31 à 01:30 chevauche"),
    # Crosses 28 clock changes, each cancelled, before the one it refuses.
    ("Europe/Paris", "FREQ=DAILY", datetime(2027, 1, 1, 23), date(2042, 1, 1), timedelta(hours=5),
     _every_sunday_of_change(2027, 2040), "celle du 2041-03-30 à 23:00 chevauche"),
    ("Europe/Paris", "FREQ=WEEKLY;BYDAY=SA", datetime(2027, 1, 2, 1), None, timedelta(hours=30), frozenset(),
     "celle du 2027-03-27 à 01:00 chevauche"),
    ("Australia/Lord_Howe", "FREQ=DAILY", datetime(2027, 1, 1, 1, 50), date(2030, 1, 1), timedelta(minutes=20), frozenset(),
     "l'heure 01:50 a lieu deux fois le 2027-04-04 à Australia/Lord_Howe"),
    ("America/Havana", "FREQ=MONTHLY;BYDAY=2SU", datetime(2027, 1, 10, 0, 30), date(2040, 1, 1), None, frozenset(),
     "l'heure 00:30 n'existe pas le 2027-03-14"),
])
def test_the_clock_change_check_agrees_with_checking_every_occurrence(
        zone: str, rule: str, start: datetime, until: date | None, duration: timedelta | None, changed: frozenset[date],
        expected: str | None) -> None:
    """The check looks only near clock changes; walking every occurrence of the series finds the same first problem."""
    where = ZoneInfo(zone)
    everywhere = next((problem for moment in series(rule, start, until)
                       if (problem := _unclear(moment, where, duration, changed)) is not None), None)
    found = unclear_occurrence(rule, start, until, where, duration, changed)
    assert found == everywhere
    assert (found[0][:len(expected)] if found and expected else found) == expected
