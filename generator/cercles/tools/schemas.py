"""JSON Schemas of the volunteers' source files, built from the readers' own key lists and enums.

Editors such as VS Code with Red Hat's YAML extension read ``schemas/cercle.schema.json`` and
``schemas/moment.schema.json`` (named on the first line of each source file) to complete keys,
show a French description on hover and underline a misspelt key or an unknown ``type`` while
the volunteer types, long before ``cercles check`` runs.

One source of truth: the keys come from ``CIRCLE_KEYS``, ``ROLE_KEYS``… and the allowed words
from ``CircleType``, ``MomentKind`` and ``Visibility``; the patterns of dates, durations and ids
are the parsers' own regular expressions. This module only adds what a schema needs beyond
them (a description and a value shape per key), and refuses to build a schema when a key of the
model has no description or a description names a key the model no longer has.

The schema is strict on keys and closed word lists, and permissive where the Python validator
is the real judge (rhythms, exact length limits, cross-file references, the rules that tie
``debut`` to ``rythme``): an editor must never flag what ``cercles check`` accepts. Values are
described as the editor sees them, i.e. YAML 1.2: ``2027-01-25`` and ``18:30`` are strings there.

``python -m cercles.tools.schemas`` writes both files; ``--check`` fails when the committed
files no longer match the model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from yaml.resolver import Resolver

from cercles.sources.moments import EXCEPTION_KEYS, MOMENT_KEYS
from cercles.sources.fields import IDENTIFIER, MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from cercles.model import CircleType, MomentKind, Visibility
from cercles.sources.circles import ACTION_KEYS, CIRCLE_KEYS, MEETING_KEYS, ROLE_KEYS
# The parsers' own patterns (private there): a rename in timeparse fails this import loudly, never silently.
from cercles.sources.timeparse import _DATE, _DATETIME, _DURATION, DATE_HINT, DATETIME_HINT, DURATION_HINT

JsonSchema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = Path("schemas")
"""Where the schemas live, relative to the project folder (``cercles new`` points new files there)."""
CIRCLE_SCHEMA_FILE = "cercle.schema.json"
MOMENT_SCHEMA_FILE = "moment.schema.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="
"""The first line of a source file: the Red Hat YAML extension reads the schema's path from it."""


class SchemaDrift(Exception):
    """The model and this module disagree: a key without a description, or a description without a key."""


# --- value shapes -----------------------------------------------------------------------------------
#
# Each helper returns the shape of one value. Optional keys also accept ``null``: the readers
# treat « budget: » left empty as absent, so an editor must not flag it.


def _nullable(schema: JsonSchema, nullable: bool) -> JsonSchema:
    """Add ``null`` to the accepted types of an optional key."""
    if not nullable:
        return schema
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*types, "null"]}


def _case_insensitive(pattern: str) -> str:
    """``h`` → ``[hH]``: JSON Schema patterns have no flags, and the duration parser lowercases first."""
    out: list[str] = []
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index:index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        if char.isascii() and char.isalpha():
            both = char.lower() + char.upper()
            out.append(both if in_class else f"[{both}]")
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _time_of_day_pattern() -> str:
    """The time part of the date-time parser (« 20:30 », « 20h30 »): how ``fin`` may be written alone.

    ``agenda_schema`` reads a ``fin`` without a date by prefixing the start's date, so the time
    alone must match the tail of the date-time pattern, after its date-time separator.
    """
    date_part, separator, time_part = _DATETIME.pattern.partition("[ T]")
    if not separator or not date_part.startswith("^"):
        raise SchemaDrift(f"the date-time pattern changed shape: {_DATETIME.pattern!r}")
    return "^" + time_part


