"""One Grist cell → the value of one key of a moment file.

Cells come in the shapes grist-core gives them (``app/plugin/GristData.ts``, ``gristTypes.ts``
``reencodeAsTypedCellValue``, ``documentation/grist-data-format.md``):

- the default ``/records`` JSON: text, numbers (a Date is the seconds of UTC midnight, a DateTime
  an instant, a Ref a row id), booleans, ``["L", …]`` for a ChoiceList or a RefList;
- ``cellFormat=typed``: ``["d", ts]``, ``["D", ts, zone]``, ``["R", table, id]``,
  ``["r", table, [ids]]``, and formula errors inline as ``["E", name, …]``;
- the CSV export: every cell as its column displays it, a ChoiceList encoded by
  ``csvEncodeRow(values, {prettier: true})`` (``app/common/csvFormat.ts``).

Every text a cell holds goes through the text module's hygiene policy here, once, before any
other reading, so a control character or a bidi override is refused with its row and column
rather than folded away by a lookup.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timezone as dt_timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cercles.model import Visibility
from cercles.text import first_flaw, normalise, slug
from cercles.tools.import_grist.formats import GRIST_TIME, ISO_DATE, ISO_TIME, NonexistentDate, TimeFormat, match_formats
from cercles.tools.import_grist.options import KINDS, VISIBILITIES, ImportSettings

TRUE_WORDS = {"true", "vrai", "oui"}
FALSE_WORDS = {"false", "faux", "non"}
CHOICE_KEYS = ("type", "visibilite", "cercle")
DATE_KEYS = ("debut", "fin", "jusqu_au")
_NOT_VALUES = {"C": ("la cellule est masquée par les règles d'accès de Grist",
                     "téléchargez la table avec un compte ou une clé d'API qui peut la lire"),
               "P": ("la cellule n'était pas encore calculée par Grist", "attendez la fin du calcul, puis téléchargez de nouveau la table")}


class CellError(Exception):
    """One cell that cannot become a moment's value: the message and the fix, in French."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class GristDate:
    """A Date: the seconds of the day's UTC midnight (``["d", ts]``, or a bare number in a Date column)."""

    seconds: float


@dataclass(frozen=True, slots=True)
class GristDateTime:
    """A DateTime: an instant, shown in its column's zone (``["D", ts, zone]``; ``None``: the settings' zone)."""

    seconds: float
    zone: str | None


@dataclass(frozen=True, slots=True)
class Converter:
    """What reading a cell needs besides the cell: the settings, the file's kind, the project's circles."""

    options: ImportSettings
    from_csv: bool
    circle_ids: frozenset[str]


def formula_error(name: object) -> CellError:
    """A formula error, as Grist shows it in the cell (« #TypeError »)."""
    return CellError(f"erreur de formule Grist (#{str(name)[:60]})",
                     "corrigez la formule de la colonne dans Grist (ou les cellules qu'elle lit), puis téléchargez de nouveau la table")


def is_present(cell: Any) -> bool:
    """Whether a cell holds something: Grist's empties are null, "", a Ref's 0 and empty lists; ``false`` is a value.

    An error (``["E", …]``) or any other typed value is present, so that it gets reported.
    """
    if cell is None or cell == "" or (isinstance(cell, int) and not isinstance(cell, bool) and cell == 0):
        return False
    if isinstance(cell, str):
        return bool(cell.strip())
    if isinstance(cell, list):
        code = cell[0] if cell else "L"
        if code == "L":
            return any(is_present(atom) for atom in cell[1:])
        if code == "R":
            return len(cell) > 2 and is_present(cell[2])
        if code == "r":
            return len(cell) > 2 and isinstance(cell[2], list) and any(is_present(atom) for atom in cell[2])
    return True


def convert(converter: Converter, key: str, cell: Any) -> Any:
    """One present cell → the key's value; a list (ChoiceList, RefList) is read value by value."""
    atoms = [atom for atom in _atoms(cell) if is_present(atom)]
    if not atoms:
        raise CellError("cellule vide", "remplissez la cellule dans Grist")
    if key in CHOICE_KEYS:
        return _choice(converter, key, atoms)
    if len(atoms) > 1:
        return ", ".join(_text(converter, key, atom) for atom in atoms)
    atom = atoms[0]
    if key == "a_confirmer":
        return _boolean(converter, atom)
    if key in DATE_KEYS:
        return _when(converter, key, atom)
    if key == "duree":
        return _duration(converter, atom)
    return _text(converter, key, atom)


