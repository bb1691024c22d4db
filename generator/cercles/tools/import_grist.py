"""``cercles import-grist``: the organisation's moments table in Grist → ``content/agenda/<id>.yaml``.

The moments are typed once, in Grist, by the people who plan them; the site reads YAML. This
module bridges the two without a network call: the volunteer downloads the table (the REST
API's ``/records`` JSON, or Grist's CSV export) and a settings file (``grist.yaml``) says which
column holds which key of a moment file and how Grist's words map to ours.

Every row is turned into the text of a moment file and read back by the project's own loader
(``read_moment``) before anything is written, so what the import writes passes ``cercles check``
file by file; a problem in any row is reported with the file, the row and the column, and then
nothing at all is written, so a half-imported agenda never reaches a commit.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from cercles.sources.format import MOMENT
from cercles.sources.moments import meeting_moment_id, read_moment
from cercles.sources.problems import Problem, Severity, SourceError, SourceLocation, relative_path, report
from cercles.sources.fields import FieldReader
from cercles.sources.load import source_files
from cercles.model import MomentKind, Visibility
from cercles.tools.schemas import MOMENT_SCHEMA_FILE
from cercles.tools.new import schema_reference
from cercles.settings import Settings
from cercles.site.config import SiteConfig
from cercles.sources.yamlio import Marked, load_file, load_text
from cercles.text import identifier_problem, normalise, slug

DEFAULT_SETTINGS_FILE = "grist.yaml"
IMPORT_MARK = "# Importé de Grist par « cercles import-grist »"
"""Second line of every imported file; ``--remplacer`` only ever rewrites files that carry it."""
HEADER = (f"{IMPORT_MARK} : modifiez ce moment dans Grist, puis réimportez-le avec --remplacer\n"
          "# (une modification faite ici serait effacée par le prochain import).\n")

OUTPUT_ORDER = tuple(spec.key for spec in MOMENT if spec.form is None)
"""A moment file's keys, except the nested ``exceptions``, in the order of the hand-written files."""
IMPORTED_KEYS = ("identifiant", *OUTPUT_ORDER)
"""Keys a Grist column can fill: the moment's own keys, plus the id."""
REQUIRED_KEYS = MOMENT.required
KINDS = {kind.value: kind for kind in MomentKind}
VISIBILITIES = MOMENT["visibilite"].values
DEFAULTABLE_KEYS = ("type", "cercle", "visibilite", "rythme", "duree", "lieu", "description", "a_confirmer")
SETTINGS_KEYS = ("colonnes", "valeurs", "cercles", "par_defaut", "fuseau_horaire", "format_date", "format_heure")
EMPTY_HINTS = {
    "titre": "écrivez le nom du moment dans Grist",
    "type": "choisissez le type du moment dans Grist",
    "cercle": "choisissez le cercle organisateur dans Grist",
    "debut": "écrivez la date et l'heure du (premier) moment dans Grist",
    "visibilite": "choisissez qui peut voir le moment dans Grist, ou ajoutez « visibilite: interne » sous par_defaut",
}
TRUE_WORDS = {"true", "vrai", "oui"}
FALSE_WORDS = {"false", "faux", "non"}
SECONDS_PER_DAY = 86400


class _Nonexistent(Exception):
    """A date in the right form that the calendar lacks (« 31/02/2027 »)."""


