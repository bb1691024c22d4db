"""iCalendar feeds, parsed and expanded the way calendar clients do (icalendar + recurring-ical-events)."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from conftest import REPO, run_command

PARIS = ZoneInfo("Europe/Paris")
EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01T00:00:00Z


def build(folder: Path, site: Path, env: dict[str, str] | None = None) -> Path:
    run = run_command(["mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=folder, env={**EPOCH, **(env or {})})
    assert run.status == 0, run.output
    return site


def parse(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def starts(calendar: icalendar.Calendar, summary: str, year: int) -> list[datetime]:
    events = recurring_ical_events.of(calendar).between(date(year, 1, 1), date(year + 1, 1, 1))
    return sorted(event["DTSTART"].dt for event in events if str(event["SUMMARY"]) == summary)


@pytest.fixture
def fixture_site(organisation_dir: Path) -> Path:
    return build(organisation_dir, organisation_dir / "site")


def test_interpoles_2027_fall_on_last_mondays_at_the_same_local_time(default_site: Path, tmp_path: Path) -> None:
    assert "Interpôles" not in (default_site / "agenda.ics").read_text(encoding="utf-8"), "a members' meeting"
    assert run_command(["cercles", "members-feed", "--out", str(tmp_path)], cwd=REPO).status == 0
    found = starts(parse(tmp_path / "agenda-membres.ics"), "Interpôles", 2027)
    assert [moment.date() for moment in found] == [
        date(2027, 1, 25), date(2027, 2, 22), date(2027, 3, 29), date(2027, 4, 26), date(2027, 5, 31),
        date(2027, 6, 28), date(2027, 7, 26), date(2027, 8, 30), date(2027, 9, 27), date(2027, 10, 25),
        date(2027, 11, 29),  # 2027-12-27 is cancelled in content/agenda/interpoles.yaml
    ]
    assert {moment.astimezone(PARIS).time() for moment in found} == {time(18, 30)}
    offsets = {moment.astimezone(PARIS).utcoffset().total_seconds() / 3600 for moment in found}
    assert offsets == {1.0, 2.0}, "the series crosses the change to summer time on 2027-03-28"


def test_a_cancelled_date_removes_exactly_one_occurrence(organisation_dir: Path) -> None:
    with_exception = parse(build(organisation_dir, organisation_dir / "a") / "agenda.ics")
    source = organisation_dir / "content" / "agenda" / "conseil-du-jardin.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("  - date: 2027-05-31\n    annule: true\n", ""), encoding="utf-8")
    without = parse(build(organisation_dir, organisation_dir / "b") / "agenda.ics")
    kept, every = starts(with_exception, "Conseil du jardin", 2027), starts(without, "Conseil du jardin", 2027)
    assert len(every) - len(kept) == 1
    assert set(every) - set(kept) == {datetime(2027, 5, 31, 18, 30, tzinfo=PARIS)}


def test_a_cancelled_date_is_an_exdate_and_a_moved_date_an_override(fixture_site: Path) -> None:
    calendar = parse(fixture_site / "agenda.ics")
    events = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]) == "Conseil du jardin"]
    master, override = sorted(events, key=lambda event: "RECURRENCE-ID" in event)
    assert master["UID"] == override["UID"] == "conseil-du-jardin@petite-orga.fr"
    assert [value.dt for value in master["EXDATE"].dts] == [datetime(2027, 5, 31, 18, 30, tzinfo=PARIS)]
    assert override["RECURRENCE-ID"].dt == datetime(2027, 6, 28, 18, 30, tzinfo=PARIS)
    assert override["DTSTART"].dt == datetime(2027, 6, 29, 19, 0, tzinfo=PARIS)
    june = [moment for moment in starts(calendar, "Conseil du jardin", 2027) if moment.month == 6]
    assert june == [datetime(2027, 6, 29, 19, 0, tzinfo=PARIS)]


def test_the_feed_is_a_well_formed_subscribable_calendar(fixture_site: Path) -> None:
    text = (fixture_site / "agenda.ics").read_bytes().decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "RFC 5545 lines end with CRLF"
    calendar = parse(fixture_site / "agenda.ics")
    assert "METHOD" not in calendar, "a subscribed feed is not an iTIP message (PUBLISH would need an ORGANIZER)"
    assert calendar["X-WR-CALNAME"] == calendar["NAME"] == "Petite orga"
    assert calendar["X-WR-CALDESC"] == calendar["DESCRIPTION"] == "Les moments publics de Petite orga."
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text and "X-PUBLISHED-TTL:PT12H\r\n" in text
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    assert [part.name for part in zone.subcomponents] == ["DAYLIGHT", "STANDARD"]
    assert "RDATE" not in text, "one compact VTIMEZONE with yearly rules, not a list of dates"
    assert "DTSTART;TZID=Europe/Paris:20270125T183000\r\n" in text
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1MO\r\n" in text, "recurrence stays a rule, not expanded"
    (troc,) = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]) == "Troc de graines"]
    assert troc["LOCATION"] == "Serre"
    assert troc["CATEGORIES"].cats == ["Atelier"]
    assert troc["URL"] == "https://petite-orga.fr/agenda/troc-de-graines/"
    assert str(troc["DESCRIPTION"]).endswith("\n\nhttps://petite-orga.fr/agenda/troc-de-graines/")
    assert troc["DTEND"].dt == datetime(2027, 2, 13, 12, 30, tzinfo=PARIS)


def test_uids_are_unique_and_derived_from_ids(fixture_site: Path) -> None:
    calendar = parse(fixture_site / "agenda.ics")
    masters = [str(event["UID"]) for event in calendar.walk("VEVENT") if "RECURRENCE-ID" not in event]
    assert sorted(masters) == ["conseil-du-jardin@petite-orga.fr", "pret-d-outils@petite-orga.fr",
                               "troc-de-graines@petite-orga.fr"]


def test_one_feed_per_circle_with_public_moments(fixture_site: Path) -> None:
    assert sorted(path.name for path in (fixture_site / "agenda").glob("*.ics")) == ["jardin.ics", "outils.ics"]
    outils = parse(fixture_site / "agenda" / "outils.ics")
    assert [str(event["SUMMARY"]) for event in outils.walk("VEVENT")] == ["Permanence de prêt d'outils"]


def test_no_internal_moment_in_any_public_output(fixture_site: Path) -> None:
    secrets = ["Conciliabule des coffres-forts", "Zéphyrine", "Xylophage", "reunion-secrete"]
    for path in fixture_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ics", ".json", ".xml", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in secrets:
                assert secret not in text, f"{secret!r} leaked into {path.relative_to(fixture_site)}"


def test_two_builds_with_the_same_epoch_give_identical_feeds(organisation_dir: Path) -> None:
    first = build(organisation_dir, organisation_dir / "one", env={"TZ": "Pacific/Auckland"})
    second = build(organisation_dir, organisation_dir / "two", env={"TZ": "America/Lima"})
    feeds = sorted(path.relative_to(first) for path in first.rglob("*.ics"))
    assert feeds
    for feed in feeds:
        assert (first / feed).read_bytes() == (second / feed).read_bytes(), feed
    assert b"DTSTAMP:20270101T000000Z" in (first / "agenda.ics").read_bytes()


def git(folder: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2027-03-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2027-03-01T12:00:00Z", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_sequence_rises_and_dtstamp_follows_the_commits_that_change_a_moment(organisation_dir: Path) -> None:
    git(organisation_dir, "init", "-q")
    git(organisation_dir, "add", ".")
    git(organisation_dir, "commit", "-qm", "first")
    before = parse(build(organisation_dir, organisation_dir.parent / "s1") / "agenda.ics")
    source = organisation_dir / "content" / "agenda" / "troc-de-graines.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("lieu: Serre", "lieu: Grande serre"), encoding="utf-8")
    git(organisation_dir, "commit", "-qam", "move the swap")
    after = parse(build(organisation_dir, organisation_dir.parent / "s2") / "agenda.ics")

    def of(calendar: icalendar.Calendar, summary: str) -> icalendar.Event:
        return next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == summary)

    assert (of(before, "Troc de graines")["SEQUENCE"], of(after, "Troc de graines")["SEQUENCE"]) == (1, 2)
    assert of(after, "Troc de graines")["DTSTAMP"].dt == datetime(2027, 3, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert of(after, "Permanence de prêt d'outils")["SEQUENCE"] == 1, "untouched moments keep their sequence"


def test_members_feed_has_internal_moments_and_stays_out_of_the_site(organisation_dir: Path, tmp_path: Path) -> None:
    refused = run_command(["cercles", "members-feed", "--out", "site/membres"], cwd=organisation_dir)
    assert refused.status == 1
    assert "ne doit pas être écrit dans le site public" in refused.stderr
    written = run_command(["cercles", "members-feed", "--out", str(tmp_path / "membres")], cwd=organisation_dir)
    assert written.status == 0, written.output
    feed = parse(tmp_path / "membres" / "agenda-membres.ics")
    assert "Conciliabule des coffres-forts" in [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
