"""Marked YAML → model, one file at a time: circles and people.

This is the one place where the French keys volunteers write meet the English names of the
model. Every problem of a file is collected; cross-file rules wait for ``validate.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cercles.sources.moments import SCHEDULE_KEYS, meeting_moment_id, read_schedule
from cercles.sources.problems import Problem
from cercles.sources.fields import FieldReader, check_file_identifier
from cercles.model import Action, Circle, CircleType, MeetingRhythm, MomentKind, Person, Role, Visibility
from cercles.rules.recurrence import rhythm_problem
from cercles.sources.yamlio import Marked
from cercles.text import identifier_problem, suggest_identifier

CIRCLE_KEYS = ("nom", "type", "raison_d_etre", "domaines", "roles", "code_analytique", "budget",
               "reunions", "actions", "parent")
ROLE_KEYS = ("id", "nom", "raison_d_etre", "redevabilites", "titulaires", "coordination", "referent",
             "referent_budget")
ACTION_KEYS = ("id", "nom", "raison_d_etre", "roles", "code_analytique")
MEETING_KEYS = ("note", *SCHEDULE_KEYS)
PERSON_KEYS = ("nom", "courriel", "telephone", "contact_public")
CIRCLE_TYPES = {circle_type.value: circle_type for circle_type in CircleType}


@dataclass(frozen=True, slots=True)
class Calendar:
    """What reading a schedule needs from the settings: the zone and the named cadences."""

    timezone: ZoneInfo
    cadences: Mapping[str, str]


def read_circle(tree: Marked, circle_id: str, problems: list[Problem], calendar: Calendar) -> Circle | None:
    """Read ``circles/<circle_id>.yaml``.

    A circle with errors is still returned when its name and type could be read, so the
    cross-file rules (a dangling parent…) are reported in the same run as the file's own errors.
    """
    if not isinstance(tree.value, dict):
        problems.append(Problem(tree.location, "", f"attendu un dictionnaire (clé: valeur) mais reçu {tree.describe()}",
                                "un fichier de cercle commence par « nom: … » puis « type: … »"))
        return None
    fields = FieldReader(tree, "", problems, CIRCLE_KEYS)
    check_file_identifier(tree, circle_id, problems)
    name = fields.name("nom", what="le nom du cercle")
    circle_type = fields.choice("type", CIRCLE_TYPES)
    purpose = fields.text("raison_d_etre", required=True, what="la raison d'être du cercle, en une phrase ou deux")
    domains = fields.text_list("domaines")
    roles = tuple(_read_roles(fields, circle_id))
    actions = tuple(_read_actions(fields, circle_id))
    meetings = _read_meetings(fields, circle_type, circle_id, name or circle_id, calendar)
    analytic_code = fields.text("code_analytique", max_length=40)
    budget = fields.text("budget", max_length=400)
    parent = fields.text("parent", max_length=80)
    fields.finish()
    if circle_type is not None and circle_type is not CircleType.BUREAU:
        if analytic_code is None:
            fields.warn("code_analytique", "code analytique à préciser", "ajoutez « code_analytique: \"…\" » quand il est connu")
        if budget is None:
            fields.warn("budget", "tableau budgétaire à préciser", "ajoutez « budget: où se trouve le tableau »")
    if circle_type is None:
        return None  # too broken to take part in the cross-file checks
    return Circle(id=circle_id, name=name or circle_id, type=circle_type, purpose=purpose, domains=domains, roles=roles,
                  analytic_code=analytic_code, budget=budget, meetings=meetings, actions=actions,
                  parent_id=parent, location=tree.location, key_locations=dict(tree.key_locations))


def _read_roles(fields: FieldReader, owner_id: str) -> list[Role]:
    """Roles of a circle or of an action: one reader serves both."""
    roles = []
    for index, item in fields.items("roles"):
        role = fields.entry("roles", index, item, ROLE_KEYS)
        if role is None:
            continue
        role_id = _read_id(role)
        name = role.name("nom", what="le nom du rôle")
        purpose = role.text("raison_d_etre")
        accountabilities = role.text_list("redevabilites")
        holders = role.identifier_list("titulaires")
        coordination = role.boolean("coordination")
        referent = role.boolean("referent")
        budget_referent = role.boolean("referent_budget")
        role.finish()
        if not accountabilities:
            role.warn("redevabilites", "redevabilités à préciser", "listez ce que le rôle s'engage à faire")
        if not holders and not role.has("titulaires"):
            role.warn("titulaires", "titulaires à préciser", "ajoutez l'identifiant des personnes qui tiennent le rôle")
        if role_id:  # kept even with other errors, so that one mistake does not cascade into more
            roles.append(Role(id=role_id, name=name or role_id, owner_id=owner_id, purpose=purpose, accountabilities=accountabilities,
                              holders=tuple(person_id for person_id, _ in holders),
                              holder_locations=tuple(location for _, location in holders), coordination=coordination, referent=referent,
                              budget_referent=budget_referent, location=item.location))
    return roles


def _read_actions(fields: FieldReader, circle_id: str) -> list[Action]:
    actions = []
    for index, item in fields.items("actions"):
        action = fields.entry("actions", index, item, ACTION_KEYS)
        if action is None:
            continue
        action_id = _read_id(action)
        name = action.name("nom", what="le nom de l'action")
        purpose = action.text("raison_d_etre")
        roles = tuple(_read_roles(action, action_id or ""))
        analytic_code = action.text("code_analytique", max_length=40)
        action.finish()
        if action_id:
            actions.append(Action(id=action_id, name=name or action_id, parent_id=circle_id, purpose=purpose, roles=roles,
                                  analytic_code=analytic_code, location=item.location))
    return actions


def _read_meetings(fields: FieldReader, circle_type: CircleType | None, circle_id: str, circle_name: str,
                   calendar: Calendar) -> MeetingRhythm | None:
    """The circle's operational meetings; with a ``debut`` they also become a moment of the agenda."""
    meetings = fields.mapping("reunions", MEETING_KEYS)
    if meetings is None:
        if circle_type is CircleType.BUREAU:
            return None  # the bureau meets when it is called on, not on a rhythm
        fields.warn("reunions", "rythme des réunions opérationnelles à préciser",
                    "ajoutez « reunions: » puis « rythme: chaque trimestre » (au minimum)")
        return None
    note = meetings.text("note", max_length=400)
    if meetings.has("debut"):
        moment = read_schedule(meetings, meeting_moment_id(circle_id), f"Réunion opérationnelle : {circle_name}",
                               MomentKind.REUNION_OPERATIONNELLE, circle_id, timezone=calendar.timezone,
                               cadences=calendar.cadences, default_visibility=Visibility.INTERNAL)
        rhythm = moment.rhythm_text if moment else None
    else:
        moment = None
        rhythm = meetings.text("rythme", required=True, max_length=120, what="chaque trimestre")
        problem = rhythm_problem(rhythm, calendar.cadences) if rhythm else None
        if problem:
            meetings.error(meetings.location_of("rythme"), "rythme", *problem)
            rhythm = None
    meetings.finish()
    if rhythm is None:
        return None
    return MeetingRhythm(rhythm=rhythm, note=note, moment=moment, location=meetings.location_of("rythme"))