def _yaml11_boolean_words() -> str:
    """The words PyYAML reads as booleans (« yes », « On »…), as one pattern.

    The build reads sources as YAML 1.1, where ``referent: yes`` is true; the editor reads
    YAML 1.2, where it is the text "yes". Accepting these texts keeps the editor from flagging
    what ``cercles check`` accepts.
    """
    for tag, regexp in Resolver.yaml_implicit_resolvers.get("y", []):
        if tag == "tag:yaml.org,2002:bool":
            return re.sub(r"\s+", "", regexp.pattern)
    raise SchemaDrift("PyYAML no longer declares a boolean resolver for « yes »")


IDENTIFIER_MESSAGE = ("Identifiant invalide : seulement des minuscules sans accent, des chiffres et des tirets, "
                      "par exemple « referent-budget ».")


def _text(*, nullable: bool, max_length: int | None = None, required: bool = False) -> JsonSchema:
    """A text; a required one must hold a word (the reader strips spaces, then refuses an empty text)."""
    schema: JsonSchema = {"type": "string"}
    if required:
        schema |= {"minLength": 1, "pattern": r"\S", "patternErrorMessage": "Le texte est vide : écrivez au moins un mot."}
    if max_length is not None:
        schema["maxLength"] = max_length
    return _nullable(schema, nullable)


def _text_list(*, nullable: bool) -> JsonSchema:
    """A list of texts, one per line after a dash; a single text is refused (an indentation slip)."""
    item: JsonSchema = {"type": "string", "pattern": r"\S", "maxLength": MAX_TEXT_LENGTH,
                        "patternErrorMessage": "Élément vide : écrivez une phrase après le tiret."}
    return _nullable({"type": "array", "items": item}, nullable)


def _identifier(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": IDENTIFIER.pattern, "patternErrorMessage": IDENTIFIER_MESSAGE}, nullable)


def _identifier_list(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "array", "items": _identifier(nullable=False)}, nullable)


def _boolean(*, nullable: bool) -> JsonSchema:
    """``true``/``false``, or a YAML 1.1 spelling (« yes ») that the build reads as a boolean."""
    return _nullable({"type": ["boolean", "string"], "pattern": _yaml11_boolean_words(),
                      "patternErrorMessage": "Écrivez « true » (oui) ou « false » (non)."}, nullable)


def _choice(enum: type[Enum], descriptions: Mapping[Any, str], *, nullable: bool) -> JsonSchema:
    """One word of a closed list, taken from the model's enum, each word explained in completion."""
    missing = [member.name for member in enum if member not in descriptions]
    if missing:
        raise SchemaDrift(f"{enum.__name__} values without a description: {', '.join(missing)}")
    values = [member.value for member in enum]
    schema: JsonSchema = {"type": "string", "enum": values,
                          "enumDescriptions": [descriptions[member] for member in enum]}
    if nullable:
        schema = {**schema, "type": ["string", "null"], "enum": [*values, None],
                  "enumDescriptions": [*schema["enumDescriptions"], "(vide : la valeur par défaut)"]}
    return schema


def _date(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": _DATE.pattern, "patternErrorMessage": f"Date illisible : {DATE_HINT}."},
                     nullable)


def _datetime(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": _DATETIME.pattern,
                      "patternErrorMessage": f"Date et heure illisibles : {DATETIME_HINT}."}, nullable)


def _duration(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": _case_insensitive(_DURATION.pattern),
                      "patternErrorMessage": f"Durée illisible : {DURATION_HINT}."}, nullable)


def _end(*, nullable: bool) -> JsonSchema:
    """``fin``: a time the same day (« 20:30 ») or a full date and time.

    YAML 1.1 editors read an unquoted ``20:30`` as the number 1230 (base 60); the build reads the
    text as typed, so a whole number is accepted too.
    """
    pattern = f"(?:{_DATETIME.pattern})|(?:{_time_of_day_pattern()})"
    return _nullable({"type": ["string", "integer"], "pattern": pattern, "minimum": 0,
                      "patternErrorMessage": "Heure de fin illisible : écrivez l'heure, par exemple « 20:30 », "
                                             "ou la date et l'heure, par exemple « 2027-01-25 20:30 »."}, nullable)


