"""What the agenda pages show: upcoming public occurrences, grouped by month and by circle.

Computed once per build and shared by the agenda page, the circle pages and the moments page,
so no page re-expands the recurrences.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from cercles.pages import french
from cercles import paths
from cercles.model import Moment, MomentKind, Organisation
from cercles.rules.occurrences import Occurrence, upcoming
from cercles.text import comparison_key


@dataclass(frozen=True, slots=True)
class AgendaSettings:
    """The window shown and how to write absolute links (for feeds and JSON-LD)."""

    today: date
    horizon_months: int
    timezone: ZoneInfo
    site_url: str


@dataclass(slots=True)
class AgendaView:
    """Public occurrences of the window, with the indexes pages need."""

    settings: AgendaSettings
    occurrences: list[Occurrence]
    public_moments: list[Moment]
    by_circle: dict[str, list[Occurrence]] = field(default_factory=dict)
    moments_by_circle: dict[str, list[Moment]] = field(default_factory=dict)

    @classmethod
    def build(cls, organisation: Organisation, settings: AgendaSettings) -> AgendaView:
        public = sorted((m for m in organisation.moments if m.is_public), key=lambda m: (comparison_key(m.title), m.id))
        start = datetime.combine(settings.today, datetime.min.time())
        end = start + relativedelta(months=settings.horizon_months)
        found = upcoming(public, start, end)
        view = cls(settings, found, public)
        by_circle: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in found:
            by_circle[occurrence.moment.circle_id].append(occurrence)
        moments_by_circle: dict[str, list[Moment]] = defaultdict(list)
        for moment in public:
            moments_by_circle[moment.circle_id].append(moment)
        view.by_circle, view.moments_by_circle = dict(by_circle), dict(moments_by_circle)
        return view

    @property
    def kinds(self) -> set[MomentKind]:
        """The kinds of moment the filter offers: only those with an occurrence in the window."""
        return {occurrence.moment.kind for occurrence in self.occurrences}

    @property
    def horizon_end(self) -> date:
        return self.settings.today + relativedelta(months=self.settings.horizon_months) - timedelta(days=1)

    def by_month(self) -> list[tuple[str, list[Occurrence]]]:
        """Occurrences grouped under « Janvier 2027 » headings, in time order."""
        months: dict[tuple[int, int], list[Occurrence]] = {}
        for occurrence in self.occurrences:
            months.setdefault((occurrence.start.year, occurrence.start.month), []).append(occurrence)
        return [(french.month(date(year, month, 1)), items) for (year, month), items in months.items()]

    def iso(self, local: datetime) -> str:
        """ISO 8601 with the zone's offset on that date (« 2027-01-25T18:30:00+01:00 »)."""
        return local.replace(tzinfo=self.settings.timezone).isoformat()

    def event_ld(self, occurrence: Occurrence, circle_names: dict[str, str]) -> dict[str, object]:
        """One occurrence as a schema.org ``Event``: the page's JSON-LD and ``agenda.json`` share it."""
        moment = occurrence.moment
        event: dict[str, object] = {
            "@context": "https://schema.org", "@type": "Event", "name": moment.title,
            "startDate": self.iso(occurrence.start), "endDate": self.iso(occurrence.end),
            "eventStatus": "https://schema.org/EventRescheduled" if occurrence.moved else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "organizer": {"@type": "Organization", "name": circle_names.get(moment.circle_id, moment.circle_id)},
        }
        if moment.location_name:
            event["location"] = {"@type": "Place", "name": moment.location_name}
        if moment.description:
            event["description"] = moment.description
        if self.settings.site_url:
            event["url"] = paths.moment_url(self.settings.site_url, moment)
        return event

    def json_ld(self, circle_names: dict[str, str]) -> Markup:
        """schema.org ``Event`` list, escaped so no text can close the ``<script>`` element."""
        events = [self.event_ld(occurrence, circle_names) for occurrence in self.occurrences]
        text = json.dumps(events, ensure_ascii=False, indent=1, sort_keys=True)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
