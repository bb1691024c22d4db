"""The source format is declared once (``sources/format.py``): readers, schemas and skeletons all follow it.

A key added to a table must reach the reader, the JSON Schema and ``cercles new`` with no other
edit; a limit must be the same for the reader and for the editor's schema; every example the
tables show volunteers must be accepted by both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from cercles.sources.format import CIRCLE, FORMS, MOMENT, PERSON, Field, Form, Type
from cercles.sources.circles import read_people
from cercles.sources.problems import Problem, Severity
from cercles.sources.yamlio import load_text
from cercles.tools.schemas import CIRCLE_SCHEMA_FILE, MOMENT_SCHEMA_FILE
from test_jsonschema import reader_errors, schema_fields

NEW_KEY = ('    Field(key="tarif_reduit", kind=Type.TEXT, max_length=60, example="Prix libre",\n'
           '          description="Ce que coûte la participation."),\n')
ONE_EDIT_SCRIPT = """
import json, sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from cercles.sources.moments import read_moment
from cercles.sources.yamlio import load_text
from cercles.tools import schemas
from cercles.tools.import_grist import options as import_grist
from cercles.tools.new import moment_skeleton

base = "titre: Troc\\ntype: atelier\\ncercle: jardin\\nvisibilite: public\\ndebut: 2027-03-10 18:30\\n"
def problems(text):
    found = []
    read_moment(load_text(text, "content/agenda/troc.yaml"), "troc", found, timezone=ZoneInfo("Europe/Paris"), cadences={})
    return [str(problem) for problem in found]
schemas.main(["--dir", sys.argv[1]])
written = json.loads((Path(sys.argv[1]) / "moment.schema.json").read_text(encoding="utf-8"))
print(json.dumps({
    "package": schemas.__file__,
    "accepted": problems(base + "tarif_reduit: Prix libre\\n"),
    "too_long": problems(base + "tarif_reduit: " + "x" * 61 + "\\n"),
    "schema": written["properties"].get("tarif_reduit"),
    "skeleton": moment_skeleton("troc", "jardin", datetime(2027, 3, 10, 18, 30), "s.json", "circles"),
    "grist_columns": list(import_grist.IMPORTED_KEYS),
}))
"""


def test_a_new_optional_moment_key_is_one_edit_of_format_py(tmp_path: Path) -> None:
    """Add one ``Field`` to the moment table, in a copy of the package, and nothing else."""
    package = tmp_path / "code" / "cercles"
    shutil.copytree(REPO / "generator" / "cercles", package, ignore=shutil.ignore_patterns("__pycache__"))
    declared = package / "sources" / "format.py"
    text = declared.read_text(encoding="utf-8")
    anchor = "    *_schedule(meeting=False),\n))"
    assert text.count(anchor) == 1, "the moment table changed shape: update the anchor"
    declared.write_text(text.replace(anchor, NEW_KEY + anchor), encoding="utf-8")

    run = subprocess.run([sys.executable, "-c", ONE_EDIT_SCRIPT, str(tmp_path / "schemas")], cwd=tmp_path,
                         env={"PYTHONPATH": str(package.parent), "PATH": ""}, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    assert Path(result["package"]).is_relative_to(package), "the edited copy must be the one running"

    assert result["accepted"] == [], "the reader accepts the new key (no « clé inconnue »)"
    assert result["too_long"] == ["content/agenda/troc.yaml:6:15: tarif_reduit: texte trop long (61 caractères, maximum 60) "
                                  "(raccourcissez-le ; les détails vont dans la description)"]
    assert result["schema"]["description"] == "Ce que coûte la participation. Exemple : « tarif_reduit: Prix libre »."
    assert result["schema"]["maxLength"] == 60
    assert result["schema"]["examples"] == ["Prix libre"]
    assert "# Ce que coûte la participation.\n# tarif_reduit: Prix libre\n" in result["skeleton"]
    assert "tarif_reduit" in result["grist_columns"]


# --- limits: one number, read by both sides -------------------------------------------------------------


def _value(spec: Field) -> Any:
    """The declared example, as the YAML reader gives it back."""
    return yaml.safe_load(spec.as_yaml())[spec.key]


def _minimal(form: Form) -> dict[str, Any]:
    """A mapping with only the form's required keys, each holding its declared example."""
    return {spec.key: _value(spec) for spec in form if spec.required}


def _limited_fields() -> list[tuple[str, str, Field]]:
    """Every length-limited key a circle or moment file can hold: (schema file, path to the key's mapping, field)."""
    found = []
    for schema_file, form, path in [(CIRCLE_SCHEMA_FILE, CIRCLE, ""), (MOMENT_SCHEMA_FILE, MOMENT, "")]:
        stack = [(form, path)]
        while stack:
            current, where = stack.pop()
            for spec in current:
                if spec.form is not None:
                    stack.append((spec.form, f"{where}{spec.key}" + ("[1]" if spec.kind is Type.LIST else "") + "."))
                elif spec.kind in (Type.TEXT, Type.NAME, Type.ID, Type.TEXT_LIST):
                    found.append((schema_file, where, spec))
    return found


LIMITED = _limited_fields()


