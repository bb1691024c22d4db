"""What the agenda pages show: upcoming public occurrences, grouped by month and by circle.

Computed once per build and shared by the agenda page, the circle pages and the moments page,
so no page re-expands the recurrences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from cercles.pages import event, french
from cercles import paths
from cercles.model import Moment, MomentKind, Organisation
from cercles.rules.occurrences import Occurrence, upcoming
from cercles.text import comparison_key


SPLIT_AFTER = 120
"""Past this many occurrences in the window, ``/agenda/`` shows the next weeks and each month gets its own page
(about 100 kB of HTML: a phone loads it quickly, and no page grows with the size of the organisation squared)."""
NEXT_WEEKS = 2
"""What a split ``/agenda/`` shows before its links to the months."""
ARCHIVE_MONTHS = 12
"""How far back ``/agenda/archives/`` remembers public moments."""


@dataclass(frozen=True, slots=True)
class AgendaSettings:
    """The window shown and how to write absolute links (for feeds and JSON-LD)."""

    today: date
    horizon_months: int
    timezone: ZoneInfo
    site_url: str
    site_name: str = ""


@dataclass(frozen=True, slots=True)
class Month:
    """One month of the window, with its occurrences (none is a month « with nothing », and says so)."""

    first_day: date
    occurrences: list[Occurrence]

    @property
    def heading(self) -> str:
        return french.month(self.first_day)

    @property
    def page(self) -> str:
        return paths.agenda_month_page(self.first_day.year, self.first_day.month)


@dataclass(slots=True)
class AgendaView:
    """Public occurrences of the window, with the indexes pages need."""

    settings: AgendaSettings
    occurrences: list[Occurrence]
    public_moments: list[Moment]
    by_circle: dict[str, list[Occurrence]] = field(default_factory=dict)
    moments_by_circle: dict[str, list[Moment]] = field(default_factory=dict)
    past: list[Occurrence] = field(default_factory=list)
    """The last occurrence of each public moment in the ``ARCHIVE_MONTHS`` before today, most recent first."""

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
        last: dict[str, Occurrence] = {}
        for occurrence in upcoming(public, start - relativedelta(months=ARCHIVE_MONTHS), start):
            last[occurrence.moment.id] = occurrence
        view.past = sorted(last.values(), key=lambda occurrence: (occurrence.start, occurrence.moment.id), reverse=True)
        return view

    @property
    def kinds(self) -> set[MomentKind]:
        """The kinds of moment the filter offers: only those with an occurrence in the window."""
        return {occurrence.moment.kind for occurrence in self.occurrences}

    @property
    def horizon_end(self) -> date:
        return self.settings.today + relativedelta(months=self.settings.horizon_months) - timedelta(days=1)

    @property
    def window_start(self) -> datetime:
        return datetime.combine(self.settings.today, datetime.min.time())

    @property
    def window_end(self) -> datetime:
        return datetime.combine(self.horizon_end + timedelta(days=1), datetime.min.time())

    @property
    def split(self) -> bool:
        """Whether the agenda is too long for one page: then each month has its own."""
        return len(self.occurrences) > SPLIT_AFTER

    def months(self) -> list[Month]:
        """Every month of the window from the current one, empty months included, in time order."""
        found: dict[tuple[int, int], list[Occurrence]] = {}
        day = self.settings.today.replace(day=1)
        while day <= self.horizon_end:
            found[(day.year, day.month)] = []
            day += relativedelta(months=1)
        for occurrence in self.occurrences:
            found[(occurrence.start.year, occurrence.start.month)].append(occurrence)
        return [Month(date(year, month, 1), items) for (year, month), items in found.items()]

    def next_weeks(self) -> list[Month]:
        """The months of the next ``NEXT_WEEKS`` weeks, holding only those weeks' occurrences (a split agenda's index)."""
        limit = self._next_weeks_limit
        shown = [Month(month.first_day, [o for o in month.occurrences if o.start < limit])
                 for month in self.months() if month.first_day <= limit.date()]
        return shown

    @property
    def _next_weeks_limit(self) -> datetime:
        return self.window_start + timedelta(weeks=NEXT_WEEKS)

    def index_months(self) -> list[Month]:
        """What ``/agenda/`` and the embed page list: every month, or only the next weeks once the agenda is split
        (``/agenda/`` then links each month's page, the embed page links ``/agenda/``)."""
        return self.next_weeks() if self.split else self.months()

    def index_occurrences(self) -> list[Occurrence]:
        """The occurrences of ``index_months``, in time order."""
        return [occurrence for month in self.index_months() for occurrence in month.occurrences]

    @property
    def index_end(self) -> date:
        """The last day ``index_months`` covers."""
        return (self._next_weeks_limit - timedelta(days=1)).date() if self.split else self.horizon_end

    def by_month(self) -> list[tuple[str, list[Occurrence]]]:
        """Occurrences grouped under « Janvier 2027 » headings, in time order (months with none left out)."""
        return [(month.heading, month.occurrences) for month in self.months() if month.occurrences]

    def iso(self, local: datetime) -> str:
        """ISO 8601 with the zone's offset on that date (« 2027-01-25T18:30:00+01:00 »)."""
        return event.iso(local, self.settings.timezone)

    def organiser(self, circle_name: str) -> str:
        """Who organises, for schema.org: the organisation (its site's name), else the circle."""
        return self.settings.site_name or circle_name

    def moment_url(self, moment: Moment) -> str | None:
        return paths.moment_url(self.settings.site_url, moment) if self.settings.site_url else None

    def event_ld(self, occurrence: Occurrence, circle_names: dict[str, str]) -> dict[str, object]:
        """One occurrence as a schema.org ``Event``: the pages' JSON-LD and ``agenda.json`` share it."""
        moment = occurrence.moment
        return event.schema_event(moment, occurrence.start, occurrence.end,
                                  event.RESCHEDULED if occurrence.moved else event.SCHEDULED,
                                  organiser=self.organiser(circle_names.get(moment.circle_id, moment.circle_id)),
                                  site_url=self.settings.site_url, url=self.moment_url(moment))

    def json_ld(self, circle_names: dict[str, str], occurrences: list[Occurrence] | None = None) -> Markup:
        """schema.org ``Event`` list of ``occurrences`` (by default all the window's), safe inside ``<script>``."""
        return event.json_ld([self.event_ld(occurrence, circle_names)
                              for occurrence in (self.occurrences if occurrences is None else occurrences)])