def _list_of(item: JsonSchema, *, nullable: bool) -> JsonSchema:
    return _nullable({"type": "array", "items": item}, nullable)


# --- keys, what they are for, and which are required ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping: a builder of its value's shape and its French description."""

    shape: Callable[..., JsonSchema]
    """Called with ``nullable=`` (True unless the key is required) and returns the value's schema."""
    description: str


def _mapping(keys: Sequence[str], described: Mapping[str, Key], *, required: Iterable[str], what: str,
             description: str, extra: JsonSchema | None = None) -> JsonSchema:
    """A closed mapping whose properties are exactly the model's ``keys``, in the model's order."""
    required = tuple(required)
    undescribed = [key for key in keys if key not in described]
    stale = [key for key in described if key not in keys]
    unknown_required = [key for key in required if key not in keys]
    if undescribed or stale or unknown_required:
        raise SchemaDrift(f"{what}: keys without a description {undescribed}, descriptions of unknown keys {stale}, "
                          f"required keys unknown to the model {unknown_required}")
    properties = {key: {**described[key].shape(nullable=key not in required), "description": described[key].description}
                  for key in keys}
    schema: JsonSchema = {"type": "object", "description": description, "properties": properties,
                          "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema | (extra or {})


CIRCLE_TYPE_DESCRIPTIONS = {circle_type: circle_type.label for circle_type in CircleType}
MOMENT_KIND_DESCRIPTIONS = {kind: kind.label for kind in MomentKind}
VISIBILITY_DESCRIPTIONS = {
    Visibility.PUBLIC: "public : sur l'agenda du site et dans le calendrier auquel chacun peut s'abonner",
    Visibility.INTERNAL: "interne : seulement dans le calendrier des membres ; le site n'en dit que le type et le rythme",
    Visibility.CONFIDENTIAL: "confidentiel : nulle part, ni sur le site ni dans le calendrier des membres",
}


def _role_keys(owner: str) -> dict[str, Key]:
    return {
        "id": Key(_identifier, "Identifiant du rôle, unique dans " + owner + " : minuscules sans accent, chiffres et "
                               "tirets. Il fait partie de l'adresse du rôle sur le site. Exemple : « referent-budget »."),
        "nom": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_NAME_LENGTH, required=not nullable),
                   "Nom du rôle affiché sur le site. Exemple : « Référent·e budget de Fabriquer »."),
        "raison_d_etre": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_TEXT_LENGTH),
                             "Pourquoi ce rôle existe, en une phrase (facultatif). "
                             "Exemple : « Faire vivre le collectif du cercle »."),
        "redevabilites": Key(_text_list, "Ce que le rôle s'engage à faire, une redevabilité par ligne après un tiret. "
                                         "Exemple :\n  - Tenir le tableau budgétaire du cercle à jour"),
        "titulaires": Key(_identifier_list, "Qui tient le rôle : les identifiants des personnes, tels qu'écrits dans "
                                            "personnes.yaml. Exemple : « [alice, bob] ». Laissez vide si personne "
                                            "n'est encore désigné (« à préciser » sur le site)."),
        "coordination": Key(_boolean, "true si ce rôle coordonne " + owner
                            + (" (chaque cercle en a au moins un)" if owner == "le cercle" else "")
                            + ". Exemple : « coordination: true »."),
        "referent": Key(_boolean, "true si ce rôle est le ou la référent·e d'une action (il en faut un par action). "
                                  "Exemple : « referent: true »."),
        "referent_budget": Key(_boolean, "true si ce rôle tient le budget du cercle et participe aux points "
                                         "budgétaires. Exemple : « referent_budget: true »."),
    }


ROLE_OWNERS = {"le cercle": "Un rôle du cercle", "l'action": "Un rôle de l'action"}