class CellError(Exception):
    """One cell that cannot become a moment's value: the message and the fix, in French."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- settings (grist.yaml) -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeFormat:
    """A Grist display format (« DD/MM/YYYY », « HH:mm ») compiled to a regular expression.

    Volunteers copy the format shown in Grist's column settings; translating Grist's tokens
    here spares them strftime's ``%d/%m/%Y``, which they would have to learn for this file only.
    """

    text: str
    pattern: str


_TOKEN = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|HH|H|hh|h|mm|m|ss|s|A|a|Z|z|[A-Za-z]+|[^A-Za-z]+")
_TOKEN_PATTERNS = {
    "YYYY": r"(?P<year>\d{4})", "YY": r"(?P<year2>\d{2})", "MM": r"(?P<month>\d{1,2})", "M": r"(?P<month>\d{1,2})",
    "DD": r"(?P<day>\d{1,2})", "D": r"(?P<day>\d{1,2})", "HH": r"(?P<hour>\d{1,2})", "H": r"(?P<hour>\d{1,2})",
    "hh": r"(?P<hour12>\d{1,2})", "h": r"(?P<hour12>\d{1,2})", "mm": r"(?P<minute>\d{2})", "m": r"(?P<minute>\d{1,2})",
    "ss": r"(?P<second>\d{2})", "s": r"(?P<second>\d{1,2})", "A": r"(?P<ampm>[AaPp][Mm])", "a": r"(?P<ampm>[AaPp][Mm])",
    "Z": r"\S+", "z": r"\S+",
}
ISO_DATE = TimeFormat("YYYY-MM-DD", r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
ISO_TIME = TimeFormat("HH:mm", r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})")


def compile_format(text: str) -> TimeFormat | None:
    """The format as a regular expression, or ``None`` when it uses a token we do not read (month names)."""
    parts = []
    for token in _TOKEN.findall(text):
        if token in _TOKEN_PATTERNS:
            parts.append(_TOKEN_PATTERNS[token])
        elif token[0].isalpha():
            return None
        else:
            parts.append(re.escape(token))
    pattern = "".join(parts)
    try:
        re.compile(pattern)
    except re.error:
        return None
    return TimeFormat(text, pattern)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSettings:
    """What ``grist.yaml`` says: which column feeds which key, and how Grist's values translate."""

    path: str
    """The settings file as shown in messages."""
    columns: dict[str, str]
    """Moment key (or ``identifiant``) → the column name as written in the settings."""
    column_locations: dict[str, SourceLocation]
    values: dict[str, dict[str, Any]]
    """Moment key → {folded Grist value → value of the moment file}."""
    circles: dict[int, str]
    """Row id in Grist's circles table → circle id: a Reference column holds row ids in the JSON."""
    defaults: dict[str, Any]
    timezone: ZoneInfo
    """The zone of Grist's date-time columns: epoch seconds become the wall-clock time people typed."""
    date_format: TimeFormat
    time_format: TimeFormat


def read_import_settings(path: Path, shown: str, settings: Settings, circle_ids: frozenset[str]) -> ImportSettings:
    """Read ``grist.yaml``; raise ``SourceError`` listing every problem, with its line."""
    tree = load_file(path, shown)
    problems: list[Problem] = []
    if not isinstance(tree.value, dict):
        raise SourceError([Problem(tree.location, "", f"attendu un dictionnaire (clé: valeur) mais reçu {tree.describe()}",
                                   "le fichier commence par « colonnes: » : partez de grist.exemple.yaml")])
    fields = FieldReader(tree, "", problems, SETTINGS_KEYS)
    columns, column_locations = _read_columns(fields)
    values = _read_values(fields, circle_ids)
    circles = _read_circle_rows(fields, circle_ids)
    defaults = _read_defaults(fields, circle_ids)
    zone = _read_timezone(fields, settings.timezone)
    date_format = _read_format(fields, "format_date", "DD/MM/YYYY")
    time_format = _read_format(fields, "format_heure", "HH:mm")
    fields.finish()
    for key in REQUIRED_KEYS:
        if key not in columns and key not in defaults and fields.has("colonnes"):
            where = fields.mapping("colonnes", IMPORTED_KEYS)
            if where is not None:
                where.require(key, f"nom de la colonne Grist du champ {key}")
    if problems:
        raise SourceError(problems)
    return ImportSettings(path=shown, columns=columns, column_locations=column_locations, values=values, circles=circles,
                          defaults=defaults, timezone=zone, date_format=date_format or ISO_DATE,
                          time_format=time_format or ISO_TIME)


def _read_columns(fields: FieldReader) -> tuple[dict[str, str], dict[str, SourceLocation]]:
    if not fields.require("colonnes", "puis, en retrait, « titre: Titre », « debut: Debut »…"):
        return {}, {}
    block = fields.mapping("colonnes", IMPORTED_KEYS)
    if block is None:
        return {}, {}
    columns = {}
    for key in IMPORTED_KEYS:
        name = block.text(key, max_length=200)
        if name is not None:
            columns[key] = name
    block.finish()
    return columns, {key: block.location_of(key) for key in columns}


def _read_values(fields: FieldReader, circle_ids: frozenset[str]) -> dict[str, dict[str, Any]]:
    block = fields.mapping("valeurs", IMPORTED_KEYS)
    if block is None:
        return {}
    values: dict[str, dict[str, Any]] = {}
    for key in IMPORTED_KEYS:
        table = block.mapping(key, ())
        if table is None:
            continue
        values[key] = {}
        for grist_value, marked in table.values.items():
            target = _target(table, grist_value, marked, key, circle_ids)
            if target is not None:
                values[key].setdefault(slug(grist_value), target)
    block.finish()
    return values


