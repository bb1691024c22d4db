"""Reading the downloaded table: Grist's ``/records`` (or ``/data``) JSON, or its CSV export.

Shapes, from grist-core: ``DocApi.ts`` (``asRecords``) gives ``{"records": [{"id", "fields",
"errors"?}]}``, where a formula error is ``null`` in ``fields`` and its exception name in
``errors`` unless ``cellFormat=typed`` keeps it inline as ``["E", name, …]``; ``ExportDSV.ts``
writes one header line of column labels, then every cell as its column displays it.

The work is bounded before anything is converted: a file larger than ``MAX_FILE_BYTES`` is
refused from its size alone, and the CSV reader stops at the first row past ``MAX_ROWS``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cercles.sources.problems import Problem, SourceError, SourceLocation
from cercles.sources.yamlio import thousands
from cercles.text import slug

MAX_ROWS = 5000
"""Moments per import: a year of a large organisation's agenda fits many times over."""
MAX_FILE_BYTES = 10_000_000
"""A table of ``MAX_ROWS`` moments is a few megabytes in either format."""
_JSON_HINT = "téléchargez la table avec l'API de Grist : GET /api/docs/<document>/tables/<table>/records"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the table: its cells by folded column name, and how to name it in messages."""

    cells: dict[str, Any]
    location: SourceLocation
    label: str
    """« ligne Grist 12 » for the JSON (Grist's row id, column ``id``); empty for a CSV, whose line is in ``location``."""
    errors: dict[str, str]
    """Folded column name → the exception of a formula error (the ``errors`` of a ``/records`` row)."""


@dataclass(frozen=True, slots=True)
class Table:
    """The rows, the columns as the file names them, and whether cells are displayed text (CSV) or values (JSON)."""

    rows: list[Row]
    columns: dict[str, str]
    """Folded name → name as written in the file (for messages)."""
    from_csv: bool


def read_table(path: Path, shown: str) -> Table:
    """A JSON (Grist's REST API) or CSV (Grist's export) file: by extension, else by its first character."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError([Problem(SourceLocation(shown), "", f"fichier trop gros ({thousands(size)} octets, "
                                   f"maximum {thousands(MAX_FILE_BYTES)})", _too_many_hint())])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError([Problem(SourceLocation(shown), "", "le fichier n'est pas encodé en UTF-8",
                                   "téléchargez-le de nouveau depuis Grist (l'export CSV de Grist est en UTF-8)")]) from None
    suffix = path.suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    return _read_json(text, shown) if is_json else _read_csv(text, shown)


def _too_many_hint() -> str:
    return (f"l'import lit au plus {thousands(MAX_ROWS)} moments : téléchargez une vue filtrée de la table des moments "
            "(par exemple les moments à venir), ou vérifiez qu'il s'agit du bon fichier")


def _too_many_rows(location: SourceLocation) -> SourceError:
    return SourceError([Problem(location, "", f"plus de {thousands(MAX_ROWS)} lignes", _too_many_hint())])


def _read_json(text: str, shown: str) -> Table:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError([Problem(SourceLocation(shown, error.lineno, error.colno), "",
                                   f"JSON illisible ({error.msg})", _JSON_HINT)]) from None
    if isinstance(document, dict) and isinstance(document.get("id"), list):
        if len(document["id"]) > MAX_ROWS:
            raise _too_many_rows(SourceLocation(shown))
        document = _records_of_columns(document)
    records = document.get("records") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise SourceError([Problem(SourceLocation(shown), "", "attendu un objet JSON « records » (lignes de Grist)", _JSON_HINT)])
    if len(records) > MAX_ROWS:
        raise _too_many_rows(SourceLocation(shown))
    rows: list[Row] = []
    columns: dict[str, str] = {}
    for index, record in enumerate(records, start=1):
        if not (isinstance(record, dict) and isinstance(record.get("fields"), dict)):
            raise SourceError([Problem(SourceLocation(shown), f"records[{index}]", "attendu « id » et « fields »", _JSON_HINT)])
        row_id = record.get("id")
        label = f"ligne Grist {row_id}" if isinstance(row_id, int) else f"records[{index}]"
        cells = {}
        for name, value in record["fields"].items():
            columns.setdefault(slug(name), name)
            cells[slug(name)] = value
        errors = record.get("errors")
        raised = {slug(name): str(error) for name, error in errors.items()} if isinstance(errors, dict) else {}
        rows.append(Row(cells, SourceLocation(shown), label, raised))
    return Table(rows, columns, from_csv=False)


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
        for count, record in enumerate(reader, start=1):
            if count > MAX_ROWS:
                raise _too_many_rows(SourceLocation(shown, line))
            if any(cell.strip() for cell in record):
                rows.append(Row(dict(zip(keys, record)), SourceLocation(shown, line), "", {}))
            line = reader.line_num + 1
    except csv.Error as error:
        raise SourceError([Problem(SourceLocation(shown, line), "", f"CSV illisible ({error})",
                                   "exportez de nouveau la table depuis Grist, sans la modifier")]) from None
    return Table(rows, columns, from_csv=True)
