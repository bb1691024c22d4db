"""Property: what ``cercles check`` accepts publishes a feed that independent clients read alike.

Random moments (friendly rhythms and raw RRULEs, any hour including the night of a clock change,
an end date, cancelled and moved dates) are added to the petite-orga fixture. Whenever the
sources load without error, the public feed must build, and icalendar + recurring-ical-events,
the ``ical`` package (Home Assistant's) and the site's own expansion must find the same
occurrences, starts and ends, within the agenda's horizon.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from conftest import FIXTURES
from cercles.outputs import public_feeds
from cercles.rules.occurrences import upcoming
from cercles.rules.recurrence import series, to_rrule
from cercles.site.config import load_site_config
from cercles.sources.load import load_organisation
from cercles.sources.problems import SourceError

PARIS = ZoneInfo("Europe/Paris")
AFTER = datetime(2027, 1, 1)
BEFORE = AFTER + relativedelta(months=6)
EXAMPLES = 80

friendly = st.sampled_from(["chaque jour", "chaque mercredi", "chaque dimanche", "dernier lundi du mois", "chaque mois",
                            "toutes les 2 semaines", "premier jour de chaque trimestre", "un samedi sur 3", "chaque annee",
                            "deuxieme jeudi du mois", "tous les 2 mois"])
days = st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1, max_size=3, unique=True)
raw = st.builds(
    lambda freq, interval, byday, ordinal, monthday, month, count: ";".join(part for part in (
        f"FREQ={freq}", f"INTERVAL={interval}" if interval > 1 else "",
        f"BYDAY={','.join((str(ordinal) if ordinal and freq in ('MONTHLY', 'YEARLY') else '') + day for day in byday)}" if byday else "",
        f"BYMONTHDAY={monthday}" if monthday else "", f"BYMONTH={month}" if month else "", f"COUNT={count}" if count else "") if part),
    st.sampled_from(["DAILY", "WEEKLY", "WEEKLY", "MONTHLY", "MONTHLY", "YEARLY", "HOURLY"]), st.integers(1, 3), st.one_of(st.none(), days),
    st.sampled_from([0, 1, 2, -1]), st.sampled_from([0, 0, 1, 15, 31, -1]), st.sampled_from([0, 0, 3, 10]),
    st.sampled_from([0, 0, 0, 5, 40]))
clock = st.one_of(st.sampled_from([time(2, 30), time(2, 0), time(1, 30), time(23, 0), time(3, 0)]),
                  st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])))


@st.composite
def moments(draw: st.DrawFn) -> str:
    """The text of one agenda file: it starts on the rule's first occurrence after a random day, and its
    exception falls on the second, when the rule has them (what check accepts is the interesting part)."""
    is_raw = draw(st.booleans())
    rhythm = f"RRULE:{draw(raw)}" if is_raw else draw(friendly)
    start = datetime.combine(date(2026, 10, 1) + timedelta(days=draw(st.integers(0, 240))), draw(clock))
    rule = to_rrule(rhythm)
    following = start + timedelta(days=7)
    if rule is not None:
        found = list(itertools.islice(series(rule, start), 2))
        start, following = (found + [start, following])[0], (found[1:] + [following])[0]
    lines = ["titre: Essai", "type: atelier", "cercle: jardin", "visibilite: public", f'rythme: "{rhythm}"',
             f"debut: {start:%Y-%m-%d %H:%M}", f"duree: {draw(st.sampled_from(['45 min', '2h', '5h', '26h']))}"]
    if draw(st.booleans()) and "COUNT" not in rhythm:
        lines.append(f"jusqu_au: {start.date() + timedelta(days=draw(st.integers(0, 200))):%Y-%m-%d}")
    shift = draw(st.sampled_from([None, "annule", "deplace"]))
    if shift is not None:
        lines += ["exceptions:", f"  - date: {following:%Y-%m-%d}",
                  "    annule: true" if shift == "annule" else f"    deplace_au: {following + timedelta(days=1, hours=1):%Y-%m-%d %H:%M}"]
    return "\n".join(lines) + "\n"


def _utc(moment: datetime) -> datetime:
    """The instant, whatever wall-clock reading a library chose (equal instants compare equal only in UTC)."""
    return moment.astimezone(timezone.utc)


def _by_icalendar(feed: bytes) -> set[tuple[str, datetime, datetime]]:
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(feed)).between(AFTER.replace(tzinfo=PARIS), BEFORE.replace(tzinfo=PARIS))
    return {(str(e["UID"]), _utc(e["DTSTART"].dt), _utc(e["DTEND"].dt)) for e in events
            if AFTER.replace(tzinfo=PARIS) <= e["DTSTART"].dt < BEFORE.replace(tzinfo=PARIS)}


def _by_ical(feed: bytes) -> set[tuple[str, datetime, datetime]]:
    calendar = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))
    timeline = calendar.timeline_tz(PARIS).overlapping(AFTER.replace(tzinfo=PARIS), BEFORE.replace(tzinfo=PARIS))
    return {(str(e.uid), _utc(e.dtstart), _utc(e.dtend)) for e in timeline  # type: ignore[arg-type]
            if AFTER.replace(tzinfo=PARIS) <= e.dtstart.astimezone(PARIS) < BEFORE.replace(tzinfo=PARIS)}  # type: ignore[union-attr]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moments())
def test_what_check_accepts_every_client_reads_alike(source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "orga"
        shutil.copytree(FIXTURES / "petite-orga", root)
        (root / "content" / "agenda" / "essai.yaml").write_text(source, encoding="utf-8")
        configuration = load_site_config(root / "mkdocs.yml").settings
        try:
            organisation = load_organisation(configuration).organisation
        except SourceError:
            event("refused by check")
            return
        event("accepted by check")
        feed = public_feeds(organisation, configuration)["agenda.ics"]
    ours = {(f"{o.moment.id}@petite-orga.fr", _utc(o.start.replace(tzinfo=PARIS)), _utc(o.end.replace(tzinfo=PARIS)))
            for o in upcoming([m for m in organisation.moments if m.is_public], AFTER, BEFORE)}
    assert _by_icalendar(feed) == ours
    assert _by_ical(feed) == ours
