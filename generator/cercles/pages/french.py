"""French wording the pages share: dates and times as the agenda shows them (« lundi 25 janvier
2027, 18 h 30 »), and what each kind of moment is for.

Dates are written out rather than taken from the C locale, which is rarely French on build machines.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from cercles.model import Mandate, MomentKind

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def day(value: date) -> str:
    """« lundi 25 janvier 2027 » (« 1er » for the first of the month, as French typography wants)."""
    return f"{WEEKDAYS[value.weekday()]} {date_text(value)}"


def date_text(value: date) -> str:
    """« 30 juin 2027 », « 1er juillet 2027 »: a date without its weekday."""
    number = "1er" if value.day == 1 else str(value.day)
    return f"{number} {MONTHS[value.month - 1]} {value.year}"


def term(mandate: Mandate) -> str:
    """The known dates of a mandate, after the holder's name: « (depuis le 1er juillet 2025, jusqu'au 30 juin 2027) »."""
    parts = [f"{words} {date_text(value)}" for words, value in (("élection du", mandate.elected_on), ("depuis le", mandate.since),
                                                                 ("jusqu'au", mandate.until)) if value is not None]
    return f" ({', '.join(parts)})" if parts else ""


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


KIND_DESCRIPTIONS = {
    MomentKind.REUNION_OPERATIONNELLE: "Chaque cercle y travaille dans ses domaines : les tensions qui le concernent, "
    "les questions pratiques de son activité, un point sur son budget et la co-rémunération. Elles réunissent d'ordinaire "
    "le collectif du cercle ; un cercle peut aussi en ouvrir une au public, par exemple pour lancer un projet et agrandir "
    "son collectif : elle est alors annoncée dans l'agenda.",
    MomentKind.INTERPOLES: "Le rendez-vous de tous les cercles. Chaque membre actif·ve peut y apporter une tension, "
    "opérationnelle, stratégique ou de gouvernance, annoncée à l'avance ou en début de réunion. Chaque sujet repart vers "
    "le cercle compétent, vers un atelier dédié, ou fait l'objet d'une décision collective confiée à un cercle.",
    MomentKind.OBJECTIFS_PRIORITAIRES: "Au début de chaque période, le collectif choisit les sujets qui feront le plus "
    "avancer l'organisation. Chacun est rattaché à un cercle et confié à un petit collectif, qui s'y consacre pendant un "
    "créneau commun.",
    MomentKind.ATELIER_COLLECTIF: "Des ateliers ponctuels pour les sujets qui demandent une décision commune, issus d'une "
    "tension de cercle ou de l'Interpôles.",
    MomentKind.INTER_PROJETS: "Des temps publics partagés par plusieurs cercles projets, pour offrir au public ateliers "
    "et permanences variés au même moment.",
    MomentKind.CONSOLIDATION_AGENDA: "Toutes les propositions de moments publics des cercles sont relues ensemble, pour "
    "un agenda cohérent et des moyens humains, techniques et financiers à la hauteur.",
    MomentKind.POINT_BUDGETAIRE: "Les référent·es budget des cercles suivent la santé financière de l'association et "
    "prennent les décisions budgétaires qui concernent tout le lieu.",
    MomentKind.ATELIER: "Des ateliers ouverts au public, proposés par les cercles projets.",
    MomentKind.PERMANENCE: "Des créneaux où un espace du lieu est ouvert au public, avec des bénévoles pour accueillir.",
    MomentKind.REUNION_PUBLIQUE: "Des réunions ouvertes à toutes et tous, par exemple pour présenter un projet.",
}
"""What each kind of moment is for, in words true of any organisation; ``kind_descriptions`` in
``mkdocs.yml`` replaces any of them with the organisation's own (its tools, its circles' names)."""


def kind_description(kind: MomentKind, overrides: Mapping[str, str]) -> str:
    """The organisation's description of ``kind`` when it wrote one, else the neutral one."""
    return overrides.get(kind.value, KIND_DESCRIPTIONS[kind])


def agree(participle: str, *, feminine: bool, plural: bool) -> str:
    """« organisé » agreeing with its subject: « organisée », « organisés », « organisées »."""
    return participle + ("e" if feminine else "") + ("s" if plural else "")
