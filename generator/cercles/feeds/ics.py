"""iCalendar feeds: the public feed, one per circle, and the members' feed.

Recurrence stays an RRULE for clients to expand, read by the same ``parse_rule`` that check
uses; a cancelled date is an EXDATE and a moved date a RECURRENCE-ID override with the same UID.
No METHOD: a subscribed feed is not an iTIP message (RFC 5546 requires an ORGANIZER with
PUBLISH, and libical's iTIP check refuses it without), and Google, Nextcloud and Thunderbird
read feeds without METHOD alike. Everything in a feed derives from the
sources (ids, git history or ``SOURCE_DATE_EPOCH``), so two builds give the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration, vRecur, vText

from cercles import paths
from cercles.model import Moment, Organisation
from cercles.feeds.provenance import History
from cercles.feeds.vtimezone import build_vtimezone
from cercles.rules.localtime import local_end
from cercles.rules.recurrence import parse_rule

PRODID = "-//Cercles//Cercles//FR"
REFRESH = timedelta(hours=12)
"""How often clients are asked to refresh: a cancelled date disappears within half a day."""


class FeedText(vText):
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, line break), and only so.

    icalendar's own escaping first turns a typed « \\N » into a line break; a volunteer who writes a
    backslash and an N (a path, a regular expression) must read them back in their calendar.
    """

    __slots__ = ()

    def to_ical(self) -> bytes:
        escaped = self.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode("utf-8")


@dataclass(frozen=True, slots=True)
class EventContext:
    """What a moment's VEVENTs are made of besides the moment and its revision: the zone and the site's address."""

    timezone: ZoneInfo
    site_url: str

    @property
    def uid_domain(self) -> str:
        return urlsplit(self.site_url).hostname or "cercles.invalid"

    def moment_url(self, moment: Moment) -> str:
        """Where the moment is described on the site (clients show URL rarely; it is repeated in DESCRIPTION)."""
        return paths.moment_url(self.site_url, moment)


@dataclass(frozen=True, slots=True)
class FeedContext(EventContext):
    """What every feed of one build shares: the zone, the site's address and the sources' history."""

    site_name: str
    history: History

    @property
    def events(self) -> EventContext:
        """The part of the context a moment's VEVENTs depend on: hashable, the key of their cache."""
        return EventContext(self.timezone, self.site_url)


def public_feed_moments(organisation: Organisation) -> list[Moment]:
    """The moments a public feed may carry: public ones only (the one filter every public feed uses)."""
    return [moment for moment in organisation.moments if moment.is_public]


def feed_calendar(moments: Iterable[Moment], name: str, description: str, context: FeedContext) -> Calendar:
    """The feed as one icalendar ``Calendar``, built the straightforward way: ``build_feed`` writes its bytes faster."""
    moments = sorted(moments, key=lambda moment: moment.id)
    calendar = _calendar(name, description, context)
    calendar.add_component(build_vtimezone(context.timezone, _first_year(moments)))
    for moment in moments:
        revision = context.history.revision(moment.source.path)
        for event in _events(moment, context.events, revision.modified, revision.sequence):
            calendar.add_component(event)
    return calendar


def build_feed(moments: Iterable[Moment], name: str, description: str, context: FeedContext) -> bytes:
    """One VCALENDAR with a compact VTIMEZONE and one VEVENT per moment (plus moved dates).

    The bytes are exactly ``feed_calendar(…).to_ical()``: icalendar writes a component's
    properties, then each subcomponent's lines in turn. So each part is serialised by icalendar
    once and reused: the VTIMEZONE per zone and year, a moment's VEVENTs per moment, revision and
    context, across the feeds of one build (a moment is in the whole feed, its circle's, its
    kind's and its own) and across ``mkdocs serve`` rebuilds. tests/test_feed_bytes.py compares.
    """
    moments = sorted(moments, key=lambda moment: moment.id)
    header: bytes = _calendar(name, description, context).to_ical()
    assert header.endswith(_CALENDAR_END)
    parts = [header[:-len(_CALENDAR_END)], _vtimezone_bytes(context.timezone, _first_year(moments))]
    events = context.events
    for moment in moments:
        revision = context.history.revision(moment.source.path)
        parts.append(_moment_bytes(moment, events, revision.modified, revision.sequence))
    parts.append(_CALENDAR_END)
    return b"".join(parts)


_CALENDAR_END = b"END:VCALENDAR\r\n"


def _calendar(name: str, description: str, context: FeedContext) -> Calendar:
    """The VCALENDAR's own properties, without components."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("NAME", FeedText(name))
    calendar.add("X-WR-CALNAME", FeedText(name))
    calendar.add("DESCRIPTION", FeedText(description))
    calendar.add("X-WR-CALDESC", FeedText(description))
    calendar.add("X-WR-TIMEZONE", context.timezone.key)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


def _first_year(moments: list[Moment]) -> int:
    """The VTIMEZONE's reference year: that of the earliest moment."""
    return min((moment.start.year for moment in moments), default=2000)