def _document(schema_file: str, where: str, spec: Field, length: int) -> tuple[str, str]:
    """A valid file whose ``spec`` key (at ``where``) holds a text of ``length`` characters; and that key's path."""
    form = CIRCLE if schema_file == CIRCLE_SCHEMA_FILE else MOMENT
    document = _minimal(form)
    mapping = document
    for part in filter(None, where.rstrip(".").split(".")):
        key = part.removesuffix("[1]")
        nested = form[key].form
        assert nested is not None
        inner = _minimal(nested) | ({"rythme": _value(nested["rythme"])} if nested.at_least_one_of else {})
        mapping[key] = [inner] if part.endswith("[1]") else inner
        mapping, form = inner, nested
    text = "a" * length
    is_list = spec.kind is Type.TEXT_LIST
    mapping[spec.key] = [text] if is_list else text
    return yaml.safe_dump(document, allow_unicode=True), f"{where}{spec.key}" + ("[1]" if is_list else "")


@pytest.mark.parametrize(("schema_file", "where", "spec"), LIMITED, ids=[f"{where}{spec.key}" for _, where, spec in LIMITED])
def test_every_length_limit_is_the_same_for_the_reader_and_the_schema(schema_file: str, where: str, spec: Field) -> None:
    limit = spec.limit
    assert limit is not None
    stem = "exemple"
    at_limit, field = _document(schema_file, where, spec, limit)
    assert field not in {problem.field for problem in reader_errors(at_limit, schema_file, stem)}
    assert field not in schema_fields(at_limit, schema_file)
    over, field = _document(schema_file, where, spec, limit + 1)
    refused = [problem for problem in reader_errors(over, schema_file, stem) if problem.field == field]
    assert refused and "trop long" in refused[0].message, f"the reader lets {limit + 1} characters through"
    assert field in schema_fields(over, schema_file), f"the schema lets {limit + 1} characters through"


def test_a_41_character_analytic_code_is_refused_by_the_reader_and_by_the_schema() -> None:
    text = yaml.safe_dump(_minimal(CIRCLE) | {"code_analytique": "F" * 41}, allow_unicode=True)
    assert [problem.message for problem in reader_errors(text, CIRCLE_SCHEMA_FILE, "fabriquer")] == [
        "texte trop long (41 caractères, maximum 40)"]
    assert schema_fields(text, CIRCLE_SCHEMA_FILE) == {"code_analytique"}
    forty = text.replace("F" * 41, "F" * 40)
    assert reader_errors(forty, CIRCLE_SCHEMA_FILE, "fabriquer") == [] and schema_fields(forty, CIRCLE_SCHEMA_FILE) == set()


# --- examples: what the tables show volunteers is valid ------------------------------------------------


def _all_examples(form: Form, *, leave_out: str) -> str:
    return "\n".join(spec.as_yaml() for spec in form if spec.key != leave_out) + "\n"


@pytest.mark.parametrize("leave_out", ["fin", "duree"])
def test_every_example_of_a_moment_is_accepted_by_the_reader_and_the_schema(leave_out: str) -> None:
    text = _all_examples(MOMENT, leave_out=leave_out)  # « duree » and « fin » are either-or
    assert reader_errors(text, MOMENT_SCHEMA_FILE, "atelier-velo") == []
    assert schema_fields(text, MOMENT_SCHEMA_FILE) == set()


def test_every_example_of_a_circle_is_accepted_by_the_reader_and_the_schema() -> None:
    text = _all_examples(CIRCLE, leave_out="")
    assert reader_errors(text, CIRCLE_SCHEMA_FILE, "fabriquer") == []
    assert schema_fields(text, CIRCLE_SCHEMA_FILE) == set()


def test_every_example_of_a_person_is_accepted_by_the_reader() -> None:
    problems: list[Problem] = []
    text = "alice-martin:\n" + "".join(f"  {line}\n" for spec in PERSON for line in spec.as_yaml().splitlines())
    people = read_people(load_text(text, "personnes.yaml"), problems)
    assert problems == []
    assert people["alice-martin"].name == PERSON["nom"].example


def test_a_hint_for_a_missing_key_comes_from_the_table() -> None:
    problems: list[Problem] = []
    from cercles.sources.fields import FieldReader

    reader = FieldReader(load_text("nom: Fabriquer\n", "circles/fabriquer.yaml"), "", problems, CIRCLE)
    reader.require("raison_d_etre")
    reader.require("type")
    assert [problem.hint for problem in problems] == [
        f"ajoutez « raison_d_etre: {CIRCLE['raison_d_etre'].placeholder} »",
        "ajoutez « type: l'un de : bureau, projet, support »",
    ]
    assert all(problem.severity is Severity.ERROR for problem in problems)


def test_every_table_declares_each_key_once_with_its_words() -> None:
    for form in FORMS:
        assert len(set(form.keys)) == len(form.keys), form.name
        for spec in form:
            assert spec.description.strip() and spec.example.strip(), f"{form.name}.{spec.key}"
            assert spec.key == spec.key.lower() and spec.key.isascii(), "French keys, snake_case without accents"
    with pytest.raises(ValueError, match="declared twice"):
        Form("double", "", (PERSON["nom"], PERSON["nom"]))