def _read_circle_rows(fields: FieldReader, circle_ids: frozenset[str]) -> dict[int, str]:
    block = fields.mapping("cercles", ())
    if block is None:
        return {}
    circles = {}
    for row_id, marked in block.values.items():
        if not row_id.isdigit():
            block.error(block.node.key_locations[row_id], row_id, "attendu un numéro de ligne de la table des cercles",
                        "écrivez par exemple « 3: jardin » : le numéro est la colonne id de la table des cercles dans Grist")
            continue
        target = _target(block, row_id, marked, "cercle", circle_ids)
        if target is not None:
            circles[int(row_id)] = target
    return circles


def _read_defaults(fields: FieldReader, circle_ids: frozenset[str]) -> dict[str, Any]:
    block = fields.mapping("par_defaut", DEFAULTABLE_KEYS)
    if block is None:
        return {}
    defaults = {}
    for key, marked in block.values.items():
        if key in DEFAULTABLE_KEYS and marked.value is not None:
            target = _target(block, key, marked, key, circle_ids)
            if target is not None:
                defaults[key] = target
    block.finish()
    return defaults


def _target(block: FieldReader, label: str, marked: Marked, key: str, circle_ids: frozenset[str]) -> Any:
    """A value of the moment file written in the settings, checked now so that rows can trust it."""
    value = marked.value
    allowed: Iterable[str] | None = {"type": KINDS, "visibilite": VISIBILITIES, "cercle": circle_ids or None}.get(key)
    if key == "a_confirmer":
        if isinstance(value, bool):
            return value
        block.error(marked.location, label, f"attendu true ou false mais reçu {marked.describe()}", "écrivez true ou false")
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or str(value).strip() == "":
        block.error(marked.location, label, f"attendu un texte mais reçu {marked.describe()}", f"écrivez la valeur du champ {key}")
        return None
    text = marked.raw if marked.raw is not None else str(value)
    if allowed is not None and text not in allowed:
        choices = ", ".join(sorted(allowed))
        block.error(marked.location, label, f"{key} « {text[:60]} » inconnu", f"valeurs possibles : {choices}")
        return None
    return text


def _read_timezone(fields: FieldReader, fallback: ZoneInfo) -> ZoneInfo:
    name = fields.text("fuseau_horaire", max_length=80)
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fields.error(fields.location_of("fuseau_horaire"), "fuseau_horaire", f"fuseau horaire « {name} » inconnu",
                     "écrivez le fuseau des colonnes « Date et heure » de Grist, par exemple « Europe/Paris »")
        return ZoneInfo("UTC")


def _read_format(fields: FieldReader, key: str, default: str) -> TimeFormat | None:
    text = fields.text(key, max_length=40) or default
    compiled = compile_format(text)
    if compiled is None:
        fields.error(fields.location_of(key), key, f"format « {text} » non pris en charge (noms de mois ou de jours)",
                     "dans Grist, choisissez un format en chiffres pour la colonne, par exemple « DD/MM/YYYY » ou « HH:mm »")
    return compiled


# --- the downloaded table ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the table: its cells by folded column name, and how to name it in messages."""

    cells: dict[str, Any]
    location: SourceLocation
    label: str
    """« ligne Grist 12 » for the JSON (Grist's row id, column ``id``); empty for a CSV, whose line is in ``location``."""


@dataclass(frozen=True, slots=True)
class Table:
    """The rows, the columns as the file names them, and whether values are typed (JSON) or displayed (CSV)."""

    rows: list[Row]
    columns: dict[str, str]
    """Folded name → name as written in the file (for messages)."""
    typed: bool


def read_table(path: Path, shown: str) -> Table:
    """A JSON (Grist's REST API) or CSV (Grist's export) file: by extension, else by its first character."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError([Problem(SourceLocation(shown), "", "le fichier n'est pas encodé en UTF-8",
                                   "téléchargez-le de nouveau depuis Grist (l'export CSV de Grist est en UTF-8)")]) from None
    suffix = path.suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    return _read_json(text, shown) if is_json else _read_csv(text, shown)


def _read_json(text: str, shown: str) -> Table:
    hint = "téléchargez la table avec l'API de Grist : GET /api/docs/<document>/tables/<table>/records"
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError([Problem(SourceLocation(shown, error.lineno, error.colno), "", f"JSON illisible ({error.msg})", hint)]) from None
    if isinstance(document, dict) and isinstance(document.get("id"), list):
        document = _records_of_columns(document)
    records = document.get("records") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise SourceError([Problem(SourceLocation(shown), "", "attendu un objet JSON « records » (lignes de Grist)", hint)])
    rows, columns = [], {}
    for index, record in enumerate(records, start=1):
        if not (isinstance(record, dict) and isinstance(record.get("fields"), dict)):
            raise SourceError([Problem(SourceLocation(shown), f"records[{index}]", "attendu « id » et « fields »", hint)])
        row_id = record.get("id")
        label = f"ligne Grist {row_id}" if isinstance(row_id, int) else f"records[{index}]"
        cells = {}
        for name, value in record["fields"].items():
            columns.setdefault(slug(name), name)
            cells[slug(name)] = value
        rows.append(Row(cells, SourceLocation(shown), label))
    return Table(rows, columns, typed=True)


def _records_of_columns(document: dict[str, Any]) -> dict[str, Any]:
    """The ``/data`` endpoint's column lists ({"id": [1, 2], "Titre": [...]}) as ``/records`` rows."""
    names = [name for name, values in document.items() if name != "id" and isinstance(values, list)]
    return {"records": [{"id": row_id, "fields": {name: document[name][index] if index < len(document[name]) else None
                                                   for name in names}}
                        for index, row_id in enumerate(document["id"])]}