def role_schema(owner: str) -> JsonSchema:
    """One role of a circle (``owner`` « le cercle ») or of an action (« l'action »): one reader serves both."""
    return _mapping(ROLE_KEYS, _role_keys(owner), required=("id", "nom"), what=f"role of {owner}",
                    description=f"{ROLE_OWNERS[owner]} : identifiant, nom, redevabilités et titulaires.")


def action_schema() -> JsonSchema:
    """One action (sub-circle) carried by a circle."""
    keys = {
        "id": Key(_identifier, "Identifiant de l'action, unique dans toute l'organisation (il sert d'adresse sur le "
                               "site) : minuscules sans accent, chiffres et tirets. Exemple : « points-budgetaires »."),
        "nom": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_NAME_LENGTH, required=not nullable),
                   "Nom de l'action affiché sur le site. Exemple : « Points budgétaires mensuels »."),
        "raison_d_etre": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_TEXT_LENGTH),
                             "Pourquoi cette action existe, en une phrase ou deux. Exemple : « Réunir chaque mois "
                             "les référent·es budget des cercles »."),
        "roles": Key(lambda nullable: _list_of(role_schema("l'action"), nullable=nullable),
                     "Les rôles de l'action ; l'un d'eux a « referent: true ». Chaque rôle commence par un tiret "
                     "et « id: »."),
        "code_analytique": Key(lambda nullable: _text(nullable=nullable),
                               "Code analytique de l'action dans la comptabilité, entre guillemets. "
                               "Exemple : « code_analytique: \"B-02\" »."),
    }
    return _mapping(ACTION_KEYS, keys, required=("id", "nom"), what="action",
                    description="Une action (sous-cercle) portée par le cercle : identifiant, nom, raison d'être et rôles.")


def _schedule_keys(*, meeting: bool) -> dict[str, Key]:
    """The when and where shared by agenda files and a circle's ``reunions`` block."""
    visibility_default = " Par défaut pour les réunions : interne." if meeting else ""
    return {
        "rythme": Key(lambda nullable: _text(nullable=nullable, required=not nullable),
                      "Quand le moment revient, en français : « chaque mercredi », « dernier lundi du mois », "
                      "« chaque trimestre », « toutes les 2 semaines »… Sans rythme, le moment n'a lieu qu'une fois."
                      + (" Obligatoire quand « debut » n'est pas donné." if meeting else "")),
        "debut": Key(_datetime, "Date et heure de la première fois (AAAA-MM-JJ HH:MM). Exemple : « 2027-01-25 18:30 »."
                                + (" Avec « debut », les réunions entrent dans l'agenda des membres." if meeting
                                   else " Avec un rythme, le début doit tomber dessus.")),
        "duree": Key(_duration, "Durée de chaque fois : « 2h », « 1h30 » ou « 45 min » (2h si rien n'est dit). "
                                "Ne la donnez pas en même temps que « fin »."),
        "fin": Key(_end, "Heure de fin, entre guillemets : « fin: \"20:30\" », ou date et heure de fin "
                         "« 2027-01-25 20:30 ». À la place de « duree », pas en plus."),
        "jusqu_au": Key(_date, "Dernière date d'un moment qui revient (AAAA-MM-JJ). Exemple : « 2027-06-30 »."),
        "lieu": Key(lambda nullable: _text(nullable=nullable), "Où cela se passe. Exemple : « La Raffinerie »."),
        "visibilite": Key(lambda nullable: _choice(Visibility, VISIBILITY_DESCRIPTIONS, nullable=nullable),
                          "« public » : sur l'agenda du site et dans le calendrier public ; « interne » : "
                          "seulement dans le calendrier des membres (le site n'en dit que le type et le rythme) ; "
                          "« confidentiel » : nulle part." + visibility_default),
        "description": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_TEXT_LENGTH),
                           "Ce que l'on y fait, en quelques phrases. Pour un texte long, écrivez « description: >- » "
                           "puis le texte en retrait sur les lignes suivantes."),
        "exceptions": Key(lambda nullable: _list_of(exception_schema(), nullable=nullable),
                          "Les dates annulées ou déplacées d'un moment qui revient. Exemple :\n"
                          "  - date: 2027-12-27\n    annule: true"),
        "a_confirmer": Key(_boolean, "true tant que la date ou l'heure ne sont pas sûres : le site affiche "
                                     "« horaire à confirmer ». Exemple : « a_confirmer: true »."),
    }


