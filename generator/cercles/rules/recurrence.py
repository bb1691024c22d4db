"""Friendly French rhythms → RFC 5545 recurrence rules, and their expansion over a horizon.

Volunteers write « dernier lundi du mois » or « chaque mercredi »; feeds need
``FREQ=MONTHLY;BYDAY=-1MO``. The rule is independent of the start: « chaque mois » repeats on
the day of the first occurrence, as RFC 5545 does. Anything the vocabulary lacks can be written
as a raw ``RRULE:…``, checked by dateutil, the reference implementation clients agree with.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from icalendar import vRecur

from cercles.rules.localtime import LAST_YEAR, local_end, local_time_problem, unclear_spans_between

from cercles.text import fold

WEEKDAYS = {"lundi": "MO", "mardi": "TU", "mercredi": "WE", "jeudi": "TH", "vendredi": "FR", "samedi": "SA", "dimanche": "SU"}
ORDINALS = {"premier": 1, "premiere": 1, "deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4,
            "dernier": -1, "derniere": -1, "avant-dernier": -2, "avant-derniere": -2}
_FEMININE_ORDINALS = {"premiere", "seconde", "derniere", "avant-derniere"}
_DAY = "(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
_FIXED = {
    "chaque jour": "FREQ=DAILY", "tous les jours": "FREQ=DAILY",
    "chaque semaine": "FREQ=WEEKLY", "toutes les semaines": "FREQ=WEEKLY",
    "chaque mois": "FREQ=MONTHLY", "tous les mois": "FREQ=MONTHLY",
    "chaque trimestre": "FREQ=MONTHLY;INTERVAL=3", "tous les trimestres": "FREQ=MONTHLY;INTERVAL=3",
    "chaque semestre": "FREQ=MONTHLY;INTERVAL=6", "tous les semestres": "FREQ=MONTHLY;INTERVAL=6",
    "chaque annee": "FREQ=YEARLY", "tous les ans": "FREQ=YEARLY",
    "premier jour de chaque trimestre": "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=1",
    "premier jour de chaque semestre": "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1",
    "premier jour de chaque mois": "FREQ=MONTHLY;BYMONTHDAY=1",
}
_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(rf"^(?:chaque|tous les) {_DAY}$"), lambda m: f"FREQ=WEEKLY;BYDAY={WEEKDAYS[m[1]]}"),
    (re.compile(r"^toutes les (\d{1,2}) semaines$"), lambda m: f"FREQ=WEEKLY;INTERVAL={int(m[1])}"),
    (re.compile(rf"^un {_DAY} sur (\d{{1,2}})$"), lambda m: f"FREQ=WEEKLY;INTERVAL={int(m[2])};BYDAY={WEEKDAYS[m[1]]}"),
    (re.compile(r"^tous les (\d{1,2}) mois$"), lambda m: f"FREQ=MONTHLY;INTERVAL={int(m[1])}"),
    (re.compile(rf"^(premiere?|deuxieme|seconde?|troisieme|quatrieme|dernier|derniere|avant-derniere?) {_DAY} (?:du|de chaque) mois$"),
     lambda m: f"FREQ=MONTHLY;BYDAY={ORDINALS[m[1]]}{WEEKDAYS[m[2]]}"),
]
EXAMPLES = "« dernier lundi du mois », « chaque mercredi », « chaque mois », « toutes les 2 semaines », « premier jour de chaque trimestre », ou « RRULE:FREQ=… »"
CADENCE_PREFIX = "cadence "


def _normalise(text: str) -> str:
    """Lowercase, accents and extra spaces removed, so « Dernier lundi  du Mois » matches."""
    return " ".join(fold(text).lower().replace("’", "'").split())


class RuleError(ValueError):
    """A rhythm or raw rule that cannot be published, with the fix to suggest."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""At most one occurrence a day: the time of day comes from « debut », never from the rule."""
