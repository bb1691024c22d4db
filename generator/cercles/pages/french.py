"""French wording of dates and times, as the agenda shows them: « lundi 25 janvier 2027, 18 h 30 ».

Written out rather than taken from the C locale, which is rarely French on build machines.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def day(value: date) -> str:
    """« lundi 25 janvier 2027 » (« 1er » for the first of the month, as French typography wants)."""
    number = "1er" if value.day == 1 else str(value.day)
    return f"{WEEKDAYS[value.weekday()]} {number} {MONTHS[value.month - 1]} {value.year}"


def clock(value: datetime) -> str:
    """« 18 h 30 », « 9 h »."""
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def day_and_time(value: datetime) -> str:
    """« lundi 25 janvier 2027, 18 h 30 »."""
    return f"{day(value)}, {clock(value)}"


def month(value: date) -> str:
    """« Janvier 2027 », a month heading of the agenda."""
    return f"{MONTHS[value.month - 1].capitalize()} {value.year}"


def duration(value: timedelta) -> str:
    """« 2 h », « 1 h 30 », « 45 min »."""
    minutes = int(value.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def agree(participle: str, *, feminine: bool, plural: bool) -> str:
    """« organisé » agreeing with its subject: « organisée », « organisés », « organisées »."""
    return participle + ("e" if feminine else "") + ("s" if plural else "")