def exception_schema() -> JsonSchema:
    """One cancelled or moved occurrence of a recurring moment."""
    keys = {
        "date": Key(_date, "La date de la fois concernée, telle que prévue par le rythme (AAAA-MM-JJ). "
                           "Exemple : « 2027-12-27 »."),
        "annule": Key(_boolean, "true si cette fois est annulée. Exemple : « annule: true »."),
        "deplace_au": Key(_datetime, "La nouvelle date et heure si cette fois est déplacée (AAAA-MM-JJ HH:MM). "
                                     "Exemple : « 2027-06-29 19:00 »."),
    }
    either = {"anyOf": [{"required": ["annule"]}, {"required": ["deplace_au"]}]}
    return _mapping(EXCEPTION_KEYS, keys, required=("date",), what="exception", extra=either,
                    description="Une date annulée (« annule: true ») ou déplacée (« deplace_au: … »).")


def meetings_schema() -> JsonSchema:
    """A circle's ``reunions`` block: a rhythm, and with ``debut`` a full moment of the agenda."""
    keys = {"note": Key(lambda nullable: _text(nullable=nullable),
                        "Une précision affichée avec le rythme. Exemple : « au minimum une fois par trimestre »."),
            **_schedule_keys(meeting=True)}
    rhythm_or_start = {"anyOf": [{"required": ["debut"], "properties": {"debut": {"type": "string"}}},
                                 {"required": ["rythme"]}]}
    return _mapping(MEETING_KEYS, keys, required=(), what="reunions", extra=rhythm_or_start,
                    description="Les réunions opérationnelles du cercle : au moins « rythme: chaque trimestre » ; "
                                "avec « debut », elles entrent aussi dans l'agenda des membres.")


def circle_schema() -> JsonSchema:
    """The schema of ``circles/<id>.yaml``."""
    keys = {
        "nom": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_NAME_LENGTH, required=not nullable),
                   "Nom du cercle affiché sur le site, avec accents et majuscules. Exemple : « Fabriquer »."),
        "type": Key(lambda nullable: _choice(CircleType, CIRCLE_TYPE_DESCRIPTIONS, nullable=nullable),
                    "Le genre de cercle : « projet » (il porte des activités), « support » (il sert les autres "
                    "cercles) ou « bureau » (le bureau collégial, un seul par organisation)."),
        "raison_d_etre": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_TEXT_LENGTH, required=not nullable),
                             "Pourquoi ce cercle existe, en une phrase ou deux. Pour un texte long, écrivez "
                             "« raison_d_etre: >- » puis le texte en retrait sur les lignes suivantes."),
        "domaines": Key(_text_list, "Ce sur quoi le cercle décide seul, un domaine par ligne après un tiret. "
                                    "Exemple :\n  - Ateliers et espaces dédiés au faire"),
        "roles": Key(lambda nullable: _list_of(role_schema("le cercle"), nullable=nullable),
                     "Les rôles du cercle, chacun commençant par un tiret et « id: » ; au moins un a "
                     "« coordination: true »."),
        "code_analytique": Key(lambda nullable: _text(nullable=nullable),
                               "Code analytique du cercle dans la comptabilité, entre guillemets. "
                               "Exemple : « code_analytique: \"F-01\" »."),
        "budget": Key(lambda nullable: _text(nullable=nullable),
                      "Où se trouve le tableau budgétaire du cercle. Exemple : « Tableur partagé, onglet Fabriquer »."),
        "reunions": Key(lambda nullable: _nullable(meetings_schema(), nullable),
                        "Les réunions opérationnelles du cercle. Exemple :\n  rythme: chaque trimestre\n"
                        "  debut: 2027-01-12 18:30\n  duree: 2h"),
        "actions": Key(lambda nullable: _list_of(action_schema(), nullable=nullable),
                       "Les actions (sous-cercles) que porte le cercle, chacune commençant par un tiret et « id: »."),
        "parent": Key(_identifier, "Si ce cercle est un sous-cercle : l'identifiant de son cercle parent, c'est-à-dire "
                                   "le nom de son fichier sans « .yaml ». Exemple : « fabriquer »."),
    }
    schema = _mapping(CIRCLE_KEYS, keys, required=("nom", "type", "raison_d_etre"), what="circle",
                      description="Un cercle de l'organisation. Le nom du fichier (sans « .yaml ») est son identifiant "
                                  "et son adresse sur le site : minuscules sans accent, chiffres et tirets.")
    return {"$schema": DIALECT, "title": "Cercle (un fichier du dossier circles)", **schema}