def _read_csv(text: str, shown: str) -> Table:
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = next(reader, None)
    if not names or not any(name.strip() for name in names):
        raise SourceError([Problem(SourceLocation(shown), "", "le fichier CSV est vide",
                                   "exportez la table depuis Grist (menu de la vue : « Télécharger en CSV »)")])
    columns: dict[str, str] = {}
    for index, name in enumerate(names, start=1):
        folded = slug(name)
        if folded in columns:
            raise SourceError([Problem(SourceLocation(shown, 1), f"colonne {index}",
                                       f"la colonne « {name} » porte le même nom que « {columns[folded]} »",
                                       "renommez l'une des deux dans Grist, puis exportez de nouveau")])
        columns[folded] = name
    keys = [slug(name) for name in names]
    rows = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(Row(dict(zip(keys, record)), SourceLocation(shown, line), ""))
            line = reader.line_num + 1
    except csv.Error as error:
        raise SourceError([Problem(SourceLocation(shown, line), "", f"CSV illisible ({error})",
                                   "exportez de nouveau la table depuis Grist, sans la modifier")]) from None
    return Table(rows, columns, typed=False)


# --- rows → moments ------------------------------------------------------------------------------


@dataclass(slots=True)
class Imported:
    """A moment ready to be written: its id, the file's text and where it came from."""

    moment_id: str
    text: str
    row: Row
    target: Path
    replaces: bool = False


@dataclass(slots=True)
class Context:
    """What mapping a row needs besides the row: the settings, the table and the project."""

    options: ImportSettings
    table: Table
    settings: Settings
    circle_ids: frozenset[str]
    problems: list[Problem] = field(default_factory=list)

    def report(self, row: Row, key: str | None, message: str, hint: str) -> None:
        """A problem named by file, row and column, the way the volunteer finds it in Grist."""
        column = self.column_shown(key) if key else None
        where = ", ".join(part for part in (row.label, f"colonne {column}" if column else "") if part)
        self.problems.append(Problem(row.location, where, message, hint))

    def column_shown(self, key: str) -> str | None:
        name = self.options.columns.get(key)
        return None if name is None else self.table.columns.get(slug(name), name)


def check_columns(options: ImportSettings, table: Table, shown_file: str) -> list[Problem]:
    """Every column named in the settings is in the file: a typo there would silently empty a key."""
    problems = []
    present = ", ".join(table.columns.values())
    for key, name in options.columns.items():
        if table.rows and slug(name) not in table.columns:
            problems.append(Problem(options.column_locations[key], f"colonnes.{key}", f"colonne « {name} » absente de {shown_file}",
                                    f"colonnes du fichier : {present} ; corrigez le nom ou retirez la ligne"))
    return sorted(problems, key=lambda problem: problem.sort_key)


def import_rows(context: Context) -> list[Imported]:
    """Map every row; problems go to ``context.problems`` and the rows with one are left out."""
    imported: list[Imported] = []
    first_row_of: dict[str, Row] = {}
    for row in context.table.rows:
        if _blank(row, context.options):
            continue
        before = len(context.problems)
        values = {key: value for key in IMPORTED_KEYS if (value := _value(context, row, key)) is not None}
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


def _blank(row: Row, options: ImportSettings) -> bool:
    """A row with nothing typed in the imported columns: skipped, as Grist's views show it empty.

    An unticked box (``false`` in the JSON, the text « false » in the CSV) is not typing.
    """
    for key, name in options.columns.items():
        cell = row.cells.get(slug(name))
        unticked = cell is False or (key == "a_confirmer" and isinstance(cell, str) and cell.strip().lower() in FALSE_WORDS)
        if _present(cell) and not unticked:
            return False
    return True


