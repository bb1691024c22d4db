"""Read every source once, validate, and return the organisation or every problem at once."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from cercles.sources.moments import read_moment
from cercles.sources.problems import Problem, Severity, SourceError, SourceLocation, relative_path, report
from cercles.model import Circle, Moment, Organisation
from cercles.sources.circles import Calendar, read_circle, read_people
from cercles.sources.places import read_places
from cercles.settings import Settings
from cercles.rules.organisation import validate
from cercles.rules.mandates import mandate_terms
from cercles.feeds.provenance import build_day
from cercles.sources.yamlio import Marked, load_file
from cercles.text import suggest_identifier

SOURCE_SUFFIXES = (".yaml", ".yml")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A valid organisation and the warnings (gaps « à préciser ») found on the way."""

    organisation: Organisation
    warnings: list[Problem]


def source_files(folder: Path, root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """The YAML files of a folder, in a stable order so outputs never depend on the disk.

    Files that lead outside the project (a symbolic link, or the folder itself) are left out,
    and reported into ``problems`` when given: what is published must be in the repository.
    """
    if not folder.is_dir():
        return []
    candidates = sorted(path for path in folder.iterdir() if path.suffix in SOURCE_SUFFIXES and path.is_file())
    return [path for path in candidates if inside_project(path, root, problems)]


def inside_project(path: Path, root: Path, problems: list[Problem] | None = None) -> bool:
    """Whether ``path``, once every symbolic link is followed, is still under the project ``root``."""
    target = path.resolve()
    if target.is_relative_to(root.resolve()):
        return True
    if problems is not None:
        problems.append(Problem(SourceLocation(os.path.relpath(path, root)), "",
                                f"ce fichier mène hors du projet ({target}) : il n'est pas lu, pour que rien d'extérieur "
                                "au dépôt ne soit publié",
                                "remplacez le lien symbolique par le fichier lui-même, dans le projet"))
    return False


def load_organisation(settings: Settings, *, strict: bool = False) -> LoadResult:
    """Load and validate all sources; raise ``SourceError`` listing every problem if any is an error."""
    problems: list[Problem] = []
    places = _load_keyed(settings.places_path, settings, problems, read_places)
    calendar = Calendar(timezone=settings.timezone, cadences=settings.cadences, places=places)
    circles, circle_ids_on_disk = _load_circles(settings, calendar, problems)
    people = _load_keyed(settings.people_path, settings, problems, read_people)
    moments = _load_moments(settings, calendar, problems)
    moments.extend(circle.meetings.moment for circle in circles if circle.meetings and circle.meetings.moment)
    organisation = Organisation(circles=tuple(circles), people=people, moments=tuple(sorted(moments, key=lambda m: m.id)),
                                places=places)
    problems.extend(validate(organisation, unreadable_ids=circle_ids_on_disk - {circle.id for circle in circles}))
    problems.extend(mandate_terms(organisation, today=build_day(settings.timezone), warning_days=settings.mandate_warning_days))
    if has_errors(problems, strict=strict):
        raise SourceError(problems)
    return LoadResult(organisation, sorted(problems, key=lambda problem: problem.sort_key))


def _load_moments(settings: Settings, calendar: Calendar, problems: list[Problem]) -> list[Moment]:
    moments = []
    files = _without_colliding_names(source_files(settings.agenda_path, settings.root, problems), settings, problems)
    for path in files:
        try:
            tree = load_file(path, relative_path(path, settings.root))
        except SourceError as error:
            problems.extend(error.problems)
            continue
        moment = read_moment(tree, path.stem, problems, timezone=calendar.timezone, cadences=calendar.cadences,
                             places=calendar.places)
        if moment is not None:
            moments.append(moment)
    return moments


def _without_colliding_names(files: list[Path], settings: Settings, problems: list[Problem]) -> list[Path]:
    """Drop (and report) files whose name gives an id already taken once accents and case are ignored.

    Of « Outils.yaml » and « outils.yaml », the one whose name is already a valid id is kept, so the
    message blames the file to rename and later checks do not report the same mistake again.
    """
    by_slug: dict[str, list[Path]] = {}
    for path in files:
        by_slug.setdefault(suggest_identifier(path.stem), []).append(path)
    kept = []
    for slug, group in by_slug.items():
        group.sort(key=lambda path: (path.stem != slug, path.name))
        kept.append(group[0])
        for path in group[1:]:
            problems.append(Problem(SourceLocation(relative_path(path, settings.root)), "",
                                    f"ce fichier désigne le même identifiant que {relative_path(group[0], settings.root)}",
                                    "fusionnez les deux fichiers ou renommez l'un d'eux"))
    return sorted(kept)


def _load_circles(settings: Settings, calendar: Calendar, problems: list[Problem]) -> tuple[list[Circle], frozenset[str]]:
    """The readable circles, and the ids of every circle file (readable or not)."""
    files = _without_colliding_names(source_files(settings.circles_path, settings.root, problems), settings, problems)
    if not files:
        problems.append(Problem(SourceLocation(settings.circles_dir), "", "aucun fichier de cercle (.yaml) trouvé",
                                "créez un fichier par cercle, par exemple « circles/mon-cercle.yaml »"))
    circles = []
    for path in files:
        shown = relative_path(path, settings.root)
        try:
            tree = load_file(path, shown)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        circle = read_circle(tree, path.stem, problems, calendar)
        if circle is not None:
            circles.append(circle)
    return circles, frozenset(path.stem for path in files)


def _load_keyed(path: Path, settings: Settings, problems: list[Problem],
                read: Callable[[Marked, list[Problem]], dict[str, T]]) -> dict[str, T]:
    """An optional file of entries by id (``personnes.yaml``, ``lieux.yaml``); empty when the project has none."""
    if not path.is_file() or not inside_project(path, settings.root, problems):
        return {}
    try:
        tree = load_file(path, relative_path(path, settings.root))
    except SourceError as error:
        problems.extend(error.problems)
        return {}
    return read(tree, problems)


def load_or_report(settings: Settings, *, strict: bool = False) -> LoadResult | None:
    """For commands: the organisation, or ``None`` after printing every problem to stderr."""
    try:
        return load_organisation(settings, strict=strict)
    except SourceError as error:
        report(error.problems, strict=strict)
        return None


def has_errors(problems: list[Problem], *, strict: bool) -> bool:
    """Whether these problems stop a build: any error, or any warning under ``--strict``."""
    return any(strict or problem.severity is Severity.ERROR for problem in problems)
