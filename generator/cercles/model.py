"""The organisation as an immutable, typed model: what every page and feed is computed from.

Python names are English; the French YAML keys are declared in ``sources/format.py`` and mapped here by the readers.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from cercles.sources.problems import SourceLocation
from cercles.text import comparison_key


class CircleType(enum.Enum):
    """The three kinds of circle; values are the words volunteers write in ``type:``."""

    BUREAU = "bureau"
    PROJET = "projet"
    SUPPORT = "support"

    @property
    def label(self) -> str:
        return {"bureau": "Bureau collégial", "projet": "Projet", "support": "Support"}[self.value]

    @property
    def plural(self) -> str:
        return {"bureau": "Bureau collégial", "projet": "Cercles projets", "support": "Cercles supports"}[self.value]


class Visibility(enum.Enum):
    """Who may learn of a moment; values are the words volunteers write in ``visibilite:``.

    - ``public``: the agenda, the public feeds and its description on the site;
    - ``interne``: the members' feed only; the site names its kind and rhythm on the moments page,
      never its dates, place, title or description;
    - ``confidentiel``: nowhere, not even in the members' feed: the source only records it.
    """

    PUBLIC = "public"
    INTERNAL = "interne"
    CONFIDENTIAL = "confidentiel"

    @property
    def rhythm_is_public(self) -> bool:
        """Whether the governance pages may say that such a moment exists and how often."""
        return self is not Visibility.CONFIDENTIAL

    @property
    def reaches_members(self) -> bool:
        """Whether the members' feed carries the moment."""
        return self is not Visibility.CONFIDENTIAL


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone who holds a role. Only ``name`` is published unless ``public_contact`` is set."""

    id: str
    name: str
    email: str | None = None
    phone: str | None = None
    public_contact: bool = False
    location: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Mandate:
    """A person holding a role, with the term of the mandate when the sources give it."""

    person_id: str
    since: date | None = None
    until: date | None = None
    """Last day of the mandate (« jusqu_au »): ``cercles check`` warns before it and once it has passed."""
    elected_on: date | None = None
    """The election that gave the seat (the bureau collégial's are elected without candidates)."""
    location: SourceLocation = field(compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where moments happen, read from ``lieux.yaml``: what a visitor needs to come."""

    id: str
    name: str
    address: str | None = None
    access: str | None = None
    accessibility: str | None = None
    coordinates: tuple[float, float] | None = None
    """Latitude and longitude in degrees (the feeds' GEO)."""
    map_url: str | None = None
    location: SourceLocation

    @property
    def one_line(self) -> str:
        """« Cuisine, 12 rue des Ateliers, 69000 Lyon »: the name and the address, as calendars show a LOCATION."""
        return f"{self.name}, {self.address}" if self.address else self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    """A role of a circle or of an action, with the accountabilities its holders carry."""

    id: str
    name: str
    owner_id: str
    """The circle or action that defines the role; with ``id`` it makes the role's address."""
    purpose: str | None = None
    accountabilities: tuple[str, ...] = ()
    mandates: tuple[Mandate, ...] = ()
    """Who holds the role; empty when the seeds name nobody (a gap « à préciser » for editors)."""
    coordination: bool = False
    referent: bool = False
    budget_referent: bool = False
    location: SourceLocation

    @property
    def holders(self) -> tuple[str, ...]:
        """The ids of the people holding the role, whatever their terms."""
        return tuple(mandate.person_id for mandate in self.mandates)


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """A sub-circle carried by a projet or support circle."""

    id: str
    name: str
    parent_id: str
    purpose: str | None = None
    roles: tuple[Role, ...] = ()
    analytic_code: str | None = None
    location: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingRhythm:
    """A circle's operational meetings: the rhythm is written once, here, in the circle file."""

    rhythm: str
    """The friendly rhythm as written (« chaque trimestre »), validated by ``recurrence``."""
    note: str | None = None
    moment: Moment | None = None
    """The meetings as a moment of the agenda, when the circle file gives their first date."""
    location: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Circle:
    """One circle, read from ``circles/<id>.yaml``."""

    id: str
    name: str
    type: CircleType
    purpose: str | None
    domains: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    analytic_code: str | None = None
    budget: str | None = None
    meetings: MeetingRhythm | None = None
    actions: tuple[Action, ...] = ()
    parent_id: str | None = None
    location: SourceLocation
    key_locations: dict[str, SourceLocation] = field(default_factory=dict, compare=False, hash=False)


class MomentKind(enum.Enum):
    """What a moment is for; values are the words volunteers write in ``type:``."""

    REUNION_OPERATIONNELLE = "reunion-operationnelle"
    INTERPOLES = "interpoles"
    OBJECTIFS_PRIORITAIRES = "objectifs-prioritaires"
    ATELIER_COLLECTIF = "atelier-collectif"
    INTER_PROJETS = "inter-projets"
    CONSOLIDATION_AGENDA = "consolidation-agenda"
    POINT_BUDGETAIRE = "point-budgetaire"
    ATELIER = "atelier"
    PERMANENCE = "permanence"
    REUNION_PUBLIQUE = "reunion-publique"

    @property
    def label(self) -> str:
        """« Point budgétaire », as the agenda names one moment of this kind."""
        return _KIND_WORDING[self].label

    @property
    def heading(self) -> str:
        """« Les points budgétaires », as the moments page titles the kind."""
        return _KIND_WORDING[self].heading

    @property
    def feminine(self) -> bool:
        """Whether words agreeing with ``label`` take the feminine (« Permanence organisée »)."""
        return _KIND_WORDING[self].feminine

    @property
    def plural(self) -> bool:
        """Whether ``label`` is plural (« Objectifs prioritaires organisés »)."""
        return _KIND_WORDING[self].plural


def kinds_of(moments: Iterable[Moment]) -> list[MomentKind]:
    """The kinds these moments have, in the declared order: one public feed per kind, one filter entry."""
    present = {moment.kind for moment in moments}
    return [kind for kind in MomentKind if kind in present]


class _KindWording(NamedTuple):
    label: str
    heading: str
    feminine: bool = False
    plural: bool = False


_KIND_WORDING = {
    MomentKind.REUNION_OPERATIONNELLE: _KindWording("Réunion opérationnelle", "Les réunions opérationnelles", feminine=True),
    MomentKind.INTERPOLES: _KindWording("Interpôles", "L'Interpôles"),
    MomentKind.OBJECTIFS_PRIORITAIRES: _KindWording("Objectifs prioritaires", "Les objectifs prioritaires", plural=True),
    MomentKind.ATELIER_COLLECTIF: _KindWording("Atelier collectif", "Les ateliers collectifs"),
    MomentKind.INTER_PROJETS: _KindWording("Moment inter-projets", "Les moments inter-projets"),
    MomentKind.CONSOLIDATION_AGENDA: _KindWording("Consolidation de l'agenda", "La consolidation de l'agenda", feminine=True),
    MomentKind.POINT_BUDGETAIRE: _KindWording("Point budgétaire", "Les points budgétaires"),
    MomentKind.ATELIER: _KindWording("Atelier", "Les ateliers"),
    MomentKind.PERMANENCE: _KindWording("Permanence", "Les permanences", feminine=True),
    MomentKind.REUNION_PUBLIQUE: _KindWording("Réunion publique", "Les réunions publiques", feminine=True),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class OccurrenceChange:
    """A change to one occurrence of a recurring moment: cancelled, or moved to ``moved_to``."""

    original: date
    moved_to: datetime | None = None
    """Local (naive) start of the moved occurrence; ``None`` means the date is cancelled."""
    location: SourceLocation


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    """A recurring moment (``rrule`` set) or a one-off event (``rrule`` is ``None``).

    Times are local to ``timezone`` and kept naive here; feeds attach the zone. ``duration`` is
    real (elapsed) time, so an occurrence across the night of a clock change ends on time.
    """

    id: str
    title: str
    kind: MomentKind
    circle_id: str
    visibility: Visibility
    start: datetime
    """First occurrence, local time."""
    duration: timedelta
    timezone: ZoneInfo
    rrule: str | None = None
    """RFC 5545 RRULE value (without ``RRULE:`` nor UNTIL), or ``None`` for a one-off event."""
    until: date | None = None
    """Last day of the series (« jusqu_au »): the feed writes it as UNTIL in UTC."""
    rhythm_text: str | None = None
    """The rhythm as the volunteer wrote it, shown on pages (« dernier lundi du mois »)."""
    location_name: str | None = None
    """The « lieu » as written: a place's id (then ``place`` is set) or a plain name."""
    place: Place | None = None
    """The place of ``lieux.yaml`` that ``location_name`` names, if it names one."""
    description: str | None = None
    exceptions: tuple[OccurrenceChange, ...] = ()
    provisional: bool = False
    """True when the seeds imply the moment but not its exact time: pages say « horaire à confirmer »."""
    price: str | None = None
    booking_url: str | None = None
    """Where to book (an http(s) address, checked by the reader)."""
    contact: str | None = None
    """A contact address the organisation publishes for this moment."""
    source: SourceLocation
    key_locations: dict[str, SourceLocation] = field(default_factory=dict, compare=False, hash=False)
    """Where each value was written, so cross-file problems point at the right line."""

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC

    @property
    def place_name(self) -> str | None:
        """The place as pages name it: the name from ``lieux.yaml``, or the text written."""
        return self.place.name if self.place else self.location_name

    @property
    def place_line(self) -> str | None:
        """The place with its address, as a calendar's LOCATION carries it."""
        return self.place.one_line if self.place else self.location_name


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation:
    """Everything read from the sources, with the indexes pages need (built once, never searched)."""

    circles: tuple[Circle, ...]
    people: dict[str, Person] = field(default_factory=dict)
    moments: tuple[Moment, ...] = ()
    places: dict[str, Place] = field(default_factory=dict)
    """``lieux.yaml``, in the file's order."""
    _circles_by_id: dict[str, Circle] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_circles_by_id", {circle.id: circle for circle in self.circles})

    def circle(self, circle_id: str) -> Circle:
        """The circle with this id; ids were checked to resolve during validation."""
        return self._circles_by_id[circle_id]

    def circles_of_type(self, circle_type: CircleType) -> list[Circle]:
        """Circles of one type, in name order, as the navigation and the chart list them."""
        return sorted((c for c in self.circles if c.type is circle_type), key=lambda c: comparison_key(c.name))

    def members_moments(self) -> list[Moment]:
        """The moments of the members' feed: public and internal ones, never confidential ones."""
        return [moment for moment in self.moments if moment.visibility.reaches_members]

    def public_contact(self, person_id: str) -> Person | None:
        """The person, only if their entry opts in to showing contact details (« contact_public: true »)."""
        person = self.people.get(person_id)
        return person if person is not None and person.public_contact else None

    def person_name(self, person_id: str) -> str:
        """Display name of a person: the only personal datum published by default."""
        return self.people[person_id].name if person_id in self.people else person_id