def _read_id(fields: FieldReader) -> str | None:
    value = fields.text("id", required=True, max_length=80, what="un-identifiant-en-minuscules")
    if value is None:
        return None
    problem = identifier_problem(value)
    if problem:
        fields.error(fields.location_of("id"), "id", problem, f"écrivez « {suggest_identifier(value)} »")
        return suggest_identifier(value)  # the error stops the build; the id only keeps later checks quiet
    return value


def read_people(tree: Marked, problems: list[Problem]) -> dict[str, Person]:
    """Read the people file: ``<id>: {nom, courriel, telephone, contact_public}``."""
    people: dict[str, Person] = {}
    if not isinstance(tree.value, dict):
        problems.append(Problem(tree.location, "", f"attendu un dictionnaire mais reçu {tree.describe()}",
                                "chaque personne s'écrit « identifiant: » puis « nom: … » en retrait"))
        return people
    for person_id, marked in tree.value.items():
        location = tree.key_locations[person_id]
        problem = identifier_problem(person_id)
        if problem:
            problems.append(Problem(location, person_id, problem, f"écrivez « {suggest_identifier(person_id)} »"))
            continue
        if not isinstance(marked.value, dict):
            problems.append(Problem(marked.location, person_id, f"attendu un dictionnaire mais reçu {marked.describe()}",
                                    "ajoutez « nom: … » en retrait sous l'identifiant"))
            continue
        fields = FieldReader(marked, person_id, problems, PERSON_KEYS)
        name = fields.name("nom", what="le nom affiché")
        email = fields.text("courriel", max_length=200)
        phone = fields.text("telephone", max_length=40)
        public_contact = fields.boolean("contact_public")
        fields.finish()
        if name:
            people[person_id] = Person(id=person_id, name=name, email=email, phone=phone,
                                       public_contact=public_contact, location=location)
    return people