def _atoms(cell: Any) -> list[Any]:
    """The cell's values, typed values decoded, every text through the hygiene policy."""
    if isinstance(cell, str):
        return [_clean(cell)]
    if not isinstance(cell, list):
        return [cell]
    code, arguments = (cell[0], cell[1:]) if cell else ("L", [])
    if code == "L":
        return [atom for item in arguments for atom in _atoms(item)]
    if code == "E":
        raise formula_error(arguments[0] if arguments else "?")
    if code == "R" and len(arguments) == 2 and isinstance(arguments[1], int):
        return [arguments[1]]
    if code == "r" and len(arguments) == 2 and isinstance(arguments[1], list):
        return [atom for item in arguments[1] for atom in _atoms(item)]
    if code == "d" and len(arguments) == 1 and _is_number(arguments[0]):
        return [GristDate(arguments[0])]
    if code == "D" and len(arguments) == 2 and _is_number(arguments[0]):
        return [GristDateTime(arguments[0], arguments[1] if isinstance(arguments[1], str) else None)]
    if code in _NOT_VALUES:
        raise CellError(*_NOT_VALUES[code])
    raise CellError(f"valeur Grist inattendue (code « {str(code)[:10]} »)",
                    "téléchargez la table avec l'API /records de Grist, ou exportez-la en CSV")


def _clean(text: str) -> str:
    """The text module's policy: line breaks the volunteer meant (Word's ``\\v``) kept, invisible characters refused."""
    normalised = normalise(text)
    flaw = first_flaw(normalised)
    if flaw is not None:
        raise CellError(f"{flaw.message}, en position {flaw.index + 1}", flaw.hint)
    return normalised


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _translated(converter: Converter, key: str, atom: Any) -> Any:
    """A value of ``valeurs`` in the settings, or the cell itself."""
    table = converter.options.values.get(key, {})
    word = ("true" if atom else "false") if isinstance(atom, bool) else str(atom)
    return table.get(slug(word), atom)


def _text(converter: Converter, key: str, atom: Any) -> str:
    atom = _translated(converter, key, atom)
    if isinstance(atom, str):
        return "\n".join(line.rstrip() for line in atom.split("\n")).strip()
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
    if isinstance(atom, (GristDate, GristDateTime)):
        return "une date"
    return "une valeur d'un autre type"


# --- closed values -------------------------------------------------------------------------------


def grist_list(text: str) -> list[str]:
    """The values of a ChoiceList cell of the CSV export, Grist's quoting undone.

    ``csvEncodeRow(values, {prettier: true})`` joins the values with « , » and quotes a value
    holding a comma, a quote, a line break or outer spaces, doubling its quotes
    (``csvEncodeCell``); ``csvDecodeRow`` reads it back, trimming unquoted values.
    """
    row = next(csv.reader([text], skipinitialspace=True), [])
    return [value.strip() for value in row if value.strip()]


def _choice(converter: Converter, key: str, atoms: list[Any]) -> str:
    """One value of a closed set (type, visibility, circle); a ChoiceList's values must agree.

    For the visibility, an audience list reaching the public (« Tout public, Adhérent·es »)
    makes the moment public: it is open to all, whoever else it also targets.
    """
    found: list[str] = []
    for atom in atoms:
        parts = [atom]
        if converter.from_csv and isinstance(atom, str) and not _known(converter, key, atom):
            parts = grist_list(atom) or [atom]
        found.extend(_one_choice(converter, key, part) for part in parts)
    distinct = list(dict.fromkeys(found))
    if key == "visibilite" and Visibility.PUBLIC.value in distinct:
        return Visibility.PUBLIC.value
    if len(distinct) > 1:
        raise CellError(f"valeurs contradictoires ({', '.join(distinct)})", "gardez un seul choix dans la cellule")
    return distinct[0]


def _known(converter: Converter, key: str, atom: str) -> bool:
    """Whether a whole CSV cell is one value: a single Choice is written unquoted, commas and all."""
    try:
        _one_choice(converter, key, atom)
    except CellError:
        return False
    return True


def _one_choice(converter: Converter, key: str, atom: Any) -> str:
    options = converter.options
    settings_name = options.path
    if key == "cercle" and isinstance(atom, int) and not isinstance(atom, bool):
        if atom in options.circles:
            return options.circles[atom]
        raise CellError(f"ligne {atom} de la table des cercles inconnue de {settings_name}",
                        f"ajoutez « {atom}: identifiant-du-cercle » sous « cercles: » dans {settings_name}")
    translated = _translated(converter, key, atom)
    word = ("true" if translated else "false") if isinstance(translated, bool) else str(translated)
    allowed: Collection[str] = {"type": KINDS.keys(), "visibilite": VISIBILITIES.keys(), "cercle": converter.circle_ids}[key]
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


def _boolean(converter: Converter, atom: Any) -> bool:
    atom = _translated(converter, "a_confirmer", atom)
    if isinstance(atom, bool):
        return atom
    if isinstance(atom, str) and atom.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return atom.strip().lower() in TRUE_WORDS
    raise CellError(f"attendu une case à cocher mais reçu « {str(atom)[:40]} »",
                    f"donnez à la colonne le type Booléen (case à cocher) dans Grist, ou ajoutez la valeur sous "
                    f"« valeurs: a_confirmer: » dans {converter.options.path}")


