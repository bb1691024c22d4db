"""Dates, times and durations as volunteers type them: « 2027-01-25 18:30 », « 1h30 », « 45 min ».

YAML 1.1 reads ``18:30`` as a number and needs seconds in a timestamp, so these are read from
the text the volunteer typed (``Marked.raw``), with messages that show the expected form.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from cercles.rules.localtime import FIRST_YEAR, LAST_YEAR

DATE_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATETIME_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:h](\d{2})(?::00)?$")
DURATION_PATTERN = re.compile(r"^(?:(\d{1,2})\s*h\s*(\d{2})?|(\d{1,3})\s*min)$")
"""The forms the parsers below accept; the JSON Schemas reuse them, so an editor and check agree."""
MAX_DURATION = timedelta(days=14)
DATETIME_HINT = "écrivez la date puis l'heure, par exemple « 2027-01-25 18:30 »"
DATE_HINT = "écrivez une date du calendrier, par exemple « 2027-06-30 »"
DURATION_HINT = "écrivez par exemple « 2h », « 1h30 » ou « 45 min »"


class TimeFormatError(ValueError):
    """A date, time or duration that cannot be read, with the fix to suggest."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_date(text: str) -> date:
    """« 2027-01-25 » → date; ``TimeFormatError`` with a French message (e.g. for February 30)."""
    match = DATE_PATTERN.match(text.strip())
    if not match:
        raise TimeFormatError(f"date « {text[:40]} » illisible", DATE_HINT)
    _check_year(int(match[1]), text)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise TimeFormatError(f"la date « {text[:40]} » n'existe pas dans le calendrier", DATE_HINT) from None


def _check_year(year: int, text: str) -> None:
    """Refuse a year outside ``FIRST_YEAR``–``LAST_YEAR``: year 1 overflows, year 3000 has no known zone rules."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise TimeFormatError(f"l'année de « {text[:40]} » sort de la plage acceptée ({FIRST_YEAR}–{LAST_YEAR})",
                              "vérifiez l'année : quatre chiffres, par exemple « 2027 »")


def parse_datetime(text: str) -> datetime:
    """« 2027-01-25 18:30 » → naive local datetime."""
    match = DATETIME_PATTERN.match(text.strip())
    if not match:
        raise TimeFormatError(f"date et heure « {text[:40]} » illisibles", DATETIME_HINT)
    _check_year(int(match[1]), text)
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), int(match[4]), int(match[5]))
    except ValueError:
        raise TimeFormatError(f"la date ou l'heure de « {text[:40]} » n'existe pas", DATETIME_HINT) from None


def parse_duration(text: str) -> timedelta:
    """« 2h », « 1h30 », « 45 min » → timedelta, positive and at most two weeks."""
    compact = text.strip().lower()
    match = DURATION_PATTERN.match(compact)
    if not match:
        raise TimeFormatError(f"durée « {text[:40]} » illisible", DURATION_HINT)
    if match[3] is not None:
        duration = timedelta(minutes=int(match[3]))
    else:
        duration = timedelta(hours=int(match[1]), minutes=int(match[2] or 0))
    if duration <= timedelta(0):
        raise TimeFormatError("la durée doit être positive", DURATION_HINT)
    if duration > MAX_DURATION:
        raise TimeFormatError(f"durée « {text[:40]} » trop longue", "deux semaines au plus ; au-delà, créez plusieurs moments")
    return duration