def _row_name(row: Row) -> str:
    return f"la {row.label}" if row.label else f"la ligne {row.location.line}"


def _present(value: Any) -> bool:
    """Grist's empty cells: null, "", a Reference's 0, an empty ChoiceList ``["L"]``; ``false`` is a value.

    A list is present when it holds something else than Grist's ``["L", …]`` list of empties
    (an error cell ``["E", …]`` is present, so that it gets reported).
    """
    if value is None or value == "" or (isinstance(value, int) and not isinstance(value, bool) and value == 0):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return value[:1] != ["L"] or any(_present(atom) for atom in value[1:])
    return True


def _value(context: Context, row: Row, key: str) -> Any:
    """The value of one key for one row (``None`` when empty and optional), or a reported problem."""
    name = context.options.columns.get(key)
    cell = row.cells.get(slug(name)) if name else None
    if not _present(cell):
        if key in context.options.defaults:
            return context.options.defaults[key]
        if key in REQUIRED_KEYS:
            context.report(row, key, "cellule vide", EMPTY_HINTS[key])
        return None
    try:
        return _convert(context, key, cell)
    except CellError as error:
        context.report(row, key, error.message, error.hint)
        return None


def _convert(context: Context, key: str, cell: Any) -> Any:
    """One non-empty cell → the key's value; a ChoiceList (``["L", …]``) is read value by value."""
    if isinstance(cell, list):
        if cell[:1] == ["E"]:
            raise CellError(f"la cellule contient une erreur de formule Grist ({cell[1] if len(cell) > 1 else '?'})",
                            "corrigez la formule de la colonne dans Grist")
        if cell[:1] != ["L"]:
            raise CellError("valeur inattendue", "exportez de nouveau la table avec l'API /records de Grist")
        atoms = [atom for atom in cell[1:] if _present(atom)]
    else:
        atoms = [cell]
    if key in ("type", "visibilite", "cercle"):
        return _choice(context, key, atoms)
    if len(atoms) > 1:
        return ", ".join(_text(context, key, atom) for atom in atoms)
    atom = atoms[0]
    if key == "a_confirmer":
        return _boolean(context, atom)
    if key in ("debut", "fin", "jusqu_au"):
        return _when(context, key, atom)
    if key == "duree":
        return _duration(context, atom)
    return _text(context, key, atom)


def _translated(context: Context, key: str, atom: Any) -> Any:
    """A value of ``valeurs`` in the settings, or the cell itself."""
    table = context.options.values.get(key, {})
    word = ("true" if atom else "false") if isinstance(atom, bool) else str(atom)
    return table.get(slug(word), atom)


def _text(context: Context, key: str, atom: Any) -> str:
    atom = _translated(context, key, atom)
    if isinstance(atom, str):
        lines = normalise(atom).split("\n")  # Word's line breaks (\v) arrive through Grist
        return "\n".join(line.rstrip() for line in lines).strip()
    if isinstance(atom, int) and not isinstance(atom, bool):
        raise CellError(f"attendu un texte mais reçu le nombre {atom}",
                        "si c'est une colonne Référence, importez plutôt une colonne formule qui donne le texte "
                        "(par exemple « $Lieu.Nom »)")
    raise CellError(f"attendu un texte mais reçu {_describe(atom)}", "donnez à la colonne le type Texte dans Grist")


def _describe(atom: Any) -> str:
    if isinstance(atom, bool):
        return "une case à cocher"
    if isinstance(atom, (int, float)):
        return f"le nombre {atom}"
    return "une valeur d'un autre type"


def _choice(context: Context, key: str, atoms: list[Any]) -> str:
    """One value of a closed set (type, visibility, circle); a ChoiceList's values must agree.

    For the visibility, an audience list reaching the public (« Tout public, Adhérent·es »)
    makes the moment public: it is open to all, whoever else it also targets.
    """
    found = []
    for atom in atoms:
        parts = [atom]
        if not context.table.typed and isinstance(atom, str) and "," in atom and not _known(context, key, atom):
            parts = [part.strip() for part in atom.split(",") if part.strip()]
        found.extend(_one_choice(context, key, part) for part in parts)
    distinct = list(dict.fromkeys(found))
    if key == "visibilite" and Visibility.PUBLIC.value in distinct:
        return Visibility.PUBLIC.value
    if len(distinct) > 1:
        raise CellError(f"valeurs contradictoires ({', '.join(distinct)})", "gardez un seul choix dans la cellule")
    return distinct[0]


