"""Marked YAML → moments: the agenda files of ``content/agenda/`` and each circle's meetings.

A recurring moment has a ``rythme``; a one-off event has none. Both share one reader
(``read_schedule``), used for agenda files and for the ``reunions`` block of a circle file,
so an operational meeting is described once, in its circle's file.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TypeVar
from zoneinfo import ZoneInfo

from cercles.sources.format import MOMENT
from cercles.sources.problems import Problem
from cercles.sources.fields import FieldReader, check_file_identifier, text_as_typed
from cercles.model import Moment, MomentKind, OccurrenceChange, Place, Visibility
from cercles.rules.localtime import elapsed, local_time_problem
from cercles.rules.recurrence import is_occurrence, rhythm_problem, to_rrule, unclear_occurrence
from cercles.sources.timeparse import TimeFormatError, parse_datetime, parse_duration
from cercles.sources.yamlio import Marked
from cercles.text import IDENTIFIER, did_you_mean

E = TypeVar("E", bound=enum.Enum)
NO_PLACES: Mapping[str, Place] = MappingProxyType({})


def read_moment(tree: Marked, moment_id: str, problems: list[Problem], *, timezone: ZoneInfo,
                cadences: Mapping[str, str], places: Mapping[str, Place] = NO_PLACES) -> Moment | None:
    """Read ``content/agenda/<moment_id>.yaml``."""
    if not isinstance(tree.value, dict):
        problems.append(Problem(tree.location, "", f"attendu un dictionnaire (clé: valeur) mais reçu {tree.describe()}",
                                "un fichier de moment commence par « titre: … »"))
        return None
    check_file_identifier(tree, moment_id, problems)
    fields = FieldReader(tree, "", problems, MOMENT)
    title = fields.text("titre")
    kind = fields.choice("type")
    circle_id = fields.text("cercle")
    moment = read_schedule(fields, moment_id, title, kind, circle_id, timezone=timezone, cadences=cadences, places=places)
    fields.finish()
    return moment


def read_schedule(fields: FieldReader, moment_id: str, title: str | None, kind: MomentKind | None, circle_id: str | None,
                  *, timezone: ZoneInfo, cadences: Mapping[str, str],
                  places: Mapping[str, Place] = NO_PLACES) -> Moment | None:
    """The when, where and who-may-see of a moment; ``None`` if anything needed is missing or wrong.

    ``fields`` reads an agenda file (``format.MOMENT``) or a circle's meetings (``format.MEETINGS``):
    the form says which keys are required there and what a left-out key defaults to.
    """
    start = fields.datetime_value("debut")
    rhythm = fields.text("rythme")
    rule = _rule(fields, rhythm, cadences)
    duration = _duration(fields, start, timezone)
    until = _until(fields, rule, start)
    visibility = fields.choice("visibilite") or _declared_default(fields, "visibilite", Visibility)
    location_name = fields.text("lieu")
    place = _place(fields, location_name, places)
    description = fields.text("description")
    provisional = fields.boolean("a_confirmer")
    price = fields.text("tarif")
    booking_url = fields.url("inscription")
    contact = fields.text("contact")
    exceptions = _exceptions(fields, rule, start, until, timezone)
    if start is not None:
        _check_local_time(fields, "debut", start, timezone)
        if rule is not None and not is_occurrence(rule, start, start, until):
            fields.error(fields.location_of("debut"), "debut", "le début n'est pas une occurrence du rythme",
                         f"choisissez une date qui suit « {rhythm} »")
        elif rule is not None and (problem := unclear_occurrence(rule, start, until, timezone, duration,
                                                                  frozenset(change.original for change in exceptions))) is not None:
            fields.error(fields.location_of("rythme"), "rythme", f"une occurrence tombe mal : {problem[0]}", problem[1])
    if exceptions and rule is None and rhythm is None:
        fields.error(fields.location_of("exceptions"), "exceptions", "un moment ponctuel n'a pas d'exceptions",
                     "changez directement « debut », ou retirez le moment")
    if None in (title, kind, circle_id, start, duration, visibility) or (rhythm is not None and rule is None):
        return None
    return Moment(id=moment_id, title=title, kind=kind, circle_id=circle_id, visibility=visibility, start=start,  # type: ignore[arg-type]
                  duration=duration, timezone=timezone, rrule=rule, until=until, rhythm_text=rhythm,  # type: ignore[arg-type]
                  location_name=location_name, place=place, price=price, booking_url=booking_url, contact=contact,
                  description=description, exceptions=tuple(exceptions), provisional=provisional, source=fields.node.location,
                  key_locations={key: fields.location_of(key) for key in fields.values})


def _place(fields: FieldReader, written: str | None, places: Mapping[str, Place]) -> Place | None:
    """The place « lieu » names in ``lieux.yaml``, if it names one.

    Once an organisation keeps a places file, a « lieu » written like an id (lowercase, digits
    and dashes: « cusine ») must be one of its ids: a typo would otherwise publish a place with
    no address. Anything else (« Salle commune », with capitals or spaces) stays a plain name.
    """
    if written is None or not places:
        return None
    if written in places:
        return places[written]
    if IDENTIFIER.match(written):
        fields.error(fields.location_of("lieu"), "lieu", f"lieu « {written} » absent du fichier des lieux",
                     did_you_mean(written, list(places), ", ".join(places)))
    return None


def _rule(fields: FieldReader, rhythm: str | None, cadences: Mapping[str, str]) -> str | None:
    if rhythm is None:
        return None
    rule = to_rrule(rhythm, cadences)
    problem = None if rule is not None else rhythm_problem(rhythm, cadences)
    if problem:
        fields.error(fields.location_of("rythme"), "rythme", *problem)
    return rule


def _declared_default(fields: FieldReader, key: str, choices: type[E]) -> E | None:
    """The value the form declares for a left-out key (the meetings of a circle are internal)."""
    spec = fields.spec(key)
    return choices(spec.default) if spec and spec.default and not fields.has(key) else None


def _until(fields: FieldReader, rule: str | None, start: datetime | None) -> date | None:
    """``jusqu_au``: the last day of a series, on or after its start, and never with a COUNT."""
    until = fields.date_value("jusqu_au")
    if until is not None and start is not None and until < start.date():
        fields.error(fields.location_of("jusqu_au"), "jusqu_au", f"« jusqu_au » ({until:%Y-%m-%d}) tombe avant le début ({start:%Y-%m-%d})",
                     "corrigez la date de fin de la série ou le début")
        return None
    if until is not None and rule is not None and "COUNT=" in rule:
        fields.error(fields.location_of("jusqu_au"), "jusqu_au", "« jusqu_au » et COUNT limitent tous deux la série",
                     "gardez l'un des deux (la RFC 5545 interdit les deux ensemble)")
        return None
    return until


def _duration(fields: FieldReader, start: datetime | None, timezone: ZoneInfo) -> timedelta | None:
    """``duree`` (« 1h30 ») or ``fin`` (« 20:30 » the same day, or a full date and time), as real elapsed time."""
    if fields.has("duree") and fields.has("fin"):
        fields.error(fields.location_of("fin"), "fin", "« duree » et « fin » sont tous deux donnés", "gardez l'un des deux")
        return None
    if fields.has("fin"):
        marked = fields.raw("fin")
        assert marked is not None
        text = text_as_typed(marked)
        try:
            end = parse_datetime(text) if "-" in text else (parse_datetime(f"{start:%Y-%m-%d} {text}") if start else None)
        except TimeFormatError as error:
            fields.error(marked.location, "fin", error.message, "écrivez l'heure de fin, par exemple « 20:30 »")
            return None
        if end is None or start is None:
            return None
        if end <= start:
            fields.error(marked.location, "fin", f"la fin ({end:%Y-%m-%d %H:%M}) tombe avant le début ({start:%Y-%m-%d %H:%M})",
                         "corrigez l'heure de fin ou le début")
            return None
        _check_local_time(fields, "fin", end, timezone)
        return elapsed(start, end, timezone)
    if not fields.has("duree"):
        default = MOMENT["duree"].default
        assert default is not None, "format.py declares the default duration"
        return parse_duration(default)
    return fields.duration_value("duree")


def _exceptions(fields: FieldReader, rule: str | None, start: datetime | None, until: date | None,
                timezone: ZoneInfo) -> list[OccurrenceChange]:
    changes = []
    for item, entry in fields.entries("exceptions"):
        original = entry.date_value("date")
        cancelled = entry.boolean("annule")
        moved_to = entry.datetime_value("deplace_au")
        entry.finish()
        if cancelled == (moved_to is not None) and not entry.has("deplace_au"):
            entry.error(item.location, "", "dites si la date est annulée ou déplacée",
                        "ajoutez « annule: true » ou « deplace_au: AAAA-MM-JJ HH:MM »")
            continue
        if cancelled and moved_to is not None:
            entry.error(item.location, "", "une date ne peut pas être à la fois annulée et déplacée", "gardez l'un des deux")
            continue
        if original is None or start is None:
            continue
        if rule is not None and not is_occurrence(rule, start, datetime.combine(original, start.time()), until):
            entry.error(entry.location_of("date"), "date", f"le {original:%Y-%m-%d} n'est pas une date de ce moment",
                        "vérifiez la date dans l'agenda : l'exception doit tomber sur une occurrence")
            continue
        if moved_to is not None:
            _check_local_time(entry, "deplace_au", moved_to, timezone)
        changes.append(OccurrenceChange(original=original, moved_to=moved_to, location=item.location))
    return changes


def _check_local_time(fields: FieldReader, key: str, when: datetime, timezone: ZoneInfo) -> None:
    """Refuse a wall-clock time skipped or doubled by a clock change (02:30 on the last Sunday of March or October)."""
    problem = local_time_problem(when, timezone)
    if problem is not None:
        fields.error(fields.location_of(key), key, *problem)


def meeting_moment_id(circle_id: str) -> str:
    """The permanent id of a circle's operational meetings (feeds derive their UID from it)."""
    return f"reunions-{circle_id}"
