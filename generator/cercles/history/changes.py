"""What changed in a circle file between two versions, in governance terms.

A version is read with the same reader as the build (``read_circle``); the parts of a version
that it could not read (a YAML error, a badly written list of roles) are taken from the version
before, so an old mistake never shows as a role removed then created again.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from cercles.model import Circle, Role
from cercles.sources.circles import Calendar, read_circle
from cercles.sources.problems import Problem, Severity, SourceError
from cercles.sources.yamlio import load_text


class ChangeKind(enum.Enum):
    """The governance changes the history tells apart."""

    CIRCLE_CREATED = "cercle-cree"
    CIRCLE_RENAMED = "fichier-renomme"
    CIRCLE_ARCHIVED = "cercle-archive"
    NAME_CHANGED = "nom-modifie"
    PURPOSE_CHANGED = "raison-d-etre-modifiee"
    DOMAIN_ADDED = "domaine-ajoute"
    DOMAIN_REMOVED = "domaine-retire"
    ROLE_CREATED = "role-cree"
    ROLE_REMOVED = "role-supprime"
    ACCOUNTABILITY_ADDED = "redevabilite-ajoutee"
    ACCOUNTABILITY_REMOVED = "redevabilite-retiree"
    HOLDER_ARRIVED = "titulaire-arrive"
    HOLDER_LEFT = "titulaire-parti"
    TERM_CHANGED = "mandat-modifie"
    ACTION_CREATED = "action-creee"
    ACTION_REMOVED = "action-supprimee"


@dataclass(frozen=True, slots=True)
class Subject:
    """What a change applies to: the circle itself, one of its actions, or a role (of the circle or of an action)."""

    action_id: str | None = None
    action_name: str | None = None
    role_id: str | None = None
    role_name: str | None = None


CIRCLE = Subject()


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change. ``old`` and ``new`` carry the text concerned: a purpose before and after, the
    domain or the accountability added or removed, the id of the person who arrived or left, a name;
    for a term changed, ``old`` is the holder's id and ``new`` the mandate's new last day (ISO), if any.
    """

    kind: ChangeKind
    subject: Subject = CIRCLE
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True, slots=True)
class RoleState:
    name: str
    purpose: str | None
    accountabilities: tuple[str, ...]
    holders: tuple[str, ...]
    """Person ids only: « alice » and « personne: alice » with dates are the same holder."""
    terms: Mapping[str, date | None] = field(default_factory=dict)
    """Each holder's last day of mandate, when known."""


@dataclass(frozen=True, slots=True)
class ActionState:
    name: str
    purpose: str | None
    roles: Mapping[str, RoleState]


@dataclass(frozen=True, slots=True)
class CircleState:
    """What the history compares in one version of a circle file; ``unreadable`` names the parts it could not read."""

    name: str
    purpose: str | None
    domains: tuple[str, ...]
    roles: Mapping[str, RoleState]
    actions: Mapping[str, ActionState]
    unreadable: frozenset[str] = field(default=frozenset())

    def completed_by(self, previous: CircleState | None) -> CircleState:
        """This version, its unreadable parts taken from ``previous``."""
        if previous is None or not self.unreadable:
            return self
        return replace(self, unreadable=frozenset(), **{part: getattr(previous, part) for part in self.unreadable})


_PARTS = {"nom": "name", "raison_d_etre": "purpose", "domaines": "domains", "roles": "roles", "actions": "actions"}
"""YAML key → the part of ``CircleState`` an error under that key makes unreadable."""
_TOP_KEY = re.compile(r"[.\[]")


def read_state(data: bytes, path: str, circle_id: str, calendar: Calendar) -> CircleState | None:
    """One version of a circle file, or ``None`` when nothing of it can be read."""
    try:
        tree = load_text(data.decode("utf-8"), path)
    except (SourceError, UnicodeDecodeError):
        return None
    problems: list[Problem] = []
    circle = read_circle(tree, circle_id, problems, calendar)
    if circle is None:
        return None
    unreadable = {_PARTS[key] for problem in problems if problem.severity is Severity.ERROR
                  and (key := _TOP_KEY.split(problem.field, 1)[0]) in _PARTS}
    return _state(circle, frozenset(unreadable))