@functools.lru_cache(maxsize=32)
def _vtimezone_bytes(zone: ZoneInfo, first_year: int) -> bytes:
    written: bytes = build_vtimezone(zone, first_year).to_ical()
    return written


def forget_written_moments() -> None:
    """Empty the cache of serialised moments, so that the next feeds are written from scratch (benchmarks, tests)."""
    _moment_bytes.cache_clear()


@functools.lru_cache(maxsize=1 << 16)
def _moment_bytes(moment: Moment, context: EventContext, modified: datetime, sequence: int) -> bytes:
    """A moment's VEVENTs as icalendar writes them; the arguments are everything they are made of."""
    return b"".join(_written(event) for event in _events(moment, context, modified, sequence))


FOLD_OCTETS = 75
"""icalendar folds a content line once it reaches 75 octets (RFC 5545 3.1); a shorter one is written unchanged."""


def _written(event: Event) -> bytes:
    """``event.to_ical()``, without icalendar's character-by-character folding of lines too short to fold.

    icalendar folds a line once the octets written so far reach ``FOLD_OCTETS``; below that its
    fold returns the line unchanged, so encoding it directly gives the same bytes.
    """
    lines = []
    for line in event.content_lines():
        if line:
            encoded = line.encode("utf-8")
            lines.append(encoded if len(encoded) < FOLD_OCTETS else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


def _events(moment: Moment, context: EventContext, modified: datetime, sequence: int) -> list[Event]:
    """The VEVENT of ``moment`` and one RECURRENCE-ID override per moved date."""
    event = _event(moment, moment.start, context, modified, sequence)
    if moment.rrule is not None:
        rule = vRecur(_rule(moment.rrule))  # a copy: UNTIL is the moment's own
        if moment.until is not None:
            rule["UNTIL"] = [_aware(datetime.combine(moment.until, time(23, 59, 59)), context).astimezone(timezone.utc)]
        event.add("RRULE", rule)
        cancelled = [change.original for change in moment.exceptions if change.moved_to is None]
        if cancelled:
            event.add("EXDATE", [_aware(datetime.combine(day, moment.start.time()), context) for day in cancelled])
    events = [event]
    for change in moment.exceptions:
        if change.moved_to is not None:
            override = _event(moment, change.moved_to, context, modified, sequence)
            override.add("RECURRENCE-ID", _aware(datetime.combine(change.original, moment.start.time()), context))
            events.append(override)
    return events


@functools.lru_cache(maxsize=1024)
def _rule(rrule: str) -> vRecur:
    """A rule read once per text: synthetic and real agendas repeat a few rhythms (« chaque lundi »)."""
    return parse_rule(rrule)


def _event(moment: Moment, start: datetime, context: EventContext, modified: datetime, sequence: int) -> Event:
    url = context.moment_url(moment)
    event = Event()
    event.add("UID", f"{moment.id}@{context.uid_domain}")
    event.add("DTSTAMP", modified)
    event.add("LAST-MODIFIED", modified)
    event.add("SEQUENCE", sequence)
    event.add("SUMMARY", FeedText(moment.title))
    event.add("DTSTART", _aware(start, context))
    event.add("DTEND", _aware(local_end(start, moment.duration, context.timezone), context))
    event.add("STATUS", "TENTATIVE" if moment.provisional else "CONFIRMED")
    event.add("CATEGORIES", [moment.kind.label])
    if moment.place_line:
        event.add("LOCATION", FeedText(moment.place_line))
    if moment.place and moment.place.coordinates:
        event.add("GEO", moment.place.coordinates)
    event.add("DESCRIPTION", FeedText("\n\n".join(part for part in (moment.description, _provisional_note(moment),
                                                                     *_practical(moment), url) if part)))
    event.add("URL", url)
    event.add("CLASS", "PUBLIC" if moment.is_public else "PRIVATE")
    return event


def _provisional_note(moment: Moment) -> str | None:
    return "Date et horaire indicatifs, à confirmer." if moment.provisional else None


def _practical(moment: Moment) -> list[str]:
    """Price, booking and contact: calendar clients show DESCRIPTION, rarely anything else."""
    lines = [("Tarif", moment.price), ("Inscription", moment.booking_url), ("Contact", moment.contact)]
    return [f"{label} : {value}" for label, value in lines if value]


def _aware(local: datetime, context: EventContext) -> datetime:
    """Attach the organisation's zone: the feed says DTSTART;TZID=Europe/Paris:….

    The second reading of a doubled hour (``fold=1``, only ever a computed end) is written in
    UTC: RFC 5545 reads an ambiguous local time as its first reading.
    """
    aware = local.replace(tzinfo=context.timezone)
    return aware.astimezone(timezone.utc) if local.fold else aware