# --- dates and durations -------------------------------------------------------------------------


def _when(converter: Converter, key: str, atom: Any) -> str:
    """``debut``/``fin`` as « AAAA-MM-JJ HH:MM », ``jusqu_au`` as « AAAA-MM-JJ », in Grist's wall-clock time.

    A bare number is read by the column type each key documents (grist.exemple.yaml): a
    DateTime for ``debut`` and ``fin``, a Date for ``jusqu_au``; a typed value says which it is.
    The time of day never decides: 00:00 UTC is a time like any other.
    """
    atom = _translated(converter, key, atom)
    if _is_number(atom):
        atom = GristDate(atom) if key == "jusqu_au" else GristDateTime(atom, None)
    if isinstance(atom, GristDate):
        return _from_date(key, atom)
    if isinstance(atom, GristDateTime):
        return _from_datetime(converter, key, atom)
    if not isinstance(atom, str):
        raise CellError(f"attendu une date mais reçu {_describe(atom)}", "donnez à la colonne le type Date dans Grist")
    text = " ".join(atom.split())
    try:
        return _parsed_when(converter, key, text)
    except NonexistentDate:
        raise CellError(f"la date « {text[:40]} » n'existe pas dans le calendrier", "corrigez la cellule dans Grist") from None


def _from_date(key: str, value: GristDate) -> str:
    day = _instant(value.seconds, dt_timezone.utc).date()
    if key != "jusqu_au":
        raise CellError("la cellule donne une date sans heure",
                        "dans Grist, donnez à la colonne le type « Date et heure » (DateTime) et indiquez l'heure")
    return f"{day:%Y-%m-%d}"


def _from_datetime(converter: Converter, key: str, value: GristDateTime) -> str:
    zone = converter.options.timezone
    if value.zone:
        try:
            zone = ZoneInfo(value.zone)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a zone Python does not know: the settings' zone is the column's, as documented there
    local = _instant(value.seconds, zone)
    return f"{local.date():%Y-%m-%d}" if key == "jusqu_au" else f"{local:%Y-%m-%d %H:%M}"


def _instant(seconds: float, zone: dt_timezone | ZoneInfo) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, zone)
    except (OverflowError, OSError, ValueError):
        raise CellError(f"date hors du calendrier ({seconds})", "corrigez la cellule dans Grist") from None


def _parsed_when(converter: Converter, key: str, text: str) -> str:
    options = converter.options
    dates = _distinct(options.date_format, ISO_DATE)
    times = _distinct(options.time_format, GRIST_TIME, ISO_TIME)
    if key == "jusqu_au":
        parsed: date | None = match_formats(text, *dates)
        if parsed is not None:
            return f"{parsed:%Y-%m-%d}"
        raise CellError(f"date « {text[:40]} » illisible", _date_hint(converter, key, options.date_format.text))
    both = options.date_format.text + " " + options.time_format.text
    for date_format in dates:
        for time_format in times:
            found = match_formats(text, TimeFormat(both, date_format.pattern + " " + time_format.pattern))
            if found is not None:
                return f"{found:%Y-%m-%d %H:%M}"
    if key == "fin":
        found = match_formats(text, *times)
        if found is not None:
            return f"{found:%H:%M}"
    raise CellError(f"date et heure « {text[:40]} » illisibles", _date_hint(converter, key, both))


def _distinct(*formats: TimeFormat) -> tuple[TimeFormat, ...]:
    """The settings' format first, then Grist's defaults, each once."""
    return tuple({form.pattern: form for form in formats}.values())


def _date_hint(converter: Converter, key: str, form: str) -> str:
    if not converter.from_csv:
        kind = "Date" if key == "jusqu_au" else "Date et heure"
        return f"dans Grist, donnez à la colonne le type « {kind} » et corrigez la cellule"
    return f"écrivez-la au format « {form} », réglé par format_date et format_heure dans {converter.options.path}"


def _duration(converter: Converter, atom: Any) -> str:
    """« 1h30 » as typed; a number is hours (a Numeric column « Durée (h) » holding 1.5)."""
    atom = _translated(converter, "duree", atom)
    if isinstance(atom, str) and re.fullmatch(r"\d+(?:[.,]\d+)?", atom.strip()):
        atom = float(atom.strip().replace(",", "."))
    if _is_number(atom):
        minutes = round(atom * 60)
        if minutes <= 0:
            raise CellError("la durée doit être positive", "écrivez par exemple « 2h », « 1h30 » ou 1.5 (heures)")
        hours, rest = divmod(minutes, 60)
        return f"{hours}h{rest:02d}" if hours and rest else (f"{hours}h" if hours else f"{rest} min")
    return _text(converter, "duree", atom)
