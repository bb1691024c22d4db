"""Marked YAML → model, one file at a time: circles and people.

This is where the French keys volunteers write meet the English names of the model; which keys
exist, their limits and hints are declared in ``format.py``. Every problem of a file is
collected; cross-file rules wait for ``cercles.rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from cercles.sources.format import CIRCLE, MEETINGS, PERSON
from cercles.sources.moments import meeting_moment_id, read_schedule
from cercles.sources.problems import Problem
from cercles.sources.fields import FieldReader, check_file_identifier, keyed_entries
from cercles.model import Action, Circle, CircleType, Mandate, MeetingRhythm, MomentKind, Person, Place, Role
from cercles.rules.recurrence import rhythm_problem
from cercles.sources.yamlio import Marked
from cercles.text import identifier_problem, suggest_identifier


@dataclass(frozen=True, slots=True)
class Calendar:
    """What reading a schedule needs from the settings: the zone and the named cadences."""

    timezone: ZoneInfo
    cadences: Mapping[str, str]
    places: Mapping[str, Place] = field(default_factory=dict)
    """``lieux.yaml``, so a meeting's « lieu » resolves like an agenda file's."""


def read_circle(tree: Marked, circle_id: str, problems: list[Problem], calendar: Calendar) -> Circle | None:
    """Read ``circles/<circle_id>.yaml``.

    A circle with errors is still returned when its name and type could be read, so the
    cross-file rules (a dangling parent…) are reported in the same run as the file's own errors.
    """
    if not isinstance(tree.value, dict):
        problems.append(Problem(tree.location, "", f"attendu un dictionnaire (clé: valeur) mais reçu {tree.describe()}",
                                "un fichier de cercle commence par « nom: … » puis « type: … »"))
        return None
    fields = FieldReader(tree, "", problems, CIRCLE)
    check_file_identifier(tree, circle_id, problems)
    name = fields.text("nom")
    circle_type = fields.choice("type")
    purpose = fields.text("raison_d_etre")
    domains = fields.text_list("domaines")
    roles = tuple(_read_roles(fields, circle_id))
    actions = tuple(_read_actions(fields, circle_id))
    meetings = _read_meetings(fields, circle_type, circle_id, name or circle_id, calendar)
    analytic_code = fields.text("code_analytique")
    budget = fields.text("budget")
    parent = fields.text("parent")
    fields.finish()
    if circle_type is not None and circle_type is not CircleType.BUREAU:
        if analytic_code is None:
            fields.warn("code_analytique", "code analytique à préciser", fields.hint("code_analytique") + " quand il est connu")
        if budget is None:
            fields.warn("budget", "tableau budgétaire à préciser", fields.hint("budget"))
    if circle_type is None:
        return None  # too broken to take part in the cross-file checks
    return Circle(id=circle_id, name=name or circle_id, type=circle_type, purpose=purpose, domains=domains, roles=roles,
                  analytic_code=analytic_code, budget=budget, meetings=meetings, actions=actions,
                  parent_id=parent, location=tree.location, key_locations=dict(tree.key_locations))


def _read_roles(fields: FieldReader, owner_id: str) -> list[Role]:
    """Roles of a circle or of an action: one reader serves both."""
    roles = []
    for item, role in fields.entries("roles"):
        role_id = role.identifier("id")
        name = role.text("nom")
        purpose = role.text("raison_d_etre")
        accountabilities = role.text_list("redevabilites")
        mandates = _read_mandates(role)
        coordination = role.boolean("coordination")
        referent = role.boolean("referent")
        budget_referent = role.boolean("referent_budget")
        role.finish()
        if not accountabilities:
            role.warn("redevabilites", "redevabilités à préciser", "listez ce que le rôle s'engage à faire")
        if not mandates and not role.has("titulaires"):
            role.warn("titulaires", "titulaires à préciser", "ajoutez l'identifiant des personnes qui tiennent le rôle")
        if role_id:  # kept even with other errors, so that one mistake does not cascade into more
            roles.append(Role(id=role_id, name=name or role_id, owner_id=owner_id, purpose=purpose, accountabilities=accountabilities,
                              mandates=mandates, coordination=coordination, referent=referent,
                              budget_referent=budget_referent, location=item.location))
    return roles


def _read_mandates(role: FieldReader) -> tuple[Mandate, ...]:
    """The holders of a role: « - alice », or « - personne: alice » with the dates of the mandate."""
    mandates = []
    for _, holder in role.entries("titulaires"):
        person_id = holder.text("personne")
        since, until, elected_on = holder.date_value("depuis"), holder.date_value("jusqu_au"), holder.date_value("elu_le")
        holder.finish()
        if since is not None and until is not None and until < since:
            holder.error(holder.location_of("jusqu_au"), "jusqu_au", f"le mandat finit ({until}) avant de commencer ({since})",
                         "vérifiez les dates « depuis » et « jusqu_au »")
        if person_id is None:
            continue
        problem = identifier_problem(person_id)
        if problem:  # reported once here, not again as an unknown person
            holder.error(holder.location_of("personne"), "personne", problem, f"écrivez « {suggest_identifier(person_id)} »")
            continue
        mandates.append(Mandate(person_id=person_id, since=since, until=until, elected_on=elected_on,
                                location=holder.location_of("personne")))
    return tuple(mandates)


def _read_actions(fields: FieldReader, circle_id: str) -> list[Action]:
    actions = []
    for item, action in fields.entries("actions"):
        action_id = action.identifier("id")
        name = action.text("nom")
        purpose = action.text("raison_d_etre")
        roles = tuple(_read_roles(action, action_id or ""))
        analytic_code = action.text("code_analytique")
        action.finish()
        if action_id:
            actions.append(Action(id=action_id, name=name or action_id, parent_id=circle_id, purpose=purpose, roles=roles,
                                  analytic_code=analytic_code, location=item.location))
    return actions


def _read_meetings(fields: FieldReader, circle_type: CircleType | None, circle_id: str, circle_name: str,
                   calendar: Calendar) -> MeetingRhythm | None:
    """The circle's operational meetings; with a ``debut`` they also become a moment of the agenda."""
    meetings = fields.mapping("reunions")
    if meetings is None:
        if circle_type is CircleType.BUREAU:
            return None  # the bureau meets when it is called on, not on a rhythm
        fields.warn("reunions", "rythme des réunions opérationnelles à préciser",
                    f"ajoutez « reunions: » puis « rythme: {MEETINGS['rythme'].example} » (au minimum)")
        return None
    note = meetings.text("note")
    if meetings.has("debut"):
        moment = read_schedule(meetings, meeting_moment_id(circle_id), f"Réunion opérationnelle : {circle_name}",
                               MomentKind.REUNION_OPERATIONNELLE, circle_id, timezone=calendar.timezone,
                               cadences=calendar.cadences, places=calendar.places)
        rhythm = moment.rhythm_text if moment else None
    else:
        moment = None
        rhythm = meetings.text("rythme", required=True)  # without a first date, the rhythm is all there is
        problem = rhythm_problem(rhythm, calendar.cadences) if rhythm else None
        if problem:
            meetings.error(meetings.location_of("rythme"), "rythme", *problem)
            rhythm = None
    meetings.finish()
    if rhythm is None:
        return None
    return MeetingRhythm(rhythm=rhythm, note=note, moment=moment, location=meetings.location_of("rythme"))


def read_people(tree: Marked, problems: list[Problem]) -> dict[str, Person]:
    """Read the people file: ``<id>: {nom, courriel, telephone, contact_public}``."""
    people: dict[str, Person] = {}
    for person_id, location, fields in keyed_entries(tree, problems, PERSON, "chaque personne"):
        name = fields.text("nom")
        email = fields.text("courriel")
        phone = fields.text("telephone")
        public_contact = fields.boolean("contact_public")
        fields.finish()
        if name:
            people[person_id] = Person(id=person_id, name=name, email=email, phone=phone,
                                       public_contact=public_contact, location=location)
    return people