def _role_states(roles: tuple[Role, ...]) -> dict[str, RoleState]:
    return {role.id: RoleState(role.name, role.purpose, role.accountabilities, role.holders,
                               {mandate.person_id: mandate.until for mandate in role.mandates}) for role in roles}


def _state(circle: Circle, unreadable: frozenset[str]) -> CircleState:
    actions = {action.id: ActionState(action.name, action.purpose, _role_states(action.roles)) for action in circle.actions}
    return CircleState(circle.name, circle.purpose, circle.domains, _role_states(circle.roles), actions, unreadable)


def created(state: CircleState | None) -> list[Change]:
    return [Change(kind=ChangeKind.CIRCLE_CREATED, new=state.purpose if state else None)]


def differences(old: CircleState, new: CircleState) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of the file: the circle, its roles, its actions."""
    changes: list[Change] = []
    if old.name != new.name:
        changes.append(Change(kind=ChangeKind.NAME_CHANGED, old=old.name, new=new.name))
    if old.purpose != new.purpose:
        changes.append(Change(kind=ChangeKind.PURPOSE_CHANGED, old=old.purpose, new=new.purpose))
    changes.extend(_list_changes(old.domains, new.domains, ChangeKind.DOMAIN_ADDED, ChangeKind.DOMAIN_REMOVED, CIRCLE))
    changes.extend(_role_changes(old.roles, new.roles, CIRCLE))
    for action_id in _removed(old.actions, new.actions):
        changes.append(Change(kind=ChangeKind.ACTION_REMOVED, subject=Subject(action_id, old.actions[action_id].name)))
    for action_id, action in new.actions.items():
        subject = Subject(action_id, action.name)
        before = old.actions.get(action_id)
        if before is None:
            changes.append(Change(kind=ChangeKind.ACTION_CREATED, subject=subject, new=action.purpose))
            continue
        if before.name != action.name:
            changes.append(Change(kind=ChangeKind.NAME_CHANGED, subject=subject, old=before.name, new=action.name))
        if before.purpose != action.purpose:
            changes.append(Change(kind=ChangeKind.PURPOSE_CHANGED, subject=subject, old=before.purpose, new=action.purpose))
        changes.extend(_role_changes(before.roles, action.roles, subject))
    return changes


def _removed(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return [key for key in old if key not in new]


def _role_changes(old: Mapping[str, RoleState], new: Mapping[str, RoleState], owner: Subject) -> list[Change]:
    """Roles of the circle (``owner`` is ``CIRCLE``) or of one action."""
    changes = [Change(kind=ChangeKind.ROLE_REMOVED, subject=replace(owner, role_id=role_id, role_name=old[role_id].name))
               for role_id in _removed(old, new)]
    for role_id, role in new.items():
        where = replace(owner, role_id=role_id, role_name=role.name)
        before = old.get(role_id)
        if before is None:
            changes.append(Change(kind=ChangeKind.ROLE_CREATED, subject=where, new=role.purpose))
            before = RoleState(role.name, role.purpose, (), ())  # a new role's holders arrive with it
        if before.name != role.name:
            changes.append(Change(kind=ChangeKind.NAME_CHANGED, subject=where, old=before.name, new=role.name))
        if before.purpose != role.purpose:
            changes.append(Change(kind=ChangeKind.PURPOSE_CHANGED, subject=where, old=before.purpose, new=role.purpose))
        changes.extend(_list_changes(before.accountabilities, role.accountabilities,
                                     ChangeKind.ACCOUNTABILITY_ADDED, ChangeKind.ACCOUNTABILITY_REMOVED, where))
        changes.extend(_list_changes(before.holders, role.holders, ChangeKind.HOLDER_ARRIVED, ChangeKind.HOLDER_LEFT, where))
        changes.extend(Change(kind=ChangeKind.TERM_CHANGED, subject=where, old=person_id,
                              new=until.isoformat() if until else None)
                       for person_id, until in role.terms.items()
                       if person_id in before.holders and until != before.terms.get(person_id))
    return changes


def _list_changes(old: tuple[str, ...], new: tuple[str, ...], added: ChangeKind, removed: ChangeKind,
                  subject: Subject) -> list[Change]:
    """Items removed (in their old order) then added (in their new order); a move within the list is no change."""
    return ([Change(kind=removed, subject=subject, old=item) for item in old if item not in new]
            + [Change(kind=added, subject=subject, new=item) for item in new if item not in old])
