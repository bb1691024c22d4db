"""Cross-file rules, run once every file has been read without error.

Each rule is a named function that appends problems; all of them run, so one ``cercles check``
shows every mistake at once (the approach of rust-lang/team's ``validate.rs``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cercles import paths
from cercles.rules.agenda import (organisers_exist, public_moments_do_not_overlap,
                                  unique_moment_ids)
from cercles.sources.problems import Problem, Severity, SourceLocation
from cercles.model import Circle, CircleType, Organisation, Role
from cercles.text import comparison_key

BUREAU_SEATS = 3


def validate(organisation: Organisation, *, unreadable_ids: frozenset[str] = frozenset()) -> list[Problem]:
    """Every cross-file problem of the organisation (errors and warnings).

    ``unreadable_ids`` are circles whose file is too broken to read: references to them are not
    reported as dangling, since the file's own error already says what to fix.
    """
    problems: list[Problem] = []
    known_ids = frozenset(circle.id for circle in organisation.circles) | unreadable_ids
    for rule in RULES:
        rule(organisation, problems)
    references_resolve(organisation, problems, known_ids)
    organisers_exist(organisation, problems, known_ids)
    return problems


def unique_ids(organisation: Organisation, problems: list[Problem]) -> None:
    """Circle and action ids become URLs: they must differ, even once case and accents are ignored."""
    seen: dict[str, tuple[str, SourceLocation]] = {}
    entries: list[tuple[str, SourceLocation, str]] = []
    entries.extend((circle.id, circle.location, "cercle") for circle in organisation.circles)
    entries.extend((action.id, action.location, "action") for circle in organisation.circles for action in circle.actions)
    for circle in organisation.circles:
        if circle.id == paths.CIRCLE_TYPES_FOLDER:
            problems.append(Problem(circle.location, "id", f"l'identifiant « {circle.id} » est réservé aux pages des types de cercles",
                                    f"renommez le fichier, par exemple « circles/{circle.id}-{circle.type.value}.yaml »"))
    for entry_id, location, what in entries:
        key = comparison_key(entry_id)
        if key in seen:
            other_id, other = seen[key]
            problems.append(Problem(location, "id", f"{what} « {entry_id} » : identifiant déjà utilisé par « {other_id} » ({other})",
                                    "choisissez un identifiant unique"))
        else:
            seen[key] = (entry_id, location)
    for circle in organisation.circles:
        for owner_id, roles in role_owners(circle):
            _unique_role_ids(owner_id, roles, problems)


def _unique_role_ids(owner_id: str, roles: tuple[Role, ...], problems: list[Problem]) -> None:
    seen: set[str] = set()
    for role in roles:
        if role.id in seen:
            problems.append(Problem(role.location, "roles.id", f"rôle « {role.id} » défini deux fois dans « {owner_id} »",
                                    "donnez un identifiant différent à chaque rôle"))
        seen.add(role.id)


def role_owners(circle: Circle) -> Iterator[tuple[str, tuple[Role, ...]]]:
    """The circle's roles, then each action's, with the id of what defines them."""
    yield circle.id, circle.roles
    for action in circle.actions:
        yield action.id, action.roles


def references_resolve(organisation: Organisation, problems: list[Problem], circle_ids: frozenset[str]) -> None:
    """Every holder is a known person and every parent a known circle."""
    for circle in organisation.circles:
        if circle.parent_id is not None and circle.parent_id not in circle_ids:
            location = circle.key_locations.get("parent", circle.location)
            problems.append(Problem(location, "parent", f"cercle parent « {circle.parent_id} » introuvable",
                                    _known("cercles", circle_ids, circle.id)))
        for _, roles in role_owners(circle):
            for role in roles:
                for mandate in role.mandates:
                    if mandate.person_id not in organisation.people:
                        problems.append(Problem(mandate.location, "titulaires", f"personne « {mandate.person_id} » introuvable",
                                                "ajoutez-la au fichier des personnes ou corrigez l'identifiant"))


def _known(what: str, ids: frozenset[str], excluded: str) -> str:
    shown = sorted(ids - {excluded})
    return f"{what} existants : {', '.join(shown)}" if shown else f"aucun autre {what[:-1]} n'existe"


def parents_carry_sub_circles(organisation: Organisation, problems: list[Problem]) -> None:
    """Actions and sub-circles hang under a projet or support circle, never under the bureau."""
    circle_ids = {circle.id for circle in organisation.circles}
    for circle in organisation.circles:
        if circle.type is CircleType.BUREAU:
            for action in circle.actions:
                problems.append(Problem(action.location, "actions", f"l'action « {action.id} » ne peut pas dépendre du bureau collégial",
                                        "déplacez-la dans le fichier d'un cercle projet ou support"))
        if circle.parent_id is None or circle.parent_id not in circle_ids:
            continue
        parent = organisation.circle(circle.parent_id)
        if parent.type is CircleType.BUREAU or circle.type is CircleType.BUREAU:
            problems.append(Problem(circle.key_locations.get("parent", circle.location), "parent",
                                    "le bureau collégial ne porte pas de sous-cercle et n'en est pas un",
                                    "rattachez le cercle à un cercle projet ou support, ou retirez « parent »"))


def no_parent_cycle(organisation: Organisation, problems: list[Problem]) -> None:
    """Following ``parent`` from any circle must end: a cycle would make the chart infinite."""
    parents = {circle.id: circle.parent_id for circle in organisation.circles}
    reported: set[str] = set()
    for circle in organisation.circles:
        path = [circle.id]
        current = circle.parent_id
        while current is not None and current in parents and current not in path:
            path.append(current)
            current = parents[current]
        if current is not None and current in path and circle.id not in reported:
            cycle = path[path.index(current):] + [current]
            reported.update(cycle)
            problems.append(Problem(circle.key_locations.get("parent", circle.location), "parent",
                                    f"cycle de parents : {' → '.join(cycle)}", "un cercle ne peut pas être son propre ancêtre"))


def coordinators_and_referents(organisation: Organisation, problems: list[Problem]) -> None:
    """Each circle has a coordination role and each action a référent·e role."""
    for circle in organisation.circles:
        if not any(role.coordination for role in circle.roles):
            problems.append(Problem(circle.location, "roles", f"le cercle « {circle.id} » n'a aucun rôle de coordination",
                                    "ajoutez « coordination: true » à l'un de ses rôles"))
        for action in circle.actions:
            if not any(role.referent for role in action.roles):
                problems.append(Problem(action.location, f"actions.{action.id}.roles", f"l'action « {action.id} » n'a aucun rôle de référent·e",
                                        "ajoutez un rôle avec « referent: true »"))


def bureau_has_three_seats(organisation: Organisation, problems: list[Problem]) -> None:
    """The bureau collégial is exactly one circle of three elected seats (roles)."""
    bureaus = organisation.circles_of_type(CircleType.BUREAU)
    if len(bureaus) > 1:
        for bureau in bureaus[1:]:
            problems.append(Problem(bureau.location, "type", "un seul cercle peut être le bureau collégial",
                                    f"« {bureaus[0].id} » l'est déjà : choisissez « projet » ou « support »"))
    for bureau in bureaus:
        seats = len(bureau.roles)
        if seats != BUREAU_SEATS:
            problems.append(Problem(bureau.location, "roles", f"le bureau collégial compte {seats} siège(s) au lieu de {BUREAU_SEATS}",
                                    "décrivez exactement trois rôles, un par personne élue"))
        people = [person for role in bureau.roles for person in role.holders]
        if len(people) > BUREAU_SEATS:
            problems.append(Problem(bureau.location, "roles", f"{len(people)} titulaires pour {BUREAU_SEATS} sièges",
                                    "un siège, une personne élue"))
    if not bureaus:
        problems.append(Problem(SourceLocation("circles/"), "", "aucun bureau collégial", "ajoutez un cercle de « type: bureau »",
                                Severity.WARNING))


RULES: tuple[Callable[[Organisation, list[Problem]], None], ...] = (
    unique_ids,
    parents_carry_sub_circles,
    no_parent_cycle,
    coordinators_and_referents,
    bureau_has_three_seats,
    unique_moment_ids,
    public_moments_do_not_overlap,
)
