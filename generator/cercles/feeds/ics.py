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
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from urllib.parse import urlsplit
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration, vRecur, vText, vUri
from icalendar.caselessdict import canonsort_keys
from icalendar.parser import Contentline

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
        return self.escape(self).encode("utf-8")

    @staticmethod
    def escape(text: str) -> str:
        """``text`` as a TEXT value: what ``to_ical`` writes, without making a ``FeedText`` (feeds write thousands)."""
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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
        for properties in _vevents(moment, context.events, revision.modified, revision.sequence):
            calendar.add_component(_as_event(properties))
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
    """Empty the caches of serialised moments and values, so that the next feeds are written from scratch (benchmarks, tests)."""
    _moment_bytes.cache_clear()
    _LINES.clear()


@functools.lru_cache(maxsize=1 << 16)
def _moment_bytes(moment: Moment, context: EventContext, modified: datetime, sequence: int) -> bytes:
    """A moment's VEVENTs as icalendar writes them; the arguments are everything they are made of."""
    return b"".join(_written(properties) for properties in _vevents(moment, context, modified, sequence))


Properties = list[tuple[str, Any]]
"""A VEVENT as the ``(name, value)`` pairs given to ``Event.add``, each name once, texts as plain ``str``."""

FOLD_OCTETS = 75
"""icalendar folds a content line once it reaches 75 octets (RFC 5545 3.1); a shorter one is written unchanged."""


def _as_event(properties: Properties) -> Event:
    """The icalendar ``Event`` of ``properties``: what ``feed_calendar`` serialises the straightforward way.

    Every TEXT value is a ``FeedText``: for UID, STATUS and CLASS (identifiers and keywords) it writes
    what icalendar's ``vText`` would.
    """
    event = Event()
    for name, value in properties:
        event.add(name, FeedText(value) if _value_type(name) is vText and type(value) is str else value)
    return event


def _written(properties: Properties) -> bytes:
    """``_as_event(properties).to_ical()``, with a few objects per VEVENT instead of several per property.

    icalendar turns each property into a value object with its own ``Parameters``, a content line,
    and folds it character by character; that was most of a feed's cost. Here a TEXT or URI value
    (unique to a moment: UID, SUMMARY, DESCRIPTION, URL…) is written as its icalendar type writes it,
    escaped by ``FeedText`` or verbatim, with no parameters; any other value (dates, rules,
    categories, coordinates: few distinct ones across an organisation) is serialised by icalendar
    itself, once per distinct value; lines are folded by icalendar only when they reach
    ``FOLD_OCTETS``; and the lines come in the order icalendar sorts a VEVENT's properties.
    tests/test_feed_bytes.py compares the bytes with icalendar's on every case the feeds have.
    """
    lines = {}
    for name, value in properties:
        kind = _value_type(name)
        if kind is vText and type(value) is str:
            lines[name] = _folded(f"{name}:{FeedText.escape(value)}")
        elif kind is vUri and type(value) is str:
            lines[name] = _folded(f"{name}:{value}")
        else:
            lines[name] = _icalendar_lines(name, value)
    assert len(lines) == len(properties), "a VEVENT property given twice"
    begin, end = _vevent_frame()
    return b"".join([begin, *(lines[name] for name in _property_order(tuple(lines))), end])


@functools.cache
def _value_type(name: str) -> type:
    """The icalendar value type of a VEVENT property (``vText`` for SUMMARY, ``vUri`` for URL…)."""
    kind: type = Event.types_factory.for_property(name)
    return kind


@functools.cache
def _vevent_frame() -> tuple[bytes, bytes]:
    """The BEGIN and END lines of a VEVENT, as icalendar writes them."""
    begin, end = (line + b"\r\n" for line in Event().to_ical().splitlines())
    return begin, end


@functools.lru_cache(maxsize=256)
def _property_order(names: tuple[str, ...]) -> list[str]:
    """The order icalendar writes these properties in: ``Event.canonical_order`` first, then alphabetical."""
    return canonsort_keys(names, Event.canonical_order)


