"""The JSON Schemas editors use (schemas/*.schema.json): generated from the model, and in step with ``cercles check``.

An editor that underlines what the build accepts teaches volunteers to ignore it; one that
accepts a misspelt key hides the mistake until the build. So the schemas are checked against
the readers themselves: the same inputs are given to both, and both must accept or refuse them,
pointing at the same field.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, REPO, run_command
from cercles.sources.format import ACTION, CIRCLE, EXCEPTION, MEETINGS, MOMENT, ROLE, Field, Type
from cercles.sources.moments import read_moment
from cercles.sources.problems import Problem, Severity
from cercles.sources.schema_files import MODELINE_PREFIX
from cercles.tools.schemas import (CIRCLE_SCHEMA_FILE, MOMENT_SCHEMA_FILE, circle_schema, main, moment_schema,
                                  schema_files)
from cercles.model import CircleType, MomentKind, Visibility
from cercles.sources.circles import Calendar, read_circle
from cercles.settings import DEFAULT_CADENCES
from cercles.sources.timeparse import TimeFormatError, parse_date, parse_datetime, parse_duration
from cercles.sources.yamlio import load_text

SCHEMAS = REPO / "schemas"
PETITE_ORGA = FIXTURES / "petite-orga"
CIRCLE_FOLDERS = [REPO / "circles", PETITE_ORGA / "circles"]
AGENDA_FOLDERS = [REPO / "content" / "agenda", PETITE_ORGA / "content" / "agenda"]


def yaml_files(folders: list[Path]) -> list[Path]:
    return sorted(path for folder in folders for path in folder.iterdir() if path.suffix in (".yaml", ".yml"))


SHIPPED = [(path, CIRCLE_SCHEMA_FILE) for path in yaml_files(CIRCLE_FOLDERS)] + \
          [(path, MOMENT_SCHEMA_FILE) for path in yaml_files(AGENDA_FOLDERS)]
CALENDAR = Calendar(timezone=ZoneInfo("Europe/Paris"), cadences=DEFAULT_CADENCES)


def shown(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


# --- how each side reads a file -----------------------------------------------------------------------


def editor_view(value: Any) -> Any:
    """The YAML as yaml-language-server validates it: dates stay the text typed (YAML 1.2 has no timestamps)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: editor_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [editor_view(item) for item in value]
    return value


def validator(schema_file: str) -> jsonschema.Draft202012Validator:
    schema = circle_schema() if schema_file == CIRCLE_SCHEMA_FILE else moment_schema()
    return jsonschema.Draft202012Validator(schema)


def schema_errors(text: str, schema_file: str) -> list[jsonschema.ValidationError]:
    return list(validator(schema_file).iter_errors(editor_view(yaml.safe_load(text))))


def field_name(path: Iterable[str | int]) -> str:
    """A JSON path in the words of ``cercles check``: ``roles[1].nom`` (lists counted from 1)."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def schema_fields(text: str, schema_file: str) -> set[str]:
    """The fields the schema refuses; an unknown or a missing key is named like the readers name it."""
    fields = set()
    for error in schema_errors(text, schema_file):
        base = field_name(error.absolute_path)
        if error.validator == "additionalProperties":
            keys = set(error.instance) - set(error.schema["properties"])
        elif error.validator == "required":
            keys = {key for key in error.validator_value if key not in error.instance}
        else:
            fields.add(base)
            continue
        fields.update(f"{base}.{key}" if base else key for key in keys)
    return fields


def reader_errors(text: str, schema_file: str, stem: str) -> list[Problem]:
    """The errors the build's own reader reports for one file (cross-file rules left out)."""
    problems: list[Problem] = []
    if schema_file == CIRCLE_SCHEMA_FILE:
        tree = load_text(text, f"circles/{stem}.yaml")
        read_circle(tree, stem, problems, CALENDAR)
    else:
        tree = load_text(text, f"content/agenda/{stem}.yaml")
        read_moment(tree, stem, problems, timezone=CALENDAR.timezone, cadences=CALENDAR.cadences)
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def reader_fields(text: str, schema_file: str, stem: str) -> set[str]:
    return {problem.field for problem in reader_errors(text, schema_file, stem)}


