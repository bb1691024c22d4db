"""Mandates with terms: « titulaires » items are an id or a mapping with dates; pages, check and the journal use them."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import run_command
from cercles.history.changes import differences, read_state
from cercles.history.wording import describe
from cercles.sources.circles import Calendar
from cercles.sources.format import ROLE
from cercles.sources.schema_files import CIRCLE_SCHEMA_FILE
from test_jsonschema import reader_errors, schema_fields
from test_pages import visible_text

JUNE_10, JULY_2, NEW_YEAR = "1812628800", "1814529600", "1798804800"
"""SOURCE_DATE_EPOCH at noon UTC on 2027-06-10, 2027-07-02 and 2027-01-01: « today » for check and the pages."""
SEAT_B = "    titulaires: [bob]\n    redevabilites: [Trancher en dernier recours]"
SEAT_B_WITH_TERM = ("    titulaires:\n      - personne: bob\n        elu_le: 2025-06-21\n        depuis: 2025-07-01\n"
                    "        jusqu_au: 2027-06-30\n    redevabilites: [Trancher en dernier recours]")
BOB_TERM = "Bob (élection du 21 juin 2025, depuis le 1er juillet 2025, jusqu'au 30 juin 2027)"


def _with_term(root: Path, text: str = SEAT_B_WITH_TERM) -> Path:
    bureau = root / "circles" / "bureau.yaml"
    source = bureau.read_text(encoding="utf-8")
    assert SEAT_B in source
    bureau.write_text(source.replace(SEAT_B, text), encoding="utf-8")
    return root


def test_pages_show_the_term_on_the_role_the_circle_and_who_does_what(organisation_dir: Path) -> None:
    root = _with_term(organisation_dir)
    run = run_command(["mkdocs", "build", "--strict"], cwd=root, env={"SOURCE_DATE_EPOCH": NEW_YEAR})
    assert run.status == 0, run.output
    site = root / "site"
    role = visible_text((site / "roles" / "bureau" / "b" / "index.html").read_text(encoding="utf-8"))
    assert f"Titulaires {BOB_TERM}" in role
    circle = visible_text((site / "cercles" / "bureau" / "index.html").read_text(encoding="utf-8"))
    assert f"Siège B · coordination — titulaires : {BOB_TERM}" in circle
    assert "Siège A · coordination — titulaires : Alice Siège B" in circle  # no term known: the name alone
    roles = visible_text((site / "roles" / "index.html").read_text(encoding="utf-8"))
    assert BOB_TERM in roles


def test_check_is_quiet_far_from_the_end_of_a_term(organisation_dir: Path) -> None:
    run = run_command(["cercles", "check", "--strict"], cwd=_with_term(organisation_dir), env={"SOURCE_DATE_EPOCH": NEW_YEAR})
    assert run.status == 0, run.output
    assert "mandat" not in run.output


def test_check_warns_when_a_term_ends_within_30_days_and_strict_refuses_it(organisation_dir: Path) -> None:
    root = _with_term(organisation_dir)
    warning = ("circles/bureau.yaml:15:19: titulaires: le mandat de Bob (rôle « Siège B ») se termine le 2027-06-30, "
               "dans 20 jours (renouvelez-le (nouvelle date « jusqu_au ») ou préparez la relève)")
    run = run_command(["cercles", "check"], cwd=root, env={"SOURCE_DATE_EPOCH": JUNE_10})
    assert run.status == 0, run.output
    assert warning in run.stdout
    strict = run_command(["cercles", "check", "--strict"], cwd=root, env={"SOURCE_DATE_EPOCH": JUNE_10})
    assert strict.status == 1
    assert warning in strict.stderr


def test_a_lapsed_term_is_a_warning_that_strict_turns_into_an_error(organisation_dir: Path) -> None:
    root = _with_term(organisation_dir)
    lapsed = ("circles/bureau.yaml:15:19: titulaires: le mandat de Bob (rôle « Siège B ») a pris fin le 2027-06-30 (prolongez-le avec une "
              "nouvelle date « jusqu_au », ou retirez la personne des titulaires)")
    run = run_command(["cercles", "check"], cwd=root, env={"SOURCE_DATE_EPOCH": JULY_2})
    assert run.status == 0 and lapsed in run.stdout, run.output
    strict = run_command(["cercles", "check", "--strict"], cwd=root, env={"SOURCE_DATE_EPOCH": JULY_2})
    assert strict.status == 1 and lapsed in strict.stderr


def test_the_warning_delay_is_a_setting(organisation_dir: Path) -> None:
    root = _with_term(organisation_dir)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - cercles\n", "  - cercles:\n      mandate_warning_days: 10\n"), encoding="utf-8")
    run = run_command(["cercles", "check", "--strict"], cwd=root, env={"SOURCE_DATE_EPOCH": JUNE_10})
    assert run.status == 0 and "mandat" not in run.output, run.output
    config.write_text(text.replace("  - cercles\n", "  - cercles:\n      mandate_warning_days: -3\n"), encoding="utf-8")
    run = run_command(["cercles", "check"], cwd=root)
    assert run.status == 1
    assert ("mkdocs.yml: plugins.cercles.mandate_warning_days: attendu un nombre entier de jours entre 0 et 366, "
            "reçu « -3 » (par exemple « 30 »)") in run.stderr


@pytest.mark.parametrize(("holder", "message"), [
    ("      - personne: bob\n        depuis: 2027-07-01\n        jusqu_au: 2027-06-30\n",
     "circles/bureau.yaml:17:19: roles[2].titulaires[1].jusqu_au: le mandat finit (2027-06-30) avant de commencer (2027-07-01) "
     "(vérifiez les dates « depuis » et « jusqu_au »)"),
    ("      - personne: bob\n        jusqu_a: 2027-06-30\n",
     "circles/bureau.yaml:16:9: roles[2].titulaires[1].jusqu_a: clé inconnue (vouliez-vous dire « jusqu_au » ?)"),
    ("      - bob\n      - personne: chloe\n        jusqu_au: 30/06/2027\n",
     "circles/bureau.yaml:17:19: roles[2].titulaires[2].jusqu_au: "),
])
def test_a_mistake_in_a_holder_names_the_item_and_the_key(organisation_dir: Path, holder: str, message: str) -> None:
    root = _with_term(organisation_dir, "    titulaires:\n" + holder + "    redevabilites: [Trancher en dernier recours]")
    run = run_command(["cercles", "check"], cwd=root)
    assert run.status == 1
    assert message in run.stderr, run.stderr


def test_the_declared_example_of_titulaires_is_accepted_by_the_reader_and_the_schema() -> None:
    role = {"id": "a", "nom": "A", "coordination": True, "titulaires": yaml.safe_load(ROLE["titulaires"].as_yaml())["titulaires"]}
    assert [item if isinstance(item, str) else sorted(item) for item in role["titulaires"]] == ["prenom-nom", ["jusqu_au", "personne"]]
    text = yaml.safe_dump({"nom": "Jardin", "type": "projet", "raison_d_etre": "Cultiver.", "roles": [role]}, allow_unicode=True)
    assert reader_errors(text, CIRCLE_SCHEMA_FILE, "jardin") == []
    assert schema_fields(text, CIRCLE_SCHEMA_FILE) == set()
    misspelt = text.replace("jusqu_au:", "jusqu_a:")
    assert schema_fields(misspelt, CIRCLE_SCHEMA_FILE) == {"roles[1].titulaires[2].jusqu_a"}


CIRCLE_TEXT = "nom: Jardin\ntype: projet\nraison_d_etre: Cultiver.\nroles:\n  - id: coordination\n    nom: Coordination\n" \
              "    coordination: true\n    titulaires:\n{holders}"
CALENDAR = Calendar(timezone=ZoneInfo("Europe/Paris"), cadences={})


def _changes(before: str, after: str) -> list[str]:
    old = read_state(CIRCLE_TEXT.format(holders=before).encode(), "circles/jardin.yaml", "jardin", CALENDAR)
    new = read_state(CIRCLE_TEXT.format(holders=after).encode(), "circles/jardin.yaml", "jardin", CALENDAR)
    assert old is not None and new is not None
    return [describe(change, {"alice": "Alice", "bob": "Bob"}.__getitem__) for change in differences(old, new)]


def test_the_journal_sees_the_same_holder_in_both_forms_and_records_the_new_term() -> None:
    assert _changes("      - alice\n", "      - personne: alice\n") == []
    role = "rôle «\u00a0Coordination\u00a0»"
    assert _changes("      - alice\n", "      - personne: alice\n        jusqu_au: 2027-06-30\n") == [
        f"Mandat de Alice au {role} : désormais jusqu'au 30 juin 2027."]
    assert _changes("      - personne: alice\n        jusqu_au: 2027-06-30\n",
                    "      - personne: alice\n        jusqu_au: 2028-06-30\n      - bob\n") == [
        f"Bob devient titulaire du {role}.", f"Mandat de Alice au {role} : désormais jusqu'au 30 juin 2028."]
    assert _changes("      - alice\n      - bob\n", "      - personne: alice\n        depuis: 2025-01-01\n") == [
        f"Bob n'est plus titulaire du {role}."]
    assert _changes("      - personne: alice\n        jusqu_au: 2027-06-30\n", "      - alice\n") == [
        f"Mandat de Alice au {role} : désormais sans date de fin."]
