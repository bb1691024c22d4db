"""Grist's date and time display formats (« DD/MM/YYYY », « h:mma »), read as regular expressions.

A CSV export writes dates as Grist shows them (``ExportDSV.ts`` formats every cell with the
column's formatter, ``ValueFormatter.ts``). Volunteers copy the format shown in Grist's column
settings; translating Grist's tokens here spares them strftime's ``%d/%m/%Y``, which they would
have to learn for this file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime


class NonexistentDate(Exception):
    """A date in the right form that the calendar lacks (« 31/02/2027 »)."""


@dataclass(frozen=True, slots=True)
class TimeFormat:
    """A Grist display format compiled to a regular expression."""

    text: str
    pattern: str


_TOKEN = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|HH|H|hh|h|mm|m|ss|s|A|a|Z|z|[A-Za-z]+|[^A-Za-z]+")
_TOKEN_PATTERNS = {
    "YYYY": r"(?P<year>\d{4})", "YY": r"(?P<year2>\d{2})", "MM": r"(?P<month>\d{1,2})", "M": r"(?P<month>\d{1,2})",
    "DD": r"(?P<day>\d{1,2})", "D": r"(?P<day>\d{1,2})", "HH": r"(?P<hour>\d{1,2})", "H": r"(?P<hour>\d{1,2})",
    "hh": r"(?P<hour12>\d{1,2})", "h": r"(?P<hour12>\d{1,2})", "mm": r"(?P<minute>\d{2})", "m": r"(?P<minute>\d{1,2})",
    "ss": r"(?P<second>\d{2})", "s": r"(?P<second>\d{1,2})", "A": r"(?P<ampm>[AaPp][Mm])", "a": r"(?P<ampm>[AaPp][Mm])",
    "Z": r"\S+", "z": r"\S+",
}
ISO_DATE = TimeFormat("YYYY-MM-DD", r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
"""Grist's default date format (``DateFormatter``: ``widgetOpts.dateFormat || "YYYY-MM-DD"``)."""
ISO_TIME = TimeFormat("HH:mm", r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})")
GRIST_TIME = TimeFormat("h:mma", r"(?P<hour12>\d{1,2}):(?P<minute>\d{2})\s?(?P<ampm>[AaPp][Mm])")
"""Grist's default time format (``DateTimeFormatter``: ``timeFormat === undefined ? "h:mma"``): « 2:00pm »."""


def compile_format(text: str) -> TimeFormat | None:
    """The format as a regular expression, or ``None`` when it uses a token we do not read (month names)."""
    parts = []
    for token in _TOKEN.findall(text):
        if token in _TOKEN_PATTERNS:
            parts.append(_TOKEN_PATTERNS[token])
        elif token[0].isalpha():
            return None
        else:
            parts.append(re.escape(token))
    pattern = "".join(parts)
    try:
        re.compile(pattern)
    except re.error:
        return None
    return TimeFormat(text, pattern)


def match_formats(text: str, *formats: TimeFormat) -> datetime | None:
    """The date-time written in the first of ``formats`` that fits; ``None`` if none does.

    Raises ``NonexistentDate`` when the first format that fits gives a day the calendar lacks.
    """
    for form in formats:
        found = re.fullmatch(form.pattern, text)
        if found is None:
            continue
        parts = {name: value for name, value in found.groupdict().items() if value is not None}
        hour = int(parts.get("hour", 0))
        if "hour12" in parts:
            hour = int(parts["hour12"]) % 12 + (12 if parts.get("ampm", "am").lower() == "pm" else 0)
        year = int(parts["year"]) if "year" in parts else 2000 + int(parts.get("year2", 0))
        try:
            return datetime(year, int(parts.get("month", 1)), int(parts.get("day", 1)), hour, int(parts.get("minute", 0)))
        except ValueError:
            raise NonexistentDate from None
    return None
