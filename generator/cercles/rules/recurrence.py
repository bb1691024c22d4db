"""Friendly French rhythms → RFC 5545 recurrence rules, and their expansion over a horizon.

Volunteers write « dernier lundi du mois » or « chaque mercredi »; feeds need
``FREQ=MONTHLY;BYDAY=-1MO``. The rule is independent of the start: « chaque mois » repeats on
the day of the first occurrence, as RFC 5545 does. Anything the vocabulary lacks can be written
as a raw ``RRULE:…``, checked by dateutil, the reference implementation clients agree with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from dateutil.rrule import rrulestr

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


def to_rrule(rhythm: str, cadences: Mapping[str, str] | None = None) -> str | None:
    """The RRULE value (without ``RRULE:``) of a friendly rhythm, or ``None`` if it is not understood.

    « cadence objectifs-prioritaires » refers to a cadence named in the settings, so a rhythm the
    organisation has not settled (quarterly or half-yearly?) is chosen in one place.
    """
    stripped = rhythm.strip()
    if stripped.upper().startswith("RRULE:"):
        rule = stripped[len("RRULE:"):].strip().upper()
        return rule if _raw_rule_is_valid(rule) else None
    text = _normalise(stripped)
    if text.startswith(CADENCE_PREFIX) and cadences is not None:
        named = cadences.get(text[len(CADENCE_PREFIX):].strip())
        return to_rrule(named) if named and not _normalise(named).startswith(CADENCE_PREFIX) else None
    if text in _FIXED:
        return _FIXED[text]
    for pattern, build in _PATTERNS:
        match = pattern.match(text)
        if match:
            rule: str = build(match)  # type: ignore[operator]
            return rule if _raw_rule_is_valid(rule) else None
    return None


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


def _raw_rule_is_valid(rule: str) -> bool:
    if "DTSTART" in rule or "FREQ=" not in rule or "INTERVAL=0" in rule:
        return False
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError):
        return False
    return True


def rhythm_problem(rhythm: str, cadences: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``(message, hint)`` when the rhythm is not understood, else ``None``."""
    if to_rrule(rhythm, cadences) is not None:
        return None
    text = _normalise(rhythm)
    if text.startswith(CADENCE_PREFIX):
        known = ", ".join(sorted(cadences or {})) or "aucune"
        return (f"cadence « {rhythm[len(CADENCE_PREFIX):].strip()} » inconnue", f"cadences définies dans mkdocs.yml : {known}")
    if rhythm.strip().upper().startswith("RRULE:"):
        return (f"règle RRULE invalide « {rhythm[:80]} »", "vérifiez-la selon la RFC 5545, par exemple « RRULE:FREQ=MONTHLY;BYDAY=-1MO »")
    return (f"rythme « {rhythm[:80]} » non compris", f"écrivez par exemple {EXAMPLES}")


def occurrences(rule: str, start: datetime, after: datetime, before: datetime) -> list[datetime]:
    """Local (naive) starts of the occurrences in ``[after, before)``; wall-clock times, as in the feed."""
    recurrence = rrulestr(rule, dtstart=start, cache=False)
    return [moment for moment in recurrence.between(after, before, inc=True) if moment < before]


def is_occurrence(rule: str, start: datetime, when: datetime) -> bool:
    """Whether ``when`` (local, naive) is an occurrence of the series that starts at ``start``.

    RFC 5545 leaves a start that does not match its rule to each client's taste, so a start and
    every exception must fall on an occurrence. dateutil only yields a start that matches the
    rule, which is exactly the test needed.
    """
    found: datetime | None = rrulestr(rule, dtstart=start, cache=False).after(when, inc=True)
    return found == when
