"""A moment's occurrences over a window, with its exceptions applied.

Used by the agenda page (what is coming), by the collision check, and never by the feeds:
feeds keep the RRULE and let calendar clients expand it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cercles.model import Moment, OccurrenceChange
from cercles.rules.localtime import local_end
from cercles.rules.recurrence import occurrences


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated instance of a moment, in local wall-clock time."""

    moment: Moment
    start: datetime
    moved: bool = False

    @property
    def end(self) -> datetime:
        """Local end after the moment's real duration (01:30 + 2h on the spring night ends at 04:30)."""
        return local_end(self.start, self.moment.duration, self.moment.timezone)


def scheduled(moment: Moment, after: datetime, before: datetime) -> list[tuple[datetime, OccurrenceChange | None]]:
    """The dates the moment's rhythm gives in ``[after, before)``, each with its exception (cancelled or moved), if any.

    The event page shows them all (a cancelled date struck through); ``expand`` keeps those that take place.
    """
    if moment.rrule is None:
        return [(moment.start, None)] if after <= moment.start < before else []
    changes = {change.original: change for change in moment.exceptions}
    return [(start, changes.get(start.date())) for start in occurrences(moment.rrule, moment.start, after, before, moment.until)]


def expand(moment: Moment, after: datetime, before: datetime) -> list[Occurrence]:
    """Occurrences starting in ``[after, before)``: cancelled dates removed, moved ones at their new time."""
    found = [Occurrence(moment, start) for start, change in scheduled(moment, after, before) if change is None]
    for change in moment.exceptions:
        if change.moved_to is not None and after <= change.moved_to < before:
            found.append(Occurrence(moment, change.moved_to, moved=True))
    return sorted(found, key=lambda occurrence: occurrence.start)


def upcoming(moments: list[Moment], after: datetime, before: datetime) -> list[Occurrence]:
    """Every occurrence of these moments in the window, in time order (then by title, for stability)."""
    found = [occurrence for moment in moments for occurrence in expand(moment, after, before)]
    return sorted(found, key=lambda occurrence: (occurrence.start, occurrence.moment.title, occurrence.moment.id))
