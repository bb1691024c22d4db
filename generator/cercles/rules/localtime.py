"""Wall-clock times around a zone's offset changes: skipped, doubled, and real durations.

Sources hold naive local times; a time skipped by the change to summer time does not exist and
a time repeated by the change back happens twice. Calendar clients resolve both differently
(RFC 5545 picks one reading, others pick the other), so the reader refuses them wherever they
occur, naming both readings. A duration is elapsed time: « 2h » from 01:30 on the spring night
ends at 04:30, not 03:30.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

FIRST_YEAR, LAST_YEAR = 1970, 2100
"""Years a date may fall in: beyond, zone rules are guesses and date arithmetic overflows."""


def offset_at(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


@functools.lru_cache(maxsize=256)
def transitions(zone: ZoneInfo, year: int) -> tuple[datetime, ...]:
    """UTC instants at which the zone's offset changes during ``year`` (found day by day, then by quarter hour)."""
    found = []
    day = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    offset = offset_at(zone, day)
    while day < end:
        following = day + timedelta(days=1)
        if offset != (next_offset := offset_at(zone, following)):
            instant = day
            while offset_at(zone, instant + timedelta(minutes=15)) == offset:
                instant += timedelta(minutes=15)
            found.append(instant + timedelta(minutes=15))
        day, offset = following, next_offset
    return tuple(found)


@dataclass(frozen=True, slots=True)
class UnclearSpan:
    """Local wall-clock times ``[first, last)`` that are skipped (``skipped``) or happen twice."""

    first: datetime
    last: datetime
    skipped: bool


@functools.lru_cache(maxsize=256)
def unclear_spans(zone: ZoneInfo, year: int) -> tuple[UnclearSpan, ...]:
    """The skipped and doubled wall-clock spans of ``year`` (cached: every moment's check asks for the same years)."""
    spans = []
    for instant in transitions(zone, year):
        before, after = offset_at(zone, instant - timedelta(minutes=1)), offset_at(zone, instant)
        old, new = (instant + before).replace(tzinfo=None), (instant + after).replace(tzinfo=None)
        spans.append(UnclearSpan(min(old, new), max(old, new), skipped=after > before))
    return tuple(spans)


def _clock(moment: datetime) -> str:
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def _reading(when: datetime, zone: ZoneInfo, fold: int) -> str:
    aware = when.replace(tzinfo=zone, fold=fold)
    offset, summer = aware.utcoffset(), aware.dst()
    assert offset is not None
    hours, rest = divmod(abs(int(offset.total_seconds())) // 60, 60)
    utc = f"UTC{'+' if offset >= timedelta(0) else '-'}{hours}" + (f":{rest:02d}" if rest else "")
    season = "d'été" if summer else "d'hiver"
    return f"{when:%H:%M} heure {season} ({utc})"


def local_time_problem(when: datetime, zone: ZoneInfo) -> tuple[str, str] | None:
    """``(message, hint)`` when ``when`` is skipped or doubled by an offset change of ``zone``, else ``None``."""
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        return None
    for span in unclear_spans(zone, when.year):
        if span.first <= when.replace(fold=0) < span.last:
            avoid = f"choisissez une heure avant {_clock(span.first)} ou après {_clock(span.last)}"
            if span.skipped:
                return (f"l'heure {when:%H:%M} n'existe pas le {when:%Y-%m-%d} à {zone.key} (passage à l'heure d'été)", avoid)
            return (f"l'heure {when:%H:%M} a lieu deux fois le {when:%Y-%m-%d} à {zone.key} (retour à l'heure d'hiver)",
                    f"{_reading(when, zone, 0)} ou {_reading(when, zone, 1)} : {avoid}")
    return None


@functools.lru_cache(maxsize=256)
def unclear_spans_between(zone: ZoneInfo, first_year: int, last_year: int) -> tuple[UnclearSpan, ...]:
    """The skipped and doubled wall-clock spans between two years (inclusive), in order; cached like ``unclear_spans``."""
    return tuple(span for year in range(max(first_year, FIRST_YEAR), min(last_year, LAST_YEAR) + 1)
                 for span in unclear_spans(zone, year))


def local_end(start: datetime, duration: timedelta, zone: ZoneInfo) -> datetime:
    """The local wall-clock end of a real ``duration`` from ``start`` (``fold=1`` on the second reading of a doubled hour)."""
    end = (start.replace(tzinfo=zone).astimezone(timezone.utc) + duration).astimezone(zone)
    return end.replace(tzinfo=None)


def elapsed(start: datetime, end: datetime, zone: ZoneInfo) -> timedelta:
    """Real time between two local wall-clock times (one hour less across the spring night)."""
    return end.replace(tzinfo=zone).astimezone(timezone.utc) - start.replace(tzinfo=zone).astimezone(timezone.utc)