def _known(context: Context, key: str, atom: str) -> bool:
    """Whether a whole CSV cell is one value: a choice may itself contain a comma."""
    try:
        _one_choice(context, key, atom)
    except CellError:
        return False
    return True


def _one_choice(context: Context, key: str, atom: Any) -> str:
    options = context.options
    settings_name = options.path
    if key == "cercle" and isinstance(atom, int) and not isinstance(atom, bool):
        if atom in options.circles:
            return options.circles[atom]
        raise CellError(f"ligne {atom} de la table des cercles inconnue de {settings_name}",
                        f"ajoutez « {atom}: identifiant-du-cercle » sous « cercles: » dans {settings_name}")
    translated = _translated(context, key, atom)
    word = ("true" if translated else "false") if isinstance(translated, bool) else str(translated)
    allowed = {"type": KINDS, "visibilite": VISIBILITIES, "cercle": context.circle_ids}[key]
    if word in allowed or (key == "cercle" and not allowed):
        return word
    if slug(word) in allowed:
        return slug(word)
    labels = {slug(kind.label): value for value, kind in KINDS.items()} if key == "type" else {}
    if slug(word) in labels:
        return labels[slug(word)]
    shown = ", ".join(sorted(allowed))
    raise CellError(f"valeur « {word[:60]} » inconnue",
                    f"ajoutez « {word[:60]}: … » sous « valeurs: {key}: » dans {settings_name} ; valeurs possibles : {shown}")


def _boolean(context: Context, atom: Any) -> bool:
    atom = _translated(context, "a_confirmer", atom)
    if isinstance(atom, bool):
        return atom
    if isinstance(atom, str) and atom.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return atom.strip().lower() in TRUE_WORDS
    raise CellError(f"attendu une case à cocher mais reçu « {str(atom)[:40]} »",
                    f"donnez à la colonne le type Booléen (case à cocher) dans Grist, ou ajoutez la valeur sous "
                    f"« valeurs: a_confirmer: » dans {context.options.path}")


def _when(context: Context, key: str, atom: Any) -> str:
    """``debut``/``fin`` as « AAAA-MM-JJ HH:MM », ``jusqu_au`` as « AAAA-MM-JJ », in Grist's wall-clock time."""
    atom = _translated(context, key, atom)
    if isinstance(atom, (int, float)) and not isinstance(atom, bool):
        return _from_epoch(context, key, atom)
    if not isinstance(atom, str):
        raise CellError(f"attendu une date mais reçu {_describe(atom)}", "donnez à la colonne le type Date dans Grist")
    text = " ".join(atom.split())
    try:
        return _parsed_when(context, key, text)
    except _Nonexistent:
        raise CellError(f"la date « {text[:40]} » n'existe pas dans le calendrier", "corrigez la cellule dans Grist") from None


def _parsed_when(context: Context, key: str, text: str) -> str:
    options = context.options
    if key == "jusqu_au":
        parsed = match_formats(text, options.date_format, ISO_DATE)
        if parsed is not None:
            return f"{parsed:%Y-%m-%d}"
        raise CellError(f"date « {text[:40]} » illisible", _date_hint(context, key, options.date_format.text))
    both = options.date_format.text + " " + options.time_format.text
    for date_format in (options.date_format, ISO_DATE):
        for time_format in (options.time_format, ISO_TIME):
            parsed = match_formats(text, TimeFormat(both, date_format.pattern + " " + time_format.pattern))
            if parsed is not None:
                return f"{parsed:%Y-%m-%d %H:%M}"
    if key == "fin":
        parsed = match_formats(text, options.time_format, ISO_TIME)
        if parsed is not None:
            return f"{parsed:%H:%M}"
    raise CellError(f"date et heure « {text[:40]} » illisibles", _date_hint(context, key, both))


def _date_hint(context: Context, key: str, form: str) -> str:
    if context.table.typed:
        kind = "Date" if key == "jusqu_au" else "Date et heure"
        return f"dans Grist, donnez à la colonne le type « {kind} » et corrigez la cellule"
    return f"écrivez-la au format « {form} », réglé par format_date et format_heure dans {context.options.path}"


def match_formats(text: str, *formats: TimeFormat) -> datetime | None:
    """The date-time written in the first of ``formats`` that fits; ``None`` if none does."""
    for form in formats:
        found = re.fullmatch(form.pattern, text)
        if found is None:
            continue
        parts = {name: value for name, value in found.groupdict().items() if value is not None}
        hour = int(parts.get("hour", 0))
        if "hour12" in parts:
            hour = int(parts["hour12"]) % 12 + (12 if parts.get("ampm", "am").lower() == "pm" else 0)
        year = int(parts["year"]) if "year" in parts else 2000 + int(parts.get("year2", 0))
        try:
            return datetime(year, int(parts.get("month", 1)), int(parts.get("day", 1)), hour, int(parts.get("minute", 0)))
        except ValueError:
            raise _Nonexistent from None
    return None