def fixture(relative: str) -> str:
    return (PETITE_ORGA / relative).read_text(encoding="utf-8")


def mutated(relative: str, old: str, new: str) -> str:
    text = fixture(relative)
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    return text.replace(old, new, 1)


# --- (a) the committed schemas are the model's ---------------------------------------------------------


def test_the_committed_schemas_are_what_the_model_generates_now() -> None:
    for name, text in schema_files().items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, \
            f"schemas/{name} is stale: run « python -m cercles.tools.schemas »"
    assert sorted(path.name for path in SCHEMAS.glob("*.json")) == sorted(schema_files())


def test_generation_is_deterministic_and_check_mode_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schema_files() == schema_files()
    assert main(["--dir", str(tmp_path)]) == 0
    for name, text in schema_files().items():
        written = (tmp_path / name).read_bytes()
        assert written == text.encode("utf-8")
        assert written.endswith(b"}\n") and not written.endswith(b"\n\n")
    capsys.readouterr()
    assert main(["--check", "--dir", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_mode_fails_with_a_clear_message_when_a_schema_is_stale(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    main(["--dir", str(tmp_path)])
    stale = tmp_path / MOMENT_SCHEMA_FILE
    stale.write_text(stale.read_text(encoding="utf-8").replace("interne", "internal"), encoding="utf-8")
    (tmp_path / CIRCLE_SCHEMA_FILE).unlink()
    capsys.readouterr()
    assert main(["--check", "--dir", str(tmp_path)]) == 1
    message = capsys.readouterr().err
    assert str(tmp_path / CIRCLE_SCHEMA_FILE) in message and str(stale) in message
    assert "out of date with the model" in message
    assert "python -m cercles.tools.schemas" in message
    assert stale.read_text(encoding="utf-8") != schema_files()[MOMENT_SCHEMA_FILE], "--check must write nothing"


def test_the_module_runs_as_a_command_in_check_mode() -> None:
    run = run_command(["python", "-m", "cercles.tools.schemas", "--check"], cwd=REPO)
    assert run.status == 0, run.output
    assert "up to date" in run.stdout


@pytest.mark.parametrize("make", [circle_schema, moment_schema])
def test_the_schemas_are_valid_for_2020_12_and_for_the_draft_07_editors_check(make: Any) -> None:
    """yaml-language-server meta-validates every schema against draft-07 before using it."""
    schema = make()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)


def test_keys_and_words_come_from_the_model() -> None:
    circle, moment = circle_schema(), moment_schema()
    role = circle["properties"]["roles"]["items"]
    action = circle["properties"]["actions"]["items"]
    meetings = circle["properties"]["reunions"]
    exception = moment["properties"]["exceptions"]["items"]
    for schema, keys in [(circle, CIRCLE.keys), (role, ROLE.keys), (action, ACTION.keys),
                         (action["properties"]["roles"]["items"], ROLE.keys), (meetings, MEETINGS.keys),
                         (moment, MOMENT.keys), (exception, EXCEPTION.keys),
                         (meetings["properties"]["exceptions"]["items"], EXCEPTION.keys)]:
        assert list(schema["properties"]) == list(keys)
        assert schema["additionalProperties"] is False
        assert all(prop["description"].strip() for prop in schema["properties"].values())
    assert circle["properties"]["type"]["enum"] == [circle_type.value for circle_type in CircleType]
    assert moment["properties"]["type"]["enum"] == [kind.value for kind in MomentKind]
    assert moment["properties"]["visibilite"]["enum"] == [visibility.value for visibility in Visibility]
    assert circle["required"] == ["nom", "type", "raison_d_etre"]
    assert sorted(moment["required"]) == sorted(["titre", "type", "cercle", "debut", "visibilite"])  # in the files' order


def test_a_key_declared_without_a_description_or_an_example_is_refused() -> None:
    """Descriptions live next to their key (sources/format.py): a key cannot reach the schema without one."""
    with pytest.raises(ValueError, match="couleur"):
        Field(key="couleur", kind=Type.TEXT, description=" ", example="vert")
    with pytest.raises(ValueError, match="couleur"):
        Field(key="couleur", kind=Type.TEXT, description="La couleur du cercle.", example="")


# --- (b) and (c) every shipped file points at its schema and validates ------------------------------------


def test_every_kind_of_shipped_file_is_covered() -> None:
    assert len([path for path, _ in SHIPPED if path.is_relative_to(PETITE_ORGA)]) >= 7
    assert len([path for path, _ in SHIPPED if not path.is_relative_to(PETITE_ORGA)]) >= 17


@pytest.mark.parametrize(("path", "schema_file"), SHIPPED, ids=[shown(path) for path, _ in SHIPPED])
def test_every_shipped_file_starts_with_the_modeline_of_its_schema(path: Path, schema_file: str) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(MODELINE_PREFIX), f"{shown(path)} must start with « {MODELINE_PREFIX}… »"
    reference = first_line.removeprefix(MODELINE_PREFIX)
    assert reference == Path(os.path.relpath(SCHEMAS / schema_file, path.parent)).as_posix()
    assert (path.parent / reference).resolve() == (SCHEMAS / schema_file).resolve()
    assert (path.parent / reference).is_file()


@pytest.mark.parametrize(("path", "schema_file"), SHIPPED, ids=[shown(path) for path, _ in SHIPPED])
def test_every_shipped_file_validates_against_its_schema(path: Path, schema_file: str) -> None:
    text = path.read_text(encoding="utf-8")
    errors = [f"{field_name(error.absolute_path) or '(racine)'}: {error.message}" for error in schema_errors(text, schema_file)]
    assert errors == []
    assert reader_errors(text, schema_file, path.stem) == [], "the build must accept every shipped file too"


def test_the_skeletons_of_cercles_new_validate_against_the_schemas() -> None:
    from cercles.tools.new import circle_skeleton, moment_skeleton

    for circle_type in CircleType:
        text = circle_skeleton("repair-cafe", circle_type, "../schemas/cercle.schema.json", ["fabriquer"], "personnes.yaml")
        assert text.startswith(f"{MODELINE_PREFIX}../schemas/{CIRCLE_SCHEMA_FILE}\n")
        assert schema_errors(text, CIRCLE_SCHEMA_FILE) == [], circle_type
    text = moment_skeleton("atelier-compost", "fabriquer", datetime(2027, 3, 10, 18, 30), "../../schemas/moment.schema.json",
                           "circles")
    assert text.startswith(f"{MODELINE_PREFIX}../../schemas/{MOMENT_SCHEMA_FILE}\n")
    assert schema_errors(text, MOMENT_SCHEMA_FILE) == []


# --- (d) the schema refuses what cercles check refuses, at the same field -------------------------------

REFUSED = {
    "unknown key": ("circles/outils.yaml", "domaines:", "domaine:", {"domaine"}),
    "unknown key in a role": ("circles/outils.yaml", "    coordination: true", "    coordinaton: true", {"roles[1].coordinaton"}),
    "unknown key in an action's role": ("circles/jardin.yaml", "        referent: true", "        referant: true",
                                        {"actions[1].roles[1].referant"}),
    "unknown key in the meetings": ("circles/outils.yaml", "  rythme: chaque trimestre", "  rythme: chaque trimestre\n  salle: B",
                                    {"reunions.salle"}),
    "unknown circle type": ("circles/outils.yaml", "type: support", "type: suport", {"type"}),
    "number as a name": ("circles/outils.yaml", "nom: Outils", "nom: 42", {"nom"}),
    "missing purpose": ("circles/outils.yaml", "raison_d_etre: Prêter des outils en bon état à tous les cercles.\n", "",
                        {"raison_d_etre"}),
    "role id with capitals": ("circles/outils.yaml", "- id: coordination", "- id: Coordination", {"roles[1].id"}),
    "action id with a space": ("circles/jardin.yaml", "- id: compost", "- id: Compost Partagé", {"actions[1].id"}),
    "text instead of a list": ("circles/outils.yaml", "domaines:\n  - Règles de prêt des outils",
                               "domaines: Règles de prêt des outils", {"domaines"}),
    "French word for a boolean": ("circles/outils.yaml", "coordination: true", "coordination: oui", {"roles[1].coordination"}),
    "unknown key in a moment": ("content/agenda/troc-de-graines.yaml", "lieu: Serre", "endroit: Serre", {"endroit"}),
    "unknown moment type": ("content/agenda/troc-de-graines.yaml", "type: atelier", "type: ateliers", {"type"}),
    "unknown visibility": ("content/agenda/troc-de-graines.yaml", "visibilite: public", "visibilite: publique", {"visibilite"}),
    "missing organiser": ("content/agenda/troc-de-graines.yaml", "cercle: jardin\n", "", {"cercle"}),
    "French date order": ("content/agenda/troc-de-graines.yaml", "debut: 2027-02-13 10:00", "debut: 13/02/2027 10:00", {"debut"}),
    "duration in words": ("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', "duree: 2 heures", {"duree"}),
    "end in words": ("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', 'fin: "midi et demi"', {"fin"}),
    "unknown key in an exception": ("content/agenda/conseil-du-jardin.yaml", "    annule: true",
                                    "    annule: true\n    motif: vacances", {"exceptions[1].motif"}),
    "exception date in French order": ("content/agenda/conseil-du-jardin.yaml", "- date: 2027-05-31", "- date: 31/05/2027",
                                       {"exceptions[1].date"}),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_schema_refuses_what_the_build_refuses_at_the_same_field(case: str) -> None:
    relative, old, new, fields = REFUSED[case]
    text = mutated(relative, old, new)
    schema_file = CIRCLE_SCHEMA_FILE if relative.startswith("circles/") else MOMENT_SCHEMA_FILE
    stem = Path(relative).stem
    assert reader_fields(text, schema_file, stem) == fields
    assert schema_fields(text, schema_file) == fields


ACCEPTED = {
    "YAML 1.1 yes": ("circles/outils.yaml", "coordination: true", "coordination: yes"),
    "empty optional text": ("circles/outils.yaml", "budget: Tableur partagé, onglet Outils", "budget:"),
    "empty optional list": ("circles/outils.yaml", "domaines:\n  - Règles de prêt des outils", "domaines:"),
    "meetings with a start and no rhythm": ("circles/jardin.yaml", "  rythme: dernier jeudi du mois",
                                            "  debut: 2027-01-28 18:30\n  duree: 1H30"),
    "unquoted end time (a number in YAML 1.1)": ("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', "fin: 12:30"),
    "end time with h": ("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', 'fin: "12h30"'),
    "end date and time": ("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', "fin: 2027-02-13 12:30"),
    "duration in minutes": ("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', "duree: 45 min"),
    "start with T": ("content/agenda/troc-de-graines.yaml", "debut: 2027-02-13 10:00", "debut: 2027-02-13T10:00"),
    "start with seconds (a timestamp in YAML 1.1)": ("content/agenda/troc-de-graines.yaml", "debut: 2027-02-13 10:00",
                                                     "debut: 2027-02-13 10:00:00"),
    "capitalised boolean": ("content/agenda/troc-de-graines.yaml", "lieu: Serre", "lieu: Serre\na_confirmer: Yes"),
    "moved occurrence": ("content/agenda/conseil-du-jardin.yaml", "    annule: true", "    deplace_au: 2027-06-01 18:30"),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_the_schema_accepts_what_the_build_accepts(case: str) -> None:
    """The editor must never flag a file that ``cercles check`` lets through."""
    relative, old, new = ACCEPTED[case]
    text = mutated(relative, old, new)
    schema_file = CIRCLE_SCHEMA_FILE if relative.startswith("circles/") else MOMENT_SCHEMA_FILE
    assert reader_errors(text, schema_file, Path(relative).stem) == []
    assert schema_fields(text, schema_file) == set()


def test_an_unknown_key_and_a_wrong_type_read_clearly_and_fail_cercles_check(organisation_dir: Path) -> None:
    circle = organisation_dir / "circles" / "outils.yaml"
    circle.write_text(circle.read_text(encoding="utf-8").replace("domaines:", "domaine:").replace("type: support", "type: suport"),
                      encoding="utf-8")
    errors = sorted(schema_errors(circle.read_text(encoding="utf-8"), CIRCLE_SCHEMA_FILE), key=lambda error: error.validator)
    assert [(error.validator, list(error.absolute_path), error.message) for error in errors] == [
        ("additionalProperties", [], "Additional properties are not allowed ('domaine' was unexpected)"),
        ("enum", ["type"], "'suport' is not one of ['bureau', 'projet', 'support']"),
    ]
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert re.search(r"^circles/outils.yaml:\d+:1: domaine: clé inconnue \(vouliez-vous dire « domaines » \?\)$",
                     run.stderr, re.MULTILINE), run.stderr
    assert re.search(r"^circles/outils.yaml:\d+:7: type: valeur « suport » inconnue \(vouliez-vous dire « support » \?\)$",
                     run.stderr, re.MULTILINE), run.stderr


# --- the patterns are the parsers' ---------------------------------------------------------------------


def pattern_of(schema: dict[str, Any], key: str) -> str:
    return str(schema["properties"][key]["pattern"])


def parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except TimeFormatError:
        return False
    return True


DATETIMES = ["2027-01-25 18:30", "2027-1-5 8:05", "2027-01-25T18:30", "2027-01-25 18h30", "2027-01-25 18:30:00",
             "2027-02-30 10:00", "25/01/2027 18:30", "2027-01-25", "2027-01-25 18:30:15", "2027-01-25 18.30", "demain"]
DATES = ["2027-06-30", "2027-6-3", "2027-02-30", "30/06/2027", "2027-06-30 18:30", "juin"]
DURATIONS = ["2h", "1h30", "45 min", "45min", "2 h", "1H30", "90 MIN", "0h", "400h", "2 heures", "1:30", "90", "h30"]
END_TIMES = ["20:30", "20h30", "20:30:00", "8:05", "2027-01-25 20:30", "20", "20h", "minuit"]


@pytest.mark.parametrize("text", DATETIMES)
def test_the_date_time_pattern_accepts_what_the_parser_reads(text: str) -> None:
    matched = re.search(pattern_of(moment_schema(), "debut"), text) is not None
    assert matched >= parses(parse_datetime, text), "the editor would flag a date-time the build reads"
    if not matched:
        assert not parses(parse_datetime, text)


@pytest.mark.parametrize("text", DATES)
def test_the_date_pattern_accepts_what_the_parser_reads(text: str) -> None:
    matched = re.search(pattern_of(moment_schema(), "jusqu_au"), text) is not None
    assert matched >= parses(parse_date, text)
    assert matched or not parses(parse_date, text)


@pytest.mark.parametrize("text", DURATIONS)
def test_the_duration_pattern_accepts_what_the_parser_reads(text: str) -> None:
    matched = re.search(pattern_of(moment_schema(), "duree"), text) is not None
    assert matched >= parses(parse_duration, text)
    assert matched or not parses(parse_duration, text)


@pytest.mark.parametrize("text", END_TIMES)
def test_the_end_pattern_accepts_what_the_reader_reads(text: str) -> None:
    moment = mutated("content/agenda/troc-de-graines.yaml", 'fin: "12:30"', f'fin: "{text}"')
    build_accepts = "fin" not in reader_fields(moment.replace("debut: 2027-02-13 10:00", "debut: 2027-01-25 08:00"),
                                               MOMENT_SCHEMA_FILE, "troc-de-graines")
    matched = re.search(pattern_of(moment_schema(), "fin"), text) is not None
    assert matched >= build_accepts
    assert matched or not build_accepts


def test_the_boolean_words_are_those_yaml_1_1_reads_as_booleans() -> None:
    pattern = pattern_of(circle_schema()["properties"]["roles"]["items"], "coordination")
    words = re.findall(r"[A-Za-z]+", pattern)
    assert {"yes", "No", "ON", "off", "true", "False"} <= set(words)
    for word in words:
        assert isinstance(yaml.safe_load(f"a: {word}")["a"], bool), word
    for word in ("oui", "non", "vrai", "y", "1"):
        assert re.search(pattern, word) is None, word
