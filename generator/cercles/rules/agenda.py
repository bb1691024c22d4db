"""Cross-file rules of the agenda: organisers exist, ids are unique, public moments don't collide.

The collision check is a warning, not an error: it is the list the quarterly agenda
consolidation works through, not something to block a build on.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from cercles import paths
from cercles.sources.problems import Problem, Severity
from cercles.model import Moment, Organisation
from cercles.rules.occurrences import Occurrence, expand
from cercles.text import comparison_key

OVERLAP_WINDOW = timedelta(days=366)
"""How far from each moment's start the collision check looks: one year of occurrences."""


def organisers_exist(organisation: Organisation, problems: list[Problem], circle_ids: frozenset[str]) -> None:
    """Each moment is organised by a known circle (the feed of that circle carries it)."""
    for moment in organisation.moments:
        if moment.circle_id not in circle_ids:
            problems.append(Problem(moment.key_locations.get("cercle", moment.source), "cercle",
                                    f"cercle « {moment.circle_id} » introuvable",
                                    f"cercles existants : {', '.join(sorted(circle_ids))}"))


def unique_moment_ids(organisation: Organisation, problems: list[Problem]) -> None:
    """Moment ids make the feeds' UIDs and the moments' pages: two moments with one id would overwrite
    each other in calendars, and a moment named like a folder of the agenda would hide it."""
    seen: dict[str, Moment] = {}
    for moment in organisation.moments:
        if moment.id in paths.AGENDA_RESERVED_IDS or paths.MONTH_FOLDER.match(moment.id):
            problems.append(Problem(moment.source, "", f"l'identifiant « {moment.id} » est réservé aux pages de l'agenda "
                                    f"(/agenda/{moment.id}/)", f"renommez le fichier, par exemple « {moment.id}-{moment.kind.value}.yaml »"))
        if moment.id in seen:
            problems.append(Problem(moment.source, "", f"le moment « {moment.id} » existe déjà ({seen[moment.id].source})",
                                    "renommez l'un des deux fichiers"))
        seen[moment.id] = moment



def public_moments_do_not_overlap(organisation: Organisation, problems: list[Problem]) -> None:
    """Two public moments in the same place at the same time: a warning for the agenda consolidation."""
    by_place: dict[str, list[Occurrence]] = defaultdict(list)
    for moment in organisation.moments:
        if moment.is_public and moment.location_name:
            window_end = moment.start + OVERLAP_WINDOW
            by_place[comparison_key(moment.location_name)].extend(expand(moment, moment.start, window_end))
    reported: set[tuple[str, str]] = set()
    for occurrences in by_place.values():
        occurrences.sort(key=lambda occurrence: occurrence.start)
        latest: tuple[Occurrence, datetime] | None = None  # the occurrence that ends last so far, and its end
        for occurrence in occurrences:
            end = occurrence.end  # a time-zone conversion: once per occurrence
            if latest is not None and occurrence.start < latest[1] and latest[0].moment.id != occurrence.moment.id:
                pair = (latest[0].moment.id, occurrence.moment.id)
                if pair not in reported:
                    reported.add(pair)
                    problems.append(_overlap(latest[0], occurrence))
            if latest is None or end > latest[1]:
                latest = occurrence, end


def _overlap(first: Occurrence, second: Occurrence) -> Problem:
    when = f"{second.start:%Y-%m-%d %H:%M}"
    return Problem(second.moment.source, "lieu",
                   f"« {second.moment.title} » et « {first.moment.title} » occupent « {second.moment.location_name} » en même temps ({when})",
                   "à arbitrer lors de la consolidation de l'agenda", Severity.WARNING)