def _from_epoch(context: Context, key: str, seconds: float) -> str:
    """Grist's Date is UTC midnight of the day; a DateTime is an instant shown in its column's zone."""
    is_date = seconds % SECONDS_PER_DAY == 0
    try:
        utc_day = datetime.fromtimestamp(seconds, dt_timezone.utc)
        local = datetime.fromtimestamp(seconds, context.options.timezone)
    except (OverflowError, OSError, ValueError):
        raise CellError(f"date hors du calendrier ({seconds})", "corrigez la cellule dans Grist") from None
    if key == "jusqu_au":
        return f"{(utc_day if is_date else local).date():%Y-%m-%d}"
    if is_date:
        raise CellError("la cellule donne une date sans heure",
                        "dans Grist, donnez à la colonne le type « Date et heure » (DateTime) et indiquez l'heure")
    return f"{local:%Y-%m-%d %H:%M}"


def _duration(context: Context, atom: Any) -> str:
    """« 1h30 » as typed; a number is hours (a Numeric column « Durée (h) » holding 1.5)."""
    atom = _translated(context, "duree", atom)
    if isinstance(atom, str) and re.fullmatch(r"\d+(?:[.,]\d+)?", atom.strip()):
        atom = float(atom.strip().replace(",", "."))
    if isinstance(atom, (int, float)) and not isinstance(atom, bool):
        minutes = round(atom * 60)
        if minutes <= 0:
            raise CellError("la durée doit être positive", "écrivez par exemple « 2h », « 1h30 » ou 1.5 (heures)")
        hours, rest = divmod(minutes, 60)
        return f"{hours}h{rest:02d}" if hours and rest else (f"{hours}h" if hours else f"{rest} min")
    return _text(context, "duree", atom)


def _moment_id(context: Context, row: Row, values: dict[str, Any]) -> str | None:
    """The id (file name, calendar UID): from the id column when there is one, else from the title."""
    given = values.pop("identifiant", None)
    if given is not None:
        problem = identifier_problem(given)
        if problem:
            context.report(row, "identifiant", problem, f"écrivez « {slug(given) or 'mon-moment'} » dans Grist")
            return None
        moment_id = given
    elif "titre" in values:
        moment_id = slug(values["titre"])
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
        context.report(row, key if key in context.options.columns else None, problem.message, problem.hint)
    return not errors


# --- writing -------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes a moment as volunteers write them: plain dates, multi-line descriptions as blocks."""


class _AsTyped(str):
    """A date or date-time written without quotes, as in hand-written files (the loader reads the text)."""


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


def _represent_as_typed(dumper: yaml.SafeDumper, data: _AsTyped) -> yaml.ScalarNode:
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, str(data), (True, False)), str(data))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_AsTyped, _represent_as_typed)


def render_moment(values: dict[str, Any], settings: Settings) -> str:
    """The text of ``content/agenda/<id>.yaml``: the schema line first, then the import header, then the keys."""
    document: dict[str, Any] = {}
    for key in OUTPUT_ORDER:
        value = values.get(key)
        if value is None or value is False or value == "":
            continue
        dated = key in ("debut", "jusqu_au") or (key == "fin" and "-" in str(value))
        document[key] = _AsTyped(value) if dated else value
    schema = schema_reference(settings, settings.agenda_path, MOMENT_SCHEMA_FILE)
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"# yaml-language-server: $schema={schema}\n{HEADER}{body}"


def plan_writes(imported: list[Imported], settings: Settings, replace: bool, context: Context) -> None:
    """Refuse to overwrite unless asked, and never overwrite a file that was written by hand."""
    for item in imported:
        shown = relative_path(item.target, settings.root)
        existing = [path for path in (item.target, item.target.with_suffix(".yml")) if path.exists()]
        if not existing:
            continue
        if existing[0] != item.target:
            context.report(item.row, None, f"{relative_path(existing[0], settings.root)} existe déjà",
                           "renommez-le en .yaml ou supprimez-le, puis relancez l'import")
        elif not replace:
            context.report(item.row, None, f"{shown} existe déjà", "relancez avec --remplacer pour le réécrire depuis Grist")
        elif IMPORT_MARK not in item.target.read_text(encoding="utf-8", errors="replace"):
            context.report(item.row, None, f"{shown} a été écrit à la main, pas importé de Grist",
                           "renommez ou supprimez ce fichier si le moment de Grist doit le remplacer")
        else:
            item.replaces = item.target.read_text(encoding="utf-8", errors="replace") != item.text


