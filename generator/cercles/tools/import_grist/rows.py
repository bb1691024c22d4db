"""Rows → moments: each row's cells read by key, its id chosen, its file read back by the project's loader.

Every row is turned into the text of a moment file and read back with ``read_moment`` before
anything is written, so what the import writes passes ``cercles check`` file by file; each
problem is named by the file, the row and the column, the way the volunteer finds it in Grist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cercles.settings import Settings
from cercles.sources.moments import meeting_moment_id, read_moment
from cercles.sources.problems import Problem, Severity, SourceError
from cercles.sources.yamlio import load_text
from cercles.text import identifier_problem, slug
from cercles.tools.import_grist.cells import FALSE_WORDS, CellError, Converter, convert, formula_error, is_present
from cercles.tools.import_grist.options import IMPORTED_KEYS, REQUIRED_KEYS, ImportSettings
from cercles.tools.import_grist.render import render_moment
from cercles.tools.import_grist.table import Row, Table

EMPTY_HINTS = {
    "titre": "écrivez le nom du moment dans Grist",
    "type": "choisissez le type du moment dans Grist",
    "cercle": "choisissez le cercle organisateur dans Grist",
    "debut": "écrivez la date et l'heure du (premier) moment dans Grist",
    "visibilite": "choisissez qui peut voir le moment dans Grist, ou ajoutez « visibilite: interne » sous par_defaut",
}


@dataclass(slots=True)
class Imported:
    """A moment ready to be written: its id, the file's text and where it came from."""

    moment_id: str
    text: str
    row: Row
    target: Path
    replaces: bool = False


def resolve_columns(options: ImportSettings, table: Table, shown_file: str) -> tuple[dict[str, str], list[Problem]]:
    """Key → the file's column (folded name), by the first of the settings' names the file has.

    A name of the settings that no column has is a problem: a typo there would silently empty a key.
    """
    resolved: dict[str, str] = {}
    problems = []
    present = ", ".join(table.columns.values())
    for key, names in options.columns.items():
        found = next((slug(name) for name in names if slug(name) in table.columns), None)
        if found is not None:
            resolved[key] = found
        elif table.rows:
            named = " ni ".join(f"« {name} »" for name in names)
            message = (f"colonne {named} absente de {shown_file}" if len(names) == 1 else
                       f"aucune des colonnes {named} dans {shown_file}")
            problems.append(Problem(options.column_locations[key], f"colonnes.{key}", message,
                                    f"colonnes du fichier : {present} ; corrigez le nom ou retirez la ligne"))
    return resolved, sorted(problems, key=lambda problem: problem.sort_key)