def moment_schema() -> JsonSchema:
    """The schema of ``content/agenda/<id>.yaml``."""
    keys = {
        "titre": Key(lambda nullable: _text(nullable=nullable, max_length=MAX_NAME_LENGTH, required=not nullable),
                     "Titre affiché dans l'agenda. Exemple : « Atelier réparation de vélos »."),
        "type": Key(lambda nullable: _choice(MomentKind, MOMENT_KIND_DESCRIPTIONS, nullable=nullable),
                    "Le genre de moment, par exemple « atelier », « permanence » ou « interpoles »."),
        "cercle": Key(_identifier, "Le cercle qui organise le moment : le nom de son fichier dans circles/, sans "
                                   "« .yaml ». Exemple : « fabriquer »."),
        **_schedule_keys(meeting=False),
    }
    schema = _mapping(MOMENT_KEYS, keys, required=("titre", "type", "cercle", "debut", "visibilite"), what="moment",
                      description="Un moment de l'agenda : ponctuel, ou qui revient avec un « rythme ». Le nom du "
                                  "fichier (sans « .yaml ») est son identifiant : ne le changez plus une fois annoncé.")
    return {"$schema": DIALECT, "title": "Moment de l'agenda (un fichier du dossier content/agenda)", **schema}


# --- files --------------------------------------------------------------------------------------------


def render(schema: JsonSchema) -> str:
    """Deterministic text: sorted keys, two-space indent, UTF-8 accents kept, one trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """Every schema file's name and text, as the model describes them now."""
    return {CIRCLE_SCHEMA_FILE: render(circle_schema()), MOMENT_SCHEMA_FILE: render(moment_schema())}


def stale_files(folder: Path) -> list[str]:
    """The schema files of ``folder`` that are missing or differ from what the model generates."""
    stale = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into ``folder`` (created if needed); return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        with path.open("w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cercles.tools.schemas [--check] [--dir schemas]``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m cercles.tools.schemas",
                                     description="Write the JSON Schemas of circle and agenda files from the model.")
    parser.add_argument("--dir", type=Path, default=SCHEMAS_DIR, help="output folder (default: ./schemas)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the committed schemas differ from the model")
    arguments = parser.parse_args(argv)
    folder: Path = arguments.dir
    if arguments.check:
        stale = stale_files(folder)
        if stale:
            print(f"{', '.join(str(folder / name) for name in stale)}: out of date with the model "
                  f"(generator/schema.py, generator/agenda_schema.py, generator/model.py). "
                  f"Regenerate with: python -m cercles.tools.schemas", file=sys.stderr)
            return 1
        print(f"{folder}: JSON Schemas up to date.")
        return 0
    for path in write_schemas(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
