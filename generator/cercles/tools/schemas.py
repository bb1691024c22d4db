"""JSON Schemas of the volunteers' source files, built from the declared source format (``sources/format.py``).

Editors such as VS Code with Red Hat's YAML extension read ``schemas/cercle.schema.json`` and
``schemas/moment.schema.json`` (named on the first line of each source file) to complete keys,
show a French description on hover and underline a misspelt key or an unknown ``type`` while
the volunteer types, long before ``cercles check`` runs.

One source of truth: the keys, limits, required keys, descriptions, examples and allowed words
(the model's enums) come from the tables of ``cercles.sources.format``, the same ones the readers
use; the patterns of dates, durations and ids are the parsers' own regular expressions. This
module only turns each declared type into a JSON shape.

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
import textwrap
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import Resolver

from cercles.text import IDENTIFIER
from cercles.sources.format import CIRCLE, MOMENT, PLACE, Field, Form, Type
from cercles.sources.schema_files import CIRCLE_SCHEMA_FILE, MOMENT_SCHEMA_FILE, PLACES_SCHEMA_FILE, SCHEMAS_DIR
# The parsers' own patterns: a rename in timeparse fails this import loudly, never silently.
from cercles.sources.timeparse import (DATE_HINT, DATE_PATTERN, DATETIME_HINT, DATETIME_PATTERN, DURATION_HINT,
                                       DURATION_PATTERN)

JsonSchema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class SchemaDrift(Exception):
    """A parser or PyYAML changed in a way the schema can no longer follow."""


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
    date_part, separator, time_part = DATETIME_PATTERN.pattern.partition("[ T]")
    if not separator or not date_part.startswith("^"):
        raise SchemaDrift(f"the date-time pattern changed shape: {DATETIME_PATTERN.pattern!r}")
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


def _text(*, nullable: bool, max_length: int | None, required: bool) -> JsonSchema:
    """A text; a required one must hold a word (the reader strips spaces, then refuses an empty text)."""
    schema: JsonSchema = {"type": "string"}
    if required:
        schema |= {"minLength": 1, "pattern": r"\S", "patternErrorMessage": "Le texte est vide : écrivez au moins un mot."}
    if max_length is not None:
        schema["maxLength"] = max_length
    return _nullable(schema, nullable)


def _text_list(*, nullable: bool, max_length: int | None) -> JsonSchema:
    """A list of texts, one per line after a dash; a single text is refused (an indentation slip)."""
    item: JsonSchema = {"type": "string", "pattern": r"\S", "patternErrorMessage": "Élément vide : écrivez une phrase après le tiret."}
    if max_length is not None:
        item["maxLength"] = max_length
    return _nullable({"type": "array", "items": item}, nullable)


def _identifier(*, nullable: bool, max_length: int | None) -> JsonSchema:
    schema: JsonSchema = {"type": "string", "pattern": IDENTIFIER.pattern, "patternErrorMessage": IDENTIFIER_MESSAGE}
    if max_length is not None:
        schema["maxLength"] = max_length
    return _nullable(schema, nullable)


def _boolean(*, nullable: bool) -> JsonSchema:
    """``true``/``false``, or a YAML 1.1 spelling (« yes ») that the build reads as a boolean."""
    return _nullable({"type": ["boolean", "string"], "pattern": _yaml11_boolean_words(),
                      "patternErrorMessage": "Écrivez « true » (oui) ou « false » (non)."}, nullable)


def _choice(spec: Field, *, nullable: bool) -> JsonSchema:
    """One word of a closed list, taken from the model's enum, each word explained in completion."""
    values: list[str | None] = list(spec.values)
    described = [f"{value} : {spec.help_of(member)}" for value, member in spec.values.items()]
    if nullable:
        return {"type": ["string", "null"], "enum": [*values, None],
                "enumDescriptions": [*described, "(vide : la valeur par défaut)"]}
    return {"type": "string", "enum": values, "enumDescriptions": described}


def _date(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": DATE_PATTERN.pattern, "patternErrorMessage": f"Date illisible : {DATE_HINT}."},
                     nullable)


def _datetime(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": DATETIME_PATTERN.pattern,
                      "patternErrorMessage": f"Date et heure illisibles : {DATETIME_HINT}."}, nullable)


def _duration(*, nullable: bool) -> JsonSchema:
    return _nullable({"type": "string", "pattern": _case_insensitive(DURATION_PATTERN.pattern),
                      "patternErrorMessage": f"Durée illisible : {DURATION_HINT}."}, nullable)


def _end(*, nullable: bool) -> JsonSchema:
    """``fin``: a time the same day (« 20:30 ») or a full date and time.

    YAML 1.1 editors read an unquoted ``20:30`` as the number 1230 (base 60); the build reads the
    text as typed, so a whole number is accepted too.
    """
    pattern = f"(?:{DATETIME_PATTERN.pattern})|(?:{_time_of_day_pattern()})"
    return _nullable({"type": ["string", "integer"], "pattern": pattern, "minimum": 0,
                      "patternErrorMessage": "Heure de fin illisible : écrivez l'heure, par exemple « 20:30 », "
                                             "ou la date et l'heure, par exemple « 2027-01-25 20:30 »."}, nullable)


