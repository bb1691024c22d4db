"""One compact VTIMEZONE per feed: the zone's yearly rules, not a list of dated transitions.

icalendar's default VTIMEZONE lists every transition as RDATEs between 1970 and 2038; clients
accept a STANDARD and a DAYLIGHT block with a yearly RRULE, which is also what they write
themselves. The rules are read off the IANA database for a reference year.
"""

from __future__ import annotations

import calendar
import functools
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from cercles.rules.localtime import offset_at, transitions

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _yearly_rule(local: datetime) -> str:
    """« last Sunday of March » style rule for the local date of a transition."""
    days_in_month = calendar.monthrange(local.year, local.month)[1]
    weekday = _WEEKDAYS[local.weekday()]
    position = -1 if local.day + 7 > days_in_month else (local.day - 1) // 7 + 1
    return f"FREQ=YEARLY;BYMONTH={local.month};BYDAY={position}{weekday}"


@functools.lru_cache(maxsize=32)
def build_vtimezone(zone: ZoneInfo, reference_year: int) -> Timezone:
    """The VTIMEZONE of ``zone`` with the rules in force in ``reference_year``.

    Cached: a site writes one feed per circle, all with the same zone. Feeds only serialise the
    returned component, so sharing one instance between calendars is safe; never mutate it.
    """
    component = Timezone()
    component.add("TZID", zone.key)
    changes = transitions(zone, reference_year)
    if not changes:
        instant = datetime(reference_year, 1, 1, tzinfo=timezone.utc)
        standard = TimezoneStandard()
        standard.add("DTSTART", datetime(1970, 1, 1))
        standard.add("TZOFFSETFROM", offset_at(zone, instant))
        standard.add("TZOFFSETTO", offset_at(zone, instant))
        standard.add("TZNAME", instant.astimezone(zone).tzname())
        component.add_component(standard)
        return component
    for instant in changes:
        before, after = offset_at(zone, instant - timedelta(minutes=1)), offset_at(zone, instant)
        local_before = (instant + before).replace(tzinfo=None)
        rule = _yearly_rule(local_before)
        block = TimezoneDaylight() if after > before else TimezoneStandard()
        block.add("DTSTART", _first_in_1970(rule, local_before))
        block.add("RRULE", vRecur.from_ical(rule))
        block.add("TZOFFSETFROM", before)
        block.add("TZOFFSETTO", after)
        block.add("TZNAME", instant.astimezone(zone).tzname())
        component.add_component(block)
    return component


def _first_in_1970(rule: str, local: datetime) -> datetime:
    """The rule's first occurrence in 1970, at the transition's local time (the usual VTIMEZONE anchor)."""
    start = datetime(1970, 1, 1, local.hour, local.minute)
    first = rrulestr(rule, dtstart=start).after(start, inc=True)
    assert first is not None
    return first

