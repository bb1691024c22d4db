"""The settings of one import (``grist.yaml``): which column feeds which key, and Grist's words in ours.

A column is named by its label (the CSV export's header, ``ExportDSV.ts``: ``header ?? "label"``)
or by its id (the ``/records`` JSON's keys, ``DocApi.ts``): the two usually fold to the same
words (« Début » and « Debut »), and when they do not, the settings list both names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cercles.model import MomentKind
from cercles.settings import Settings
from cercles.sources.fields import FieldReader
from cercles.sources.format import MOMENT
from cercles.sources.problems import Problem, SourceError, SourceLocation
from cercles.sources.yamlio import Marked, load_file
from cercles.text import slug
from cercles.tools.import_grist.formats import ISO_DATE, ISO_TIME, TimeFormat, compile_format

OUTPUT_ORDER = tuple(spec.key for spec in MOMENT if spec.form is None)
"""A moment file's keys, except the nested ``exceptions``, in the order of the hand-written files."""
IMPORTED_KEYS = ("identifiant", *OUTPUT_ORDER)
"""Keys a Grist column can fill: the moment's own keys, plus the id."""
REQUIRED_KEYS = MOMENT.required
KINDS = {kind.value: kind for kind in MomentKind}
VISIBILITIES = MOMENT["visibilite"].values
DEFAULTABLE_KEYS = ("type", "cercle", "visibilite", "rythme", "duree", "lieu", "description", "a_confirmer")
SETTINGS_KEYS = ("colonnes", "valeurs", "cercles", "par_defaut", "fuseau_horaire", "format_date", "format_heure")
MAX_COLUMN_NAME = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSettings:
    """What ``grist.yaml`` says: which column feeds which key, and how Grist's values translate."""

    path: str
    """The settings file as shown in messages."""
    columns: dict[str, tuple[str, ...]]
    """Moment key (or ``identifiant``) → the names the column may have (label, id), as written in the settings."""
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
    date_format = _read_format(fields, "format_date", ISO_DATE.text)
    time_format = _read_format(fields, "format_heure", ISO_TIME.text)
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


def _read_columns(fields: FieldReader) -> tuple[dict[str, tuple[str, ...]], dict[str, SourceLocation]]:
    """« debut: Debut », or « debut: [Debut, Début du moment] » when the label and the id differ."""
    if not fields.require("colonnes", "puis, en retrait, « titre: Titre », « debut: Debut »…"):
        return {}, {}
    block = fields.mapping("colonnes", IMPORTED_KEYS)
    if block is None:
        return {}, {}
    columns = {}
    for key in IMPORTED_KEYS:
        marked = block.raw(key)
        if marked is not None and isinstance(marked.value, list):
            names = tuple(name for name in block.text_list(key) if len(name) <= MAX_COLUMN_NAME)
        else:
            name = block.text(key, max_length=MAX_COLUMN_NAME)
            names = (name,) if name is not None else ()
        if names:
            columns[key] = names
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
    allowed: Iterable[str] | None = {"type": KINDS.keys(), "visibilite": VISIBILITIES.keys(), "cercle": circle_ids or None}.get(key)
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