def _coordinates(*, nullable: bool) -> JsonSchema:
    """``[latitude, longitude]``: two numbers in degrees."""
    return _nullable({"type": "array", "minItems": 2, "maxItems": 2,
                      "prefixItems": [{"type": "number", "minimum": -90, "maximum": 90},
                                      {"type": "number", "minimum": -180, "maximum": 180}]}, nullable)


def _shape(spec: Field) -> JsonSchema:
    """The JSON shape of one declared key, from its type and limit; optional keys also accept ``null``."""
    nullable = not spec.required
    kind = spec.kind
    if kind in (Type.TEXT, Type.NAME, Type.RHYTHM):
        return _text(nullable=nullable, max_length=spec.limit, required=spec.required)
    if kind is Type.ID:
        return _identifier(nullable=nullable, max_length=spec.limit)
    if kind is Type.TEXT_LIST:
        return _text_list(nullable=nullable, max_length=spec.limit)
    if kind is Type.CHOICE:
        return _choice(spec, nullable=nullable)
    if spec.form is not None:
        nested = form_schema(spec.form)
        if spec.shorthand is not None:
            # « - alice » or « - personne: alice » with more keys. A string or a mapping, chosen by
            # if/then/else rather than oneOf, so that an editor flags the faulty key inside the
            # mapping instead of the whole item.
            nested = {"type": ["string", "object"], "if": {"type": "string"},
                      "then": _shape(spec.form[spec.shorthand]), "else": nested}
        return _nullable(nested if kind is Type.MAPPING else {"type": "array", "items": nested}, nullable)
    if kind is Type.URL:
        return _nullable({"type": "string", "pattern": r"^https?://[^\s/]+\S*$", "maxLength": spec.limit,
                          "patternErrorMessage": "Adresse web illisible : écrivez l'adresse complète, commençant par https://."},
                         nullable)
    simple: dict[Type, Callable[..., JsonSchema]] = {Type.BOOLEAN: _boolean, Type.DATE: _date, Type.DATETIME: _datetime,
                                                     Type.DURATION: _duration, Type.END: _end, Type.COORDINATES: _coordinates}
    return simple[kind](nullable=nullable)


def _as_json(value: Any) -> Any:
    """A value read from YAML 1.1 as the editor sees it (YAML 1.2): dates stay the text typed."""
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value


def _property(spec: Field) -> JsonSchema:
    """A key's schema: its shape, its French description with the example, the example and default as values."""
    example = spec.as_yaml()
    shown = f" : « {example} »." if "\n" not in example else " :\n" + textwrap.indent(example, "  ")
    schema: JsonSchema = {**_shape(spec), "description": f"{spec.explanation} Exemple{shown}",
                          "examples": [_as_json(yaml.safe_load(example)[spec.key])]}
    if spec.default is not None:
        schema["default"] = spec.default
    return schema


def form_schema(form: Form) -> JsonSchema:
    """A closed mapping whose properties are exactly the form's keys, in the form's order."""
    schema: JsonSchema = {"type": "object", "description": form.description,
                          "properties": {spec.key: _property(spec) for spec in form},
                          "additionalProperties": False}
    if form.required:
        schema["required"] = list(form.required)
    if form.at_least_one_of:
        schema["anyOf"] = [{"required": [key], "properties": {key: {"not": {"type": "null"}}}} for key in form.at_least_one_of]
    return schema


def circle_schema() -> JsonSchema:
    """The schema of ``circles/<id>.yaml``."""
    return {"$schema": DIALECT, "title": "Cercle (un fichier du dossier circles)", **form_schema(CIRCLE)}


def moment_schema() -> JsonSchema:
    """The schema of ``content/agenda/<id>.yaml``."""
    return {"$schema": DIALECT, "title": "Moment de l'agenda (un fichier du dossier content/agenda)", **form_schema(MOMENT)}


def places_schema() -> JsonSchema:
    """The schema of ``lieux.yaml``: identifiers, each holding one place."""
    return {"$schema": DIALECT, "title": "Les lieux (lieux.yaml)", "type": "object", "description": PLACE.description,
            "propertyNames": {"pattern": IDENTIFIER.pattern, "patternErrorMessage": IDENTIFIER_MESSAGE},
            "additionalProperties": form_schema(PLACE)}


# --- files --------------------------------------------------------------------------------------------


def render(schema: JsonSchema) -> str:
    """Deterministic text: sorted keys, two-space indent, UTF-8 accents kept, one trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """Every schema file's name and text, as the model describes them now."""
    return {CIRCLE_SCHEMA_FILE: render(circle_schema()), MOMENT_SCHEMA_FILE: render(moment_schema()),
            PLACES_SCHEMA_FILE: render(places_schema())}


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
                  f"(generator/cercles/sources/format.py, generator/cercles/model.py). "
                  f"Regenerate with: python -m cercles.tools.schemas", file=sys.stderr)
            return 1
        print(f"{folder}: JSON Schemas up to date.")
        return 0
    for path in write_schemas(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
