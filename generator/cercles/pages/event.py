"""What one public moment's page shows beyond its text: its dates with their changes, schema.org
``Event`` data, and the « add to my calendar » link of Google Calendar.

The agenda pages use ``schema_event`` and ``json_ld`` too, so an event is described to search
engines one way everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from markupsafe import Markup

from cercles.model import Moment
from cercles.rules.localtime import local_end
from cercles.rules.occurrences import scheduled

MAX_DATES_SHOWN = 12
"""The event page lists this many dates at most: a weekly moment's page stays the same size whatever the horizon."""
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
SCHEDULED, CANCELLED, RESCHEDULED = (f"https://schema.org/Event{status}" for status in ("Scheduled", "Cancelled", "Rescheduled"))


@dataclass(frozen=True, slots=True)
class DateLine:
    """One date of a moment as its page lists it: planned, cancelled, or moved to another time."""

    moment: Moment
    start: datetime
    """As planned by the rhythm, local time."""
    cancelled: bool = False
    moved_to: datetime | None = None

    @property
    def takes_place(self) -> datetime | None:
        """When it actually starts (``None`` once cancelled)."""
        return None if self.cancelled else (self.moved_to or self.start)

    def end(self, start: datetime) -> datetime:
        return local_end(start, self.moment.duration, self.moment.timezone)

    @property
    def status(self) -> str:
        return CANCELLED if self.cancelled else RESCHEDULED if self.moved_to else SCHEDULED


def date_lines(moment: Moment, after: datetime, before: datetime) -> list[DateLine]:
    """The next dates of ``moment`` in ``[after, before)``, cancelled and moved ones included, at most ``MAX_DATES_SHOWN``."""
    lines = [DateLine(moment, start, cancelled=change is not None and change.moved_to is None,
                      moved_to=change.moved_to if change else None)
             for start, change in scheduled(moment, after, before)]
    return lines[:MAX_DATES_SHOWN]


def iso(local: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 with the zone's offset on that date (« 2027-01-25T18:30:00+01:00 »)."""
    return local.replace(tzinfo=zone).isoformat()


def schema_event(moment: Moment, start: datetime, end: datetime, status: str, *, organiser: str, site_url: str,
                 url: str | None, previous_start: datetime | None = None) -> dict[str, object]:
    """One schema.org ``Event``: its place as a ``Place`` with its ``PostalAddress`` (and ``geo``) when known."""
    zone = moment.timezone
    event: dict[str, object] = {
        "@context": "https://schema.org", "@type": "Event", "name": moment.title,
        "startDate": iso(start, zone), "endDate": iso(end, zone), "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": organiser, **({"url": site_url} if site_url else {})},
    }
    if previous_start is not None:
        event["previousStartDate"] = iso(previous_start, zone)
    if moment.place_name:
        place: dict[str, object] = {"@type": "Place", "name": moment.place_name}
        if moment.place and moment.place.address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": moment.place.address}
        if moment.place and moment.place.coordinates:
            latitude, longitude = moment.place.coordinates
            place["geo"] = {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
        event["location"] = place
    if moment.description:
        event["description"] = moment.description
    if moment.booking_url:
        event["offers"] = {"@type": "Offer", "url": moment.booking_url, **({"description": moment.price} if moment.price else {})}
    if url:
        event["url"] = url
    return event


def json_ld(data: object) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: no text can close the element (``</script>`` in a title)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # compact: json's C encoder
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def google_calendar_link(moment: Moment, start: datetime, url: str | None) -> str:
    """Google Calendar's « add event » form, filled in: times in UTC, every value URL-encoded."""
    end = local_end(start, moment.duration, moment.timezone)
    utc = [moment_time.replace(tzinfo=moment.timezone).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
           for moment_time in (start, end)]
    details = "\n\n".join(part for part in (moment.description, url) if part)
    params = {"action": "TEMPLATE", "text": moment.title, "dates": "/".join(utc), "details": details,
              "location": moment.place_line or "", "ctz": moment.timezone.key}
    return f"{GOOGLE_CALENDAR}?{urlencode({key: value for key, value in params.items() if value}, quote_via=quote)}"