RULE_PARTS = ("FREQ", "INTERVAL", "COUNT", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST")
"""The RFC 5545 parts a rule may use: UNTIL comes from « jusqu_au » (in UTC), BYHOUR and the like from « debut »."""
MAX_OCCURRENCES = 1200
"""Occurrences one moment may have in the agenda's window: one a day over the longest horizon (36 months) fits."""
_RULE_TEXT = re.compile(r"^[A-Z0-9=;,+-]+$")
_INVALID_HINT = "vérifiez-la selon la RFC 5545, par exemple « RRULE:FREQ=MONTHLY;BYDAY=-1MO »"


def parse_rule(rule: str) -> vRecur:
    """The one reading of a rule, shared by check and the feed writer: what it accepts, every client reads.

    The rule must survive icalendar's round trip (what the feed writes) and read as a single
    dateutil ``rrule`` (how the site and recurring-ical-events expand it); whitespace would let
    dateutil read a second line, an EXDATE or another rule, that the feed cannot carry.
    """
    if not _RULE_TEXT.match(rule):
        raise RuleError(f"règle RRULE invalide « RRULE:{rule[:80]} »",
                        "une seule règle, d'un seul tenant : sans espace, retour à la ligne ni autre propriété comme EXDATE")
    names = [part.partition("=")[0] for part in rule.split(";")]
    for name in names:
        if name == "UNTIL":
            raise RuleError("UNTIL n'est pas accepté dans la règle", "écrivez la dernière date dans « jusqu_au: AAAA-MM-JJ »")
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise RuleError(f"{name} n'est pas accepté dans la règle", "l'heure de chaque occurrence est celle de « debut »")
        if name not in RULE_PARTS or names.count(name) > 1:
            raise RuleError(f"règle RRULE invalide « RRULE:{rule[:80]} »", f"parties permises, une fois chacune : {', '.join(RULE_PARTS)}")
    try:
        recur = vRecur.from_ical(rule)
        canonical = recur.to_ical().decode("ascii")
        series = rrulestr(canonical, dtstart=datetime(2000, 1, 1), forceset=False)
    except (ValueError, TypeError, KeyError, IndexError):
        raise RuleError(f"règle RRULE invalide « RRULE:{rule[:80]} »", _INVALID_HINT) from None
    if not isinstance(series, rrule) or vRecur.from_ical(canonical).to_ical().decode("ascii") != canonical:
        raise RuleError(f"règle RRULE invalide « RRULE:{rule[:80]} »", _INVALID_HINT)
    if recur.get("FREQ") not in ([frequency] for frequency in FREQUENCIES):
        raise RuleError(f"fréquence « {','.join(map(str, recur.get('FREQ', [])))} » trop fine ou inconnue",
                        f"au plus une fois par jour : FREQ={', FREQ='.join(FREQUENCIES)}")
    if min(recur.get("INTERVAL", [1]) + recur.get("COUNT", [1])) < 1:
        raise RuleError(f"règle RRULE invalide « RRULE:{rule[:80]} »", "INTERVAL et COUNT valent au moins 1")
    parsed: vRecur = recur
    return parsed


def rule_text(rhythm: str, cadences: Mapping[str, str] | None = None) -> str:
    """The RRULE value (without ``RRULE:``) of a friendly or raw rhythm, as the feed writes it; ``RuleError`` if none.

    « cadence objectifs-prioritaires » refers to a cadence named in the settings, so a rhythm the
    organisation has not settled (quarterly or half-yearly?) is chosen in one place.
    """
    stripped = rhythm.strip()
    if stripped.upper().startswith("RRULE:"):
        return _canonical(stripped[len("RRULE:"):].upper())
    text = _normalise(stripped)
    if text.startswith(CADENCE_PREFIX):
        name = text[len(CADENCE_PREFIX):].strip()
        named = (cadences or {}).get(name)
        if not named or _normalise(named).startswith(CADENCE_PREFIX):
            known = ", ".join(sorted(cadences or {})) or "aucune"
            raise RuleError(f"cadence « {rhythm[len(CADENCE_PREFIX):].strip()} » inconnue", f"cadences définies dans mkdocs.yml : {known}")
        return rule_text(named)
    if text in _FIXED:
        return _canonical(_FIXED[text])
    for pattern, build in _PATTERNS:
        match = pattern.match(text)
        if match:
            rule: str = build(match)  # type: ignore[operator]
            return _canonical(rule)
    raise RuleError(f"rythme « {rhythm[:80]} » non compris", f"écrivez par exemple {EXAMPLES}")


def spelled_out(rhythm: str, cadences: Mapping[str, str] | None = None) -> str | None:
    """The rhythm as a sentence reads it: « le dernier lundi du mois », « chaque mercredi ».

    A named cadence reads as the rhythm it names; a raw ``RRULE:`` has no French reading (``None``).
    """
    stripped = " ".join(rhythm.split())
    text = _normalise(stripped)
    if not text or stripped.upper().startswith("RRULE:"):
        return None
    if text.startswith(CADENCE_PREFIX):
        named = (cadences or {}).get(text[len(CADENCE_PREFIX):].strip())
        return spelled_out(named) if named and not _normalise(named).startswith(CADENCE_PREFIX) else None
    lowered = stripped[0].lower() + stripped[1:]
    first = text.split()[0]
    if first not in ORDINALS:
        return lowered
    return f"{'la' if first in _FEMININE_ORDINALS else 'le'} {lowered}"


@functools.lru_cache(maxsize=1024)
def _canonical(rule: str) -> str:
    """The rule as the feed writes it; cached, since most moments share a handful of rhythms."""
    text: bytes = parse_rule(rule).to_ical()
    return text.decode("ascii")


def to_rrule(rhythm: str, cadences: Mapping[str, str] | None = None) -> str | None:
    """The RRULE value of a rhythm, or ``None`` if it is not understood (``rhythm_problem`` says why)."""
    try:
        return rule_text(rhythm, cadences)
    except RuleError:
        return None


def rhythm_problem(rhythm: str, cadences: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(message, hint)`` when the rhythm is not understood, else ``None``."""
    try:
        rule_text(rhythm, cadences)
    except RuleError as error:
        return error.message, error.hint
    return None


def series(rule: str, start: datetime, until: date | None = None) -> Iterator[datetime]:
    """Local (naive) starts of the series in order, ending with ``until`` and never after ``LAST_YEAR``.

    The explicit end bounds the work even for a rule that never matches (dateutil would search
    until year 9999); COUNT is applied here, since dateutil keeps UNTIL and COUNT apart.
    """
    parts = vRecur.from_ical(rule)
    last = datetime.combine(date(LAST_YEAR, 12, 31) if until is None else min(until, date(LAST_YEAR, 12, 31)), time.max)
    recurrence = rrulestr(rule, dtstart=start, cache=False, forceset=False)
    assert isinstance(recurrence, rrule)
    bounded = recurrence.replace(until=last, count=None)
    return itertools.islice(iter(bounded), parts["COUNT"][0] if "COUNT" in parts else None)


def occurrences(rule: str, start: datetime, after: datetime, before: datetime, until: date | None = None) -> list[datetime]:
    """Local (naive) starts of the occurrences in ``[after, before)``; wall-clock times, as in the feed.

    At most ``MAX_OCCURRENCES``: a window wider than any valid horizon is refused, never expanded.
    """
    found = []
    for moment in series(rule, start, until):
        if moment >= before:
            break
        if moment >= after:
            found.append(moment)
            if len(found) > MAX_OCCURRENCES:
                raise RuleError(f"plus de {MAX_OCCURRENCES} occurrences entre le {after:%Y-%m-%d} et le {before:%Y-%m-%d}",
                                "raccourcissez l'horizon de l'agenda (horizon_months) ou espacez le rythme")
    return found


def is_occurrence(rule: str, start: datetime, when: datetime, until: date | None = None) -> bool:
    """Whether ``when`` (local, naive) is an occurrence of the series that starts at ``start``.

    RFC 5545 leaves a start that does not match its rule to each client's taste, so a start and
    every exception must fall on an occurrence. dateutil only yields a start that matches the
    rule, which is exactly the test needed.
    """
    return next((moment for moment in series(rule, start, until) if moment >= when), None) == when


def unclear_occurrence(rule: str, start: datetime, until: date | None, zone: ZoneInfo, duration: timedelta | None,
                       changed: frozenset[date] = frozenset()) -> tuple[str, str] | None:
    """``(message, hint)`` for the first occurrence at a skipped or doubled wall-clock time, else ``None``.

    An occurrence that spans a clock change is refused too (unless cancelled or moved, ``changed``):
    RFC 5545 gives each one the series' exact duration, recurring-ical-events adds it to the wall
    clock, so their ends differ by an hour. Every occurrence counts, not only those of the
    agenda's window: the feed publishes the whole series.

    Only days near a clock change are looked at, and the series is walked only when one of them
    is unclear at the series' time of day, so most rules cost nothing. An occurrence ``m`` can be
    unclear only if its wall-clock span ``[m, m + duration]`` touches a skipped or doubled span:
    it lies in it, or an offset change happens before its end, at a wall-clock time (the old
    reading, one end of the span) within ``(m, m + duration]``. Days whose span touches none are
    skipped without the full check. The days depend on the time of day, not on the rule: they are
    found once for all the moments that share a zone, a time, a duration and years.
    """
    days = _unclear_days(zone, start.time(), duration, start.year, LAST_YEAR if until is None else until.year)
    for moment in (series(rule, start, until) if days else ()):
        if moment.date() in days and (problem := _unclear(moment, zone, duration, changed)) is not None:
            return problem
    return None


@functools.lru_cache(maxsize=1024)
def _unclear_days(zone: ZoneInfo, clock: time, duration: timedelta | None, first_year: int, last_year: int) -> frozenset[date]:
    """Days between two years on which an occurrence at ``clock`` lasting ``duration`` is skipped, doubled or spans a change."""
    length = duration or timedelta(0)
    days = set()
    for span in unclear_spans_between(zone, first_year, last_year):
        day = (span.first - length).date()
        while day <= span.last.date():
            moment = datetime.combine(day, clock)
            if moment <= span.last and moment + length >= span.first and _unclear(moment, zone, duration, frozenset()):
                days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def _unclear(moment: datetime, zone: ZoneInfo, duration: timedelta | None, changed: frozenset[date]) -> tuple[str, str] | None:
    problem = local_time_problem(moment, zone)
    if problem is not None or duration is None or moment.date() in changed:
        return problem
    real, wall = local_end(moment, duration, zone), moment + duration
    if (real, real.fold) == (wall, wall.fold):
        return None
    return (f"celle du {moment:%Y-%m-%d} à {moment:%H:%M} chevauche un changement d'heure à {zone.key}, "
            f"et les agendas n'en calculent pas tous la fin de la même façon",
            "avancez l'heure ou raccourcissez la durée, ou annulez ou déplacez cette date dans « exceptions »")