@dataclass(slots=True)
class Context:
    """What mapping a row needs besides the row: the settings, the table, its resolved columns and the project."""

    options: ImportSettings
    table: Table
    settings: Settings
    circle_ids: frozenset[str]
    columns: dict[str, str]
    """Key → folded name of the file's column that feeds it (``resolve_columns``)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def converter(self) -> Converter:
        return Converter(self.options, self.table.from_csv, self.circle_ids)

    def report(self, row: Row, key: str | None, message: str, hint: str) -> None:
        """A problem named by file, row and column, the way the volunteer finds it in Grist."""
        column = self.table.columns.get(self.columns[key]) if key in self.columns else None
        where = ", ".join(part for part in (row.label, f"colonne {column}" if column else "") if part)
        self.problems.append(Problem(row.location, where, message, hint))


def import_rows(context: Context) -> list[Imported]:
    """Map every row; problems go to ``context.problems`` and the rows with one are left out."""
    imported: list[Imported] = []
    first_row_of: dict[str, Row] = {}
    converter = context.converter
    for row in context.table.rows:
        if _blank(row, context):
            continue
        before = len(context.problems)
        values = {key: value for key in IMPORTED_KEYS if (value := _value(context, converter, row, key)) is not None}
        from_title = "identifiant" not in values
        moment_id = _moment_id(context, row, values)
        if len(context.problems) > before or moment_id is None:
            continue
        if moment_id in first_row_of:
            other = first_row_of[moment_id]
            fix = ("corrigez l'un des deux identifiants dans Grist" if not from_title else
                   "donnez-leur des titres différents, ou remplissez la colonne de l'identifiant dans Grist"
                   if "identifiant" in context.options.columns else
                   "donnez-leur des titres différents, ou ajoutez une colonne d'identifiant (voir grist.exemple.yaml)")
            context.report(row, None, f"l'identifiant « {moment_id} » est aussi celui de {_row_name(other)}", fix)
            continue
        first_row_of[moment_id] = row
        text = render_moment(values, context.settings)
        if _validated(context, row, moment_id, text):
            imported.append(Imported(moment_id, text, row, context.settings.agenda_path / f"{moment_id}.yaml"))
    return imported


def _blank(row: Row, context: Context) -> bool:
    """A row with nothing typed in the imported columns: skipped, as Grist's views show it empty.

    An unticked box (``false`` in the JSON, the text « false » in the CSV) is not typing; a
    formula error is something.
    """
    for key, column in context.columns.items():
        cell = row.cells.get(column)
        unticked = cell is False or (key == "a_confirmer" and isinstance(cell, str) and cell.strip().lower() in FALSE_WORDS)
        if column in row.errors or (is_present(cell) and not unticked):
            return False
    return True


def _row_name(row: Row) -> str:
    return f"la {row.label}" if row.label else f"la ligne {row.location.line}"


def _value(context: Context, converter: Converter, row: Row, key: str) -> Any:
    """The value of one key for one row (``None`` when empty and optional), or a reported problem.

    A formula error in the ``/records`` JSON is ``null`` in the row's ``fields`` with its name in
    the row's ``errors`` (grist-core ``DocApi.ts``, ``asRecords``): it is reported, never taken
    for an empty cell.
    """
    column = context.columns.get(key)
    if column is not None and column in row.errors:
        error = formula_error(row.errors[column])
        context.report(row, key, error.message, error.hint)
        return None
    cell = row.cells.get(column) if column is not None else None
    if not is_present(cell):
        if key in context.options.defaults:
            return context.options.defaults[key]
        if key in REQUIRED_KEYS:
            context.report(row, key, "cellule vide", EMPTY_HINTS[key])
        return None
    try:
        return convert(converter, key, cell)
    except CellError as error:
        context.report(row, key, error.message, error.hint)
        return None


def _moment_id(context: Context, row: Row, values: dict[str, Any]) -> str | None:
    """The id (file name, calendar UID): from the id column when there is one, else from the title."""
    given: str | None = values.pop("identifiant", None)
    if given is not None:
        problem = identifier_problem(given)
        if problem:
            context.report(row, "identifiant", problem, f"écrivez « {slug(given) or 'mon-moment'} » dans Grist")
            return None
        moment_id = given
    elif "titre" in values:
        moment_id = slug(str(values["titre"]))
        if not moment_id:
            context.report(row, "titre", "impossible de tirer un identifiant de ce titre",
                           "ajoutez une lettre ou un chiffre au titre, ou une colonne d'identifiant")
            return None
    else:
        return None
    if moment_id in {meeting_moment_id(circle_id) for circle_id in context.circle_ids}:
        context.report(row, "identifiant" if given else "titre", f"« {moment_id} » est l'identifiant des réunions d'un cercle",
                       "ces réunions se décrivent dans le fichier du cercle ; choisissez un autre identifiant")
        return None
    return moment_id


def _validated(context: Context, row: Row, moment_id: str, text: str) -> bool:
    """Read the file back with the project's loader: its problems are the row's, named by column."""
    problems: list[Problem] = []
    try:
        tree = load_text(text, f"{moment_id}.yaml")
        read_moment(tree, moment_id, problems, timezone=context.settings.timezone,
                    cadences=context.settings.cadences)
    except SourceError as error:
        problems = error.problems
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    for problem in errors:
        key = re.split(r"[.\[]", problem.field, maxsplit=1)[0]
        context.report(row, key if key in context.columns else None, problem.message, problem.hint)
    return not errors