def run_import(site: SiteConfig, arguments: argparse.Namespace) -> int:
    """``cercles import-grist FICHIER``: exit 0 after writing every moment, 1 with every problem and nothing written."""
    settings = site.settings
    source = Path(arguments.fichier)
    options_path = Path(arguments.reglages) if arguments.reglages else settings.root / DEFAULT_SETTINGS_FILE
    shown_options = relative_path(options_path, settings.root)
    shown_source = relative_path(source, settings.root)
    circle_ids = frozenset(path.stem for path in source_files(settings.circles_path, settings.root) if identifier_problem(path.stem) is None)
    if not options_path.is_file():
        report([Problem(SourceLocation(shown_options), "", "fichier de réglages introuvable",
                        f"copiez grist.exemple.yaml en {DEFAULT_SETTINGS_FILE} et adaptez les noms de colonnes, "
                        "ou donnez --reglages chemin/vers/reglages.yaml")], counted=False)
        return 1
    if not source.is_file():
        report([Problem(SourceLocation(shown_source), "", "fichier introuvable",
                        "téléchargez la table des moments depuis Grist : JSON de l'API /records ou export CSV")], counted=False)
        return 1
    try:
        options = read_import_settings(options_path, shown_options, settings, circle_ids)
        table = read_table(source, shown_source)
    except SourceError as error:
        report(error.problems)
        return 1
    context = Context(options, table, settings, circle_ids, check_columns(options, table, shown_source))
    imported: list[Imported] = []
    if not context.problems:
        imported = import_rows(context)
        plan_writes(imported, settings, arguments.remplacer, context)
    if context.problems:
        report(context.problems)
        print("Rien n'a été écrit : corrigez ces lignes dans Grist (ou les réglages), puis relancez l'import.", file=sys.stderr)
        return 1
    return _write(imported, settings, dry_run=arguments.essai)


def _write(imported: list[Imported], settings: Settings, *, dry_run: bool) -> int:
    agenda = relative_path(settings.agenda_path, settings.root)
    for item in imported:
        shown = relative_path(item.target, settings.root)
        state = "remplacé" if item.replaces else ("inchangé" if item.target.exists() else "nouveau")
        if dry_run:
            print(f"--- {shown} ({state})\n{item.text}")
        else:
            item.target.parent.mkdir(parents=True, exist_ok=True)
            item.target.write_text(item.text, encoding="utf-8")
            print(f"{shown} ({state})")
    _report_absent(imported, settings)
    if dry_run:
        print(f"Essai : {len(imported)} moment(s) seraient écrits dans {agenda}/ ; rien n'a été écrit.")
    else:
        print(f"{len(imported)} moment(s) importé(s) dans {agenda}/. Vérifiez avec « cercles check », "
              "puis relisez les changements avant de les publier.")
    return 0


def _report_absent(imported: list[Imported], settings: Settings) -> None:
    """Name the files once imported from Grist that this table no longer holds.

    A moment removed from Grist, or whose id changed (a new title without an id column), would
    otherwise stay in the agenda unnoticed; deleting is left to the volunteer, who may have
    imported a filtered view on purpose.
    """
    written = {item.target for item in imported}
    absent = [relative_path(path, settings.root) for path in source_files(settings.agenda_path, settings.root)
              if path not in written and IMPORT_MARK in path.read_text(encoding="utf-8", errors="replace")]
    if absent:
        print(f"À vérifier : {', '.join(absent)} (importé(s) de Grist, absent(s) de ce fichier) : supprimez-les "
              "si ces moments ont été retirés de Grist ou ont changé d'identifiant.")


def add_import_grist_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``import-grist`` on the ``cercles`` sub-command parser (``argparse``'s subparsers action)."""
    command = commands.add_parser("import-grist", help="importe la table des moments de Grist (JSON de l'API ou CSV) dans l'agenda")
    command.add_argument("fichier", metavar="FICHIER", help="la table téléchargée : JSON de l'API /records de Grist, ou export CSV")
    command.add_argument("--reglages", default=None,
                         help=f"réglages de l'import : colonnes et valeurs (par défaut : {DEFAULT_SETTINGS_FILE} du projet)")
    command.add_argument("--remplacer", action="store_true", help="réécrit les moments déjà importés de Grist")
    command.add_argument("--essai", "--dry-run", dest="essai", action="store_true",
                         help="affiche les fichiers qui seraient écrits, sans rien écrire")
    command.set_defaults(run=run_import)