def _folded(line: str) -> bytes:
    """The content line and its CRLF as icalendar writes it: folded only once it reaches ``FOLD_OCTETS``.

    Below that, icalendar's fold returns the line unchanged, so encoding it directly gives the same bytes.
    """
    encoded = line.encode("utf-8")
    return (encoded if len(encoded) < FOLD_OCTETS else Contentline(line).to_ical()) + b"\r\n"


_LINES: dict[tuple[str, Hashable], bytes] = {}
"""The content lines of the values icalendar serialises, by property and value (cleared by ``forget_written_moments``)."""
_LINES_LIMIT = 1 << 16


def _icalendar_lines(name: str, value: Any) -> bytes:
    """The lines icalendar writes for one property of a VEVENT, computed once per distinct value."""
    try:
        key = (name, _value_key(value))
        written = _LINES.get(key)
    except TypeError:  # a value with nothing hashable to key it by: written each time
        return _serialised(name, value)
    if written is None:
        if len(_LINES) >= _LINES_LIMIT:
            _LINES.clear()
        written = _LINES[key] = _serialised(name, value)
    return written


def _value_key(value: Any) -> Hashable:
    """What makes two values serialise alike: type and content, and a date-time's zone (equal instants in two
    zones compare equal, yet are written differently)."""
    if isinstance(value, datetime):
        return datetime, value, value.tzinfo
    if isinstance(value, dict):
        return type(value), tuple((key, _value_key(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return type(value), tuple(_value_key(item) for item in value)
    return type(value), value


def _serialised(name: str, value: Any) -> bytes:
    """icalendar's own lines for ``name`` set to ``value``: a VEVENT with that property alone, without its frame."""
    event = Event()
    event.add(name, value)
    begin, end = _vevent_frame()
    written: bytes = event.to_ical()
    return written[len(begin):-len(end)]


def _vevents(moment: Moment, context: EventContext, modified: datetime, sequence: int) -> list[Properties]:
    """The VEVENT of ``moment`` and one RECURRENCE-ID override per moved date."""
    event = _event(moment, moment.start, context, modified, sequence)
    if moment.rrule is not None:
        rule = _rule(moment.rrule)  # shared between moments and never changed: a copy takes a moment's UNTIL
        if moment.until is not None:
            rule = vRecur(rule)
            rule["UNTIL"] = [_aware(datetime.combine(moment.until, time(23, 59, 59)), context).astimezone(timezone.utc)]
        event.append(("RRULE", rule))
        cancelled = [change.original for change in moment.exceptions if change.moved_to is None]
        if cancelled:
            event.append(("EXDATE", [_aware(datetime.combine(day, moment.start.time()), context) for day in cancelled]))
    events = [event]
    for change in moment.exceptions:
        if change.moved_to is not None:
            override = _event(moment, change.moved_to, context, modified, sequence)
            override.append(("RECURRENCE-ID", _aware(datetime.combine(change.original, moment.start.time()), context)))
            events.append(override)
    return events


@functools.lru_cache(maxsize=1024)
def _rule(rrule: str) -> vRecur:
    """A rule read once per text: synthetic and real agendas repeat a few rhythms (« chaque lundi »)."""
    return parse_rule(rrule)


def _event(moment: Moment, start: datetime, context: EventContext, modified: datetime, sequence: int) -> Properties:
    url = context.moment_url(moment)
    event: Properties = [
        ("UID", f"{moment.id}@{context.uid_domain}"),
        ("DTSTAMP", modified),
        ("LAST-MODIFIED", modified),
        ("SEQUENCE", sequence),
        ("SUMMARY", moment.title),
        ("DTSTART", _aware(start, context)),
        ("DTEND", _aware(local_end(start, moment.duration, context.timezone), context)),
        ("STATUS", "TENTATIVE" if moment.provisional else "CONFIRMED"),
        ("CATEGORIES", [moment.kind.label])]
    if moment.place_line:
        event.append(("LOCATION", moment.place_line))
    if moment.place and moment.place.coordinates:
        event.append(("GEO", moment.place.coordinates))
    event.append(("DESCRIPTION", "\n\n".join(part for part in (moment.description, _provisional_note(moment),
                                                               *_practical(moment), url) if part)))
    event.append(("URL", url))
    event.append(("CLASS", "PUBLIC" if moment.is_public else "PRIVATE"))
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
